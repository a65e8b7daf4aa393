//! Which column a missing value was, by where the numbers stand: `pdftotext -layout` keeps each
//! column of a table at its place by spaces, so a row printed with a blank cell (a PDF draws
//! nothing there) shows the gap. A short row is placed by the columns of the whole rows of its
//! table printed nearest above and below it — only when there are both, they agree on where the
//! columns are (a page break between them moves the columns), and each of its numbers stands
//! under exactly one column.

use super::row_index::Target;
use super::tables::{TableReader, Token};
use crate::document::Place;

/// The most lines between a short row and a whole row whose columns it is read by.
const MAX_DISTANCE: usize = 24;

/// Where a whole row of a table printed its values: (line, table, each column's first and last
/// character column).
pub(super) type Columns = (usize, usize, Vec<(usize, usize)>);

/// The line of a run of words printed on one line with their columns known, or `None`.
fn one_line(values: &[&Token]) -> Option<usize> {
    let mut line = None;
    let mut last: Option<usize> = None;
    for v in values {
        let Place::Line { line: l } = v.place else {
            return None;
        };
        if v.counted || *line.get_or_insert(l) != l || last.is_some_and(|c| c >= v.col) {
            return None;
        }
        last = Some(v.col);
    }
    line
}

/// A word's first and last character column.
fn span(t: &Token) -> (usize, usize) {
    let n = t.text.trim().chars().count().max(1);
    (t.col, t.col + n - 1)
}

