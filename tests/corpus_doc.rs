//! The .doc robustness corpus (../shared/corpus/doc/): every file gives a converted document or
//! a clean error, within the time limit and without a panic. The conversion outcome of each file
//! is compared with tests/corpus/doc_outcomes.tsv (`GONGKAI_BLESS=1` rewrites it). Runs when
//! `GONGKAI_CORPUS` names the corpus folder (as `.ci/run` does); skipped with a note without LibreOffice.

use gongkai::read::legacy::{Converter, read_converted};
use gongkai::read::{Kind, ReadError, ReadOptions, read_bytes, sniff};
use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

fn error_kind(e: &ReadError) -> String {
    match e {
        ReadError::Converter { detail } if detail.contains("超时") => "timeout".into(),
        ReadError::Converter { .. } => "converter-error".into(),
        ReadError::Encrypted { .. } => "encrypted".into(),
        other => format!(
            "error:{}",
            format!("{other:?}")
                .split([' ', '(', '{'])
                .next()
                .unwrap_or("")
        ),
    }
}

struct Outcome {
    file: String,
    /// What happened to the file on the way in: the conversion for legacy files, the reader
    /// it went to otherwise. Compared with the committed table.
    conversion: String,
    /// What the reader made of it (depends on the readers of other formats; printed only).
    read: String,
    seconds: f64,
}

fn run(converter: &Converter, path: &Path) -> Outcome {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let start = Instant::now();
    let bytes = std::fs::read(path).expect("corpus file readable");
    let ext = path.extension().and_then(|e| e.to_str());
    let kind = sniff(&bytes, ext);
    let (conversion, read) = if kind == Kind::Legacy {
        match catch_unwind(AssertUnwindSafe(|| converter.convert_bytes(path, &bytes))) {
            Err(_) => ("PANIC".to_string(), String::new()),
            Ok(Err(e)) => (error_kind(&e), e.to_string()),
            Ok(Ok(converted)) => {
                let conversion = converted.target().extension().to_string();
                let read = match catch_unwind(AssertUnwindSafe(|| read_converted(&converted))) {
                    Err(_) => "PANIC".to_string(),
                    Ok(Ok(doc)) => format!("document with {} blocks", doc.blocks.len()),
                    Ok(Err(e)) => format!("clean error: {e}"),
                };
                (conversion, read)
            }
        }
    } else {
        let routed = format!("routed:{kind:?}");
        let read = match catch_unwind(AssertUnwindSafe(|| {
            read_bytes(&bytes, kind, &ReadOptions::default())
        })) {
            Err(_) => "PANIC".to_string(),
            Ok(Ok(doc)) => format!("document with {} blocks", doc.blocks.len()),
            Ok(Err(e)) => format!("clean error: {e}"),
        };
        (routed, read)
    };
    Outcome {
        file,
        conversion,
        read,
        seconds: start.elapsed().as_secs_f64(),
    }
}

#[test]
fn doc_corpus_converts_or_fails_cleanly_within_the_limit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The sweep is a step of its own in .ci/run, which points GONGKAI_CORPUS at ../shared/corpus.
    let Some(corpus) = std::env::var_os("GONGKAI_CORPUS") else {
        eprintln!("note: doc corpus sweep skipped; set GONGKAI_CORPUS=../shared/corpus to run it");
        return;
    };
    let dir = Path::new(&corpus).join("doc");
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("GONGKAI_CORPUS: {dir:?}: {e}"));
    let converter = match Converter::find() {
        Ok(c) => c.with_timeout(TIMEOUT),
        Err(e) => {
            eprintln!("note: doc corpus test skipped, LibreOffice is not installed: {e}");
            return;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let outcomes: Vec<Outcome> = files.par_iter().map(|p| run(&converter, p)).collect();

    let mut table = String::new();
    for o in &outcomes {
        eprintln!(
            "{:<75} {:<16} {:>6.1}s  {}",
            o.file, o.conversion, o.seconds, o.read
        );
        table.push_str(&format!("{}\t{}\n", o.file, o.conversion));
    }
    if let Some(slowest) = outcomes
        .iter()
        .max_by(|a, b| a.seconds.total_cmp(&b.seconds))
    {
        eprintln!(
            "{} files; slowest {} in {:.1}s (limit {}s)",
            outcomes.len(),
            slowest.file,
            slowest.seconds,
            TIMEOUT.as_secs()
        );
    }
    for o in &outcomes {
        assert!(
            !o.conversion.contains("PANIC") && !o.read.contains("PANIC"),
            "{} panicked",
            o.file
        );
        assert!(
            o.seconds < TIMEOUT.as_secs_f64() + 15.0,
            "{} took {:.1}s",
            o.file,
            o.seconds
        );
    }
    let expected_path = root.join("tests/corpus/doc_outcomes.tsv");
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::write(&expected_path, &table).expect("write outcomes");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).expect("committed outcomes table");
    assert_eq!(
        table, expected,
        "outcomes changed; check them and rerun with GONGKAI_BLESS=1 to accept"
    );
}
