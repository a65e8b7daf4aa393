//! Web page reader: a report saved from a government portal.

use super::{ReadError, ReadOptions};
use crate::document::Document;

/// Reads an HTML page into a [`Document`].
///
/// # Errors
/// [`ReadError`] when the page cannot be decoded.
pub fn read(_bytes: &[u8], _opts: &ReadOptions) -> Result<Document, ReadError> {
    Err(ReadError::Unsupported {
        detail: "网页读取尚未接入".into(),
    })
}
