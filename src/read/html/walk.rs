//! Walks the chosen part of a page into paragraphs and table grids, collapsing white space as a
//! browser renders it and laying `rowspan`/`colspan` cells onto grid columns.

use super::{Measure, NodeRef, Stats, element_name, hidden_element, is_heading};
use crate::document::{Block, Cell, Document, Paragraph, Place, Row, Table};
use crate::read::{ReadError, limits};
use scraper::Node;

/// Widest grid accepted; wider spans are cut (HTML itself caps `colspan` at 1000).
const MAX_COLUMNS: usize = 16_384;

/// Walks `root` (the content element) into a document.
pub(super) fn blocks(root: NodeRef<'_>, stats: &Stats) -> Result<Document, ReadError> {
    let mut w = Walker {
        stats,
        root_text: stats.get(root).text,
        blocks: Vec::new(),
        line: Line::default(),
        heading: None,
        label: None,
        in_cell: false,
        pre: 0,
        lists: Vec::new(),
        paragraphs: 0,
        tables: 0,
        cells: 0,
    };
    w.element_or_text(root, 0, true)?;
    w.flush();
    Ok(Document {
        blocks: w.blocks,
        notes: Vec::new(),
    })
}

/// Text being gathered for one paragraph or one cell, white space collapsed as it comes.
#[derive(Default)]
struct Line {
    out: String,
}

impl Line {
    fn push(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            match c {
                '\r' => {}
                '\n' if pre => self.out.push('\n'),
                ' ' | '\t' | '\n' | '\u{c}' if !pre => {
                    if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                        self.out.push(' ');
                    }
                }
                _ => self.out.push(c),
            }
        }
    }

    fn line_break(&mut self) {
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
        self.out.push('\n');
    }

    /// The gathered text with each line trimmed (no-break and ideographic spaces included) and
    /// empty lines dropped.
    fn take(&mut self) -> String {
        let text = self
            .out
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        self.out.clear();
        text
    }
}

struct Walker<'s> {
    stats: &'s Stats,
    root_text: usize,
    blocks: Vec<Block>,
    line: Line,
    heading: Option<u8>,
    label: Option<String>,
    in_cell: bool,
    pre: usize,
    /// Per open list, the next number a browser prints (`None`: bullets or letters).
    lists: Vec<Option<i64>>,
    paragraphs: usize,
    tables: usize,
    cells: usize,
}

/// Elements that start and end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "pre"
            | "address"
            | "center"
            | "form"
            | "fieldset"
            | "legend"
            | "figure"
            | "figcaption"
            | "hr"
            | "body"
            | "html"
            | "caption"
            | "details"
            | "summary"
            | "header"
            | "footer"
    ) || is_heading(name).is_some()
}

/// Class and id words that portals give their chrome.
fn chrome_word(word: &str) -> bool {
    matches!(
        word,
        "nav"
            | "navbar"
            | "menu"
            | "crumb"
            | "crumbs"
            | "breadcrumb"
            | "breadcrumbs"
            | "footer"
            | "foot"
            | "header"
            | "share"
            | "copyright"
            | "sidebar"
            | "toolbar"
            | "topbar"
    )
}

