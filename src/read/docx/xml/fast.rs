//! A tokenizer for the well-formed XML that Word packages hold, giving the very events quick-xml
//! gives (same text pieces, same tags, same names) at a fraction of the cost: the input is
//! already valid UTF-8, so nothing is validated again, and tags are found with one pass over
//! the bytes. Whatever it does not do exactly like quick-xml — comments, CDATA, doctype, a
//! broken tag, a reference without `;`, a mismatched end tag — it does not try: it gives up,
//! and the part is read again with quick-xml (see [`super::read_part`]), errors and all.

use quick_xml::events::BytesRef;

/// One token: what quick-xml's event would be. Its text is [`Fast::piece`].
#[derive(Clone, Copy)]
pub(super) enum Tok {
    /// An opening or self-closing tag: `piece` is what is between `<` and `>` (or `/>`), as
    /// quick-xml's `BytesStart` holds it.
    Tag {
        /// Self-closing.
        empty: bool,
        /// An `x` outside the quoted values: the tag may declare namespaces.
        declares: bool,
    },
    /// A closing tag (its name matched).
    End,
    /// Character data between markup, as written.
    Text,
    /// An entity or character reference (`&piece;`).
    Ref,
    /// End of the part.
    Eof,
}

/// How [`Fast::skip`] stopped.
pub(super) enum Skip {
    /// The element closed.
    Closed,
    /// An element inside it would be nested deeper than allowed.
    TooDeep,
    /// A tag that may declare namespaces was read (it is the last token), with `open`
    /// elements open inside the skipped one.
    Declares {
        /// Elements open inside the skipped one, before this tag.
        open: usize,
        /// The tag closes itself.
        empty: bool,
    },
}

/// True unless `r` is a character reference to no character.
pub(super) fn char_ref_ok(r: &BytesRef<'_>) -> bool {
    !r.is_char_ref() || matches!(r.resolve_char_ref(), Ok(Some(_)))
}

/// Where the tokenizer is (quick-xml's `ParseState`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Init,
    Text,
    Markup,
    Ref,
    Done,
}

/// The fast tokenizer over one part.
pub(super) struct Fast<'i> {
    text: &'i str,
    pos: usize,
    state: State,
    /// Names of the open elements, as ranges of `text`.
    open: Vec<(usize, usize)>,
    /// The text of the last token.
    pub(super) piece: &'i str,
    /// Length of the last tag's qualified name.
    pub(super) name_len: usize,
    /// Where the last tag's local name starts (after the first `:`), 0 without prefix.
    pub(super) local: usize,
}

/// XML whitespace, as quick-xml counts it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// High bit set in the bytes of `word` equal to `b` (the lowest set bit is exact; bits above
/// a match may be false).
fn eq_bytes(word: u64, b: u8) -> u64 {
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// Offset of the first byte of `hay` that `hit` marks: eight bytes at a time through
/// `word_hits`, which must mark (at least the first of) the same bytes in a word.
#[inline(always)]
fn find(hay: &[u8], word_hits: impl Fn(u64) -> u64, hit: impl Fn(u8) -> bool) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = hay.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let hits = word_hits(u64::from_le_bytes(word));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = hay.get(at..)?;
    tail.iter().position(|&b| hit(b)).map(|i| at + i)
}

/// Offset of the first `a` or `b` in `hay`.
pub(super) fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    find(
        hay,
        |w| eq_bytes(w, a) | eq_bytes(w, b),
        |x| x == a || x == b,
    )
}

/// Offset of the first `a`, `b` or `c` in `hay`.
fn find3(hay: &[u8], a: u8, b: u8, c: u8) -> Option<usize> {
    find(
        hay,
        |w| eq_bytes(w, a) | eq_bytes(w, b) | eq_bytes(w, c),
        |x| x == a || x == b || x == c,
    )
}

