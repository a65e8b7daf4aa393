//! A thin layer over quick-xml for WordprocessingML: elements matched by namespace URI (never by
//! prefix), entity references kept safe, depth capped, errors naming the part.

use crate::read::{ReadError, limits};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::borrow::Cow;

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML main, Transitional or Strict.
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office math (`m:t` carries text).
    Math,
    /// Anything else.
    Other,
}

const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const MATH_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
];

fn classify(ns: &ResolveResult<'_>) -> Ns {
    match ns {
        ResolveResult::Bound(n) => {
            let uri = n.as_ref();
            if W_NS.contains(&uri) {
                Ns::W
            } else if uri == MC_NS {
                Ns::Mc
            } else if MATH_NS.contains(&uri) {
                Ns::Math
            } else {
                Ns::Other
            }
        }
        _ => Ns::Other,
    }
}

/// Turns the bytes of a part into text: UTF-8 (BOM dropped) or UTF-16 with a BOM.
pub fn decode<'a>(part: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, ReadError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(part, rest);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, skip) =
            encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_16LE, 2));
        let (text, had_errors) =
            enc.decode_without_bom_handling(bytes.get(skip..).unwrap_or_default());
        if had_errors {
            return Err(bad(part, "UTF-16 编码错误"));
        }
        return Ok(Cow::Owned(text.into_owned()));
    }
    utf8(part, bytes)
}

fn utf8<'a>(part: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, ReadError> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        bad(
            part,
            &format!("不是有效的 UTF-8（字节偏移 {}）", e.valid_up_to()),
        )
    })
}

fn bad(part: &str, what: &str) -> ReadError {
    ReadError::Corrupt {
        detail: format!("部件 {part} 的 XML 格式错误：{what}"),
    }
}

/// One event, with the namespace of its element already told apart.
pub enum Ev<'i> {
    /// An opening tag (its content follows).
    Start(Ns, BytesStart<'i>),
    /// A self-closing tag.
    Empty(Ns, BytesStart<'i>),
    /// A closing tag.
    End,
    /// Character data, entity references resolved.
    Text(Cow<'i, str>),
    /// End of the part.
    Eof,
}

/// A namespace-aware pull reader over one part, tracking depth.
pub struct Xml<'i> {
    reader: NsReader<&'i [u8]>,
    part: &'i str,
    depth: usize,
    last_was_start: bool,
}

impl<'i> Xml<'i> {
    /// A reader over `text`, the content of part `part`.
    pub fn new(part: &'i str, text: &'i str) -> Self {
        let mut reader = NsReader::from_str(text);
        reader.config_mut().expand_empty_elements = false;
        Xml {
            reader,
            part,
            depth: 0,
            last_was_start: false,
        }
    }

    /// Current element depth (0 outside the root).
    pub fn depth(&self) -> usize {
        self.depth
    }

    fn error(&self, what: impl std::fmt::Display) -> ReadError {
        bad(
            self.part,
            &format!("{what}（位置 {}）", self.reader.buffer_position()),
        )
    }

    /// The next event that matters; comments, declarations and doctype are passed over
    /// (a doctype's entities are never expanded).
    pub fn next(&mut self) -> Result<Ev<'i>, ReadError> {
        loop {
            let (ns, event) = self
                .reader
                .read_resolved_event()
                .map_err(|e| bad(self.part, &e.to_string()))?;
            let ns = classify(&ns);
            self.last_was_start = matches!(event, Event::Start(_));
            return Ok(match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > limits::MAX_XML_DEPTH {
                        return Err(ReadError::TooLarge {
                            detail: format!(
                                "部件 {} 的 XML 嵌套超过 {} 层",
                                self.part,
                                limits::MAX_XML_DEPTH
                            ),
                        });
                    }
                    Ev::Start(ns, e)
                }
                Event::Empty(e) => Ev::Empty(ns, e),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::End
                }
                Event::Text(t) => Ev::Text(t.xml10_content()),
                Event::CData(t) => Ev::Text(t.xml10_content()),
                Event::GeneralRef(r) => Ev::Text(self.entity(&r)?),
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(self.error("文件在元素结束前中断"));
                    }
                    Ev::Eof
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            });
        }
    }

    /// A character or predefined entity reference; any other entity is kept as written
    /// (never looked up, never expanded).
    fn entity(&self, r: &BytesRef<'i>) -> Result<Cow<'i, str>, ReadError> {
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(Cow::Owned(c.to_string())),
                _ => Err(self.error(format!("无效的字符引用 &{};", &**r))),
            };
        }
        Ok(Cow::Borrowed(match &**r {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            other => return Ok(Cow::Owned(format!("&{other};"))),
        }))
    }

    /// Reads past the rest of the element whose start was just read.
    pub fn skip(&mut self) -> Result<(), ReadError> {
        let level = self.depth;
        while self.depth >= level {
            if let Ev::Eof = self.next()? {
                return Err(self.error("文件在元素结束前中断"));
            }
        }
        Ok(())
    }

    /// True when the last event read was an opening tag (not a self-closing one).
    pub fn was_start(&self) -> bool {
        self.last_was_start
    }

    /// Skips the content of the element just read when it was an opening tag.
    pub fn skip_if_open(&mut self) -> Result<(), ReadError> {
        if self.last_was_start {
            self.skip()?;
        }
        Ok(())
    }

    /// The value of attribute `local` in the WordprocessingML namespace (or without prefix).
    pub fn attr(&self, e: &BytesStart<'i>, local: &str) -> Option<String> {
        for attr in e.attributes().with_checks(false).flatten() {
            let (ns, name) = self.reader.resolver().resolve_attribute(attr.key);
            if name.as_ref() != local {
                continue;
            }
            let ok = match &ns {
                ResolveResult::Unbound => true,
                other => classify(other) == Ns::W,
            };
            if ok {
                return Some(
                    match attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        Ok(v) => v.into_owned(),
                        Err(_) => attr.value.into_owned(),
                    },
                );
            }
        }
        None
    }
}

