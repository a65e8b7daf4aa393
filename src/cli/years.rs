//! The year-to-year and level commands: `template --from` (roll forward), `diff`, and `check
//! --parts` (a parent's report against the sum of its parts').

use super::commands::{emit, read_all_reports};
use super::fail::refuse;
use super::{DiffFormat, exit};
use crate::batch::levels::{self, Status};
use crate::diff;
use crate::read::ReadOptions;
use crate::rollforward;
use crate::standard;
use crate::write::{self, Format};
use anyhow::{Context, Result, anyhow};
use std::path::{Path, PathBuf};

/// Arguments of `template --from`.
#[derive(Debug)]
pub struct TemplateArgs {
    /// Output file; default `gongkai-template.<ext>`.
    pub output: Option<PathBuf>,
    /// Organ name instead of last year's.
    pub organ: Option<String>,
    /// The new year; default last year + 1.
    pub year: Option<i32>,
    /// xlsx (the workbook) or docx (the draft).
    pub format: Format,
    /// Overwrite an existing output.
    pub force: bool,
}

/// Reads one report (any input kind) for a year-to-year command; an input that cannot be read
/// or is not a report is told as `check` and `convert` tell it (`FILE：错误：…`, exit 2).
fn read_report(path: &Path, read: &ReadOptions) -> Result<crate::model::Report> {
    crate::pipeline::analyze_path(path, read)
        .map(|a| a.report)
        .map_err(|e| anyhow!("{}：错误：{e}", path.display()))
}

/// `template --from LAST`: the fill-in workbook (or Word draft) rolled forward from `last`.
pub fn template_from(last: &Path, args: &TemplateArgs, read: &ReadOptions) -> Result<i32> {
    let report = read_report(last, read)?;
    let mut rolled = rollforward::roll_forward(&report, args.year)?;
    if let Some(organ) = &args.organ {
        let std = standard::current();
        let meta = &mut rolled.report.meta;
        meta.organ = Some(organ.clone());
        meta.title = meta
            .year
            .map(|y| format!("{organ}{y}年{}", std.title_suffix));
    }
    let bytes = match args.format {
        Format::Xlsx => write::xlsx::template_from(&rolled, standard::current())?,
        Format::Docx => write::write(&rolled.draft(), &[], Format::Docx)?,
        Format::Json => write::write(&rolled.draft(), &[], Format::Json)?,
    };
    let default = PathBuf::from(format!("gongkai-template.{}", args.format.extension()));
    let target = args.output.clone().unwrap_or(default);
    let year = rolled.report.meta.year.unwrap_or_default();
    emit(
        &target,
        &bytes,
        args.force,
        &format!("{year} 年报告（由上年报告预填）"),
    )
    .with_context(|| last.display().to_string())
}

/// Arguments of `diff`.
#[derive(Debug)]
pub struct DiffArgs {
    /// human, json or xlsx.
    pub format: DiffFormat,
    /// Output file; stdout when absent (not for xlsx).
    pub output: Option<PathBuf>,
    /// Overrides `[years] swing_factor`.
    pub swing_factor: Option<f64>,
    /// Overrides `[years] repeated_share`.
    pub repeated_share: Option<f64>,
    /// Overwrite an existing output.
    pub force: bool,
}

