//! `gongkai diff LAST THIS`: what the reviewing office looks at when it lays a report beside
//! its predecessor — every cell that changed with both values, the cross-year rules, row totals
//! that swing beyond a factor, and how much of each section's prose stands in last year's.
//!
//! Thresholds come from `[years]` of the standard and can be overridden per run.

pub mod prose;
mod render;
mod xlsx;

use crate::check;
use crate::convert::{self, ConvertError};
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{self, Standard};
use crate::totals;
use prose::SectionRepeat;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::Serialize;
use std::collections::HashSet;

/// Rule id of the finding that a section repeats last year's.
pub const REPEATED: &str = "text.repeated";

/// One cell that differs between the two years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    /// The cell.
    pub cell: CellRef,
    /// Its labels (section · groups · row · column).
    pub labels: String,
    /// Last year's value.
    pub last: Value,
    /// This year's value.
    pub this: Value,
    /// `this − last` when both are numbers.
    pub change: Option<Value>,
    /// `change / last` when both are numbers and last is not 0.
    pub relative: Option<f64>,
    /// A row total (or a cell of a table without totals) that grew beyond the swing factor or
    /// fell below last year's divided by it.
    pub swing: bool,
}

/// Who and which year one side of the diff is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The file as named.
    pub file: String,
    /// 机关.
    pub organ: Option<String>,
    /// Year.
    pub year: Option<i32>,
}

/// Thresholds of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// Swing factor (`[years] swing_factor`).
    pub swing_factor: f64,
    /// Smallest larger figure of a swing (`[years] swing_floor`).
    pub swing_floor: u64,
    /// Share of repeated sentences above which a section gets `text.repeated`.
    pub repeated_share: f64,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Last year's report.
    pub last: Side,
    /// This year's report.
    pub this: Side,
    /// The thresholds used.
    pub thresholds: Thresholds,
    /// Every cell that changed, in the standard's order.
    pub cells: Vec<CellChange>,
    /// Per section with text: the share of sentences standing in last year's.
    pub sections: Vec<SectionRepeat>,
    /// Cross-year rules (as `check --previous`), then `text.repeated` per section.
    pub findings: Vec<Finding>,
    /// What to know about the pairing ([`pairing_notes`]): other organs, the same year …
    pub notes: Vec<String>,
}

/// Why two reports cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Last year's report cannot be brought to this year's format.
    #[error("上年报告无法转换为本年报告的格式：{0}")]
    Convert(#[from] ConvertError),
    /// A format gongkai does not know, or one without `[years]`.
    #[error("报告格式“{0}”未定义或没有 [years] 设置")]
    Format(String),
}

/// The thresholds of `std`'s `[years]`.
///
/// # Errors
/// [`DiffError::Format`] when the format defines no `[years]`.
pub fn default_thresholds(std: &Standard) -> Result<Thresholds, DiffError> {
    let y = std
        .years()
        .ok_or_else(|| DiffError::Format(std.id.clone()))?;
    Ok(Thresholds {
        swing_factor: y.swing_factor,
        swing_floor: y.swing_floor,
        repeated_share: y.repeated_share,
    })
}

/// What a reader of the diff must know about the pairing before the changes: the two reports
/// are of other organs (names compared by [`crate::organ::key`]), the same organ written with
/// and without its divisions, of the same year, or given in the wrong order. In Chinese, one
/// sentence each; empty when they are one organ's two consecutive years.
pub fn pairing_notes(last: &Report, this: &Report) -> Vec<String> {
    let divisions = &standard::get(&this.format)
        .unwrap_or_else(standard::current)
        .consistency
        .divisions;
    let mut notes = Vec::new();
    if let (Some(a), Some(b)) = (&last.meta.organ, &this.meta.organ) {
        match crate::organ::relation(a, b, divisions) {
            crate::organ::Relation::Same => {}
            crate::organ::Relation::SameWithDivisions => notes.push(format!(
                "两份报告的机关名称写法不同（“{a}”与“{b}”），按同一机关对比"
            )),
            crate::organ::Relation::Different => notes.push(format!(
                "两份报告不是同一机关的：上年报告为“{a}”，本年报告为“{b}”；下面对比的是两个机关的报告"
            )),
        }
    }
    match (last.meta.year, this.meta.year) {
        (Some(a), Some(b)) if a == b => notes.push(format!(
            "两份报告是同一年度（{a}年）的，不是相邻两年；与上年核对的结果没有意义"
        )),
        (Some(a), Some(b)) if a > b => notes.push(format!(
            "上年报告（{a}年）晚于本年报告（{b}年）：请按 gongkai diff 上年 本年 的顺序给出"
        )),
        _ => {}
    }
    notes
}

/// Compares `this` with `last` (named `files`: last, this), last converted to this year's
/// format when they differ.
///
/// # Errors
/// [`DiffError`] when the formats cannot be matched.
pub fn diff(
    (last, this): (&Report, &Report),
    files: (&str, &str),
    thresholds: Option<Thresholds>,
) -> Result<Diff, DiffError> {
    let std = standard::get(&this.format).ok_or_else(|| DiffError::Format(this.format.clone()))?;
    let years = std
        .years()
        .ok_or_else(|| DiffError::Format(std.id.clone()))?;
    let thresholds = match thresholds {
        Some(t) => t,
        None => default_thresholds(std)?,
    };
    let (last, _) = convert::convert(last, &std.id)?;
    let cells = changed_cells(&last, this, std, &thresholds);
    let sections = prose::repeats(this, &last, std, years);
    let mut findings = check::cross_year(this, &last, std);
    findings.extend(
        sections
            .iter()
            .filter_map(|s| repeated_finding(s, &thresholds)),
    );
    let side = |file: &str, r: &Report| Side {
        file: file.to_string(),
        organ: r.meta.organ.clone(),
        year: r.meta.year,
    };
    Ok(Diff {
        last: side(files.0, &last),
        this: side(files.1, this),
        thresholds,
        cells,
        sections,
        findings,
        notes: pairing_notes(&last, this),
    })
}

