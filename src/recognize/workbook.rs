//! Tables that are not tables of the report: a one-column table is prose (a prose sheet, or a
//! Word report wrapped in a one-column table); a two-column table keyed by the standard's fact
//! labels is the report's facts (gongkai's facts sheet); a table headed by the findings header
//! is gongkai's own findings sheet and says nothing about the report. gongkai's prose sheet
//! holds paragraphs in column A and the report's own tables from column B.

use super::label::fold;
use super::value::is_value_like;
use crate::document::{Block, Cell, Document, Paragraph, Place, Row, Table};
use crate::finding::Finding;
use crate::memo;
use crate::model::Meta;
use crate::standard::Standard;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A block as the recogniser walks it.
pub enum Prepared<'d> {
    /// A paragraph (as read, or made from a one-column table's cell).
    Paragraph(Cow<'d, Paragraph>),
    /// A table to read as a table (as read, or a table of the prose sheet).
    Table(Cow<'d, Table>),
    /// The end of gongkai's prose sheet: what follows is not in the same group of tables.
    Break,
}

/// Facts read from a facts table: (id, value) by the standard's fact and contact ids, with an
/// empty value for a fact left blank.
pub type Facts = Vec<(String, String)>;

/// Sorts the document's blocks: prose tables become paragraphs, facts tables become facts,
/// findings tables are dropped.
pub fn prepare<'d>(doc: &'d Document, std: &Standard) -> (Vec<Prepared<'d>>, Option<Facts>) {
    let mut out = Vec::with_capacity(doc.blocks.len());
    let mut facts: Option<Facts> = None;
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => out.push(Prepared::Paragraph(Cow::Borrowed(p))),
            Block::Table(t) => {
                if let Some(blocks) = prose_sheet(t, std) {
                    out.extend(blocks);
                    out.push(Prepared::Break);
                    continue;
                }
                if is_findings(t, std) {
                    continue;
                }
                if let Some(f) = read_facts(t, std) {
                    facts.get_or_insert_with(Vec::new).extend(f);
                    continue;
                }
                if let Some(blocks) = super::unmerged::split(t, std) {
                    out.extend(blocks);
                    continue;
                }
                match one_column(t) {
                    Some(paras) => out.extend(
                        paras
                            .into_iter()
                            .map(|p| Prepared::Paragraph(Cow::Owned(p))),
                    ),
                    None => out.push(Prepared::Table(Cow::Borrowed(t))),
                }
            }
        }
    }
    (out, facts)
}

/// The column (1-based, as the sheet numbers it) of a cell of a sheet table.
fn sheet_col(c: &Cell) -> Option<usize> {
    match &c.place {
        Place::SheetCell { col, .. } => Some(*col),
        _ => None,
    }
}

/// gongkai's prose sheet (a sheet table named as the standard's workbook names it, or a piece
/// of one): each row is empty, one cell in column A — a paragraph, kept whole — or cells from
/// column B on, a row of a table of the report's own; adjacent rows of cells make one table.
/// `None` when the table is laid out otherwise (read as any other table then).
fn prose_sheet<'d>(t: &'d Table, std: &Standard) -> Option<Vec<Prepared<'d>>> {
    if t.name.as_deref() != Some(std.workbook.prose_sheet.as_str()) {
        return None;
    }
    let mut out = Vec::new();
    let mut run: Vec<&Row> = Vec::new();
    for row in &t.rows {
        let cols = row
            .cells
            .iter()
            .map(sheet_col)
            .collect::<Option<Vec<usize>>>()?;
        let paragraph = match (row.cells.as_slice(), cols.as_slice()) {
            ([], _) => None,
            ([cell], [1]) => Some(cell),
            (_, cols) if cols.iter().all(|c| *c >= 2) => {
                run.push(row);
                continue;
            }
            _ => return None,
        };
        if !run.is_empty() {
            out.push(Prepared::Table(Cow::Owned(own_table(
                &run,
                t,
                &std.workbook.empty_cell,
            ))));
            run.clear();
        }
        if let Some(cell) = paragraph.filter(|c| !c.text.trim().is_empty()) {
            let p = Paragraph::new(cell.text.clone(), cell.place.clone());
            out.push(Prepared::Paragraph(Cow::Owned(p)));
        }
    }
    if !run.is_empty() {
        out.push(Prepared::Table(Cow::Owned(own_table(
            &run,
            t,
            &std.workbook.empty_cell,
        ))));
    }
    Some(out)
}

