//! The recogniser: maps a neutral [`Document`] onto the standard, giving a [`Report`].
//!
//! It knows the standard (through [`crate::standard`]) and nothing of file formats. Nothing is
//! guessed silently: whatever it had to interpret becomes a [`Finding`].

mod aligned;
mod blocks;
mod by_order;
pub mod detect;
pub mod evidence;
mod found_sections;
pub mod label;
mod meta;
mod order;
mod orphans;
mod readings;
mod row_index;
mod sections;
pub mod tables;
mod unmerged;
pub mod value;
mod workbook;
mod wrapped;

use crate::document::{Document, Paragraph, Place, Table};
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Section};
use crate::standard::{self, SectionKind, Standard};
use foldhash::{HashMap, HashSet};
use tables::{Stream, Streams, TableReader, stream_of_lines, stream_of_table};

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
    let mut streams = Streams::of(doc);
    let detection = detect::detect_in(doc, &streams);
    let mut recognized = recognize_in(doc, detection.standard, &mut streams);
    if detection.standard.id != standard::current().id {
        recognized.findings.insert(
            0,
            Finding::new(
                "import.format",
                Severity::Info,
                format!(
                    "按“{}”识别：表格中有该格式特有的标签 {}",
                    detection.standard.name,
                    detection.evidence.join("、")
                ),
            ),
        );
    }
    recognized
}

/// Chooses the format from the table labels found in the document (never from the year): the
/// format with the most labels that only it prints; the current format when none tells.
pub fn detect(doc: &Document) -> &'static Standard {
    detect::detect(doc).standard
}

/// A piece of a table group: a document table, or a short line printed between two tables
/// (a full-width row such as a block caption that an export put outside the table).
enum Piece<'d> {
    Table(&'d Table),
    Line(&'d Paragraph),
}

/// A section being filled: its paragraphs (with places) and its table groups.
struct Open<'d> {
    section: Section,
    lines: Vec<&'d Paragraph>,
    groups: Vec<Vec<Piece<'d>>>,
}

/// A short line without sentence punctuation: may be a table row printed outside its table.
fn is_caption(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 30 && !t.contains(['。', '；', '，', ';'])
}

/// [`table_labels`], built once per embedded standard.
fn table_labels_cached(
    std: &Standard,
) -> std::borrow::Cow<'static, std::collections::HashSet<String>> {
    static CELL: std::sync::OnceLock<Vec<std::collections::HashSet<String>>> =
        std::sync::OnceLock::new();
    crate::memo::per_standard(&CELL, std, table_labels)
}

/// The folded header and group labels of the standard tables: a line that carries one of them
/// just before a table belongs to it.
fn table_labels(std: &Standard) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for t in &std.tables {
        out.extend(t.row_header.iter().chain(&t.corner).map(|l| label::fold(l)));
        for r in &t.rows {
            out.extend(r.groups.iter().map(|g| label::fold(g)));
        }
        for c in &t.columns {
            out.extend(c.groups.iter().map(|g| label::fold(g)));
        }
    }
    out
}

/// Recognises a document as a given standard format.
pub fn recognize_as(doc: &Document, std: &Standard) -> Recognized {
    recognize_in(doc, std, &mut Streams::default())
}

