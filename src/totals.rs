//! Totals of the standard tables, derived from the sum rules: which cells are totals, what they
//! add up, and recomputing a total that a workbook held only as a formula.
//!
//! A total is the single `left` cell of a sum rule whose `right` side lists its parts
//! (`requests.row_total`, `requests.results_total`, `appeals.total`); the balance rule, with two
//! cells on each side, defines no total. Nothing here names a table, row or column.

use crate::document::Place;
use crate::finding::{CellRef, Finding, Severity};
use crate::memo;
use crate::model::{Report, Value};
use crate::standard::{Over, RuleKind, Standard};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A total cell and the cells it adds up, in the rule's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// The total cell.
    pub cell: CellRef,
    /// Its parts.
    pub parts: Vec<CellRef>,
    /// The rule that defines it.
    pub rule: String,
}

/// [`totals`] of a standard, computed once per embedded standard (the .xlsx writer asks for
/// them for every table of every report).
pub fn cached(std: &Standard) -> Cow<'static, Vec<Total>> {
    static CELL: OnceLock<Vec<Vec<Total>>> = OnceLock::new();
    memo::per_standard(&CELL, std, totals)
}

/// Every total of a standard, first rule first; a cell that is a total under two rules (the
/// grand total of table 三) is listed once per rule.
pub fn totals(std: &Standard) -> Vec<Total> {
    let mut out = Vec::new();
    for rule in &std.rules {
        let (RuleKind::Sum, Some(table_id), Some(over), [left]) = (
            rule.kind,
            rule.table.as_deref(),
            rule.over,
            rule.left.as_slice(),
        ) else {
            continue;
        };
        let Some(table) = std.table(table_id) else {
            continue;
        };
        let has = |row: &str, col: &str| {
            table
                .row(row)
                .is_some_and(|r| table.columns_of(r).iter().any(|c| c.id == col))
        };
        match over {
            Over::Rows => {
                for row in &table.rows {
                    if !has(&row.id, left) {
                        continue;
                    }
                    let parts: Vec<CellRef> = rule
                        .right
                        .iter()
                        .filter(|c| has(&row.id, c))
                        .map(|c| CellRef::new(table_id, &row.id, c))
                        .collect();
                    if !parts.is_empty() {
                        out.push(Total {
                            cell: CellRef::new(table_id, &row.id, left),
                            parts,
                            rule: rule.id.clone(),
                        });
                    }
                }
            }
            Over::Columns => {
                for col in &table.columns {
                    if !has(left, &col.id) {
                        continue;
                    }
                    let parts: Vec<CellRef> = rule
                        .right
                        .iter()
                        .filter(|r| has(r, &col.id))
                        .map(|r| CellRef::new(table_id, r, &col.id))
                        .collect();
                    if !parts.is_empty() {
                        out.push(Total {
                            cell: CellRef::new(table_id, left, &col.id),
                            parts,
                            rule: rule.id.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// What a total's formula yields for its parts: blank when no part holds a number, the sum
/// otherwise (dash marks and blanks count 0); `None` when a part is text that is not a number.
pub fn formula_value(report: &Report, parts: &[CellRef]) -> Option<Value> {
    let mut sum = Decimal::ZERO;
    let mut any_number = false;
    for p in parts {
        let v = report.get(&p.table, &p.row, &p.col)?;
        sum += v.numeric()?;
        any_number |= matches!(v, Value::Number(_));
    }
    Some(if any_number {
        Value::Number(sum)
    } else {
        Value::Blank
    })
}

/// True when a total's value is what its formula gives, so that a workbook can hold it as a
/// formula without changing what it reads as.
pub fn agrees(report: &Report, total: &Total) -> bool {
    let Some(v) = report.get(&total.cell.table, &total.cell.row, &total.cell.col) else {
        return false;
    };
    match formula_value(report, &total.parts) {
        Some(Value::Number(s)) => matches!(v, Value::Number(n) if *n == s),
        Some(Value::Blank) => v.is_blank(),
        _ => false,
    }
}

/// Recomputes the totals that a spreadsheet held as formulas (their cells are in `formulas`,
/// found through `origins`): the value becomes what the formula gives for the parts as read,
/// since the program that filled the workbook may not have calculated it. A total typed over
/// with a plain number is not a formula and stays as typed. Reader notes about those formula
/// cells (no saved result, a doubtful 0) are dropped from `findings`; a changed value gets a note.
pub fn recompute_formulas(
    report: &mut Report,
    std: &Standard,
    origins: &HashMap<CellRef, Place, impl std::hash::BuildHasher>,
    formulas: &HashMap<Place, String>,
    findings: &mut Vec<Finding>,
) {
    // The first rule of each total cell that was read from a formula cell (the one the writer
    // used for its formula).
    let mut seen: HashSet<CellRef> = HashSet::new();
    let formula_totals: Vec<(Total, Place)> = totals(std)
        .into_iter()
        .filter(|t| seen.insert(t.cell.clone()))
        .filter_map(|t| {
            let place = origins.get(&t.cell).filter(|p| formulas.contains_key(*p))?;
            Some((t.clone(), place.clone()))
        })
        .collect();
    let read: Vec<Option<Value>> = formula_totals
        .iter()
        .map(|(t, _)| report.get(&t.cell.table, &t.cell.row, &t.cell.col).cloned())
        .collect();
    // Totals may add up other totals (the grand total of table 三): repeat until nothing moves.
    for _ in 0..=formula_totals.len() {
        let mut changed = false;
        for (t, _) in &formula_totals {
            let c = &t.cell;
            if let Some(v) = formula_value(report, &t.parts)
                && report.get(&c.table, &c.row, &c.col) != Some(&v)
            {
                report.set(&c.table, &c.row, &c.col, v);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut settled: HashSet<Place> = HashSet::new();
    for ((t, place), before) in formula_totals.iter().zip(read) {
        if formula_value(report, &t.parts).is_none() {
            continue;
        }
        settled.insert(place.clone());
        let c = &t.cell;
        let now = report.get(&c.table, &c.row, &c.col).cloned();
        if now != before {
            findings.push(
                Finding::new(
                    "import.formula_recomputed",
                    Severity::Info,
                    format!(
                        "合计公式没有可用的计算结果（读到“{}”），已按各项重新计算为“{}”",
                        before.map(|v| v.display()).unwrap_or_default(),
                        now.map(|v| v.display()).unwrap_or_default()
                    ),
                )
                .at_cell(c.clone(), std.cell_labels(&c.table, &c.row, &c.col))
                .at(place.clone()),
            );
        }
    }
    findings.retain(|f| !(f.rule == "import.reader" && settled.contains(&f.place)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    #[test]
    fn totals_come_from_rules_with_one_left_cell() {
        let t = totals(standard::current());
        let rules: HashSet<&str> = t.iter().map(|t| t.rule.as_str()).collect();
        assert!(!rules.contains("requests.balance"));
        // 25 row totals + 7 result totals in table 三, 3 in table 四.
        assert_eq!(t.len(), 25 + 7 + 3);
        let grand = t
            .iter()
            .filter(|t| t.cell == CellRef::new("requests", "total", "total"))
            .count();
        assert_eq!(grand, 2);
    }

    #[test]
    fn formula_value_is_blank_without_numbers_and_none_for_words() {
        let std = standard::current();
        let mut r = Report::empty(std);
        let t = totals(std)
            .into_iter()
            .find(|t| t.rule == "appeals.total")
            .expect("appeals total");
        assert_eq!(formula_value(&r, &t.parts), Some(Value::Blank));
        r.set("appeals", "review", "upheld", Value::int(2));
        r.set("appeals", "review", "pending", Value::Text("/".into()));
        assert_eq!(formula_value(&r, &t.parts), Some(Value::int(2)));
        r.set("appeals", "review", "other", Value::Text("约3件".into()));
        assert_eq!(formula_value(&r, &t.parts), None);
    }

    #[test]
    fn recomputes_only_totals_read_from_formula_cells() {
        let std = standard::current();
        let mut r = Report::empty(std);
        r.set("appeals", "review", "upheld", Value::int(2));
        r.set("appeals", "review", "corrected", Value::int(3));
        r.set("appeals", "litigation_direct", "upheld", Value::int(1));
        r.set("appeals", "litigation_direct", "total", Value::int(7));
        let formula_at = Place::SheetCell {
            sheet: "s".into(),
            row: 4,
            col: 5,
        };
        let typed_at = Place::SheetCell {
            sheet: "s".into(),
            row: 4,
            col: 10,
        };
        let origins = HashMap::from([
            (
                CellRef::new("appeals", "review", "total"),
                formula_at.clone(),
            ),
            (
                CellRef::new("appeals", "litigation_direct", "total"),
                typed_at,
            ),
        ]);
        let mut findings = vec![
            Finding::new("import.reader", Severity::Warning, "no result").at(formula_at.clone()),
        ];
        recompute_formulas(
            &mut r,
            std,
            &origins,
            &HashMap::from([(formula_at, "SUM(B5:E5)".to_string())]),
            &mut findings,
        );
        assert_eq!(r.get("appeals", "review", "total"), Some(&Value::int(5)));
        assert_eq!(
            r.get("appeals", "litigation_direct", "total"),
            Some(&Value::int(7))
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "import.formula_recomputed");
    }
}
