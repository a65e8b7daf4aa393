//! Merged regions of an OpenDocument spreadsheet, which calamine does not report: a cell of
//! `content.xml` that spans (`table:number-columns-spanned`, `table:number-rows-spanned`) is the
//! origin of a merged region. Positions count rows and cells as calamine does, repeats included
//! (`table:number-rows-repeated`, `table:number-columns-repeated`, covered cells too), with the
//! same caps, so that the regions line up with calamine's cells.

use super::grid::Merge;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

/// calamine's grid caps (rows, columns) for .ods.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;
/// Most merged regions kept from one workbook; past it the rest read as unmerged.
const MAX_MERGES: usize = 1_000_000;

/// The merged regions of every sheet, by sheet name. A workbook whose `content.xml` cannot be
/// read gives none (calamine reports the damage).
pub(super) fn merges(bytes: &[u8]) -> HashMap<String, Vec<Merge>> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(part) = zip.by_name("content.xml") else {
        return out;
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    match walk(&mut xml, &mut out) {
        Ok(()) => out,
        Err(_) => HashMap::new(),
    }
}

/// The value of attribute `key` as a count (1 when absent or unreadable).
fn count(e: &BytesStart, key: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn name(e: &BytesStart) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "table:name")
        .and_then(|a| {
            quick_xml::escape::unescape(&a.value)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}

fn u32_of(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the walk is in a table.
struct Table {
    name: String,
    /// Row of the next row element.
    row: u64,
    /// Inside a row: its repeats and the column of the next cell.
    in_row: Option<(u64, u64)>,
}

fn walk<R: Read>(
    xml: &mut quick_xml::Reader<BufReader<R>>,
    out: &mut HashMap<String, Vec<Merge>>,
) -> Result<(), quick_xml::Error> {
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let mut table: Option<Table> = None;
    let mut kept = 0usize;
    loop {
        buf.clear();
        let (e, empty) = match xml.read_event_into(&mut buf)? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match (e.name().as_ref(), table.as_mut()) {
                    ("table:table", _) => table = None,
                    ("table:table-row", Some(t)) => {
                        if let Some((repeats, _)) = t.in_row.take() {
                            t.row = (t.row + repeats).min(MAX_ROWS);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Event::Eof => return Ok(()),
            _ => continue,
        };
        match (e.name().as_ref(), table.as_mut()) {
            ("table:table", None) if !empty => {
                table = Some(Table {
                    name: name(&e),
                    row: 0,
                    in_row: None,
                });
            }
            ("table:table-row", Some(t)) if t.in_row.is_none() => {
                let repeats = count(&e, "table:number-rows-repeated");
                if empty {
                    t.row = (t.row + repeats).min(MAX_ROWS);
                } else {
                    t.in_row = Some((repeats, 0));
                }
            }
            (cell @ ("table:table-cell" | "table:covered-table-cell"), Some(t)) => {
                let Some((_, col)) = t.in_row.as_mut() else {
                    continue;
                };
                let repeats = count(&e, "table:number-columns-repeated");
                let cols = count(&e, "table:number-columns-spanned");
                let rows = count(&e, "table:number-rows-spanned");
                if cell == "table:table-cell" && (cols > 1 || rows > 1) && kept < MAX_MERGES {
                    kept += 1;
                    out.entry(t.name.clone()).or_default().push(Merge {
                        r0: u32_of(t.row),
                        c0: u32_of(*col),
                        r1: u32_of((t.row + rows - 1).min(MAX_ROWS - 1)),
                        c1: u32_of((*col + cols - 1).min(MAX_COLUMNS - 1)),
                    });
                }
                *col = (*col + repeats).min(MAX_COLUMNS);
                if !empty {
                    // The cell's content (paragraphs, a table inside a cell) is not walked.
                    let end = e.name().as_ref().to_string();
                    xml.read_to_end_into(quick_xml::name::QName(&end), &mut skip)?;
                    skip.clear();
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn ods(content: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", opts).expect("entry");
        zip.write_all(content.as_bytes()).expect("write");
        zip.finish().expect("finish").into_inner()
    }

    #[test]
    fn finds_spans_with_repeated_rows_and_cells_counted() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
<table:table table:name="表&amp;一">
<table:table-header-rows><table:table-row><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2"><text:p>标题</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row></table:table-header-rows>
<table:table-row><table:covered-table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row table:number-rows-repeated="4"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-spanned="2"><text:p>x</text:p><table:table table:name="inner"><table:table-row><table:table-cell table:number-columns-spanned="9"/></table:table-row></table:table></table:table-cell><table:covered-table-cell/></table:table-row>
</table:table>
<table:table table:name="S2"><table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let m = merges(&ods(content));
        assert_eq!(
            m.get("表&一"),
            Some(&vec![
                Merge {
                    r0: 0,
                    c0: 0,
                    r1: 1,
                    c1: 2
                },
                Merge {
                    r0: 6,
                    c0: 2,
                    r1: 6,
                    c1: 3
                },
            ])
        );
        assert!(!m.contains_key("inner") && !m.contains_key("S2"));
    }

    #[test]
    fn gives_nothing_for_a_package_without_content() {
        assert!(merges(b"not a zip").is_empty());
        assert!(merges(&ods("<unclosed")).is_empty());
    }
}
