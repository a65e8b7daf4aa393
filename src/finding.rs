//! Findings: what the recogniser and the checks have to say about a report, each with its place.

use crate::document::Place;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information: something was normalised (a unit dropped, a heading renumbered).
    Info,
    /// Probably wrong; the report can still be published.
    Warning,
    /// A rule of the standard is broken.
    Error,
}

impl Severity {
    /// The Chinese word for it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// A standard cell by ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellRef {
    /// Table id.
    pub table: String,
    /// Row id.
    pub row: String,
    /// Column id.
    pub col: String,
}

impl CellRef {
    /// A reference to `tables.<table>.<row>.<col>`.
    pub fn new(table: &str, row: &str, col: &str) -> CellRef {
        CellRef {
            table: table.to_string(),
            row: row.to_string(),
            col: col.to_string(),
        }
    }

    /// The JSON path: `tables.requests.new.total`.
    pub fn path(&self) -> String {
        format!("tables.{}.{}.{}", self.table, self.row, self.col)
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id (`requests.balance`, `import.unit_stripped` …).
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The cell it is about, by ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<CellRef>,
    /// The same cell by its printed labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<String>,
    /// What the rule expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the report has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// The sentence of the prose it is about, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Where in the source file.
    #[serde(default, skip_serializing_if = "is_none_place")]
    pub place: Place,
}

fn is_none_place(p: &Place) -> bool {
    *p == Place::None
}

impl Finding {
    /// The JSON path of the cell the finding is about (`tables.requests.new.total`), if any.
    pub fn cell_path(&self) -> Option<String> {
        self.cell.as_ref().map(CellRef::path)
    }

    /// A finding without a cell.
    pub fn new(rule: &str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            message: message.into(),
            cell: None,
            labels: None,
            expected: None,
            found: None,
            text: None,
            place: Place::None,
        }
    }

    /// Names the cell, by ids and labels.
    pub fn at_cell(mut self, cell: CellRef, labels: String) -> Finding {
        self.cell = Some(cell);
        self.labels = Some(labels);
        self
    }

    /// Adds expected and found.
    pub fn expecting(mut self, expected: impl Into<String>, found: impl Into<String>) -> Finding {
        self.expected = Some(expected.into());
        self.found = Some(found.into());
        self
    }

    /// Quotes the sentence it is about.
    pub fn quoting(mut self, text: impl Into<String>) -> Finding {
        self.text = Some(text.into());
        self
    }

    /// True when `allow` silences this finding: the rule id itself, or a prefix of it ending at a
    /// dot (`text` silences `text.matches_tables`; `text.` does too).
    pub fn is_allowed_by(&self, allow: &str) -> bool {
        let allow = allow.trim().trim_end_matches('.');
        !allow.is_empty()
            && (self.rule == allow
                || self
                    .rule
                    .strip_prefix(allow)
                    .is_some_and(|rest| rest.starts_with('.')))
    }

    /// Sets the source place.
    pub fn at(mut self, place: Place) -> Finding {
        self.place = place;
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]：{}",
            self.severity.label(),
            self.rule,
            self.message
        )
    }
}
