//! Reading back what a rolled-forward workbook computes: the cells [`super::Carry`] wrote as
//! `=N+SUM(plus)-SUM(minus)`. A program that fills the workbook without calculating (openpyxl)
//! saves such a formula without its result; the value is then recomputed from the formula's own
//! figure and this year's cells as read — but only when the formula still names exactly the
//! cells of its `[[cross_year]]` rule, so an edited formula is never guessed at.

use crate::document::Place;
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{Over, Standard};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// A carry formula as written: last year's figure, the positions added and taken away
/// (1-based row, column).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parsed {
    base: Decimal,
    plus: Vec<(usize, usize)>,
    minus: Vec<(usize, usize)>,
}

/// `B3` / `$B$3` → (row 3, column 2).
fn cell(text: &str) -> Option<(usize, usize)> {
    let t = text.trim().replace('$', "");
    let split = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = t.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters.chars().try_fold(0usize, |n, c| {
        n.checked_mul(26)?
            .checked_add(usize::from(c.to_ascii_uppercase() as u8 - b'A' + 1))
    })?;
    let row: usize = digits.parse().ok()?;
    (row > 0).then_some((row, col))
}

/// `$B$3:$D$3,$F$3` → the positions, ranges expanded (at most a few hundred cells).
fn refs(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for part in text.split(',') {
        match part.split_once(':') {
            None => out.push(cell(part)?),
            Some((a, b)) => {
                let ((r0, c0), (r1, c1)) = (cell(a)?, cell(b)?);
                if r1 < r0 || c1 < c0 || (r1 - r0 + 1) * (c1 - c0 + 1) > 1000 {
                    return None;
                }
                for r in r0..=r1 {
                    for c in c0..=c1 {
                        out.push((r, c));
                    }
                }
            }
        }
    }
    Some(out)
}

/// Parses `N+SUM(…)-SUM(…)` (with or without `=`, the SUM terms optional, in any order).
fn parse(formula: &str) -> Option<Parsed> {
    let f = formula.trim().trim_start_matches('=').replace(' ', "");
    let first = f
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '+' || *c == '-')
        .map_or(f.len(), |(i, _)| i);
    let base = Decimal::from_str(&f[..first]).ok()?;
    let mut parsed = Parsed {
        base,
        plus: Vec::new(),
        minus: Vec::new(),
    };
    let mut rest = &f[first..];
    while !rest.is_empty() {
        let (sign, tail) = rest.split_at(1);
        let inner = tail.strip_prefix("SUM(")?;
        let close = inner.find(')')?;
        let cells = refs(&inner[..close])?;
        match sign {
            "+" => parsed.plus.extend(cells),
            _ => parsed.minus.extend(cells),
        }
        rest = &inner[close + 1..];
    }
    Some(parsed)
}

/// Recomputes the carry cells of `report` read from formula cells (`formulas`: place →
/// formula text; `origins`: where each cell was read). A changed value gets a note; the
/// reader's notes about those cells (no saved result) are dropped.
pub fn recompute_carried(
    report: &mut Report,
    std: &Standard,
    origins: &HashMap<CellRef, Place, impl std::hash::BuildHasher>,
    formulas: &HashMap<Place, String>,
    findings: &mut Vec<Finding>,
) {
    let cell_at: HashMap<&Place, &CellRef> = origins.iter().map(|(c, p)| (p, c)).collect();
    let mut settled: HashSet<Place> = HashSet::new();
    for rule in std
        .cross_year
        .iter()
        .filter(|r| !r.plus.is_empty() || !r.minus.is_empty())
    {
        let Some(table) = std.table(&rule.table) else {
            continue;
        };
        let at = |id: &str, item: &str| match rule.over {
            Over::Columns => CellRef::new(&rule.table, id, item),
            Over::Rows => CellRef::new(&rule.table, item, id),
        };
        let items: Vec<&str> = match rule.over {
            Over::Columns => table.columns.iter().map(|c| c.id.as_str()).collect(),
            Over::Rows => table.rows.iter().map(|r| r.id.as_str()).collect(),
        };
        for item in items {
            let here = at(&rule.this, item);
            let Some(place @ Place::SheetCell { sheet, .. }) = origins.get(&here) else {
                continue;
            };
            let Some(parsed) = formulas.get(place).and_then(|f| parse(f)) else {
                continue;
            };
            // The formula must name the rule's cells: each position read as a cell is that
            // cell, and the rest (empty cells, which the reader gives no place) are as many as
            // the rule's cells that were not read — blank either way.
            let names = |positions: &[(usize, usize)], ids: &[String]| -> bool {
                let want: HashSet<CellRef> = ids.iter().map(|id| at(id, item)).collect();
                let mut named: HashSet<CellRef> = HashSet::new();
                let mut empty = 0;
                for &(row, col) in positions {
                    let p = Place::SheetCell {
                        sheet: sheet.clone(),
                        row,
                        col,
                    };
                    match cell_at.get(&p) {
                        Some(c) if want.contains(*c) => {
                            named.insert((*c).clone());
                        }
                        Some(_) => return false,
                        None => empty += 1,
                    }
                }
                let unread = want.iter().filter(|c| !origins.contains_key(*c)).count();
                positions.len() == want.len()
                    && empty == unread
                    && want
                        .iter()
                        .all(|c| named.contains(c) || !origins.contains_key(c))
            };
            if !names(&parsed.plus, &rule.plus) || !names(&parsed.minus, &rule.minus) {
                continue; // not the formula gongkai wrote: keep what was read
            }
            let sum = |ids: &[String]| -> Option<Decimal> {
                ids.iter()
                    .map(|id| {
                        let c = at(id, item);
                        report
                            .get(&c.table, &c.row, &c.col)
                            .and_then(Value::numeric)
                    })
                    .sum()
            };
            let (Some(plus), Some(minus)) = (sum(&rule.plus), sum(&rule.minus)) else {
                continue;
            };
            let value = Value::Number(parsed.base + plus - minus);
            settled.insert(place.clone());
            let before = report.get(&here.table, &here.row, &here.col).cloned();
            if before.as_ref() == Some(&value) {
                continue;
            }
            findings.push(
                Finding::new(
                    "import.formula_recomputed",
                    Severity::Info,
                    format!(
                        "公式没有可用的计算结果（读到“{}”），已按上年数和本年各项重新计算为“{}”",
                        before.map(|v| v.display()).unwrap_or_default(),
                        value.display()
                    ),
                )
                .at_cell(
                    here.clone(),
                    std.cell_labels(&here.table, &here.row, &here.col),
                )
                .at(place.clone()),
            );
            report.set(&here.table, &here.row, &here.col, value);
        }
    }
    findings.retain(|f| !(f.rule == "import.reader" && settled.contains(&f.place)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_formula_gongkai_writes() {
        let p = parse("=20+SUM($B$4)-SUM($C$4)").expect("parses");
        assert_eq!(p.base, Decimal::from(20));
        assert_eq!(p.plus, vec![(4, 2)]);
        assert_eq!(p.minus, vec![(4, 3)]);
        let p = parse("3.5+SUM(B3:D3,F3)").expect("parses");
        assert_eq!(p.plus, vec![(3, 2), (3, 3), (3, 4), (3, 6)]);
    }

    #[test]
    fn refuses_other_formulas() {
        assert_eq!(parse("SUM(B3:B9)"), None);
        assert_eq!(parse("=20*SUM(B4)"), None);
        assert_eq!(parse("=20+B4"), None);
    }
}