/// Offset of the first `a`, `b`, `c` or `d` in `hay`.
fn find4(hay: &[u8], a: u8, b: u8, c: u8, d: u8) -> Option<usize> {
    find(
        hay,
        |w| eq_bytes(w, a) | eq_bytes(w, b) | eq_bytes(w, c) | eq_bytes(w, d),
        |x| x == a || x == b || x == c || x == d,
    )
}

/// Offset of the first `a` in `hay`.
pub(super) fn find1(hay: &[u8], a: u8) -> Option<usize> {
    find(hay, |w| eq_bytes(w, a), |x| x == a)
}

/// Offset of the `>` closing a tag that starts at `bytes[0]`, quoted attribute values passed
/// over (quick-xml's `ElementParser`), and whether an `x` was seen outside the values (when
/// `WATCH_X`: only there can an attribute name `xmlns…` be).
fn tag_end<const WATCH_X: bool>(bytes: &[u8]) -> Option<(usize, bool)> {
    let mut at = 0;
    let mut saw_x = false;
    loop {
        let rest = bytes.get(at..)?;
        let i = at
            + if WATCH_X {
                find4(rest, b'>', b'"', b'\'', b'x')?
            } else {
                find3(rest, b'>', b'"', b'\'')?
            };
        match bytes.get(i)? {
            b'>' => return Some((i, saw_x)),
            b'x' => {
                saw_x = true;
                at = i + 1;
            }
            &quote => {
                let close = i + 1 + find1(bytes.get(i + 1..)?, quote)?;
                at = close + 1;
            }
        }
    }
}