/// Local name of an element.
pub fn local<'a>(e: &'a BytesStart<'_>) -> &'a str {
    e.local_name().into_inner()
}

/// Calls `f` with the local name and attributes (local names, unescaped values) of every
/// element of a small part such as a relationships part.
pub fn scan_elements(
    part: &str,
    bytes: &[u8],
    mut f: impl FnMut(&str, &[(String, String)]),
) -> Result<(), ReadError> {
    let text = decode(part, bytes)?;
    let mut xml = Xml::new(part, &text);
    let mut attrs = Vec::new();
    loop {
        match xml.next()? {
            Ev::Start(_, e) | Ev::Empty(_, e) => {
                attrs.clear();
                for a in e.attributes().with_checks(false).flatten() {
                    let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        Ok(v) => v.into_owned(),
                        Err(_) => a.value.to_string(),
                    };
                    attrs.push((a.key.local_name().as_ref().to_string(), value));
                }
                f(local(&e), &attrs);
            }
            Ev::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unknown_entities_literally() {
        let mut xml = Xml::new("t.xml", "<a>x&xxe;&amp;&#x4E00;</a>");
        let mut text = String::new();
        loop {
            match xml.next().unwrap() {
                Ev::Text(t) => text.push_str(&t),
                Ev::Eof => break,
                _ => {}
            }
        }
        assert_eq!(text, "x&xxe;&一");
    }

    #[test]
    fn rejects_unclosed_elements() {
        let mut xml = Xml::new("t.xml", "<a><b>");
        let mut result = Ok(());
        for _ in 0..5 {
            match xml.next() {
                Err(e) => {
                    result = Err(e);
                    break;
                }
                Ok(Ev::Eof) => break,
                Ok(_) => {}
            }
        }
        assert!(matches!(result, Err(ReadError::Corrupt { .. })));
    }
}
