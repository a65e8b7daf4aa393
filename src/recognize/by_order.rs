//! Values of text lines that no row label took, read as a whole table printed cell by cell in
//! the order a PDF drew it (pdftotext's default mode): placed only when exactly one reading in
//! that order keeps every sum rule of the standard over the table (see `order`); otherwise left
//! blank with a note. Nothing here names a table, row or column: they come from the standard.

use super::order::{self, Check, Decoded, Problem};
use super::row_index::Target;
use super::tables::{TableReader, Token};
use super::value::parse;
use crate::finding::{Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{Layout, Over, RuleKind, TableDef};
use rust_decimal::Decimal;

/// A table's rows still unread, as the grid the decoder fills.
struct Grid {
    table: usize,
    rows: Vec<usize>,
    cols: Vec<String>,
}

impl TableReader<'_> {
    /// Places `values` (every value left over in one stream, in printed order) into the one table
    /// whose unread cells they fill, when the standard's sum rules leave exactly one reading of
    /// the order they were printed in. Returns whether they were placed.
    /// `breaks` says, for each value, whether text was printed right before it.
    pub(super) fn by_order(
        &mut self,
        values: &[&Token],
        breaks: &[bool],
        report: &mut Report,
    ) -> bool {
        let Some(numbers) = (values.iter())
            .map(|v| match parse(&v.text).0 {
                Value::Number(d) => Some(d.normalize()),
                _ => None,
            })
            .collect::<Option<Vec<Decimal>>>()
        else {
            return false;
        };
        let fits: Vec<Grid> = (0..self.std.tables.len())
            .filter_map(|ti| self.grid(ti))
            .filter(|g| {
                let cells = g.rows.len() * g.cols.len();
                (numbers.len()..=numbers.len() + order::MAX_BLANKS).contains(&cells)
            })
            .collect();
        let [grid] = fits.as_slice() else {
            return false;
        };
        let (checks, rules) = self.checks(grid, report);
        if checks.is_empty() {
            return false;
        }
        let mut texts: Vec<String> = Vec::new();
        let ids: Vec<u32> = (numbers.iter())
            .map(|n| {
                let t = n.to_string();
                let at = texts.iter().position(|x| *x == t).unwrap_or_else(|| {
                    texts.push(t);
                    texts.len() - 1
                });
                at as u32
            })
            .collect();
        let decoded = order::decode(Problem {
            rows: grid.rows.len(),
            cols: grid.cols.len(),
            values: &numbers,
            ids: &ids,
            checks: &checks,
            breaks,
        });
        let table = &self.std.tables[grid.table];
        let section = (self.std.section_of_table(&table.id))
            .map(|s| s.printed())
            .unwrap_or_default();
        let place = values[0].place.clone();
        let why = match decoded {
            Decoded::One(reading) => {
                self.findings.push(
                    Finding::new(
                        "import.order_by_sum",
                        Severity::Info,
                        format!(
                            "“{section}”的 {} 个数值未逐行印出（PDF 按绘制次序排列各格）：按表格的行列次序只有一种读法使合计关系（{}）全部成立，按此读入",
                            values.len(),
                            rules.join("、")
                        ),
                    )
                    .at(place.clone()),
                );
                let width = grid.cols.len();
                for (i, &row) in grid.rows.iter().enumerate() {
                    let slots: Vec<Option<&Token>> = (0..width)
                        .map(|c| reading[i * width + c].map(|k| values[k]))
                        .collect();
                    let t = Target {
                        table: grid.table,
                        row,
                    };
                    self.assign_slots(t, &place, &slots, report);
                }
                return true;
            }
            Decoded::Nothing => "没有一种读法使合计关系全部成立",
            Decoded::Several => "不止一种读法使合计关系全部成立",
            Decoded::TooLarge => "可能的读法过多，未能逐一核对",
        };
        self.warn(
            "import.ambiguous_order",
            format!(
                "“{section}”的 {} 个数值未逐行印出，按表格的行列次序{why}（{}），无法确定各数值所在的格，按空白处理",
                values.len(),
                rules.join("、")
            ),
            place,
        );
        false
    }

    /// Table `ti`'s rows not read yet, when there are several, all of the same columns.
    fn grid(&self, ti: usize) -> Option<Grid> {
        let table: &TableDef = &self.std.tables[ti];
        if table.layout == Layout::SingleRow {
            return None;
        }
        let rows: Vec<usize> = (0..table.rows.len())
            .filter(|&row| !self.assigned.contains(&Target { table: ti, row }))
            .collect();
        let first = table.rows.get(*rows.first()?)?;
        let cols: Vec<String> = (table.columns_of(first).iter())
            .map(|c| c.id.clone())
            .collect();
        let same = rows.iter().all(|&r| {
            let these = table.columns_of(&table.rows[r]);
            these.len() == cols.len() && these.iter().zip(&cols).all(|(a, b)| a.id == *b)
        });
        (rows.len() >= 2 && same).then_some(Grid {
            table: ti,
            rows,
            cols,
        })
    }

    /// The standard's sum rules over `grid` as checks of its cells (cells of rows read already
    /// as constants; a rule over a row left blank, or a word, is not checked), with their ids.
    fn checks(&self, grid: &Grid, report: &Report) -> (Vec<Check>, Vec<String>) {
        let table = &self.std.tables[grid.table];
        let width = grid.cols.len();
        let col = |id: &str| grid.cols.iter().position(|c| c == id);
        let at_row = |id: &str| {
            let r = table.rows.iter().position(|r| r.id == id)?;
            Some((r, grid.rows.iter().position(|&g| g == r)))
        };
        let mut checks = Vec::new();
        let mut rules = Vec::new();
        for rule in &self.std.rules {
            if rule.kind != RuleKind::Sum || rule.table.as_deref() != Some(table.id.as_str()) {
                continue;
            }
            let before = checks.len();
            let signed = || {
                (rule.left.iter().map(|id| (id, 1i8))).chain(rule.right.iter().map(|id| (id, -1)))
            };
            match rule.over {
                Some(Over::Rows) => {
                    for i in 0..grid.rows.len() {
                        let terms: Option<Vec<(usize, i8)>> = signed()
                            .map(|(id, s)| col(id).map(|c| (i * width + c, s)))
                            .collect();
                        if let Some(terms) = terms {
                            checks.push(Check {
                                terms,
                                constant: Decimal::ZERO,
                            });
                        }
                    }
                }
                Some(Over::Columns) => {
                    for (c, cid) in grid.cols.iter().enumerate() {
                        let mut terms = Vec::new();
                        let mut constant = Decimal::ZERO;
                        let mut ok = true;
                        for (id, s) in signed() {
                            match at_row(id) {
                                Some((_, Some(i))) => terms.push((i * width + c, s)),
                                Some((r, None)) => {
                                    let t = Target {
                                        table: grid.table,
                                        row: r,
                                    };
                                    let known = match report.get(&table.id, id, cid) {
                                        Some(Value::Number(d)) => Some(*d),
                                        Some(Value::Blank) => Some(Decimal::ZERO),
                                        _ => None,
                                    };
                                    match known {
                                        Some(d) if !self.unknown.contains(&t) => {
                                            constant += if s > 0 { d } else { -d }
                                        }
                                        _ => ok = false,
                                    }
                                }
                                None => ok = false,
                            }
                        }
                        if ok && !terms.is_empty() {
                            checks.push(Check { terms, constant });
                        }
                    }
                }
                None => {}
            }
            if checks.len() > before {
                rules.push(rule.id.clone());
            }
        }
        (checks, rules)
    }
}
