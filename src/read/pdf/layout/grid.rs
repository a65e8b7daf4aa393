//! Table drafts: the cells of a table as boxes with their text, filled from the glyphs inside
//! each cell (a glyph no cell holds whole is left out with a note), joined with the part of the
//! same table on the next page, and finally turned into the neutral grid with row and column
//! spans from the distinct cell edges.

use super::geom::{Rect, cluster, edge_index, interval};
use super::lines::{self, join_wrapped};
use super::ruled::Ruled;
use crate::document::{Cell, Note, Place, Row, Table};
use crate::read::pdf::page::Glyph;

/// Edges of cells closer than this (points) are one grid line.
const EDGE: f64 = 1.5;
/// Column edges of two parts of a table closer than this (points) are the same column edge.
const SAME_COLUMN: f64 = 2.0;

/// A table while the layout still works on it: cells as boxes in a coordinate system where the
/// parts on later pages are stacked under the first part.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    /// The cells.
    pub cells: Vec<DraftCell>,
    /// The box around the cells (stacked coordinates).
    pub bbox: Rect,
    /// Where the table starts.
    pub place: Place,
}

/// A cell of a draft.
#[derive(Debug, Clone)]
pub(super) struct DraftCell {
    /// The box (stacked coordinates).
    pub rect: Rect,
    /// The text, lines joined in reading order.
    pub text: String,
    /// Where the cell is on its page.
    pub place: Place,
    /// The cell's top edge is not drawn (the page break cut the table there).
    pub open_top: bool,
    /// The cell's bottom edge is not drawn (the page break cut the table there).
    pub open_bottom: bool,
}

/// Fills the cells of ruled table `table` on page `page` with `glyphs` (those inside the
/// table's box). A glyph that crosses a cell edge or falls in no cell is not put into any cell;
/// one note per line of such glyphs says where and what.
pub(super) fn fill(table: &Ruled, glyphs: &[&Glyph], page: usize, notes: &mut Vec<Note>) -> Draft {
    let rects = &table.cells;
    let (xs, _) = cluster(
        &rects.iter().flat_map(|r| [r.x0, r.x1]).collect::<Vec<_>>(),
        EDGE,
    );
    let (ys, _) = cluster(
        &rects
            .iter()
            .flat_map(|r| [r.top, r.bottom])
            .collect::<Vec<_>>(),
        EDGE,
    );
    let width = xs.len().saturating_sub(1);
    let mut owner: Vec<Option<usize>> = vec![None; width * ys.len().saturating_sub(1)];
    for (i, r) in rects.iter().enumerate() {
        let span = |edges: &[f64], a: f64, b: f64| {
            Some((edge_index(edges, a, EDGE)?, edge_index(edges, b, EDGE)?))
        };
        if let (Some((c0, c1)), Some((r0, r1))) =
            (span(&xs, r.x0, r.x1), span(&ys, r.top, r.bottom))
        {
            for row in r0..r1 {
                for col in c0..c1 {
                    owner[row * width + col].get_or_insert(i);
                }
            }
        }
    }
    let mut inside: Vec<Vec<&Glyph>> = vec![Vec::new(); rects.len()];
    let mut left_out: Vec<&Glyph> = Vec::new();
    for &g in glyphs {
        let b = Rect::of_glyph(g);
        let cell = interval(&xs, b.cx())
            .zip(interval(&ys, b.cy()))
            .and_then(|(col, row)| owner[row * width + col])
            .filter(|&i| holds(&rects[i], &b));
        match cell {
            Some(i) => inside[i].push(g),
            None => left_out.push(g),
        }
    }
    for line in lines::build(left_out) {
        notes.push(Note {
            place: line.rect.place(page),
            message: format!(
                "表格中的文字“{}”跨越单元格边线或不在任何单元格内，无法确定属于哪个单元格，未放入表格",
                line.text()
            ),
        });
    }
    let cells = rects
        .iter()
        .zip(inside)
        .zip(&table.open)
        .map(|((r, glyphs), &(open_top, open_bottom))| DraftCell {
            rect: *r,
            text: cell_text(glyphs),
            place: r.place(page),
            open_top,
            open_bottom,
        })
        .collect();
    let bbox = Rect::around(rects.iter().copied());
    Draft {
        cells,
        bbox,
        place: bbox.place(page),
    }
}

/// True when cell `c` holds glyph box `g`: at most 30 % of the glyph's width hangs over a side
/// (fonts draw a little wide), and the middle half of its height is inside.
fn holds(c: &Rect, g: &Rect) -> bool {
    let slack = 0.3 * g.width().max(0.0);
    let quarter = 0.25 * g.height().max(0.0);
    g.x0 + slack >= c.x0
        && g.x1 - slack <= c.x1
        && g.cy() - quarter >= c.top
        && g.cy() + quarter <= c.bottom
}

