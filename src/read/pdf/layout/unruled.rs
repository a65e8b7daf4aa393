//! Tables without ruling lines, found from text alignment — conservatively: only a run of at
//! least three consecutive lines that each break into pieces at wide gaps, whose pieces fall
//! into the same clearly separated columns, with a column of short entries (values) beside the
//! first. Anything less clear stays running text.

mod aligned;
mod columns;
mod overprint;

use super::geom::Rect;
use super::grid::Draft;
use super::lines::Line;
use crate::document::Note;

/// A gap of this many font sizes inside a line separates two cells.
const CELL_GAP: f64 = 2.0;
/// A gap wider than this many font sizes inside a cell makes the columns unclear (values set
/// one space apart could be one cell or several).
const UNCLEAR_GAP: f64 = 0.6;
/// Fewest rows of a table found from alignment.
const MIN_ROWS: usize = 3;
/// The entries of a value column are at most this many characters.
const SHORT_ENTRY: usize = 12;
/// Lines further apart than this many font sizes are not rows of one table.
const ROW_GAP: f64 = 1.5;

/// Splits `lines` (top to bottom) into tables found from alignment and the lines left as
/// running text: first tables whose columns aligned values set ([`aligned`]), then, in the
/// lines left, runs of lines broken at wide gaps into the same columns. Notes say where rows
/// were left blank.
pub(super) fn tables<'a>(
    lines: Vec<Line<'a>>,
    page: usize,
    notes: &mut Vec<Note>,
) -> (Vec<Draft>, Vec<Line<'a>>) {
    let (mut drafts, rest) = aligned::tables(lines, page, notes);
    let (more, rest) = by_gaps(rest, page);
    drafts.extend(more);
    (drafts, rest)
}

/// Tables of runs of at least three lines broken at wide gaps into the same clearly separated
/// columns, and the lines left.
fn by_gaps(lines: Vec<Line<'_>>, page: usize) -> (Vec<Draft>, Vec<Line<'_>>) {
    let pieces: Vec<Vec<Line<'_>>> = lines
        .iter()
        .map(|l| {
            if l.vertical {
                Vec::new()
            } else {
                l.chunks(CELL_GAP)
            }
        })
        .collect();
    let mut is_table = vec![false; lines.len()];
    let mut drafts = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len()
            && pieces[end].len() >= 2
            && (end == start
                || lines[end].rect.top - lines[end - 1].rect.bottom
                    <= ROW_GAP * lines[end].size.max(lines[end - 1].size))
        {
            end += 1;
        }
        if end - start >= MIN_ROWS
            && let Some(draft) = table(&lines[start..end], &pieces[start..end], page)
        {
            drafts.push(draft);
            is_table[start..end].iter_mut().for_each(|t| *t = true);
        }
        start = end.max(start + 1);
    }
    let rest = lines
        .into_iter()
        .zip(is_table)
        .filter(|(_, t)| !t)
        .map(|(l, _)| l)
        .collect();
    (drafts, rest)
}

/// The table of a run of lines, when their pieces fall into clearly separated columns.
fn table(lines: &[Line<'_>], pieces: &[Vec<Line<'_>>], page: usize) -> Option<Draft> {
    // Columns: the union of the pieces' horizontal extents, overlapping extents merged.
    let mut spans: Vec<(f64, f64)> = pieces
        .iter()
        .flatten()
        .map(|p| (p.rect.x0, p.rect.x1))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut columns: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match columns.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => columns.push((a, b)),
        }
    }
    if columns.len() < 2 {
        return None;
    }
    // Every row has a piece in at least two columns, and some column right of the first holds
    // only short entries.
    let column_of = |p: &Line<'_>| {
        columns
            .iter()
            .position(|c| p.rect.x0 >= c.0 && p.rect.x1 <= c.1)
    };
    let mut grid: Vec<Vec<Option<String>>> = vec![vec![None; columns.len()]; lines.len()];
    for (r, row) in pieces.iter().enumerate() {
        for p in row {
            let unclear = p
                .glyphs
                .windows(2)
                .any(|w| w[1].x0 - w[0].x1 > UNCLEAR_GAP * p.size);
            if unclear {
                return None;
            }
            let c = column_of(p)?;
            if grid[r][c].is_some() {
                return None;
            }
            grid[r][c] = Some(p.text());
        }
    }
    let short_column = (1..columns.len()).any(|c| {
        grid.iter()
            .filter_map(|row| row[c].as_ref())
            .all(|t| t.chars().count() <= SHORT_ENTRY)
    });
    if !short_column {
        return None;
    }
    // Cells: the column's extent (to the middle of the gaps) by the row's band (to the middle of
    // the gaps between lines).
    let left = columns[0].0;
    let right = columns[columns.len() - 1].1;
    let edges_x: Vec<f64> = std::iter::once(left)
        .chain(columns.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0))
        .chain(std::iter::once(right))
        .collect();
    let edges_y: Vec<f64> = std::iter::once(lines[0].rect.top)
        .chain(
            lines
                .windows(2)
                .map(|w| (w[0].rect.bottom + w[1].rect.top) / 2.0),
        )
        .chain(std::iter::once(lines[lines.len() - 1].rect.bottom))
        .collect();
    let mut cells = Vec::new();
    for (r, row) in grid.into_iter().enumerate() {
        for (c, text) in row.into_iter().enumerate() {
            let rect = Rect {
                x0: edges_x[c],
                top: edges_y[r],
                x1: edges_x[c + 1],
                bottom: edges_y[r + 1],
            };
            cells.push((rect, text.unwrap_or_default()));
        }
    }
    Some(Draft::of_cells(cells, page))
}

#[cfg(test)]
mod tests {
    use super::super::lines::{self, tests::run};
    use super::*;
    use crate::read::pdf::page::Glyph;

    fn rows(rows: &[(&str, &str)]) -> Vec<Glyph> {
        rows.iter()
            .enumerate()
            .flat_map(|(i, (label, value))| {
                let top = 100.0 + 15.0 * i as f64;
                let mut g = run(label, 50.0, top, 10.0);
                g.extend(run(value, 300.0, top, 10.0));
                g
            })
            .collect()
    }

    #[test]
    fn finds_a_table_from_aligned_columns() {
        let glyphs = rows(&[("项目", "数量"), ("规章", "0"), ("行政规范性文件", "12")]);
        let (found, rest) = tables(lines::build(&glyphs), 1, &mut Vec::new());
        assert!(rest.is_empty());
        let t = found.into_iter().next().expect("a table").into_table();
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [["项目", "数量"], ["规章", "0"], ["行政规范性文件", "12"]]
        );
    }

    #[test]
    fn two_aligned_lines_or_prose_are_not_a_table() {
        let glyphs = rows(&[("项目", "数量"), ("规章", "0")]);
        let (found, rest) = tables(lines::build(&glyphs), 1, &mut Vec::new());
        assert!(found.is_empty());
        assert_eq!(rest.len(), 2);
        let long = "这是一段很长的正文内容没有任何表格的意思";
        let glyphs = rows(&[(long, long), (long, long), (long, long)]);
        let (found, _) = tables(lines::build(&glyphs), 1, &mut Vec::new());
        assert!(found.is_empty());
    }

    #[test]
    fn values_set_a_space_apart_make_the_columns_unclear() {
        let glyphs = rows(&[
            ("项目", "甲  乙"),
            ("规章", "0  1"),
            ("行政规范性文件", "1  2"),
        ]);
        let (found, rest) = tables(lines::build(&glyphs), 1, &mut Vec::new());
        assert!(found.is_empty());
        assert_eq!(rest.len(), 3);
    }
}
