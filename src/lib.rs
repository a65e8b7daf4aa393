//! gongkai: read, check and write China's annual government information disclosure reports
//! (政府信息公开工作年度报告) in the national standard format.
//!
//! The pipeline: [`read`] (docx | xlsx | text | html | …) → [`document::Document`] →
//! [`recognize`] → [`model::Report`] → [`check`] → [`write`] (docx | xlsx | json).
//! The standard itself is data ([`standard`], from `templates/`).

pub mod batch;
pub mod check;
pub mod cli;
pub mod cn;
pub mod convert;
pub mod diff;
pub mod document;
pub mod finding;
mod memo;
pub mod model;
pub mod organ;
pub mod os_error;
pub mod pipeline;
pub mod read;
pub mod recognize;
pub mod rollforward;
pub mod serve;
pub mod standard;
pub mod totals;
pub mod write;
