//! Spreadsheet reader (.xlsx, .xls, .ods) on calamine: each sheet a table grid.

use super::{Kind, ReadError};
use crate::document::Document;

/// Reads a workbook into a [`Document`].
///
/// # Errors
/// [`ReadError`] when the bytes are not a readable workbook.
pub fn read(_bytes: &[u8], _kind: Kind) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported {
        detail: "表格读取尚未接入".into(),
    })
}
