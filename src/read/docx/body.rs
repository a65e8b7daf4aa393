//! The main document part in one pass: paragraphs (runs, fields, tracked changes, content
//! controls, text boxes) and tables (grid columns, spans, nesting) into neutral blocks.

mod table;

use super::numbering::Numbering;
use super::styles::Styles;
use super::xml::{Ev, Ns, Xml, XmlError};
use crate::document::{Block, Note, Paragraph, Place};
use crate::read::{ReadError, limits};
use std::borrow::Cow;
use table::CellProps;

/// One `mc:AlternateContent` being read: its depth and whether a choice was taken.
struct Alternate {
    depth: usize,
    chosen: bool,
}

/// Properties of the paragraph being read (`w:pPr`).
#[derive(Default)]
struct ParaProps {
    style: Option<String>,
    num_id: Option<i64>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    mark_deleted: bool,
}

/// What a run-level element means for the walker.
enum Flow {
    /// Read its children as if they were the parent's.
    Descend,
    /// Already handled (content consumed or nothing to do).
    Done,
}

/// The walker over the main part.
pub struct Walker<'i, 's> {
    xml: Xml<'i>,
    styles: &'s Styles,
    numbering: Option<Numbering>,
    alternates: Vec<Alternate>,
    /// Open complex fields: true while the field is in its code (before `separate`).
    fields: Vec<bool>,
    /// Text of a paragraph whose mark was deleted (joined to the next paragraph).
    carry: String,
    paragraphs: usize,
    tables: usize,
    cells: usize,
    notes: Vec<Note>,
}

fn on(v: Option<Cow<'_, str>>) -> bool {
    !matches!(v.as_deref(), Some("0" | "false" | "off"))
}

fn int(v: Option<Cow<'_, str>>) -> Option<i64> {
    v.and_then(|v| v.trim().parse().ok())
}

impl<'i, 's> Walker<'i, 's> {
    /// A walker over the main part `xml`.
    pub fn new(xml: Xml<'i>, styles: &'s Styles, numbering: Option<Numbering>) -> Self {
        Walker {
            xml,
            styles,
            numbering,
            alternates: Vec::new(),
            fields: Vec::new(),
            carry: String::new(),
            paragraphs: 0,
            tables: 0,
            cells: 0,
            notes: Vec::new(),
        }
    }

    /// Reads the whole part into blocks and notes.
    ///
    /// # Errors
    /// [`ReadError::WrongKind`] when the root is not a Word document, or any error of the
    /// XML layer (malformed, too deep).
    pub fn run(mut self) -> Result<(Vec<Block>, Vec<Note>), ReadError> {
        let mut blocks = Vec::new();
        loop {
            match self.xml.next()? {
                Ev::Start(ns) | Ev::Empty(ns) => {
                    let name = self.xml.local();
                    if ns != Ns::W || name != "document" {
                        return Err(not_a_document(name));
                    }
                    if self.xml.was_start() {
                        self.blocks(true, None, &mut blocks)?;
                    }
                    break;
                }
                Ev::Eof => {
                    return Err(ReadError::Corrupt {
                        detail: "正文部件是空的".into(),
                    });
                }
                _ => {}
            }
        }
        Ok((blocks, self.notes))
    }

    /// Next event; leaving an `mc:AlternateContent` forgets it.
    #[inline]
    fn next(&mut self) -> Result<Ev, XmlError> {
        let ev = self.xml.next()?;
        if let Ev::End = ev {
            let depth = self.xml.depth();
            while self.alternates.last().is_some_and(|a| a.depth > depth) {
                self.alternates.pop();
            }
        }
        Ok(ev)
    }

