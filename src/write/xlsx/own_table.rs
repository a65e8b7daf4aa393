//! Tables of the report's own (a section's `other_tables`) in the prose sheet: from column B,
//! so that a reader tells them from the paragraphs of column A, one row of cells per row.
//!
//! A short row's last cell spans the rest of the table (as the Word writer prints it). An
//! empty last cell is written as the standard's `[workbook] empty_cell` (a zero-width space), so
//! that the row keeps its length and a row of blanks its place; empty cells before it are left
//! blank and read back as empty.

use super::style::LINE;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Width of a table column, in character units.
const COLUMN: f64 = 16.0;

/// First column of the tables (B).
const FIRST: u16 = 1;

/// Writes `rows` from row `top`, column B; returns the row after the table. Texts to fit the
/// row heights to are added to `texts` as (first row, last row, width, text, line height).
/// A row without cells is written as one empty cell.
pub fn write<'a>(
    ws: &mut Worksheet,
    top: u32,
    rows: &'a [Vec<String>],
    format: &Format,
    empty_cell: &'a str,
    texts: &mut Vec<(u32, u32, f64, &'a str, f64)>,
) -> Result<u32, XlsxError> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let last_col = col(width - 1)?;
    for c in FIRST..=last_col {
        ws.set_column_width(c, COLUMN)?;
    }
    let mut r = top;
    for cells in rows {
        let n = cells.len().max(1);
        for j in 0..n {
            let text = cells.get(j).map_or("", String::as_str);
            let c = col(j)?;
            let last = j + 1 == n;
            let shown = if last && text.trim().is_empty() {
                empty_cell
            } else {
                text
            };
            if last && n < width {
                ws.merge_range(r, c, r, last_col, shown, format)?;
                let span = (width - j) as f64;
                texts.push((r, r, COLUMN * span, text, LINE));
            } else {
                ws.write_string_with_format(r, c, shown, format)?;
                texts.push((r, r, COLUMN, text, LINE));
            }
        }
        r += 1;
    }
    Ok(r)
}

/// The sheet column of the table's column `j`.
fn col(j: usize) -> Result<u16, XlsxError> {
    u16::try_from(j)
        .ok()
        .and_then(|j| j.checked_add(FIRST))
        .ok_or(XlsxError::RowColumnLimitError)
}
