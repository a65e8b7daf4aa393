//! The commands themselves: turn arguments into library calls and print the results.

use super::fail::{not_written, output_failed, refuse};
use super::{OutputFormat, exit, human};
use crate::batch::output::{Outcome, write_atomic};
use crate::batch::run::{self, Settings};
use crate::batch::{self, Expansion, collect, duplicates, merge};
use crate::finding::Severity;
use crate::standard;
use crate::write::{self, Format};
use anyhow::Result;
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
    .map_err(|e| output_failed(format!("{}：{e}", input.display())))?;
    if output.as_os_str() == "-" {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| not_written(Path::new("标准输出"), &e))?;
    } else {
        let same = match (input.canonicalize(), output.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            eprintln!("输出文件 {} 就是输入文件，未写出", output.display());
            return Ok(exit::NOT_WRITTEN);
        }
        match write_atomic(output, &bytes, force).map_err(|e| not_written(output, &e))? {
            Outcome::Written => eprintln!("{} → {}", input.display(), output.display()),
            Outcome::Exists => {
                eprintln!(
                    "{} 已存在，未覆盖（如需覆盖请加 --force）",
                    output.display()
                );
                return Ok(exit::NOT_WRITTEN);
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
        return Err(refuse(
            "多个输入或多种格式时，-o 应是输出文件夹，不能是 -（标准输出只能写一个输入的一种格式）",
        ));
    }
    if names_a_file(&dir) {
        let why = if formats.len() > 1 {
            "给出了多种格式（--to）"
        } else {
            "输入不止一个文件"
        };
        return Err(refuse(format!(
            "{why}时，-o 应是输出文件夹，而 {} 像是一个文件名；请写一个文件夹，如 -o 输出",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| not_written(&dir, &e))?;
    let expansion = expand(inputs, Some(&dir));
    let mut summary = with_progress(expansion.inputs.len(), |tick| {
        run::convert(&expansion, &dir, formats, force, settings, tick)
    });
    summary.written_to = Some(dir.clone());
    eprint!("{}", summary.render(true));
    Ok(summary.exit_code())
}

/// True when `path` is not a folder and ends like an output file (`r.json`, `报告.docx`): given as
/// `-o` where a folder is needed, it would become a folder of that name.
fn names_a_file(path: &Path) -> bool {
    if path.is_dir() {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.parse::<Format>().is_ok() || e.eq_ignore_ascii_case("csv"))
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
    let divisions = &standard::current().consistency.divisions;
    let (results, mut summary) = with_progress(expansion.inputs.len(), |tick| {
        run::check(&expansion, settings, tick, |input, a| {
            let printed = match format {
                OutputFormat::Human => Printed::Text(human::render(&input.path, a, verbose)),
                OutputFormat::Json => Printed::Json(serde_json::json!({
                    "file": input.path.display().to_string(),
                    "format": a.report.format,
                    "organ": a.report.meta.organ,
                    "year": a.report.meta.year,
                    "findings": a.findings,
                })),
            };
            (printed, duplicates::Identity::of(&a.report, divisions))
        })
    });
    // The same report given twice: listed in the summary, and in JSON beside each copy.
    let read: Vec<(usize, &duplicates::Identity)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, (_, r))| r.as_ref().ok().map(|(_, id)| (i, id)))
        .collect();
    let ids: Vec<duplicates::Identity> = read.iter().map(|(_, id)| (*id).clone()).collect();
    let names: Vec<String> = read
        .iter()
        .map(|(i, _)| results[*i].0.path.display().to_string())
        .collect();
    let groups = duplicates::find(&ids);
    let allowed = settings.allow.iter().any(|a| {
        crate::finding::Finding::new(duplicates::RULE, Severity::Warning, "").is_allowed_by(a)
    });
    let mut duplicate_of: std::collections::HashMap<usize, Vec<String>> = Default::default();
    if !allowed {
        summary.duplicates = duplicates::describe(&groups, &names);
        for g in &groups {
            for &m in &g.members {
                let others = g.members.iter().filter(|&&o| o != m);
                let entry = duplicate_of.entry(read[m].0).or_default();
                entry.extend(others.map(|&o| names[o].clone()));
            }
        }
    }
    let many = expansion.inputs.len() > 1
        || !expansion.problems.is_empty()
        || !expansion.skipped.is_empty();
    match format {
        OutputFormat::Human => {
            for (input, result) in &results {
                match result {
                    Ok((Printed::Text(text), _)) => print!("{text}"),
                    Ok((Printed::Json(_), _)) => {}
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
                .enumerate()
                .map(|(i, (input, r))| match r {
                    Ok((Printed::Json(mut v), _)) => {
                        if let (Some(list), Some(obj)) = (duplicate_of.get(&i), v.as_object_mut()) {
                            obj.insert("duplicate_of".into(), serde_json::json!(list));
                        }
                        v
                    }
                    Ok((Printed::Text(t), _)) => serde_json::Value::String(t),
                    Err(e) => serde_json::json!({
                        "file": input.path.display().to_string(),
                        "error": e,
                    }),
                })
                .collect();
            out.extend(expansion.problems.iter().map(
                |(arg, why)| serde_json::json!({ "file": arg.display().to_string(), "error": why }),
            ));
            out.extend(expansion.skipped.iter().map(
                |(path, why)| serde_json::json!({ "file": path.display().to_string(), "skipped": why }),
            ));
            println!("{}", serde_json::to_string_pretty(&out)?);
            if many {
                eprint!("{}", summary.render(false));
            }
        }
    }
    Ok(summary.exit_code())
}

/// `collect`. `header`: the CSV's header rows (ids alone, or the Chinese labels above them).
pub fn collect(
    inputs: &[PathBuf],
    output: &Path,
    force: bool,
    header: collect::CsvHeader,
    settings: &Settings,
) -> Result<i32> {
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let csv = match ext.as_deref() {
        Some("csv") => true,
        Some("xlsx") => false,
        _ => {
            return Err(refuse(format!(
                "输出文件应以 .xlsx 或 .csv 结尾：{}",
                output.display()
            )));
        }
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
        files.push((output.to_path_buf(), collection.to_csv(header)));
        let stem = output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((
            output.with_file_name(format!("{stem}.columns.csv")),
            collection.columns_csv(),
        ));
        files.push((
            output.with_file_name(format!("{stem}.findings.csv")),
            collection.findings_csv(),
        ));
    } else {
        files.push((output.to_path_buf(), collection.to_xlsx()?));
    }
    let mut summary = collection.summary;
    summary.written_to = Some(output.to_path_buf());
    for (path, bytes) in files {
        match write_atomic(&path, &bytes, force) {
            Ok(Outcome::Written) => summary.written += 1,
            Ok(Outcome::Exists) => summary.skipped.push((path, "文件已存在".into())),
            Err(e) => summary
                .not_written
                .push((path, crate::os_error::describe(&e))),
        }
    }
    eprint!("{}", summary.render(true));
    eprintln!("数据表中有 {} 份报告（每份一行）。", collection.rows.len());
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
    pub allow_duplicates: bool,
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

/// What [`read_all_reports`] gives: the reports read (name, report), whether some input could
/// not be read, and the files skipped while walking a folder (path, why).
pub(super) type ReadReports = (
    Vec<(String, crate::model::Report)>,
    bool,
    Vec<(PathBuf, String)>,
);

/// Every report of `inputs` that could be read, whether some input could not be (each printed
/// with its reason), and the files skipped while walking a folder (printed with theirs).
pub(super) fn read_all_reports(inputs: &[PathBuf], settings: &Settings) -> ReadReports {
    let expansion = expand(inputs, None);
    let results = with_progress(expansion.inputs.len(), |tick| {
        run::analyze_all(&expansion.inputs, settings, tick, |_, input, a| {
            a.map(|a| (input.path.display().to_string(), a.report))
        })
    });
    for (path, why) in &expansion.skipped {
        eprintln!("{}：跳过：{why}", path.display());
    }
    if !expansion.skipped.is_empty() {
        eprintln!(
            "跳过 {} 个文件（不是报告文件，未读取）。",
            expansion.skipped.len()
        );
    }
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
    (reports, failed, expansion.skipped)
}

/// `merge`.
pub fn merge(inputs: &[PathBuf], args: &MergeArgs, settings: &Settings) -> Result<i32> {
    let (reports, failed, _) = read_all_reports(inputs, settings);
    // Duplicates are told even when an input failed, so that one run shows every problem.
    let divisions = &standard::current().consistency.divisions;
    let ids: Vec<duplicates::Identity> = reports
        .iter()
        .map(|(_, r)| duplicates::Identity::of(r, divisions))
        .collect();
    let groups = duplicates::find(&ids);
    if !groups.is_empty() {
        let names: Vec<String> = reports.iter().map(|(n, _)| n.clone()).collect();
        let lines = duplicates::describe(&groups, &names).join("\n  ");
        if !args.allow_duplicates {
            if failed {
                eprintln!("有报告无法读取。");
            }
            return Err(refuse(format!(
                "同一份报告出现了不止一次，未合计：\n  {lines}\n请去掉重复的文件；确需合计请加 --allow-duplicates"
            )));
        }
        eprintln!("警告：同一份报告出现了不止一次（按 --allow-duplicates 照样合计）：\n  {lines}");
    }
    if failed {
        eprintln!("有报告无法读取，未合计。");
        return Ok(exit::FAILED);
    }
    let opts = merge::MergeOptions {
        organ: args.organ.clone(),
        year: args.year,
        allow_mixed: args.allow_mixed,
    };
    let merged = merge::merge(&reports, &opts).map_err(|e| refuse(e.to_string()))?;
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
                    code = exit::NOT_WRITTEN;
                    continue;
                }
            };
        match write_atomic(&target, &bytes, args.force).map_err(|e| not_written(&target, &e))? {
            Outcome::Written => eprintln!("合计 {} 份报告 → {}", reports.len(), target.display()),
            Outcome::Exists => {
                eprintln!(
                    "{} 已存在，未覆盖（如需覆盖请加 --force）",
                    target.display()
                );
                code = exit::NOT_WRITTEN;
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
            .map_err(|e| not_written(Path::new("标准输出"), &e))?;
        return Ok(exit::CLEAN);
    }
    match write_atomic(target, bytes, force).map_err(|e| not_written(target, &e))? {
        Outcome::Written => {
            eprintln!("{what} → {}", target.display());
            Ok(exit::CLEAN)
        }
        Outcome::Exists => {
            eprintln!("{} 已存在，未覆盖；如需覆盖请加 --force", target.display());
            Ok(exit::NOT_WRITTEN)
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
        return Err(refuse(format!(
            "使用 --previous 时只能核对一个报告（给出了 {} 个）",
            inputs.len()
        )));
    }
    let a = crate::pipeline::analyze_path(path, &input.read_options())
        .map_err(|e| anyhow::anyhow!("无法读取上年报告 {}：{e}", path.display()))?;
    Ok(Some(a.report))
}
