//! `merge`: the cell-wise sum of several reports as one report — how a county or city office
//! builds its 本级 report from its departments' and towns' reports.
//!
//! Rules: blank + blank stays blank; otherwise blanks and dash marks ("/", "—") count as 0; a
//! number-less text ("约5件") counts as 0 too and gives a warning naming the input, so nothing
//! is dropped silently. Prose sections are present with their headings and one paragraph saying
//! the office is to write them. Reports of different formats or years are refused unless allowed.

use crate::check;
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Meta, Report, Section, Value};
use crate::standard::{self, SectionKind, Standard};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The paragraph put in every prose section of a merged report.
pub const TO_BE_WRITTEN: &str = "（本部分由本级机关填写）";

/// What the merged report is.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// 机关名称 of the merged report.
    pub organ: String,
    /// Its year.
    pub year: i32,
    /// Add reports of other years or formats anyway.
    pub allow_mixed: bool,
}

/// Why reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("没有可合计的报告")]
    Empty,
    /// Reports of different formats.
    #[error("报告格式不一致（{0}）；确需合计请加 --allow-mixed")]
    MixedFormats(String),
    /// Reports of other years than asked.
    #[error("报告年度与 --year {year} 不一致：{which}；确需合计请加 --allow-mixed")]
    MixedYears {
        /// The year asked.
        year: i32,
        /// Which reports, with their years.
        which: String,
    },
    /// A format gongkai has no definition for.
    #[error("不认识的报告格式“{0}”")]
    UnknownFormat(String),
}

/// A merged report and what was noticed while adding.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The sum.
    pub report: Report,
    /// Merge warnings (texts counted as 0, cells missing), then the checks of the result.
    pub findings: Vec<Finding>,
}

/// Adds the tables of `inputs` (name, report) into one report of `opts.organ` and `opts.year`.
///
/// # Errors
/// [`MergeError`] when there is no input, or formats or years differ and `allow_mixed` is off.
pub fn merge(inputs: &[(String, Report)], opts: &MergeOptions) -> Result<Merged, MergeError> {
    let (_, first) = inputs.first().ok_or(MergeError::Empty)?;
    let std = standard::get(&first.format)
        .ok_or_else(|| MergeError::UnknownFormat(first.format.clone()))?;
    if !opts.allow_mixed {
        let formats: BTreeSet<&str> = inputs.iter().map(|(_, r)| r.format.as_str()).collect();
        if formats.len() > 1 {
            let list: Vec<&str> = formats.into_iter().collect();
            return Err(MergeError::MixedFormats(list.join("、")));
        }
        let other: Vec<String> = inputs
            .iter()
            .filter(|(_, r)| r.meta.year.is_some_and(|y| y != opts.year))
            .map(|(n, r)| format!("{n}（{}年）", r.meta.year.unwrap_or_default()))
            .collect();
        if !other.is_empty() {
            return Err(MergeError::MixedYears {
                year: opts.year,
                which: other.join("、"),
            });
        }
    }
    let mut report = Report::empty(std);
    let mut findings = Vec::new();
    for (name, r) in inputs {
        if r.meta.year.is_none() {
            findings.push(Finding::new(
                "merge.year_unknown",
                Severity::Warning,
                format!("{name} 未写明年度，已按 {} 年合计", opts.year),
            ));
        }
    }
    // With --allow-mixed, reports of another format are converted by their mapping first.
    let converted: Vec<(String, Report)> = inputs
        .iter()
        .map(|(name, r)| {
            if r.format == std.id {
                return (name.clone(), r.clone());
            }
            match crate::convert::convert(r, &std.id) {
                Ok((c, notes)) => {
                    findings.extend(notes.into_iter().map(|mut n| {
                        n.message = format!("{name}：{}", n.message);
                        n
                    }));
                    (name.clone(), c)
                }
                Err(e) => {
                    findings.push(Finding::new(
                        "merge.format",
                        Severity::Warning,
                        format!("{name}：{e}；按相同编号的单元格合计"),
                    ));
                    (name.clone(), r.clone())
                }
            }
        })
        .collect();
    add_tables(&mut report, &converted, std, &mut findings);
    report.meta = Meta {
        organ: Some(opts.organ.clone()),
        year: Some(opts.year),
        title: Some(format!("{}{}年{}", opts.organ, opts.year, std.title_suffix)),
        period_start: Some(format!("{}-01-01", opts.year)),
        period_end: Some(format!("{}-12-31", opts.year)),
        ..Meta::default()
    };
    report.sections = std
        .sections
        .iter()
        .map(|s| Section {
            id: Some(s.id.clone()),
            heading: s.heading.clone(),
            paragraphs: match s.kind {
                SectionKind::Prose => vec![TO_BE_WRITTEN.to_string()],
                SectionKind::Table => Vec::new(),
            },
            other_tables: Vec::new(),
        })
        .collect();
    findings.extend(check::check(&report, std));
    Ok(Merged { report, findings })
}

