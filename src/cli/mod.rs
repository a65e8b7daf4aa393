//! The command line: argument parsing (clap) and the commands, kept out of `main`.

mod commands;
mod human;
mod serve;

use crate::batch::run::Settings;
use crate::read::ReadOptions;
use crate::write::{self, Format};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Exit codes: what a run's end means.
pub use crate::batch::exit;

const ABOUT: &str = "gongkai：政府信息公开工作年度报告的读取、核对与生成工具\n\
gongkai: read, check and write China's annual government information disclosure reports";

const LONG_ABOUT: &str = "gongkai 读取 Word（.docx）、Excel（.xlsx/.xls/.ods）、网页和旧文本（GBK/UTF-8/UTF-16）格式的\
政府信息公开工作年度报告，按国办公开办函〔2021〕30号的标准格式识别三张表格的全部数值，核对勾稽关系，\
并输出 JSON、Word 和 Excel。\n\n\
gongkai reads annual government information disclosure reports from Word, Excel, web pages and legacy \
text (GBK/UTF-8/UTF-16), maps them to the national standard format, checks its arithmetic rules and \
writes JSON, Word and Excel.\n\n\
退出码 / exit codes: 0 无问题 clean · 1 有不符合规则之处 rule failures · 2 有文件无法读取 unreadable input";

/// The command line.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, about = ABOUT, long_about = LONG_ABOUT)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by commands that read inputs.
#[derive(Debug, clap::Args)]
pub struct InputOptions {
    /// 指定文本编码（如 gbk、utf-8、utf-16le），不自动识别 / Force the text encoding instead of detecting it
    #[arg(long, value_name = "ENCODING")]
    encoding: Option<String>,
    /// 遇到无法解码的字节时替换并继续（每处给出警告） / Replace undecodable bytes and go on, with a warning for each
    #[arg(long)]
    lossy: bool,
}

impl InputOptions {
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding.clone(),
            lossy: self.lossy,
            ..ReadOptions::default()
        }
    }
}

