//! The report a seed variant must give: the golden report (tests/golden/) with the tables — and
//! the sections or meta, when the variant changes them — of the fixture's `NAME.expect.json`.
#![allow(dead_code)]

use gongkai::model::Report;
use std::path::Path;

const GOLDEN: &str = include_str!("../golden/zhangdian-2023.json");

/// The report `file` must give, from `FILE.expect.json` beside it.
pub fn expected(file: &Path) -> Report {
    let path = format!("{}.expect.json", file.display());
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let expect: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut report: serde_json::Value = serde_json::from_str(GOLDEN).expect("golden JSON");
    for key in ["tables", "sections", "meta"] {
        if let Some(v) = expect.get(key) {
            report[key] = v.clone();
        }
    }
    Report::from_json(&report.to_string()).unwrap_or_else(|e| panic!("{path}: {e}"))
}
