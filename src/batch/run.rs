//! Running a batch: every input read, recognised and checked in parallel (rayon), outputs written
//! safely, one bad file never stopping the others.

use super::inputs::{Expansion, Input};
use super::output::{Outcome, write_atomic};
use super::plan::plan;
use super::summary::Summary;
use crate::finding::{Finding, Severity};
use crate::pipeline::{self, Analysis};
use crate::read::ReadOptions;
use crate::write::{self, Format};
use rayon::prelude::*;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// How to read each input.
    pub read: ReadOptions,
    /// Convert every report to this format (`gov-2021` …) after reading; its notes join the
    /// findings, and a report that cannot be converted fails.
    pub to_format: Option<String>,
    /// How to write outputs (the Word style).
    pub write: write::Options,
    /// Last year's report, for the cross-year checks.
    pub previous: Option<crate::model::Report>,
    /// Rule ids (or dotted prefixes) whose findings are dropped.
    pub allow: Vec<String>,
}

/// Reads one input (and converts it when [`Settings::to_format`] asks); a panic in a reader
/// becomes an error for that input only.
///
/// # Errors
/// The reader's or the conversion's message, in Chinese.
pub fn analyze_one(path: &Path, settings: &Settings) -> Result<Analysis, String> {
    let read = catch_unwind(AssertUnwindSafe(|| {
        pipeline::analyze_path_with(
            path,
            &settings.read,
            &crate::check::Options {
                previous: settings.previous.as_ref(),
                allow: &settings.allow,
            },
        )
    }));
    let mut analysis = match read {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("读取时发生内部错误（请把此文件报告给 gongkai 的维护者）".into()),
    };
    if let Some(target) = &settings.to_format {
        let (report, notes) =
            crate::convert::convert(&analysis.report, target).map_err(|e| e.to_string())?;
        analysis.report = report;
        analysis.findings.extend(notes);
    }
    Ok(analysis)
}

/// Analyses every input in parallel and maps each result with `f` (given the input's index),
/// keeping the inputs' order.
/// `progress` is called once per input when it is done. Only what `f` returns is kept, so memory
/// does not grow with the size of the reports.
pub fn analyze_all<T, F>(
    inputs: &[Input],
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
    f: F,
) -> Vec<T>
where
    T: Send,
    F: Fn(usize, &Input, Result<Analysis, String>) -> T + Sync,
{
    let one = |(n, input): (usize, &Input)| {
        let result = f(n, input, analyze_one(&input.path, settings));
        progress();
        result
    };
    let sequential = || -> Vec<T> { inputs.iter().enumerate().map(one).collect() };
    // One input, or one job: no thread pool to start and stop (a pool costs a single-file run
    // more time than it saves).
    if inputs.len() <= 1 || settings.jobs == 1 {
        return sequential();
    }
    let work = || -> Vec<T> { inputs.par_iter().enumerate().map(one).collect() };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => sequential(),
    }
}

/// The result of one input in a conversion.
enum Item {
    Failed(String),
    Done {
        /// Ids of the rules with error-level findings, in order met.
        errors: Vec<String>,
        written: usize,
        skipped: Vec<(PathBuf, String)>,
        failed: Vec<(PathBuf, String)>,
        /// Warnings of a `--to-format` conversion, as printed.
        conversion_warnings: Vec<String>,
        /// Who the report is and what it says, to find the same report given twice.
        identity: super::duplicates::Identity,
    },
}

/// The warnings of a `--to-format` conversion (values moved or set aside), printed with the
/// summary: the .docx and .xlsx outputs have no place for values set aside.
fn conversion_warnings(settings: &Settings, findings: &[Finding]) -> Vec<String> {
    if settings.to_format.is_none() {
        return Vec::new();
    }
    findings
        .iter()
        .filter(|f| f.rule.starts_with("convert.") && f.severity >= Severity::Warning)
        .map(ToString::to_string)
        .collect()
}

