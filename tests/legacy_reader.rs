//! The whole legacy path: .doc → LibreOffice → .docx → the docx reader → a document.
//! Needs LibreOffice (skipped with a note without it) and the docx reader.

use gongkai::document::Block;
use gongkai::read::legacy::Converter;
use gongkai::read::{ReadOptions, read_path};
use std::path::Path;

#[test]
fn doc_sample_reads_as_document() {
    if let Err(e) = Converter::find() {
        eprintln!("note: doc_sample_reads_as_document skipped, LibreOffice is not installed: {e}");
        return;
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.lo.doc");
    let doc = read_path(&sample, &ReadOptions::default()).expect("the .doc sample reads");
    assert!(!doc.blocks.is_empty());
    let tables = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    assert_eq!(tables, 3, "the report's three tables");
}
