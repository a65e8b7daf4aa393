//! Unruled tables whose columns are set by aligned values — a spreadsheet printed without cell
//! borders (LibreOffice Calc's print), a Word table with its borders switched off. The value
//! columns come from the extents of the numbers aligned down the rows; the label columns from
//! where the labels left of them start; a header cell belongs to the column it starts in and
//! spans the value columns it reaches over. A row ends at its line of values (cells are set at
//! their bottom, as Calc does), and a label wrapped over the lines above it is joined. Text
//! printed over other text in one cell makes that row (and the row whose text overflowed into
//! it) unreadable: those rows are left blank, with a note.

use super::super::geom::Rect;
use super::super::grid::{Draft, DraftCell, starts_numbered};
use super::super::lines::{Line, join_wrapped};
use crate::document::Note;
use crate::read::pdf::page::Glyph;

/// A gap of this many font sizes inside a line separates two cells' text.
const TEXT_GAP: f64 = 0.5;
/// A value stands further than this many font sizes from the text beside it on its line;
/// values set closer (two spaces apart) could be one cell or several.
const VALUE_GAP: f64 = 1.2;
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
/// A value is at most this many characters.
const SHORT_ENTRY: usize = 12;
/// Extents of values closer than this (points) are one column.
const ALIGN: f64 = 1.0;
/// Label cells starting closer than this (points) are one column.
const START: f64 = 2.0;
/// Glyphs overlapping by more than this fraction of their width, and by more than
/// [`OVERPRINT_Y`] of their height, are printed over each other (the boxes of lines set one
/// under the other do not overlap).
const OVERPRINT_X: f64 = 0.5;
/// See [`OVERPRINT_X`].
const OVERPRINT_Y: f64 = 0.2;

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

/// A line with its cell pieces.
struct Sub<'a> {
    /// Index of the line it came from.
    origin: usize,
    line: Line<'a>,
    pieces: Vec<Line<'a>>,
}

/// The columns of a candidate table.
struct Columns {
    /// Left edges of the label columns.
    labels: Vec<f64>,
    /// Right end of the labels (the value area starts after it).
    label_right: f64,
    /// Extents of the value columns, left to right.
    values: Vec<(f64, f64)>,
}

impl Columns {
    fn count(&self) -> usize {
        self.labels.len() + self.values.len()
    }

    /// The column a piece starting at `x0` starts in.
    fn start(&self, x0: f64) -> usize {
        if x0 <= self.label_right && !self.labels.is_empty() {
            return self
                .labels
                .iter()
                .rposition(|&c| c <= x0 + START)
                .unwrap_or(0);
        }
        let j = self
            .values
            .iter()
            .position(|&(_, b)| x0 <= b)
            .unwrap_or(self.values.len() - 1);
        self.labels.len() + j
    }

    /// The last column a piece ending at `x1` reaches into: past the start of a label column,
    /// past the values of the first value column, past the end of the column before any other.
    fn end(&self, x1: f64) -> usize {
        let starts = self
            .labels
            .iter()
            .copied()
            .chain(self.values.first().map(|v| v.0))
            .chain(self.values.iter().map(|v| v.1))
            .take(self.count());
        starts.take_while(|&a| a < x1).count().saturating_sub(1)
    }

    /// The x edges of the columns (one more than columns).
    fn edges(&self, left: f64) -> Vec<f64> {
        let mut out: Vec<f64> = self.labels.clone();
        if out.is_empty() {
            out.push(left.min(self.values[0].0));
        }
        if !self.labels.is_empty() {
            out.push(self.label_right);
        }
        out.extend(self.values.iter().map(|v| v.1));
        for i in 1..out.len() {
            out[i] = out[i].max(out[i - 1] + 2.0);
        }
        out
    }
}

