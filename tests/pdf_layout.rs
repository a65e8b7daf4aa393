//! The PDF layout on page data made by another program (Python pdfplumber's characters and
//! edges of the two PDF samples), and the whole PDF reader on the sample files: both give the
//! golden model.

use flate2::read::GzDecoder;
use gongkai::document::{Block, Document};
use gongkai::pipeline::{Analysis, analyze_document, analyze_path};
use gongkai::read::ReadOptions;
use gongkai::read::pdf::layout;
use gongkai::read::pdf::page::PdfPage;
use std::io::Read;
use std::path::Path;

#[path = "common/golden.rs"]
mod golden;

fn pages(name: &str) -> Vec<PdfPage> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf/pages")
        .join(name);
    let mut json = String::new();
    GzDecoder::new(std::fs::File::open(&path).expect("fixture"))
        .read_to_string(&mut json)
        .expect("gzip");
    serde_json::from_str(&json).expect("pages")
}

fn dump(doc: &Document) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) => out.push_str(&format!("P {} | {}\n", p.place, p.text)),
            Block::Table(t) => {
                out.push_str(&format!("T {}\n", t.place));
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .cells
                        .iter()
                        .map(|c| format!("[{}:{}x{}]{}", c.col, c.row_span, c.col_span, c.text))
                        .collect();
                    out.push_str(&format!("   {}\n", cells.join(" ")));
                }
            }
        }
    }
    for n in &doc.notes {
        out.push_str(&format!("N {} {}\n", n.place, n.message));
    }
    out
}

/// Lays out the pages of fixture `name` and compares the model with the golden one. A printed
/// portal page also carries the portal's own lines: `portal_head` before the report (they stay
/// in the preamble) and `portal_foot` after it (they end the last section).
fn check(name: &str, portal_head: &[&str], portal_foot: &[&str]) {
    let doc = layout::document(&pages(name));
    if std::env::var_os("GONGKAI_DUMP").is_some() {
        eprintln!("{}", dump(&doc));
    }
    assert!(doc.notes.is_empty(), "{name}: {:?}", doc.notes);
    compare(name, &analyze_document(&doc), portal_head, portal_foot);
}

/// Compares an analysis with the golden model (plus the portal's lines, see [`check`]); no
/// finding beyond information.
fn compare(name: &str, a: &Analysis, portal_head: &[&str], portal_foot: &[&str]) {
    let mut golden = golden::golden();
    let portal = |s: &[&str]| s.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    golden.meta.preamble.splice(0..0, portal(portal_head));
    if let Some(last) = golden.sections.last_mut() {
        last.paragraphs.extend(portal(portal_foot));
    }
    golden::assert_gives(name, a, &golden);
}

/// The portal's own lines on the Chromium print: menu, breadcrumb and index line before the
/// report, share links and the site's footer after it.
const CHROME_HEAD: &[&str] = &[
    "首页|政务公开|政务服务|互动交流",
    "当前位置：首页>政府信息公开>政府信息公开年报",
    "索引号：000000-2023-0019发布日期：2024-01-29",
];
const CHROME_FOOT: &[&str] = &[
    "【分享到微信】【打印本页】【关闭窗口】",
    "主办单位：人民政府办公室网站标识码：3700000000备案号：鲁ICP备00000000号",
];

#[test]
fn libreoffice_pdf_pages_give_the_golden_model() {
    check("zhangdian-2023.lo.pages.json.gz", &[], &[]);
}

#[test]
fn chromium_pdf_pages_give_the_golden_model() {
    check(
        "zhangdian-2023.chrome.pages.json.gz",
        CHROME_HEAD,
        CHROME_FOOT,
    );
}

/// The sample PDFs read by gongkai's own reader (extractor and layout) from the file.
fn check_file(name: &str, portal_head: &[&str], portal_foot: &[&str]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let a = analyze_path(&path, &ReadOptions::default()).expect("read");
    compare(name, &a, portal_head, portal_foot);
}

