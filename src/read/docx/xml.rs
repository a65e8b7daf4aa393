//! A pull reader for WordprocessingML parts: elements matched by namespace URI (never by prefix),
//! entity references kept safe, depth capped, errors naming the part. Parts are read by a fast
//! tokenizer that gives quick-xml's events, and again by quick-xml itself whenever the fast one
//! gives up ([`read_part`]); events are two words wide, their tag or text read from the reader.

mod fast;
mod scopes;

use crate::read::{ReadError, limits};
use fast::{Fast, Skip, Tok};
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};
use quick_xml::reader::Reader;
use scopes::Scopes;
use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ns {
    /// WordprocessingML main, Transitional or Strict.
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office math (`m:t` carries text).
    Math,
    /// Anything else.
    #[default]
    Other,
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

/// An error of the XML layer, boxed so that events and results stay two words wide.
#[derive(Debug)]
pub struct XmlError(Box<ReadError>);

impl From<ReadError> for XmlError {
    fn from(e: ReadError) -> Self {
        XmlError(Box::new(e))
    }
}

impl From<XmlError> for ReadError {
    fn from(e: XmlError) -> Self {
        *e.0
    }
}

/// What the last event was, with the namespace of its element already told apart. The tag
/// (local name, attributes) or the text is read from the reader until the next event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ev {
    /// An opening tag (its content follows).
    Start(Ns),
    /// A self-closing tag.
    Empty(Ns),
    /// A closing tag.
    End,
    /// Character data, entity references resolved ([`Xml::text`]).
    Text,
    /// End of the part.
    Eof,
}