/// True when `text` is a value: a number (sign, digits, separators, a percent sign), short.
pub(super) fn is_value(text: &str) -> bool {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+', '－']).unwrap_or(t);
    let body = body.strip_suffix(['%', '％']).unwrap_or(body);
    t.chars().count() <= SHORT_ENTRY
        && body.chars().next().is_some_and(|c| c.is_ascii_digit())
        && body.chars().last().is_some_and(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
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

/// Two glyphs printed over each other: different text in nearly the same place.
fn overprint(a: &Glyph, b: &Glyph) -> bool {
    let (ra, rb) = (Rect::of_glyph(a), Rect::of_glyph(b));
    let w = ra.width().min(rb.width()).max(0.01);
    let h = ra.height().min(rb.height()).max(0.01);
    let ox = ra.x1.min(rb.x1) - ra.x0.max(rb.x0);
    let oy = ra.bottom.min(rb.bottom) - ra.top.max(rb.top);
    a.text != b.text && ox > OVERPRINT_X * w && oy > OVERPRINT_Y * h
}

/// True when some glyphs of `glyphs` are printed over others.
fn any_overprint(glyphs: &[&Glyph]) -> bool {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    (0..sorted.len()).any(|i| {
        sorted[i + 1..]
            .iter()
            .take_while(|g| g.x0 < sorted[i].x1)
            .any(|g| overprint(sorted[i], g))
    })
}

/// A line whose glyphs are printed over each other on two baselines (the text of one cell
/// overflowing onto another's) as its two lines; any other line as it is.
fn split_overprint<'a>(line: &Line<'a>) -> Vec<Line<'a>> {
    if !any_overprint(&line.glyphs) {
        return vec![line.clone()];
    }
    let mut bottoms: Vec<f64> = line.glyphs.iter().map(|g| g.bottom).collect();
    bottoms.sort_by(f64::total_cmp);
    let cut = bottoms
        .windows(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .filter(|w| w[1] - w[0] > 0.1)
        .map(|w| (w[0] + w[1]) / 2.0);
    let Some(cut) = cut else {
        return vec![line.clone()];
    };
    let (upper, lower): (Vec<&Glyph>, Vec<&Glyph>) =
        line.glyphs.iter().partition(|g| g.bottom < cut);
    vec![Line::of(upper, false), Line::of(lower, false)]
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
    for i in top..=last {
        match kinds[i] {
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

/// The value columns (extents of the values, overlapping ones merged) and the label columns
/// of a run of lines, when the values stand clear of the text beside them.
fn columns(run: &[Sub<'_>]) -> Option<Columns> {
    let mut spans: Vec<(f64, f64)> = Vec::new();
    for s in run {
        for (k, p) in s.pieces.iter().enumerate() {
            if !is_value(&p.text()) {
                continue;
            }
            let gap = VALUE_GAP * s.line.size;
            let before = k.checked_sub(1).map(|j| &s.pieces[j]);
            let after = s.pieces.get(k + 1);
            if before.is_some_and(|b| p.rect.x0 - b.rect.x1 <= gap)
                || after.is_some_and(|a| a.rect.x0 - p.rect.x1 <= gap)
            {
                return None;
            }
            spans.push((p.rect.x0, p.rect.x1));
        }
    }
    if spans.is_empty() {
        return None;
    }
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut values: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match values.last_mut() {
            Some(last) if a <= last.1 + ALIGN => last.1 = last.1.max(b),
            _ => values.push((a, b)),
        }
    }
    let first_value = values[0].0;
    // Labels: text on the lines of values wholly left of the first value column.
    let labels_on_values: Vec<&Line<'_>> = run
        .iter()
        .filter(|s| s.pieces.iter().any(|p| is_value(&p.text())))
        .flat_map(|s| s.pieces.iter())
        .filter(|p| !is_value(&p.text()) && p.rect.x1 < first_value)
        .collect();
    let label_right = labels_on_values
        .iter()
        .map(|p| p.rect.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut starts: Vec<f64> = run
        .iter()
        .flat_map(|s| s.pieces.iter())
        .filter(|p| !is_value(&p.text()) && p.rect.x0 < label_right)
        .map(|p| p.rect.x0)
        .collect();
    starts.sort_by(f64::total_cmp);
    let mut labels: Vec<f64> = Vec::new();
    for x in starts {
        if labels.last().is_none_or(|&l| x - l > START) {
            labels.push(x);
        }
    }
    Some(Columns {
        labels,
        label_right,
        values,
    })
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
            let rect = Rect {
                x0: xs[c],
                top: ys[r],
                x1: xs[last + 1],
                bottom: ys[r + 1],
            };
            cells.push(DraftCell {
                rect,
                text,
                place: rect.place(page),
                open_top: false,
                open_bottom: false,
            });
            c = last + 1;
        }
    }
    let bbox = Rect::around(cells.iter().map(|c| c.rect));
    Draft {
        cells,
        bbox,
        place: bbox.place(page),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::lines::{self, tests::run};
    use super::*;

    /// Glyphs of `cells` on the line at `top`: (text, x) left-aligned at x, or right-aligned
    /// ending at x when `x` is negative (a number in a spreadsheet cell).
    fn line(top: f64, cells: &[(&str, f64)]) -> Vec<Glyph> {
        cells
            .iter()
            .flat_map(|&(text, x)| {
                if x < 0.0 {
                    let width: f64 = run(text, 0.0, top, 10.0).iter().map(|g| g.x1 - g.x0).sum();
                    run(text, -x - width, top, 10.0)
                } else {
                    run(text, x, top, 10.0)
                }
            })
            .collect()
    }

    fn texts(draft: Draft) -> Vec<Vec<String>> {
        draft
            .into_table()
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    fn found(glyphs: &[Glyph]) -> (Vec<Draft>, usize, Vec<Note>) {
        let mut notes = Vec::new();
        let (drafts, rest) = tables(lines::build(glyphs), 1, &mut notes);
        (drafts, rest.len(), notes)
    }

    #[test]
    fn header_cells_wider_than_their_values_are_one_column_with_them() {
        // Calc: text left-aligned in its cell, numbers right-aligned; headers far wider than
        // the values under them.
        let mut g = line(
            100.0,
            &[
                ("信息内容", 50.0),
                ("本年制发件数", 170.0),
                ("本年废止件数", 290.0),
            ],
        );
        g.extend(line(
            115.0,
            &[("规章", 50.0), ("0", -285.0), ("12", -405.0)],
        ));
        g.extend(line(
            130.0,
            &[("行政规范性文件", 50.0), ("3", -285.0), ("0", -405.0)],
        ));
        let (drafts, rest, notes) = found(&g);
        assert_eq!(rest, 0);
        assert!(notes.is_empty());
        let t = texts(drafts.into_iter().next().expect("a table"));
        assert_eq!(
            t,
            [
                ["信息内容", "本年制发件数", "本年废止件数"],
                ["规章", "0", "12"],
                ["行政规范性文件", "3", "0"],
            ]
        );
    }

    #[test]
    fn a_label_wrapped_above_its_values_is_joined_into_one_cell() {
        let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
        g.extend(line(115.0, &[("规章", 50.0), ("1", -285.0)]));
        g.extend(line(130.0, &[("行政规范", 50.0)]));
        g.extend(line(145.0, &[("性文件", 50.0), ("2", -285.0)]));
        let (drafts, rest, _) = found(&g);
        assert_eq!(rest, 0);
        let t = texts(drafts.into_iter().next().expect("a table"));
        assert_eq!(
            t,
            [["项目", "数量"], ["规章", "1"], ["行政规范性文件", "2"]]
        );
    }

    #[test]
    fn a_label_wrapped_below_the_last_values_is_no_table() {
        // Set at the top of its cell: which row the wrapped line belongs to is unclear.
        let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
        g.extend(line(115.0, &[("规章", 50.0), ("1", -285.0)]));
        g.extend(line(130.0, &[("行政规范", 50.0), ("2", -285.0)]));
        g.extend(line(145.0, &[("性文件", 50.0)]));
        let (drafts, rest, _) = found(&g);
        assert!(drafts.is_empty());
        assert_eq!(rest, 4);
    }

    #[test]
    fn a_two_column_prose_page_is_no_table() {
        let left = "这是左栏的一段正文，说明本年度的工作";
        let right = "这是右栏的一段正文，共发布信息17条";
        let g: Vec<Glyph> = (0..6)
            .flat_map(|i| line(100.0 + 15.0 * i as f64, &[(left, 50.0), (right, 320.0)]))
            .collect();
        let (drafts, rest, _) = found(&g);
        assert!(drafts.is_empty());
        assert_eq!(rest, 6);
        // Numbers in the prose of both columns do not make it a table either.
        let g: Vec<Glyph> = (0..6)
            .flat_map(|i| {
                line(
                    100.0 + 15.0 * i as f64,
                    &[
                        ("共发布信息", 50.0),
                        ("17", -200.0),
                        ("条其中政策解读", 320.0),
                        ("1", -500.0),
                    ],
                )
            })
            .collect();
        let (drafts, _, _) = found(&g);
        assert!(drafts.is_empty(), "prose split at gaps is no table");
    }

    #[test]
    fn text_printed_over_text_leaves_its_row_and_the_next_blank_with_a_note() {
        // The next row's label overflows up onto this row's label, set just above this row's
        // baseline: both rows' text is in one cell.
        let rows = |overflow: f64| {
            let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
            g.extend(line(115.0, &[("规章", 50.0), ("1", -285.0)]));
            g.extend(line(130.0, &[("行政许可", 50.0), ("2", -285.0)]));
            g.extend(line(overflow, &[("行政规范", 50.0)]));
            g.extend(line(145.0, &[("性文件", 50.0), ("3", -285.0)]));
            g.extend(line(160.0, &[("行政处罚", 50.0), ("4", -285.0)]));
            g
        };
        let (drafts, _, notes) = found(&rows(129.0));
        let t = texts(drafts.into_iter().next().expect("a table"));
        assert_eq!(
            t,
            [
                ["项目", "数量"],
                ["规章", "1"],
                ["", ""],
                ["", ""],
                ["行政处罚", "4"]
            ]
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        // Set just below this row's baseline, the overflowing line is the next row's.
        let (drafts, _, notes) = found(&rows(131.0));
        let t = texts(drafts.into_iter().next().expect("a table"));
        assert_eq!(t[2..4], [["行政许可", "2"], ["行政规范性文件", "3"]]);
        assert!(notes.is_empty());
    }

    #[test]
    fn the_start_of_another_label_wrapped_into_a_cell_leaves_its_rows_blank() {
        // "3.补正后" overflows up from the row below into this row's label cell, on a line of
        // its own: the cell holds the start of another label.
        let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
        g.extend(line(115.0, &[("1.规章", 50.0), ("1", -285.0)]));
        g.extend(line(130.0, &[("2.没有现成", 50.0)]));
        g.extend(line(145.0, &[("3.补正后", 50.0)]));
        g.extend(line(160.0, &[("信息", 50.0), ("2", -285.0)]));
        g.extend(line(175.0, &[("仍不明确", 50.0), ("3", -285.0)]));
        g.extend(line(190.0, &[("4.其他", 50.0), ("4", -285.0)]));
        let (drafts, _, notes) = found(&g);
        let t = texts(drafts.into_iter().next().expect("a table"));
        assert_eq!(t[1], ["1.规章", "1"]);
        assert_eq!(t[2..4], [["", ""], ["", ""]]);
        assert_eq!(t[4], ["4.其他", "4"]);
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn values_set_a_space_apart_are_no_table() {
        let mut g = line(100.0, &[("项目", 50.0), ("甲", 170.0), ("乙", 190.0)]);
        g.extend(line(115.0, &[("规章", 50.0), ("0", -180.0), ("1", -195.0)]));
        g.extend(line(
            130.0,
            &[("行政规范性文件", 50.0), ("1", -180.0), ("2", -195.0)],
        ));
        let (drafts, _, _) = found(&g);
        assert!(drafts.is_empty());
    }

    #[test]
    fn a_header_wrapped_in_its_cells_is_joined() {
        let mut g = line(100.0, &[("结果", 50.0), ("结果", 110.0)]);
        g.extend(line(
            112.0,
            &[("维持", 50.0), ("纠正", 110.0), ("总计", 170.0)],
        ));
        g.extend(line(125.0, &[("1", -100.0), ("2", -160.0), ("3", -220.0)]));
        let (drafts, _, _) = found(&g);
        let t = texts(drafts.into_iter().next().expect("a table"));
        assert_eq!(t, [["结果维持", "结果纠正", "总计"], ["1", "2", "3"]]);
    }
}
