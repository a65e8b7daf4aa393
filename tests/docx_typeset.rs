//! The Word output typeset as an official document: sub-headings that run into their paragraph
//! are body text with a run-in heading (only a line that is nothing but a sub-heading is a
//! heading), no body paragraph keeps with the next one, value cells are wide enough for their
//! values, and every font has a fallback a stock Windows or WPS PC has.
//!
//! The fixture tests/fixtures/typeset/runin-2023.txt is the seed with each sub-heading line joined
//! to the paragraph after it ("（一）主动公开方面。一是…").

#[path = "docx_writer/xml.rs"]
mod xml;

use gongkai::model::{Report, Value};
use gongkai::pipeline;
use gongkai::standard;
use gongkai::write::docx::{self, Style};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;
use xml::{XBlock, body, unzip};

fn report(path: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    pipeline::analyze_path(&path, &Default::default())
        .expect("reads")
        .report
}

fn seed() -> Report {
    report("samples/zhangdian-2023.orig.gbk.txt")
}

fn run_in() -> Report {
    report("tests/fixtures/typeset/runin-2023.txt")
}

fn document(r: &Report) -> String {
    let bytes = docx::write(r, standard::current(), &Style::default()).expect("docx");
    unzip(&bytes)["word/document.xml"].clone()
}

/// The raw XML of every body paragraph outside tables, in order.
fn raw_paragraphs(doc: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    for (i, piece) in doc.split("<w:tbl>").enumerate() {
        // Text after a table's end is outside it again.
        let outside = if i == 0 {
            piece
        } else {
            depth += 1;
            match piece.rsplit_once("</w:tbl>") {
                Some((_, after)) => {
                    depth -= 1;
                    after
                }
                None => "",
            }
        };
        if depth == 0 {
            out.extend(outside.split("<w:p>").skip(1));
        }
    }
    out
}

const CLOSING: [char; 6] = ['。', '：', '！', '？', '；', ':'];

/// True for text that is nothing but a heading: short, and nothing after a closing mark.
fn heading_alone(text: &str) -> bool {
    let after = text
        .find(CLOSING)
        .map(|i| text[i..].trim_start_matches(CLOSING).trim());
    text.chars().count() <= 40 && after.is_none_or(str::is_empty)
}

#[test]
fn no_paragraph_of_body_text_is_in_a_heading_style() {
    for r in [seed(), run_in()] {
        for b in body(&document(&r)) {
            if let XBlock::Para(style, text) = b
                && style.starts_with("Heading")
            {
                assert!(heading_alone(&text), "{style}: {text}");
            }
        }
    }
}

#[test]
fn sub_headings_running_into_their_paragraph_are_run_in_headings() {
    let doc = document(&run_in());
    let heading_font = format!("w:eastAsia=\"{}\"", Style::default().heading2.font);
    let run_ins: Vec<&str> = raw_paragraphs(&doc)
        .into_iter()
        .filter(|p| p.contains("<w:t xml:space=\"preserve\">（"))
        .filter(|p| p.contains("<w:pStyle w:val=\"Normal\"/>"))
        .collect();
    assert_eq!(run_ins.len(), 11, "the fixture joins 11 sub-headings");
    for p in run_ins {
        assert!(
            !p.contains("w:keepNext") && !p.contains("w:outlineLvl"),
            "{p}"
        );
        // Two runs: the heading words in the heading's font, then the text in the body's.
        let runs: Vec<&str> = p.split("<w:r>").skip(1).collect();
        assert_eq!(runs.len(), 2, "{p}");
        assert!(runs[0].contains(&heading_font), "{p}");
        assert!(runs[0].contains("。</w:t>"), "{p}");
        assert!(!runs[1].contains("<w:rPr>"), "{p}");
    }
    // The seed's own sub-headings, alone on their lines, stay headings.
    let headings = body(&document(&seed()))
        .into_iter()
        .filter(|b| matches!(b, XBlock::Para(s, _) if s == "Heading2"))
        .count();
    assert!(headings >= 11, "{headings}");
}

#[test]
fn only_headings_keep_with_the_next_paragraph() {
    for r in [seed(), run_in()] {
        for p in raw_paragraphs(&document(&r)) {
            if p.contains("<w:keepNext/>") {
                assert!(p.contains("<w:pStyle w:val=\"Heading"), "{p}");
            }
        }
    }
}

/// Left plus right cell margin in twips (the tables' `w:tblCellMar`).
const MARGINS: u32 = 2 * 57;

/// Width of a number printed at `size_pt`: a digit or point at 0.6 em (仿宋 sets them at 0.5,
/// DejaVu Sans, LibreOffice's stand-in, at 0.64).
fn number_twips(text: &str, size_pt: f64) -> f64 {
    text.chars().count() as f64 * 0.6 * size_pt * 20.0
}