/// [`recognize_as`], taking the streams of the document's tables from `streams` when it holds them.
fn recognize_in<'d>(doc: &'d Document, std: &Standard, streams: &mut Streams<'d>) -> Recognized {
    let mut report = Report::empty(std);
    let mut findings = Vec::new();
    let mut splitter = sections::Splitter::new(std);
    let mut preamble: Vec<&Paragraph> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // Tables with only empty paragraphs or caption lines between them are one table group
    // (a table split by a page break); `held` keeps such lines until the next block decides.
    let mut held: Vec<&Paragraph> = Vec::new();
    let labels = table_labels_cached(std);
    let mut in_group = false;
    /// Where a line of text goes: the open section's paragraphs, or the preamble before the
    /// first heading — also when tables came first and opened a section without a heading (its
    /// paragraphs would be read back as preamble from any export, which prints them first).
    fn lines_of<'a, 'd>(
        open: &'a mut [Open<'d>],
        preamble: &'a mut Vec<&'d Paragraph>,
    ) -> &'a mut Vec<&'d Paragraph> {
        match open.last_mut() {
            Some(o) if o.section.id.is_some() || !o.section.heading.is_empty() => &mut o.lines,
            _ => preamble,
        }
    }
    fn flush<'d>(
        held: &mut Vec<&'d Paragraph>,
        open: &mut [Open<'d>],
        preamble: &mut Vec<&'d Paragraph>,
    ) {
        lines_of(open, preamble).append(held);
    }
    // Prose tables become paragraphs, a facts table becomes facts, a findings table is dropped.
    let (blocks, facts) = workbook::prepare(doc, std);
    let printed: Vec<(String, bool)> = blocks
        .iter()
        .filter_map(|b| match b {
            workbook::Prepared::Paragraph(p) => Some((p.printed(), p.heading.is_some())),
            _ => None,
        })
        .collect();
    splitter.look_ahead(printed.iter().map(|(t, styled)| (t.as_str(), *styled)));
    let mut printed = printed.into_iter().map(|(t, _)| t);
    for block in &blocks {
        match block {
            workbook::Prepared::Break => {
                flush(&mut held, &mut open, &mut preamble);
                in_group = false;
            }
            workbook::Prepared::Table(t) => {
                let t: &Table = t;
                if open.is_empty() {
                    // Tables before any heading (a workbook, a bare table): read them all the same.
                    open.push(Open {
                        section: Section::default(),
                        lines: Vec::new(),
                        groups: Vec::new(),
                    });
                }
                if let Some(o) = open.last_mut() {
                    match o.groups.last_mut() {
                        Some(group) if in_group => {
                            group.extend(held.drain(..).map(Piece::Line));
                            group.push(Piece::Table(t));
                        }
                        _ => {
                            let mut group: Vec<Piece> = held.drain(..).map(Piece::Line).collect();
                            group.push(Piece::Table(t));
                            o.groups.push(group);
                        }
                    }
                }
                held.clear();
                in_group = true;
            }
            workbook::Prepared::Paragraph(p) => {
                let p: &Paragraph = p;
                let printed = printed.next().unwrap_or_default();
                if printed.trim().is_empty() && in_group {
                    continue;
                }
                if let Some(h) = splitter.heading(&printed, p.heading.is_some()) {
                    flush(&mut held, &mut open, &mut preamble);
                    in_group = false;
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
                        groups: Vec::new(),
                    });
                    continue;
                }
                if is_caption(&printed) && (in_group || labels.contains(&label::fold(&printed))) {
                    held.push(p);
                    continue;
                }
                flush(&mut held, &mut open, &mut preamble);
                in_group = false;
                lines_of(&mut open, &mut preamble).push(p);
            }
        }
    }
    flush(&mut held, &mut open, &mut preamble);
    meta::fill(std, &preamble, &mut report.meta, &mut findings);
    if let Some(facts) = &facts {
        workbook::apply(std, facts, &mut report.meta, &mut findings);
    }
    let mut reader = TableReader::new(std);
    let all_labels = detect::label_set_cached(std);
    let mut found =
        found_sections::FoundSections::new(open.iter().map(|o| o.section.id.as_deref()));
    for (at, o) in open.iter_mut().enumerate() {
        let mut found_rows = 0;
        for group in &o.groups {
            let before = found_sections::FoundSections::cells_per_table(&reader.origins, &report);
            let mut stream: Stream = Vec::new();
            for piece in group {
                match piece {
                    Piece::Table(t) => {
                        stream.extend(streams.take(t));
                        // A standard table nested in a layout table's cell is read all the same.
                        for nested in nested_tables(t) {
                            stream.extend(stream_of_table(nested));
                        }
                    }
                    Piece::Line(p) => stream.extend(stream_of_lines(std::iter::once((
                        p.text.as_str(),
                        &p.place,
                    )))),
                }
            }
            let mut n = reader.read(&stream, &mut report);
            if n == 0
                && let Some(table) = o
                    .section
                    .id
                    .as_deref()
                    .and_then(|id| std.section(id))
                    .and_then(|s| s.table.as_deref())
            {
                n = reader.read_by_position(table, &stream, &mut report);
            }
            found_rows += n;
            if n > 0
                && let Some(place) = group.iter().find_map(|p| match p {
                    Piece::Table(t) => Some(&t.place),
                    Piece::Line(_) => None,
                })
            {
                let now = found_sections::FoundSections::cells_per_table(&reader.origins, &report);
                found.after_group(std, at, o.section.id.as_deref(), &before, &now, place);
            }
            if n == 0 {
                for piece in group {
                    o.section.other_tables.push(match piece {
                        Piece::Table(t) => rows_of(t),
                        Piece::Line(p) => vec![vec![p.printed()]],
                    });
                }
            } else if group.len() > 1 {
                // A table of the report's own next to a standard one (nothing but blank lines
                // between them) is read with it; kept, not lost, when none of it was used.
                let used: HashSet<&Place> = reader.origins.values().collect();
                for piece in group {
                    if let Piece::Table(t) = piece
                        && is_other_table(t, &used, &all_labels)
                    {
                        o.section.other_tables.push(rows_of(t));
                    }
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
            // Table 四's numbers alone on a line under its heading: by position, if nothing else.
            let table = (o.section.id.as_deref())
                .and_then(|id| std.section(id))
                .and_then(|s| s.table.as_deref());
            if reader.read(&stream, &mut report) > 0
                || table.is_some_and(|t| reader.read_by_position(t, &stream, &mut report) > 0)
            {
                consumed = table_span(std, &stream, &o.lines, &all_labels);
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
    reader.settle(&mut report);
    reader.finish();
    findings.extend(reader.findings);
    let mut sections: Vec<(usize, Section)> =
        open.into_iter().map(|o| o.section).enumerate().collect();
    found.insert(std, &mut sections, &mut findings);
    report.sections = sections
        .into_iter()
        .map(|(_, s)| s)
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

/// The text of a table's cells, row by row, as `Section::other_tables` keeps it.
fn rows_of(t: &Table) -> Vec<Vec<String>> {
    (t.rows.iter())
        .map(|r| {
            if r.cells.is_empty() {
                // A row whose every position continues a merge from above has no cell of its
                // own: one empty cell, as every writer prints it and every reader reads it back.
                vec![String::new()]
            } else {
                r.cells.iter().map(|c| c.text.clone()).collect()
            }
        })
        .collect()
}

/// True for a table of a group that gave the standard table its values, when the table itself
/// gave none: no cell of it was read, every cell has a known place (so that can be told), and
/// no cell carries a label of the standard (a header printed as a table of its own is part of
/// the standard table).
fn is_other_table(t: &Table, used: &HashSet<&Place>, labels: &HashSet<String>) -> bool {
    let cells = || t.rows.iter().flat_map(|r| &r.cells);
    cells().next().is_some()
        && cells().all(|c| c.place != Place::None && !used.contains(&c.place))
        && !cells().any(|c| labels.contains(&label::fold(&c.text)))
}

/// Tables nested in a table's cells, depth first.
fn nested_tables(t: &Table) -> Vec<&Table> {
    let mut out = Vec::new();
    for row in &t.rows {
        for cell in &row.cells {
            for n in &cell.nested {
                out.push(n);
                out.extend(nested_tables(n));
            }
        }
    }
    out
}

/// The lines of a one-column table: from the first line that is not prose to the last value.
fn table_span(
    std: &Standard,
    stream: &Stream,
    lines: &[&Paragraph],
    labels: &HashSet<String>,
) -> std::ops::Range<usize> {
    // A long line with commas is prose, unless it opens with a label of the standard tables
    // (table 三's corner note, printed on one line with 申请人情况).
    let is_prose = |t: &str| {
        t.chars().count() > 40
            && (t.contains('。') || t.contains('，'))
            && !t
                .split_whitespace()
                .next()
                .is_some_and(|first| labels.contains(&label::fold(first)))
    };
    let first = lines
        .iter()
        .position(|p| !p.text.trim().is_empty() && !is_prose(&p.text))
        .unwrap_or(0);
    let last = stream
        .iter()
        .rposition(|row| row.iter().any(|t| t.value && !t.text.trim().is_empty()))
        .map(|i| i + 1)
        .unwrap_or(first);
    // Row labels a PDF drew after the last value (a label wrapped around values it printed
    // earlier), with their fragments: short lines up to the last one that labels a row.
    let index = tables::LabelIndex::of(std);
    let trailing = lines[last.min(lines.len())..]
        .iter()
        .take_while(|p| p.text.trim().chars().count() <= 40 && !p.text.contains('。'))
        .enumerate()
        .filter(|(_, p)| index.find(&p.text).is_some())
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0);
    let last = last + trailing;
    first..last.max(first)
}

/// Paragraph text as the model keeps it: verbatim but for leading and trailing blanks
/// (indentation is layout, not content).
pub fn clean_paragraph(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}'))
        .to_string()
}
