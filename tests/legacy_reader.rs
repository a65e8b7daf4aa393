//! The whole legacy path: .doc/.wps/.et → LibreOffice → .docx/.xlsx → our readers → a document.
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

/// WPS Office saves .wps (writer) and .et (spreadsheet) in the Word 97 and Excel 97 binary
/// formats; such files, named so, go through LibreOffice and give the seed's every value.
#[test]
fn wps_and_et_files_read_with_every_value_through_libreoffice() {
    if let Err(e) = Converter::find() {
        eprintln!("note: wps/et test skipped, LibreOffice is not installed: {e}");
        return;
    }
    let golden = gongkai::model::Report::from_json(include_str!("golden/zhangdian-2023.json"))
        .expect("golden");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let dir = tempfile::tempdir().expect("tempdir");
    for (sample, name) in [
        ("zhangdian-2023.lo.doc", "报告.wps"),
        ("zhangdian-2023.lo.xls", "报表.et"),
    ] {
        let path = dir.path().join(name);
        std::fs::copy(root.join(sample), &path).expect("copy");
        let a = gongkai::pipeline::analyze_path(&path, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(a.report.tables, golden.tables, "{name}");
        assert_eq!(a.report.meta, golden.meta, "{name}");
    }
}
