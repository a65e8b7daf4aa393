//! The checks: every rule a report is held to, read from the standard's definition.
//!
//! [`arithmetic`] applies the rules printed in or implied by the tables (勾稽关系, value kinds,
//! sections); [`prose`] compares the figures the prose states with the tables; [`form`] applies
//! what reviewers look for; [`cross_year`] compares a report with last year's. [`check_with`] runs
//! them all and drops the findings the user allowed.

mod arithmetic;
pub mod cross_year;
pub mod form;
pub mod meta;
pub mod numeral;
pub mod prose;

pub use arithmetic::arithmetic;

use crate::document::Place;
use crate::finding::{CellRef, Finding};
use crate::model::Report;
use crate::standard::Standard;
use foldhash::HashMap;

/// What a check run takes besides the report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Last year's report of the same organ, for the cross-year and repetition rules.
    pub previous: Option<&'a Report>,
    /// Rule ids (or dotted prefixes of them: `text`, `cross_year`) whose findings are dropped.
    pub allow: &'a [String],
}

impl Options<'_> {
    /// True when the finding's rule is allowed, i.e. switched off.
    pub fn allows(&self, finding: &Finding) -> bool {
        self.allow.iter().any(|a| finding.is_allowed_by(a))
    }
}

/// Checks a report against every rule of its standard that needs no other report. Findings carry
/// cells, not places; see [`locate`].
pub fn check(report: &Report, std: &Standard) -> Vec<Finding> {
    check_with(report, std, &Options::default())
}

/// Checks a report against every rule of its standard; with `opts.previous`, also against last
/// year's report. Findings of allowed rules are left out.
pub fn check_with(report: &Report, std: &Standard, opts: &Options) -> Vec<Finding> {
    let mut out = arithmetic(report, std);
    out.extend(prose::matches_tables(report, std));
    out.extend(form::form(report, std, opts.previous));
    out.extend(meta::year_mismatch(report, std));
    if let Some(previous) = opts.previous {
        out.extend(cross_year(report, previous, std));
    }
    out.retain(|f| !opts.allows(f));
    out
}

/// Compares a report with last year's report of the same organ: the cells that carry over
/// (`[[cross_year]]` of the standard). Usable on its own, e.g. when collecting many reports.
pub fn cross_year(this: &Report, previous: &Report, std: &Standard) -> Vec<Finding> {
    cross_year::compare(this, previous, std)
}

/// Fills each finding's source place from the cell it names.
pub fn locate(findings: &mut [Finding], origins: &HashMap<CellRef, Place>) {
    for f in findings {
        if f.place == Place::None
            && let Some(p) = f.cell.as_ref().and_then(|c| origins.get(c))
        {
            f.place = p.clone();
        }
    }
}
