//! Roll forward: this year's report started from last year's — what the clerk does every
//! January. The organ, the year, the title and the statistical period are set for the new year;
//! the cells that `[[cross_year]]` pairs with last year's are carried (a plain copy where the
//! rule has no plus/minus, a formula of last year's figure where it has); last year's prose
//! stands under a mark asking for it to be updated; every other count is empty.
//!
//! Driven by the same `[[cross_year]]` data as `check --previous`, so a filled roll-forward
//! passes those rules for the carried cells.

mod formula;

pub use formula::recompute_carried;

use crate::convert::{self, ConvertError};
use crate::finding::CellRef;
use crate::model::{Meta, Report, Section, Value};
use crate::standard::{self, CrossYearRule, Over, Standard};
use rust_decimal::Decimal;

/// A cell computed from last year's figure: `previous + Σ plus − Σ minus` of this year's cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Carry {
    /// The cell.
    pub cell: CellRef,
    /// Last year's figure.
    pub previous: Decimal,
    /// This year's cells added.
    pub plus: Vec<CellRef>,
    /// This year's cells taken away.
    pub minus: Vec<CellRef>,
    /// The `[[cross_year]]` rule it comes from.
    pub rule: String,
}

impl Carry {
    /// The value the formula gives for `report`'s cells (blank and dash parts count 0); `None`
    /// when a part is a text that is not a number.
    pub fn value(&self, report: &Report) -> Option<Decimal> {
        let get = |c: &CellRef| {
            report
                .get(&c.table, &c.row, &c.col)
                .and_then(Value::numeric)
        };
        let plus = self.plus.iter().map(get).sum::<Option<Decimal>>()?;
        let minus = self.minus.iter().map(get).sum::<Option<Decimal>>()?;
        Some(self.previous + plus - minus)
    }
}

/// A report rolled forward: the report (formula cells blank) and the formulas.
#[derive(Debug, Clone, PartialEq)]
pub struct RolledForward {
    /// The new year's report: carried cells set, formula cells blank, prose marked.
    pub report: Report,
    /// The cells a workbook computes from last year's figure.
    pub formulas: Vec<Carry>,
}

