//! CID fonts without a `ToUnicode` map (older Word, WPS and print-driver PDFs): the text comes
//! from the embedded font program (TrueType cmap or glyph names) or from Adobe's character
//! collection tables, and a glyph the font maps to nothing usable stays U+FFFD with a note.

#[allow(dead_code)]
#[path = "common/golden.rs"]
mod golden;
#[path = "hostile/pdfgen.rs"]
mod pdfgen;

use gongkai::model::Report;
use gongkai::pipeline::analyze_document;
use gongkai::read::ReadOptions;
use gongkai::read::pdf::{self, extract};
use lopdf::Object;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The glyph texts of every page, in drawing order, and the notes.
fn glyphs_and_notes(bytes: &[u8]) -> (String, Vec<String>) {
    let out = extract::extract(bytes).expect("extracts");
    let text = (out.pages.iter())
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect();
    (text, out.notes.iter().map(|n| n.message.clone()).collect())
}

/// The three lines of `scripts/make-cidfont-fixtures.py`.
const LINES: &str = "政府信息公开工作年度报告本年新收政府信息公开申请 37 件2023年度 公开率 95.5%";

#[test]
fn truetype_subset_without_tounicode_reads_from_the_fonts_cmap() {
    let (text, notes) = glyphs_and_notes(&fixture("tests/fixtures/pdf/cidfont/truetype-cmap.pdf"));
    // 年's glyph is also mapped from the compatibility ideograph U+F98E: the plain one wins.
    assert_eq!(text, LINES);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn truetype_subset_without_cmap_reads_from_post_glyph_names() {
    let (text, notes) = glyphs_and_notes(&fixture("tests/fixtures/pdf/cidfont/truetype-post.pdf"));
    assert_eq!(text, LINES);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn glyph_mapped_only_to_private_use_stays_a_replacement_with_a_note() {
    let (text, notes) = glyphs_and_notes(&fixture("tests/fixtures/pdf/cidfont/truetype-pua.pdf"));
    assert_eq!(text, LINES.replace('年', "\u{fffd}"));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("WenQuanYiMicroHei"), "{notes:?}");
}

#[test]
fn non_embedded_japan1_font_reads_through_adobes_table() {
    // dvipdfmx's vertical Ryumin-Light, Identity-V, no ToUnicode, nothing embedded.
    let (text, notes) = glyphs_and_notes(&fixture("tests/fixtures/pdf/cidfont/pdfminer-jo.pdf"));
    assert!(
        text.contains("わたくしといふ現象は假定された有機交流電燈のひとつの青い照明です"),
        "{text}"
    );
    assert!(!text.contains('\u{fffd}') && notes.is_empty(), "{notes:?}");
}

/// A Type 0 font, Identity-H, over a CID font of `subtype` naming `ordering` and embedding
/// nothing.
fn not_embedded(subtype: &str, ordering: &str) -> Vec<u8> {
    pdfgen::with_font(
        &format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H \
             /DescendantFonts [<< /Type /Font /Subtype /{subtype} /BaseFont /STSong-Light \
             /CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement 4 >> >>] >>"
        ),
        // Adobe-GB1 CIDs <1042> 一, <11cf> 中, <0704> 公.
        &[b"BT /F1 12 Tf 72 700 Td <104211cf0704> Tj ET"],
    )
}

