//! Where each cell of a standard table goes on its sheet, derived from the table's definition
//! alone: merged headers from the column and row `groups` paths, the corner, the blocks of a
//! `blocks` table, the header over the one data row of a `single_row` table. No label is
//! spelled here; nothing here writes a file.

use crate::memo;
use crate::standard::{Layout, Standard, TableDef};
use foldhash::HashMap;
use std::borrow::Cow;
use std::sync::OnceLock;

/// What a placed cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// An empty cell closing a full-width row, so that a reader keeps the row in the table
    /// instead of taking a lone full-width cell for a line of text.
    Filler,
    /// A header label (column labels, their groups, the corner, a block's row header).
    Header(String),
    /// A block's group label over the whole width (table 二).
    Group(String),
    /// A row label or a row group label.
    Label(String),
    /// A value cell of the standard, by row and column id.
    Value {
        /// Row id.
        row: String,
        /// Column id.
        col: String,
    },
}

/// A cell or merged region, 0-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// First row.
    pub r0: u32,
    /// First column.
    pub c0: u16,
    /// Last row.
    pub r1: u32,
    /// Last column.
    pub c1: u16,
    /// Content.
    pub what: What,
}

/// A table laid out on a sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Every cell, titles and headers first.
    pub cells: Vec<Placed>,
    /// Number of rows.
    pub height: u32,
    /// Header rows to repeat on every printed page (first, last), if any.
    pub header_rows: Option<(u32, u32)>,
    /// Column widths in character units.
    pub widths: Vec<f64>,
    /// True when the table prints better in landscape.
    pub landscape: bool,
    /// Where each value cell is, by row id then column id: filled by [`layout`].
    positions: HashMap<String, HashMap<String, (u32, u16)>>,
}

impl Sheet {
    /// The position (row, first column) of a value cell.
    pub fn position(&self, row: &str, col: &str) -> Option<(u32, u16)> {
        // A lookup per value cell: searching the cells each time was quadratic in the table.
        self.positions.get(row)?.get(col).copied()
    }

    fn index(mut self) -> Sheet {
        for p in &self.cells {
            if let What::Value { row, col } = &p.what {
                (self.positions.entry(row.clone()).or_default())
                    .entry(col.clone())
                    .or_insert((p.r0, p.c0));
            }
        }
        self
    }
}

/// A run of items under one label at one level of a header.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    text: String,
    first: usize,
    last: usize,
    level: usize,
    level_end: usize,
}

/// Nested header spans of items given by their label paths (groups, then the label), `depth`
/// levels deep: items next to each other that share a path prefix share its label; a path's
/// last label reaches down to the last level.
fn spans(paths: &[Vec<&str>], depth: usize) -> Vec<Span> {
    let mut out = Vec::new();
    for d in 0..depth {
        let mut i = 0;
        while i < paths.len() {
            let p = &paths[i];
            if p.len() <= d {
                i += 1;
                continue;
            }
            let leaf = p.len() == d + 1;
            let mut j = i;
            while let Some(next) = paths.get(j + 1) {
                if next.len() > d && (next.len() == d + 1) == leaf && next[..=d] == p[..=d] {
                    j += 1;
                } else {
                    break;
                }
            }
            out.push(Span {
                text: p[d].to_string(),
                first: i,
                last: j,
                level: d,
                level_end: if leaf {
                    depth.saturating_sub(1).max(d)
                } else {
                    d
                },
            });
            i = j + 1;
        }
    }
    out
}

fn path<'a>(groups: &'a [String], label: &'a str) -> Vec<&'a str> {
    groups
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(label))
        .collect()
}

/// The layouts of a standard's tables, in its order.
pub type Sheets = Vec<Sheet>;

/// The layouts of all of a standard's tables, in its order: made once per embedded standard
/// (every workbook written in a batch has the same).
pub fn layouts(std: &Standard) -> Cow<'static, Sheets> {
    static CELL: OnceLock<Vec<Sheets>> = OnceLock::new();
    memo::per_standard(&CELL, std, |s| s.tables.iter().map(layout).collect())
}

/// Lays out a table.
pub fn layout(table: &TableDef) -> Sheet {
    match table.layout {
        Layout::Grid => grid(table),
        Layout::Blocks => blocks(table),
        Layout::SingleRow => single_row(table),
    }
    .index()
}

const TOP: u32 = 0;