/// The ids of the rules with error-level findings, each once, in order met.
pub fn error_rules(analysis: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        if !out.contains(&f.rule) {
            out.push(f.rule.clone());
        }
    }
    out
}

/// A batch's summary before any input is read: the arguments that named nothing are failures,
/// the files passed over are listed.
pub fn start(expansion: &Expansion) -> Summary {
    Summary {
        failed: expansion.problems.clone(),
        not_read: expansion.skipped.clone(),
        ..Summary::default()
    }
}

/// The canonical paths of the inputs: outputs must never replace one of them.
fn input_set(inputs: &[Input]) -> HashSet<PathBuf> {
    inputs
        .iter()
        .filter_map(|i| i.path.canonicalize().ok())
        .collect()
}

fn is_input(target: &Path, inputs: &HashSet<PathBuf>) -> bool {
    target
        .canonicalize()
        .map(|p| inputs.contains(&p))
        .unwrap_or(false)
}

/// What came of one output file.
enum Written {
    Yes,
    Skipped(PathBuf, String),
    Failed(PathBuf, String),
}

/// Writes one output of an analysed report: never over an input, over an existing file only
/// when `overwrite`.
fn write_output(
    analysis: &Analysis,
    format: Format,
    target: &Path,
    overwrite: bool,
    protected: &HashSet<PathBuf>,
    settings: &Settings,
) -> Written {
    if is_input(target, protected) {
        return Written::Failed(
            target.to_path_buf(),
            "输出路径就是一个输入文件，未写出".to_string(),
        );
    }
    let bytes = match write::write_with(
        &analysis.report,
        &analysis.findings,
        format,
        &settings.write,
    ) {
        Ok(b) => b,
        Err(e) => return Written::Failed(target.to_path_buf(), e.to_string()),
    };
    match write_atomic(target, &bytes, overwrite) {
        Ok(Outcome::Written) => Written::Yes,
        Ok(Outcome::Exists) => Written::Skipped(target.to_path_buf(), "文件已存在".to_string()),
        Err(e) => Written::Failed(
            target.to_path_buf(),
            format!("无法写入：{}", crate::os_error::describe(&e)),
        ),
    }
}

