//! Sheets that hold a whole report: rows made of one cell across the full width are lines of
//! text (titles, headings, prose), the other rows are tables. This is a layout rule of
//! spreadsheets, independent of what the text says.

use crate::document::{Block, Document, Paragraph, Row, Table};

/// Splits each sheet table of `doc` into paragraphs and tables: a row holding a single cell
/// that covers every column of the sheet's grid becomes a [`Paragraph`] (placed at that cell);
/// runs of other rows become tables named after the sheet, with their cells, spans and places
/// unchanged. Rows with nothing in them (no cell and no span from above) separate tables and are
/// dropped. One-column tables are left whole. Notes are kept.
///
/// [`super::read`] keeps each sheet as one table; apply this when the consumer wants a sheet
/// that reads like a document (a report laid out in one sheet) as paragraphs and tables.
pub fn split_prose(doc: Document) -> Document {
    let mut blocks = Vec::with_capacity(doc.blocks.len());
    for block in doc.blocks {
        match block {
            Block::Table(t) if t.width() > 1 => blocks.extend(split_table(t)),
            other => blocks.push(other),
        }
    }
    Document {
        blocks,
        notes: doc.notes,
    }
}

fn split_table(table: Table) -> Vec<Block> {
    let width = prose_width(&table);
    let grid = table.grid();
    let mut out = Vec::new();
    let mut run: Vec<Row> = Vec::new();
    let flush = |run: &mut Vec<Row>, out: &mut Vec<Block>| {
        if run.is_empty() {
            return;
        }
        let rows = std::mem::take(run);
        let place = rows
            .iter()
            .flat_map(|r| &r.cells)
            .next()
            .map(|c| c.place.clone())
            .unwrap_or_else(|| table.place.clone());
        out.push(Block::Table(Table {
            rows,
            name: table.name.clone(),
            place,
        }));
    };
    for (r, row) in table.rows.iter().enumerate() {
        let covered = grid.get(r).is_some_and(|g| g.iter().any(Option::is_some));
        if !covered {
            flush(&mut run, &mut out);
            continue;
        }
        let full_width = match row.cells.as_slice() {
            [only] => {
                only.col == 0
                    && only.col_span >= width
                    && only.row_span == 1
                    && !only.text.trim().is_empty()
            }
            _ => false,
        };
        if full_width {
            flush(&mut run, &mut out);
            let cell = &row.cells[0];
            out.push(Block::Paragraph(Paragraph::new(
                cell.text.clone(),
                cell.place.clone(),
            )));
        } else {
            run.push(row.clone());
        }
    }
    flush(&mut run, &mut out);
    out
}

/// How wide a row's one cell must be to be a line of text: the sheet's width — or, when cells
/// were merged for text and only a few cells lie right of the widest such merge, that merge's
/// width, so that a note typed in a column right of the layout (a 备注 beside a table) does not
/// turn every line of text into a table cell.
fn prose_width(table: &Table) -> usize {
    let widest_merge = (table.rows.iter())
        .filter_map(|r| match r.cells.as_slice() {
            [only] if only.col == 0 && only.row_span == 1 && !only.text.trim().is_empty() => {
                Some(only.col_span)
            }
            _ => None,
        })
        .max()
        .unwrap_or(0);
    if widest_merge < 2 {
        return table.width();
    }
    let cells = || table.rows.iter().flat_map(|r| &r.cells);
    let beyond = cells().filter(|c| c.col >= widest_merge).count();
    let inside = cells().count() - beyond;
    if beyond * 10 <= inside {
        widest_merge
    } else {
        table.width()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Cell, Place};

    fn cell(text: &str, col: usize, col_span: usize) -> Cell {
        let mut c = Cell::new(text, col, Place::None);
        c.col_span = col_span;
        c
    }

    fn row(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            header: false,
        }
    }

    #[test]
    fn full_width_rows_become_paragraphs_between_tables() {
        let mut tall = cell("左", 0, 1);
        tall.row_span = 2;
        let t = Table {
            rows: vec![
                row(vec![cell("标题", 0, 3)]),
                row(vec![tall, cell("a", 1, 1), cell("b", 2, 1)]),
                row(vec![cell("c", 1, 2)]),
                row(vec![]),
                row(vec![cell("说明文字", 0, 3)]),
                row(vec![cell("x", 0, 1), cell("y", 2, 1)]),
            ],
            name: Some("S".into()),
            place: Place::None,
        };
        let doc = split_prose(Document {
            blocks: vec![Block::Table(t)],
            notes: Vec::new(),
        });
        let kinds: Vec<String> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => format!("p:{}", p.text),
                Block::Table(t) => format!("t:{}", t.rows.len()),
            })
            .collect();
        assert_eq!(kinds, ["p:标题", "t:2", "p:说明文字", "t:1"]);
    }

    #[test]
    fn lines_merged_across_the_layout_stay_text_beside_a_wider_column() {
        // Text merged over A:C; a table of four rows, and a note typed in column D beside it.
        let mut rows = vec![row(vec![cell("标题", 0, 3)])];
        for n in 0..4 {
            rows.push(row(vec![cell("a", 0, 1), cell("b", 1, 1), cell("c", 2, 1)]));
            if n == 0 {
                rows[1].cells.push(cell("备注", 3, 1));
            }
        }
        rows.push(row(vec![cell("说明文字", 0, 3)]));
        let t = Table {
            rows,
            name: Some("S".into()),
            place: Place::None,
        };
        let doc = split_prose(Document {
            blocks: vec![Block::Table(t)],
            notes: Vec::new(),
        });
        let kinds: Vec<String> = (doc.blocks.iter())
            .map(|b| match b {
                Block::Paragraph(p) => format!("p:{}", p.text),
                Block::Table(t) => format!("t:{}", t.rows.len()),
            })
            .collect();
        assert_eq!(kinds, ["p:标题", "t:4", "p:说明文字"]);
    }

    #[test]
    fn leaves_one_column_tables_whole() {
        let t = Table {
            rows: vec![row(vec![cell("a", 0, 1)]), row(vec![cell("b", 0, 1)])],
            ..Table::default()
        };
        let doc = split_prose(Document {
            blocks: vec![Block::Table(t.clone())],
            notes: Vec::new(),
        });
        assert_eq!(doc.blocks, vec![Block::Table(t)]);
    }
}
