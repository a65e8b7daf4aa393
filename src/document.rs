//! The neutral document between readers and the recogniser: paragraphs and table grids.
//!
//! Readers know file formats and produce a [`Document`]; the recogniser knows the standard and
//! reads only this. Nothing here knows about government reports.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A whole input file as a sequence of blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Paragraphs and tables, in reading order.
    pub blocks: Vec<Block>,
    /// Notes from the reader about what it met and how it coped (lossy bytes, formulas without
    /// a cached value…). They reach the user as warnings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A paragraph of text.
    Paragraph(Paragraph),
    /// A table grid.
    Table(Table),
}

/// A paragraph: its text as printed, plus what the source knows of its structure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The text, including a list label the source printed as text. When the number was
    /// produced by automatic numbering, the reader puts the label text in [`Paragraph::list_label`]
    /// and not in `text`.
    pub text: String,
    /// Outline level when the source says the paragraph is a heading (1 = top level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<u8>,
    /// The label of automatic numbering (e.g. "二、"), rendered as the source would print it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_label: Option<String>,
    /// Where the paragraph came from.
    pub place: Place,
}

impl Paragraph {
    /// A plain paragraph at `place`.
    pub fn new(text: impl Into<String>, place: Place) -> Self {
        Paragraph {
            text: text.into(),
            heading: None,
            list_label: None,
            place,
        }
    }

    /// The paragraph as a reader sees it printed: the automatic label followed by the text.
    pub fn printed(&self) -> String {
        match &self.list_label {
            Some(label) => format!("{label}{}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A table as a grid: rows of cells, where a cell may span several rows and columns.
///
/// Only the origin (top-left) of a merged region is stored; the positions it covers are not
/// repeated. [`Table::grid`] expands the spans into a full rectangle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The rows, top to bottom. Each row lists the cells that start in it, left to right.
    pub rows: Vec<Row>,
    /// A name the source gives the table (a sheet name), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the table came from.
    pub place: Place,
}

/// A row of a table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Cells that start in this row.
    pub cells: Vec<Cell>,
    /// True when the source marks this row as a repeated header row (Word's `tblHeader`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub header: bool,
}

/// A cell: its text and the grid positions it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The text of the cell; paragraphs inside one cell are joined by `\n`.
    pub text: String,
    /// Grid column where the cell starts (0-based).
    pub col: usize,
    /// Number of grid rows covered (≥ 1).
    pub row_span: usize,
    /// Number of grid columns covered (≥ 1).
    pub col_span: usize,
    /// Tables nested inside this cell, kept as tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nested: Vec<Table>,
    /// Where the cell came from.
    pub place: Place,
}

impl Cell {
    /// A one-by-one cell at grid column `col`.
    pub fn new(text: impl Into<String>, col: usize, place: Place) -> Self {
        Cell {
            text: text.into(),
            col,
            row_span: 1,
            col_span: 1,
            nested: Vec::new(),
            place,
        }
    }
}

/// Where something is in the source file, precise enough for a user to find it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// Nowhere in particular (made by a program).
    #[default]
    None,
    /// A line of a text file (1-based).
    Line {
        /// Line number, 1-based.
        line: usize,
    },
    /// A paragraph of a word-processing file (1-based, counting body paragraphs).
    Paragraph {
        /// Paragraph number, 1-based.
        index: usize,
    },
    /// A cell of the n-th table of a document (all 1-based).
    TableCell {
        /// Table number in the document, 1-based.
        table: usize,
        /// Row number in the table, 1-based.
        row: usize,
        /// Column number in the grid, 1-based.
        col: usize,
    },
    /// A point on a page of a PDF: page 1-based, `x` and `y` in points from the page's top-left
    /// corner (as the page is shown, rotation applied), rounded to whole points.
    Pdf {
        /// Page number, 1-based.
        page: usize,
        /// Distance from the left edge of the page, in points.
        x: i32,
        /// Distance from the top edge of the page, in points.
        y: i32,
    },
    /// A cell of a spreadsheet (row and column 1-based).
    SheetCell {
        /// The sheet name.
        sheet: String,
        /// Row, 1-based.
        row: usize,
        /// Column, 1-based.
        col: usize,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::None => Ok(()),
            Place::Line { line } => write!(f, "第{line}行"),
            Place::Paragraph { index } => write!(f, "第{index}段"),
            Place::TableCell { table, row, col } => {
                write!(f, "第{table}个表格 第{row}行 第{col}列")
            }
            Place::SheetCell { sheet, row, col } => {
                write!(f, "工作表“{sheet}” {}{row}", column_letters(*col))
            }
            Place::Pdf { page, x, y } => write!(f, "第{page}页（距左 {x} 点、距顶 {y} 点）"),
        }
    }
}

/// Spreadsheet column letters for a 1-based column number (1 → A, 27 → AA).
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        out.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A reader's note about the input: something it could not read exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Where, in the source.
    pub place: Place,
    /// What, in Chinese, for the user.
    pub message: String,
}

/// One position of an expanded grid: which stored cell covers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridRef {
    /// Index of the row where the covering cell starts.
    pub row: usize,
    /// Index of the covering cell within that row's `cells`.
    pub cell: usize,
    /// True at the covering cell's own top-left position.
    pub origin: bool,
}

impl Table {
    /// Number of grid columns: the widest extent of any row.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.col + c.col_span.max(1)))
            .max()
            .unwrap_or(0)
    }

    /// Expands the spans into a full rectangle: `grid[r][c]` names the cell that covers
    /// position (r, c), or `None` where no cell does.
    pub fn grid(&self) -> Vec<Vec<Option<GridRef>>> {
        let width = self.width();
        let mut grid = vec![vec![None; width]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            for (i, cell) in row.cells.iter().enumerate() {
                let rows_end = (r + cell.row_span.max(1)).min(self.rows.len());
                let cols_end = (cell.col + cell.col_span.max(1)).min(width);
                for (rr, grid_row) in grid.iter_mut().enumerate().take(rows_end).skip(r) {
                    for (cc, slot) in grid_row
                        .iter_mut()
                        .enumerate()
                        .take(cols_end)
                        .skip(cell.col)
                    {
                        if slot.is_none() {
                            *slot = Some(GridRef {
                                row: r,
                                cell: i,
                                origin: rr == r && cc == cell.col,
                            });
                        }
                    }
                }
            }
        }
        grid
    }

    /// The cell a [`GridRef`] points to.
    pub fn cell(&self, at: GridRef) -> &Cell {
        &self.rows[at.row].cells[at.cell]
    }
}

impl Document {
    /// All paragraphs' printed text joined by newlines (tables left out).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if let Block::Paragraph(p) = block {
                out.push_str(&p.printed());
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_expands_row_and_column_spans() {
        let mut a = Cell::new("a", 0, Place::None);
        a.row_span = 2;
        let mut b = Cell::new("b", 1, Place::None);
        b.col_span = 2;
        let t = Table {
            rows: vec![
                Row {
                    cells: vec![a, b],
                    header: false,
                },
                Row {
                    cells: vec![
                        Cell::new("c", 1, Place::None),
                        Cell::new("d", 2, Place::None),
                    ],
                    header: false,
                },
            ],
            ..Table::default()
        };
        let g = t.grid();
        assert_eq!(t.width(), 3);
        assert_eq!(t.cell(g[1][0].unwrap()).text, "a");
        assert!(!g[1][0].unwrap().origin);
        assert_eq!(t.cell(g[0][2].unwrap()).text, "b");
        assert_eq!(t.cell(g[1][2].unwrap()).text, "d");
    }

    #[test]
    fn column_letters_follow_spreadsheet_names() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
    }
}