/// A table of the report's own from its rows in the prose sheet, shifted to column 0: every
/// row as wide as the table, a position no cell holds read as an empty cell, and
/// the standard's `[workbook] empty_cell` as an empty cell; a cell spanning columns stays one
/// cell.
fn own_table(rows: &[&Row], sheet: &Table, empty_cell: &str) -> Table {
    let at = |c: &Cell| sheet_col(c).unwrap_or(2).saturating_sub(2);
    let width = rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| at(c) + c.col_span.max(1))
        .max()
        .unwrap_or(0);
    let rows = rows
        .iter()
        .map(|row| {
            let mut cells: Vec<&Cell> = row.cells.iter().collect();
            cells.sort_by_key(|c| at(c));
            let (sheet_name, sheet_row) = match cells.first().map(|c| &c.place) {
                Some(Place::SheetCell { sheet, row, .. }) => (sheet.clone(), *row),
                _ => (String::new(), 0),
            };
            let mut out = Vec::with_capacity(width);
            let mut next = cells.into_iter().peekable();
            let mut pos = 0;
            while pos < width {
                match next.next_if(|c| at(c) <= pos) {
                    Some(c) => {
                        let mut cell = c.clone();
                        if cell.text == empty_cell {
                            cell.text.clear();
                        }
                        cell.col = pos;
                        cell.row_span = 1;
                        pos += cell.col_span.max(1);
                        out.push(cell);
                    }
                    None => {
                        let place = Place::SheetCell {
                            sheet: sheet_name.clone(),
                            row: sheet_row,
                            col: pos + 2,
                        };
                        out.push(Cell::new("", pos, place));
                        pos += 1;
                    }
                }
            }
            Row {
                cells: out,
                header: false,
            }
        })
        .collect::<Vec<_>>();
    let place = rows
        .first()
        .and_then(|r| r.cells.first())
        .map_or_else(|| sheet.place.clone(), |c| c.place.clone());
    Table {
        rows,
        name: sheet.name.clone(),
        place,
    }
}

fn is_findings(t: &Table, std: &Standard) -> bool {
    let header = &std.workbook.findings_header;
    if header.is_empty() {
        return false;
    }
    let Some(first) = t
        .rows
        .iter()
        .find(|r| r.cells.iter().any(|c| !c.text.trim().is_empty()))
    else {
        return false;
    };
    let mut cells: Vec<_> = first.cells.iter().collect();
    cells.sort_by_key(|c| c.col);
    let texts: Vec<&str> = cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    texts.len() == header.len() && texts.iter().zip(header).all(|(a, b)| *a == b.as_str())
}

/// The paragraphs of a table whose non-empty cells all sit in one grid column and none of
/// whose cells reads as a value: prose. (A one-column table of values and blanks is a table
/// printed one cell per line.)
fn one_column(t: &Table) -> Option<Vec<Paragraph>> {
    let mut col = None;
    let mut out = Vec::new();
    for row in &t.rows {
        for c in &row.cells {
            if !c.nested.is_empty() || is_value_like(&c.text) {
                return None;
            }
            if *col.get_or_insert(c.col) != c.col {
                return None;
            }
            for line in c.text.split('\n').filter(|l| !l.trim().is_empty()) {
                out.push(Paragraph::new(line, c.place.clone()));
            }
        }
    }
    col.map(|_| out)
}

/// The id a facts-table key names: a fact of the workbook or a contact field of the standard.
fn fact_id<'s>(keys: &'s HashMap<String, String>, key: &str) -> Option<&'s str> {
    // Fact labels are short: a long cell is never one (and is not folded).
    if key.len() > 200 {
        return None;
    }
    keys.get(&fold(key)).map(String::as_str)
}

