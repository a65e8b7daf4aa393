//! Tables of the main part: rows, grid columns (gridBefore, gridSpan), vertical merges turned
//! into row spans on the origin cell, deleted rows, header rows and nested tables.

use super::{Walker, int, on};
use crate::document::{Block, Cell, Place, Row, Table};
use crate::read::docx::xml::{Ev, Ns};
use crate::read::{ReadError, limits};

/// Widest table grid accepted (Word itself stops at 63 columns).
const MAX_GRID_COLUMNS: usize = 4096;

/// Properties of the cell being read (`w:tcPr`).
#[derive(Default)]
pub(super) struct CellProps {
    pub(super) span: usize,
    pub(super) v_merge: Merge,
    pub(super) h_merge: Merge,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

impl<'i> Walker<'i, '_> {
    /// Reads a `w:tcPr` just opened: grid span and merges.
    pub(super) fn cell_props(&mut self, props: &mut CellProps) -> Result<(), ReadError> {
        let level = self.xml.depth();
        loop {
            let ns = match self.next()? {
                Ev::End if self.xml.depth() < level => return Ok(()),
                Ev::Eof => return Ok(()),
                Ev::Start(ns) | Ev::Empty(ns) => ns,
                _ => continue,
            };
            let open = self.xml.was_start();
            if ns == Ns::W {
                match self.xml.local() {
                    "gridSpan" => {
                        props.span = int(self.xml.attr("val"))
                            .and_then(|v| usize::try_from(v).ok())
                            .unwrap_or(1)
                            .clamp(1, 4096);
                    }
                    "vMerge" => props.v_merge = self.merge(),
                    "hMerge" => props.h_merge = self.merge(),
                    "tcPrChange" if open => self.xml.skip()?,
                    _ => {}
                }
            }
        }
    }

    fn merge(&self) -> Merge {
        match self.xml.attr("val").as_deref() {
            Some("restart") => Merge::Restart,
            _ => Merge::Continue,
        }
    }

    /// Reads a table just opened. `outer` is the place of the cell holding it, if nested.
    ///
    /// A top-level table of one cell holding text and tables is a frame that lays the document
    /// out (a page copied from the web into Word), not a table: its content is returned as blocks, in
    /// order, instead — its cell's text and nested tables would have lost their order.
    pub(super) fn table(
        &mut self,
        top: bool,
        outer: Option<Place>,
    ) -> Result<Result<Table, Vec<Block>>, ReadError> {
        let number = if top {
            self.tables += 1;
            self.tables
        } else {
            0
        };
        let mut first_cell: Option<Vec<Block>> = None;
        let mut rows: Vec<Row> = Vec::new();
        // Origin of an open vertical merge, by grid column: (row, cell index).
        let mut merges: Vec<Option<(usize, usize)>> = Vec::new();
        let level = self.xml.depth();
        loop {
            let ns = match self.next()? {
                Ev::End if self.xml.depth() < level => break,
                Ev::Eof => break,
                Ev::Start(ns) | Ev::Empty(ns) => ns,
                _ => continue,
            };
            let open = self.xml.was_start();
            let name = self.xml.local();
            if self.common(ns, name, open)?.is_some() || ns != Ns::W {
                continue;
            }
            match name {
                "tr" => {
                    let r = rows.len();
                    let (row, frame) = self.row(open, r, number, &outer, &mut rows, &mut merges)?;
                    if r == 0 {
                        first_cell = frame;
                    }
                    if let Some(row) = row {
                        rows.push(row);
                    }
                }
                "tbl" | "p" if open => self.xml.skip()?,
                _ => {}
            }
        }
        let frame = match rows.as_slice() {
            [only] => matches!(
                only.cells.as_slice(),
                [cell] if !cell.nested.is_empty() && !cell.text.trim().is_empty()
            ),
            _ => false,
        };
        if frame && let Some(mut blocks) = first_cell {
            self.tables = number.saturating_sub(1);
            self.place_frame(&mut blocks);
            return Ok(Err(blocks));
        }
        Ok(Ok(Table {
            rows,
            name: None,
            place: outer.unwrap_or(if top {
                Place::TableCell {
                    table: number,
                    row: 1,
                    col: 1,
                }
            } else {
                Place::None
            }),
        }))
    }