/// Options of commands that read many inputs.
#[derive(Debug, clap::Args)]
pub struct BatchOptions {
    /// 同时处理的文件数，默认等于 CPU 核数 / Files processed at once (default: one per core)
    #[arg(short = 'j', long = "jobs", value_name = "N", default_value_t = 0)]
    jobs: usize,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 转换报告为 JSON/Word/Excel / Convert reports to JSON, Word or Excel
    #[command(
        long_about = "把报告转换为标准格式的 JSON、Word（.docx）或 Excel（.xlsx）。\n\
输入可以是文件、文件夹（递归查找报告文件：txt、docx、xlsx、xls、doc、wps、html、json 等）或通配符\
（如 \"报告/**/*.docx\"，由 gongkai 自己展开）。\n\
只有一个输入文件、一种格式时，-o 是输出文件（-o - 写到标准输出）；否则 -o 是输出文件夹（不存在时创建），\
其中的路径与输入文件夹中的相对路径一致；不给 -o 时输出到 ./out/。\n\
已存在的输出文件不会被覆盖（加 --force 才覆盖）；两个输入会得到同名输出时（如 a.docx 与 a.txt），\
两者都改用完整文件名：a.docx.json、a.txt.json。\n\n\
Convert reports to the standard format as JSON, Word or Excel. Inputs may be files, folders \
(searched recursively) or glob patterns. With one input file and one format, -o names the output \
file (-o - writes to stdout); otherwise -o names an output folder mirroring the inputs' relative \
paths. Without -o, outputs go to ./out/. Existing outputs are kept unless --force; inputs that \
would share an output name keep their whole file name (a.docx.json, a.txt.json)."
    )]
    Convert {
        /// 输入文件、文件夹或通配符 / Input files, folders or glob patterns
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// 输出文件或文件夹 / Output file or folder
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// 输出格式，逗号分隔：json、docx、xlsx / Output formats, comma-separated
        #[arg(
            long = "to",
            value_name = "FORMATS",
            default_value = "json",
            value_delimiter = ','
        )]
        to: Vec<Format>,
        /// 转换为另一种报告格式（如把 2019 年试行格式转为 gov-2021），无对应项的数值保留并给出警告 /
        /// Convert to another report format (e.g. the 2019 trial format to gov-2021); values
        /// without a counterpart are kept and listed in a warning
        #[arg(long = "to-format", value_name = "FORMAT", value_parser = parse_format_id)]
        to_format: Option<String>,
        /// 覆盖已存在的输出文件 / Overwrite existing outputs
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        batch: BatchOptions,
        /// Word 样式模板（TOML，参见 templates/style-gov.toml） / Word style template (TOML, see templates/style-gov.toml)
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        #[command(flatten)]
        input: InputOptions,
    },
    /// 核对报告的勾稽关系等规则 / Check reports against the rules of the standard
    #[command(
        long_about = "核对报告：三张表格的勾稽关系、数值类型、六个部分是否齐全；正文所述数字与表格是否一致；\
篇幅、问题与改进、信息处理费、规章等形式要求；给出 --previous 时，与上年报告核对结转和现行有效件数。\
警告可用 --allow 规则编号 关闭。输入可以是文件、文件夹或通配符。\n\
退出码：0 无问题；1 有不符合规则之处；2 有文件无法读取。\n\n\
Check reports: the tables' sum rules, value kinds and the six sections; figures in the prose against \
the tables; form rules; with --previous, this year against last year. Silence a rule with --allow. \
Inputs may be files, folders or glob patterns.\n\
Exit codes: 0 clean; 1 a rule fails; 2 an input cannot be read."
    )]
    Check {
        /// 输入文件、文件夹或通配符 / Input files, folders or glob patterns
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// 输出方式：human（中文说明）或 json / Output: human (Chinese) or json
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// 同时显示“提示”级别的信息 / Also show notes of severity "info"
        #[arg(short, long)]
        verbose: bool,
        /// 上年的报告，用于跨年度核对（只能有一个输入） / Last year's report, for the cross-year checks (one input only)
        #[arg(long, value_name = "LAST")]
        previous: Option<PathBuf>,
        /// 不报告此规则（规则编号或其前缀，如 text、cross_year；可重复） / Silence a rule by id or dotted prefix (repeatable)
        #[arg(long, value_name = "RULE", value_delimiter = ',')]
        allow: Vec<String>,
        #[command(flatten)]
        batch: BatchOptions,
        #[command(flatten)]
        input: InputOptions,
    },
    /// 把多份报告汇总成一张数据表（.xlsx 或 .csv） / Collect many reports into one data set
    #[command(
        long_about = "把多份报告汇总成一张数据表：每份报告一行，标准格式的每个数值一列（第一行为中文表头，\
第二行为编号，如 tables.requests.new.total），另有问题数和违反的规则。\n\
.xlsx：另有“问题清单”和“合计”两个工作表。.csv：UTF-8（带 BOM，Excel 可直接打开），\
问题清单另存为 <名称>.findings.csv。\n\n\
Collect reports into one data set: a row per report, a column per standard value (a Chinese \
header row and an id row), findings and rules broken. .xlsx adds a findings sheet and a totals \
sheet; .csv (UTF-8 with BOM) writes the findings to <name>.findings.csv.\n\n\
同一机关相邻两个年度的报告都在输入中时，另与上年报告核对结转和现行有效件数（cross_year.*）。\n\
When the inputs hold consecutive years of one organ, each is also checked against last year's \
(cross_year.*)."
    )]
    Collect {
        /// 输入文件、文件夹或通配符 / Input files, folders or glob patterns
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// 输出文件：.xlsx 或 .csv / Output file: .xlsx or .csv
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// 覆盖已存在的输出文件 / Overwrite existing outputs
        #[arg(long)]
        force: bool,
        /// 不报告此规则（规则编号或其前缀，如 text、cross_year；可重复） / Silence a rule by id or dotted prefix (repeatable)
        #[arg(long, value_name = "RULE", value_delimiter = ',')]
        allow: Vec<String>,
        #[command(flatten)]
        batch: BatchOptions,
        #[command(flatten)]
        input: InputOptions,
    },
    /// 把多份报告的表格逐格相加，生成本级报告 / Sum several reports into one
    #[command(
        long_about = "把多份报告的三张表格逐格相加，生成一份报告（如县级政府由各部门、乡镇的报告汇总本级报告）。\
空白加空白仍为空白；其余空白和“/”“—”按 0 计；填了文字的单元格按 0 计并给出警告。\
文字部分（一、五、六）只保留标题，并注明“（本部分由本级机关填写）”。\
年度或格式不一致时拒绝合计，除非加 --allow-mixed。\n\n\
Sum several reports' tables cell by cell into one report. Blank + blank stays blank; text cells \
count as 0 with a warning. Prose sections are left for the office to write. Reports of other \
years or formats are refused unless --allow-mixed. With several formats, -o's extension is \
replaced for each."
    )]
    Merge {
        /// 输入文件、文件夹或通配符 / Input files, folders or glob patterns
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// 合计后报告的机关名称 / Organ of the merged report
        #[arg(long, value_name = "NAME")]
        organ: String,
        /// 年度 / Year
        #[arg(long, value_name = "YEAR")]
        year: i32,
        /// 输出格式，逗号分隔：json、docx、xlsx / Output formats, comma-separated
        #[arg(
            long = "to",
            value_name = "FORMATS",
            default_value = "docx,xlsx",
            value_delimiter = ','
        )]
        to: Vec<Format>,
        /// 输出文件（多种格式时替换扩展名）；默认为“<机关><年度>年政府信息公开工作年度报告” /
        /// Output file (extension replaced per format)
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// 年度或格式不一致时仍然合计 / Sum reports of different years or formats anyway
        #[arg(long)]
        allow_mixed: bool,
        /// 覆盖已存在的输出文件 / Overwrite existing outputs
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        batch: BatchOptions,
        #[command(flatten)]
        input: InputOptions,
    },
    /// 生成空白的 Excel 填报模板 / Write the empty fill-in workbook
    #[command(
        long_about = "生成空白的 Excel 填报模板：基本信息、正文（六个部分的标题）、三张标准表格（总计为公式），\
附填写说明。填好后用 gongkai convert 文件.xlsx --to docx 生成标准格式的 Word 报告。\n\n\
Write the empty fill-in workbook: facts, prose (the six section headings), the three standard tables \
(totals as formulas) and short instructions. Convert the filled workbook with `gongkai convert FILE.xlsx --to docx`."
    )]
    Template {
        /// 输出文件（默认 gongkai-template.xlsx；- 为标准输出） / Output file (default gongkai-template.xlsx; - for stdout)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// 预填的机关名称 / Organ name to fill in
        #[arg(long, value_name = "NAME")]
        organ: Option<String>,
        /// 预填的报告年度 / Reporting year to fill in
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// 覆盖已存在的输出文件 / Overwrite an existing output
        #[arg(long)]
        force: bool,
    },
    /// 启动本机网页：拖入报告即可查看表格、问题并下载 / Start the local web page
    #[command(
        long_about = "启动本机网页服务：在浏览器中拖入报告，查看三张表格和每一处问题，修改数值后立即重新核对，\
下载 Word、Excel、JSON；可一次拖入多份报告汇总。网址是标准输出的第一行；按 Ctrl-C 停止。\
默认只监听本机（127.0.0.1），文件只在本机处理；--bind 到其他地址时需要网址中的访问令牌。\n\n\
Start the local web page: drop reports into the browser, see the tables with every finding on its \
cell, correct a value and re-check at once, download .docx/.xlsx/.json, collect many reports. The \
URL is the first line of stdout; Ctrl-C stops it. Listens on loopback by default and nothing \
leaves the machine; binding elsewhere requires the access token printed in the URL. The HTTP API \
under /api/ is described in README."
    )]
    Serve {
        /// 监听地址（默认 127.0.0.1；其他地址需要访问令牌） / Address to listen on (loopback by default; others need the token)
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 端口（0 为自动选择空闲端口） / Port (0 picks a free one)
        #[arg(long, value_name = "N", default_value_t = 8080)]
        port: u16,
        /// 启动后打开浏览器 / Open the browser
        #[arg(long)]
        open: bool,
        /// Word 样式模板（TOML，参见 templates/style-gov.toml） / Word style template (TOML, see templates/style-gov.toml)
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
}