/// `diff LAST THIS`.
pub fn diff((last, this): (&Path, &Path), args: &DiffArgs, read: &ReadOptions) -> Result<i32> {
    let (before, now) = match (read_report(last, read), read_report(this, read)) {
        (Ok(before), Ok(now)) => (before, now),
        (before, now) => {
            for e in [before.err(), now.err()].into_iter().flatten() {
                eprintln!("{e:#}");
            }
            return Ok(exit::FAILED);
        }
    };
    let std = standard::get(&now.format).unwrap_or_else(standard::current);
    let mut thresholds = diff::default_thresholds(std)?;
    if let Some(f) = args.swing_factor {
        if !(f > 1.0 && f.is_finite()) {
            return Err(refuse(format!("--swing-factor 应大于 1（给出的是 {f}）")));
        }
        thresholds.swing_factor = f;
    }
    if let Some(s) = args.repeated_share {
        if !(0.0..=1.0).contains(&s) {
            return Err(refuse(format!(
                "--repeated-share 应在 0 到 1 之间（给出的是 {s}）"
            )));
        }
        thresholds.repeated_share = s;
    }
    let names = (last.display().to_string(), this.display().to_string());
    let d = diff::diff((&before, &now), (&names.0, &names.1), Some(thresholds))?;
    if args.format != DiffFormat::Human || args.output.is_some() {
        for note in &d.notes {
            eprintln!("注意：{note}");
        }
    }
    let bytes = match args.format {
        DiffFormat::Human => d.render_human().into_bytes(),
        DiffFormat::Json => {
            let mut s = d.to_json()?;
            s.push('\n');
            s.into_bytes()
        }
        DiffFormat::Xlsx => {
            if args.output.is_none() {
                return Err(refuse("--format xlsx 需要用 -o 给出输出文件"));
            }
            d.to_xlsx(&before, &now)?
        }
    };
    let target = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    emit(&target, &bytes, args.force, "两年对比")
}

/// `check PARENT --parts PART...`: the parent's cells against the sum of the parts'.
pub fn levels(
    inputs: &[PathBuf],
    parts: &[PathBuf],
    json: bool,
    settings: &crate::batch::run::Settings,
) -> Result<i32> {
    let [parent_path] = inputs else {
        return Err(refuse(format!(
            "使用 --parts 时只能核对一个本级报告（给出了 {} 个）",
            inputs.len()
        )));
    };
    let parent = read_report(parent_path, &settings.read);
    let (reports, failed, skipped) = read_all_reports(parts, settings);
    let parent = match parent {
        Ok(p) if !failed => p,
        Ok(_) => {
            eprintln!("有下级报告无法读取，未核对。");
            return Ok(exit::FAILED);
        }
        Err(e) => {
            eprintln!("{e:#}");
            return Ok(exit::FAILED);
        }
    };
    // A refusal (parts of another year or format, the same report twice) is not an unreadable
    // input: exit 4, as a refused `merge`.
    let l = levels::compare(&parent, &reports).map_err(|e| refuse(format!("未核对：{e}")))?;
    if json {
        let mut v = serde_json::to_value(&l)?;
        v["skipped"] = skipped
            .iter()
            .map(|(path, why)| serde_json::json!({ "file": path.display().to_string(), "skipped": why }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!(
            "{}",
            render_levels(&parent_path.display().to_string(), &l, skipped.len())
        );
    }
    Ok(if l.count(Status::Inconsistent) > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

/// The levels comparison as text: the inconsistent cells, then the counts.
fn render_levels(parent: &str, l: &levels::Levels, skipped: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for f in &l.findings {
        let _ = writeln!(out, "{f}");
        if let (Some(labels), Some(cell)) = (&f.labels, &f.cell) {
            let _ = writeln!(out, "   | {labels}（{}）", cell.path());
        }
        out.push('\n');
    }
    let uncertain: Vec<&levels::CellLevel> = l
        .cells
        .iter()
        .filter(|c| c.status == Status::Uncertain)
        .collect();
    for c in uncertain.iter().take(20) {
        let _ = writeln!(
            out,
            "无法判断：{}：{}",
            c.cell.path(),
            c.why.as_deref().unwrap_or_default()
        );
    }
    if uncertain.len() > 20 {
        let _ = writeln!(
            out,
            "……另有 {} 格无法判断（--format json 列出全部）",
            uncertain.len() - 20
        );
    }
    let _ = writeln!(
        out,
        "{parent}：与 {} 份下级报告之和相比，{} 格中一致 {} 格，不一致 {} 格，无法判断 {} 格",
        l.parts.len(),
        l.cells.len(),
        l.count(Status::Consistent),
        l.count(Status::Inconsistent),
        l.count(Status::Uncertain)
    );
    if skipped > 0 {
        let _ = writeln!(out, "另跳过 {skipped} 个文件（不是报告文件，未读取，见上）");
    }
    out
}
