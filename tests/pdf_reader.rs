//! The PDF extractor on hand-made files (one per font kind and drawing kind) and on the seed
//! report as LibreOffice and Chromium export it.

#[path = "hostile/pdfgen.rs"]
mod pdfgen;

use gongkai::document::{Block, Place};
use gongkai::read::pdf::extract::{self, Extracted};
use gongkai::read::{ReadError, ReadOptions, pdf};
use pdfgen::{Pdf, with_font};
use std::path::Path;

fn extract(bytes: &[u8]) -> Extracted {
    extract::extract(bytes).expect("extracts")
}

fn text(out: &Extracted) -> String {
    out.pages
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
    .expect("sample")
}

const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <653F> <0002> <5E9C> endbfchar endcmap";

#[test]
fn identity_h_font_reads_through_its_tounicode_map() {
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
    pdf.stream("", b"BT /F1 10 Tf 100 700 Td <000100020003> Tj ET");
    pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>");
    pdf.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 /W [1 [500]] >>");
    pdf.stream("", TO_UNICODE.as_bytes());
    let out = extract(&pdf.bytes());
    let g = &out.pages[0].glyphs;
    assert_eq!(text(&out), "政府\u{fffd}");
    // 政 is 500 units wide (W), 府 takes the default 1000; x grows from 100, y is from the top.
    assert!((g[0].x0 - 100.0).abs() < 1e-6 && (g[0].x1 - 105.0).abs() < 1e-6);
    assert!((g[1].x1 - 115.0).abs() < 1e-6);
    assert!(g[0].bottom > 142.0 - 1e-6 && g[0].top < 142.0 && g[0].upright);
    // The glyph without a mapping is a visible U+FFFD with a note naming its page.
    assert_eq!(out.notes.len(), 1);
    assert!(matches!(
        out.notes[0].place,
        Place::Pdf {
            page: 1,
            x: 115,
            ..
        }
    ));
}

#[test]
fn gbk_cmap_without_tounicode_reads_gbk_bytes() {
    let content: &[u8] = b"BT /F1 12 Tf 72 700 Td <D5FEB8AE31> Tj ET";
    let out = extract(&with_font(
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimHei /Encoding /GBK-EUC-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimHei >>] >>",
        &[content],
    ));
    assert_eq!(text(&out), "政府1");
    assert!(out.notes.is_empty());
}

#[test]
fn ucs2_cmap_without_tounicode_reads_utf16() {
    let out = extract(&with_font(
        "<< /Type /Font /Subtype /Type0 /BaseFont /AdobeHeitiStd-Regular /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /AdobeHeitiStd-Regular >>] >>",
        &[b"BT /F1 12 Tf 72 700 Td <76EE5F55> Tj ET"],
    ));
    assert_eq!(text(&out), "目录");
}

#[test]
fn vertical_cmap_marks_glyphs_not_upright() {
    let out = extract(&with_font(
        "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /UniGB-UCS2-V /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /X >>] >>",
        &[b"BT /F1 12 Tf 72 700 Td <76EE5F55> Tj ET"],
    ));
    let g = &out.pages[0].glyphs;
    assert_eq!(text(&out), "目录");
    assert!(
        !g[0].upright && g[1].top > g[0].top,
        "second glyph below the first"
    );
}

#[test]
fn simple_font_with_chinese_name_and_double_byte_codes_reads_as_gbk() {
    // 宋体 in GBK bytes as the BaseFont name, WinAnsi, no ToUnicode (pdf.js XiaoBiaoSong).
    let font =
        b"<< /Type /Font /Subtype /TrueType /BaseFont /#CB#CE#CC#E5 /Encoding /WinAnsiEncoding >>";
    let out = extract(&with_font(
        std::str::from_utf8(font).unwrap(),
        &[b"BT /F1 12 Tf 72 700 Td <C4BFC2BC2031> Tj ET"],
    ));
    assert_eq!(text(&out), "目录 1");
    // The same codes under a Latin font stay Latin-1 letters (WinAnsi), as the file says.
    let out = extract(&with_font(
        "<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding >>",
        &[b"BT /F1 12 Tf 72 700 Td <C4BF> Tj ET"],
    ));
    assert_eq!(text(&out), "Ä¿");
}

