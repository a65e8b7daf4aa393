//! Writers: the model out to files (json | docx | xlsx), registered in one list.

pub mod docx;
pub mod xlsx;

use crate::finding::Finding;
use crate::model::Report;
use std::str::FromStr;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// gongkai's JSON (the model, with the stable ids).
    Json,
    /// The official report as a Word document.
    Docx,
    /// The report as a workbook laid out like the standard tables.
    Xlsx,
}

impl Format {
    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    /// Every format, in the order `--to` lists them.
    pub const ALL: [Format; 3] = [Format::Json, Format::Docx, Format::Xlsx];
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "docx" | "word" => Ok(Format::Docx),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            other => Err(format!(
                "不支持的输出格式“{other}”（可选：json、docx、xlsx）"
            )),
        }
    }
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Serialising JSON failed.
    #[error("无法生成 JSON：{0}")]
    Json(#[from] serde_json::Error),
    /// The Word writer failed.
    #[error("无法生成 Word 文档：{0}")]
    Docx(String),
    /// The Excel writer failed.
    #[error("无法生成 Excel 工作簿：{0}")]
    Xlsx(String),
    /// The report's format has no definition.
    #[error("不认识的报告格式“{0}”")]
    UnknownFormat(String),
}

/// How to write: the layout template of the Word output.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Layout of the .docx (fonts, sizes, margins); the embedded GB/T 9704 template by default.
    pub docx_style: docx::Style,
}

/// Writes a report in a format with the default options. `findings` go into outputs that list
/// them (the workbook).
///
/// # Errors
/// [`WriteError`] when the writer fails.
///
/// # Example
/// ```
/// use gongkai::{model::Report, standard, write::{write, Format}};
/// let report = Report::empty(standard::current());
/// let bytes = write(&report, &[], Format::Json)?;
/// assert!(String::from_utf8_lossy(&bytes).contains("\"format\": \"gov-2021\""));
/// # Ok::<(), gongkai::write::WriteError>(())
/// ```
pub fn write(report: &Report, findings: &[Finding], format: Format) -> Result<Vec<u8>, WriteError> {
    write_with(report, findings, format, &Options::default())
}

/// Writes a report in a format with explicit options (e.g. a Word style template).
///
/// # Errors
/// [`WriteError`] when the writer fails or the report's format has no definition.
pub fn write_with(
    report: &Report,
    findings: &[Finding],
    format: Format,
    options: &Options,
) -> Result<Vec<u8>, WriteError> {
    let std = crate::standard::get(&report.format)
        .ok_or_else(|| WriteError::UnknownFormat(report.format.clone()))?;
    match format {
        Format::Json => {
            let mut s = report.to_json()?;
            s.push('\n');
            Ok(s.into_bytes())
        }
        Format::Docx => docx::write(report, std, &options.docx_style),
        Format::Xlsx => xlsx::write(report, std, findings),
    }
}