/// Byte-wise equality of two short strings (names), without a call to `memcmp`.
#[inline]
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Length of the name at the start of `content` (up to XML whitespace, as quick-xml's
/// `name_len`) and where its local part starts (after the first `:`, 0 without one).
#[inline]
fn name_of(content: &[u8]) -> (usize, usize) {
    let mut local = 0;
    for (i, &b) in content.iter().enumerate() {
        if is_space(b) {
            return (i, local);
        }
        if b == b':' && local == 0 {
            local = i + 1;
        }
    }
    (content.len(), local)
}

impl<'i> Fast<'i> {
    pub(super) fn new(text: &'i str) -> Self {
        Fast {
            text,
            pos: 0,
            state: State::Init,
            open: Vec::new(),
            piece: "",
            name_len: 0,
            local: 0,
        }
    }

    /// Reads past the content of the element just opened, up to and with its end tag, as long
    /// as no tag may declare a namespace; `room` is how many levels may still open. `None`
    /// when the tokenizer gives up (as [`Fast::next`]) or a character reference is bad.
    pub(super) fn skip(&mut self, room: usize) -> Option<Skip> {
        let mut open = 0usize;
        loop {
            match self.read::<true>()? {
                Tok::Tag {
                    declares: true,
                    empty,
                } => return Some(Skip::Declares { open, empty }),
                Tok::Tag { empty: true, .. } | Tok::Text => {}
                Tok::Tag { empty: false, .. } => {
                    if open + 1 > room {
                        return Some(Skip::TooDeep);
                    }
                    open += 1;
                }
                Tok::End => match open.checked_sub(1) {
                    Some(inner) => open = inner,
                    None => return Some(Skip::Closed),
                },
                Tok::Ref => {
                    if !char_ref_ok(&BytesRef::new(self.piece)) {
                        return None;
                    }
                }
                Tok::Eof => return None,
            }
        }
    }

    /// `text[from..to]`.
    #[inline]
    fn slice(&self, from: usize, to: usize) -> Option<&'i str> {
        self.text.get(from..to)
    }

    /// The next event, or `None` when quick-xml would not give the same one (the caller
    /// then gives up on this tokenizer).
    pub(super) fn next(&mut self) -> Option<Tok> {
        self.read::<false>()
    }

    /// [`Fast::next`]; when `SKIPPING`, what only a reader of the tokens needs is left out:
    /// the text of text and of self-closing tags that declare nothing.
    #[inline(always)]
    fn read<const SKIPPING: bool>(&mut self) -> Option<Tok> {
        let bytes = self.text.as_bytes();
        loop {
            match self.state {
                State::Init => {
                    if bytes.starts_with(b"\xEF\xBB\xBF") {
                        self.pos = 3;
                    }
                    self.state = State::Text;
                }
                State::Text => {
                    // Markup follows markup most of the time.
                    if bytes.get(self.pos) == Some(&b'<') {
                        self.state = State::Markup;
                        continue;
                    }
                    let rest = bytes.get(self.pos..)?;
                    let Some(i) = find2(rest, b'<', b'&') else {
                        self.state = State::Done;
                        if rest.is_empty() {
                            return Some(Tok::Eof);
                        }
                        if !SKIPPING {
                            self.piece = self.slice(self.pos, bytes.len())?;
                        }
                        self.pos = bytes.len();
                        return Some(Tok::Text);
                    };
                    self.state = if rest.get(i) == Some(&b'<') {
                        State::Markup
                    } else {
                        State::Ref
                    };
                    if i > 0 {
                        if !SKIPPING {
                            self.piece = self.slice(self.pos, self.pos + i)?;
                        }
                        self.pos += i;
                        return Some(Tok::Text);
                    }
                }
                State::Ref => {
                    // `&name;` up to the first `;`; a `&` or `<` before it is quick-xml's
                    // "unclosed reference" error.
                    let rest = bytes.get(self.pos + 1..)?;
                    let i = find3(rest, b';', b'&', b'<')?;
                    if rest.get(i) != Some(&b';') {
                        return None;
                    }
                    self.piece = self.slice(self.pos + 1, self.pos + 1 + i)?;
                    self.pos += i + 2;
                    self.state = State::Text;
                    return Some(Tok::Ref);
                }
                State::Markup => {
                    let rest = bytes.get(self.pos..)?;
                    match rest.get(1)? {
                        b'!' => return None,
                        b'?' => {
                            // A declaration or processing instruction, ended by the first
                            // `?>`; neither matters to the reader.
                            let end = rest
                                .iter()
                                .enumerate()
                                .skip(1)
                                .find(|&(i, &b)| b == b'>' && rest.get(i - 1) == Some(&b'?'))
                                .map(|(i, _)| i)?;
                            // quick-xml refuses `<?>`, the shortest markup ended by `?>`.
                            if end < 3 {
                                return None;
                            }
                            self.pos += end + 1;
                            self.state = State::Text;
                        }
                        b'/' => {
                            let (end, _) = tag_end::<false>(rest)?;
                            let content = self.slice(self.pos + 2, self.pos + end)?;
                            let name = match content.bytes().rposition(|b| !is_space(b)) {
                                Some(last) => content.get(..=last)?,
                                None => content,
                            };
                            let (from, to) = self.open.pop()?;
                            if !same(bytes.get(from..to)?, name.as_bytes()) {
                                return None;
                            }
                            self.pos += end + 1;
                            self.state = State::Text;
                            return Some(Tok::End);
                        }
                        _ => {
                            let (end, declares) = tag_end::<true>(rest)?;
                            let start = self.pos + 1;
                            self.pos += end + 1;
                            self.state = State::Text;
                            let empty = end >= 2 && rest.get(end - 1) == Some(&b'/');
                            if SKIPPING && empty && !declares {
                                return Some(Tok::Tag { empty, declares });
                            }
                            let stop = if empty {
                                start + end - 2
                            } else {
                                start + end - 1
                            };
                            let content = self.slice(start, stop)?;
                            let (name_len, local) = name_of(content.as_bytes());
                            if !empty {
                                self.open.push((start, start + name_len));
                            }
                            self.piece = content;
                            self.name_len = name_len;
                            self.local = local;
                            return Some(Tok::Tag { empty, declares });
                        }
                    }
                }
                State::Done => return Some(Tok::Eof),
            }
        }
    }
}