/// The text of a cell: its lines top to bottom (vertical columns after), wrapped lines joined
/// — a number a narrow cell broke over two lines ("18" / "6") without a space.
fn cell_text(glyphs: Vec<&Glyph>) -> String {
    let mut out = String::new();
    for line in lines::build(glyphs) {
        let text = line.text();
        let digits = out.ends_with(|c: char| c.is_ascii_digit())
            && text.starts_with(|c: char| c.is_ascii_digit());
        if digits {
            out.push_str(&text);
        } else {
            join_wrapped(&mut out, &text);
        }
    }
    out
}

/// The cells starting in a row: left and right edge (whole points) and text, left to right.
type RowSignature<'a> = Vec<(i64, i64, &'a str)>;

impl Draft {
    /// The draft of a table found from text alignment on page `page`: its cells (box and
    /// text), none cut by a page break.
    pub(super) fn of_cells(cells: Vec<(Rect, String)>, page: usize) -> Draft {
        let cells: Vec<DraftCell> = cells
            .into_iter()
            .map(|(rect, text)| DraftCell {
                rect,
                text,
                place: rect.place(page),
                open_top: false,
                open_bottom: false,
            })
            .collect();
        let bbox = Rect::around(cells.iter().map(|c| c.rect));
        Draft {
            cells,
            bbox,
            place: bbox.place(page),
        }
    }

    /// The distinct column edges of the draft.
    fn columns(&self) -> Vec<f64> {
        let xs: Vec<f64> = self
            .cells
            .iter()
            .flat_map(|c| [c.rect.x0, c.rect.x1])
            .collect();
        cluster(&xs, EDGE).0
    }

    /// True when `next` (a table at the top of the next page) continues this table: the same
    /// outer edges, and the column edges of one part all among those of the other (a part cut
    /// inside merged header cells shows fewer edges).
    pub fn continues_into(&self, next: &Draft) -> bool {
        let mine = self.columns();
        let theirs = next.columns();
        let within = |a: &[f64], b: &[f64]| {
            a.iter()
                .all(|x| b.iter().any(|m| (m - x).abs() <= SAME_COLUMN))
        };
        (self.bbox.x0 - next.bbox.x0).abs() <= SAME_COLUMN
            && (self.bbox.x1 - next.bbox.x1).abs() <= SAME_COLUMN
            && (within(&theirs, &mine) || within(&mine, &theirs))
    }