/// The size of the values of each table in points: the run size written in its value cells,
/// else the table style's.
fn value_sizes(doc: &str) -> Vec<f64> {
    let style = Style::default().table.size_pt;
    doc.split("<w:tbl>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</w:tbl>").expect("closed")];
            t.split("<w:rPr><w:sz w:val=\"")
                .nth(1)
                .and_then(|rest| rest[..rest.find('"')?].parse::<f64>().ok())
                .map_or(style, |half| half / 2.0)
        })
        .collect()
}

#[test]
fn no_value_cell_is_narrower_than_its_value_needs() {
    let std = standard::current();
    let mut r = seed();
    for t in &std.tables {
        for row in &t.rows {
            for c in t.columns_of(row) {
                let v = match c.id.as_str() {
                    "amount" => Value::number(Decimal::from_str("96171.6").expect("decimal")),
                    _ if t.id == "appeals" => Value::int(1234),
                    _ => Value::int(123_456),
                };
                r.set(&t.id, &row.id, &c.id, v);
            }
        }
    }
    let doc = document(&r);
    let sizes = value_sizes(&doc);
    let tables = body(&doc).into_iter().filter_map(|b| match b {
        XBlock::Table(t) => Some(t),
        XBlock::Para(..) => None,
    });
    let mut checked = 0;
    for (t, size) in tables.zip(sizes) {
        assert!(size >= 7.0, "values set at {size} pt");
        let text_width = Style::default().text_width_twips();
        assert!(t.grid.iter().sum::<u32>() <= text_width, "{:?}", t.grid);
        for row in &t.rows {
            let mut col = 0;
            for cell in &row.cells {
                let width: u32 = t.grid.iter().skip(col).take(cell.span).sum();
                col += cell.span;
                if cell.text.parse::<f64>().is_err() {
                    continue;
                }
                let need = number_twips(&cell.text, size) + f64::from(MARGINS);
                assert!(
                    f64::from(width) >= need,
                    "{} in a cell {width} twips wide needs {need}",
                    cell.text
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 200, "{checked} value cells");
}

#[test]
fn every_font_falls_back_to_one_a_stock_pc_has() {
    let bytes = docx::write(&seed(), standard::current(), &Style::default()).expect("docx");
    let fonts = &unzip(&bytes)["word/fontTable.xml"];
    let alt = |name: &str| -> Option<String> {
        let start = fonts.find(&format!("<w:font w:name=\"{name}\">"))?;
        let entry = &fonts[start..start + fonts[start..].find("</w:font>")?];
        let at = entry.find("<w:altName w:val=\"")? + "<w:altName w:val=\"".len();
        Some(entry[at..at + entry[at..].find('"')?].to_string())
    };
    for (font, stock) in [
        ("仿宋_GB2312", "FangSong"),
        ("楷体_GB2312", "KaiTi"),
        ("方正小标宋简体", "SimSun"),
        ("黑体", "SimHei"),
    ] {
        let mut at = font.to_string();
        let mut chain = vec![at.clone()];
        while let Some(next) = alt(&at) {
            assert!(!chain.contains(&next), "cycle {chain:?}");
            chain.push(next.clone());
            at = next;
        }
        assert_eq!(chain.last().map(String::as_str), Some(stock), "{chain:?}");
        assert!(fonts.contains(&format!("<w:font w:name=\"{stock}\">")));
    }
    // The fallbacks of Chinese fonts are GB2312 fonts too.
    let fang = fonts
        .find("<w:font w:name=\"FangSong\">")
        .expect("FangSong");
    assert!(fonts[fang..].starts_with("<w:font w:name=\"FangSong\"><w:charset w:val=\"86\"/>"));
}

#[test]
fn no_chain_of_rows_kept_together_is_longer_than_a_short_table() {
    for r in [seed(), run_in()] {
        let doc = document(&r);
        for table in doc.split("<w:tbl>").skip(1) {
            let table = &table[..table.find("</w:tbl>").expect("closed")];
            let mut run = 0;
            let mut longest = 0;
            for row in table.split("<w:tr>").skip(1) {
                run = if row.contains("<w:keepNext/>") {
                    run + 1
                } else {
                    0
                };
                longest = longest.max(run);
            }
            assert!(longest <= 8, "{longest} rows kept with the next");
        }
    }
}

#[test]
fn run_in_headings_read_back_as_the_same_paragraphs() {
    let r = run_in();
    let bytes = docx::write(&r, standard::current(), &Style::default()).expect("docx");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("runin.docx");
    std::fs::write(&path, bytes).expect("written");
    let back = pipeline::analyze_path(&path, &Default::default())
        .expect("reads back")
        .report;
    let paragraphs = |r: &Report| -> Vec<Vec<String>> {
        r.sections.iter().map(|s| s.paragraphs.clone()).collect()
    };
    assert_eq!(paragraphs(&back), paragraphs(&r));
    assert_eq!(back.tables, r.tables);
}
