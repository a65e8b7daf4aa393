//! The commands themselves: turn arguments into library calls and print the results.

use super::{OutputFormat, exit, human};
use crate::batch::output::{Outcome, write_atomic};
use crate::batch::run::{self, Settings};
use crate::batch::{self, Expansion, collect, merge};
use crate::finding::Severity;
use crate::standard;
use crate::write::{self, Format};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

/// A progress bar on stderr when it is a terminal; nothing otherwise.
fn progress(len: usize) -> Option<ProgressBar> {
    if len < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} 份  已用 {elapsed}  预计剩余 {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// Runs `f` with a tick function for the progress bar, then clears the bar.
fn with_progress<T>(len: usize, f: impl FnOnce(&(dyn Fn() + Sync)) -> T) -> T {
    let bar = progress(len);
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let out = f(&tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    out
}

fn expand(inputs: &[PathBuf], exclude: Option<&Path>) -> Expansion {
    batch::expand(inputs, exclude)
}

/// One existing file, one format and an explicit output: `-o` is that file (or `-`, stdout).
fn convert_one(
    input: &Path,
    output: &Path,
    format: Format,
    force: bool,
    settings: &Settings,
) -> Result<i32> {
    let analysis = match run::analyze_one(input, settings) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{}：{e}", input.display());
            return Ok(exit::FAILED);
        }
    };
    if settings.to_format.is_some() {
        for f in analysis
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("convert."))
        {
            eprintln!("{}：{f}", input.display());
        }
    }
    let bytes = write::write_with(
        &analysis.report,
        &analysis.findings,
        format,
        &settings.write,
    )
    .with_context(|| input.display().to_string())?;
    if output.as_os_str() == "-" {
        std::io::stdout()
            .write_all(&bytes)
            .context("无法写到标准输出")?;
    } else {
        let same = match (input.canonicalize(), output.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            bail!("输出文件 {} 就是输入文件，不会覆盖", output.display());
        }
        match write_atomic(output, &bytes, force)
            .with_context(|| format!("无法写入 {}", output.display()))?
        {
            Outcome::Written => eprintln!("{} → {}", input.display(), output.display()),
            Outcome::Exists => {
                eprintln!(
                    "{} 已存在，未覆盖（如需覆盖请加 --force）",
                    output.display()
                );
                return Ok(exit::FAILED);
            }
        }
    }
    Ok(if analysis.count(Severity::Error) > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

/// `convert`.
pub fn convert(
    inputs: &[PathBuf],
    output: Option<&Path>,
    formats: &[Format],
    force: bool,
    settings: &Settings,
) -> Result<i32> {
    if let ([input], [format], Some(out)) = (inputs, formats, output)
        && input.is_file()
        && !out.is_dir()
    {
        return convert_one(input, out, *format, force, settings);
    }
    let dir = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("out"));
    if dir.as_os_str() == "-" {
        bail!("多个输入或多种格式时，-o 应是输出文件夹，不能是 -");
    }
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("无法创建输出文件夹 {}", dir.display()))?;
    let expansion = expand(inputs, Some(&dir));
    let summary = with_progress(expansion.inputs.len(), |tick| {
        run::convert(&expansion, &dir, formats, force, settings, tick)
    });
    eprint!("{}", summary.render(true));
    Ok(summary.exit_code())
}

/// What `check` prints for one report.
enum Printed {
    Text(String),
    Json(serde_json::Value),
}

