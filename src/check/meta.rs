//! `meta.year_mismatch`: the year a report is of, said in several places — the facts (or the
//! title), the title, the statistical period, the opening paragraph (`现将2023年度…`) — must
//! agree. The clerk who copies last year's file and changes one of them is caught here.
//!
//! The words that make a year in the opening the reporting year are data
//! (`[consistency] year_words` of the standard).

use crate::finding::{Finding, Severity};
use crate::model::Report;
use crate::standard::Standard;

/// Rule id of the finding.
pub const YEAR_MISMATCH: &str = "meta.year_mismatch";

/// One finding per place whose year differs from the report's year (`meta.year`, else the
/// title's).
pub fn year_mismatch(report: &Report, std: &Standard) -> Vec<Finding> {
    let meta = &report.meta;
    let title: String = meta
        .title
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let title_year = crate::cn::split_at_year(&title)
        .and_then(|(_, y, _)| crate::cn::year_value(y))
        .map(|y| (y, format!("标题“{title}”")));
    let Some(year) = meta.year.or(title_year.as_ref().map(|(y, _)| *y)) else {
        return Vec::new();
    };
    let mut said: Vec<(i32, String)> = Vec::new();
    if meta.year.is_some() {
        said.extend(title_year);
    }
    for (label, date) in [
        ("统计期限的起始日", &meta.period_start),
        ("统计期限的截止日", &meta.period_end),
    ] {
        if let Some(y) = date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
        {
            said.push((y, format!("{label} {}", date.as_deref().unwrap_or(""))));
        }
    }
    for line in &meta.preamble {
        for word in &std.consistency.year_words {
            for (y, printed) in crate::cn::years_before(line, word) {
                said.push((y, format!("开头段落中的“{printed}”")));
            }
        }
    }
    said.into_iter()
        .filter(|(y, _)| *y != year)
        .map(|(y, place)| {
            Finding::new(
                YEAR_MISMATCH,
                Severity::Warning,
                format!("报告年度为 {year} 年，而{place}是 {y} 年（是否沿用了上年的文字？）"),
            )
            .expecting(year.to_string(), y.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    fn report() -> Report {
        let mut r = Report::empty(standard::current());
        r.meta.year = Some(2023);
        r.meta.title = Some("某某局2023年政府信息公开工作年度报告".into());
        r.meta.period_start = Some("2023-01-01".into());
        r.meta.period_end = Some("2023-12-31".into());
        r.meta.preamble = vec!["现将本局2023年度政府信息公开工作情况报告如下。".into()];
        r
    }

    #[test]
    fn agreeing_years_give_nothing() {
        assert!(year_mismatch(&report(), standard::current()).is_empty());
    }

    #[test]
    fn last_years_opening_left_in_place_is_a_year_mismatch() {
        let mut r = report();
        r.meta.preamble = vec!["现将本局2022年度政府信息公开工作情况报告如下。".into()];
        r.meta.period_end = Some("2022-12-31".into());
        let f = year_mismatch(&r, standard::current());
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.rule == YEAR_MISMATCH));
        assert!(f[1].message.contains("2022年度"), "{}", f[1].message);
    }

    #[test]
    fn a_title_of_another_year_than_the_facts_is_a_year_mismatch() {
        let mut r = report();
        r.meta.title = Some("某某局2022年政府信息公开工作年度报告".into());
        let f = year_mismatch(&r, standard::current());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].found.as_deref(), Some("2022"));
    }
}
