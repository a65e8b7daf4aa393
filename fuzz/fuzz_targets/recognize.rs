//! Fuzz target: the recogniser and the checks on arbitrary documents.
//!
//! The fuzz input is decoded into a [`Document`] (paragraphs and tables with spans) whose texts
//! are drawn mostly from the standard's own labels and numbers, so the fuzzer reaches the deep
//! paths of table reading instead of stopping at "no label found".
#![no_main]

use arbitrary::{Result, Unstructured};
use gongkai::document::{Block, Cell, Document, Paragraph, Place, Row, Table};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    if let Ok(doc) = document(&mut u) {
        let _ = gongkai::pipeline::analyze_document(&doc);
    }
});

/// Labels, headings and values the recogniser looks for.
fn vocabulary() -> &'static [String] {
    static VOCAB: OnceLock<Vec<String>> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let std = gongkai::standard::current();
        let mut v: Vec<String> = Vec::new();
        v.push(format!("某某局2023年{}", std.title_suffix));
        for m in &std.meta {
            v.push(format!("{}：某地", m.label));
            v.extend(m.aliases.iter().cloned());
        }
        v.extend(std.period.markers.iter().cloned());
        for s in &std.sections {
            v.push(s.printed());
            v.push(s.heading.clone());
            v.extend(s.aliases.iter().cloned());
        }
        for t in &std.tables {
            v.extend(t.row_header.iter().cloned());
            v.extend(t.corner.iter().cloned());
            for c in &t.columns {
                v.push(c.label.clone());
                v.extend(c.aliases.iter().cloned());
                v.extend(c.groups.iter().cloned());
                v.push(c.unit.clone());
            }
            for r in &t.rows {
                v.push(r.label.clone());
                v.extend(r.aliases.iter().cloned());
                v.extend(r.groups.iter().cloned());
            }
        }
        for n in ["0", "1", "12", "-3", "1.5", "3,000", "12件", "—", "/", "无", "99999999999999999999"] {
            v.push(n.to_string());
        }
        v.retain(|s| !s.is_empty());
        v
    })
}

fn text(u: &mut Unstructured) -> Result<String> {
    let vocab = vocabulary();
    let mut out = String::new();
    for _ in 0..u.int_in_range(1..=3u8)? {
        if u.ratio(1u8, 5)? {
            let s: &str = u.arbitrary()?;
            out.push_str(s);
        } else {
            out.push_str(u.choose(vocab)?);
        }
    }
    Ok(out)
}

fn table(u: &mut Unstructured, depth: u8) -> Result<Table> {
    let mut rows = Vec::new();
    for r in 0..u.int_in_range(0..=40u8)? {
        let mut cells = Vec::new();
        let mut col = 0usize;
        for _ in 0..u.int_in_range(0..=12u8)? {
            col += usize::from(u.int_in_range(0..=2u8)?);
            let mut cell = Cell::new(text(u)?, col, place(u, r.into())?);
            cell.row_span = usize::from(u.int_in_range(0..=6u8)?);
            cell.col_span = usize::from(u.int_in_range(0..=6u8)?);
            if depth < 2 && u.ratio(1u8, 30)? {
                cell.nested.push(table(u, depth + 1)?);
            }
            col += cell.col_span.max(1);
            cells.push(cell);
        }
        rows.push(Row {
            cells,
            header: u.ratio(1u8, 10)?,
        });
    }
    Ok(Table {
        rows,
        name: if u.ratio(1u8, 4)? { Some(text(u)?) } else { None },
        place: Place::None,
    })
}

fn place(u: &mut Unstructured, n: usize) -> Result<Place> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => Place::None,
        1 => Place::Line { line: n + 1 },
        2 => Place::TableCell {
            table: 1,
            row: n + 1,
            col: 1,
        },
        _ => Place::SheetCell {
            sheet: "Sheet1".into(),
            row: n + 1,
            col: usize::from(u.int_in_range(0..=30u8)?),
        },
    })
}

fn document(u: &mut Unstructured) -> Result<Document> {
    let mut blocks = Vec::new();
    while !u.is_empty() && blocks.len() < 200 {
        if u.ratio(2u8, 3)? {
            let mut p = Paragraph::new(text(u)?, place(u, blocks.len())?);
            if u.ratio(1u8, 5)? {
                p.heading = Some(u.int_in_range(0..=9u8)?);
            }
            if u.ratio(1u8, 5)? {
                p.list_label = Some(text(u)?);
            }
            blocks.push(Block::Paragraph(p));
        } else {
            blocks.push(Block::Table(table(u, 0)?));
        }
    }
    Ok(Document {
        blocks,
        notes: Vec::new(),
    })
}
