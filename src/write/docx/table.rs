//! The standard tables as Word tables: the merged header and label structure is derived from the
//! standard's column and row `groups` (equal neighbouring groups merge; a shorter path spans to
//! the end), then rendered as a rectangular grid with `gridSpan` and `vMerge`.

use super::style::{Style, pt_to_half_points, pt_to_twips};
use super::xml::{ParaProps, paragraph_runs_into};
use crate::model::Report;
use crate::standard::{Layout, RowDef, TableDef};

/// Left and right cell margin, twips (1 mm): narrow, so table 三 fits the text block.
const CELL_MARGIN: u32 = 57;

/// What a cell holds; decides its alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A column header or the corner.
    Header,
    /// A group label (spans several rows or the whole width).
    Group,
    /// A row label.
    Label,
    /// A value.
    Value,
}

/// A merged area of the grid with its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// First grid row.
    pub row: usize,
    /// First grid column.
    pub col: usize,
    /// Rows covered (≥ 1).
    pub rows: usize,
    /// Columns covered (≥ 1).
    pub cols: usize,
    /// The text.
    pub text: String,
    /// What it holds.
    pub kind: Kind,
}

/// A table ready to render: grid column widths, the regions, how many leading rows repeat.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Column widths in twips.
    pub widths: Vec<u32>,
    /// Number of rows.
    pub rows: usize,
    /// Leading rows that repeat on every page (`tblHeader`).
    pub header_rows: usize,
    /// The regions, each grid position covered by at most one.
    pub regions: Vec<Region>,
    /// Size of the values in half-points when smaller than the table style's: values too wide
    /// for the text block at that size are set smaller rather than wrapped.
    pub value_half_points: Option<u32>,
}

impl Grid {
    fn push(&mut self, row: usize, col: usize, rows: usize, cols: usize, text: &str, kind: Kind) {
        self.regions.push(Region {
            row,
            col,
            rows: rows.max(1),
            cols: cols.max(1),
            text: text.to_string(),
            kind,
        });
        self.rows = self.rows.max(row + rows.max(1));
    }
}

/// A merged run at one level of a list of paths: (first item, item count, leaf?, text).
type Run<'p> = (usize, usize, bool, &'p str);

/// The runs at level `h`: consecutive paths whose first `h + 1` parts are equal merge, unless
/// the part at `h` is a path's last (a leaf is never merged with a neighbour).
fn runs<'p>(paths: &'p [Vec<&'p str>], h: usize) -> Vec<Run<'p>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < paths.len() {
        let p = &paths[i];
        if p.len() <= h {
            i += 1;
            continue;
        }
        let leaf = h + 1 == p.len();
        let mut j = i + 1;
        if !leaf {
            while j < paths.len() && paths[j].len() > h + 1 && paths[j][..=h] == p[..=h] {
                j += 1;
            }
        }
        out.push((i, j - i, leaf, p[h]));
        i = j;
    }
    out
}

