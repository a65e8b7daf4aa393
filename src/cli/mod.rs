//! The command line: argument parsing (clap) and the commands, kept out of `main`.

mod human;

use crate::pipeline::{self, Analysis};
use crate::read::ReadOptions;
use crate::write::{self, Format};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Exit codes: what a run's end means.
pub mod exit {
    /// Everything read, nothing wrong.
    pub const CLEAN: i32 = 0;
    /// A rule of the standard fails in some report.
    pub const FINDINGS: i32 = 1;
    /// Some input could not be read (or an output not written).
    pub const FAILED: i32 = 2;
}

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

#[derive(Debug, Subcommand)]
enum Command {
    /// 转换报告为 JSON/Word/Excel / Convert reports to JSON, Word or Excel
    #[command(
        long_about = "把报告转换为标准格式的 JSON、Word（.docx）或 Excel（.xlsx）。\n\
只有一个输入、一种格式时，-o 是输出文件（-o - 写到标准输出）；否则 -o 是输出文件夹（不存在时创建）；\
不给 -o 时输出到 ./out/。\n\n\
Convert reports to the standard format as JSON, Word or Excel. With one input and one format, -o names \
the output file (-o - writes to stdout); otherwise -o names an output folder (created when missing). \
Without -o, outputs go to ./out/."
    )]
    Convert {
        /// 输入文件 / Input files
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
        #[command(flatten)]
        input: InputOptions,
    },
    /// 核对报告的勾稽关系等规则 / Check reports against the rules of the standard
    #[command(
        long_about = "核对报告：三张表格的勾稽关系、数值类型、六个部分是否齐全；正文所述数字与表格是否一致；\
篇幅、问题与改进、信息处理费、规章等形式要求；给出 --previous 时，与上年报告核对结转和现行有效件数。\
警告可用 --allow 规则编号 关闭。\n\
退出码：0 无问题；1 有不符合规则之处；2 有文件无法读取。\n\n\
Check reports: the tables' sum rules, value kinds and the six sections; figures in the prose against \
the tables; form rules; with --previous, this year against last year. Silence a rule with --allow.\n\
Exit codes: 0 clean; 1 a rule fails; 2 an input cannot be read."
    )]
    Check {
        /// 输入文件 / Input files
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
        input: InputOptions,
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

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Convert {
            inputs,
            output,
            to,
            to_format,
            input,
        } => convert(
            &inputs,
            output.as_deref(),
            &to,
            to_format.as_deref(),
            &input.read_options(),
        ),
        Command::Check {
            inputs,
            format,
            verbose,
            previous,
            allow,
            input,
        } => check(
            &inputs,
            format,
            verbose,
            previous.as_deref(),
            &allow,
            &input.read_options(),
        ),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            exit::FAILED
        }
    }
}

fn analyze(path: &Path, opts: &ReadOptions) -> Result<Analysis, String> {
    pipeline::analyze_path(path, opts).map_err(|e| e.to_string())
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

fn convert(
    inputs: &[PathBuf],
    output: Option<&Path>,
    formats: &[Format],
    to_format: Option<&str>,
    opts: &ReadOptions,
) -> Result<i32> {
    let single_file = inputs.len() == 1 && formats.len() == 1 && output.is_some();
    let dir = if single_file {
        None
    } else {
        let d = output
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("out"));
        std::fs::create_dir_all(&d)
            .with_context(|| format!("无法创建输出文件夹 {}", d.display()))?;
        Some(d)
    };
    let mut failed = 0;
    let mut worst = exit::CLEAN;
    for input in inputs {
        let mut analysis = match analyze(input, opts) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{}：{e}", input.display());
                failed += 1;
                continue;
            }
        };
        if let Some(target) = to_format {
            match crate::convert::convert(&analysis.report, target) {
                Ok((report, notes)) => {
                    for n in &notes {
                        eprintln!("{}：{n}", input.display());
                    }
                    analysis.report = report;
                    analysis.findings.extend(notes);
                }
                Err(e) => {
                    eprintln!("{}：{e}", input.display());
                    failed += 1;
                    continue;
                }
            }
        }
        if analysis.count(crate::finding::Severity::Error) > 0 {
            worst = exit::FINDINGS;
        }
        for format in formats {
            let bytes = match write::write(&analysis.report, &analysis.findings, *format) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{}：{e}", input.display());
                    failed += 1;
                    continue;
                }
            };
            let target = match &dir {
                None => output.map(Path::to_path_buf).unwrap_or_default(),
                Some(d) => d.join(output_name(input, *format)),
            };
            if target.as_os_str() == "-" {
                std::io::stdout()
                    .write_all(&bytes)
                    .context("无法写到标准输出")?;
            } else {
                std::fs::write(&target, &bytes)
                    .with_context(|| format!("无法写入 {}", target.display()))?;
                eprintln!("{} → {}", input.display(), target.display());
            }
        }
    }
    Ok(if failed > 0 { exit::FAILED } else { worst })
}

fn output_name(input: &Path, format: Format) -> String {
    let stem = input
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("report");
    format!("{stem}.{}", format.extension())
}

fn check(
    inputs: &[PathBuf],
    format: OutputFormat,
    verbose: bool,
    previous: Option<&Path>,
    allow: &[String],
    opts: &ReadOptions,
) -> Result<i32> {
    let last = match previous {
        Some(_) if inputs.len() > 1 => {
            anyhow::bail!(
                "使用 --previous 时只能核对一个报告（给出了 {} 个）",
                inputs.len()
            )
        }
        Some(p) => Some(
            analyze(p, opts)
                .map_err(|e| anyhow::anyhow!("无法读取上年报告 {}：{e}", p.display()))?
                .report,
        ),
        None => None,
    };
    let checks = crate::check::Options {
        previous: last.as_ref(),
        allow,
    };
    let mut code = exit::CLEAN;
    let mut json_out = Vec::new();
    for input in inputs {
        match pipeline::analyze_path_with(input, opts, &checks).map_err(|e| e.to_string()) {
            Ok(a) => {
                if a.count(crate::finding::Severity::Error) > 0 && code == exit::CLEAN {
                    code = exit::FINDINGS;
                }
                match format {
                    OutputFormat::Human => print!("{}", human::render(input, &a, verbose)),
                    OutputFormat::Json => json_out.push(serde_json::json!({
                        "file": input.display().to_string(),
                        "format": a.report.format,
                        "organ": a.report.meta.organ,
                        "year": a.report.meta.year,
                        "findings": a.findings,
                    })),
                }
            }
            Err(e) => {
                code = exit::FAILED;
                match format {
                    OutputFormat::Human => eprintln!("{}：错误：{e}", input.display()),
                    OutputFormat::Json => json_out.push(serde_json::json!({
                        "file": input.display().to_string(),
                        "error": e,
                    })),
                }
            }
        }
    }
    if format == OutputFormat::Json {
        println!("{}", serde_json::to_string_pretty(&json_out)?);
    }
    Ok(code)
}
