//! Where a workbook holds formulas: the cells whose value a later stage may have to recompute
//! (a total that the program which filled the workbook never calculated). Knows file formats
//! only; what a formula means is for the caller.

use super::{Kind, limits};
use crate::document::Place;
use calamine::Reader as _;
use std::collections::HashSet;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The places ([`Place::SheetCell`], 1-based like the spreadsheet reader's) of every cell of a
/// workbook that holds a formula. Anything that cannot be read gives no places: the workbook
/// itself is read (and its errors reported) by [`super::sheet`].
pub fn formula_places(bytes: &[u8], kind: &Kind) -> HashSet<Place> {
    if !matches!(kind, Kind::Xlsx | Kind::Xls | Kind::Ods) {
        return HashSet::new();
    }
    catch_unwind(AssertUnwindSafe(|| collect(bytes))).unwrap_or_default()
}

fn collect(bytes: &[u8]) -> HashSet<Place> {
    let mut out = HashSet::new();
    let Ok(mut wb) = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) else {
        return out;
    };
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_formula(&name) else {
            continue;
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, f) in range.used_cells() {
            if f.trim().is_empty() {
                continue;
            }
            if out.len() >= limits::MAX_CELLS {
                return out;
            }
            out.insert(Place::SheetCell {
                sheet: name.clone(),
                row: r0 as usize + r + 1,
                col: c0 as usize + c + 1,
            });
        }
    }
    out
}