    /// Handling shared by every context: markup compatibility, deletions, properties that
    /// hold no content. Returns `None` for elements the context must handle itself.
    fn common(&mut self, ns: Ns, name: &str, open: bool) -> Result<Option<Flow>, ReadError> {
        match ns {
            Ns::Mc => {
                match name {
                    "AlternateContent" if open => self.alternates.push(Alternate {
                        depth: self.xml.depth(),
                        chosen: false,
                    }),
                    "Choice" if open => {
                        let taken = match self.alternates.last_mut() {
                            Some(a) if !a.chosen => {
                                a.chosen = true;
                                true
                            }
                            _ => false,
                        };
                        if !taken {
                            self.xml.skip()?;
                        }
                    }
                    "Fallback" if open && self.alternates.last().is_some_and(|a| a.chosen) => {
                        self.xml.skip()?;
                    }
                    _ => {}
                }
                Ok(Some(Flow::Descend))
            }
            Ns::W => match name {
                "del" | "moveFrom" | "delText" | "delInstrText" | "instrText" | "sdtPr"
                | "sdtEndPr" | "sectPr" | "rPr" | "tblPr" | "tblPrEx" | "tblGrid" | "trPr"
                | "pPrChange" | "rPrChange" | "tcPrChange" | "footnotes" | "comments"
                | "background" | "rt" => {
                    if open {
                        self.xml.skip()?;
                    }
                    Ok(Some(Flow::Done))
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// Reads block content (body, cell, text box, content control) until the element that
    /// was just opened ends. `top` is true outside tables; `cell` collects `w:tcPr`.
    fn blocks(
        &mut self,
        top: bool,
        mut cell: Option<(&mut CellProps, &Place)>,
        out: &mut Vec<Block>,
    ) -> Result<(), ReadError> {
        let level = self.xml.depth();
        let outer_carry = std::mem::take(&mut self.carry);
        loop {
            let ev = self.next()?;
            let ns = match ev {
                Ev::End if self.xml.depth() < level => break,
                Ev::Eof => break,
                Ev::Start(ns) | Ev::Empty(ns) => ns,
                _ => continue,
            };
            let open = self.xml.was_start();
            let name = self.xml.local();
            if self.common(ns, name, open)?.is_some() {
                continue;
            }
            if ns != Ns::W {
                continue;
            }
            match name {
                "p" => self.paragraph(open, top, out)?,
                "tbl" if open => {
                    self.flush_carry(top, out);
                    let place = cell.as_ref().map(|(_, p)| (*p).clone());
                    match self.table(top && place.is_none(), place)? {
                        Ok(table) => out.push(Block::Table(table)),
                        Err(frame) => out.extend(frame),
                    }
                }
                "tcPr" if open => {
                    if let Some((props, _)) = cell.as_mut() {
                        self.cell_props(props)?;
                    } else {
                        self.xml.skip()?;
                    }
                }
                "altChunk" => {
                    self.notes.push(Note {
                        place: Place::None,
                        message: "文档中嵌入了外部内容（altChunk），这部分未读取".into(),
                    });
                    if open {
                        self.xml.skip()?;
                    }
                }
                _ => {}
            }
        }
        self.flush_carry(top, out);
        self.carry = outer_carry;
        Ok(())
    }

    /// A paragraph whose mark was deleted and that no paragraph followed: kept on its own.
    fn flush_carry(&mut self, top: bool, out: &mut Vec<Block>) {
        if self.carry.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.carry);
        let place = if top {
            Place::Paragraph {
                index: self.paragraphs,
            }
        } else {
            Place::None
        };
        out.push(Block::Paragraph(Paragraph::new(text, place)));
    }

    fn para_props(&mut self, props: &mut ParaProps) -> Result<(), ReadError> {
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
                "pStyle" => props.style = self.xml.attr("val").map(Cow::into_owned),
                "numId" => props.num_id = int(self.xml.attr("val")),
                "ilvl" => props.ilvl = int(self.xml.attr("val")).and_then(|v| u8::try_from(v).ok()),
                "outlineLvl" => {
                    props.outline = int(self.xml.attr("val")).and_then(|v| u8::try_from(v).ok())
                }
                "del" | "moveFrom" => props.mark_deleted = true,
                "pPrChange" | "sectPr" | "tabs" | "numberingChange" if open => self.xml.skip()?,
                _ => {}
            }
        }
    }

    fn in_field_code(&self) -> bool {
        self.fields.iter().any(|&code| code)
    }

    fn push_text(&self, text: &mut String, s: &str) {
        if !self.in_field_code() {
            text.push_str(s);
        }
    }

    /// Reads the text content of a `w:t` (or `m:t`) just opened.
    fn text_content(&mut self, text: &mut String) -> Result<(), ReadError> {
        let level = self.xml.depth();
        let visible = !self.in_field_code();
        loop {
            match self.next()? {
                Ev::End if self.xml.depth() < level => return Ok(()),
                Ev::Eof => return Ok(()),
                Ev::Text if visible => text.push_str(self.xml.text()),
                Ev::Start(..) => self.xml.skip()?,
                _ => {}
            }
        }
    }

    /// Reads a paragraph just opened (or empty) and pushes it, then any text-box content.
    fn paragraph(&mut self, open: bool, top: bool, out: &mut Vec<Block>) -> Result<(), ReadError> {
        let index = if top {
            self.paragraphs += 1;
            Some(self.paragraphs)
        } else {
            None
        };
        let mut text = std::mem::take(&mut self.carry);
        let mut props = ParaProps::default();
        let mut boxes: Vec<Block> = Vec::new();
        if open {
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
                if ns == Ns::Math && name == "t" && open {
                    self.text_content(&mut text)?;
                    continue;
                }
                if self.common(ns, name, open)?.is_some() || ns != Ns::W {
                    continue;
                }
                match name {
                    "pPr" if open => self.para_props(&mut props)?,
                    "t" if open => self.text_content(&mut text)?,
                    "tab" | "ptab" => self.push_text(&mut text, "\t"),
                    "cr" => self.push_text(&mut text, "\n"),
                    "br" => {
                        let kind = self.xml.attr("type");
                        if !matches!(kind.as_deref(), Some("page" | "column")) {
                            self.push_text(&mut text, "\n");
                        }
                    }
                    "noBreakHyphen" => self.push_text(&mut text, "-"),
                    "sym" => {
                        if let Some(c) = self.xml.attr("char").and_then(|h| sym_char(&h)) {
                            let mut buf = [0u8; 4];
                            self.push_text(&mut text, c.encode_utf8(&mut buf));
                        }
                    }
                    "fldChar" => match self.xml.attr("fldCharType").as_deref() {
                        Some("begin") if self.fields.len() < limits::MAX_XML_DEPTH => {
                            self.fields.push(true);
                        }
                        Some("separate") => {
                            if let Some(f) = self.fields.last_mut() {
                                *f = false;
                            }
                        }
                        Some("end") => {
                            self.fields.pop();
                        }
                        _ => {}
                    },
                    "txbxContent" if open => {
                        let fields = std::mem::take(&mut self.fields);
                        let carry = std::mem::take(&mut self.carry);
                        self.blocks(top, None, &mut boxes)?;
                        self.fields = fields;
                        self.carry = carry;
                    }
                    "tbl" if open => self.xml.skip()?,
                    _ => {}
                }
            }
        }
        if props.mark_deleted {
            self.carry = text;
            out.append(&mut boxes);
            return Ok(());
        }
        let styles = self.styles;
        let style = props.style.as_deref().or(styles.default_paragraph());
        let list_label = self.label(&props, style);
        let heading = match props
            .outline
            .or_else(|| style.and_then(|s| styles.outline(s)))
        {
            Some(level) if level < 9 => Some(level + 1),
            Some(_) => None,
            None => props
                .style
                .as_deref()
                .and_then(|s| self.styles.heading_by_name(s)),
        };
        let kept = text.trim_end().len();
        text.truncate(kept);
        if !text.trim().is_empty() || list_label.is_some() {
            out.push(Block::Paragraph(Paragraph {
                text,
                heading,
                list_label,
                place: index.map_or(Place::None, |index| Place::Paragraph { index }),
            }));
        }
        out.append(&mut boxes);
        Ok(())
    }

