//! gongkai: read, check and write China's annual government information disclosure reports
//! (政府信息公开工作年度报告) in the national standard format.
//!
//! The pipeline: `read` (docx | xlsx | text | html | …) → [`document::Document`] →
//! `recognize` → `model::Report` → `check` → `write` (docx | xlsx | json).

pub mod document;
pub mod read;
