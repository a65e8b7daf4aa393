//! The year-to-year and level commands: `template --from` (roll forward), `diff`, and `check
//! --parts` (a parent's report against the sum of its parts').

use super::commands::emit;
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

/// Reads one report (any input kind) for a year-to-year command.
fn read_report(path: &Path, read: &ReadOptions, what: &str) -> Result<crate::model::Report> {
    crate::pipeline::analyze_path(path, read)
        .map(|a| a.report)
        .map_err(|e| anyhow!("无法读取{what} {}：{e}", path.display()))
}

/// `template --from LAST`: the fill-in workbook (or Word draft) rolled forward from `last`.
pub fn template_from(last: &Path, args: &TemplateArgs, read: &ReadOptions) -> Result<i32> {
    let report = read_report(last, read, "上年报告")?;
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