    /// Rows as lists of (left, right, text) of the cells starting in them, top to bottom.
    fn row_signatures(&self) -> Vec<(f64, RowSignature<'_>)> {
        let tops: Vec<f64> = self.cells.iter().map(|c| c.rect.top).collect();
        let (ys, index) = cluster(&tops, EDGE);
        let mut rows: Vec<(f64, RowSignature<'_>)> = ys.iter().map(|&y| (y, Vec::new())).collect();
        for (c, &r) in self.cells.iter().zip(&index) {
            rows[r].1.push((
                c.rect.x0.round() as i64,
                c.rect.x1.round() as i64,
                c.text.as_str(),
            ));
        }
        rows.iter_mut().for_each(|r| r.1.sort_unstable());
        rows
    }

    /// Appends `next`, the part of this table on the following page: header rows repeated at
    /// its top (the same texts as this table's first rows) are dropped; a row the page break
    /// cut in two (its first row has text only under cells of this part's last row that have
    /// text, and blanks under some that have text) is joined back into one; the rest is
    /// stacked below.
    pub fn append(&mut self, mut next: Draft) {
        let mine = self.row_signatures();
        let theirs = next.row_signatures();
        let repeated = mine
            .iter()
            .zip(&theirs)
            .take_while(|(a, b)| {
                a.1.len() == b.1.len()
                    && a.1.iter().zip(&b.1).all(|(x, y)| {
                        (x.0 - y.0).abs() <= 2 && (x.1 - y.1).abs() <= 2 && x.2 == y.2
                    })
                    && a.1.iter().any(|x| !x.2.is_empty())
            })
            .count();
        if repeated > 0 && repeated < theirs.len() {
            let cut = theirs[repeated].0;
            next.cells.retain(|c| c.rect.top >= cut - EDGE);
        }
        if next.cells.is_empty() {
            return;
        }
        let top = next
            .cells
            .iter()
            .map(|c| c.rect.top)
            .fold(f64::INFINITY, f64::min);
        let shift = self.bbox.bottom - top;
        for c in &mut next.cells {
            c.rect.top += shift;
            c.rect.bottom += shift;
        }
        self.join_cut_row(&mut next.cells);
        self.cells.extend(next.cells);
        self.bbox = Rect::around(self.cells.iter().map(|c| c.rect));
    }

    /// Joins the first row of `next` (already stacked) into the last row of this table when it
    /// is the rest of a row the page break cut: each of its cells under a cell of the last row
    /// with the same edges, text only where the last row has text, and some cell of the last
    /// row with text over a blank (a value printed once, in the first part). A cell of the cut
    /// row that starts like a numbered label is a row of its own: nothing is joined then.
    ///
    /// Cells cut open by the page break (no rule drawn at the cut on either side) are joined
    /// with the cell above them whatever their text: they are one cell.
    fn join_cut_row(&mut self, next: &mut Vec<DraftCell>) {
        let seam = self.bbox.bottom;
        let first: Vec<usize> = (0..next.len())
            .filter(|&i| (next[i].rect.top - seam).abs() <= EDGE)
            .collect();
        let above = |r: &DraftCell, open: bool| {
            self.cells.iter().position(|c| {
                (c.rect.bottom - seam).abs() <= EDGE
                    && (c.rect.x0 - r.rect.x0).abs() <= SAME_COLUMN
                    && (c.rect.x1 - r.rect.x1).abs() <= SAME_COLUMN
                    && (!open || (c.open_bottom && r.open_top))
            })
        };
        if first.iter().any(|&i| next[i].open_top) {
            let pairs: Vec<(usize, Option<usize>)> =
                first.iter().map(|&i| (i, above(&next[i], true))).collect();
            self.join_pairs(next, pairs);
            return;
        }
        let pairs: Vec<(usize, Option<usize>)> =
            first.iter().map(|&i| (i, above(&next[i], false))).collect();
        let all_matched = !pairs.is_empty() && pairs.iter().all(|p| p.1.is_some());
        let consistent = pairs.iter().all(|&(i, a)| {
            next[i].text.is_empty()
                || a.is_some_and(|a| {
                    !self.cells[a].text.is_empty() && !starts_numbered(&next[i].text)
                })
        });
        let some_text = pairs.iter().any(|&(i, _)| !next[i].text.is_empty());
        let printed_once = pairs.iter().any(|&(i, a)| {
            next[i].text.is_empty() && a.is_some_and(|a| !self.cells[a].text.is_empty())
        });
        let last_row_cells = self
            .cells
            .iter()
            .filter(|c| (c.rect.bottom - seam).abs() <= EDGE)
            .count();
        if all_matched && consistent && some_text && printed_once && pairs.len() == last_row_cells {
            self.join_pairs(next, pairs);
        }
    }

    /// Joins each cell `i` of `next` paired with a cell `a` of this table into it: text
    /// appended, box extended down; the joined cells leave `next`.
    fn join_pairs(&mut self, next: &mut Vec<DraftCell>, pairs: Vec<(usize, Option<usize>)>) {
        let mut joined = vec![false; next.len()];
        for (i, a) in pairs {
            let Some(a) = a else { continue };
            let text = std::mem::take(&mut next[i].text);
            join_wrapped(&mut self.cells[a].text, &text);
            self.cells[a].rect.bottom = next[i].rect.bottom;
            self.cells[a].open_bottom = next[i].open_bottom;
            joined[i] = true;
        }
        let mut k = 0;
        next.retain(|_| {
            k += 1;
            !joined[k - 1]
        });
    }

    /// The neutral table: grid lines from the distinct cell edges, each cell at its row and
    /// column with the spans its box covers.
    pub fn into_table(self) -> Table {
        let (xs, _) = cluster(
            &self
                .cells
                .iter()
                .flat_map(|c| [c.rect.x0, c.rect.x1])
                .collect::<Vec<_>>(),
            EDGE,
        );
        let (ys, _) = cluster(
            &self
                .cells
                .iter()
                .flat_map(|c| [c.rect.top, c.rect.bottom])
                .collect::<Vec<_>>(),
            EDGE,
        );
        let mut rows: Vec<Row> = vec![Row::default(); ys.len().saturating_sub(1)];
        for c in self.cells {
            let found = (
                edge_index(&xs, c.rect.x0, EDGE),
                edge_index(&xs, c.rect.x1, EDGE),
                edge_index(&ys, c.rect.top, EDGE),
                edge_index(&ys, c.rect.bottom, EDGE),
            );
            if let (Some(c0), Some(c1), Some(r0), Some(r1)) = found
                && c1 > c0
                && r1 > r0
            {
                rows[r0].cells.push(Cell {
                    text: c.text,
                    col: c0,
                    row_span: r1 - r0,
                    col_span: c1 - c0,
                    nested: Vec::new(),
                    place: c.place,
                });
            }
        }
        for row in &mut rows {
            row.cells.sort_by_key(|c| c.col);
        }
        Table {
            rows,
            name: None,
            place: self.place,
        }
    }
}

/// True when `text` starts like a numbered label ("4.", "4、", "（六）", "(2)", "四、"): the
/// start of a row of its own, not the rest of a cut one.
pub(super) fn starts_numbered(text: &str) -> bool {
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    match (first, second) {
        (Some('（' | '('), _) => true,
        (Some(a), Some(b)) => {
            (a.is_ascii_digit() || "一二三四五六七八九十".contains(a))
                && matches!(b, '.' | '、' | '．' | '，' | ')' | '）')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A draft of cells given as (x0, top, x1, bottom, text) on page `page`.
    fn draft(page: usize, cells: &[(f64, f64, f64, f64, &str)]) -> Draft {
        let cells = cells
            .iter()
            .map(|&(x0, top, x1, bottom, text)| {
                (
                    Rect {
                        x0,
                        top,
                        x1,
                        bottom,
                    },
                    text.to_string(),
                )
            })
            .collect();
        Draft::of_cells(cells, page)
    }

    fn texts(t: &Table) -> Vec<Vec<(usize, usize, usize, &str)>> {
        t.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.col, c.row_span, c.col_span, c.text.as_str()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn spans_come_from_the_distinct_edges() {
        let t = draft(
            1,
            &[
                (0.0, 0.0, 20.0, 20.0, "组"),
                (20.0, 0.0, 40.0, 10.0, "甲"),
                (20.0, 10.0, 40.0, 20.0, "乙"),
                (0.0, 20.0, 40.0, 30.0, "合计"),
            ],
        )
        .into_table();
        assert_eq!(
            texts(&t),
            [
                vec![(0, 2, 1, "组"), (1, 1, 1, "甲")],
                vec![(1, 1, 1, "乙")],
                vec![(0, 1, 2, "合计")]
            ]
        );
    }

    #[test]
    fn a_continued_table_drops_its_repeated_header_and_stacks_the_rest() {
        let mut first = draft(
            1,
            &[
                (0.0, 700.0, 20.0, 710.0, "项目"),
                (20.0, 700.0, 40.0, 710.0, "数量"),
                (0.0, 710.0, 20.0, 720.0, "甲"),
                (20.0, 710.0, 40.0, 720.0, "1"),
            ],
        );
        let next = draft(
            2,
            &[
                (0.0, 50.0, 20.0, 60.0, "项目"),
                (20.0, 50.0, 40.0, 60.0, "数量"),
                (0.0, 60.0, 20.0, 70.0, "乙"),
                (20.0, 60.0, 40.0, 70.0, "2"),
            ],
        );
        assert!(first.continues_into(&next));
        first.append(next);
        let t = first.into_table();
        let rows: Vec<Vec<&str>> = texts(&t)
            .iter()
            .map(|r| r.iter().map(|c| c.3).collect())
            .collect();
        assert_eq!(rows, [["项目", "数量"], ["甲", "1"], ["乙", "2"]]);
    }

    /// A two-column table ending page 1 with the row `last`, continued on page 2 by `rows`:
    /// the texts of the joined table, row by row.
    fn continued(last: (&str, &str), rows: &[(&str, &str)]) -> Vec<Vec<String>> {
        let mut first = draft(
            1,
            &[
                (0.0, 700.0, 20.0, 710.0, last.0),
                (20.0, 700.0, 40.0, 710.0, last.1),
            ],
        );
        let cells: Vec<(f64, f64, f64, f64, &str)> = rows
            .iter()
            .enumerate()
            .flat_map(|(i, (a, b))| {
                let top = 50.0 + 10.0 * i as f64;
                [
                    (0.0, top, 20.0, top + 10.0, *a),
                    (20.0, top, 40.0, top + 10.0, *b),
                ]
            })
            .collect();
        first.append(draft(2, &cells));
        texts(&first.into_table())
            .iter()
            .map(|r| r.iter().map(|c| c.3.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_row_cut_by_the_page_break_is_joined_back() {
        let rows = continued(
            ("5.要求确认或重新出具已获", "0"),
            &[("取信息", ""), ("6.其他", "3")],
        );
        assert_eq!(
            rows,
            [["5.要求确认或重新出具已获取信息", "0"], ["6.其他", "3"]]
        );
    }

    #[test]
    fn a_numbered_row_at_the_top_of_the_page_is_a_row_of_its_own() {
        let rows = continued(("3.其他", "0"), &[("4.其他", "")]);
        assert_eq!(rows, [["3.其他", "0"], ["4.其他", ""]]);
    }

    #[test]
    fn a_table_with_other_columns_does_not_continue() {
        let first = draft(
            1,
            &[
                (0.0, 700.0, 20.0, 710.0, "甲"),
                (20.0, 700.0, 40.0, 710.0, "1"),
            ],
        );
        let next = draft(
            2,
            &[(0.0, 50.0, 30.0, 60.0, "乙"), (30.0, 50.0, 40.0, 60.0, "2")],
        );
        assert!(!first.continues_into(&next));
    }
}
