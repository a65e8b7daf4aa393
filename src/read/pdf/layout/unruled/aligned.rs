//! Unruled tables whose columns are set by aligned values — a spreadsheet printed without cell
//! borders (LibreOffice Calc's print), a Word table with its borders switched off. The value
//! columns come from the extents of the numbers aligned down the rows; the label columns from
//! where the labels left of them start; a header cell belongs to the column it starts in and
//! spans the value columns it reaches over. A row ends at its line of values (cells are set at
//! their bottom, as Calc does), and a label wrapped over the lines above it is joined. Text
//! printed over other text in one cell makes that row (and the row whose text overflowed into
//! it) unreadable: those rows are left blank, with a note.

use super::super::geom::Rect;
use super::super::grid::{Draft, starts_numbered};
use super::super::lines::{Line, join_wrapped};
use super::columns::{Columns, Sub, columns, is_value};
use super::overprint::{any_overprint, split_overprint};
use crate::document::Note;
use crate::read::pdf::page::Glyph;

/// A gap of this many font sizes inside a line separates two cells' text.
const TEXT_GAP: f64 = 0.5;
/// Lines further apart than this many font sizes are not rows of one table.
const ROW_GAP: f64 = 1.5;
/// A header line further than this many font sizes above the table's next line is not one of
/// its rows.
const HEADER_GAP: f64 = 0.6;
/// Lines whose font sizes differ by more than this fraction are not rows of one table (a
/// heading between two tables).
const SIZE_CHANGE: f64 = 0.15;
/// Fewest rows (lines of values and of headers) of a table found from alignment.
const MIN_ROWS: usize = 3;
/// Fewest lines (of values or headers) that confirm each value column.
const MIN_CONFIRM: usize = 2;

/// What a line of a candidate table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// At least one value.
    Values,
    /// Only text in the label columns (a wrapped label, a caption).
    Label,
    /// Text over the value columns and no value (a header line).
    Header,
}

/// Splits `lines` (top to bottom) into the tables whose columns aligned values set and the
/// lines left; notes say where text printed over text left rows blank.
pub(super) fn tables<'a>(
    lines: Vec<Line<'a>>,
    page: usize,
    notes: &mut Vec<Note>,
) -> (Vec<Draft>, Vec<Line<'a>>) {
    let mut subs: Vec<Sub<'a>> = Vec::new();
    for (origin, line) in lines.iter().enumerate() {
        if line.vertical {
            continue;
        }
        for part in split_overprint(line) {
            let pieces = part.chunks(TEXT_GAP);
            subs.push(Sub {
                origin,
                line: part,
                pieces,
            });
        }
    }
    subs.sort_by(|a, b| a.line.rect.top.total_cmp(&b.line.rect.top));
    let mut used = vec![false; subs.len()];
    let mut drafts = Vec::new();
    let mut start = 0;
    while start < subs.len() {
        let mut end = start + 1;
        while end < subs.len() && same_run(&subs[end - 1].line, &subs[end].line) {
            end += 1;
        }
        if let Some((draft, rows)) = table(&subs[start..end], page, notes) {
            drafts.push(draft);
            for i in rows {
                used[start + i] = true;
            }
        }
        start = end;
    }
    // Lines no table took stay as they were; of a line split at printed-over text, the parts
    // no table took.
    let mut taken = vec![false; lines.len()];
    for (s, u) in subs.iter().zip(&used) {
        taken[s.origin] |= *u;
    }
    let mut rest: Vec<Line<'a>> = subs
        .into_iter()
        .zip(&used)
        .filter(|(s, u)| !**u && taken[s.origin])
        .map(|(s, _)| s.line)
        .collect();
    rest.extend(
        lines
            .into_iter()
            .zip(&taken)
            .filter(|(_, t)| !**t)
            .map(|(l, _)| l),
    );
    rest.sort_by(|a, b| a.rect.top.total_cmp(&b.rect.top));
    (drafts, rest)
}

/// True when line `b` follows line `a` closely enough, in the same size, to be in one table.
fn same_run(a: &Line<'_>, b: &Line<'_>) -> bool {
    let size = a.size.max(b.size);
    b.rect.top - a.rect.bottom <= ROW_GAP * size && (a.size - b.size).abs() <= SIZE_CHANGE * size
}

/// True when header line `a` sits right above line `b`, as the rows of a table do (a caption
/// or a unit set further above stays running text).
fn close_above(a: &Line<'_>, b: &Line<'_>) -> bool {
    b.rect.top - a.rect.bottom <= HEADER_GAP * a.size.max(b.size)
}

