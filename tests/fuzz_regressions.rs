//! Every input the fuzzers found (tests/fixtures/fuzz/, described in its MANIFEST) replayed
//! through the readers and the recogniser: each must end in a document or a clear error, and no
//! panic may happen on the way — not even one a reader catches itself, since the fuzz build
//! aborts on any panic (a panic hook records them per thread).
//!
//! A fixture is a fuzz target input: its name starts with the target, and for the targets whose
//! first byte picks a kind or an extension (`text`, `sheet`, `sniff`) that byte is kept.

use gongkai::read::{Kind, ReadError, ReadOptions, read_bytes, sniff};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::Once;

thread_local! {
    static PANICKED: Cell<usize> = const { Cell::new(0) };
}

/// Installs (once) a panic hook that counts panics on the thread where they happen, then
/// reports as the default hook does.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.with(|p| p.set(p.get() + 1));
            default(info);
        }));
    });
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    files.sort();
    files
}

const EXTS: [Option<&str>; 8] = [
    None,
    Some("docx"),
    Some("xlsx"),
    Some("xls"),
    Some("txt"),
    Some("html"),
    Some("doc"),
    Some("ods"),
];

/// The kinds to read `body` as: each kind the sniffer picks for it under any extension (the
/// LibreOffice path excluded: it needs a file and a process), plus `also`.
fn kinds_for(body: &[u8], also: &[Kind]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = also.to_vec();
    for ext in EXTS {
        let kind = sniff(body, ext);
        if kind != Kind::Legacy && !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// The kinds a fuzz target itself reads the input as, from the fixture's name.
fn target_kinds(name: &str, data: &[u8]) -> Vec<Kind> {
    let pick = data.first().copied().unwrap_or(0);
    match name.split('-').next().unwrap_or("") {
        "sheet" => vec![[Kind::Xlsx, Kind::Xls, Kind::Ods][usize::from(pick % 3)]],
        "docx" => vec![Kind::Docx],
        "html" => vec![Kind::Html],
        "text" => vec![Kind::Text],
        _ => Vec::new(),
    }
}

/// Reads `body` as `kind` and, when it reads, runs the analysis. Returns the read error.
fn replay(body: &[u8], kind: Kind) -> Option<ReadError> {
    match read_bytes(body, kind, &ReadOptions::default()) {
        Ok(doc) => {
            let _ = gongkai::pipeline::analyze_document(&doc);
            None
        }
        Err(e) => Some(e),
    }
}

#[test]
fn replays_every_fuzz_finding_without_a_panic() {
    count_panics();
    let files = fixtures();
    assert!(!files.is_empty(), "no fixtures under tests/fixtures/fuzz");
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let data = std::fs::read(&path).expect("fixture");
        // The body the target reads (after its leading byte), and the whole file as a file.
        let bodies: [&[u8]; 2] = [data.get(1..).unwrap_or_default(), &data];
        for (i, body) in bodies.into_iter().enumerate() {
            let also = if i == 0 {
                target_kinds(&name, &data)
            } else {
                Vec::new()
            };
            for kind in kinds_for(body, &also) {
                let before = PANICKED.with(Cell::get);
                let outcome = std::panic::catch_unwind(|| replay(body, kind));
                let panics = PANICKED.with(Cell::get) - before;
                assert!(
                    outcome.is_ok() && panics == 0,
                    "{name} read as {kind:?}: {panics} panic(s)"
                );
            }
        }
    }
}

/// Reads fixture `name` (its target byte dropped) as `kind`, asserting no panic on the way.
fn read_fixture(name: &str, kind: Kind) -> Result<gongkai::document::Document, ReadError> {
    count_panics();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name);
    let data = std::fs::read(path).expect("fixture");
    let before = PANICKED.with(Cell::get);
    let got = read_bytes(
        data.get(1..).unwrap_or_default(),
        kind,
        &ReadOptions::default(),
    );
    assert_eq!(
        PANICKED.with(Cell::get),
        before,
        "{name}: the reader panicked"
    );
    got
}

#[test]
fn refuses_a_workbook_whose_cell_reference_overflows_the_row_count() {
    match read_fixture("sheet-calamine-row-overflow.bin", Kind::Xlsx) {
        Err(ReadError::Corrupt { detail }) => {
            assert!(detail.contains("超出 Excel 表格的范围"), "{detail}");
            assert!(detail.contains("xl/worksheets/"), "{detail}");
        }
        other => panic!("expected a Corrupt error naming the reference, got {other:?}"),
    }
}

#[test]
fn refuses_an_xls_whose_sector_starts_past_the_end_of_the_file() {
    match read_fixture("sheet-calamine-cfb-sector-past-end.bin", Kind::Xls) {
        Err(ReadError::Corrupt { detail }) => {
            assert!(detail.contains("复合文档结构已损坏"), "{detail}");
        }
        other => panic!("expected a Corrupt error about the compound file, got {other:?}"),
    }
}

#[test]
fn refuses_an_xls_whose_mulrk_columns_run_backwards() {
    match read_fixture("sheet-calamine-mulrk-inverted-columns.bin", Kind::Xls) {
        Err(ReadError::Corrupt { detail }) => assert!(detail.contains("MULRK"), "{detail}"),
        other => panic!("expected a Corrupt error naming the record, got {other:?}"),
    }
}