/// Folded fact labels → fact id: the workbook's facts first, then the standard's contact fields
/// with their aliases. Built once per embedded standard.
fn fact_keys(std: &Standard) -> Cow<'static, HashMap<String, String>> {
    static CELL: OnceLock<Vec<HashMap<String, String>>> = OnceLock::new();
    memo::per_standard(&CELL, std, |std| {
        let mut keys = HashMap::new();
        let labels =
            std.workbook
                .facts
                .iter()
                .map(|f| (&f.label, &f.id))
                .chain(std.meta.iter().flat_map(|m| {
                    std::iter::once(&m.label)
                        .chain(&m.aliases)
                        .map(move |l| (l, &m.id))
                }));
        for (label, id) in labels {
            let k = fold(label);
            if !k.is_empty() {
                keys.entry(k).or_insert_with(|| id.clone());
            }
        }
        keys
    })
}

/// Reads a key/value table whose keys are fact labels (at least two of them).
fn read_facts(t: &Table, std: &Standard) -> Option<Facts> {
    let keys = fact_keys(std);
    let mut facts = Vec::new();
    for row in &t.rows {
        let mut cells: Vec<_> = row.cells.iter().collect();
        cells.sort_by_key(|c| c.col);
        let Some(key) = cells.first() else { continue };
        if let Some(id) = fact_id(&keys, &key.text) {
            let next = key.col + key.col_span.max(1);
            let value = cells
                .iter()
                .find(|c| c.col == next)
                .map_or("", |c| c.text.trim());
            facts.push((id.to_string(), value.to_string()));
        }
    }
    (facts.len() >= 2).then_some(facts)
}

/// A date as `YYYY-MM-DD` when the text holds year, month and day; the text otherwise.
fn date(text: &str) -> String {
    let nums: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    match nums.as_slice() {
        [y, m, d, ..] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => text.to_string(),
    }
}

