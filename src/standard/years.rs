//! The settings of the year-to-year jobs as data (`[years]` of a template): what marks last
//! year's prose in a rolled-forward report, when a change of a total is a swing, when a section
//! repeats last year's.
//!
//! Read by [`crate::rollforward`] and [`crate::diff`].

use serde::Deserialize;

/// `[years]` of a template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearsDef {
    /// The paragraph put before last year's prose in a rolled-forward report.
    pub carried_mark: String,
    /// The note of the .docx draft for a cell the workbook computes from last year's figure;
    /// placeholders `{cell}`, `{previous}`, `{how}`.
    pub formula_note: String,
    /// A total that grows beyond this factor of last year's, or falls below last year's divided
    /// by it, is a swing.
    pub swing_factor: f64,
    /// Swings where the larger figure is below this are not marked.
    pub swing_floor: u64,
    /// `text.repeated` above this share of a section's sentences standing in last year's.
    pub repeated_share: f64,
    /// Sentences shorter than this (normalised characters) are not counted.
    pub min_sentence_chars: usize,
    /// Phrases any report may repeat.
    #[serde(default)]
    pub fixed_phrases: Vec<String>,
}