/// One cell summed over several reports: blank + blank stays blank; dash marks count 0; a
/// number-less text counts 0 and is listed; a report without the cell is listed.
#[derive(Debug, Clone, PartialEq)]
pub struct CellSum {
    /// The sum; `None` when every report left the cell blank.
    pub sum: Option<Decimal>,
    /// Indexes of the reports that left the cell blank.
    pub blank: Vec<usize>,
    /// Indexes and texts of the reports with a text that is not a number (counted as 0).
    pub texts: Vec<(usize, String)>,
    /// Indexes of the reports that have no such cell.
    pub missing: Vec<usize>,
}

/// Sums the cell `cell` over `reports`, as exact decimals.
pub fn sum_cell<'a>(reports: impl IntoIterator<Item = &'a Report>, cell: &CellRef) -> CellSum {
    let mut out = CellSum {
        sum: None,
        blank: Vec::new(),
        texts: Vec::new(),
        missing: Vec::new(),
    };
    let mut sum = Decimal::ZERO;
    let mut any = false;
    for (i, r) in reports.into_iter().enumerate() {
        match r.get(&cell.table, &cell.row, &cell.col) {
            None => out.missing.push(i),
            Some(Value::Blank) => out.blank.push(i),
            Some(Value::Number(d)) => {
                any = true;
                sum = sum.checked_add(*d).unwrap_or(sum);
            }
            Some(v @ Value::Text(text)) => {
                any = true;
                if !v.is_dash() {
                    out.texts.push((i, text.clone()));
                }
            }
        }
    }
    out.sum = any.then_some(sum);
    out
}

fn add_tables(
    report: &mut Report,
    inputs: &[(String, Report)],
    std: &Standard,
    findings: &mut Vec<Finding>,
) {
    for t in &std.tables {
        for r in &t.rows {
            for c in t.columns_of(r) {
                let cell = CellRef::new(&t.id, &r.id, &c.id);
                let s = sum_cell(inputs.iter().map(|(_, r)| r), &cell);
                let labels = || std.cell_labels(&t.id, &r.id, &c.id);
                for i in &s.missing {
                    findings.push(
                        Finding::new(
                            "merge.missing_cell",
                            Severity::Warning,
                            format!("{} 没有这一项，按 0 计", inputs[*i].0),
                        )
                        .at_cell(cell.clone(), labels()),
                    );
                }
                for (i, text) in &s.texts {
                    findings.push(
                        Finding::new(
                            "merge.text",
                            Severity::Warning,
                            format!("{} 此处填的是文字“{text}”，合计时按 0 计", inputs[*i].0),
                        )
                        .at_cell(cell.clone(), labels())
                        .expecting("数字", text.clone()),
                    );
                }
                if let Some(sum) = s.sum {
                    report.set(&t.id, &r.id, &c.id, Value::Number(sum));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> MergeOptions {
        MergeOptions {
            organ: "某县人民政府".into(),
            year: 2023,
            allow_mixed: false,
        }
    }

    fn report(year: i32) -> Report {
        let mut r = Report::empty(standard::current());
        r.meta.year = Some(year);
        r
    }

    #[test]
    fn blank_plus_blank_stays_blank_and_numbers_add() {
        let mut a = report(2023);
        let b = report(2023);
        a.set("requests", "new", "natural", Value::int(2));
        let mut c = report(2023);
        c.set("requests", "new", "natural", Value::int(3));
        let m = merge(
            &[("a".into(), a), ("b".into(), b), ("c".into(), c)],
            &opts(),
        )
        .expect("merges");
        assert_eq!(
            m.report.get("requests", "new", "natural"),
            Some(&Value::int(5))
        );
        assert_eq!(
            m.report.get("requests", "new", "legal"),
            Some(&Value::Blank)
        );
    }

    #[test]
    fn text_counts_as_zero_with_a_warning_naming_the_input() {
        let mut a = report(2023);
        a.set("appeals", "review", "upheld", Value::Text("约5件".into()));
        let mut b = report(2023);
        b.set("appeals", "review", "upheld", Value::int(1));
        let m = merge(&[("甲.docx".into(), a), ("乙.docx".into(), b)], &opts()).expect("merges");
        assert_eq!(
            m.report.get("appeals", "review", "upheld"),
            Some(&Value::int(1))
        );
        let w = m
            .findings
            .iter()
            .find(|f| f.rule == "merge.text")
            .expect("warning");
        assert!(w.message.contains("甲.docx"));
    }

    #[test]
    fn refuses_other_years_unless_allowed() {
        let inputs = [
            ("a".to_string(), report(2023)),
            ("b".to_string(), report(2022)),
        ];
        let err = merge(&inputs, &opts()).expect_err("refuses");
        assert!(err.to_string().contains("b（2022年）"), "{err}");
        let mut allow = opts();
        allow.allow_mixed = true;
        assert!(merge(&inputs, &allow).is_ok());
    }

    #[test]
    fn prose_sections_are_marked_for_the_office() {
        let m = merge(&[("a".into(), report(2023))], &opts()).expect("merges");
        let overview = m.report.section("overview").expect("section");
        assert_eq!(overview.paragraphs, vec![TO_BE_WRITTEN.to_string()]);
        assert_eq!(m.report.sections.len(), standard::current().sections.len());
    }
}
