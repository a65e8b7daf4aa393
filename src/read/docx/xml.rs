//! A thin layer over quick-xml for WordprocessingML: elements matched by namespace URI (never by
//! prefix), entity references kept safe, depth capped, errors naming the part.

mod fast;
mod scopes;

use crate::read::{ReadError, limits};
use fast::{Fast, Tok};
use quick_xml::events::{BytesCData, BytesRef, BytesStart, BytesText, Event};
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

/// One event, with the namespace of its element already told apart.
pub enum Ev<'i> {
    /// An opening tag (its content follows).
    Start(Ns, Tag<'i>),
    /// A self-closing tag.
    Empty(Ns, Tag<'i>),
    /// A closing tag.
    End,
    /// Character data, entity references resolved.
    Text(Cow<'i, str>),
    /// End of the part.
    Eof,
}

/// One event of the part as read, before its names are resolved.
enum Step<'i> {
    Start(BytesStart<'i>),
    Empty(BytesStart<'i>),
    End,
    Text(BytesText<'i>),
    CData(BytesCData<'i>),
    Ref(BytesRef<'i>),
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
    depth: usize,
    last_was_start: bool,
}

impl<'i> Xml<'i> {
    /// A reader over `text`, the content of part `part`.
    pub fn new(part: &'i str, text: &'i str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = false;
        Xml {
            source: Source::Quick(reader),
            scopes: Scopes::default(),
            part,
            depth: 0,
            last_was_start: false,
        }
    }

    /// A reader over `text` using the fast tokenizer, raising `gave_up` when it cannot go on.
    fn fast(part: &'i str, text: &'i str, gave_up: Rc<Cell<bool>>) -> Self {
        Xml {
            source: Source::Fast(Fast::new(text), gave_up),
            scopes: Scopes::default(),
            part,
            depth: 0,
            last_was_start: false,
        }
    }

    /// Current element depth (0 outside the root).
    pub fn depth(&self) -> usize {
        self.depth
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

    fn namespace_error(&self, e: &quick_xml::name::NamespaceError) -> ReadError {
        bad(self.part, &e.to_string())
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

    /// Enters a tag: its namespace scope, and one level deeper unless it closes itself.
    fn enter(
        &mut self,
        start: &BytesStart<'i>,
        declares: bool,
        empty: bool,
    ) -> Result<(), ReadError> {
        let entered = if declares {
            self.scopes.push(start)
        } else {
            self.scopes.enter()
        };
        entered.map_err(|e| self.namespace_error(&e))?;
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

    /// The next token of the fast tokenizer, or the error that makes the caller give up.
    #[inline]
    fn token(&mut self) -> Result<Tok<'i>, ReadError> {
        self.scopes.pop_pending();
        let token = match &mut self.source {
            Source::Fast(fast, _) => fast.next(),
            Source::Quick(_) => None,
        };
        let Some(token) = token else {
            return Err(self.give_up());
        };
        self.last_was_start = matches!(token, Tok::Tag { empty: false, .. });
        Ok(token)
    }

    /// The next event that matters, with depth and namespace scopes kept; comments,
    /// declarations and doctype are passed over (a doctype's entities are never expanded).
    fn step(&mut self) -> Result<Step<'i>, ReadError> {
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
                    let declares = scopes::declares(e.attributes_raw().as_bytes());
                    self.enter(&e, declares, false)?;
                    Step::Start(e)
                }
                Event::Empty(e) => {
                    let declares = scopes::declares(e.attributes_raw().as_bytes());
                    self.enter(&e, declares, true)?;
                    Step::Empty(e)
                }
                Event::End(_) => {
                    self.leave();
                    Step::End
                }
                Event::Text(t) => Step::Text(t),
                Event::CData(t) => Step::CData(t),
                Event::GeneralRef(r) => Step::Ref(r),
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(self.error("文件在元素结束前中断"));
                    }
                    Step::Eof
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            });
        }
    }

    /// The next event that matters, element names resolved, text and references decoded.
    #[inline]
    pub fn next(&mut self) -> Result<Ev<'i>, ReadError> {
        if let Source::Fast(..) = self.source {
            return self.next_fast();
        }
        self.next_quick()
    }

    /// [`Xml::next`] over quick-xml.
    fn next_quick(&mut self) -> Result<Ev<'i>, ReadError> {
        Ok(match self.step()? {
            Step::Start(e) => {
                let (ns, tag) = self.tag(e);
                Ev::Start(ns, tag)
            }
            Step::Empty(e) => {
                let (ns, tag) = self.tag(e);
                Ev::Empty(ns, tag)
            }
            Step::End => Ev::End,
            Step::Text(t) => Ev::Text(t.xml10_content()),
            Step::CData(t) => Ev::Text(t.xml10_content()),
            Step::Ref(r) => Ev::Text(self.entity(&r)?),
            Step::Eof => Ev::Eof,
        })
    }

    /// [`Xml::next`] over the fast tokenizer.
    #[inline]
    fn next_fast(&mut self) -> Result<Ev<'i>, ReadError> {
        Ok(match self.token()? {
            Tok::Tag {
                content,
                name_len,
                local,
                empty,
                declares,
            } => {
                let start = BytesStart::from_content(content, name_len);
                self.enter(&start, declares, empty)?;
                let ns = match local {
                    0 => self.scopes.unprefixed(),
                    _ => self
                        .scopes
                        .prefixed(content.get(..local - 1).unwrap_or_default()),
                };
                let tag = Tag { start, local };
                if empty {
                    Ev::Empty(ns, tag)
                } else {
                    Ev::Start(ns, tag)
                }
            }
            Tok::End => {
                self.leave();
                Ev::End
            }
            Tok::Text(text) => Ev::Text(BytesText::from_escaped(text).xml10_content()),
            Tok::Ref(name) => Ev::Text(self.entity(&BytesRef::new(name))?),
            Tok::Eof => {
                if self.depth > 0 {
                    return Err(self.error("文件在元素结束前中断"));
                }
                Ev::Eof
            }
        })
    }

    /// The namespace of a tag and the tag with its local name found.
    fn tag(&self, start: BytesStart<'i>) -> (Ns, Tag<'i>) {
        let name = start.name().into_inner();
        match name.bytes().position(|b| b == b':') {
            None => (self.scopes.unprefixed(), Tag { start, local: 0 }),
            Some(i) => (
                self.scopes.prefixed(name.get(..i).unwrap_or_default()),
                Tag {
                    start,
                    local: i + 1,
                },
            ),
        }
    }

    /// A character or predefined entity reference; any other entity is kept as written
    /// (never looked up, never expanded).
    fn entity(&self, r: &BytesRef<'i>) -> Result<Cow<'i, str>, ReadError> {
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

    fn bad_char_ref(&self, r: &BytesRef<'i>) -> ReadError {
        self.error(format!("无效的字符引用 &{};", &**r))
    }

    /// Reads past the rest of the element whose start was just read. Names are not resolved
    /// and text is not decoded, but the content is checked as [`Xml::next`] checks it.
    pub fn skip(&mut self) -> Result<(), ReadError> {
        if let Source::Fast(..) = self.source {
            return self.skip_fast();
        }
        let level = self.depth;
        while self.depth >= level {
            match self.step()? {
                Step::Eof => return Err(self.error("文件在元素结束前中断")),
                Step::Ref(r) if !char_ref_ok(&r) => return Err(self.bad_char_ref(&r)),
                _ => {}
            }
        }
        Ok(())
    }

    /// [`Xml::skip`] over the fast tokenizer.
    fn skip_fast(&mut self) -> Result<(), ReadError> {
        let level = self.depth;
        while self.depth >= level {
            match self.token()? {
                Tok::Tag {
                    content,
                    name_len,
                    empty,
                    declares,
                    ..
                } => {
                    if declares {
                        let start = BytesStart::from_content(content, name_len);
                        self.enter(&start, true, empty)?;
                    } else {
                        self.enter_plain(empty)?;
                    }
                }
                Tok::End => self.leave(),
                Tok::Text(_) => {}
                Tok::Ref(name) => {
                    let r = BytesRef::new(name);
                    if !char_ref_ok(&r) {
                        return Err(self.bad_char_ref(&r));
                    }
                }
                Tok::Eof => return Err(self.error("文件在元素结束前中断")),
            }
        }
        Ok(())
    }

    /// [`Xml::enter`] for a tag known to declare no namespace.
    fn enter_plain(&mut self, empty: bool) -> Result<(), ReadError> {
        self.scopes.enter().map_err(|e| self.namespace_error(&e))?;
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
    pub fn attr<'t>(&self, e: &'t Tag<'i>, local: &str) -> Option<Cow<'t, str>> {
        for attr in e.start.attributes().with_checks(false).flatten() {
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

/// An opening or self-closing tag whose local name has been found.
pub struct Tag<'i> {
    start: BytesStart<'i>,
    /// Where the local name starts in the qualified name.
    local: usize,
}

/// True unless `r` is a character reference to no character.
fn char_ref_ok(r: &BytesRef<'_>) -> bool {
    !r.is_char_ref() || matches!(r.resolve_char_ref(), Ok(Some(_)))
}

/// Local name of an element.
pub fn local<'a>(e: &'a Tag<'_>) -> &'a str {
    e.start
        .name()
        .into_inner()
        .get(e.local..)
        .unwrap_or_default()
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
                for a in e.start.attributes().with_checks(false).flatten() {
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
mod tests;
