//! Where a workbook holds formulas: the cells whose value a later stage may have to recompute
//! (a total that the program which filled the workbook never calculated). Knows file formats
//! only; what a formula means is for the caller.

use super::{Kind, ReadError, ReadOptions, read_bytes, sheet};
use crate::document::{Document, Place};
use std::collections::HashMap;

/// The formula cells of a workbook: place ([`Place::SheetCell`]) → the formula as stored,
/// without its leading `=`.
pub type Formulas = HashMap<Place, String>;

/// As [`read_bytes`], with the formulas by place ([`Place::SheetCell`], as the spreadsheet reader gives
/// them) of the cells of a workbook that hold formulas, the bytes read once (empty for other
/// kinds).
///
/// # Errors
/// As [`read_bytes`].
///
/// ```
/// use gongkai::read::{Kind, formulas::read_bytes_with_formulas};
/// let (doc, places) = read_bytes_with_formulas(b"plain text", Kind::Text, &Default::default())?;
/// assert!(places.is_empty() && !doc.blocks.is_empty());
/// # Ok::<(), gongkai::read::ReadError>(())
/// ```
pub fn read_bytes_with_formulas(
    bytes: &[u8],
    kind: Kind,
    opts: &ReadOptions,
) -> Result<(Document, Formulas), ReadError> {
    match kind {
        Kind::Xlsx | Kind::Xls | Kind::Ods if !bytes.is_empty() => {
            let (doc, cells) = sheet::read_with_formulas(bytes, kind)?;
            let places = cells
                .into_iter()
                .map(|f| {
                    let place = Place::SheetCell {
                        sheet: f.sheet,
                        row: f.row,
                        col: f.col,
                    };
                    (place, f.formula)
                })
                .collect();
            Ok((sheet::split_prose(doc), places))
        }
        _ => Ok((read_bytes(bytes, kind, opts)?, Formulas::new())),
    }
}