    /// The automatic number of a paragraph, from its own `w:numPr` or its style's.
    fn label(&mut self, props: &ParaProps, style: Option<&str>) -> Option<String> {
        let from_style = style.and_then(|s| self.styles.numbering(s));
        let (num_id, ilvl) = match (props.num_id, from_style) {
            (Some(n), _) => (n, props.ilvl.or(from_style.and_then(|s| s.1))),
            (None, Some((n, l))) => (n, props.ilvl.or(l)),
            (None, None) => return None,
        };
        if num_id <= 0 {
            return None;
        }
        let styles = self.styles;
        let numbering = self.numbering.as_mut()?;
        let ilvl = ilvl
            .or_else(|| style.and_then(|s| numbering.level_of_style(num_id, s, styles)))
            .unwrap_or(0);
        numbering.next_label(num_id, ilvl, styles)
    }
}

/// The character of a `w:sym` (hex code; symbol-font codes F0xx mapped down to xx).
fn sym_char(hex: &str) -> Option<char> {
    let code = u32::from_str_radix(hex.trim(), 16).ok()?;
    let code = if (0xF020..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    char::from_u32(code).filter(|c| !c.is_control())
}

fn not_a_document(root: &str) -> ReadError {
    let found = match root {
        "workbook" => "Excel 工作簿（.xlsx）".to_string(),
        "presentation" => "PowerPoint 演示文稿（.pptx）".to_string(),
        other => format!("不含 Word 正文的文件（根元素 {other}）"),
    };
    ReadError::WrongKind {
        expected: "Word（.docx）".into(),
        found,
    }
}