#[test]
fn type3_font_takes_text_from_differences_and_width_from_its_matrix() {
    let out = extract(&with_font(
        "<< /Type /Font /Subtype /Type3 /FontMatrix [0.01 0 0 0.01 0 0] /FontBBox [0 -20 100 80] /CharProcs << >> /Encoding << /Differences [1 /uni2F8F /uni2EA0 /g7] >> /FirstChar 1 /LastChar 3 /Widths [100 100 50] >>",
        &[b"BT /F1 10 Tf 0 700 Td <010203> Tj ET"],
    ));
    let g = &out.pages[0].glyphs;
    // Kangxi ⾏ and Radicals Supplement ⺠ fold to 行 and 民; /g7 means nothing certain.
    assert_eq!(text(&out), "行民\u{fffd}");
    assert!((g[1].x0 - 10.0).abs() < 1e-6 && (g[2].x1 - 25.0).abs() < 1e-6);
    assert!(
        (g[0].top - (142.0 - 8.0)).abs() < 1e-6,
        "ascent from FontBBox × FontMatrix"
    );
}

#[test]
fn rules_come_from_strokes_rectangles_and_thin_fills() {
    let content: &[u8] = b"BT /F1 12 Tf 72 700 Td (x) Tj ET
        1 w 100 800 m 300 800 l S
        100 600 200 100 re S
        50 50 m 80 90 l S
        100 500 200 0.5 re f
        100 300 200 100 re f";
    let out = extract(&with_font(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        &[content],
    ));
    let rules = &out.pages[0].rules;
    // The line, the four edges of the stroked rectangle, the thin fill; not the slanted line
    // and not the large filled area.
    assert_eq!(rules.len(), 6, "{rules:?}");
    let line = rules[0];
    assert!((line.x0 - 100.0).abs() < 1e-6 && (line.top - 41.5).abs() < 1e-6);
    assert!((line.bottom - 42.5).abs() < 1e-6 && line.is_horizontal());
    let thin = rules[5];
    assert!((thin.top - 341.5).abs() < 1e-6 && (thin.bottom - 342.0).abs() < 1e-6);
}

#[test]
fn rotated_page_is_seen_upright_in_its_shown_frame() {
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 /Rotate 90 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
    // Text drawn turned by 90° in user space reads upright once the page is rotated.
    pdf.stream("", b"BT /F1 10 Tf 0 1 -1 0 500 100 Tm (A) Tj ET");
    pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    let out = extract(&pdf.bytes());
    let page = &out.pages[0];
    assert_eq!((page.width, page.height), (800.0, 600.0));
    assert!(page.glyphs[0].upright);
    assert!((page.glyphs[0].x0 - 100.0).abs() < 1e-6);
}

#[test]
fn image_only_pages_are_a_scan_and_empty_pages_an_error() {
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im 5 0 R >> >> >>");
    pdf.stream(
        "",
        b"q 595 0 0 842 0 0 cm /Im Do Q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",
    );
    pdf.stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray", b"\x00");
    let bytes = pdf.bytes();
    assert_eq!(extract(&bytes).pages[0].images, 2);
    let err = pdf::read(&bytes, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, ReadError::Scanned));
    assert!(err.to_string().contains("扫描图片，没有文字层"));
    let empty = with_font(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        &[b""],
    );
    assert!(matches!(
        pdf::read(&empty, &ReadOptions::default()),
        Err(ReadError::Corrupt { .. })
    ));
}

#[test]
fn password_protected_file_is_refused_as_encrypted() {
    let mut bytes = pdfgen::hello("secret");
    // An /Encrypt entry that the empty password does not open (a bogus standard handler).
    let text = String::from_utf8_lossy(&bytes).replace(
        "/Root 1 0 R",
        "/Root 1 0 R /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff> /U <00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff> >> /ID [<00> <00>]",
    );
    bytes = text.into_bytes();
    let err = pdf::read(&bytes, &ReadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("该 PDF 已加密"), "{err}");
}

/// The text of a document's table cells, in order, whitespace removed.
fn cells(doc: &gongkai::document::Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        if let Block::Table(t) = block {
            for row in &t.rows {
                for cell in &row.cells {
                    let text: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
                    if !text.is_empty() {
                        out.push(text);
                    }
                }
            }
        }
    }
    out
}

/// Letters, digits and ideographs only: punctuation from another font (LibreOffice draws a
/// line's “quotes” after its Chinese) leaves drawing order and is not what these tests check.
fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Each page's glyph text in drawing order, letters only (see [`letters`]).
fn page_texts(out: &Extracted) -> Vec<String> {
    out.pages
        .iter()
        .map(|p| letters(&p.glyphs.iter().map(|g| g.text.as_str()).collect::<String>()))
        .collect()
}