fn depth(paths: &[Vec<&str>]) -> usize {
    paths.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

/// Column headers across from (`r0`, `c0`), `levels` rows deep; a leaf reaches the bottom.
fn header_regions(grid: &mut Grid, paths: &[Vec<&str>], r0: usize, c0: usize, levels: usize) {
    for h in 0..levels {
        for (start, len, leaf, text) in runs(paths, h) {
            let rows = if leaf { levels - h } else { 1 };
            grid.push(r0 + h, c0 + start, rows, len, text, Kind::Header);
        }
    }
}

/// Row labels down from (`r0`, `c0`), `levels` columns wide; a leaf reaches the right edge.
fn label_regions(grid: &mut Grid, paths: &[Vec<&str>], r0: usize, c0: usize, levels: usize) {
    for h in 0..levels {
        for (start, len, leaf, text) in runs(paths, h) {
            let (cols, kind) = if leaf {
                (levels - h, Kind::Label)
            } else {
                (1, Kind::Group)
            };
            grid.push(r0 + start, c0 + h, len, cols, text, kind);
        }
    }
}

fn value_text(report: &Report, table: &str, row: &str, col: &str) -> String {
    report
        .get(table, row, col)
        .map(|v| v.display())
        .unwrap_or_default()
}

/// `total` split into `n` widths as equal as possible (the first ones take the remainder).
fn split(total: u32, n: usize) -> Vec<u32> {
    let n32 = u32::try_from(n.max(1)).unwrap_or(u32::MAX);
    let base = total / n32;
    let extra = (total % n32) as usize;
    (0..n.max(1)).map(|i| base + u32::from(i < extra)).collect()
}

/// Lays out a standard table with its values.
pub fn standard(t: &TableDef, report: &Report, style: &Style) -> Grid {
    match t.layout {
        Layout::Grid => grid_layout(t, report, style),
        Layout::Blocks => blocks_layout(t, report, style),
        Layout::SingleRow => single_row_layout(t, report, style),
    }
}

/// Row labels on the left (nested groups), column headers on top, a corner cell over both.
fn grid_layout(t: &TableDef, report: &Report, style: &Style) -> Grid {
    let col_paths: Vec<Vec<&str>> = t
        .columns
        .iter()
        .map(|c| path(&c.groups, &c.label))
        .collect();
    let row_paths: Vec<Vec<&str>> = t.rows.iter().map(|r| path(&r.groups, &r.label)).collect();
    let levels = depth(&col_paths);
    let label_cols = depth(&row_paths);
    let mut grid = Grid {
        header_rows: levels,
        ..Grid::default()
    };
    grid.push(
        0,
        0,
        levels,
        label_cols,
        t.corner.as_deref().unwrap_or(""),
        Kind::Header,
    );
    header_regions(&mut grid, &col_paths, 0, label_cols, levels);
    label_regions(&mut grid, &row_paths, levels, 0, label_cols);
    for (i, r) in t.rows.iter().enumerate() {
        let has: Vec<&str> = t.columns_of(r).iter().map(|c| c.id.as_str()).collect();
        for (j, c) in t.columns.iter().enumerate() {
            let text = if has.contains(&c.id.as_str()) {
                value_text(report, &t.id, &r.id, &c.id)
            } else {
                String::new()
            };
            grid.push(levels + i, label_cols + j, 1, 1, &text, Kind::Value);
        }
    }
    let total = style.text_width_twips();
    let n = u32::try_from(t.columns.len().max(1)).unwrap_or(u32::MAX);
    let groups = u32::try_from(label_cols - 1).unwrap_or(0);
    let char_w = pt_to_twips(style.table.size_pt);
    let min_label = 4 * char_w + 2 * CELL_MARGIN;
    let narrow_group = 2 * char_w + 2 * CELL_MARGIN;
    // The widest value at the largest size that leaves the labels their least width.
    let (size, need) = value_size(&grid, style, |need| {
        need * n + narrow_group * groups + min_label <= total
    });
    grid.value_half_points = (size < style.table.size_pt).then(|| pt_to_half_points(size));
    // Values take 56 % of the width, or what the widest value needs; the label columns shrink.
    let value_w = (total * 56 / 100 / n).max(need);
    let mut group_w = 3 * char_w + 2 * CELL_MARGIN;
    if value_w * n + group_w * groups + min_label > total {
        group_w = narrow_group;
    }
    let label_w = total
        .saturating_sub(value_w * n + group_w * groups)
        .max(min_label);
    grid.widths = vec![group_w; label_cols - 1];
    grid.widths.push(label_w);
    grid.widths.extend(vec![value_w; t.columns.len()]);
    grid
}

/// Smallest size values are set in, in points, before they may wrap.
const MIN_VALUE_PT: f64 = 7.0;

/// The largest value size from the table style's down to [`MIN_VALUE_PT`] in half points at
/// which `fits(widest value's need)` holds (the smallest when none does), with that need.
fn value_size(grid: &Grid, style: &Style, fits: impl Fn(u32) -> bool) -> (f64, u32) {
    let mut size = style.table.size_pt;
    loop {
        let need = widest_value(grid, size);
        if fits(need) || size - 0.5 < MIN_VALUE_PT {
            return (size, need);
        }
        size -= 0.5;
    }
}

/// Printed width of `text` in twips at `size_pt`: a CJK character is one em, a digit, point or
/// other ASCII character 0.65 em — 仿宋 sets them half-width, but a stand-in Latin font may not
/// (DejaVu Sans, which LibreOffice falls back to, sets digits at 0.64 em); the widest line of a
/// multi-line text.
pub fn text_twips(text: &str, size_pt: f64) -> u32 {
    let em = pt_to_twips(size_pt);
    // In twentieths of an em: 13 for ASCII, 20 for the rest.
    let line = |l: &str| -> u32 { l.chars().map(|c| if c.is_ascii() { 13 } else { 20 }).sum() };
    let widest = text.split('\n').map(line).max().unwrap_or(0);
    (widest * em).div_ceil(20)
}

/// Width a cell needs to hold `text` on one line: the text, the cell margins and a little
/// slack for rounding in the word processor.
fn cell_need(text: &str, size_pt: f64) -> u32 {
    const SLACK: u32 = 40;
    text_twips(text, size_pt) + 2 * CELL_MARGIN + SLACK
}

/// The width the widest value of the grid needs at `size_pt` per grid column it spans.
fn widest_value(grid: &Grid, size_pt: f64) -> u32 {
    (grid.regions.iter())
        .filter(|r| r.kind == Kind::Value && !r.text.is_empty())
        .map(|r| cell_need(&r.text, size_pt).div_ceil(u32::try_from(r.cols).unwrap_or(1).max(1)))
        .max()
        .unwrap_or(0)
}

fn path<'a>(groups: &'a [String], label: &'a str) -> Vec<&'a str> {
    groups
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(label))
        .collect()
}

