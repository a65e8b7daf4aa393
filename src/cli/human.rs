//! Findings printed for people, in Chinese, the way a good compiler prints its errors.

use crate::document::Place;
use crate::finding::Severity;
use crate::pipeline::Analysis;
use std::fmt::Write as _;
use std::path::Path;

/// Renders one report's findings. Info notes are counted, and shown with `verbose`.
pub fn render(path: &Path, a: &Analysis, verbose: bool) -> String {
    let mut out = String::new();
    let file = path.display();
    for f in &a.findings {
        if f.severity == Severity::Info && !verbose {
            continue;
        }
        let _ = writeln!(out, "{}[{}]：{}", f.severity.label(), f.rule, f.message);
        match &f.place {
            Place::None => {
                let _ = writeln!(out, "  --> {file}");
            }
            place => {
                let _ = writeln!(out, "  --> {file}：{place}");
            }
        }
        if let Some(text) = &f.text {
            let _ = writeln!(out, "   | 正文：“{text}”");
        }
        if let (Some(labels), Some(cell)) = (&f.labels, &f.cell) {
            let _ = writeln!(out, "   | {labels}（{}）", cell.path());
        }
        if let (Some(e), Some(found)) = (&f.expected, &f.found) {
            let _ = writeln!(out, "   = 应为 {e}，实为 {found}");
        }
        out.push('\n');
    }
    let errors = a.count(Severity::Error);
    let warnings = a.count(Severity::Warning);
    let infos = a.count(Severity::Info);
    let who = match (&a.report.meta.organ, a.report.meta.year) {
        (Some(o), Some(y)) => format!("{o} {y}年"),
        (Some(o), None) => o.clone(),
        (None, Some(y)) => format!("{y}年"),
        (None, None) => String::new(),
    };
    let _ = write!(out, "{file}：{who}（{}）", a.report.format);
    if errors == 0 && warnings == 0 {
        let _ = write!(out, " 核对通过");
    } else {
        let _ = write!(out, " {errors} 个错误，{warnings} 个警告");
    }
    if infos > 0 && !verbose {
        let _ = write!(out, "；另有 {infos} 条提示（加 -v 查看）");
    }
    out.push('\n');
    out
}