/// Asserts that every table cell of the .docx is in the PDF's text — whole on a page, or cut
/// by a page break into a head at one page and a tail on the next — and that the cells holding
/// numbers appear in the same order as in the .docx (the values' reading order). Glyphs are
/// taken in drawing order: a cell wrapped over lines is drawn line after line.
fn assert_has_cells(out: &Extracted, cells: &[String], what: &str, values_in_order: bool) {
    let pages = page_texts(out);
    let cells: Vec<String> = cells
        .iter()
        .map(|c| letters(c))
        .filter(|c| !c.is_empty())
        .collect();
    for cell in &cells {
        let whole = pages.iter().any(|p| p.contains(cell.as_str()));
        let split = cell.char_indices().skip(1).any(|(i, _)| {
            pages
                .windows(2)
                .any(|w| w[0].contains(&cell[..i]) && w[1].contains(&cell[i..]))
        });
        assert!(
            whole || split,
            "{what}: cell “{cell}” is not in the PDF's text"
        );
    }
    if !values_in_order {
        return;
    }
    let all: String = pages.concat();
    let mut at = 0;
    let numbers: Vec<&String> = cells
        .iter()
        .filter(|c| c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
        .collect();
    for n in numbers {
        let found = all[at..].find(n.as_str());
        assert!(
            found.is_some(),
            "{what}: value {n} not in order after byte {at}"
        );
        at += found.unwrap() + n.len();
    }
}

#[test]
fn libreoffice_pdf_has_every_table_cell_of_its_docx_with_values_in_order() {
    let docx = gongkai::read::docx::read(&sample("zhangdian-2023.lo.docx")).expect("docx");
    let bytes = sample("zhangdian-2023.lo.pdf");
    let out = extract(&bytes);
    let cells = cells(&docx);
    assert!(cells.iter().filter(|c| c.parse::<u64>().is_ok()).count() >= 200);
    assert_has_cells(&out, &cells, "lo.pdf", true);
    let all = text(&out);
    assert!(all.starts_with("山东张店经济开发区管理委员会2023年政府信息公开工作年度报告"));
    assert!(!all.contains('\u{fffd}') && out.notes.is_empty());
    assert!(out.pages.iter().map(|p| p.rules.len()).sum::<usize>() > 50);
}

#[test]
fn chromium_pdf_has_every_table_cell_with_radicals_folded() {
    let docx = gongkai::read::docx::read(&sample("zhangdian-2023.lo.docx")).expect("docx");
    let bytes = sample("zhangdian-2023.chrome.pdf");
    let out = extract(&bytes);
    let all = text(&out);
    assert!(!all.chars().any(|c| ('\u{2e80}'..='\u{2fdf}').contains(&c)));
    assert!(!all.contains('\u{fffd}') && out.notes.is_empty());
    assert_has_cells(&out, &cells(&docx), "chrome.pdf", true);
    assert!(all.contains("山东张店经济开发区管理委员会2023年政府信息公开工作年度报告"));
}

#[test]
fn libreoffice_exports_of_every_docx_fixture_hold_every_cell() {
    // PDFs made by scripts/make-pdf-fixtures.sh from samples/*.docx and the variety fixtures.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/pdf/roundtrip");
    let mut pdfs: Vec<_> = std::fs::read_dir(&dir)
        .expect("round-trip PDFs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 21, "{} PDFs", pdfs.len());
    for pdf_path in &pdfs {
        let stem = pdf_path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace("--", "/");
        let docx_path = [root.join("samples"), root.join("tests/fixtures/variety")]
            .iter()
            .map(|d| d.join(format!("{stem}.docx")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no .docx for {pdf_path:?}"));
        let docx = gongkai::read::docx::read(&std::fs::read(&docx_path).unwrap()).expect("docx");
        let bytes = std::fs::read(pdf_path).unwrap();
        let out = extract(&bytes);
        assert!(out.notes.is_empty(), "{stem}: {:?}", out.notes);
        assert!(!text(&out).contains('\u{fffd}'), "{stem}: unmapped glyphs");
        // LibreOffice prints tracked deletions (struck through) next to the insertions, so the
        // PDF of a file with tracked changes shows numbers the .docx no longer holds.
        let tracked = stem.contains("tracked");
        assert_has_cells(&out, &cells(&docx), &stem, !tracked);
    }
}
