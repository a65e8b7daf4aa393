//! Sweeps the robustness corpus (`../shared/corpus/docx`): every file gives a document or a
//! clean error within 2 s, never a panic, and the outcome table matches the committed one
//! (`tests/corpus/docx_outcomes.tsv`). Set `GONGKAI_BLESS=1` to rewrite the table on purpose.

use gongkai::document::Document;
use gongkai::read::{ReadError, docx};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// 2 s per file in an optimised build (`cargo test --release --test corpus_docx`).
/// Unoptimised test builds (plain `cargo test`) run the same code 10–20 times slower, and the
/// machine may be shared, so they only guard against hangs.
const BUDGET: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(60)
} else {
    Duration::from_secs(2)
};

fn variant(e: &ReadError) -> &'static str {
    match e {
        ReadError::Io(_) => "Io",
        ReadError::Empty => "Empty",
        ReadError::Undecodable { .. } => "Undecodable",
        ReadError::UnknownEncoding(_) => "UnknownEncoding",
        ReadError::WrongKind { .. } => "WrongKind",
        ReadError::Encrypted { .. } => "Encrypted",
        ReadError::Corrupt { .. } => "Corrupt",
        ReadError::TooLarge { .. } => "TooLarge",
        ReadError::Unsupported { .. } => "Unsupported",
        ReadError::Converter { .. } => "Converter",
        ReadError::Binary { .. } => "Binary",
        ReadError::NotAReport { .. } => "NotAReport",
    }
}

fn outcome(result: &Result<Document, ReadError>) -> String {
    match result {
        Ok(doc) => format!("ok {} blocks", doc.blocks.len()),
        Err(e) => format!("error {}", variant(e)),
    }
}

fn parse_table(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, o)| (f.to_string(), o.to_string()))
        .collect()
}

#[test]
fn corpus_docx_outcomes_are_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The sweep is a step of its own in .ci/run, which points GONGKAI_CORPUS at ../shared/corpus.
    let Some(corpus) = std::env::var_os("GONGKAI_CORPUS") else {
        println!("note: docx corpus sweep skipped; set GONGKAI_CORPUS=../shared/corpus to run it");
        return;
    };
    let dir = Path::new(&corpus).join("docx");
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("GONGKAI_CORPUS: {dir:?}: {e}"));
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut got = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(path).unwrap();
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| docx::read(&bytes));
        let took = start.elapsed();
        let line = match result {
            Ok(r) => outcome(&r),
            Err(_) => {
                failures.push(format!("{name}: panicked"));
                "panic".to_string()
            }
        };
        if took > BUDGET {
            failures.push(format!("{name}: took {took:?} (budget {BUDGET:?})"));
        }
        got.insert(name, line);
    }
    let expected_path = root.join("tests/corpus/docx_outcomes.tsv");
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        let mut text =
            String::from("# file\toutcome (written with GONGKAI_BLESS=1; review every change)\n");
        for (f, o) in &got {
            text.push_str(&format!("{f}\t{o}\n"));
        }
        std::fs::write(&expected_path, text).unwrap();
    }
    let expected = parse_table(&std::fs::read_to_string(&expected_path).unwrap_or_default());
    let mut diff = Vec::new();
    for (f, o) in &got {
        match expected.get(f) {
            Some(e) if e == o => {}
            Some(e) => {
                let kind = match (e.starts_with("ok"), o.starts_with("ok")) {
                    (true, false) => "REGRESSION",
                    (false, true) => "now reads (update the table deliberately)",
                    _ => "changed",
                };
                diff.push(format!("{f}: {e} -> {o}  [{kind}]"));
            }
            None => diff.push(format!("{f}: new file, outcome {o}")),
        }
    }
    for f in expected.keys().filter(|f| !got.contains_key(*f)) {
        diff.push(format!("{f}: in the table but not in the corpus"));
    }
    failures.extend(diff);
    assert!(
        failures.is_empty(),
        "corpus outcomes differ:\n{}",
        failures.join("\n")
    );
}