/// Blocks of rows (table 二): per group a full-width row, a header row (the row header and the
/// block's column labels), then the rows. Blocks with fewer columns span theirs wider.
fn blocks_layout(t: &TableDef, report: &Report, style: &Style) -> Grid {
    // Consecutive rows with the same groups and columns form a block.
    let mut blocks: Vec<Vec<&RowDef>> = Vec::new();
    for r in &t.rows {
        match blocks.last_mut() {
            Some(b)
                if b.first().is_some_and(|f| {
                    f.groups == r.groups
                        && t.columns_of(f)
                            .iter()
                            .map(|c| &c.id)
                            .eq(t.columns_of(r).iter().map(|c| &c.id))
                }) =>
            {
                b.push(r)
            }
            _ => blocks.push(vec![r]),
        }
    }
    let width = blocks
        .iter()
        .filter_map(|b| b.first())
        .map(|r| t.columns_of(r).len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut grid = Grid::default();
    let mut row = 0;
    let mut previous_groups: &[String] = &[];
    for block in &blocks {
        let Some(first) = block.first() else { continue };
        let shared = first
            .groups
            .iter()
            .zip(previous_groups)
            .take_while(|(a, b)| a == b)
            .count();
        for g in &first.groups[shared..] {
            grid.push(row, 0, 1, 1 + width, g, Kind::Group);
            row += 1;
        }
        previous_groups = &first.groups;
        let cols = t.columns_of(first);
        let spans = spans(width, cols.len());
        grid.push(
            row,
            0,
            1,
            1,
            t.row_header.as_deref().unwrap_or(""),
            Kind::Header,
        );
        let mut at = 1;
        for (c, span) in cols.iter().zip(&spans) {
            grid.push(row, at, 1, *span, &c.label, Kind::Header);
            at += span;
        }
        row += 1;
        for r in block {
            grid.push(row, 0, 1, 1, &r.label, Kind::Label);
            let mut at = 1;
            for (c, span) in cols.iter().zip(&spans) {
                let text = value_text(report, &t.id, &r.id, &c.id);
                grid.push(row, at, 1, *span, &text, Kind::Value);
                at += span;
            }
            row += 1;
        }
    }
    let total = style.text_width_twips();
    let columns = u32::try_from(width).unwrap_or(u32::MAX);
    let min_label = 4 * pt_to_twips(style.table.size_pt) + 2 * CELL_MARGIN;
    let (size, need) = value_size(&grid, style, |need| need * columns + min_label <= total);
    grid.value_half_points = (size < style.table.size_pt).then(|| pt_to_half_points(size));
    // The label column takes 34 %, less what the widest value needs beyond its share.
    let need = need * columns;
    let label_w = (total * 34 / 100)
        .min(total.saturating_sub(need))
        .max(min_label);
    grid.widths = vec![label_w];
    grid.widths
        .extend(split(total.saturating_sub(label_w).max(need), width));
    grid
}

/// How many grid columns each of `n` columns takes in a block `width` wide.
fn spans(width: usize, n: usize) -> Vec<usize> {
    let n = n.max(1);
    let base = width / n;
    let extra = width % n;
    (0..n)
        .map(|i| (base + usize::from(i < extra)).max(1))
        .collect()
}

/// One data row (table 四): each standard row is a block of columns under its label and groups.
fn single_row_layout(t: &TableDef, report: &Report, style: &Style) -> Grid {
    let mut paths: Vec<Vec<&str>> = Vec::new();
    let mut values = Vec::new();
    for r in &t.rows {
        for c in t.columns_of(r) {
            let mut p = path(&r.groups, &r.label);
            p.push(&c.label);
            paths.push(p);
            values.push(value_text(report, &t.id, &r.id, &c.id));
        }
    }
    let levels = depth(&paths);
    let mut grid = Grid {
        header_rows: levels,
        ..Grid::default()
    };
    header_regions(&mut grid, &paths, 0, 0, levels);
    for (j, v) in values.iter().enumerate() {
        grid.push(levels, j, 1, 1, v, Kind::Value);
    }
    let total = style.text_width_twips();
    let needs_at = |size: f64| -> Vec<u32> {
        (values.iter())
            .map(|v| if v.is_empty() { 0 } else { cell_need(v, size) })
            .collect()
    };
    let (size, _) = value_size(&grid, style, |_| true);
    let mut size = size;
    while needs_at(size).iter().sum::<u32>() > total && size - 0.5 >= MIN_VALUE_PT {
        size -= 0.5;
    }
    grid.value_half_points = (size < style.table.size_pt).then(|| pt_to_half_points(size));
    grid.widths = fit(total, &needs_at(size));
    grid
}

/// Widths of columns that each need `needs[i]`: equal when the widest need fits an equal share;
/// else each its need plus an equal share of what is left; else (no room) each its need.
fn fit(total: u32, needs: &[u32]) -> Vec<u32> {
    let n = u32::try_from(needs.len().max(1)).unwrap_or(u32::MAX);
    let widest = needs.iter().copied().max().unwrap_or(0);
    let sum: u32 = needs.iter().sum();
    if widest * n <= total {
        split(total, needs.len())
    } else if sum <= total {
        (needs.iter())
            .zip(split(total - sum, needs.len()))
            .map(|(need, extra)| need + extra)
            .collect()
    } else {
        needs.to_vec()
    }
}

/// A table that is not a standard one, as rows of cell texts; short rows' last cell spans the rest.
pub fn plain(rows: &[Vec<String>], style: &Style) -> Grid {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let mut grid = Grid::default();
    for (r, cells) in rows.iter().enumerate() {
        if cells.is_empty() {
            grid.push(r, 0, 1, width, "", Kind::Label);
        }
        for (j, text) in cells.iter().enumerate() {
            let cols = if j + 1 == cells.len() { width - j } else { 1 };
            grid.push(r, j, 1, cols, text, Kind::Label);
        }
    }
    grid.widths = split(style.text_width_twips(), width);
    grid
}

/// Appends the table as `w:tbl`.
pub fn render_into(out: &mut String, grid: &Grid) {
    let total: u32 = grid.widths.iter().sum();
    let ncols = grid.widths.len();
    out.push_str("<w:tbl><w:tblPr>");
    out.push_str(&format!("<w:tblW w:w=\"{total}\" w:type=\"dxa\"/>"));
    out.push_str("<w:jc w:val=\"center\"/><w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!(
            "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        ));
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>");
    out.push_str(&format!(
        "<w:left w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/><w:right w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/>"
    ));
    out.push_str("</w:tblCellMar></w:tblPr><w:tblGrid>");
    for w in &grid.widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    // Which region covers each grid position.
    let mut cover: Vec<Vec<Option<usize>>> = vec![vec![None; ncols]; grid.rows];
    for (i, reg) in grid.regions.iter().enumerate() {
        for row in cover.iter_mut().skip(reg.row).take(reg.rows) {
            for slot in row.iter_mut().skip(reg.col).take(reg.cols) {
                slot.get_or_insert(i);
            }
        }
    }
    // Rows holding values: a row of headers or group labels only keeps with the row below.
    let mut has_value = vec![false; grid.rows];
    for reg in grid.regions.iter().filter(|r| r.kind == Kind::Value) {
        if let Some(v) = has_value.get_mut(reg.row) {
            *v = true;
        }
    }
    for (r, row) in cover.iter().enumerate() {
        let keep = r + 1 < grid.rows && (grid.rows <= KEEP_TOGETHER_ROWS || !has_value[r]);
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if r < grid.header_rows {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        let mut c = 0;
        while c < ncols {
            let (span, merge, text, kind) = match row[c].and_then(|i| grid.regions.get(i)) {
                Some(reg) if reg.col == c => {
                    let span = reg.cols.min(ncols - c);
                    let merge = match (reg.rows > 1, reg.row == r) {
                        (false, _) => Merge::None,
                        (true, true) => Merge::Restart,
                        (true, false) => Merge::Continue,
                    };
                    let text = if reg.row == r { reg.text.as_str() } else { "" };
                    (span, merge, text, reg.kind)
                }
                _ => (1, Merge::None, "", Kind::Value),
            };
            let width: u32 = grid.widths.iter().skip(c).take(span).sum();
            let rpr = match (kind, grid.value_half_points) {
                (Kind::Value, Some(sz)) => {
                    format!("<w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/>")
                }
                _ => String::new(),
            };
            cell_into(out, width, span, merge, (text, &rpr), kind, keep);
            c += span;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// Tables with at most this many rows are kept on one page (Word's "keep with next" on every
/// row but the last), as a short table split by a page break reads badly. Longer tables keep
/// only their header and group rows with the row below: a longer chain would leave a blank
/// page foot before the table (table 二 of the seed left a third of a page).
const KEEP_TOGETHER_ROWS: usize = 8;

fn cell_into(
    out: &mut String,
    width: u32,
    span: usize,
    merge: Merge,
    (text, rpr): (&str, &str),
    kind: Kind,
    keep_next: bool,
) {
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    ));
    if span > 1 {
        out.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    match merge {
        Merge::None => {}
        Merge::Restart => out.push_str("<w:vMerge w:val=\"restart\"/>"),
        Merge::Continue => out.push_str("<w:vMerge/>"),
    }
    out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    let props = ParaProps {
        keep_next,
        align: (kind == Kind::Label).then_some(super::style::Align::Left),
    };
    let mut lines = text.split('\n');
    // Every cell holds at least one paragraph.
    paragraph_runs_into(
        out,
        TABLE_STYLE,
        props,
        &[(rpr, lines.next().unwrap_or(""))],
    );
    for line in lines {
        paragraph_runs_into(out, TABLE_STYLE, props, &[(rpr, line)]);
    }
    out.push_str("</w:tc>");
}

/// Style id of table text (defined in styles.xml).
pub const TABLE_STYLE: &str = "TableText";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_equal_groups_but_never_leaves() {
        let paths = vec![
            vec!["A", "x"],
            vec!["A", "B", "y"],
            vec!["A", "B", "z"],
            vec!["A", "w"],
            vec!["v"],
        ];
        assert_eq!(runs(&paths, 0), vec![(0, 4, false, "A"), (4, 1, true, "v")]);
        assert_eq!(
            runs(&paths, 1),
            vec![(0, 1, true, "x"), (1, 2, false, "B"), (3, 1, true, "w")]
        );
        assert_eq!(runs(&paths, 2), vec![(1, 1, true, "y"), (2, 1, true, "z")]);
    }

    #[test]
    fn short_paths_span_to_the_edge() {
        let mut g = Grid::default();
        let paths = vec![vec!["A", "x"], vec!["A", "B", "y"]];
        label_regions(&mut g, &paths, 0, 0, 3);
        let x = g.regions.iter().find(|r| r.text == "x").expect("x");
        assert_eq!((x.col, x.cols), (1, 2));
        let a = g.regions.iter().find(|r| r.text == "A").expect("A");
        assert_eq!((a.rows, a.kind), (2, Kind::Group));
    }

    #[test]
    fn measures_digits_at_about_half_an_em() {
        assert_eq!(text_twips("96171.6", 10.0), 910);
        assert_eq!(text_twips("总计", 10.0), 400);
        assert_eq!(text_twips("1\n总计", 10.0), 400);
    }

    #[test]
    fn fits_wide_values_by_narrowing_the_others() {
        assert_eq!(fit(100, &[10, 20]), vec![50, 50]);
        assert_eq!(fit(100, &[70, 0, 0]), vec![80, 10, 10]);
        assert_eq!(fit(100, &[70, 70]), vec![70, 70]);
    }

    #[test]
    fn sets_values_too_wide_for_the_page_smaller_instead_of_wrapping_them() {
        let std = crate::standard::current();
        let appeals = std.table("appeals").expect("table 四");
        let mut report = Report::empty(std);
        let style = Style::default();
        let g = standard(appeals, &report, &style);
        assert_eq!(g.value_half_points, None);
        for r in &appeals.rows {
            for c in appeals.columns_of(r) {
                report.set("appeals", &r.id, &c.id, crate::model::Value::int(1234));
            }
        }
        let g = standard(appeals, &report, &style);
        let half = g.value_half_points.expect("smaller values");
        assert!((14..21).contains(&half), "{half}");
        assert!(g.widths.iter().sum::<u32>() <= style.text_width_twips());
        let need = cell_need("1234", f64::from(half) / 2.0);
        assert!(g.widths.iter().all(|w| *w >= need), "{:?}", g.widths);
    }

    #[test]
    fn splits_widths_exactly() {
        assert_eq!(split(10, 3), vec![4, 3, 3]);
        assert_eq!(split(8844, 15).iter().sum::<u32>(), 8844);
        assert_eq!(spans(3, 1), vec![3]);
        assert_eq!(spans(3, 2), vec![2, 1]);
    }
}
