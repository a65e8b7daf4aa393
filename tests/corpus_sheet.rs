//! Corpus sweep: every workbook of `../shared/corpus/{xlsx,xls}/` reads into a document or a
//! clean error within 2 s (release build), without a panic, and the outcomes match the committed table
//! `tests/corpus/sheet_outcomes.tsv`. After an intended change, regenerate the table with
//! `GONGKAI_BLESS=1 cargo test --test corpus_sheet` and review its diff.

use gongkai::document::{Block, Document};
use gongkai::read::{Kind, ReadError, sheet};
#[path = "common/corpus.rs"]
mod corpus;

use corpus::{compare_outcomes, variant};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// 2 s per file as built for users (release). An unoptimised test build parses about ten
/// times slower (calamine, quick-xml and zip without optimisation) on a shared machine, so
/// debug builds get five times the budget; `cargo test --release --test corpus_sheet` checks
/// the real one.
const BUDGET: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(10)
} else {
    Duration::from_secs(2)
};

/// `ok <tables> <stored cells> <notes>` or `error <variant>`.
fn outcome(doc: &Result<Document, ReadError>) -> String {
    match doc {
        Ok(doc) => {
            let tables: Vec<_> = doc
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(t),
                    Block::Paragraph(_) => None,
                })
                .collect();
            let cells: usize = tables
                .iter()
                .flat_map(|t| &t.rows)
                .map(|r| r.cells.len())
                .sum();
            format!("ok {} {} {}", tables.len(), cells, doc.notes.len())
        }
        Err(e) => format!("error {}", variant(e)),
    }
}

#[test]
fn corpus_workbooks_read_or_fail_cleanly_in_time() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The sweep is a step of its own in .ci/run, which points GONGKAI_CORPUS at ../shared/corpus.
    let Some(corpus) = std::env::var_os("GONGKAI_CORPUS") else {
        eprintln!(
            "note: workbook corpus sweep skipped; set GONGKAI_CORPUS=../shared/corpus to run it"
        );
        return;
    };
    let corpus = Path::new(&corpus);
    assert!(
        corpus.join("xlsx").is_dir(),
        "GONGKAI_CORPUS has no xlsx folder: {corpus:?}"
    );
    let mut got = BTreeMap::new();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for (dir, kind) in [("xlsx", Kind::Xlsx), ("xls", Kind::Xls)] {
        let Ok(entries) = std::fs::read_dir(corpus.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = format!(
                "{dir}/{}",
                path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
            );
            let bytes = std::fs::read(&path).expect("read corpus file");
            let start = Instant::now();
            let result = std::panic::catch_unwind(|| sheet::read(&bytes, kind));
            let elapsed = start.elapsed();
            let line = match result {
                Ok(doc) => outcome(&doc),
                Err(_) => {
                    failures.push(format!("{name}: panicked"));
                    "panic".to_string()
                }
            };
            if elapsed > slowest.0 {
                slowest = (elapsed, name.clone());
            }
            if elapsed > BUDGET {
                failures.push(format!("{name}: took {elapsed:?} (budget {BUDGET:?})"));
            }
            got.insert(name, line);
        }
    }

    eprintln!(
        "{} workbooks; slowest {} in {:?} (budget {BUDGET:?})",
        got.len(),
        slowest.1,
        slowest.0
    );
    let table_path = root.join("tests/corpus/sheet_outcomes.tsv");
    failures.extend(compare_outcomes(
        &table_path,
        "file\toutcome (ok <tables> <stored cells> <notes> | error <ReadError variant>)",
        &got,
    ));
    assert!(
        failures.is_empty(),
        "corpus outcomes changed (bless with GONGKAI_BLESS=1 if intended):\n{}",
        failures.join("\n")
    );
}
