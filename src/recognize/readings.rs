//! Which column a missing value was: a row read from lines of text (a PDF draws nothing for a
//! blank cell) with fewer numbers than columns is held until every row is read, then placed
//! only if exactly one way of spreading its numbers over the columns keeps every sum rule of the
//! standard that can be evaluated over it (within the row, and down each column with the other
//! rows read); otherwise it stays blank with a note. Nothing here names a table, row or column.

use super::row_index::Target;
use super::tables::{TableReader, Token};
use super::value::parse;
use crate::document::Place;
use crate::finding::{Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{Over, RuleKind};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// A row printed with fewer values than columns, waiting for the other rows.
pub(super) struct Deferred {
    target: Target,
    place: Place,
    /// Each value as printed, where, and the character column it starts at (0 unknown).
    values: Vec<(String, Place, usize)>,
}

/// The most columns whose readings are tried (2^16 ways at most).
const MAX_WIDTH: usize = 16;

impl TableReader<'_> {
    /// Holds row `t`'s values (fewer than its columns) until [`TableReader::settle`].
    pub(super) fn defer(&mut self, t: Target, place: &Place, values: &[&Token]) {
        self.assigned.insert(t);
        self.unknown.insert(t);
        self.deferred.push(Deferred {
            target: t,
            place: place.clone(),
            values: (values.iter())
                .map(|v| (v.text.trim().to_string(), v.place.clone(), v.col))
                .collect(),
        });
    }

    /// Places the held rows that the sum rules read one way only (a row placed may decide
    /// another), and notes the rest as left blank.
    pub fn settle(&mut self, report: &mut Report) {
        let mut pending = std::mem::take(&mut self.deferred);
        loop {
            let before = pending.len();
            let mut rest = Vec::new();
            for d in pending {
                // Where the numbers stand (`-layout` text), unless the sums read the row
                // another way: then neither is taken.
                match (
                    self.aligned_reading(d.target, &d.values),
                    self.only_reading(&d, report),
                ) {
                    (Some(a), Some((mask, _))) if a != mask => rest.push(d),
                    (_, Some((mask, rules))) => self.place_reading(&d, mask, &rules, report),
                    (Some(mask), None) => self.place_aligned(&d, mask, report),
                    (None, None) => rest.push(d),
                }
            }
            pending = rest;
            if pending.is_empty() || pending.len() == before {
                break;
            }
        }
        for d in pending {
            let table = &self.std.tables[d.target.table];
            let row = &table.rows[d.target.row];
            let width = table.columns_of(row).len();
            let printed: Vec<&str> = d.values.iter().map(|v| v.0.as_str()).collect();
            let message = format!(
                "行“{}”印有 {} 个数值（{}），应有 {width} 列：缺的是哪一列无法确定（合计关系不能唯一确定），本行按空白处理",
                row.label,
                d.values.len(),
                printed.join(" ")
            );
            self.warn("import.ambiguous_row", message, d.place.clone());
        }
    }

    fn place_reading(&mut self, d: &Deferred, mask: u32, rules: &[String], report: &mut Report) {
        let message = format!(
            "只有把空白放在“{}”时合计关系（{}）成立，按此读入",
            self.blank_columns(d.target, mask).join("、"),
            rules.join("、")
        );
        self.place_masked(d, mask, "import.reading_by_sum", &message, report);
    }

    fn place_aligned(&mut self, d: &Deferred, mask: u32, report: &mut Report) {
        let message = format!(
            "各数值与上下整行的数值列对齐，空白的是“{}”，按此读入",
            self.blank_columns(d.target, mask).join("、")
        );
        self.place_masked(d, mask, "import.reading_by_columns", &message, report);
    }

    /// The labels of row `t`'s columns that `mask` leaves blank.
    fn blank_columns(&self, t: Target, mask: u32) -> Vec<String> {
        let table = &self.std.tables[t.table];
        (table.columns_of(&table.rows[t.row]).iter().enumerate())
            .filter(|(i, _)| mask & (1 << i) == 0)
            .map(|(_, c)| c.label.clone())
            .collect()
    }

    /// Places a held row's values in the columns of `mask` (the others blank), noting `why`.
    fn place_masked(
        &mut self,
        d: &Deferred,
        mask: u32,
        rule: &str,
        why: &str,
        report: &mut Report,
    ) {
        let t = d.target;
        let table = &self.std.tables[t.table];
        let row = &table.rows[t.row];
        let cols = table.columns_of(row);
        let tokens: Vec<Token> = (d.values.iter())
            .map(|(text, place, col)| Token {
                text: Cow::Owned(text.clone()),
                place: place.clone(),
                value: true,
                counted: false,
                col: *col,
            })
            .collect();
        let mut next = tokens.iter();
        let slots: Vec<Option<&Token>> = (0..cols.len())
            .map(|i| {
                if mask & (1 << i) != 0 {
                    next.next()
                } else {
                    None
                }
            })
            .collect();
        self.findings.push(
            Finding::new(
                rule,
                Severity::Info,
                format!(
                    "行“{}”印有 {} 个数值、应有 {} 列：{why}",
                    row.label,
                    d.values.len(),
                    cols.len()
                ),
            )
            .at(d.place.clone()),
        );
        self.assigned.remove(&t);
        self.unknown.remove(&t);
        self.assign_slots(t, &d.place, &slots, report);
    }

    /// The one reading of a held row (which columns get its values, as a bit mask) under which
    /// every sum rule that can be evaluated holds, with those rules' ids; `None` when no rule can
    /// be evaluated, a value is not a number, or not exactly one reading holds.
    fn only_reading(&self, d: &Deferred, report: &Report) -> Option<(u32, Vec<String>)> {
        let t = d.target;
        let table = &self.std.tables[t.table];
        let row = &table.rows[t.row];
        let cols = table.columns_of(row);
        let width = cols.len();
        if width > MAX_WIDTH {
            return None;
        }
        let numbers: Vec<Decimal> = (d.values.iter())
            .map(|(text, _, _)| number(&parse(text).0))
            .collect::<Option<_>>()?;
        let col = |id: &str| cols.iter().position(|c| c.id == id);
        // Each check: (left, right) as sums of this row's cells (by column index) plus a constant
        // from cells of other rows already read.
        type Side = (Vec<usize>, Decimal);
        let mut checks: Vec<(Side, Side)> = Vec::new();
        let mut rules = Vec::new();
        for rule in &self.std.rules {
            if rule.kind != RuleKind::Sum || rule.table.as_deref() != Some(table.id.as_str()) {
                continue;
            }
            let before = checks.len();
            match rule.over {
                Some(Over::Rows) => {
                    let side = |ids: &[String]| -> Option<Side> {
                        Some((
                            ids.iter().map(|id| col(id)).collect::<Option<_>>()?,
                            Decimal::ZERO,
                        ))
                    };
                    if let (Some(l), Some(r)) = (side(&rule.left), side(&rule.right)) {
                        checks.push((l, r));
                    }
                }
                Some(Over::Columns) => {
                    if !rule.left.iter().chain(&rule.right).any(|r| *r == row.id) {
                        continue;
                    }
                    for (i, c) in cols.iter().enumerate() {
                        let side = |ids: &[String]| -> Option<Side> {
                            let mut mine = Vec::new();
                            let mut known = Decimal::ZERO;
                            for id in ids {
                                if *id == row.id {
                                    mine.push(i);
                                    continue;
                                }
                                let other = table.rows.iter().position(|r| r.id == *id)?;
                                let other = Target {
                                    table: t.table,
                                    row: other,
                                };
                                if !self.assigned.contains(&other) || self.unknown.contains(&other)
                                {
                                    return None;
                                }
                                known += number(report.get(&table.id, id, &c.id)?)?;
                            }
                            Some((mine, known))
                        };
                        if let (Some(l), Some(r)) = (side(&rule.left), side(&rule.right)) {
                            checks.push((l, r));
                        }
                    }
                }
                None => {}
            }
            if checks.len() > before {
                rules.push(rule.id.clone());
            }
        }
        if checks.is_empty() {
            return None;
        }
        let mut found = None;
        for mask in 0u32..(1 << width) {
            if mask.count_ones() as usize != numbers.len() {
                continue;
            }
            let mut cells = vec![Decimal::ZERO; width];
            let mut next = numbers.iter();
            for (i, cell) in cells.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *cell = *next.next()?;
                }
            }
            let sum =
                |(mine, known): &Side| mine.iter().map(|&i| cells[i]).sum::<Decimal>() + known;
            if checks.iter().all(|(l, r)| sum(l) == sum(r)) {
                if found.is_some() {
                    return None;
                }
                found = Some(mask);
            }
        }
        found.map(|mask| (mask, rules))
    }
}

/// A cell's number for a sum: blank counts as 0; `None` for text.
fn number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(d) => Some(*d),
        Value::Blank => Some(Decimal::ZERO),
        Value::Text(_) => None,
    }
}