/// The table of a run of lines, when values set clear columns; with the indices (in `run`) of
/// the lines it took.
fn table(run: &[Sub<'_>], page: usize, notes: &mut Vec<Note>) -> Option<(Draft, Vec<usize>)> {
    let columns = columns(run)?;
    let kinds: Vec<Kind> = run.iter().map(|s| kind(s, &columns)).collect();
    let value_lines: Vec<usize> = (0..run.len())
        .filter(|&i| kinds[i] == Kind::Values)
        .collect();
    let (&first, &last) = (value_lines.first()?, value_lines.last()?);
    // Label lines after the last values would be the wrapped rest of a label set at the top of
    // its cell: which row a wrapped line belongs to is then unclear.
    if kinds.get(last + 1) == Some(&Kind::Label) {
        return None;
    }
    // Rows: header lines above the first values each a row; then each line of values with the
    // label lines right above it; header lines between values each a row of their own.
    let mut top = first;
    while top > 0 && kinds[top - 1] == Kind::Label {
        top -= 1;
    }
    let mut head = top;
    while head > 0
        && kinds[head - 1] == Kind::Header
        && close_above(&run[head - 1].line, &run[head].line)
    {
        head -= 1;
    }
    let mut rows: Vec<Vec<usize>> = (head..top).map(|i| vec![i]).collect();
    let mut pending: Vec<usize> = Vec::new();
    for (i, kind) in kinds.iter().enumerate().take(last + 1).skip(top) {
        match kind {
            Kind::Values => {
                pending.push(i);
                rows.push(std::mem::take(&mut pending));
            }
            Kind::Label => pending.push(i),
            Kind::Header => {
                rows.extend(pending.drain(..).map(|p| vec![p]));
                rows.push(vec![i]);
            }
        }
    }
    if rows.iter().any(|r| set_at_top(run, r, &kinds, &columns)) {
        return None;
    }
    let rows = join_wrapped_headers(run, rows, &kinds, &columns);
    let headers = rows
        .iter()
        .flatten()
        .filter(|&&i| kinds[i] == Kind::Header)
        .count();
    if value_lines.len() + headers < MIN_ROWS || !confirmed(run, &rows, &kinds, &columns) {
        return None;
    }
    let grid = fill(run, &rows, &columns)?;
    let draft = draft(run, &rows, grid, &columns, page, notes);
    Some((draft, rows.into_iter().flatten().collect()))
}

/// True when row `row` (label lines, then its line of values) shows its cells set at their top,
/// not their bottom: a label on the line of values starts like a numbered label ("2.", "二、")
/// while the first label line above it, in the same column, does not — that line is the
/// wrapped rest of the row above, and which row each wrapped line belongs to is unclear.
fn set_at_top(run: &[Sub<'_>], row: &[usize], kinds: &[Kind], columns: &Columns) -> bool {
    let Some((&values, wrapped)) = row.split_last() else {
        return false;
    };
    let Some(&first) = wrapped.first() else {
        return false;
    };
    // The label pieces of a line, with the column each starts in.
    let label = |i: usize| {
        run[i]
            .pieces
            .iter()
            .filter(|p| p.rect.x0 < columns.label_right)
            .map(|p| (columns.start(p.rect.x0), p.text()))
            .collect::<Vec<_>>()
    };
    let above = label(first);
    kinds[values] == Kind::Values
        && kinds[first] == Kind::Label
        && label(values).iter().any(|(c, t)| {
            starts_numbered(t) && above.iter().any(|(d, u)| d == c && !starts_numbered(u))
        })
}

/// Header lines wrapped in their cells joined: a header line whose pieces each stay in one
/// column, each over a piece of the header line below it, is the first line of those cells
/// ("结果" over "维持" is one cell "结果维持").
fn join_wrapped_headers(
    run: &[Sub<'_>],
    rows: Vec<Vec<usize>>,
    kinds: &[Kind],
    columns: &Columns,
) -> Vec<Vec<usize>> {
    let header = |r: &Vec<usize>| r.len() == 1 && kinds[r[0]] == Kind::Header;
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(prev) = out.last()
            && header(prev)
            && header(&row)
        {
            let below: Vec<usize> = run[row[0]]
                .pieces
                .iter()
                .map(|p| columns.start(p.rect.x0))
                .collect();
            let wraps = run[prev[0]].pieces.iter().all(|p| {
                let s = columns.start(p.rect.x0);
                columns.end(p.rect.x1) <= s && below.contains(&s)
            });
            if wraps {
                let upper = out.pop().unwrap_or_default();
                out.push(upper.into_iter().chain(row).collect());
                continue;
            }
        }
        out.push(row);
    }
    out
}

/// What line `s` holds, given the table's columns.
fn kind(s: &Sub<'_>, columns: &Columns) -> Kind {
    if s.pieces.iter().any(|p| is_value(&p.text())) {
        Kind::Values
    } else if s.pieces.iter().all(|p| p.rect.x0 < columns.label_right) {
        Kind::Label
    } else {
        Kind::Header
    }
}

/// True when every value column has something (a value or a header) starting in it on at
/// least [`MIN_CONFIRM`] of the table's lines.
fn confirmed(run: &[Sub<'_>], rows: &[Vec<usize>], kinds: &[Kind], columns: &Columns) -> bool {
    let mut count = vec![0usize; columns.count()];
    for &i in rows.iter().flatten() {
        if kinds[i] == Kind::Label {
            continue;
        }
        let mut seen = vec![false; columns.count()];
        for p in &run[i].pieces {
            seen[columns.start(p.rect.x0)] = true;
        }
        for (c, s) in count.iter_mut().zip(seen) {
            *c += usize::from(s);
        }
    }
    count[columns.labels.len()..]
        .iter()
        .all(|&c| c >= MIN_CONFIRM)
}

/// A cell of the grid being filled: its text, the last column it spans, its glyphs, and
/// whether a line after its first starts like a numbered label ("3.补正后" under
/// "2.没有现成信息需要另行制作": the start of another row's label overflowing into this cell).
#[derive(Default, Clone)]
struct Slot<'a> {
    text: String,
    last: usize,
    glyphs: Vec<&'a Glyph>,
    numbered_later: bool,
}

/// The cells of each row, by the column they start in; `None` when a line puts two pieces
/// into one column or text spreads over value columns on a line of values.
fn fill<'a>(
    run: &[Sub<'a>],
    rows: &[Vec<usize>],
    columns: &Columns,
) -> Option<Vec<Vec<Option<Slot<'a>>>>> {
    let n = columns.count();
    let first_value = columns.labels.len();
    let mut grid: Vec<Vec<Option<Slot<'a>>>> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells: Vec<Option<Slot<'a>>> = vec![None; n];
        for &i in row {
            let mut on_line = vec![false; n];
            for p in &run[i].pieces {
                let s = columns.start(p.rect.x0);
                let e = columns.end(p.rect.x1).max(s);
                let value = is_value(&p.text());
                if on_line[s] || (value && e > s) {
                    return None;
                }
                if !value
                    && s >= first_value
                    && e > s
                    && run[i].pieces.iter().any(|q| is_value(&q.text()))
                {
                    return None;
                }
                on_line[s] = true;
                let slot = cells[s].get_or_insert_with(|| Slot {
                    last: s,
                    ..Slot::default()
                });
                let text = p.text();
                slot.numbered_later |= !slot.text.is_empty() && starts_numbered(&text);
                join_wrapped(&mut slot.text, &text);
                slot.last = slot.last.max(e);
                slot.glyphs.extend(p.glyphs.iter().copied());
            }
        }
        // A cell spans no further than the next cell of its row.
        for c in 0..n {
            let next = (c + 1..n).find(|&d| cells[d].is_some()).unwrap_or(n);
            if let Some(slot) = cells[c].as_mut() {
                slot.last = slot.last.min(next - 1);
            }
        }
        grid.push(cells);
    }
    Some(grid)
}

