//! Scores a report against the cells a fixture must give — right, blank or wrong, in all and per
//! table — for the PDF-text tests (tests/pdftext.rs, tests/pdftext_sums.rs), which measure the
//! same thing on different fixtures.
#![allow(dead_code)]

use gongkai::model::{Report, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The seed report as gongkai's JSON: the meta and sections every fixture's expectation shares.
pub const GOLDEN: &str = include_str!("../golden/zhangdian-2023.json");

/// Expected values by (table, row, column).
pub type Cells = BTreeMap<(String, String, String), Value>;

/// The cells of a `tables` object of a report's JSON (as an expectation file holds it).
pub fn cells_of(tables: &serde_json::Value) -> Cells {
    let mut full: serde_json::Value = serde_json::from_str(GOLDEN).expect("golden");
    full["tables"] = tables.clone();
    let report = Report::from_json(&full.to_string()).expect("expected report");
    let mut out = Cells::new();
    for (t, rows) in &report.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                out.insert((t.clone(), r.clone(), c.clone()), v.clone());
            }
        }
    }
    out
}

/// The cells the expectation file `expect` (a `NAME.expect.json`) holds; the golden report's
/// when there is no such file (a sample) or it leaves the tables out.
pub fn expected_in(expect: &Path) -> Cells {
    let golden: serde_json::Value = serde_json::from_str(GOLDEN).expect("golden");
    let tables = match std::fs::read_to_string(expect) {
        Ok(json) => {
            let v: serde_json::Value = serde_json::from_str(&json).expect("expectation");
            v.get("tables").cloned().unwrap_or(golden["tables"].clone())
        }
        Err(_) => golden["tables"].clone(),
    };
    cells_of(&tables)
}

/// The name of the Word file a PDF-text fixture was made from: `a.docx` for
/// `a.docx.pdftotext-layout.txt`.
pub fn source_of(file: &Path) -> &str {
    let name = (file.file_name().and_then(|n| n.to_str())).unwrap_or_default();
    name.split(".pdftotext").next().unwrap_or_default()
}

/// What a report holds in an expected cell.
enum Outcome<'a> {
    Right,
    Blank,
    Wrong(&'a Value),
}

/// Each expected cell with what `got` holds there.
fn outcomes<'a>(
    got: &'a Report,
    want: &'a Cells,
) -> impl Iterator<Item = (&'a (String, String, String), &'a Value, Outcome<'a>)> {
    want.iter().map(|(key @ (t, r, c), v)| {
        let outcome = match got.get(t, r, c) {
            Some(g) if g == v => Outcome::Right,
            Some(Value::Blank) | None => Outcome::Blank,
            Some(g) => Outcome::Wrong(g),
        };
        (key, v, outcome)
    })
}

/// (right, blank, wrong) of a report against the expected cells; each wrong cell described.
pub fn score(got: &Report, want: &Cells) -> (usize, usize, Vec<String>) {
    let (mut right, mut blank, mut wrong) = (0, 0, Vec::new());
    for ((t, r, c), v, outcome) in outcomes(got, want) {
        match outcome {
            Outcome::Right => right += 1,
            Outcome::Blank => blank += 1,
            Outcome::Wrong(g) => wrong.push(format!("{t}.{r}.{c}: {g:?}, expected {v:?}")),
        }
    }
    (right, blank, wrong)
}

/// Right, blank and wrong cells of one table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub right: usize,
    pub blank: usize,
    pub wrong: usize,
}

/// [`score`] per table id (`active`, `requests`, `appeals`).
pub fn by_table(got: &Report, want: &Cells) -> BTreeMap<String, Tally> {
    let mut out: BTreeMap<String, Tally> = BTreeMap::new();
    for ((t, _, _), _, outcome) in outcomes(got, want) {
        let tally = out.entry(t.clone()).or_default();
        match outcome {
            Outcome::Right => tally.right += 1,
            Outcome::Blank => tally.blank += 1,
            Outcome::Wrong(_) => tally.wrong += 1,
        }
    }
    out
}

/// The `.txt` files of `dir`, sorted.
pub fn text_fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".txt"))
        .collect();
    files.sort();
    files
}