#[test]
fn non_embedded_gb1_font_reads_through_adobes_table() {
    let (text, notes) = glyphs_and_notes(&not_embedded("CIDFontType0", "GB1"));
    assert_eq!(text, "一中公");
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn non_embedded_font_of_no_known_collection_stays_unmapped() {
    let (text, notes) = glyphs_and_notes(&not_embedded("CIDFontType0", "Identity"));
    assert_eq!(text, "\u{fffd}\u{fffd}\u{fffd}");
    assert_eq!(notes.len(), 1, "{notes:?}");
}

#[test]
fn non_embedded_truetype_cid_font_is_not_read_through_a_collection() {
    // Producers write a system TrueType font's glyph ids as the CIDs of a CIDFontType2 they
    // do not embed, even under Adobe-GB1: read through the collection they would be guesses.
    let (text, notes) = glyphs_and_notes(&not_embedded("CIDFontType2", "GB1"));
    assert_eq!(text, "\u{fffd}\u{fffd}\u{fffd}");
    assert_eq!(notes.len(), 1, "{notes:?}");
}

/// `pdf` with the `/ToUnicode` of every Type 0 font taken out (there must be some).
fn without_tounicode(pdf: &[u8]) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).expect("lopdf");
    let mut stripped = 0;
    for object in doc.objects.values_mut() {
        if let Object::Dictionary(dict) = object
            && dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0".as_slice())
            && dict.remove(b"ToUnicode").is_some()
        {
            stripped += 1;
        }
    }
    assert!(stripped >= 1, "the file has Type 0 fonts with ToUnicode");
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    bytes
}

/// Reads `original` and the same file without ToUnicode: no glyph is left unmapped and both
/// give the same report (tables, meta, sections), which is returned.
fn reads_the_same_without_tounicode(original: &[u8]) -> Report {
    let stripped = without_tounicode(original);
    let (text, notes) = glyphs_and_notes(&stripped);
    assert!(!text.contains('\u{fffd}') && notes.is_empty(), "{notes:?}");
    let read = |b: &[u8]| analyze_document(&pdf::read(b, &ReadOptions::default()).expect("read"));
    let (want, got) = (read(original), read(&stripped));
    assert_eq!(got.report.tables, want.report.tables);
    assert_eq!(got.report.meta, want.report.meta);
    assert_eq!(got.report.sections, want.report.sections);
    got.report
}

#[test]
fn chromium_sample_without_tounicode_reads_the_same_report() {
    // The Chromium print embeds Liberation Serif as a CID TrueType font (Identity-H): the
    // digits of every table cell are in it (the CJK text is in Type 3 fonts).
    let report = reads_the_same_without_tounicode(&fixture("samples/zhangdian-2023.chrome.pdf"));
    assert_eq!(
        report.tables,
        golden::golden().tables,
        "200 cells as golden"
    );
}

#[test]
fn weasyprint_seed_without_tounicode_reads_the_same_report() {
    // Every character of the page, CJK and digits, is in CID TrueType subsets of WenQuanYi
    // Micro Hei: without ToUnicode, all of it comes from the fonts' cmap tables.
    let report = reads_the_same_without_tounicode(&fixture(
        "tests/fixtures/pdf/cidfont/zhangdian-2023.weasyprint.pdf",
    ));
    let golden = golden::golden();
    assert_eq!(report.tables, golden.tables, "200 cells as golden");
    assert_eq!(
        (report.meta.organ, report.meta.year),
        (golden.meta.organ, golden.meta.year)
    );
    // The portal's index line (索引号 … 发布日期), ruled by the print's style, is a table of
    // its own before the report: kept in a section without an id. The standard's follow.
    let ids =
        |r: &[gongkai::model::Section]| r.iter().filter_map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&report.sections), ids(&golden.sections));
}

#[test]
fn cid_keyed_opentype_cff_reads_through_its_charset_and_cmap() {
    // The PDF's CIDs are the CFF's (9837 件, 10196 信 …), not glyph ids: the CFF charset
    // leads each to its glyph, the OpenType cmap to the character.
    let (text, notes) = glyphs_and_notes(&fixture("tests/fixtures/pdf/cidfont/opentype-cff.pdf"));
    assert_eq!(text, LINES);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn cff_of_the_identity_collection_stays_unmapped_whatever_the_pdf_claims() {
    // The bare CFF says Adobe-Identity-0; the PDF's /CIDSystemInfo claims Adobe-GB1. Read
    // through Adobe-GB1's table these CIDs would be other characters (poppler prints them):
    // the font's own ROS decides, and it names no collection.
    let (text, notes) = glyphs_and_notes(&fixture("tests/fixtures/pdf/cidfont/cff-identity.pdf"));
    assert_eq!(text, "\u{fffd}".repeat(LINES.chars().count()));
    assert_eq!(notes.len(), 1, "{notes:?}");
}
