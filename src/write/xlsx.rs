//! Excel writer: the whole model as a workbook laid out like the standard tables.

use super::WriteError;
use crate::finding::Finding;
use crate::model::Report;
use crate::standard::Standard;

/// Writes the report as an .xlsx workbook.
///
/// # Errors
/// [`WriteError::Xlsx`] when the workbook cannot be assembled.
pub fn write(
    _report: &Report,
    _std: &Standard,
    _findings: &[Finding],
) -> Result<Vec<u8>, WriteError> {
    Err(WriteError::Xlsx("Excel 输出尚未接入".into()))
}
