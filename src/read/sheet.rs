//! Spreadsheet reader (.xlsx/.xlsm, .xls, .ods) on calamine: each visible worksheet becomes one
//! table grid, with merged regions as spans and cell values as the text the sheet shows.
//!
//! `check` tells what the bytes are before parsing (encrypted, another kind of file, over the
//! caps, with `cfb_guard` and `xls_guard` walking an .xls as calamine will, `biff_guard`
//! measuring .xls sheets and `xlsx_guard` the cell references of .xlsx sheets), `source`
//! talks to calamine per format (`ods_merges` reads the merged regions of an .ods, which calamine does not), `value` turns values into text, `grid` turns sparse cells and merged regions into a table.
//! Every calamine call runs under `catch_unwind`: a panic in the parser becomes
//! [`ReadError::Corrupt`].

mod biff_guard;
mod cfb_guard;
mod check;
mod grid;
mod ods_merges;
mod prose;
mod source;
mod value;
mod xls_guard;
mod xlsx_guard;

/// A BIFF record as it sits in a workbook stream (type, length, data), for the guards' tests.
#[cfg(test)]
fn biff_record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend(u16::try_from(data.len()).unwrap_or(u16::MAX).to_le_bytes());
    r.extend(data);
    r
}

pub use prose::split_prose;
pub use value::format_number;

use super::{Kind, ReadError};
use crate::document::{Block, Document, Note, Place};
use check::{check_kind, or_wrong_kind};
use source::{Budget, RawBook};
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A formula of a worksheet cell, as stored in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaCell {
    /// The sheet name.
    pub sheet: String,
    /// Row, 1-based (as the sheet shows it).
    pub row: usize,
    /// Column, 1-based (1 = A).
    pub col: usize,
    /// The formula without its leading `=`, e.g. `SUM(B3:B9)`; references as the file
    /// writes them (A1 style).
    pub formula: String,
}

/// Reads a workbook into a [`Document`]: one [`crate::document::Table`] per visible worksheet
/// with content, named after the sheet, in workbook order.
///
/// Cells carry [`Place::SheetCell`] with the absolute 1-based sheet position. Merged regions
/// become spans on their top-left cell; positions a merge covers are not stored. Empty cells are
/// left out except merge origins; empty rows inside a sheet stay as rows without cells.
/// Formula cells show their saved result; a formula without one reads as empty text and gets a
/// [`Note`]. Hidden sheets are skipped with a note; chart sheets and empty sheets silently.
///
/// # Errors
/// [`ReadError::Encrypted`] for a password-protected workbook, [`ReadError::WrongKind`] when the
/// bytes are another kind of file (a Word document named .xlsx), [`ReadError::Corrupt`] for a
/// truncated or damaged file (including one that makes the parser fail unexpectedly),
/// [`ReadError::TooLarge`] past [`super::limits::MAX_CELLS`] cells or the unzipped-size caps,
/// [`ReadError::Unsupported`] for a binary .xlsb workbook.
pub fn read(bytes: &[u8], kind: Kind) -> Result<Document, ReadError> {
    let kind = check_kind(bytes, kind)?;
    read_checked(bytes, kind).map(|(doc, _)| doc)
}

/// [`read`] and the formulas of the sheets read, with the bytes checked once (the checks unzip
/// every sheet: a third of the cost of reading a workbook) and, for .xlsx, the formulas taken
/// in the same pass as the values. Unlike [`formulas`], hidden sheets' formulas are left out (the
/// document has no cells there). Formulas that cannot be listed give an empty list: the workbook
/// itself was read, and its errors are those of [`read`].
///
/// # Errors
/// As [`read`].
pub fn read_with_formulas(
    bytes: &[u8],
    kind: Kind,
) -> Result<(Document, Vec<FormulaCell>), ReadError> {
    let kind = check_kind(bytes, kind)?;
    let (doc, formulas) = read_checked(bytes, kind)?;
    let formulas = match formulas {
        Some(f) => f,
        None => formulas_checked(bytes, kind).unwrap_or_default(),
    };
    Ok((doc, formulas))
}