#[test]
fn libreoffice_pdf_sample_gives_the_golden_model() {
    check_file("zhangdian-2023.lo.pdf", &[], &[]);
}

#[test]
fn chromium_pdf_sample_gives_the_golden_model() {
    check_file("zhangdian-2023.chrome.pdf", CHROME_HEAD, CHROME_FOOT);
}

/// A glyph `text` of 10 points with its left edge at `x` and top at `top`.
fn glyph(text: &str, x: f64, top: f64) -> gongkai::read::pdf::page::Glyph {
    gongkai::read::pdf::page::Glyph {
        text: text.into(),
        x0: x,
        x1: x + 5.0,
        top,
        bottom: top + 10.0,
        size: 10.0,
        upright: true,
    }
}

/// A ruled table of two rows and three columns (edges at x 100, 200, 300, 400 and y 100, 120,
/// 140): labels in the first column, a value in each other cell, and `extra` glyphs besides.
fn ruled_page(extra: Vec<gongkai::read::pdf::page::Glyph>) -> PdfPage {
    use gongkai::read::pdf::page::Rule;
    let mut rules = Vec::new();
    for y in [100.0, 120.0, 140.0] {
        rules.push(Rule {
            x0: 100.0,
            top: y,
            x1: 400.0,
            bottom: y,
        });
    }
    for x in [100.0, 200.0, 300.0, 400.0] {
        rules.push(Rule {
            x0: x,
            top: 100.0,
            x1: x,
            bottom: 140.0,
        });
    }
    let mut glyphs = vec![
        glyph("甲", 110.0, 105.0),
        glyph("1", 210.0, 105.0),
        glyph("乙", 110.0, 125.0),
        glyph("3", 310.0, 125.0),
    ];
    glyphs.extend(extra);
    PdfPage {
        number: 1,
        width: 600.0,
        height: 800.0,
        glyphs,
        rules,
        images: 0,
    }
}

/// The texts of the table's cells, row by row.
fn cell_texts(doc: &Document) -> Vec<Vec<String>> {
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .expect("a table");
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}

#[test]
fn a_glyph_across_a_cell_edge_is_left_out_with_a_note_not_put_in_a_neighbour() {
    // "7" drawn across the edge at x 300 of the second row, whose middle cell is blank.
    let doc = layout::document(&[ruled_page(vec![glyph("7", 297.0, 125.0)])]);
    assert_eq!(cell_texts(&doc), [["甲", "1", ""], ["乙", "", "3"]]);
    assert_eq!(doc.notes.len(), 1, "{:?}", doc.notes);
    assert_eq!(
        doc.notes[0].place,
        gongkai::document::Place::Pdf {
            page: 1,
            x: 297,
            y: 125
        }
    );
    assert!(
        doc.notes[0].message.contains("“7”"),
        "{}",
        doc.notes[0].message
    );
}

#[test]
fn a_glyph_inside_its_cell_is_placed() {
    let doc = layout::document(&[ruled_page(vec![glyph("7", 250.0, 125.0)])]);
    assert_eq!(cell_texts(&doc), [["甲", "1", ""], ["乙", "7", "3"]]);
    assert!(doc.notes.is_empty());
}

#[test]
fn text_drawn_outside_the_page_is_not_read() {
    // Calc centres a merged cell's text over rows going on past the page's end; the page shows
    // none of it (nor does pdftotext).
    let mut page = ruled_page(vec![glyph("甩", 110.0, 900.0), glyph("丢", -60.0, 300.0)]);
    for (i, c) in ["页", "面", "之", "内"].iter().enumerate() {
        page.glyphs.push(glyph(c, 110.0 + 5.0 * i as f64, 300.0));
        page.glyphs.push(glyph(c, 110.0 + 5.0 * i as f64, 320.0));
    }
    let doc = layout::document(&[page]);
    let text = dump(&doc);
    assert!(text.contains('内'), "{text}");
    assert!(!text.contains('甩') && !text.contains('丢'), "{text}");
}
