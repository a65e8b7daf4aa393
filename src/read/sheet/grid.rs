//! Builds a table grid from the sparse cells and merged regions of one sheet, in time
//! O((cells + merges) · log merges) whatever the sizes of the merged regions.

use crate::document::{Cell, Note, Place, Row, Table};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// A cell as read from the sheet: 0-based absolute position, its text and a note if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawCell {
    /// Row, 0-based.
    pub row: u32,
    /// Column, 0-based.
    pub col: u32,
    /// The text shown.
    pub text: String,
    /// A note for the user about this cell.
    pub note: Option<String>,
    /// The cell holds a formula. Kept in the table even when its result is empty (a total
    /// written as `=IF(COUNT(…)=0,"",SUM(…))` over blank cells), so that a row whose cells are
    /// all blank still reaches as far as its formulas do.
    pub formula: bool,
}

/// A merged region, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    /// First row.
    pub r0: u32,
    /// First column.
    pub c0: u32,
    /// Last row.
    pub r1: u32,
    /// Last column.
    pub c1: u32,
}

/// What one sheet becomes: its table (if it holds anything) and the notes of its cells.
#[derive(Debug, Default)]
pub(crate) struct Built {
    /// The table; `None` for a sheet without content.
    pub table: Option<Table>,
    /// Notes attached to cells of the table.
    pub notes: Vec<Note>,
    /// Merged regions dropped because they overlap an earlier one.
    pub overlapping_merges: usize,
    /// Grid positions of the table (rows × columns) beyond the cells counted when read, for
    /// the caller's budget: what expanding the table's spans into a grid will cost.
    pub positions: usize,
    /// Rows and columns of the table's box (also when it was too large to build).
    pub size: (usize, usize),
}

/// Builds the table of sheet `sheet` from its cells and merged regions.
///
/// Positions covered by a merge (other than its origin) are dropped even when the file holds a
/// value there; merge origins are kept even when empty. The table spans the bounding box of the
/// cells with content (and of the merges whose origin has content); empty rows inside it stay
/// as rows without cells. Grid columns count from the left edge of that box.
///
/// A table of more than `max_positions` grid positions beyond its cells is not built (nothing
/// is allocated): the result has no table and `positions` says the count, for the caller's
/// budget to refuse. Two cells far apart make a box of a billion positions in a small file.
pub(crate) fn build(
    sheet: &str,
    mut cells: Vec<RawCell>,
    merges: &[Merge],
    max_positions: usize,
) -> Built {
    let (merges, overlapping_merges) = accept_merges(merges);
    cells.sort_by_key(|c| (c.row, c.col));
    cells.dedup_by_key(|c| (c.row, c.col));
    add_empty_origins(&mut cells, &merges);

    // Keep only cells not covered by a merge; remember which merge starts at each kept cell.
    let kept = uncovered(&cells, &merges);
    let has_content = |c: &RawCell| !c.text.trim().is_empty() || c.note.is_some();

    let mut bounds: Option<Merge> = None;
    for &(i, origin) in &kept {
        let c = &cells[i];
        if !has_content(c) {
            continue;
        }
        let (r1, c1) = origin.map_or((c.row, c.col), |m| (merges[m].r1, merges[m].c1));
        let b = bounds.get_or_insert(Merge {
            r0: c.row,
            c0: c.col,
            r1,
            c1,
        });
        b.r0 = b.r0.min(c.row);
        b.c0 = b.c0.min(c.col);
        b.r1 = b.r1.max(r1);
        b.c1 = b.c1.max(c1);
    }
    let Some(b) = bounds else {
        return Built {
            overlapping_merges,
            ..Built::default()
        };
    };

    let height = (b.r1 - b.r0) as usize + 1;
    let width = (b.c1 - b.c0) as usize + 1;
    let positions = height.saturating_mul(width).saturating_sub(cells.len());
    if positions > max_positions {
        return Built {
            overlapping_merges,
            positions,
            size: (height, width),
            ..Built::default()
        };
    }
    let mut rows: Vec<Row> = vec![Row::default(); height];
    let mut notes = Vec::new();
    for &(i, origin) in &kept {
        let c = &cells[i];
        let inside = c.row >= b.r0 && c.row <= b.r1 && c.col >= b.c0 && c.col <= b.c1;
        if !inside || (origin.is_none() && !has_content(c) && !c.formula) {
            continue;
        }
        let place = Place::SheetCell {
            sheet: sheet.to_string(),
            row: c.row as usize + 1,
            col: c.col as usize + 1,
        };
        if let Some(note) = &c.note {
            notes.push(Note {
                place: place.clone(),
                message: note.clone(),
            });
        }
        let mut cell = Cell::new(c.text.clone(), (c.col - b.c0) as usize, place);
        if let Some(m) = origin {
            let m = merges[m];
            cell.row_span = (m.r1.min(b.r1) - c.row) as usize + 1;
            cell.col_span = (m.c1.min(b.c1) - c.col) as usize + 1;
        }
        if let Some(row) = rows.get_mut((c.row - b.r0) as usize) {
            row.cells.push(cell);
        }
    }
    let table = Table {
        rows,
        name: Some(sheet.to_string()),
        place: Place::SheetCell {
            sheet: sheet.to_string(),
            row: b.r0 as usize + 1,
            col: b.c0 as usize + 1,
        },
    };
    Built {
        table: Some(table),
        notes,
        overlapping_merges,
        positions,
        size: (height, width),
    }
}

