//! Word (.docx) reader: a faithful picture of the package, then mapped to the neutral document.

use super::ReadError;
use crate::document::Document;

/// Reads a .docx package into a [`Document`].
///
/// # Errors
/// [`ReadError`] when the bytes are not a readable Word package.
pub fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported {
        detail: "docx 读取尚未接入".into(),
    })
}