/// Why a report cannot be rolled forward.
#[derive(Debug, thiserror::Error)]
pub enum RollForwardError {
    /// Last year's report does not say its year and none was given.
    #[error("上年报告没有写明年度，请用 --year 指定新报告的年度")]
    NoYear,
    /// Last year's report is of a format that cannot be converted to the current one.
    #[error("上年报告无法转换为当前格式：{0}")]
    Convert(#[from] ConvertError),
    /// The format defines no `[years]` settings.
    #[error("报告格式“{0}”没有定义 [years]")]
    NoSettings(String),
}

/// Rolls `last` forward to `year` (default: last year + 1) in the current format.
///
/// # Errors
/// [`RollForwardError`] when the year is unknown or the report cannot be converted.
pub fn roll_forward(last: &Report, year: Option<i32>) -> Result<RolledForward, RollForwardError> {
    let std = standard::current();
    let (last, _) = convert::convert(last, &std.id)?;
    let year = year
        .or(last.meta.year.map(|y| y + 1))
        .ok_or(RollForwardError::NoYear)?;
    let mark = &std
        .years()
        .ok_or_else(|| RollForwardError::NoSettings(std.id.clone()))?
        .carried_mark;
    let mut report = Report::empty(std);
    let organ = last.meta.organ.clone();
    report.meta = Meta {
        title: organ
            .as_ref()
            .map(|o| format!("{o}{year}年{}", std.title_suffix)),
        organ,
        year: Some(year),
        period_start: Some(format!("{year}-01-01")),
        period_end: Some(format!("{year}-12-31")),
        contact: last.meta.contact.clone(),
        preamble: marked(mark, &last.meta.preamble),
    };
    report.sections = sections(&last, std, mark);
    let mut formulas = Vec::new();
    for rule in &std.cross_year {
        carry(&last, std, rule, &mut report, &mut formulas);
    }
    Ok(RolledForward { report, formulas })
}

/// Last year's paragraphs under the mark; nothing when there were none.
fn marked(mark: &str, paragraphs: &[String]) -> Vec<String> {
    if paragraphs.iter().all(|p| p.trim().is_empty()) {
        return Vec::new();
    }
    std::iter::once(mark.to_string())
        .chain(paragraphs.iter().cloned())
        .collect()
}

/// The standard's sections in order with last year's text marked; last year's sections of its
/// own stay after the standard section they followed.
fn sections(last: &Report, std: &Standard, mark: &str) -> Vec<Section> {
    let mut own_after: Vec<(Option<String>, Section)> = Vec::new();
    let mut before: Option<String> = None;
    for s in &last.sections {
        match &s.id {
            Some(id) if std.section(id).is_some() => before = Some(id.clone()),
            _ => own_after.push((before.clone(), s.clone())),
        }
    }
    let carried = |s: &Section| Section {
        paragraphs: marked(mark, &s.paragraphs),
        ..s.clone()
    };
    let mut out: Vec<Section> = own_after
        .iter()
        .filter(|(b, _)| b.is_none())
        .map(|(_, s)| carried(s))
        .collect();
    for def in &std.sections {
        out.push(match last.section(&def.id) {
            Some(s) => carried(s),
            None => Section {
                id: Some(def.id.clone()),
                heading: def.heading.clone(),
                ..Section::default()
            },
        });
        out.extend(
            own_after
                .iter()
                .filter(|(b, _)| b.as_deref() == Some(def.id.as_str()))
                .map(|(_, s)| carried(s)),
        );
    }
    out
}

/// Applies one `[[cross_year]]` rule: copies last year's value, or records a formula.
fn carry(
    last: &Report,
    std: &Standard,
    rule: &CrossYearRule,
    report: &mut Report,
    formulas: &mut Vec<Carry>,
) {
    let Some(table) = std.table(&rule.table) else {
        return;
    };
    let t = rule.table.as_str();
    let at = |id: &str, item: &str| match rule.over {
        Over::Columns => CellRef::new(t, id, item),
        Over::Rows => CellRef::new(t, item, id),
    };
    let items: Vec<&str> = match rule.over {
        Over::Columns => table.columns.iter().map(|c| c.id.as_str()).collect(),
        Over::Rows => table.rows.iter().map(|r| r.id.as_str()).collect(),
    };
    for item in items {
        let exists = |c: &CellRef| report.get(&c.table, &c.row, &c.col).is_some();
        let here = at(&rule.this, item);
        let plus: Vec<CellRef> = rule.plus.iter().map(|id| at(id, item)).collect();
        let minus: Vec<CellRef> = rule.minus.iter().map(|id| at(id, item)).collect();
        if !exists(&here) || !plus.iter().chain(&minus).all(exists) {
            continue;
        }
        let there = at(&rule.previous, item);
        let Some(before) = last.get(&there.table, &there.row, &there.col) else {
            continue;
        };
        if plus.is_empty() && minus.is_empty() {
            report.set(&here.table, &here.row, &here.col, before.clone());
        } else if let Value::Number(previous) = before {
            // Only from a figure: a blank or a mark last year says nothing to start from.
            formulas.push(Carry {
                cell: here,
                previous: *previous,
                plus,
                minus,
                rule: rule.id.clone(),
            });
        }
    }
}

impl RolledForward {
    /// The report as a Word draft: the formula cells stay blank and, under their table, a note
    /// per cell gives last year's figure and how this year's follows from it.
    pub fn draft(&self) -> Report {
        let std = standard::current();
        let mut report = self.report.clone();
        let Some(years) = std.years() else {
            return report;
        };
        for f in &self.formulas {
            let how = std
                .cross_year
                .iter()
                .find(|r| r.id == f.rule)
                .map(|r| r.title.clone())
                .unwrap_or_default();
            let note = years
                .formula_note
                .replace(
                    "{cell}",
                    &std.cell_labels(&f.cell.table, &f.cell.row, &f.cell.col),
                )
                .replace("{previous}", &f.previous.to_string())
                .replace("{how}", &how);
            let section = std.section_of_table(&f.cell.table).map(|s| s.id.clone());
            if let Some(s) = report
                .sections
                .iter_mut()
                .find(|s| s.id.is_some() && s.id == section)
            {
                s.paragraphs.push(note);
            }
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_year() -> Report {
        let std = standard::current();
        let mut r = Report::empty(std);
        r.meta.organ = Some("某县某局".into());
        r.meta.year = Some(2023);
        r.sections = vec![Section {
            id: Some("overview".into()),
            heading: "总体情况".into(),
            paragraphs: vec!["2023年，本局公开信息17条。".into()],
            other_tables: Vec::new(),
        }];
        r.set("requests", "carried_forward", "natural", Value::int(2));
        r.set("requests", "carried_forward", "total", Value::int(2));
        r.set("requests", "new", "natural", Value::int(9));
        r.set("active", "normative", "in_force", Value::int(20));
        r
    }

    #[test]
    fn carries_last_years_carried_forward_into_carried_over() {
        let r = roll_forward(&last_year(), None).expect("rolls");
        let get = |row, col| r.report.get("requests", row, col).cloned();
        assert_eq!(get("carried_over", "natural"), Some(Value::int(2)));
        assert_eq!(get("carried_over", "total"), Some(Value::int(2)));
        assert_eq!(get("carried_over", "legal"), Some(Value::Blank));
        assert_eq!(get("new", "natural"), Some(Value::Blank));
    }

    #[test]
    fn in_force_becomes_a_formula_of_last_years_figure() {
        let r = roll_forward(&last_year(), None).expect("rolls");
        assert_eq!(r.formulas.len(), 1, "only the row with a figure");
        let f = &r.formulas[0];
        assert_eq!(f.cell, CellRef::new("active", "normative", "in_force"));
        assert_eq!(f.previous, Decimal::from(20));
        let mut filled = r.report.clone();
        filled.set("active", "normative", "issued", Value::int(3));
        filled.set("active", "normative", "repealed", Value::int(1));
        assert_eq!(f.value(&filled), Some(Decimal::from(22)));
        assert_eq!(
            r.report.get("active", "normative", "in_force"),
            Some(&Value::Blank)
        );
    }

    #[test]
    fn sets_the_new_year_title_and_period_and_marks_last_years_prose() {
        let r = roll_forward(&last_year(), None).expect("rolls").report;
        assert_eq!(r.meta.year, Some(2024));
        assert_eq!(
            r.meta.title.as_deref(),
            Some("某县某局2024年政府信息公开工作年度报告")
        );
        assert_eq!(r.meta.period_end.as_deref(), Some("2024-12-31"));
        let overview = r.section("overview").expect("overview");
        assert_eq!(overview.paragraphs[0], "（上年内容，请更新）");
        assert_eq!(overview.paragraphs[1], "2023年，本局公开信息17条。");
        assert_eq!(r.sections.len(), standard::current().sections.len());
        assert!(
            r.section("problems")
                .expect("problems")
                .paragraphs
                .is_empty()
        );
    }

    #[test]
    fn an_explicit_year_wins_and_a_missing_one_is_refused() {
        let r = roll_forward(&last_year(), Some(2026)).expect("rolls");
        assert_eq!(r.report.meta.year, Some(2026));
        let mut unknown = last_year();
        unknown.meta.year = None;
        assert!(matches!(
            roll_forward(&unknown, None),
            Err(RollForwardError::NoYear)
        ));
    }

    #[test]
    fn the_draft_notes_last_years_figure_under_the_table() {
        let r = roll_forward(&last_year(), None).expect("rolls");
        let draft = r.draft();
        let active = draft.section("active").expect("active");
        assert_eq!(active.paragraphs.len(), 1);
        assert!(active.paragraphs[0].contains("上年为 20"), "{active:?}");
    }
}