/// Converts every input into `formats` under `out_dir` (see [`plan`] for the names), in parallel.
/// Existing outputs are kept unless `overwrite`; an output that would replace an input is never
/// written. Arguments that named nothing ([`Expansion::problems`]) count as failures; files
/// passed over ([`Expansion::skipped`]) are listed in the summary.
pub fn convert(
    expansion: &Expansion,
    out_dir: &Path,
    formats: &[Format],
    overwrite: bool,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
) -> Summary {
    let targets = plan(&expansion.inputs, formats);
    let protected = input_set(&expansion.inputs);
    let single = expansion.inputs.len() == 1;
    let items = analyze_all(&expansion.inputs, settings, progress, |n, _, analysis| {
        let analysis = match analysis {
            Ok(a) => a,
            Err(e) => return Item::Failed(e),
        };
        let mut written = 0;
        let mut skipped = Vec::new();
        let mut failed = Vec::new();
        let conversion_warnings = conversion_warnings(settings, &analysis.findings);
        let rels = targets.get(n).map(Vec::as_slice).unwrap_or_default();
        let jobs: Vec<(Format, PathBuf)> = formats
            .iter()
            .zip(rels)
            .map(|(format, rel)| (*format, out_dir.join(rel)))
            .collect();
        let write_one = |(format, target): &(Format, PathBuf)| {
            write_output(&analysis, *format, target, overwrite, &protected, settings)
        };
        // A single report written in several formats: the writers run side by side (the
        // workbook takes longest, so it starts first on its own thread). In a batch every core
        // already has a report of its own.
        let outcomes: Vec<Written> = if single && jobs.len() > 1 && settings.jobs != 1 {
            std::thread::scope(|scope| {
                let slowest = jobs
                    .iter()
                    .position(|(f, _)| *f == Format::Xlsx)
                    .unwrap_or(0);
                let (job, write) = (&jobs[slowest], &write_one);
                // No thread to be had (a process limit): the workbook is written here, after
                // the others.
                let handle = std::thread::Builder::new()
                    .spawn_scoped(scope, move || write(job))
                    .ok();
                let mut rest: Vec<(usize, Written)> = jobs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != slowest)
                    .map(|(i, job)| (i, write_one(job)))
                    .collect();
                let first = match handle {
                    Some(h) => h.join().unwrap_or_else(|_| {
                        Written::Failed(
                            job.1.clone(),
                            "写出时发生内部错误（请把此文件报告给 gongkai 的维护者）".to_string(),
                        )
                    }),
                    None => write_one(job),
                };
                rest.push((slowest, first));
                rest.sort_by_key(|(i, _)| *i);
                rest.into_iter().map(|(_, w)| w).collect()
            })
        } else {
            jobs.iter().map(write_one).collect()
        };
        for outcome in outcomes {
            match outcome {
                Written::Yes => written += 1,
                Written::Skipped(target, why) => skipped.push((target, why)),
                Written::Failed(target, why) => failed.push((target, why)),
            }
        }
        Item::Done {
            errors: error_rules(&analysis),
            written,
            skipped,
            failed,
            conversion_warnings,
            identity: super::duplicates::Identity::of(
                &analysis.report,
                &crate::standard::current().consistency.divisions,
            ),
        }
    });
    let mut summary = start(expansion);
    let mut ids = Vec::new();
    let mut names = Vec::new();
    for (input, item) in expansion.inputs.iter().zip(items) {
        match item {
            Item::Failed(e) => summary.failed.push((input.path.clone(), e)),
            Item::Done {
                errors,
                written,
                skipped,
                failed,
                conversion_warnings,
                identity,
            } => {
                ids.push(identity);
                names.push(input.path.display().to_string());
                summary.conversion_warnings.extend(
                    conversion_warnings
                        .into_iter()
                        .map(|w| (input.path.clone(), w)),
                );
                summary.read += 1;
                summary.with_findings += usize::from(!errors.is_empty());
                summary.note_errors(&input.path, errors.iter().map(String::as_str));
                summary.written += written;
                summary.skipped.extend(skipped);
                summary.not_written.extend(failed);
            }
        }
    }
    // The same report given twice is converted twice, and said so (as `check` says it).
    let allowed = (settings.allow.iter())
        .any(|a| Finding::new(super::duplicates::RULE, Severity::Warning, "").is_allowed_by(a));
    if !allowed {
        summary.duplicates = super::duplicates::describe(&super::duplicates::find(&ids), &names);
    }
    summary
}

/// One input of a check and what came of it: the caller's rendering, or why it failed.
pub type Checked<R> = (Input, Result<R, String>);

/// Checks every input in parallel; `f` turns each analysis into what the caller prints.
/// Returns the results in input order and the summary.
pub fn check<R, F>(
    expansion: &Expansion,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
    f: F,
) -> (Vec<Checked<R>>, Summary)
where
    R: Send,
    F: Fn(&Input, &Analysis) -> R + Sync,
{
    let results = analyze_all(
        &expansion.inputs,
        settings,
        progress,
        |_, input, analysis| analysis.map(|a| (error_rules(&a), f(input, &a))),
    );
    let mut summary = start(expansion);
    let mut out = Vec::with_capacity(results.len());
    for (input, result) in expansion.inputs.iter().zip(results) {
        match result {
            Ok((errors, r)) => {
                summary.read += 1;
                summary.with_findings += usize::from(!errors.is_empty());
                summary.note_errors(&input.path, errors.iter().map(String::as_str));
                out.push((input.clone(), Ok(r)));
            }
            Err(e) => {
                summary.failed.push((input.path.clone(), e.clone()));
                out.push((input.clone(), Err(e)));
            }
        }
    }
    (out, summary)
}
