//! Shared by the corpus sweeps (`tests/corpus_*.rs`): the name of a read error, and the
//! committed outcome table — rewritten with `GONGKAI_BLESS=1`, otherwise compared.
#![allow(dead_code)]

use gongkai::read::ReadError;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// The variant name of a read error, as the outcome tables spell it.
pub fn variant(e: &ReadError) -> &'static str {
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
        ReadError::PdfEncrypted => "PdfEncrypted",
        ReadError::Scanned => "Scanned",
        ReadError::Binary { .. } => "Binary",
        ReadError::NotAReport { .. } => "NotAReport",
    }
}

fn parse_table(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, o)| (f.to_string(), o.to_string()))
        .collect()
}

/// Writes `got` to the table at `path` (under the comment line `header`) when `GONGKAI_BLESS`
/// is set; returns one line per file whose outcome differs from the committed table.
pub fn compare_outcomes(path: &Path, header: &str, got: &BTreeMap<String, String>) -> Vec<String> {
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        let mut text = format!("# {header}\n");
        for (f, o) in got {
            text.push_str(&format!("{f}\t{o}\n"));
        }
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write outcomes");
    }
    let expected = parse_table(&std::fs::read_to_string(path).unwrap_or_default());
    let mut diff = Vec::new();
    for (f, o) in got {
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
    diff
}

/// Runs `read` on every file of `dir` (sorted by name), each inside `catch_unwind`: returns the
/// outcome line per file name and the failures (a panic, a file over `budget`).
pub fn sweep(
    dir: &Path,
    budget: Duration,
    read: impl Fn(&[u8]) -> String + std::panic::RefUnwindSafe,
) -> (BTreeMap<String, String>, Vec<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("GONGKAI_CORPUS: {dir:?}: {e}"));
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut got = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(path).unwrap();
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| read(&bytes));
        let took = start.elapsed();
        let line = result.unwrap_or_else(|_| {
            failures.push(format!("{name}: panicked"));
            "panic".to_string()
        });
        if took > budget {
            failures.push(format!("{name}: took {took:?} (budget {budget:?})"));
        }
        got.insert(name, line);
    }
    (got, failures)
}

/// The whole sweep of `GONGKAI_CORPUS/<sub>` against `tests/corpus/<table>` (skipped with a
/// note when `GONGKAI_CORPUS` is not set): panics listing every panic, file over `budget` and
/// changed outcome.
pub fn check_corpus(
    sub: &str,
    table: &str,
    budget: Duration,
    read: impl Fn(&[u8]) -> String + std::panic::RefUnwindSafe,
) {
    // The sweep is a step of its own in .ci/run, which points GONGKAI_CORPUS at ../shared/corpus.
    let Some(corpus) = std::env::var_os("GONGKAI_CORPUS") else {
        println!("note: {sub} corpus sweep skipped; set GONGKAI_CORPUS=../shared/corpus to run it");
        return;
    };
    let (got, mut failures) = sweep(&Path::new(&corpus).join(sub), budget, read);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    failures.extend(compare_outcomes(
        &root.join("tests/corpus").join(table),
        "file\toutcome (written with GONGKAI_BLESS=1; review every change)",
        &got,
    ));
    assert!(
        failures.is_empty(),
        "corpus outcomes differ:\n{}",
        failures.join("\n")
    );
}
