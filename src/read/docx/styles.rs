//! Paragraph styles of `styles.xml`, as far as the reader needs them: names, the `basedOn`
//! chain, outline levels and numbering linked through a style.

use super::xml::{Ev, Ns, Xml, decode, read_part};
use crate::read::ReadError;
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

/// Longest `basedOn` chain followed (a loop in the chain ends there).
const MAX_CHAIN: usize = 32;

/// One paragraph or numbering style.
#[derive(Debug, Default, Clone)]
pub struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<i64>,
    ilvl: Option<u8>,
    /// What the style means once its `basedOn` chain is followed, worked out on first use.
    resolved: OnceCell<Resolved>,
}

/// A style's outline level, numbering and heading level, its chain followed.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    outline: Option<u8>,
    numbering: Option<(i64, Option<u8>)>,
    heading: Option<u8>,
}

/// The styles of a document by style id.
#[derive(Debug, Default)]
pub struct Styles {
    map: HashMap<String, Style>,
    default_paragraph: Option<String>,
    /// The style last asked about and what it resolved to: paragraphs in a row mostly share
    /// their style, and each asks several times.
    last: RefCell<Option<(String, Option<Resolved>)>>,
}

impl Styles {
    /// Parses a styles part.
    pub fn parse(part: &str, bytes: &[u8]) -> Result<Styles, ReadError> {
        let text = decode(part, bytes)?;
        read_part(part, &text, Self::read)
    }