/// [`read`] of bytes that [`check_kind`] passed as `kind`, with the formulas when the format's
/// reader saw them on the way.
fn read_checked(
    bytes: &[u8],
    kind: Kind,
) -> Result<(Document, Option<Vec<FormulaCell>>), ReadError> {
    let book = guard(|| {
        let mut budget = Budget::default();
        match kind {
            Kind::Xls => source::read_xls(bytes, &mut budget),
            Kind::Ods => source::read_ods(bytes, &mut budget),
            _ => source::read_xlsx(bytes, &mut budget),
        }
        .map(|book| (book, budget))
    })
    .map_err(|e| or_wrong_kind(bytes, kind, e))?;
    let (mut raw, budget) = book;
    let formulas = raw.formulas.take();
    guard(|| assemble(raw, budget)).map(|doc| (doc, formulas))
}

/// Lists the formulas of every worksheet of a workbook (hidden sheets included), in sheet
/// order and then in row order, so that a later stage can recompute values (totals) that a
/// file holds only as formulas, or tell a typed number from a computed one. Cells whose
/// formula has no saved result are also reported by [`read`] as notes.
///
/// # Errors
/// As [`read`].
pub fn formulas(bytes: &[u8], kind: Kind) -> Result<Vec<FormulaCell>, ReadError> {
    let kind = check_kind(bytes, kind)?;
    formulas_checked(bytes, kind)
}

/// [`formulas`] of bytes that [`check_kind`] passed as `kind`.
fn formulas_checked(bytes: &[u8], kind: Kind) -> Result<Vec<FormulaCell>, ReadError> {
    use calamine::Reader as _;
    guard(|| match kind {
        Kind::Xls => {
            let mut wb = calamine::Xls::new(Cursor::new(bytes)).map_err(source::xls_error)?;
            source::formulas_dense(&mut wb, source::xls_error)
        }
        Kind::Ods => {
            let mut wb = calamine::Ods::new(Cursor::new(bytes)).map_err(source::ods_error)?;
            source::formulas_dense(&mut wb, source::ods_error)
        }
        _ => source::formulas_xlsx(bytes),
    })
    .map_err(|e| or_wrong_kind(bytes, kind, e))
}

/// Turns the sheets read into the document.
fn assemble(book: RawBook, mut budget: Budget) -> Result<Document, ReadError> {
    let mut doc = Document {
        blocks: Vec::new(),
        notes: book.notes,
    };
    for sheet in book.sheets {
        let built = grid::build(&sheet.name, sheet.cells, &sheet.merges, budget.left());
        let (rows, cols) = built.size;
        budget
            .take(built.positions)
            .map_err(|_| ReadError::TooLarge {
                detail: format!(
                    "工作表“{}”的表格范围有 {rows} 行 × {cols} 列，超过 {} 个单元格",
                    sheet.name,
                    super::limits::MAX_CELLS
                ),
            })?;
        if built.overlapping_merges > 0 {
            doc.notes.push(Note {
                place: Place::None,
                message: format!(
                    "工作表“{}”有 {} 个合并区域与其他合并区域重叠，已忽略",
                    sheet.name, built.overlapping_merges
                ),
            });
        }
        doc.notes.extend(built.notes);
        if let Some(table) = built.table {
            doc.blocks.push(Block::Table(table));
        }
    }
    Ok(doc)
}

/// Runs a parse, turning a panic inside the parser into [`ReadError::Corrupt`].
fn guard<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(ReadError::Corrupt {
            detail: "解析表格时遇到无法理解的数据".into(),
        })
    })
}

pub(crate) fn encrypted() -> ReadError {
    ReadError::Encrypted {
        what: "设有打开密码的工作簿".into(),
    }
}

pub(crate) fn corrupt(e: &dyn std::fmt::Display) -> ReadError {
    ReadError::Corrupt {
        detail: format!("无法解析工作簿（{e}）"),
    }
}