/// Puts the facts into `meta`; the facts table is the authority for what it lists. Findings
/// about facts it supplies (no title, no year) are dropped.
pub fn apply(std: &Standard, facts: &Facts, meta: &mut Meta, findings: &mut Vec<Finding>) {
    let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let mut contacts_seen = false;
    for (id, value) in facts {
        match id.as_str() {
            "organ" => meta.organ = some(value),
            "title" => meta.title = some(value),
            "year" => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                meta.year = digits.parse().ok();
            }
            "period_start" => meta.period_start = some(value).map(|v| date(&v)),
            "period_end" => meta.period_end = some(value).map(|v| date(&v)),
            "format" => {}
            contact => {
                if !contacts_seen {
                    meta.contact.clear();
                    contacts_seen = true;
                }
                if std.meta.iter().any(|m| m.id == contact) && !value.is_empty() {
                    meta.contact.insert(contact.to_string(), value.clone());
                }
            }
        }
    }
    findings.retain(|f| match f.rule.as_str() {
        "import.title" => meta.title.is_none(),
        "import.year" => meta.year.is_none(),
        "import.organ" => !facts.iter().any(|(id, _)| id == "organ"),
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Cell, Place, Row};
    use crate::standard;

    fn table(rows: &[&[(usize, &str)]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|cells| Row {
                    cells: cells
                        .iter()
                        .map(|(c, t)| Cell::new(*t, *c, Place::None))
                        .collect(),
                    header: false,
                })
                .collect(),
            ..Table::default()
        }
    }

    /// A sheet table of `(row, col, text, col_span)` cells at 1-based sheet positions.
    fn sheet(name: &str, cells: &[(usize, usize, &str, usize)]) -> Table {
        let height = cells.iter().map(|c| c.0).max().unwrap_or(0);
        let mut rows = vec![Row::default(); height];
        for (r, c, text, span) in cells {
            let place = Place::SheetCell {
                sheet: name.into(),
                row: *r,
                col: *c,
            };
            let mut cell = Cell::new(*text, c - 1, place);
            cell.col_span = *span;
            rows[r - 1].cells.push(cell);
        }
        Table {
            rows,
            name: Some(name.into()),
            ..Table::default()
        }
    }

    fn own(rows: &Table) -> Vec<Vec<String>> {
        super::super::rows_of(rows)
    }

    #[test]
    fn prose_sheet_splits_paragraphs_from_tables_from_column_b() {
        let std = standard::current();
        let name = std.workbook.prose_sheet.as_str();
        let empty = std.workbook.empty_cell.as_str();
        assert_eq!(empty, "\u{200b}", "invisible in Excel and WPS");
        let t = sheet(
            name,
            &[
                (1, 1, "无", 1),
                (2, 2, "甲", 1),
                (2, 4, empty, 1),
                (3, 2, "乙", 3),
                (4, 3, empty, 2),
                (6, 2, "丙", 1),
                (7, 1, "第一行\n第二行", 1),
            ],
        );
        let blocks = prose_sheet(&t, std).expect("gongkai's layout");
        let shown: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Prepared::Paragraph(p) => format!("p:{}", p.text),
                Prepared::Table(t) => format!("t:{:?}", own(t)),
                Prepared::Break => "break".into(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "p:无",
                r#"t:[["甲", "", ""], ["乙"], ["", ""]]"#,
                r#"t:[["丙"]]"#,
                "p:第一行\n第二行",
            ]
        );
        // Another sheet name, or a row mixing column A with other columns: not this layout.
        assert!(prose_sheet(&sheet("Sheet1", &[(1, 1, "无", 1)]), std).is_none());
        assert!(prose_sheet(&sheet(name, &[(1, 1, "规章", 1), (1, 2, "3", 1)]), std).is_none());
    }

    #[test]
    fn one_column_table_reads_as_paragraphs() {
        let t = table(&[&[(0, "一、总体情况")], &[], &[(0, "第一段。\n第二段。")]]);
        let values = table(&[&[(0, "规章")], &[(0, "")], &[(0, "3")]]);
        assert!(one_column(&values).is_none());
        let paras = one_column(&t).expect("prose");
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["一、总体情况", "第一段。", "第二段。"]);
        let two = table(&[&[(0, "a"), (1, "b")]]);
        assert!(one_column(&two).is_none());
    }

    #[test]
    fn facts_table_fills_meta_and_overrides_guesses() {
        let std = standard::current();
        let label = |id: &str| {
            std.workbook
                .facts
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.label.clone())
                .expect("fact")
        };
        let (organ, year, start) = (label("organ"), label("year"), label("period_start"));
        let phone = std
            .meta
            .iter()
            .find(|m| m.id == "phone")
            .expect("phone")
            .label
            .clone();
        let t = table(&[
            &[(0, &organ), (1, "某某局")],
            &[(0, &year), (1, "2024")],
            &[(0, &start), (1, "2024年1月1日")],
            &[(0, &phone), (1, "010-1234")],
        ]);
        let facts = read_facts(&t, std).expect("facts");
        let mut meta = Meta {
            organ: Some("guess".into()),
            ..Meta::default()
        };
        let mut findings = vec![Finding::new(
            "import.year",
            crate::finding::Severity::Warning,
            "x",
        )];
        apply(std, &facts, &mut meta, &mut findings);
        assert_eq!(meta.organ.as_deref(), Some("某某局"));
        assert_eq!(meta.year, Some(2024));
        assert_eq!(meta.period_start.as_deref(), Some("2024-01-01"));
        assert_eq!(
            meta.contact.get("phone").map(String::as_str),
            Some("010-1234")
        );
        assert!(findings.is_empty());
    }

    #[test]
    fn findings_table_is_recognised_by_its_header() {
        let std = standard::current();
        let header: Vec<(usize, &str)> = std
            .workbook
            .findings_header
            .iter()
            .enumerate()
            .map(|(i, h)| (i, h.as_str()))
            .collect();
        assert!(is_findings(&table(&[&header, &[(0, "x")]]), std));
        assert!(!is_findings(&table(&[&header[..3]]), std));
    }
}