    /// Numbers the content of a frame as top-level content: its paragraphs and tables take the
    /// next numbers, each table cell its own row and column (read inside the frame, they all
    /// had the frame cell's place).
    fn place_frame(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    self.paragraphs += 1;
                    p.place = Place::Paragraph {
                        index: self.paragraphs,
                    };
                }
                Block::Table(t) => {
                    self.tables += 1;
                    let table = self.tables;
                    t.place = Place::TableCell {
                        table,
                        row: 1,
                        col: 1,
                    };
                    for (r, row) in t.rows.iter_mut().enumerate() {
                        for c in &mut row.cells {
                            c.place = Place::TableCell {
                                table,
                                row: r + 1,
                                col: c.col + 1,
                            };
                            for nested in &mut c.nested {
                                place_nested(nested, &c.place);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Reads a row just opened; `None` when the row was deleted as a tracked change. The first
    /// row of a top-level table also gives the blocks of its first cell when they hold a table
    /// (the content of a frame, see [`Self::table`]).
    fn row(
        &mut self,
        open: bool,
        r: usize,
        table: usize,
        outer: &Option<Place>,
        rows: &mut [Row],
        merges: &mut Vec<Option<(usize, usize)>>,
    ) -> Result<(Option<Row>, Option<Vec<Block>>), ReadError> {
        let mut row = Row::default();
        let mut col = 0usize;
        let mut deleted = false;
        let mut first_cell = None;
        if !open {
            return Ok((Some(row), None));
        }
        let level = self.xml.depth();
        loop {
            let ns = match self.next()? {
                Ev::End if self.xml.depth() < level => break,
                Ev::Eof => break,
                Ev::Start(ns) | Ev::Empty(ns) => ns,
                _ => continue,
            };
            let open = self.xml.was_start();
            let name = self.xml.local();
            if ns == Ns::W && name == "trPr" && open {
                self.row_props(&mut row, &mut col, &mut deleted)?;
                continue;
            }
            if self.common(ns, name, open)?.is_some() || ns != Ns::W {
                continue;
            }
            match name {
                "tc" => {
                    self.cells += 1;
                    if self.cells > limits::MAX_CELLS {
                        return Err(ReadError::TooLarge {
                            detail: format!("表格单元格超过 {} 个", limits::MAX_CELLS),
                        });
                    }
                    let place = outer.clone().unwrap_or(Place::TableCell {
                        table,
                        row: r + 1,
                        col: col + 1,
                    });
                    let mut props = CellProps {
                        span: 1,
                        ..CellProps::default()
                    };
                    let mut blocks = Vec::new();
                    if open {
                        self.blocks(false, Some((&mut props, &place)), &mut blocks)?;
                    }
                    if table != 0
                        && r == 0
                        && row.cells.is_empty()
                        && blocks.iter().any(|b| matches!(b, Block::Table(_)))
                    {
                        first_cell = Some(blocks.clone());
                    }
                    let (text, nested) = cell_content(blocks);
                    let span = props.span.max(1);
                    if props.h_merge == Merge::Continue
                        && let Some(prev) = row.cells.last_mut()
                    {
                        prev.col_span += span;
                        append_line(&mut prev.text, &text);
                        prev.nested.extend(nested);
                        col += span;
                        continue;
                    }
                    if col + span > MAX_GRID_COLUMNS {
                        return Err(ReadError::TooLarge {
                            detail: format!("表格超过 {MAX_GRID_COLUMNS} 列"),
                        });
                    }
                    let origin = merges.get(col).copied().flatten();
                    if props.v_merge == Merge::Continue
                        && !deleted
                        && let Some((orow, oi)) = origin
                        && let Some(o) = rows.get_mut(orow).and_then(|x| x.cells.get_mut(oi))
                    {
                        o.row_span = r.saturating_sub(orow) + 1;
                        append_line(&mut o.text, &text);
                        o.nested.extend(nested);
                        col += span;
                        continue;
                    }
                    if merges.len() < col + span {
                        merges.resize(col + span, None);
                    }
                    for slot in merges.iter_mut().skip(col).take(span) {
                        *slot = None;
                    }
                    if props.v_merge == Merge::Restart
                        && !deleted
                        && let Some(slot) = merges.get_mut(col)
                    {
                        *slot = Some((r, row.cells.len()));
                    }
                    row.cells.push(Cell {
                        text,
                        col,
                        row_span: 1,
                        col_span: span,
                        nested,
                        place,
                    });
                    col += span;
                }
                "tbl" | "p" if open => self.xml.skip()?,
                _ => {}
            }
        }
        Ok(((!deleted).then_some(row), first_cell))
    }

    fn row_props(
        &mut self,
        row: &mut Row,
        col: &mut usize,
        deleted: &mut bool,
    ) -> Result<(), ReadError> {
        let level = self.xml.depth();
        loop {
            let ns = match self.next()? {
                Ev::End if self.xml.depth() < level => return Ok(()),
                Ev::Eof => return Ok(()),
                Ev::Start(ns) | Ev::Empty(ns) => ns,
                _ => continue,
            };
            let open = self.xml.was_start();
            if ns != Ns::W {
                continue;
            }
            match self.xml.local() {
                "tblHeader" => row.header = on(self.xml.attr("val")),
                "gridBefore" => {
                    *col = int(self.xml.attr("val"))
                        .and_then(|v| usize::try_from(v).ok())
                        .unwrap_or(0)
                        .min(4096);
                }
                "del" => *deleted = true,
                "trPrChange" if open => self.xml.skip()?,
                _ => {}
            }
        }
    }
}

/// Places a nested table's cells at the cell holding it, as nested tables are placed.
fn place_nested(t: &mut Table, outer: &Place) {
    t.place = outer.clone();
    for row in &mut t.rows {
        for c in &mut row.cells {
            c.place = outer.clone();
            for nested in &mut c.nested {
                place_nested(nested, outer);
            }
        }
    }
}

/// A cell's text (paragraphs joined by newlines, trimmed) and its nested tables.
fn cell_content(blocks: Vec<Block>) -> (String, Vec<Table>) {
    let mut text = String::new();
    let mut nested = Vec::new();
    for block in blocks {
        match block {
            // Nothing to join to yet and no label: the paragraph's text as it is (the usual
            // cell of one paragraph is not copied).
            Block::Paragraph(p) if text.is_empty() && p.list_label.is_none() => text = p.text,
            Block::Paragraph(p) => {
                if !text.is_empty() {
                    text.push('\n');
                }
                if let Some(label) = &p.list_label {
                    text.push_str(label);
                }
                text.push_str(&p.text);
            }
            Block::Table(t) => nested.push(t),
        }
    }
    let trimmed = trim_cell(&text);
    if trimmed.len() != text.len() {
        text = trimmed.to_string();
    }
    (text, nested)
}

fn append_line(text: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(more);
}

/// Trims whitespace around a cell's text, the ideographic space U+3000 included.
fn trim_cell(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}
