//! The golden model of the seed report, and the one comparison every "this file gives the seed"
//! test makes: all 200 values, meta, section ids, headings and prose, and no warning or error.

use gongkai::finding::Severity;
use gongkai::model::Report;
use gongkai::pipeline::Analysis;

/// The seed report as gongkai's JSON, the expectation of every sample.
pub const GOLDEN: &str = include_str!("../golden/zhangdian-2023.json");

/// The golden model.
pub fn golden() -> Report {
    Report::from_json(GOLDEN).expect("golden")
}

/// Asserts that `a` holds exactly `golden`'s tables, meta and sections, and has no finding above
/// an info note.
pub fn assert_gives(name: &str, a: &Analysis, golden: &Report) {
    assert_eq!(a.report.tables, golden.tables, "{name}: tables");
    assert_eq!(a.report.meta, golden.meta, "{name}: meta");
    let ids = |r: &Report| r.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a.report), ids(golden), "{name}: section ids");
    for (got, want) in a.report.sections.iter().zip(&golden.sections) {
        assert_eq!(got.heading, want.heading, "{name}: heading");
        assert_eq!(
            got.paragraphs, want.paragraphs,
            "{name}: paragraphs of {:?}",
            want.id
        );
    }
    let problems: Vec<String> = (a.findings.iter())
        .filter(|f| f.severity != Severity::Info)
        .map(|f| f.to_string())
        .collect();
    assert!(problems.is_empty(), "{name}: {problems:?}");
}
