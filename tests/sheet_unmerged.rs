//! Reports in one sheet saved without their merged cells (a program dropped the merges, or the
//! office never made them): read as the same report as the merged original.

use gongkai::finding::Severity;
use gongkai::pipeline::{Analysis, analyze_document_with_formulas};
use gongkai::read::formulas::read_bytes_with_formulas;
use gongkai::read::{ReadOptions, sniff};
use std::io::{Read, Write};
use std::path::Path;

fn repo_file(dir: &str, name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(name)).expect("file")
}

/// The workbook with every `<mergeCells>` list taken out of its sheets.
fn without_merges(bytes: &[u8]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let merges = regex::Regex::new(r"(?s)<mergeCells[^>]*>.*?</mergeCells>").expect("regex");
    let mut removed = 0;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            let xml = String::from_utf8(data).expect("utf8");
            removed += merges.find_iter(&xml).count();
            data = merges.replace_all(&xml, "").into_owned().into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    assert!(removed > 0, "the sample has merged cells to remove");
    out.finish().expect("finish").into_inner()
}

/// Read, recognised and checked as `gongkai check` does (totals that are formulas without a saved
/// result recomputed, as openpyxl leaves them).
fn analyze(bytes: &[u8]) -> Analysis {
    let kind = sniff(bytes, Some("xlsx"));
    let (doc, formulas) =
        read_bytes_with_formulas(bytes, kind, &ReadOptions::default()).expect("read");
    analyze_document_with_formulas(&doc, &formulas)
}

fn assert_same_report(unmerged: &Analysis, original: &Analysis) {
    assert_eq!(unmerged.report.meta, original.report.meta);
    assert_eq!(unmerged.report.sections, original.report.sections);
    assert_eq!(unmerged.report.tables, original.report.tables);
    let problems: Vec<_> = (unmerged.findings.iter())
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_one_sheet_report_without_merges_reads_as_the_merged_one() {
    let merged = repo_file("samples", "zhangdian-2023.lo.xlsx");
    assert_same_report(&analyze(&without_merges(&merged)), &analyze(&merged));
}

#[test]
fn a_one_sheet_report_with_labels_repeated_instead_of_merged_reads_as_the_merged_one() {
    let merged = repo_file("samples", "zhangdian-2023.lo.xlsx");
    let repeated = repo_file("tests/fixtures", "zhangdian-2023.unmerged-repeated.xlsx");
    assert_same_report(&analyze(&repeated), &analyze(&merged));
}

#[test]
fn a_workbook_of_one_table_per_sheet_without_merges_reads_as_the_merged_one() {
    let original = analyze(&repo_file("samples", "zhangdian-2023.lo.xlsx"));
    for name in [
        "zhangdian-2023.own-unmerged-blank.xlsx",
        "zhangdian-2023.own-unmerged-repeated.xlsx",
    ] {
        // Also without warnings: values copied under a copied header (table 二's one-column
        // blocks) are one value, not extra values.
        assert_same_report(&analyze(&repo_file("tests/fixtures", name)), &original);
    }
}