fn u16_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Table 三: row labels on the left under a corner, column headers on top.
fn grid(table: &TableDef) -> Sheet {
    let col_paths: Vec<Vec<&str>> = table
        .columns
        .iter()
        .map(|c| path(&c.groups, &c.label))
        .collect();
    let row_paths: Vec<Vec<&str>> = table
        .rows
        .iter()
        .map(|r| path(&r.groups, &r.label))
        .collect();
    let h = col_paths.iter().map(Vec::len).max().unwrap_or(1);
    let w = row_paths.iter().map(Vec::len).max().unwrap_or(1);
    let mut cells = vec![Placed {
        r0: TOP,
        c0: 0,
        r1: TOP + u32_of(h) - 1,
        c1: u16_of(w) - 1,
        what: What::Header(table.corner.clone().unwrap_or_default()),
    }];
    for s in spans(&col_paths, h) {
        cells.push(Placed {
            r0: TOP + u32_of(s.level),
            c0: u16_of(w + s.first),
            r1: TOP + u32_of(s.level_end),
            c1: u16_of(w + s.last),
            what: What::Header(s.text),
        });
    }
    let body = TOP + u32_of(h);
    for s in spans(&row_paths, w) {
        cells.push(Placed {
            r0: body + u32_of(s.first),
            c0: u16_of(s.level),
            r1: body + u32_of(s.last),
            c1: u16_of(s.level_end),
            what: What::Label(s.text),
        });
    }
    for (i, row) in table.rows.iter().enumerate() {
        for col in table.columns_of(row) {
            let j = table
                .columns
                .iter()
                .position(|c| c.id == col.id)
                .unwrap_or(0);
            let (r, c) = (body + u32_of(i), u16_of(w + j));
            cells.push(value(r, c, c, &row.id, &col.id));
        }
    }
    let mut widths = vec![7.0; w];
    if let Some(last) = widths.last_mut() {
        *last = 34.0;
    }
    for x in widths.iter_mut().take(w.saturating_sub(1)).skip(1) {
        *x = 12.0;
    }
    widths.extend(std::iter::repeat_n(9.0, table.columns.len()));
    Sheet {
        cells,
        height: body + u32_of(table.rows.len()),
        header_rows: Some((TOP, body - 1)),
        widths,
        landscape: false,
        positions: HashMap::default(),
    }
}

fn value(r: u32, c0: u16, c1: u16, row: &str, col: &str) -> Placed {
    Placed {
        r0: r,
        c0,
        r1: r,
        c1,
        what: What::Value {
            row: row.to_string(),
            col: col.to_string(),
        },
    }
}

/// Table 二: blocks of rows, each under its group label and its own header row.
fn blocks(table: &TableDef) -> Sheet {
    let mut groups: Vec<(Vec<&str>, Vec<usize>)> = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let g: Vec<&str> = row.groups.iter().map(String::as_str).collect();
        match groups.last_mut() {
            Some((last, members)) if *last == g => members.push(i),
            _ => groups.push((g, vec![i])),
        }
    }
    let max_cols = table
        .rows
        .iter()
        .map(|r| table.columns_of(r).len())
        .max()
        .unwrap_or(1)
        .max(1);
    let width = u16_of(1 + max_cols);
    let last_col = width - 1;
    let mut cells = Vec::new();
    let mut r = TOP;
    for (group, members) in &groups {
        for g in group {
            cells.push(Placed {
                r0: r,
                c0: 0,
                r1: r,
                c1: last_col.saturating_sub(1),
                what: What::Group((*g).to_string()),
            });
            cells.push(Placed {
                r0: r,
                c0: last_col,
                r1: r,
                c1: last_col,
                what: What::Filler,
            });
            r += 1;
        }
        let Some(first) = members.first().and_then(|i| table.rows.get(*i)) else {
            continue;
        };
        let cols = table.columns_of(first);
        let col_span = |k: usize| {
            let c0 = u16_of(1 + k);
            let c1 = if k + 1 == cols.len() { last_col } else { c0 };
            (c0, c1)
        };
        cells.push(Placed {
            r0: r,
            c0: 0,
            r1: r,
            c1: 0,
            what: What::Header(table.row_header.clone().unwrap_or_default()),
        });
        for (k, c) in cols.iter().enumerate() {
            let (c0, c1) = col_span(k);
            cells.push(Placed {
                r0: r,
                c0,
                r1: r,
                c1,
                what: What::Header(c.label.clone()),
            });
        }
        r += 1;
        for i in members {
            let Some(row) = table.rows.get(*i) else {
                continue;
            };
            cells.push(Placed {
                r0: r,
                c0: 0,
                r1: r,
                c1: 0,
                what: What::Label(row.label.clone()),
            });
            for (k, c) in table.columns_of(row).iter().enumerate() {
                let (c0, c1) = col_span(k);
                cells.push(value(r, c0, c1, &row.id, &c.id));
            }
            r += 1;
        }
    }
    let mut widths = vec![24.0];
    widths.extend(std::iter::repeat_n(16.0, max_cols));
    Sheet {
        cells,
        height: r,
        header_rows: None,
        widths,
        landscape: false,
        positions: HashMap::default(),
    }
}