/// Cells where a swing is looked for: the totals of a table, or every cell of a table without.
fn swing_cells(std: &Standard) -> HashSet<CellRef> {
    let all = totals::cached(std);
    let mut out: HashSet<CellRef> = all.iter().map(|t| t.cell.clone()).collect();
    for t in &std.tables {
        if all.iter().any(|x| x.cell.table == t.id) {
            continue;
        }
        for r in &t.rows {
            out.extend(
                t.columns_of(r)
                    .iter()
                    .map(|c| CellRef::new(&t.id, &r.id, &c.id)),
            );
        }
    }
    out
}

fn changed_cells(last: &Report, this: &Report, std: &Standard, th: &Thresholds) -> Vec<CellChange> {
    let swings = swing_cells(std);
    let mut out = Vec::new();
    for t in &std.tables {
        for r in &t.rows {
            for c in t.columns_of(r) {
                let before = last.get(&t.id, &r.id, &c.id).cloned().unwrap_or_default();
                let now = this.get(&t.id, &r.id, &c.id).cloned().unwrap_or_default();
                if before == now {
                    continue;
                }
                let cell = CellRef::new(&t.id, &r.id, &c.id);
                let (change, relative, swing) = match (&before, &now) {
                    (Value::Number(a), Value::Number(b)) => (
                        Some(Value::Number(*b - *a)),
                        (!a.is_zero()).then(|| ((*b - *a) / *a).to_f64()).flatten(),
                        swings.contains(&cell) && is_swing(*a, *b, th),
                    ),
                    _ => (None, None, false),
                };
                out.push(CellChange {
                    labels: std.cell_labels(&t.id, &r.id, &c.id),
                    cell,
                    last: before,
                    this: now,
                    change,
                    relative,
                    swing,
                });
            }
        }
    }
    out
}

/// True when `now` is beyond `factor` times `before` or below `before / factor`, the larger of
/// the two at least the floor.
fn is_swing(before: Decimal, now: Decimal, th: &Thresholds) -> bool {
    let Some(factor) = Decimal::from_f64(th.swing_factor) else {
        return false;
    };
    if before.max(now) < Decimal::from(th.swing_floor) {
        return false;
    }
    now > before * factor || now * factor < before
}

fn repeated_finding(s: &SectionRepeat, th: &Thresholds) -> Option<Finding> {
    let share = s.share?;
    (share > th.repeated_share).then(|| {
        let pct = |x: f64| format!("{:.0}%", x * 100.0);
        Finding::new(
            REPEATED,
            Severity::Warning,
            format!(
                "“{}”与上年报告同一部分雷同：本年 {} 句中有 {} 句与上年相同（{}，阈值 {}）",
                s.heading,
                s.sentences,
                (share * s.sentences as f64).round(),
                pct(share),
                pct(th.repeated_share)
            ),
        )
        .expecting(format!("不超过 {}", pct(th.repeated_share)), pct(share))
        .quoting(s.repeated.first().cloned().unwrap_or_default())
    })
}

impl Diff {
    /// Cells marked as swings.
    pub fn swings(&self) -> impl Iterator<Item = &CellChange> {
        self.cells.iter().filter(|c| c.swing)
    }

    /// The diff as pretty JSON.
    ///
    /// # Errors
    /// Never in practice; the `Result` is serde's.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th() -> Thresholds {
        Thresholds {
            swing_factor: 3.0,
            swing_floor: 10,
            repeated_share: 0.5,
        }
    }

    #[test]
    fn a_swing_needs_the_factor_and_the_floor() {
        let d = |n| Decimal::from(n);
        assert!(is_swing(d(5), d(40), &th()));
        assert!(is_swing(d(40), d(5), &th()));
        assert!(!is_swing(d(10), d(30), &th()), "three times is not beyond");
        assert!(!is_swing(d(1), d(4), &th()), "below the floor");
        assert!(is_swing(d(0), d(12), &th()));
    }

    #[test]
    fn lists_a_changed_cell_with_both_values_and_the_change() {
        let std = standard::current();
        let mut last = Report::empty(std);
        last.set("active", "rules", "issued", Value::int(4));
        let mut this = last.clone();
        this.set("active", "rules", "issued", Value::int(5));
        this.set("active", "rules", "repealed", Value::int(0));
        let d = diff((&last, &this), ("a", "b"), None).expect("diff");
        assert_eq!(d.cells.len(), 2, "blank → 0 is a change too");
        let c = &d.cells[0];
        assert_eq!(c.cell, CellRef::new("active", "rules", "issued"));
        assert_eq!(c.change, Some(Value::int(1)));
        assert_eq!(c.relative, Some(0.25));
        assert_eq!(d.cells[1].change, None);
    }

    #[test]
    fn pairing_notes_tell_other_organs_and_the_same_year_and_accept_a_city_written() {
        let std = standard::current();
        let side = |organ: &str, year: i32| {
            let mut r = Report::empty(std);
            r.meta.organ = Some(organ.into());
            r.meta.year = Some(year);
            r
        };
        let notes = pairing_notes(&side("甲局", 2023), &side("乙局", 2023));
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("不是同一机关") && notes[1].contains("同一年度"));
        let notes = pairing_notes(
            &side("某某市某某区人民政府", 2023),
            &side("某某区人民政府", 2024),
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("按同一机关对比"), "{notes:?}");
        assert!(pairing_notes(&side("甲局", 2023), &side("甲局", 2024)).is_empty());
    }
}
