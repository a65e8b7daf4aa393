//! The command line: argument parsing (clap) and the commands, kept out of `main`.

mod commands;
mod fail;
mod human;
mod serve;
mod years;

pub use fail::{args_error_code, render_args_error};

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

const LONG_ABOUT: &str = "gongkai 读取 Word（.docx）、Excel（.xlsx/.xls/.ods）、网页、PDF（文字层；扫描图片版需先文字识别）\
和旧文本（GBK/UTF-8/UTF-16）格式的政府信息公开工作年度报告，按国办公开办函〔2021〕30号的标准格式识别三张表格的全部数值，核对勾稽关系，\
并输出 JSON、Word 和 Excel。\n\n\
gongkai reads annual government information disclosure reports from Word, Excel, web pages, PDF \
(the text layer; scanned PDFs need OCR first) and legacy text (GBK/UTF-8/UTF-16), maps them to the national standard format, checks its arithmetic rules and \
writes JSON, Word and Excel.\n\n\
退出码 / exit codes: 0 无问题 clean · 1 有不符合规则之处或重复的报告 rule failures or duplicates · \
2 有文件无法读取或不是报告 unreadable input or not a report · 3 有输出未写出 an output not written · \
4 参数有误或拒绝执行 wrong arguments or refused（取最大者 / the largest applies；\
跳过的非报告文件不影响退出码 / files skipped as not reports do not count）";

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
两者都改用完整文件名：a.docx.json、a.txt.json。\n\
文件夹中不是报告的文件（锁定文件 ~$*.docx、隐藏文件、图片、.md 等）不读取，在结尾的汇总中逐个列出原因；\
读取后发现不是报告（没有标准格式的任何表格和部分）的文件不输出，按失败计。\n\n\
Convert reports to the standard format as JSON, Word or Excel. Inputs may be files, folders \
(searched recursively) or glob patterns. With one input file and one format, -o names the output \
file (-o - writes to stdout); otherwise -o names an output folder mirroring the inputs' relative \
paths. Without -o, outputs go to ./out/. Existing outputs are kept unless --force; inputs that \
would share an output name keep their whole file name (a.docx.json, a.txt.json). Files in a \
folder that are not reports (lock files, hidden files, images, .md …) are not read and are listed \
with the reason at the end; a file read and found to be no report at all is not converted (a failure)."
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
给出 --parts 时，逐格核对本级报告与下级报告之和：一致、不一致（警告 hierarchy.sum，列出本级数、合计数和各下级数）\
或无法判断（有下级报告此处空白、缺少或为文字）；年度、格式不同或重复的下级报告（机关名称按是否写上级行政区划都算同一机关）拒绝核对并说明原因。\n\
退出码：0 无问题；1 有不符合规则之处或重复的报告；2 有文件无法读取或不是报告；4 参数有误，或 --parts 拒绝核对。\n\n\
Check reports: the tables' sum rules, value kinds and the six sections; figures in the prose against \
the tables; form rules; with --previous, this year against last year. Silence a rule with --allow. \
Inputs may be files, folders or glob patterns.\n\
With --parts, the one input (the parent, e.g. a county's 本级 report) is checked cell by cell against \
the sum of the parts' reports: consistent, inconsistent (warning hierarchy.sum with the parent's value, \
the sum and each part's) or uncertain (a part blank, missing or text there); parts of another year or \
format, and duplicates (organ names with or without their parent divisions are one organ), are refused \
with the reason.\n\
Exit codes: 0 clean; 1 a rule fails or a report is given twice; 2 an input cannot be read or is not \
a report; 4 wrong arguments, or --parts refused."
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
        /// 下级报告（文件、文件夹或通配符）：逐格核对本级报告（唯一的输入）是否等于它们之和 /
        /// Parts' reports (files, folders, globs): check the parent (the one input) against their sum, cell by cell
        #[arg(long, value_name = "PART", num_args = 1.., conflicts_with = "previous")]
        parts: Vec<PathBuf>,
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
        long_about = "把多份报告汇总成一张数据表：每份报告一行，标准格式的每个数值一列，另有问题数和违反的规则。\n\
.csv：UTF-8（带 BOM，Excel 可直接打开），只有一行表头，即编号（如 tables.requests.new.total），\
pandas.read_csv 和 R 可直接读取；加 --labels 则在编号行之上另加一行中文表头。\
各列的编号与中文名称另存为 <名称>.columns.csv，问题清单另存为 <名称>.findings.csv。\n\
.xlsx：“报告”工作表第一行为中文表头、第二行为编号（横向打印，每页重复表头和机关列）；\
另有“问题清单”和“合计”（对“报告”工作表各列求和的公式）两个工作表。\n\n\
Collect reports into one data set: a row per report, a column per standard value, findings and \
rules broken. .csv (UTF-8 with BOM) has one header row of ids (tables.requests.new.total …), as \
pandas.read_csv and R expect; --labels adds the Chinese labels as a row above it. The columns' \
ids and labels go to <name>.columns.csv, the findings to <name>.findings.csv. .xlsx: sheet 报告 \
has a Chinese header row and an id row (printed landscape, headers and organ repeated on each \
page), plus a findings sheet and a totals sheet of formulas over 报告.\n\n\
同一机关相邻两个年度的报告都在输入中时，另与上年报告核对结转和现行有效件数（cross_year.*）。\n\
When the inputs hold consecutive years of one organ, each is also checked against last year's \
(cross_year.*).\n\n\
同一份报告出现两次（同一机关同一年度，或表格数值完全相同）时，两行都标出 batch.duplicate。\n\
The same report given twice (one organ and year, or the same tables) is marked batch.duplicate in \
both rows."
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
        /// .csv 在编号行之上另加一行中文表头 / Add the Chinese labels as a header row above the ids (.csv)
        #[arg(long)]
        labels: bool,
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
年度或格式不一致时拒绝合计，除非加 --allow-mixed；同一份报告出现两次（同一机关同一年度，\
或表格数值完全相同）时拒绝合计，除非加 --allow-duplicates（拒绝时退出码为 4）。\n\n\
Sum several reports' tables cell by cell into one report. Blank + blank stays blank; text cells \
count as 0 with a warning. Prose sections are left for the office to write. Reports of other \
years or formats are refused unless --allow-mixed, the same report given twice unless \
--allow-duplicates (exit 4). With several formats, -o's extension is \
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
        #[arg(long, value_name = "YEAR", value_parser = parse_year)]
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
        /// 同一份报告出现两次时仍然合计 / Sum the same report given twice anyway
        #[arg(long)]
        allow_duplicates: bool,
        /// 覆盖已存在的输出文件 / Overwrite existing outputs
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        batch: BatchOptions,
        #[command(flatten)]
        input: InputOptions,
    },
    /// 与上年报告逐格、逐句比较 / Compare a report with last year's, cell by cell and sentence by sentence
    #[command(
        long_about = "把本年报告与上年报告比较：列出每个有变化的单元格（上年值、本年值、增减和变化率）；\
按 --previous 的跨年度规则核对结转和现行有效件数；总计增至上年的若干倍以上或减至若干分之一以下时标为“大幅变动”\
（默认 3 倍，且两年中较大者不小于 10；见 templates/gov-2021.toml 的 [years]）；\
正文逐部分计算本年句子中与上年同一部分相同的比例（不计空白、数字和年份，不计标准格式的固定用语），\
列出相同的句子，比例超过阈值（默认 50%）的部分给出警告 text.repeated。\n\
--format xlsx 时输出工作簿：每张表格两年并列、变化处着色，另有雷同句子清单。\n\n\
Compare this year's report with last year's: every changed cell with both values, the change and \
the relative change; the cross-year rules (as check --previous); swings where a total grows beyond \
a factor of last year's or falls below last year's divided by it (default 3, the larger figure at \
least 10; see [years] in templates/gov-2021.toml); per section, the share of this year's sentences \
that stand in last year's same section (whitespace, numbers and years ignored, the standard's fixed \
phrases not counted), the repeated sentences, and a warning text.repeated above a threshold (default \
50%). --format xlsx writes both years side by side per table with changes highlighted and a sheet \
of repeated sentences.\n\
退出码 / exit codes: 0 比较完成 compared · 2 有文件无法读取或不是报告 unreadable input or not a report · 4 参数有误 wrong arguments"
    )]
    Diff {
        /// 上年的报告 / Last year's report
        #[arg(value_name = "LAST")]
        last: PathBuf,
        /// 本年的报告 / This year's report
        #[arg(value_name = "THIS")]
        this: PathBuf,
        /// 输出方式：human（中文说明）、json 或 xlsx / Output: human, json or xlsx
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// 输出文件（默认标准输出；xlsx 时必须给出） / Output file (default stdout; required for xlsx)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// 大幅变动的倍数（默认取 [years] swing_factor，即 3） / Swing factor (default [years] swing_factor, 3)
        #[arg(long, value_name = "FACTOR")]
        swing_factor: Option<f64>,
        /// 雷同的阈值，0 到 1（默认取 [years] repeated_share，即 0.5） / Repetition threshold, 0–1 (default 0.5)
        #[arg(long, value_name = "SHARE")]
        repeated_share: Option<f64>,
        /// 覆盖已存在的输出文件 / Overwrite an existing output
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        input: InputOptions,
    },
    /// 生成 Excel 填报模板（可由上年报告预填） / Write the fill-in workbook (optionally rolled forward from last year's report)
    #[command(
        long_about = "生成空白的 Excel 填报模板：基本信息、正文（六个部分的标题）、三张标准表格（总计为公式），\
附填写说明。填好后用 gongkai convert 文件.xlsx --to docx 生成标准格式的 Word 报告。\n\
给出 --from 上年报告（任何可读的格式）时，按上年报告预填新一年的报告：机关、年度（默认上年加一）、\
标题和统计期限；“上年结转”取上年“结转下年度继续办理”；“现行有效件数”为公式：上年数加本年制发件数减本年废止件数；\
各部分正文为上年内容，前面标有“（上年内容，请更新）”；其余数字留空。--to docx 生成 Word 草稿\
（现行有效件数留空，表下注明上年数）。\n\n\
Write the empty fill-in workbook: facts, prose (the six section headings), the three standard tables \
(totals as formulas) and short instructions. Convert the filled workbook with `gongkai convert FILE.xlsx --to docx`.\n\
With --from LAST (any readable report), the workbook is rolled forward from last year's report: organ, \
year (default last year + 1), title and period; 上年结转 from last year's 结转下年度; 现行有效件数 as a \
formula of last year's figure + issued − repealed; last year's prose under the mark （上年内容，请更新）; \
every other count empty. --to docx writes a Word draft instead (formula cells blank, last year's \
figure noted under the table)."
    )]
    Template {
        /// 输出文件（默认 gongkai-template.xlsx 或 .docx；- 为标准输出） / Output file (default gongkai-template.xlsx or .docx; - for stdout)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// 预填的机关名称 / Organ name to fill in
        #[arg(long, value_name = "NAME")]
        organ: Option<String>,
        /// 预填的报告年度（与 --from 同用时默认为上年加一） / Reporting year to fill in (with --from: last year + 1)
        #[arg(long, value_name = "YEAR", value_parser = parse_year)]
        year: Option<i32>,
        /// 上年的报告：按它预填新一年的报告 / Last year's report to roll forward from
        #[arg(long, value_name = "LAST")]
        from: Option<PathBuf>,
        /// 输出格式：xlsx（填报模板）或 docx（Word 草稿，需 --from） / Output: xlsx (workbook) or docx (Word draft, needs --from)
        #[arg(long = "to", value_name = "FORMAT", default_value = "xlsx")]
        to: Format,
        /// 覆盖已存在的输出文件 / Overwrite an existing output
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        input: InputOptions,
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

/// How `diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// 中文说明 / readable Chinese
    Human,
    /// JSON
    Json,
    /// Excel 工作簿 / workbook
    Xlsx,
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
    let source = std::fs::read_to_string(path).map_err(|e| {
        anyhow::anyhow!(
            "无法读取 Word 样式模板 {}：{}",
            path.display(),
            crate::os_error::describe(&e)
        )
    })?;
    let docx_style = write::docx::Style::from_toml(&source)
        .with_context(|| format!("Word 样式模板 {} 不可用", path.display()))?;
    Ok(write::Options { docx_style })
}