/// Table 四: every row is a block of columns under its (grouped) label; one data row.
fn single_row(table: &TableDef) -> Sheet {
    let mut items: Vec<(Vec<&str>, &str, &str, &str)> = Vec::new();
    for row in &table.rows {
        for col in table.columns_of(row) {
            items.push((
                path(&row.groups, &row.label),
                col.label.as_str(),
                row.id.as_str(),
                col.id.as_str(),
            ));
        }
    }
    let paths: Vec<Vec<&str>> = items.iter().map(|i| i.0.clone()).collect();
    let depth = paths.iter().map(Vec::len).max().unwrap_or(1);
    let mut cells = Vec::new();
    for s in spans(&paths, depth) {
        cells.push(Placed {
            r0: TOP + u32_of(s.level),
            c0: u16_of(s.first),
            r1: TOP + u32_of(s.level_end),
            c1: u16_of(s.last),
            what: What::Header(s.text),
        });
    }
    let label_row = TOP + u32_of(depth);
    for (k, (_, label, row, col)) in items.iter().enumerate() {
        let c = u16_of(k);
        cells.push(Placed {
            r0: label_row,
            c0: c,
            r1: label_row,
            c1: c,
            what: What::Header((*label).to_string()),
        });
        cells.push(value(label_row + 1, c, c, row, col));
    }
    Sheet {
        cells,
        height: label_row + 2,
        header_rows: Some((TOP, label_row)),
        widths: vec![9.0; items.len()],
        landscape: true,
        positions: HashMap::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    fn headers(sheet: &Sheet) -> Vec<(String, u32, u16, u32, u16)> {
        sheet
            .cells
            .iter()
            .filter_map(|p| match &p.what {
                What::Header(t) | What::Label(t) | What::Group(t) => {
                    Some((t.clone(), p.r0, p.c0, p.r1, p.c1))
                }
                _ => None,
            })
            .collect()
    }

    fn find<'a>(
        hs: &'a [(String, u32, u16, u32, u16)],
        text: &str,
    ) -> Option<&'a (String, u32, u16, u32, u16)> {
        hs.iter().find(|h| h.0 == text)
    }

    #[test]
    fn grid_merges_headers_from_group_paths() {
        let std = standard::current();
        let t = std.table("requests").expect("table");
        let s = layout(t);
        let hs = headers(&s);
        let corner = t.corner.as_deref().expect("corner");
        assert_eq!(
            find(&hs, corner).map(|h| (h.1, h.2, h.3, h.4)),
            Some((0, 0, 2, 2))
        );
        let natural = t.column("natural").expect("col");
        let over_all = &natural.groups[0];
        assert_eq!(
            find(&hs, over_all).map(|h| (h.1, h.2, h.3, h.4)),
            Some((0, 3, 0, 9))
        );
        let commercial = t.column("commercial").expect("col");
        let legal_persons = &commercial.groups[1];
        assert_eq!(
            find(&hs, legal_persons).map(|h| (h.1, h.2, h.3, h.4)),
            Some((1, 4, 1, 8))
        );
        assert_eq!(
            find(&hs, &natural.label).map(|h| (h.1, h.2, h.3, h.4)),
            Some((1, 3, 2, 3))
        );
        let results = &t.row("granted").expect("row").groups[0];
        assert_eq!(
            find(&hs, results).map(|h| (h.1, h.2, h.3, h.4)),
            Some((5, 0, 26, 0))
        );
        let withheld = &t.row("withheld_query").expect("row").groups[1];
        assert_eq!(find(&hs, withheld).map(|h| (h.1, h.3)), Some((7, 14)));
        assert_eq!(s.position("new", "natural"), Some((3, 3)));
        assert_eq!(s.position("carried_forward", "total"), Some((27, 9)));
        assert_eq!(s.header_rows, Some((0, 2)));
    }

    #[test]
    fn single_row_puts_fifteen_values_under_a_three_row_header() {
        let std = standard::current();
        let t = std.table("appeals").expect("table");
        let s = layout(t);
        let values = s
            .cells
            .iter()
            .filter(|p| matches!(p.what, What::Value { .. }));
        assert!(values.clone().all(|p| p.r0 == 3));
        assert_eq!(values.count(), 15);
        let hs = headers(&s);
        let review = &t.row("review").expect("row").label;
        assert_eq!(
            find(&hs, review).map(|h| (h.1, h.2, h.3, h.4)),
            Some((0, 0, 1, 4))
        );
        let litigation = &t.row("litigation_direct").expect("row").groups[0];
        assert_eq!(
            find(&hs, litigation).map(|h| (h.1, h.2, h.3, h.4)),
            Some((0, 5, 0, 14))
        );
        assert_eq!(s.header_rows, Some((0, 2)));
    }

    #[test]
    fn blocks_stretch_a_lone_column_over_the_width() {
        let std = standard::current();
        let t = std.table("active").expect("table");
        let s = layout(t);
        assert_eq!(s.widths.len(), 4);
        let fees = s
            .cells
            .iter()
            .find(|p| matches!(&p.what, What::Value { row, .. } if row == "fees"))
            .expect("fees");
        assert_eq!((fees.c0, fees.c1), (1, 3));
        let group_rows = s
            .cells
            .iter()
            .filter(|p| matches!(p.what, What::Group(_)))
            .count();
        assert_eq!(group_rows, 4);
    }
}