    fn read(mut xml: Xml<'_>) -> Result<Styles, ReadError> {
        let mut styles = Styles::default();
        // Current style (id, content) and the depth of its element.
        let mut current: Option<(String, Style, usize)> = None;
        let mut in_ppr = false;
        loop {
            match xml.next()? {
                Ev::Eof => break,
                Ev::End => {
                    if let Some((_, _, depth)) = &current {
                        if xml.depth() < *depth {
                            if let Some((id, style, _)) = current.take() {
                                styles.map.entry(id).or_insert(style);
                            }
                            in_ppr = false;
                        } else if xml.depth() == *depth {
                            in_ppr = false;
                        }
                    }
                }
                Ev::Start(Ns::W) | Ev::Empty(Ns::W) => {
                    let name = xml.local();
                    let started = xml.depth();
                    match name {
                        "style" => {
                            let kind = xml.attr("type").unwrap_or_default();
                            let id = xml.attr("styleId").map(Cow::into_owned).unwrap_or_default();
                            if kind != "paragraph" && kind != "numbering" {
                                xml.skip_if_open()?;
                                continue;
                            }
                            if kind == "paragraph"
                                && matches!(
                                    xml.attr("default").as_deref(),
                                    Some("1" | "true" | "on")
                                )
                            {
                                styles.default_paragraph = Some(id.clone());
                            }
                            if xml.was_start() {
                                current = Some((id, Style::default(), started));
                            } else {
                                styles.map.entry(id).or_default();
                            }
                        }
                        "latentStyles" | "docDefaults" => xml.skip_if_open()?,
                        _ if current.is_none() => {}
                        "name" => {
                            if let Some((_, s, _)) = current.as_mut() {
                                s.name = xml.attr("val").unwrap_or_default().to_lowercase();
                            }
                        }
                        "basedOn" => {
                            if let Some((_, s, _)) = current.as_mut() {
                                s.based_on = xml.attr("val").map(Cow::into_owned);
                            }
                        }
                        "pPr" => in_ppr = true,
                        "rPr" | "tblPr" | "tcPr" | "trPr" | "tblStylePr" | "pPrChange" => {
                            xml.skip_if_open()?;
                        }
                        "outlineLvl" if in_ppr => {
                            if let Some((_, s, _)) = current.as_mut() {
                                s.outline = xml.attr("val").and_then(|v| v.trim().parse().ok());
                            }
                        }
                        "numId" if in_ppr => {
                            if let Some((_, s, _)) = current.as_mut() {
                                s.num_id = xml.attr("val").and_then(|v| v.trim().parse().ok());
                            }
                        }
                        "ilvl" if in_ppr => {
                            if let Some((_, s, _)) = current.as_mut() {
                                s.ilvl = xml.attr("val").and_then(|v| v.trim().parse().ok());
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The style a paragraph without `w:pStyle` has.
    pub fn default_paragraph(&self) -> Option<&str> {
        self.default_paragraph.as_deref()
    }

    /// The style and its ancestors along `basedOn`, nearest first.
    fn chain<'s>(&'s self, id: &'s str) -> impl Iterator<Item = &'s Style> + 's {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let style = self.map.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(MAX_CHAIN)
    }

    /// What style `id` means, its chain followed; `None` for a style the part doesn't define.
    fn resolved(&self, id: &str) -> Option<Resolved> {
        if let Ok(last) = self.last.try_borrow()
            && let Some((last_id, resolved)) = last.as_ref()
            && last_id == id
        {
            return *resolved;
        }
        let resolved = self.lookup(id);
        if let Ok(mut last) = self.last.try_borrow_mut() {
            match last.as_mut() {
                Some((last_id, last_resolved)) => {
                    last_id.clear();
                    last_id.push_str(id);
                    *last_resolved = resolved;
                }
                None => *last = Some((id.to_string(), resolved)),
            }
        }
        resolved
    }

    fn lookup(&self, id: &str) -> Option<Resolved> {
        let style = self.map.get(id)?;
        Some(*style.resolved.get_or_init(|| Resolved {
            outline: self.chain(id).find_map(|s| s.outline),
            numbering: self.chain_numbering(id),
            heading:
                heading_number(id).or_else(|| self.chain(id).find_map(|s| heading_number(&s.name))),
        }))
    }

    /// Outline level (0-based, 9 = body text) from the style chain.
    pub fn outline(&self, id: &str) -> Option<u8> {
        self.resolved(id)?.outline
    }

    /// Numbering `(numId, ilvl)` given by the style chain.
    pub fn numbering(&self, id: &str) -> Option<(i64, Option<u8>)> {
        self.resolved(id)?.numbering
    }

    fn chain_numbering(&self, id: &str) -> Option<(i64, Option<u8>)> {
        let mut ilvl = None;
        for s in self.chain(id) {
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
            if let Some(num) = s.num_id {
                return Some((num, ilvl.or(s.ilvl)));
            }
        }
        None
    }

    /// Heading level (1-based) told by the style's id or name ("heading 2", "标题 2"),
    /// looking along the chain.
    pub fn heading_by_name(&self, id: &str) -> Option<u8> {
        match self.resolved(id) {
            Some(resolved) => resolved.heading,
            None => heading_number(id),
        }
    }
}

/// "heading 3", "Heading3", "标题 3" → 3.
fn heading_number(name: &str) -> Option<u8> {
    // The level is ASCII digits, and lower-casing makes none: most names end here.
    if !name.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let level: u8 = rest.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_heading_level_from_style_names() {
        assert_eq!(heading_number("heading 2"), Some(2));
        assert_eq!(heading_number("Heading1"), Some(1));
        assert_eq!(heading_number("标题 3"), Some(3));
        assert_eq!(heading_number("Heading1Char"), None);
        assert_eq!(heading_number("Normal"), None);
    }

    #[test]
    fn follows_based_on_chain_for_outline_and_numbering() {
        let xml = br#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/>
            <w:pPr><w:numPr><w:numId w:val="4"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Child"><w:name w:val="Child"/><w:basedOn w:val="Base"/>
            <w:pPr><w:numPr><w:ilvl w:val="2"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
        </w:styles>"#;
        let styles = Styles::parse("styles.xml", xml).unwrap();
        assert_eq!(styles.outline("Child"), Some(1));
        assert_eq!(styles.numbering("Child"), Some((4, Some(2))));
        assert_eq!(styles.outline("Loop"), None);
    }
}