impl Walker<'_> {
    fn element_or_text(
        &mut self,
        node: NodeRef<'_>,
        depth: usize,
        is_root: bool,
    ) -> Result<(), ReadError> {
        let e = match node.value() {
            Node::Text(t) => {
                self.line.push(t, self.pre > 0);
                return Ok(());
            }
            Node::Element(e) => e,
            _ => return Ok(()),
        };
        let name = e.name();
        if !is_root && self.skipped(node, e) {
            return Ok(());
        }
        if depth > limits::MAX_XML_DEPTH {
            return Err(ReadError::TooLarge {
                detail: format!("网页元素嵌套超过 {} 层", limits::MAX_XML_DEPTH),
            });
        }
        match name {
            "br" => self.line.line_break(),
            "table" if !is_root => {
                self.flush();
                if layout_only(node, self.stats.get(node)) {
                    for row in own_rows(node) {
                        for cell in row.children().filter(|c| is_cell(*c)) {
                            self.children(cell, depth + 3)?;
                            self.flush();
                        }
                    }
                } else {
                    let table = self.table(node, depth)?;
                    self.blocks.push(Block::Table(table));
                }
            }
            _ if is_block(name) => {
                self.flush();
                self.heading = is_heading(name);
                match name {
                    "li" => self.label = self.next_label(),
                    "ol" | "ul" => self.lists.push(list_start(node)),
                    "pre" => self.pre += 1,
                    _ => {}
                }
                self.children(node, depth)?;
                match name {
                    "ol" | "ul" => {
                        self.lists.pop();
                    }
                    "pre" => self.pre -= 1,
                    _ => {}
                }
                self.flush();
            }
            _ => self.children(node, depth)?,
        }
        Ok(())
    }

    fn children(&mut self, node: NodeRef<'_>, depth: usize) -> Result<(), ReadError> {
        for child in node.children() {
            self.element_or_text(child, depth + 1, false)?;
        }
        Ok(())
    }

    fn skipped(&self, node: NodeRef<'_>, e: &scraper::node::Element) -> bool {
        let name = e.name();
        if hidden_element(node, name) {
            return true;
        }
        if e.attr("hidden").is_some() {
            return true;
        }
        if let Some(style) = e.attr("style") {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if style.contains("display:none") || style.contains("visibility:hidden") {
                return true;
            }
            // Word's "save as web page" keeps page headers and footers in such divisions.
            if style.contains("mso-element:header") || style.contains("mso-element:footer") {
                return true;
            }
        }
        // LibreOffice's HTML export writes the page header and footer (page numbers) as
        // divisions titled so; they repeat on every printed page and are not the report's text.
        if name == "div"
            && e.attr("title").is_some_and(|t| {
                t.eq_ignore_ascii_case("header") || t.eq_ignore_ascii_case("footer")
            })
        {
            return true;
        }
        if matches!(name, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot") {
            return false;
        }
        let m: Measure = self.stats.get(node);
        if m.link_dense() {
            return true;
        }
        let chrome = e
            .attr("class")
            .into_iter()
            .chain(e.attr("id"))
            .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
            .any(|w| chrome_word(&w.to_ascii_lowercase()));
        chrome && m.tables == 0 && m.text * 5 < self.root_text
    }

    /// The number a browser prints before the next item of the innermost list.
    fn next_label(&mut self) -> Option<String> {
        let next = self.lists.last_mut()?.as_mut()?;
        let label = format!("{next}.");
        *next = next.saturating_add(1);
        Some(label)
    }

    /// Ends the paragraph being gathered. Inside a cell, paragraphs only separate lines.
    fn flush(&mut self) {
        let text = self.line.take();
        if text.is_empty() {
            return;
        }
        let heading = self.heading.take();
        let label = self.label.take();
        let place = if self.in_cell {
            Place::None
        } else {
            self.paragraphs += 1;
            Place::Paragraph {
                index: self.paragraphs,
            }
        };
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            heading,
            list_label: label,
            place,
        }));
    }

    fn table(&mut self, node: NodeRef<'_>, depth: usize) -> Result<Table, ReadError> {
        self.tables += 1;
        let number = self.tables;
        let name = match node
            .children()
            .find(|c| element_name(*c) == Some("caption"))
        {
            Some(caption) => {
                let (text, _) = self.cell_content(caption, depth)?;
                Some(text).filter(|t| !t.is_empty())
            }
            None => None,
        };
        let rows = own_rows(node);
        let total_rows = rows.len();
        // Rows still covered by a row span from above, per grid column.
        let mut covered: Vec<usize> = Vec::new();
        let mut out = Vec::with_capacity(total_rows);
        for (r, tr) in rows.iter().enumerate() {
            let mut col = 0;
            let mut cells = Vec::new();
            for td in tr.children().filter(|c| is_cell(*c)) {
                while covered.get(col).is_some_and(|n| *n > 0) {
                    col += 1;
                }
                if col >= MAX_COLUMNS {
                    break;
                }
                let col_span = span(td, "colspan", 1000).clamp(1, MAX_COLUMNS - col);
                let rows_left = total_rows - r;
                let row_span = match span(td, "rowspan", 65_534) {
                    0 => rows_left,
                    n => n.min(rows_left),
                };
                if covered.len() < col + col_span {
                    covered.resize(col + col_span, 0);
                }
                for slot in &mut covered[col..col + col_span] {
                    *slot = row_span;
                }
                self.cells += 1;
                if self.cells > limits::MAX_CELLS {
                    return Err(ReadError::TooLarge {
                        detail: format!("表格单元格超过 {} 个", limits::MAX_CELLS),
                    });
                }
                let (text, nested) = self.cell_content(td, depth)?;
                cells.push(Cell {
                    text,
                    col,
                    row_span,
                    col_span,
                    nested,
                    place: Place::TableCell {
                        table: number,
                        row: r + 1,
                        col: col + 1,
                    },
                });
                col += col_span;
            }
            for n in &mut covered {
                *n = n.saturating_sub(1);
            }
            let header = tr.parent().and_then(element_name) == Some("thead");
            out.push(Row { cells, header });
        }
        Ok(Table {
            rows: out,
            name,
            place: Place::TableCell {
                table: number,
                row: 1,
                col: 1,
            },
        })
    }

    /// The text of a cell (its paragraphs joined by `\n`) and the tables nested in it.
    fn cell_content(
        &mut self,
        node: NodeRef<'_>,
        depth: usize,
    ) -> Result<(String, Vec<Table>), ReadError> {
        let saved_blocks = std::mem::take(&mut self.blocks);
        let saved_line = std::mem::take(&mut self.line);
        let saved_heading = self.heading.take();
        let saved_label = self.label.take();
        let saved_in_cell = std::mem::replace(&mut self.in_cell, true);
        let walked = self.children(node, depth + 1);
        self.flush();
        let inner = std::mem::replace(&mut self.blocks, saved_blocks);
        self.line = saved_line;
        self.heading = saved_heading;
        self.label = saved_label;
        self.in_cell = saved_in_cell;
        walked?;
        let mut lines = Vec::new();
        let mut nested = Vec::new();
        for block in inner {
            match block {
                Block::Paragraph(p) => lines.push(p.printed()),
                Block::Table(t) => nested.push(t),
            }
        }
        Ok((lines.join("\n"), nested))
    }
}