/// The draft of a filled grid: rows whose text is printed over other text or takes in the start
/// of another label (and the row below, whose text overflowed into it) left blank with a note;
/// every grid position a cell.
fn draft(
    run: &[Sub<'_>],
    rows: &[Vec<usize>],
    mut grid: Vec<Vec<Option<Slot<'_>>>>,
    columns: &Columns,
    page: usize,
    notes: &mut Vec<Note>,
) -> Draft {
    let garbled: Vec<bool> = grid
        .iter()
        .map(|cells| {
            cells
                .iter()
                .flatten()
                .any(|s| s.numbered_later || any_overprint(&s.glyphs))
        })
        .collect();
    for r in 0..grid.len() {
        if garbled[r] || (r > 0 && garbled[r - 1]) {
            let rect = Rect::around(rows[r].iter().map(|&i| run[i].line.rect));
            notes.push(Note {
                place: rect.place(page),
                message: format!(
                    "无框线表格的这一行与相邻行的文字交叠（单元格内容溢出到相邻行，文字压着文字或混入另一行标签的开头），无法确定各段文字属于哪一行，整行留空未读：“{}”",
                    rows[r]
                        .iter()
                        .map(|&i| run[i].line.text())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            });
            for slot in grid[r].iter_mut() {
                *slot = None;
            }
        }
    }
    let left = run
        .iter()
        .flat_map(|s| s.pieces.iter())
        .map(|p| p.rect.x0)
        .fold(f64::INFINITY, f64::min);
    let xs = columns.edges(left);
    let mut ys: Vec<f64> = vec![
        rows[0]
            .iter()
            .map(|&i| run[i].line.rect.top)
            .fold(f64::INFINITY, f64::min),
    ];
    for row in rows {
        let bottom = row
            .iter()
            .map(|&i| run[i].line.rect.bottom)
            .fold(f64::NEG_INFINITY, f64::max);
        let prev = ys[ys.len() - 1];
        ys.push(bottom.max(prev + 2.0));
    }
    let mut cells = Vec::new();
    for (r, row) in grid.into_iter().enumerate() {
        let mut c = 0;
        while c < row.len() {
            let (text, last) = match &row[c] {
                Some(slot) => (slot.text.clone(), slot.last),
                None => (String::new(), c),
            };
            cells.push((
                Rect {
                    x0: xs[c],
                    top: ys[r],
                    x1: xs[last + 1],
                    bottom: ys[r + 1],
                },
                text,
            ));
            c = last + 1;
        }
    }
    Draft::of_cells(cells, page)
}

#[cfg(test)]
#[path = "aligned_tests.rs"]
mod tests;
