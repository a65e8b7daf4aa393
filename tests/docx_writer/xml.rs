//! Test helpers: unzip an exported .docx and read its body back as plain structures (paragraphs
//! with their style, tables with spans and merges), independent of the docx reader.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Every part of a package by name, as text.
pub fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut s = String::new();
        f.read_to_string(&mut s).expect("utf-8 part");
        parts.insert(f.name().expect("entry name").to_string(), s);
    }
    parts
}

/// A table cell: its span, its vertical merge ("restart" / "continue") and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct XCell {
    pub span: usize,
    pub vmerge: Option<String>,
    pub text: String,
}

/// A table row.
#[derive(Debug, Clone, Default)]
pub struct XRow {
    pub header: bool,
    pub cells: Vec<XCell>,
}

/// A table.
#[derive(Debug, Clone, Default)]
pub struct XTable {
    pub grid: Vec<u32>,
    pub fixed: bool,
    pub rows: Vec<XRow>,
}

/// A block of the body.
#[derive(Debug, Clone)]
pub enum XBlock {
    /// A paragraph: style id and text.
    Para(String, String),
    Table(XTable),
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// The body of word/document.xml as blocks.
pub fn body(document: &str) -> Vec<XBlock> {
    let mut reader = Reader::from_str(document);
    let mut blocks = Vec::new();
    let mut table: Option<XTable> = None;
    let mut cell: Option<XCell> = None;
    let mut para: Option<(String, String)> = None;
    let mut in_text = false;
    loop {
        let ev = reader.read_event().expect("well-formed document.xml");
        let is_empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:tbl" => table = Some(XTable::default()),
                "w:gridCol" => {
                    if let Some(t) = table.as_mut() {
                        t.grid
                            .push(attr(&e, "w:w").and_then(|w| w.parse().ok()).unwrap_or(0));
                    }
                }
                "w:tblLayout" => {
                    if let Some(t) = table.as_mut() {
                        t.fixed = attr(&e, "w:type").as_deref() == Some("fixed");
                    }
                }
                "w:tr" => {
                    if let Some(t) = table.as_mut() {
                        t.rows.push(XRow::default());
                    }
                }
                "w:tblHeader" => {
                    if let Some(r) = table.as_mut().and_then(|t| t.rows.last_mut()) {
                        r.header = true;
                    }
                }
                "w:tc" => {
                    cell = Some(XCell {
                        span: 1,
                        vmerge: None,
                        text: String::new(),
                    })
                }
                "w:gridSpan" => {
                    if let Some(c) = cell.as_mut() {
                        c.span = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "w:vMerge" => {
                    if let Some(c) = cell.as_mut() {
                        c.vmerge = Some(attr(&e, "w:val").unwrap_or_else(|| "continue".into()));
                    }
                }
                "w:p" if !is_empty => para = Some((String::new(), String::new())),
                "w:p" if table.is_none() => {
                    blocks.push(XBlock::Para(String::new(), String::new()));
                }
                "w:pStyle" => {
                    if let Some(p) = para.as_mut() {
                        p.0 = attr(&e, "w:val").unwrap_or_default();
                    }
                }
                "w:t" => in_text = true,
                "w:br" => {
                    if let Some(p) = para.as_mut() {
                        p.1.push('\n');
                    }
                }
                "w:tab" => {
                    if let Some(p) = para.as_mut() {
                        p.1.push('\t');
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = para.as_mut() {
                    let c = match r.resolve_char_ref().ok().flatten() {
                        Some(c) => c.to_string(),
                        None => match &*r.xml10_content() {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => panic!("unknown entity {other}"),
                        },
                    };
                    p.1.push_str(&c);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => {
                    if let Some((style, text)) = para.take() {
                        if let Some(c) = cell.as_mut() {
                            if !c.text.is_empty() || !text.is_empty() {
                                if !c.text.is_empty() {
                                    c.text.push('\n');
                                }
                                c.text.push_str(&text);
                            }
                        } else if table.is_none() {
                            blocks.push(XBlock::Para(style, text));
                        }
                    }
                }
                "w:tc" => {
                    if let (Some(c), Some(r)) =
                        (cell.take(), table.as_mut().and_then(|t| t.rows.last_mut()))
                    {
                        r.cells.push(c);
                    }
                }
                "w:tbl" => {
                    if let Some(t) = table.take() {
                        blocks.push(XBlock::Table(t));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    blocks
}
