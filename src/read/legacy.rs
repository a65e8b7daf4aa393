//! Legacy binary files (.doc, .wps, .et, .odt, .rtf) read by converting through LibreOffice.

use super::{ReadError, ReadOptions};
use crate::document::Document;
use std::path::Path;

/// Converts a legacy file with LibreOffice and reads the result.
///
/// # Errors
/// [`ReadError::Converter`] when LibreOffice is missing or fails.
pub fn read_path(_path: &Path, _bytes: &[u8], _opts: &ReadOptions) -> Result<Document, ReadError> {
    Err(ReadError::Converter {
        detail: "旧版文件读取尚未接入".into(),
    })
}