impl TableReader<'_> {
    /// Remembers where row `t`, printed whole on one line, put its values.
    pub(super) fn note_columns(&mut self, t: Target, values: &[&Token]) {
        if let Some(line) = one_line(values) {
            self.columns
                .push((line, t.table, values.iter().map(|v| span(v)).collect()));
        }
    }

    /// The columns (as a bit mask over row `t`'s columns) of `values`, a run shorter than the
    /// row printed on one line, read by the whole rows of its table nearest above and below it;
    /// `None` unless there are such rows on both sides, they agree, and every value stands under
    /// one column only, in order.
    pub(super) fn aligned_reading(
        &self,
        t: Target,
        values: &[(String, Place, usize)],
    ) -> Option<u32> {
        let width = self.width(t);
        let Some(Place::Line { line }) = values.first().map(|v| &v.1) else {
            return None;
        };
        if values.iter().any(|v| v.1 != Place::Line { line: *line }) || width > 32 {
            return None;
        }
        let near = |above: bool| {
            (self.columns.iter())
                .filter(|(l, table, cols)| {
                    *table == t.table
                        && cols.len() == width
                        && if above { l < line } else { l > line }
                        && l.abs_diff(*line) <= MAX_DISTANCE
                })
                .min_by_key(|(l, _, _)| l.abs_diff(*line))
        };
        // Both sides: rows on one side only may be of the page before (its columns elsewhere)
        // and still agree with each other.
        let (Some(above), Some(below)) = (near(true), near(false)) else {
            return None;
        };
        let rows = [above, below];
        let first = &rows[0];
        // The rows agree: each column of one overlaps the same column of the other.
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 <= b.1 + 1 && b.0 <= a.1 + 1;
        if rows
            .iter()
            .any(|r| (0..width).any(|j| !overlaps(r.2[j], first.2[j])))
        {
            return None;
        }
        let column = |j: usize| {
            let lo = rows.iter().map(|r| r.2[j].0).min().unwrap_or(0);
            let hi = rows.iter().map(|r| r.2[j].1).max().unwrap_or(0);
            (lo, hi)
        };
        let columns: Vec<(usize, usize)> = (0..width).map(column).collect();
        // Columns apart from each other by a space at least, or the reading is not clear.
        if columns.windows(2).any(|w| w[0].1 + 2 > w[1].0) {
            return None;
        }
        let mut mask = 0u32;
        let mut last: Option<usize> = None;
        for (text, _, col) in values {
            let n = text.chars().count().max(1);
            let word = (*col, col + n - 1);
            let mut under = (0..width).filter(|&j| overlaps(word, columns[j]));
            let (Some(j), None) = (under.next(), under.next()) else {
                return None;
            };
            if last.is_some_and(|l| l >= j) {
                return None;
            }
            last = Some(j);
            mask |= 1 << j;
        }
        Some(mask)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;
    use std::borrow::Cow;

    fn words(line: usize, text: &str) -> Vec<Token<'static>> {
        let mut out = Vec::new();
        let mut col = 0;
        for part in text.split(' ') {
            if !part.is_empty() {
                out.push(Token {
                    text: Cow::Owned(part.to_string()),
                    place: Place::Line { line },
                    value: true,
                    counted: false,
                    col,
                });
            }
            col += part.chars().count() + 1;
        }
        out
    }

    fn held(line: usize, text: &str) -> Vec<(String, Place, usize)> {
        (words(line, text).into_iter())
            .map(|t| (t.text.into_owned(), t.place, t.col))
            .collect()
    }

    /// A reader of table 三's row 0 (7 columns) that saw the whole rows `rows` (line, text).
    fn reader_with(rows: &[(usize, &str)]) -> TableReader<'static> {
        let mut r = TableReader::new(standard::current());
        let ti = (standard::current().tables.iter())
            .position(|t| t.columns.len() >= 7)
            .expect("table 三");
        for (line, text) in rows {
            let w = words(*line, text);
            let refs: Vec<&Token> = w.iter().collect();
            r.note_columns(Target { table: ti, row: 0 }, &refs);
        }
        r
    }

    fn target(r: &TableReader) -> Target {
        let ti = (r.standard().tables.iter())
            .position(|t| t.columns.len() >= 7)
            .expect("table 三");
        Target { table: ti, row: 1 }
    }

    /// A line with `words` at their character columns.
    fn at(words: &[(usize, &str)]) -> String {
        let mut line = String::new();
        for (col, w) in words {
            while line.chars().count() < *col {
                line.push(' ');
            }
            line.push_str(w);
        }
        line
    }

    fn whole() -> String {
        at(&[
            (5, "365"),
            (11, "208"),
            (17, "132"),
            (24, "84"),
            (29, "99"),
            (34, "85"),
            (39, "973"),
        ])
    }

    /// Row 二 with its 科研机构 cell blank: each number under its column of `whole`.
    fn short() -> String {
        at(&[
            (6, "12"),
            (11, "14"),
            (25, "9"),
            (29, "4"),
            (35, "7"),
            (40, "48"),
        ])
    }

    #[test]
    fn places_a_row_with_a_blank_cell_by_the_columns_above_and_below() {
        let r = reader_with(&[(10, &whole()), (14, &whole())]);
        let short = short();
        assert_eq!(
            r.aligned_reading(target(&r), &held(12, &short)),
            Some(0b111_1011)
        );
    }

    #[test]
    fn refuses_a_value_between_two_columns() {
        let r = reader_with(&[(10, &whole())]);
        let short = at(&[
            (6, "12"),
            (11, "14"),
            (21, "9"),
            (29, "4"),
            (35, "7"),
            (40, "48"),
        ]);
        assert_eq!(r.aligned_reading(target(&r), &held(12, &short)), None);
    }

    #[test]
    fn refuses_when_the_rows_above_and_below_disagree() {
        // A page break between them: the columns moved.
        let moved = at(&[
            (1, "365"),
            (7, "208"),
            (13, "132"),
            (20, "84"),
            (25, "99"),
            (30, "85"),
            (35, "973"),
        ]);
        let r = reader_with(&[(10, &whole()), (14, &moved)]);
        let short = short();
        assert_eq!(r.aligned_reading(target(&r), &held(12, &short)), None);
    }

    #[test]
    fn refuses_with_whole_rows_on_one_side_only() {
        // Both above: they may be of the page before, whose columns stand elsewhere.
        let r = reader_with(&[(8, &whole()), (10, &whole())]);
        assert_eq!(r.aligned_reading(target(&r), &held(12, &short())), None);
    }

    #[test]
    fn refuses_without_a_whole_row_nearby() {
        let r = reader_with(&[(100, &whole())]);
        let short = short();
        assert_eq!(r.aligned_reading(target(&r), &held(12, &short)), None);
    }
}
