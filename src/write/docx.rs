//! Word writer: the standard-format report as a .docx an office can publish as it is.

use super::WriteError;
use crate::model::Report;
use crate::standard::Standard;

/// Layout parameters of the Word output (fonts, sizes, margins), from a template file.
#[derive(Debug, Clone, Default)]
pub struct Style {}

/// Writes the report as a .docx.
///
/// # Errors
/// [`WriteError::Docx`] when the document cannot be assembled.
pub fn write(_report: &Report, _std: &Standard, _style: &Style) -> Result<Vec<u8>, WriteError> {
    Err(WriteError::Docx("Word 输出尚未接入".into()))
}