/// Where the events come from.
enum Source<'i> {
    /// quick-xml: every input, exact errors with their positions.
    Quick(Reader<&'i [u8]>),
    /// The fast tokenizer, and the flag it raises when it gives up.
    Fast(Fast<'i>, Rc<Cell<bool>>),
}

/// Reads a part with `read`, first over the fast tokenizer and, when that gave up (on markup it
/// doesn't handle exactly like quick-xml, or on an error whose message needs quick-xml's
/// position), once more over quick-xml. Either way the outcome is quick-xml's.
///
/// # Errors
/// Whatever `read` returns over quick-xml.
pub fn read_part<T>(
    part: &str,
    text: &str,
    mut read: impl FnMut(Xml<'_>) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let gave_up = Rc::new(Cell::new(false));
    let result = read(Xml::fast(part, text, Rc::clone(&gave_up)));
    if gave_up.get() {
        return read(Xml::new(part, text));
    }
    result
}

/// A namespace-aware pull reader over one part, tracking depth.
pub struct Xml<'i> {
    source: Source<'i>,
    scopes: Scopes,
    part: &'i str,
    /// The whole part.
    input: &'i str,
    depth: usize,
    last_was_start: bool,
    /// The last tag between `<` and `>` (or `/>`), as quick-xml's `BytesStart` holds it.
    tag: &'i str,
    /// Length of the last tag's qualified name.
    name_len: usize,
    /// Where the last tag's local name starts (after its prefix and `:`).
    local: usize,
    /// The last text.
    chars: Cow<'i, str>,
}

impl<'i> Xml<'i> {
    /// A reader over `text`, the content of part `part`.
    pub fn new(part: &'i str, text: &'i str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = false;
        Self::with(Source::Quick(reader), part, text)
    }

    /// A reader over `text` using the fast tokenizer, raising `gave_up` when it cannot go on.
    fn fast(part: &'i str, text: &'i str, gave_up: Rc<Cell<bool>>) -> Self {
        Self::with(Source::Fast(Fast::new(text), gave_up), part, text)
    }

    fn with(source: Source<'i>, part: &'i str, input: &'i str) -> Self {
        Xml {
            source,
            scopes: Scopes::default(),
            part,
            input,
            depth: 0,
            last_was_start: false,
            tag: "",
            name_len: 0,
            local: 0,
            chars: Cow::Borrowed(""),
        }
    }

    /// Current element depth (0 outside the root).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// True when the last event read was an opening tag (not a self-closing one).
    pub fn was_start(&self) -> bool {
        self.last_was_start
    }

    /// Local name of the last tag.
    pub fn local(&self) -> &'i str {
        self.tag.get(self.local..self.name_len).unwrap_or_default()
    }

    /// The last text.
    pub fn text(&self) -> &str {
        &self.chars
    }

    /// An error at the current position. Only quick-xml knows positions: the fast tokenizer
    /// gives up, so the part is read again and the error given with its position.
    fn error(&self, what: impl std::fmt::Display) -> ReadError {
        match &self.source {
            Source::Quick(reader) => bad(
                self.part,
                &format!("{what}（位置 {}）", reader.buffer_position()),
            ),
            Source::Fast(_, gave_up) => {
                gave_up.set(true);
                bad(self.part, &what.to_string())
            }
        }
    }

    /// The fast tokenizer gives up: the part is read again with quick-xml.
    fn give_up(&self) -> ReadError {
        if let Source::Fast(_, gave_up) = &self.source {
            gave_up.set(true);
        }
        bad(self.part, "快速读取未完成")
    }

    fn too_deep(&self) -> ReadError {
        ReadError::TooLarge {
            detail: format!(
                "部件 {} 的 XML 嵌套超过 {} 层",
                self.part,
                limits::MAX_XML_DEPTH
            ),
        }
    }

    /// Enters the last tag: its namespace scope (its declarations read when it may have
    /// some), and one level deeper unless it closes itself.
    fn enter(&mut self, declares: bool, empty: bool) -> Result<(), ReadError> {
        let entered = if declares {
            self.scopes.push(self.tag, self.name_len)
        } else {
            self.scopes.enter()
        };
        entered.map_err(|e| bad(self.part, &e.to_string()))?;
        if empty {
            self.scopes.end();
            return Ok(());
        }
        self.depth += 1;
        if self.depth > limits::MAX_XML_DEPTH {
            return Err(self.too_deep());
        }
        Ok(())
    }

    /// Leaves the element that just closed.
    fn leave(&mut self) {
        self.scopes.end();
        self.depth = self.depth.saturating_sub(1);
    }

    /// The namespace of the last tag.
    fn ns(&self) -> Ns {
        match self.local {
            0 => self.scopes.unprefixed(),
            local => self
                .scopes
                .prefixed(self.tag.get(..local - 1).unwrap_or_default()),
        }
    }

    /// The next event that matters, element names resolved, text and references decoded;
    /// comments, declarations and doctype are passed over (a doctype's entities are never
    /// expanded).
    ///
    /// # Errors
    /// XML that is not well formed, nested too deep, or with bad namespace declarations.
    #[inline]
    pub fn next(&mut self) -> Result<Ev, XmlError> {
        if let Source::Fast(..) = self.source {
            return self.next_fast();
        }
        Ok(self.next_quick()?)
    }

    /// [`Xml::next`] over the fast tokenizer.
    fn next_fast(&mut self) -> Result<Ev, XmlError> {
        self.scopes.pop_pending();
        let Source::Fast(fast, _) = &mut self.source else {
            return Err(self.give_up().into());
        };
        let Some(token) = fast.next() else {
            return Err(self.give_up().into());
        };
        let piece = fast.piece;
        self.last_was_start = matches!(token, Tok::Tag { empty: false, .. });
        Ok(match token {
            Tok::Tag { empty, declares } => {
                self.tag = piece;
                self.name_len = fast.name_len;
                self.local = fast.local;
                self.enter(declares, empty)?;
                let ns = self.ns();
                if empty { Ev::Empty(ns) } else { Ev::Start(ns) }
            }
            Tok::End => {
                self.leave();
                Ev::End
            }
            Tok::Text => {
                self.chars = BytesText::from_escaped(piece).xml10_content();
                Ev::Text
            }
            Tok::Ref => {
                self.chars = self.entity(&BytesRef::new(piece))?;
                Ev::Text
            }
            Tok::Eof => {
                if self.depth > 0 {
                    return Err(self.error("文件在元素结束前中断").into());
                }
                Ev::Eof
            }
        })
    }

    /// [`Xml::next`] over quick-xml.
    fn next_quick(&mut self) -> Result<Ev, ReadError> {
        loop {
            self.scopes.pop_pending();
            let Source::Quick(reader) = &mut self.source else {
                return Err(self.give_up());
            };
            let event = reader
                .read_event()
                .map_err(|e| bad(self.part, &e.to_string()))?;
            self.last_was_start = matches!(event, Event::Start(_));
            return Ok(match event {
                Event::Start(e) => {
                    self.take_tag(&e, 1)?;
                    self.enter(scopes::declares(e.attributes_raw().as_bytes()), false)?;
                    Ev::Start(self.ns())
                }
                Event::Empty(e) => {
                    self.take_tag(&e, 2)?;
                    self.enter(scopes::declares(e.attributes_raw().as_bytes()), true)?;
                    Ev::Empty(self.ns())
                }
                Event::End(_) => {
                    self.leave();
                    Ev::End
                }
                Event::Text(t) => {
                    self.chars = t.xml10_content();
                    Ev::Text
                }
                Event::CData(t) => {
                    self.chars = t.xml10_content();
                    Ev::Text
                }
                Event::GeneralRef(r) => {
                    self.chars = self.entity(&r)?;
                    Ev::Text
                }
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

    /// Keeps a tag quick-xml just read as the last tag, borrowed from the part: it ends
    /// `suffix` bytes (`>` or `/>`) before quick-xml's position, which doesn't count a BOM.
    fn take_tag(&mut self, e: &BytesStart<'_>, suffix: usize) -> Result<(), ReadError> {
        let Source::Quick(reader) = &self.source else {
            return Err(self.give_up());
        };
        let bom = if self.input.starts_with('\u{FEFF}') {
            3
        } else {
            0
        };
        let end = usize::try_from(reader.buffer_position())
            .ok()
            .and_then(|p| (p + bom).checked_sub(suffix));
        let tag = end
            .and_then(|end| self.input.get(end.checked_sub(e.len())?..end))
            .filter(|tag| *tag == &**e)
            .ok_or_else(|| bad(self.part, "标签位置不符"))?;
        let name = e.name().into_inner();
        self.tag = tag;
        self.name_len = name.len();
        self.local = name.bytes().position(|b| b == b':').map_or(0, |i| i + 1);
        Ok(())
    }

    /// A character or predefined entity reference; any other entity is kept as written
    /// (never looked up, never expanded).
    fn entity(&self, r: &BytesRef<'_>) -> Result<Cow<'i, str>, ReadError> {
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(Cow::Owned(c.to_string())),
                _ => Err(self.bad_char_ref(r)),
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

    fn bad_char_ref(&self, r: &BytesRef<'_>) -> ReadError {
        self.error(format!("无效的字符引用 &{};", &**r))
    }

    /// Reads past the rest of the element whose start was just read, checking its content as
    /// [`Xml::next`] does.
    ///
    /// # Errors
    /// As [`Xml::next`], and when the part ends inside the element.
    pub fn skip(&mut self) -> Result<(), XmlError> {
        if let Source::Fast(..) = self.source {
            return self.skip_fast();
        }
        let level = self.depth;
        while self.depth >= level {
            if let Ev::Eof = self.next_quick()? {
                return Err(self.error("文件在元素结束前中断").into());
            }
        }
        Ok(())
    }

    /// [`Xml::skip`] over the fast tokenizer: names are not resolved and text is not decoded.
    fn skip_fast(&mut self) -> Result<(), XmlError> {
        let level = self.depth;
        // Elements that declare no namespace are passed over by the tokenizer alone: their
        // scopes open and close within the skipped content, so only the depth matters.
        let Source::Fast(fast, _) = &mut self.source else {
            return Err(self.give_up().into());
        };
        let room = limits::MAX_XML_DEPTH.saturating_sub(level);
        let skipped = fast.skip(room);
        let (piece, name_len, local) = (fast.piece, fast.name_len, fast.local);
        match skipped {
            Some(Skip::Closed) => {
                self.last_was_start = false;
                self.leave();
                return Ok(());
            }
            Some(Skip::TooDeep) => return Err(self.too_deep().into()),
            Some(Skip::Declares { open, empty }) => {
                // From a declaration on, element by element as `next` would.
                self.depth += open;
                self.scopes.deepen(open);
                self.tag = piece;
                self.name_len = name_len;
                self.local = local;
                self.last_was_start = !empty;
                self.enter(true, empty)?;
            }
            None => return Err(self.give_up().into()),
        }
        while self.depth >= level {
            self.scopes.pop_pending();
            let Source::Fast(fast, _) = &mut self.source else {
                return Err(self.give_up().into());
            };
            let Some(token) = fast.next() else {
                return Err(self.give_up().into());
            };
            self.last_was_start = matches!(token, Tok::Tag { empty: false, .. });
            match token {
                Tok::Tag { empty, declares } => {
                    if declares {
                        self.tag = fast.piece;
                        self.name_len = fast.name_len;
                        self.local = fast.local;
                    }
                    self.enter(declares, empty)?;
                }
                Tok::End => self.leave(),
                Tok::Text => {}
                Tok::Ref => {
                    let r = BytesRef::new(fast.piece);
                    if !fast::char_ref_ok(&r) {
                        return Err(self.bad_char_ref(&r).into());
                    }
                }
                Tok::Eof => return Err(self.error("文件在元素结束前中断").into()),
            }
        }
        Ok(())
    }

    /// Skips the content of the element just read when it was an opening tag.
    ///
    /// # Errors
    /// As [`Xml::skip`].
    pub fn skip_if_open(&mut self) -> Result<(), XmlError> {
        if self.last_was_start {
            self.skip()?;
        }
        Ok(())
    }

    /// The value of attribute `local` of the last tag, in the WordprocessingML namespace (or
    /// without prefix).
    pub fn attr(&self, local: &str) -> Option<Cow<'i, str>> {
        for attr in Attributes::new(self.tag, self.name_len)
            .with_checks(false)
            .flatten()
        {
            let (name, prefix) = attr.key.decompose();
            if name.as_ref() != local {
                continue;
            }
            let ok = match prefix {
                None => true,
                Some(p) => self.scopes.prefixed(p.as_ref()) == Ns::W,
            };
            if ok {
                return Some(
                    match attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        Ok(v) => v,
                        Err(_) => attr.value,
                    },
                );
            }
        }
        None
    }
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
            Ev::Start(_) | Ev::Empty(_) => {
                attrs.clear();
                for a in Attributes::new(xml.tag, xml.name_len)
                    .with_checks(false)
                    .flatten()
                {
                    let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        Ok(v) => v.into_owned(),
                        Err(_) => a.value.to_string(),
                    };
                    attrs.push((a.key.local_name().as_ref().to_string(), value));
                }
                f(xml.local(), &attrs);
            }
            Ev::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
