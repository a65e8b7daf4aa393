//! Where a workbook holds formulas: the cells whose value a later stage may have to recompute
//! (a total that the program which filled the workbook never calculated). Knows file formats
//! only; what a formula means is for the caller.

use super::{Kind, sheet};
use crate::document::Place;
use std::collections::HashSet;

/// The places ([`Place::SheetCell`], as the spreadsheet reader gives them) of every cell of a
/// workbook that holds a formula. A file that is not a workbook, or whose formulas cannot be
/// read, gives no places: the workbook itself is read (and its errors reported) by [`sheet::read`].
pub fn formula_places(bytes: &[u8], kind: Kind) -> HashSet<Place> {
    if !matches!(kind, Kind::Xlsx | Kind::Xls | Kind::Ods) {
        return HashSet::new();
    }
    sheet::formulas(bytes, kind).map(places).unwrap_or_default()
}

/// The places of formula cells listed by the spreadsheet reader.
pub(crate) fn places(cells: Vec<sheet::FormulaCell>) -> HashSet<Place> {
    cells
        .into_iter()
        .map(|f| Place::SheetCell {
            sheet: f.sheet,
            row: f.row,
            col: f.col,
        })
        .collect()
}