fn is_cell(node: NodeRef<'_>) -> bool {
    matches!(element_name(node), Some("td" | "th"))
}

/// The rows of a table itself, not those of tables nested in its cells.
fn own_rows(table: NodeRef<'_>) -> Vec<NodeRef<'_>> {
    let mut rows = Vec::new();
    for child in table.children() {
        match element_name(child) {
            Some("tr") => rows.push(child),
            Some("thead" | "tbody" | "tfoot") => {
                rows.extend(child.children().filter(|c| element_name(*c) == Some("tr")))
            }
            _ => {}
        }
    }
    rows
}

/// A table used only to lay out the page: one cell per row, wrapping other tables.
fn layout_only(table: NodeRef<'_>, m: Measure) -> bool {
    m.tables > 1
        && own_rows(table)
            .iter()
            .all(|tr| tr.children().filter(|c| is_cell(*c)).count() <= 1)
}

/// A span attribute as browsers parse it: leading digits, capped at `max`; 1 when absent or
/// unreadable; 0 kept (for `rowspan="0"`, "to the end of the table").
fn span(node: NodeRef<'_>, attr: &str, max: usize) -> usize {
    let Node::Element(e) = node.value() else {
        return 1;
    };
    let Some(v) = e.attr(attr) else { return 1 };
    let digits: String = v
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    match digits.parse::<usize>() {
        Ok(0) if attr == "rowspan" => 0,
        Ok(n) if n > 0 => n.min(max),
        _ => 1,
    }
}

/// The first number of an ordered list with decimal numbering; `None` for other lists.
fn list_start(list: NodeRef<'_>) -> Option<i64> {
    let Node::Element(e) = list.value() else {
        return None;
    };
    if e.name() != "ol" || e.attr("type").is_some_and(|t| t.trim() != "1") {
        return None;
    }
    Some(
        e.attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use crate::document::{Block, Document, Table};
    use crate::read::ReadOptions;

    fn read_str(html: &str) -> Document {
        super::super::read(html.as_bytes(), &ReadOptions::default()).expect("reads")
    }

    fn first_table(doc: &Document) -> &Table {
        doc.blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("a table")
    }

    #[test]
    fn rowspans_from_above_push_cells_right() {
        let doc = read_str(
            "<table><tr><td rowspan=3>a</td><td colspan=2>b</td></tr>\
             <tr><td rowspan=2>c</td><td>d</td></tr><tr><td>e</td></tr></table>",
        );
        let t = first_table(&doc);
        let cols: Vec<Vec<(String, usize)>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| (c.text.clone(), c.col)).collect())
            .collect();
        assert_eq!(cols[1], vec![("c".into(), 1), ("d".into(), 2)]);
        assert_eq!(cols[2], vec![("e".into(), 2)]);
        assert_eq!(t.rows[0].cells[0].row_span, 3);
    }

    #[test]
    fn collapses_white_space_and_trims_wide_spaces_at_cell_edges() {
        let doc = read_str(
            "<table><tr><td>&nbsp;\u{3000}商业<br>\n  企业 \u{3000}</td><td><p> 1 </p><p>2</p></td></tr></table>",
        );
        let t = first_table(&doc);
        assert_eq!(t.rows[0].cells[0].text, "商业\n企业");
        assert_eq!(t.rows[0].cells[1].text, "1\n2");
    }

    #[test]
    fn nested_tables_stay_in_their_cell() {
        let doc = read_str(
            "<table><tr><td>外<table><tr><td>内1</td><td>内2</td></tr></table></td><td>x</td></tr></table>",
        );
        let t = first_table(&doc);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells[0].text, "外");
        assert_eq!(t.rows[0].cells[0].nested[0].rows[0].cells[1].text, "内2");
        assert_eq!(t.rows[0].cells[1].col, 1);
    }

    #[test]
    fn oversized_spans_are_clamped_to_the_table() {
        let doc = read_str("<table><tr><td rowspan=99999 colspan=5000>a</td></tr></table>");
        let c = &first_table(&doc).rows[0].cells[0];
        assert_eq!((c.row_span, c.col_span), (1, 1000));
    }

    #[test]
    fn ordered_list_items_get_printed_numbers() {
        let doc = read_str("<ol start=3><li>甲</li><li>乙</li></ol>");
        let Block::Paragraph(p) = &doc.blocks[1] else {
            panic!("paragraph expected")
        };
        assert_eq!(p.printed(), "4.乙");
    }
}
