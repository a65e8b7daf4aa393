//! A block of a table printed as its group label, its column headers, then its values (text from
//! a PDF in drawing order, the row labels printed earlier without values): the block's rows are
//! the standard's rows of that group, its columns the headers printed, and the values are placed
//! only when their count is rows × columns and the order is established by counting — one
//! column (its values top to bottom) or one row. A block of several rows and several columns
//! can be printed row by row or column by column; nothing in the text tells which, so it stays
//! blank with a note — unless its values are all the same, when every order reads alike.
//! Nothing here names a table, row or column: groups and headers come from the standard's data.

use super::label::fold;
use super::orphans::Lines;
use super::row_index::Target;
use super::tables::{Stream, TableReader, Token};
use crate::finding::{Finding, Severity};
use crate::model::Report;

/// The most label lines above a run of values that its group label and headers may take.
const MAX_HEADER_LINES: usize = 8;

/// Whether `text` (folded) is the folded labels (or aliases) of `columns` in order, nothing else.
fn is_headers(text: &str, columns: &[&crate::standard::ColumnDef]) -> bool {
    let Some((first, rest)) = columns.split_first() else {
        return text.is_empty();
    };
    std::iter::once(&first.label)
        .chain(&first.aliases)
        .map(|l| fold(l))
        .any(|l| {
            text.strip_prefix(l.as_str())
                .is_some_and(|t| is_headers(t, rest))
        })
}

impl TableReader<'_> {
    /// The run of `values` starting at stream row `r` (no text of its own), placed as a block
    /// under the group label and column headers printed on the label lines right above it.
    /// True when the run was placed or noted.
    pub(super) fn by_block_header(
        &mut self,
        stream: &Stream,
        r: usize,
        values: &[&Token],
        lines: &mut Lines,
        report: &mut Report,
    ) -> bool {
        let text_of = |i: usize| -> String {
            let mut s = String::new();
            for t in &stream[i] {
                s.push_str(&fold(&t.text));
            }
            s
        };
        let label_only = |i: usize| !stream[i].is_empty() && stream[i].iter().all(|t| !t.value);
        // The nearest label line above the run that is a group label of the standard.
        let mut found = None;
        for i in (0..r).rev().take(MAX_HEADER_LINES) {
            if !label_only(i) {
                break;
            }
            let text = text_of(i);
            let rows: Vec<Target> = (self.std.tables.iter().enumerate())
                .flat_map(|(ti, table)| {
                    (table.rows.iter().enumerate())
                        .filter(|(_, row)| row.groups.iter().any(|g| fold(g) == text))
                        .map(move |(row, _)| Target { table: ti, row })
                })
                .collect();
            if !rows.is_empty() {
                found = Some((i, text, rows));
                break;
            }
        }
        let Some((at, group, rows)) = found else {
            return false;
        };
        // One table; every row printed elsewhere without values and not read yet; one set of
        // columns, printed as the headers between the group label and the run.
        if rows.iter().any(|t| {
            t.table != rows[0].table
                || self.assigned.contains(t)
                || !lines.lone.iter().any(|(_, l)| l == t)
        }) {
            return false;
        }
        let table = &self.std.tables[rows[0].table];
        let columns = table.columns_of(&table.rows[rows[0].row]);
        let ids = |row: usize| -> Vec<&str> {
            (table.columns_of(&table.rows[row]).iter())
                .map(|c| c.id.as_str())
                .collect()
        };
        if rows.iter().any(|t| ids(t.row) != ids(rows[0].row)) {
            return false;
        }
        let headers: String = (at + 1..r).map(text_of).collect();
        if !is_headers(&headers, &columns) || values.len() != rows.len() * columns.len() {
            return false;
        }
        let labels: Vec<String> = (rows.iter())
            .map(|t| format!("“{}”", table.rows[t.row].label))
            .collect();
        let place = values[0].place.clone();
        for c in &mut lines.consumed[at..r] {
            *c = true;
        }
        // Several rows and columns: the order is unknown, unless every value is the same text
        // (then every order puts the same value into each cell).
        let same = values
            .iter()
            .all(|v| v.text.trim() == values[0].text.trim());
        if rows.len() > 1 && columns.len() > 1 && !same {
            for &t in &rows {
                self.assigned.insert(t);
                self.unknown.insert(t);
            }
            self.warn(
                "import.ambiguous_order",
                format!(
                    "“{group}”下 {} 行（{}）× {} 列的 {} 个数值可能逐行也可能逐列印出，无法确定各数值所在的格，按空白处理",
                    rows.len(),
                    labels.join("、"),
                    columns.len(),
                    values.len()
                ),
                place,
            );
            return true;
        }
        self.findings.push(
            Finding::new(
                "import.rows_by_block",
                Severity::Info,
                format!(
                    "“{group}”及其列标题之后的 {} 个数值恰为该组 {} 行 × {} 列，{}，按标准的行序读入：{}",
                    values.len(),
                    rows.len(),
                    columns.len(),
                    if rows.len() > 1 && columns.len() > 1 {
                        "各数值相同，逐行或逐列读入结果一样"
                    } else {
                        "逐列自上而下"
                    },
                    labels.join("、")
                ),
            )
            .at(place.clone()),
        );
        let width = columns.len();
        for (k, &t) in rows.iter().enumerate() {
            self.assign(t, &place, &values[k * width..(k + 1) * width], report);
            lines.lone.retain(|(_, l)| *l != t);
        }
        true
    }
}
