//! Spreadsheet reader (.xlsx/.xlsm, .xls, .ods) on calamine: each visible worksheet becomes one
//! table grid, with merged regions as spans and cell values as the text the sheet shows.
//!
//! Split in three: [`source`] talks to calamine per format, [`value`] turns values into text,
//! [`grid`] turns sparse cells and merged regions into a table.

mod grid;
mod source;
mod value;

pub use value::format_number;

use super::sniff::{OLE_MAGIC, sniff};
use super::{Kind, ReadError, limits};
use crate::document::{Block, Document, Note, Place};
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
/// [`ReadError::TooLarge`] past [`limits::MAX_CELLS`] cells or the unzipped-size caps,
/// [`ReadError::Unsupported`] for a binary .xlsb workbook.
pub fn read(bytes: &[u8], kind: Kind) -> Result<Document, ReadError> {
    let kind = check_kind(bytes, kind)?;
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
    guard(|| assemble(book.0, book.1))
}

/// Lists the formulas of every worksheet of a workbook (hidden sheets included), in sheet
/// order and then in row order, so that a later stage can recompute values (totals) that a
/// file holds only as formulas, or tell a typed number from a computed one. Cells whose
/// formula has no saved result are also reported by [`read`] as notes.
///
/// # Errors
/// As [`read`].
pub fn formulas(bytes: &[u8], kind: Kind) -> Result<Vec<FormulaCell>, ReadError> {
    use calamine::Reader as _;
    let kind = check_kind(bytes, kind)?;
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
        let built = grid::build(&sheet.name, sheet.cells, &sheet.merges);
        budget.take(built.size)?;
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

fn ext_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Xls => "xls",
        Kind::Ods => "ods",
        _ => "xlsx",
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// Checks what the bytes are before parsing: encrypted packages, other kinds of file, binary
/// workbooks and zip packages that would unpack past the caps. Returns the kind to read as
/// (the content wins over the given kind among spreadsheet kinds).
fn check_kind(bytes: &[u8], kind: Kind) -> Result<Kind, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let ole = bytes.starts_with(OLE_MAGIC);
    if ole && contains(bytes, &utf16("EncryptedPackage")) {
        return Err(encrypted());
    }
    let found = sniff(bytes, Some(ext_of(kind)));
    let kind = match found {
        Kind::Xlsx | Kind::Xls | Kind::Ods => found,
        // An OLE file without a visible workbook stream may be a damaged workbook: let the
        // parser decide, and name the other kind only if it fails.
        Kind::Legacy if ole => Kind::Xls,
        other => {
            return Err(ReadError::WrongKind {
                expected: kind.describe().to_string(),
                found: other.describe().to_string(),
            });
        }
    };
    if matches!(kind, Kind::Xlsx | Kind::Ods) {
        check_package(bytes)?;
    }
    Ok(kind)
}

/// Refuses binary workbooks and packages whose parts declare more than the unzip caps.
fn check_package(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // the parser reports the damage
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        let name = part
            .name()
            .map(|n| n.replace('\\', "/").to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with("workbook.bin") {
            return Err(ReadError::Unsupported {
                detail: "Excel 二进制工作簿（.xlsb）；请在 Excel/WPS 中另存为 .xlsx".into(),
            });
        }
        let size = part.size();
        total = total.saturating_add(size);
        if size > limits::MAX_PART_BYTES || total > limits::MAX_UNZIPPED_BYTES {
            return Err(ReadError::TooLarge {
                detail: format!(
                    "压缩包内的部件解压后超过 {} 字节",
                    limits::MAX_PART_BYTES.min(limits::MAX_UNZIPPED_BYTES)
                ),
            });
        }
    }
    Ok(())
}

/// An OLE file that failed to parse as a workbook but holds a Word stream is a Word document.
fn or_wrong_kind(bytes: &[u8], kind: Kind, e: ReadError) -> ReadError {
    if matches!(e, ReadError::Corrupt { .. })
        && kind == Kind::Xls
        && bytes.starts_with(OLE_MAGIC)
        && contains(bytes, &utf16("WordDocument"))
    {
        return ReadError::WrongKind {
            expected: Kind::Xls.describe().to_string(),
            found: "Word 97-2003 文档（.doc）".to_string(),
        };
    }
    e
}
