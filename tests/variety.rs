//! The seed report as real files vary (STANDARD.md §7), one fixture per variant in
//! tests/fixtures/variety/ (made by scripts/make-variety-fixtures.py): every fixture must give
//! the report of its `.expect.json` (the golden report with the tables, and the sections when
//! the variant adds one, it names) — all 200 cells, meta, and every section with its prose.

use gongkai::model::Report;
use gongkai::pipeline::analyze_path;
use gongkai::read::ReadOptions;
use std::path::{Path, PathBuf};

const GOLDEN: &str = include_str!("golden/zhangdian-2023.json");

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variety");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("variety fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| !p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    files.sort();
    files
}

/// The golden report with the tables (and the sections, when given) of `FILE.expect.json`.
fn expected(file: &Path) -> Report {
    let path = format!("{}.expect.json", file.display());
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let expect: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut report: serde_json::Value = serde_json::from_str(GOLDEN).expect("golden JSON");
    for key in ["tables", "sections"] {
        if let Some(v) = expect.get(key) {
            report[key] = v.clone();
        }
    }
    Report::from_json(&report.to_string()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What differs between the report read and the one expected, one line per difference.
fn differences(got: &Report, want: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut cells = 0;
    for (t, rows) in &want.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                cells += 1;
                let g = got.get(t, r, c);
                if g != Some(v) {
                    out.push(format!("tables.{t}.{r}.{c}: {g:?}, expected {v:?}"));
                }
            }
        }
    }
    assert_eq!(cells, 200, "the expectation holds every standard cell");
    if got.meta != want.meta {
        out.push(format!("meta: {:?}, expected {:?}", got.meta, want.meta));
    }
    let outline = |r: &Report| {
        r.sections
            .iter()
            .map(|s| (s.id.clone(), s.heading.clone()))
            .collect::<Vec<_>>()
    };
    if outline(got) != outline(want) {
        out.push(format!(
            "sections: {:?}, expected {:?}",
            outline(got),
            outline(want)
        ));
    } else {
        for (g, w) in got.sections.iter().zip(&want.sections) {
            if g.paragraphs != w.paragraphs {
                out.push(format!(
                    "paragraphs of {:?}: {:?}, expected {:?}",
                    w.heading, g.paragraphs, w.paragraphs
                ));
            }
        }
    }
    out
}

#[test]
fn every_variety_fixture_gives_its_expected_report() {
    let files = fixtures();
    assert!(files.len() >= 20, "fixtures: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        match analyze_path(file, &ReadOptions::default()) {
            Ok(a) => {
                let diffs = differences(&a.report, &expected(file));
                if !diffs.is_empty() {
                    failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