/// `check`.
pub fn check(
    inputs: &[PathBuf],
    format: OutputFormat,
    verbose: bool,
    settings: &Settings,
) -> Result<i32> {
    let expansion = expand(inputs, None);
    let (results, summary) = with_progress(expansion.inputs.len(), |tick| {
        run::check(&expansion, settings, tick, |input, a| match format {
            OutputFormat::Human => Printed::Text(human::render(&input.path, a, verbose)),
            OutputFormat::Json => Printed::Json(serde_json::json!({
                "file": input.path.display().to_string(),
                "format": a.report.format,
                "organ": a.report.meta.organ,
                "year": a.report.meta.year,
                "findings": a.findings,
            })),
        })
    });
    let many = expansion.inputs.len() > 1 || !expansion.problems.is_empty();
    match format {
        OutputFormat::Human => {
            for (input, result) in &results {
                match result {
                    Ok(Printed::Text(text)) => print!("{text}"),
                    Ok(Printed::Json(_)) => {}
                    Err(e) => eprintln!("{}：错误：{e}", input.path.display()),
                }
            }
            for (arg, why) in &expansion.problems {
                eprintln!("{}：错误：{why}", arg.display());
            }
            if many {
                println!();
                print!("{}", summary.render(false));
            }
        }
        OutputFormat::Json => {
            let mut out: Vec<serde_json::Value> = results
                .into_iter()
                .map(|(input, r)| match r {
                    Ok(Printed::Json(v)) => v,
                    Ok(Printed::Text(t)) => serde_json::Value::String(t),
                    Err(e) => serde_json::json!({
                        "file": input.path.display().to_string(),
                        "error": e,
                    }),
                })
                .collect();
            out.extend(expansion.problems.iter().map(
                |(arg, why)| serde_json::json!({ "file": arg.display().to_string(), "error": why }),
            ));
            println!("{}", serde_json::to_string_pretty(&out)?);
            if many {
                eprint!("{}", summary.render(false));
            }
        }
    }
    Ok(summary.exit_code())
}

/// `collect`.
pub fn collect(inputs: &[PathBuf], output: &Path, force: bool, settings: &Settings) -> Result<i32> {
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let csv = match ext.as_deref() {
        Some("csv") => true,
        Some("xlsx") => false,
        _ => bail!("输出文件应以 .xlsx 或 .csv 结尾：{}", output.display()),
    };
    let expansion = expand(inputs, None);
    let std = standard::current();
    // One data set, one standard: reports of an older format are converted by its mapping.
    let settings = Settings {
        to_format: Some(std.id.clone()),
        ..settings.clone()
    };
    let collection = with_progress(expansion.inputs.len(), |tick| {
        collect::collect(&expansion, std, &settings, tick)
    });
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if csv {
        files.push((output.to_path_buf(), collection.to_csv()));
        let stem = output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((
            output.with_file_name(format!("{stem}.findings.csv")),
            collection.findings_csv(),
        ));
    } else {
        files.push((output.to_path_buf(), collection.to_xlsx()?));
    }
    let mut summary = collection.summary;
    for (path, bytes) in files {
        match write_atomic(&path, &bytes, force)
            .with_context(|| format!("无法写入 {}", path.display()))?
        {
            Outcome::Written => summary.written += 1,
            Outcome::Exists => summary.skipped.push((path, "文件已存在".into())),
        }
    }
    eprint!("{}", summary.render(true));
    if !summary.skipped.is_empty() {
        return Ok(exit::FAILED);
    }
    Ok(summary.exit_code())
}

/// Arguments of `merge`.
#[derive(Debug)]
pub struct MergeArgs {
    pub organ: String,
    pub year: i32,
    pub formats: Vec<Format>,
    pub output: Option<PathBuf>,
    pub allow_mixed: bool,
    pub force: bool,
}

/// A file name made from free text: characters Windows forbids in names replaced by `_`.
fn safe_file_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || r#"<>:"/\|?*"#.contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Reads every report of `inputs` (files, folders, globs) as (name, report); prints each
/// input that cannot be read and gives `None` when there was one.
pub(super) fn read_reports(
    inputs: &[PathBuf],
    settings: &Settings,
) -> Option<Vec<(String, crate::model::Report)>> {
    let expansion = expand(inputs, None);
    let results = with_progress(expansion.inputs.len(), |tick| {
        run::analyze_all(&expansion.inputs, settings, tick, |_, input, a| {
            a.map(|a| (input.path.display().to_string(), a.report))
        })
    });
    let mut reports = Vec::new();
    let mut failed = false;
    for (arg, why) in &expansion.problems {
        eprintln!("{}：错误：{why}", arg.display());
        failed = true;
    }
    for (input, r) in expansion.inputs.iter().zip(results) {
        match r {
            Ok(pair) => reports.push(pair),
            Err(e) => {
                eprintln!("{}：错误：{e}", input.path.display());
                failed = true;
            }
        }
    }
    (!failed).then_some(reports)
}