/// Years a report can be of: the regulations took effect in 2008.
const YEARS: std::ops::RangeInclusive<i32> = 2008..=2100;

/// A reporting year: four digits within [`YEARS`].
fn parse_year(text: &str) -> Result<i32, String> {
    let year: i32 = text
        .trim()
        .parse()
        .map_err(|_| format!("年度应为四位数字，如 2024，而不是“{text}”"))?;
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(format!(
            "年度 {year} 不在 {}–{} 之间",
            YEARS.start(),
            YEARS.end()
        ))
    }
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
        } => {
            if template.is_some() && !to.contains(&Format::Docx) {
                eprintln!("提示：--template 只用于 Word（.docx）输出，本次不输出 .docx，已忽略");
            }
            write_options(template.as_deref()).and_then(|write| {
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
            })
        }
        Command::Check {
            inputs,
            format,
            parts,
            batch,
            input,
            ..
        } if !parts.is_empty() => years::levels(
            &inputs,
            &parts,
            format == OutputFormat::Json,
            &batch.settings(&input),
        ),
        Command::Check {
            inputs,
            format,
            verbose,
            previous,
            allow,
            batch,
            input,
            parts: _,
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
            labels,
            allow,
            batch,
            input,
        } => commands::collect(
            &inputs,
            &output,
            force,
            if labels {
                crate::batch::collect::CsvHeader::LabelsAndIds
            } else {
                crate::batch::collect::CsvHeader::Ids
            },
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
            allow_duplicates,
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
                allow_duplicates,
                force,
            },
            &batch.settings(&input),
        ),
        Command::Diff {
            last,
            this,
            format,
            output,
            swing_factor,
            repeated_share,
            force,
            input,
        } => years::diff(
            (&last, &this),
            &years::DiffArgs {
                format,
                output,
                swing_factor,
                repeated_share,
                force,
            },
            &input.read_options(),
        ),
        Command::Template {
            output,
            organ,
            year,
            from,
            to,
            force,
            input,
        } => match from {
            Some(last) => years::template_from(
                &last,
                &years::TemplateArgs {
                    output,
                    organ,
                    year,
                    format: to,
                    force,
                },
                &input.read_options(),
            ),
            None if to == Format::Xlsx => {
                commands::template(output.as_deref(), organ.as_deref(), year, force)
            }
            None => Err(anyhow::anyhow!(
                "空白模板只有 xlsx 格式；Word 草稿需要 --from 上年报告"
            )),
        },
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
            fail::code_of(&e)
        }
    }
}
