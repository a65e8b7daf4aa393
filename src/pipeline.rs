//! The whole job for one input: read → recognise → check. What the command line and batch runs call.

use crate::check;
use crate::document::{Document, Place};
use crate::finding::{CellRef, Finding, Severity};
use crate::model::Report;
use crate::read::formulas::Formulas;
use crate::read::{self, ReadError, ReadOptions};
use crate::recognize;
use crate::standard;
use crate::totals;
use foldhash::HashMap;
use std::path::Path;

/// A report read from a file, with everything found about it.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The report.
    pub report: Report,
    /// Import notes and check findings together, import first.
    pub findings: Vec<Finding>,
    /// Where each cell came from.
    pub origins: HashMap<CellRef, Place>,
}

impl Analysis {
    /// The number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Recognises and checks a document already read.
pub fn analyze_document(doc: &Document) -> Analysis {
    analyze_document_with(doc, &check::Options::default())
}

/// Recognises and checks a document already read, with check options (last year's report, rules
/// allowed). Allowed rules silence import notes too.
pub fn analyze_document_with(doc: &Document, opts: &check::Options) -> Analysis {
    analyze_document_in(doc, opts, &Formulas::new()).0
}

/// Recognises and checks a document read from a workbook whose cells at `formulas` hold
/// formulas: totals read from such cells are recomputed from their parts (see
/// [`totals::recompute_formulas`]), and the cells a rolled-forward workbook computes from last
/// year's figure from theirs ([`crate::rollforward::recompute_carried`]), before the checks.
pub fn analyze_document_with_formulas(doc: &Document, formulas: &Formulas) -> Analysis {
    analyze_document_in(doc, &check::Options::default(), formulas).0
}

/// The analysis, and why the document is not a report at all when it is not
/// ([`recognize::evidence::not_a_report`]).
fn analyze_document_in(
    doc: &Document,
    opts: &check::Options,
    formulas: &Formulas,
) -> (Analysis, Option<String>) {
    let mut recognized = recognize::recognize(doc);
    let not_a_report = standard::get(&recognized.report.format)
        .and_then(|std| recognize::evidence::not_a_report(&recognized, std));
    let mut findings: Vec<Finding> = doc
        .notes
        .iter()
        .map(|n| {
            Finding::new("import.reader", Severity::Warning, n.message.clone()).at(n.place.clone())
        })
        .collect();
    findings.extend(recognized.findings);
    if !formulas.is_empty()
        && let Some(std) = standard::get(&recognized.report.format)
    {
        totals::recompute_formulas(
            &mut recognized.report,
            std,
            &recognized.origins,
            formulas,
            &mut findings,
        );
        crate::rollforward::recompute_carried(
            &mut recognized.report,
            std,
            &recognized.origins,
            formulas,
            &mut findings,
        );
    }
    findings.extend(recognize::evidence::unfilled(&recognized.report));
    let mut checked = analyze_report_findings(&recognized.report, opts);
    check::locate(&mut checked, &recognized.origins);
    findings.extend(checked);
    findings.retain(|f| !opts.allows(f));
    let analysis = Analysis {
        report: recognized.report,
        findings,
        origins: recognized.origins,
    };
    (analysis, not_a_report)
}

fn analyze_report_findings(report: &Report, opts: &check::Options) -> Vec<Finding> {
    match standard::get(&report.format) {
        Some(std) => check::check_with(report, std, opts),
        None => vec![Finding::new(
            "import.format",
            Severity::Error,
            format!("不认识的报告格式“{}”", report.format),
        )],
    }
}

/// Checks a report that came as gongkai JSON (no source places).
pub fn analyze_report(report: Report) -> Analysis {
    analyze_report_with(report, &check::Options::default())
}

/// Checks a report that came as gongkai JSON, with check options.
pub fn analyze_report_with(report: Report, opts: &check::Options) -> Analysis {
    let mut findings: Vec<Finding> = recognize::evidence::unfilled(&report).into_iter().collect();
    findings.extend(analyze_report_findings(&report, opts));
    findings.retain(|f| !opts.allows(f));
    Analysis {
        report,
        findings,
        origins: HashMap::default(),
    }
}

/// Reads, recognises and checks one file. gongkai's own JSON output is read back as it is.
///
/// # Errors
/// [`ReadError`] when the file cannot be read as a report of any kind.
///
/// # Example
/// ```no_run
/// let a = gongkai::pipeline::analyze_path(std::path::Path::new("report.docx"), &Default::default())?;
/// println!("{:?} {:?}", a.report.meta.organ, a.report.get("requests", "new", "total"));
/// # Ok::<(), gongkai::read::ReadError>(())
/// ```
pub fn analyze_path(path: &Path, opts: &ReadOptions) -> Result<Analysis, ReadError> {
    analyze_path_with(path, opts, &check::Options::default())
}

/// Reads, recognises and checks one file, with check options (last year's report, rules allowed).
///
/// # Errors
/// [`ReadError`] when the file cannot be read as a report of any kind;
/// [`ReadError::NotAReport`] when it is read but holds none of the standard's tables and none
/// of its sections (a memo, a budget, another program's JSON).
pub fn analyze_path_with(
    path: &Path,
    opts: &ReadOptions,
    checks: &check::Options,
) -> Result<Analysis, ReadError> {
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let text = std::fs::read_to_string(path)?;
        return Ok(analyze_report_with(report_json(&text)?, checks));
    }
    // Totals that are formulas in a workbook are recomputed from their parts (a program that
    // filled the workbook may not have calculated them).
    let (doc, formulas) = read::read_path_with_formulas(path, opts)?;
    match analyze_document_in(&doc, checks, &formulas) {
        (_, Some(detail)) => Err(ReadError::NotAReport {
            detail: with_reader_notes(detail, &doc.notes),
        }),
        (analysis, None) => Ok(analysis),
    }
}

/// A refusal says what the reader could not read (a stream over a safety cap, undecodable
/// glyphs): the missing report may be in there, so the user must not be told only "not a report".
fn with_reader_notes(detail: String, notes: &[crate::document::Note]) -> String {
    const SHOWN: usize = 3;
    if notes.is_empty() {
        return detail;
    }
    let shown: Vec<String> = (notes.iter().take(SHOWN))
        .map(|n| match &n.place {
            crate::document::Place::None => n.message.clone(),
            place => format!("{place}：{}", n.message),
        })
        .collect();
    let more = notes.len().saturating_sub(SHOWN);
    let more = if more > 0 {
        format!("；另有 {more} 条")
    } else {
        String::new()
    };
    format!("{detail}（读取时的提示：{}{more}）", shown.join("；"))
}

/// gongkai's report JSON: JSON that does not parse is damaged; JSON of another shape (another
/// program's) is not a report.
fn report_json(text: &str) -> Result<Report, ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ReadError::Corrupt {
        detail: format!("JSON 格式有误：{e}"),
    })?;
    serde_json::from_value(value).map_err(|e| ReadError::NotAReport {
        detail: format!("这个 JSON 文件不是 gongkai 输出的报告（{e}）"),
    })
}