/// `merge`.
pub fn merge(inputs: &[PathBuf], args: &MergeArgs, settings: &Settings) -> Result<i32> {
    let Some(reports) = read_reports(inputs, settings) else {
        eprintln!("有报告无法读取，未合计。");
        return Ok(exit::FAILED);
    };
    let opts = merge::MergeOptions {
        organ: args.organ.clone(),
        year: args.year,
        allow_mixed: args.allow_mixed,
    };
    let merged = match merge::merge(&reports, &opts) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("错误：{e}");
            return Ok(exit::FAILED);
        }
    };
    let std = standard::current();
    let base = args.output.clone().unwrap_or_else(|| {
        PathBuf::from(safe_file_name(&format!(
            "{}{}年{}",
            args.organ, args.year, std.title_suffix
        )))
    });
    let mut code = if merged
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        exit::FINDINGS
    } else {
        exit::CLEAN
    };
    for format in &args.formats {
        let target = if args.formats.len() == 1 && args.output.is_some() {
            base.clone()
        } else {
            base.with_extension(format.extension())
        };
        let bytes =
            match write::write_with(&merged.report, &merged.findings, *format, &settings.write) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{}：{e}", target.display());
                    code = exit::FAILED;
                    continue;
                }
            };
        match write_atomic(&target, &bytes, args.force)
            .with_context(|| format!("无法写入 {}", target.display()))?
        {
            Outcome::Written => eprintln!("合计 {} 份报告 → {}", reports.len(), target.display()),
            Outcome::Exists => {
                eprintln!(
                    "{} 已存在，未覆盖（如需覆盖请加 --force）",
                    target.display()
                );
                code = exit::FAILED;
            }
        }
    }
    for f in merged
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
    {
        eprintln!("{f}");
        if let (Some(labels), Some(cell)) = (&f.labels, &f.cell) {
            eprintln!("   | {labels}（{}）", cell.path());
        }
    }
    Ok(code)
}

/// `gongkai template`: the empty fill-in workbook, never over an existing file without `--force`.
pub fn template(
    output: Option<&Path>,
    organ: Option<&str>,
    year: Option<i32>,
    force: bool,
) -> Result<i32> {
    let bytes = write::xlsx::template(standard::current(), organ, year)?;
    let target = output.unwrap_or(Path::new("gongkai-template.xlsx"));
    emit(target, &bytes, force, "填报模板")
}

/// Writes `bytes` to `target` (`-`: stdout), never over an existing file without `force`;
/// says on stderr what was written (`what`).
pub(super) fn emit(target: &Path, bytes: &[u8], force: bool, what: &str) -> Result<i32> {
    if target.as_os_str() == "-" {
        std::io::stdout()
            .write_all(bytes)
            .context("无法写到标准输出")?;
        return Ok(exit::CLEAN);
    }
    match write_atomic(target, bytes, force)
        .with_context(|| format!("无法写入 {}", target.display()))?
    {
        Outcome::Written => {
            eprintln!("{what} → {}", target.display());
            Ok(exit::CLEAN)
        }
        Outcome::Exists => {
            eprintln!("{} 已存在，未覆盖；如需覆盖请加 --force", target.display());
            Ok(exit::FAILED)
        }
    }
}

/// Reads last year's report for `check --previous` (which takes one input only).
pub fn previous_report(
    inputs: &[std::path::PathBuf],
    previous: Option<&Path>,
    input: &super::InputOptions,
) -> Result<Option<crate::model::Report>> {
    let Some(path) = previous else {
        return Ok(None);
    };
    if inputs.len() > 1 {
        bail!(
            "使用 --previous 时只能核对一个报告（给出了 {} 个）",
            inputs.len()
        );
    }
    let a = crate::pipeline::analyze_path(path, &input.read_options())
        .map_err(|e| anyhow::anyhow!("无法读取上年报告 {}：{e}", path.display()))?;
    Ok(Some(a.report))
}