/// Normalises the merges, drops single cells and any merge overlapping one already accepted
/// (Excel never writes those), and sorts them by origin.
fn accept_merges(merges: &[Merge]) -> (Vec<Merge>, usize) {
    let mut sorted: Vec<Merge> = merges
        .iter()
        .map(|m| Merge {
            r0: m.r0.min(m.r1),
            c0: m.c0.min(m.c1),
            r1: m.r0.max(m.r1),
            c1: m.c0.max(m.c1),
        })
        .filter(|m| m.r0 != m.r1 || m.c0 != m.c1)
        .collect();
    sorted.sort_by_key(|m| (m.r0, m.c0));
    let mut active = Active::default();
    let mut out = Vec::with_capacity(sorted.len());
    let mut dropped = 0;
    for m in sorted {
        active.expire_before(m.r0);
        let left = active
            .at_or_before(m.c0)
            .is_some_and(|(_, c1, _)| c1 >= m.c0);
        let right = active
            .by_col
            .range(m.c0..)
            .next()
            .is_some_and(|(&c0, _)| c0 <= m.c1);
        if left || right {
            dropped += 1;
            continue;
        }
        active.insert(m, out.len());
        out.push(m);
    }
    (out, dropped)
}

/// Adds an empty cell at the origin of every merge whose origin holds no cell.
/// `cells` is sorted by position and stays sorted.
fn add_empty_origins(cells: &mut Vec<RawCell>, merges: &[Merge]) {
    let missing: Vec<RawCell> = merges
        .iter()
        .filter(|m| {
            cells
                .binary_search_by_key(&(m.r0, m.c0), |c| (c.row, c.col))
                .is_err()
        })
        .map(|m| RawCell {
            row: m.r0,
            col: m.c0,
            text: String::new(),
            note: None,
            formula: false,
        })
        .collect();
    if !missing.is_empty() {
        cells.extend(missing);
        cells.sort_by_key(|c| (c.row, c.col));
    }
}

/// Sweeps the rows: returns the indices of cells not covered by a merge, each with the index of
/// the merge it is the origin of. `cells` and `merges` are sorted; merges do not overlap.
fn uncovered(cells: &[RawCell], merges: &[Merge]) -> Vec<(usize, Option<usize>)> {
    let mut active = Active::default();
    let mut next = 0;
    let mut kept = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        while let Some(m) = merges.get(next).filter(|m| m.r0 <= c.row) {
            active.insert(*m, next);
            next += 1;
        }
        active.expire_before(c.row);
        match active.at_or_before(c.col) {
            Some((c0, c1, m)) if c1 >= c.col => {
                if c0 == c.col && merges[m].r0 == c.row {
                    kept.push((i, Some(m)));
                }
            }
            _ => kept.push((i, None)),
        }
    }
    kept
}

/// Merges crossing the current row, by first column, with a heap to retire them by last row.
#[derive(Default)]
struct Active {
    /// First column → (last column, last row, merge index).
    by_col: BTreeMap<u32, (u32, u32, usize)>,
    /// (last row, first column, merge index), smallest last row first.
    by_end: BinaryHeap<Reverse<(u32, u32, usize)>>,
}

impl Active {
    fn insert(&mut self, m: Merge, index: usize) {
        self.by_col.insert(m.c0, (m.c1, m.r1, index));
        self.by_end.push(Reverse((m.r1, m.c0, index)));
    }

    fn expire_before(&mut self, row: u32) {
        while let Some(&Reverse((r1, c0, index))) = self.by_end.peek() {
            if r1 >= row {
                break;
            }
            self.by_end.pop();
            if self.by_col.get(&c0).is_some_and(|&(_, _, i)| i == index) {
                self.by_col.remove(&c0);
            }
        }
    }