/// How `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// 中文说明 / readable Chinese
    Human,
    /// JSON
    Json,
}

/// The writers' options from `--template` (the embedded GB/T 9704 style when absent).
fn write_options(template: Option<&Path>) -> Result<write::Options> {
    let Some(path) = template else {
        return Ok(write::Options::default());
    };
    let source = std::fs::read_to_string(path)
        .with_context(|| format!("无法读取 Word 样式模板 {}", path.display()))?;
    let docx_style = write::docx::Style::from_toml(&source)
        .with_context(|| format!("Word 样式模板 {} 不可用", path.display()))?;
    Ok(write::Options { docx_style })
}

/// A report format id that gongkai knows (`gov-2021`, `gov-2019`).
fn parse_format_id(id: &str) -> Result<String, String> {
    match crate::standard::get(id.trim()) {
        Some(s) => Ok(s.id.clone()),
        None => Err(format!(
            "不认识的报告格式“{id}”（可选：{}）",
            crate::standard::all()
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join("、")
        )),
    }
}

impl BatchOptions {
    fn settings(&self, input: &InputOptions) -> Settings {
        Settings {
            jobs: self.jobs,
            read: input.read_options(),
            to_format: None,
            write: write::Options::default(),
            previous: None,
            allow: Vec::new(),
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Convert {
            inputs,
            output,
            to,
            to_format,
            force,
            batch,
            template,
            input,
        } => write_options(template.as_deref()).and_then(|write| {
            commands::convert(
                &inputs,
                output.as_deref(),
                &to,
                force,
                &Settings {
                    to_format,
                    write,
                    ..batch.settings(&input)
                },
            )
        }),
        Command::Check {
            inputs,
            format,
            verbose,
            previous,
            allow,
            batch,
            input,
        } => commands::previous_report(&inputs, previous.as_deref(), &input).and_then(|previous| {
            commands::check(
                &inputs,
                format,
                verbose,
                &Settings {
                    previous,
                    allow,
                    ..batch.settings(&input)
                },
            )
        }),
        Command::Collect {
            inputs,
            output,
            force,
            allow,
            batch,
            input,
        } => commands::collect(
            &inputs,
            &output,
            force,
            &Settings {
                allow,
                ..batch.settings(&input)
            },
        ),
        Command::Merge {
            inputs,
            organ,
            year,
            to,
            output,
            allow_mixed,
            force,
            batch,
            input,
        } => commands::merge(
            &inputs,
            &commands::MergeArgs {
                organ,
                year,
                formats: to,
                output,
                allow_mixed,
                force,
            },
            &batch.settings(&input),
        ),
        Command::Template {
            output,
            organ,
            year,
            force,
        } => commands::template(output.as_deref(), organ.as_deref(), year, force),
        Command::Serve {
            bind,
            port,
            open,
            template,
        } => serve::serve(bind, port, open, template.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            exit::FAILED
        }
    }
}
