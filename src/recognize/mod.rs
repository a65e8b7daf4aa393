//! The recogniser: maps a neutral [`Document`] onto the standard, giving a [`Report`].
//!
//! It knows the standard (through [`crate::standard`]) and nothing of file formats. Nothing is
//! guessed silently: whatever it had to interpret becomes a [`Finding`].

pub mod label;
mod meta;
mod sections;
pub mod tables;
pub mod value;

use crate::document::{Block, Document, Place};
use crate::finding::{CellRef, Finding};
use crate::model::{Report, Section};
use crate::standard::{self, SectionKind, Standard};
use std::collections::HashMap;
use tables::{LabelIndex, Stream, TableReader, stream_of_lines, stream_of_table};

/// What the recogniser made of a document.
#[derive(Debug, Clone)]
pub struct Recognized {
    /// The report.
    pub report: Report,
    /// What it noticed while reading (units dropped, cells missing, headings renumbered …).
    pub findings: Vec<Finding>,
    /// Where each standard cell's value came from in the source.
    pub origins: HashMap<CellRef, Place>,
}

/// Recognises a document, choosing the standard format whose labels it carries best.
pub fn recognize(doc: &Document) -> Recognized {
    let std = detect(doc);
    recognize_as(doc, std)
}

/// Chooses the format from the table labels found in the document (never from the year).
pub fn detect(doc: &Document) -> &'static Standard {
    let all = standard::all();
    if all.len() == 1 {
        return standard::current();
    }
    let streams: Vec<Stream> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(stream_of_table(t)),
            Block::Paragraph(_) => None,
        })
        .collect();
    let lines: Vec<(&str, &Place)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some((p.text.as_str(), &p.place)),
            Block::Table(_) => None,
        })
        .collect();
    let mut streams = streams;
    streams.push(stream_of_lines(lines.into_iter()));
    let mut best = standard::current();
    let mut best_score = 0;
    for s in all {
        let score = LabelIndex::new(s).score(&streams);
        if score > best_score {
            best = s;
            best_score = score;
        }
    }
    best
}

/// Where a block of the document went.
enum Part<'d> {
    Paragraph(&'d crate::document::Paragraph),
    Tables(Vec<&'d crate::document::Table>),
}

/// Recognises a document as a given standard format.
pub fn recognize_as(doc: &Document, std: &Standard) -> Recognized {
    let mut report = Report::empty(std);
    let mut findings = Vec::new();
    // Group the blocks: runs of tables with only empty paragraphs between them are one table
    // (a table split by a page break); the rest are paragraphs.
    let mut parts: Vec<Part> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Table(t) => match parts.last_mut() {
                Some(Part::Tables(ts)) => ts.push(t),
                _ => parts.push(Part::Tables(vec![t])),
            },
            Block::Paragraph(p) => {
                if p.printed().trim().is_empty() && matches!(parts.last(), Some(Part::Tables(_))) {
                    continue;
                }
                parts.push(Part::Paragraph(p));
            }
        }
    }
    let mut splitter = sections::Splitter::new(std);
    let mut preamble: Vec<&crate::document::Paragraph> = Vec::new();
    // Per section: its paragraphs (with places) and its table groups.
    struct Open<'d> {
        section: Section,
        lines: Vec<&'d crate::document::Paragraph>,
        tables: Vec<Vec<&'d crate::document::Table>>,
    }
    let mut open: Vec<Open> = Vec::new();
    for part in parts {
        match part {
            Part::Paragraph(p) => {
                let printed = p.printed();
                if let Some(h) = splitter.heading(&printed, p.heading.is_some()) {
                    if let Some(f) = h.finding {
                        findings.push(f.at(p.place.clone()));
                    }
                    open.push(Open {
                        section: Section {
                            id: h.id,
                            heading: h.heading,
                            ..Section::default()
                        },
                        lines: Vec::new(),
                        tables: Vec::new(),
                    });
                    continue;
                }
                match open.last_mut() {
                    Some(o) => o.lines.push(p),
                    None => preamble.push(p),
                }
            }
            Part::Tables(ts) => match open.last_mut() {
                Some(o) => o.tables.push(ts),
                // Tables before any heading (a workbook, a bare table): read them all the same.
                None => open.push(Open {
                    section: Section::default(),
                    lines: Vec::new(),
                    tables: vec![ts],
                }),
            },
        }
    }
    meta::fill(std, &preamble, &mut report.meta, &mut findings);
    let mut reader = TableReader::new(std);
    for o in &mut open {
        let mut found_rows = 0;
        for group in &o.tables {
            let mut stream: Stream = Vec::new();
            for t in group {
                stream.extend(stream_of_table(t));
            }
            let n = reader.read(&stream, &mut report);
            found_rows += n;
            if n == 0 {
                for t in group {
                    o.section.other_tables.push(
                        t.rows
                            .iter()
                            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                            .collect(),
                    );
                }
            }
        }
        let is_table_section = o
            .section
            .id
            .as_deref()
            .and_then(|id| std.section(id))
            .is_some_and(|s| s.kind == SectionKind::Table);
        let mut consumed = 0..0;
        if is_table_section && found_rows == 0 && !o.lines.is_empty() {
            // A text export that lost the table: read the section's lines as one column.
            let stream = stream_of_lines(o.lines.iter().map(|p| (p.text.as_str(), &p.place)));
            if reader.read(&stream, &mut report) > 0 {
                consumed = table_span(&stream, &o.lines);
            }
        }
        o.section.paragraphs = o
            .lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !consumed.contains(i))
            .map(|(_, p)| clean_paragraph(&p.printed()))
            .filter(|t| !t.is_empty())
            .collect();
    }
    reader.finish();
    findings.extend(reader.findings);
    report.sections = open
        .into_iter()
        .map(|o| o.section)
        .filter(|s| {
            s.id.is_some()
                || !s.heading.is_empty()
                || !s.paragraphs.is_empty()
                || !s.other_tables.is_empty()
        })
        .collect();
    Recognized {
        report,
        findings,
        origins: reader.origins,
    }
}

/// The lines of a one-column table: from the first line that is not prose to the last value.
fn table_span(stream: &Stream, lines: &[&crate::document::Paragraph]) -> std::ops::Range<usize> {
    let is_prose = |t: &str| t.chars().count() > 40 && (t.contains('。') || t.contains('，'));
    let first = lines
        .iter()
        .position(|p| !p.text.trim().is_empty() && !is_prose(&p.text))
        .unwrap_or(0);
    let last = stream
        .iter()
        .rposition(|row| row.iter().any(|t| t.value && !t.text.trim().is_empty()))
        .map(|i| i + 1)
        .unwrap_or(first);
    first..last.max(first)
}

/// Paragraph text as the model keeps it: verbatim but for leading and trailing blanks
/// (indentation is layout, not content).
pub fn clean_paragraph(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}'))
        .to_string()
}