    /// The active merge starting at or left of `col`: (first column, last column, index).
    fn at_or_before(&self, col: u32) -> Option<(u32, u32, usize)> {
        self.by_col
            .range(..=col)
            .next_back()
            .map(|(&c0, &(c1, _, i))| (c0, c1, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell {
            row,
            col,
            text: text.into(),
            note: None,
            formula: false,
        }
    }

    fn merge(r0: u32, c0: u32, r1: u32, c1: u32) -> Merge {
        Merge { r0, c0, r1, c1 }
    }

    #[test]
    fn does_not_allocate_a_table_taller_than_allowed() {
        let cells = vec![cell(0, 0, "a"), cell(4_000_000_000, 0, "b")];
        let built = build("S", cells, &[], 1000);
        assert!(built.table.is_none());
        assert_eq!(built.positions, 4_000_000_001 - 2);
    }

    #[test]
    fn does_not_build_a_table_of_two_cells_far_apart() {
        // A1 and XFD60000: two cells, a box of a billion positions.
        let cells = vec![cell(0, 0, "a"), cell(59_999, 16_383, "b")];
        let built = build("S", cells, &[], 5_000_000);
        assert!(built.table.is_none());
        assert_eq!(built.size, (60_000, 16_384));
        assert_eq!(built.positions, 60_000 * 16_384 - 2);
    }

    #[test]
    fn does_not_build_a_sheet_of_one_cell_merged_over_a_billion_positions() {
        // A1 holding text, merged A1:XFD60000: a file of 1.5 KB.
        let built = build(
            "S",
            vec![cell(0, 0, "a")],
            &[merge(0, 0, 59_999, 16_383)],
            5_000_000,
        );
        assert!(built.table.is_none());
        assert_eq!(built.size, (60_000, 16_384));
    }

    #[test]
    fn keeps_merge_origin_with_spans_and_drops_covered_values() {
        let cells = vec![cell(1, 1, "head"), cell(1, 2, "hidden"), cell(2, 3, "x")];
        let built = build("S", cells, &[merge(1, 1, 2, 2)], usize::MAX);
        let t = built.table.expect("table");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells.len(), 1);
        let head = &t.rows[0].cells[0];
        assert_eq!(
            (head.text.as_str(), head.col, head.row_span, head.col_span),
            ("head", 0, 2, 2)
        );
        assert_eq!(t.rows[1].cells[0].col, 2);
        assert_eq!(
            t.rows[1].cells[0].place,
            Place::SheetCell {
                sheet: "S".into(),
                row: 3,
                col: 4
            }
        );
    }

    #[test]
    fn keeps_empty_merge_origin_inside_content() {
        let cells = vec![cell(0, 0, "a"), cell(2, 2, "b")];
        let built = build("S", cells, &[merge(0, 1, 1, 2)], usize::MAX);
        let t = built.table.expect("table");
        let origin = &t.rows[0].cells[1];
        assert_eq!(
            (
                origin.text.as_str(),
                origin.col,
                origin.row_span,
                origin.col_span
            ),
            ("", 1, 2, 2)
        );
    }

    #[test]
    fn keeps_a_formula_with_an_empty_result_and_drops_a_plain_empty_cell() {
        // Row 1: a label, two blank cells, a total whose formula gave "" (LibreOffice's save).
        let formula = RawCell {
            formula: true,
            ..cell(1, 3, "")
        };
        let cells = vec![
            cell(0, 0, "h"),
            cell(0, 3, "t"),
            cell(1, 0, "a"),
            cell(1, 1, ""),
            formula,
        ];
        let t = build("S", cells, &[], usize::MAX).table.expect("table");
        let row: Vec<(usize, &str)> = t.rows[1]
            .cells
            .iter()
            .map(|c| (c.col, c.text.as_str()))
            .collect();
        assert_eq!(row, vec![(0, "a"), (3, "")]);
    }

    #[test]
    fn keeps_no_formula_with_an_empty_result_outside_the_content() {
        let formula = RawCell {
            formula: true,
            ..cell(0, 5, "")
        };
        let t = build("S", vec![cell(0, 0, "a"), formula], &[], usize::MAX)
            .table
            .expect("table");
        assert_eq!(t.width(), 1);
        assert_eq!(t.rows[0].cells.len(), 1);
    }

    #[test]
    fn drops_trailing_empty_merges_and_keeps_middle_empty_rows() {
        let cells = vec![cell(0, 0, "a"), cell(3, 0, "b"), cell(5, 5, " ")];
        let built = build("S", cells, &[merge(8, 0, 9, 3)], usize::MAX);
        let t = built.table.expect("table");
        assert_eq!(t.rows.len(), 4);
        assert!(t.rows[1].cells.is_empty() && t.rows[2].cells.is_empty());
        assert_eq!(t.width(), 1);
    }

    #[test]
    fn drops_overlapping_merges() {
        let cells = vec![cell(0, 0, "a"), cell(1, 1, "b")];
        let built = build(
            "S",
            cells,
            &[merge(0, 0, 1, 1), merge(1, 1, 2, 2)],
            usize::MAX,
        );
        assert_eq!(built.overlapping_merges, 1);
        let t = built.table.expect("table");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells.len(), 1);
        assert!(t.rows[1].cells.is_empty());
    }

    #[test]
    fn sheet_without_content_gives_no_table() {
        let built = build("S", vec![cell(0, 0, "")], &[merge(0, 0, 3, 3)], usize::MAX);
        assert!(built.table.is_none());
    }

    #[test]
    fn huge_merges_cost_nothing() {
        let merges: Vec<Merge> = (0..50_000)
            .map(|i| merge(i * 2, 0, i * 2 + 1, 16_000))
            .collect();
        let cells: Vec<RawCell> = (0..50_000).map(|i| cell(i * 2, 0, "v")).collect();
        let start = std::time::Instant::now();
        let built = build("S", cells, &merges, usize::MAX);
        // A search per cell would take 2.5 billion steps; the sweep takes milliseconds.
        assert!(start.elapsed().as_secs() < 5);
        assert_eq!(built.table.expect("table").rows.len(), 100_000);
    }
}
