//! A forgiving tokenizer for content streams and CMaps: operands and operators, never a panic.
//!
//! lopdf's content parser gives up on the first syntax error, which loses the rest of a page
//! of a truncated or slightly damaged stream; this one skips a bad byte and carries on, keeps
//! its nesting and sizes bounded, and steps over inline image data (`BI … ID … EI`).

/// Deepest nesting of arrays and dictionaries kept in one operand.
const MAX_NESTING: usize = 32;
/// Most operands kept before one operator (the rest are dropped).
pub const MAX_OPERANDS: usize = 64;
/// Most elements kept in one array operand (a `TJ` array of a long line has a few hundred).
const MAX_ARRAY: usize = 100_000;

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A number (integer or real).
    Num(f64),
    /// A name, without its slash, `#xx` escapes resolved.
    Name(Vec<u8>),
    /// A string's bytes (literal or hex).
    Str(Vec<u8>),
    /// An array.
    Array(Vec<Operand>),
    /// A dictionary (kept as key/value pairs).
    Dict(Vec<(Vec<u8>, Operand)>),
    /// `true`, `false`, `null` and anything else that is not an operator here.
    Other,
}

impl Operand {
    /// The number, if this is one.
    pub fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// What the lexer hands out.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// An operand.
    Operand(Operand),
    /// An operator keyword (`Tj`, `re`, `beginbfchar` …).
    Op(Vec<u8>),
    /// A complete inline image (`BI` dictionary `ID` data `EI`), data skipped.
    InlineImage,
}

/// The tokenizer over a byte slice.
pub struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Lexer { bytes, pos: 0 }
    }

    fn skip_white(&mut self) {
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.bytes.len() && !matches!(self.bytes[self.pos], b'\r' | b'\n')
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the bytes.
    pub fn next_token(&mut self) -> Option<Token> {
        loop {
            self.skip_white();
            let &b = self.bytes.get(self.pos)?;
            match b {
                b']' | b'>' | b')' | b'}' | b'{' => {
                    // Stray closing bracket (or a PostScript brace in a CMap): skip it.
                    self.pos += 1;
                }
                _ => {
                    if let Some(operand) = self.operand(0) {
                        return Some(Token::Operand(operand));
                    }
                    let word = self.word();
                    if word.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    if word == b"BI" {
                        self.skip_inline_image();
                        return Some(Token::InlineImage);
                    }
                    return Some(Token::Op(word));
                }
            }
        }
    }

    /// A regular word (operator or number or keyword) at the current position.
    fn word(&mut self) -> Vec<u8> {
        let start = self.pos;
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        self.bytes[start..self.pos].to_vec()
    }

    /// An operand starting at the current position, or `None` (position unchanged) when the
    /// next word is an operator.
    fn operand(&mut self, depth: usize) -> Option<Operand> {
        self.skip_white();
        let &b = self.bytes.get(self.pos)?;
        match b {
            b'/' => {
                self.pos += 1;
                let raw = self.word();
                Some(Operand::Name(unescape_name(&raw)))
            }
            b'(' => Some(Operand::Str(self.literal_string())),
            b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Some(self.dictionary(depth))
            }
            b'<' => Some(Operand::Str(self.hex_string())),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.bytes.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) => {}
                    }
                    let before = self.pos;
                    let item = if depth + 1 >= MAX_NESTING {
                        None
                    } else {
                        self.operand(depth + 1)
                    };
                    match item {
                        Some(item) if items.len() < MAX_ARRAY => items.push(item),
                        Some(_) => {}
                        None => {
                            // An operator inside an array: the array is broken; skip the word.
                            let w = self.word();
                            if w.is_empty() && self.pos == before {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Some(Operand::Array(items))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let start = self.pos;
                let word = self.word();
                match parse_number(&word) {
                    Some(n) => Some(Operand::Num(n)),
                    None => {
                        self.pos = start;
                        None
                    }
                }
            }
            _ => {
                let start = self.pos;
                let word = self.word();
                if matches!(word.as_slice(), b"true" | b"false" | b"null") {
                    Some(Operand::Other)
                } else {
                    self.pos = start;
                    None
                }
            }
        }
    }

    fn dictionary(&mut self, depth: usize) -> Operand {
        let mut pairs = Vec::new();
        loop {
            self.skip_white();
            match self.bytes.get(self.pos) {
                None => break,
                Some(b'>') => {
                    self.pos += 1;
                    if self.bytes.get(self.pos) == Some(&b'>') {
                        self.pos += 1;
                    }
                    break;
                }
                Some(_) => {}
            }
            let before = self.pos;
            let key = match (depth + 1 < MAX_NESTING)
                .then(|| self.operand(depth + 1))
                .flatten()
            {
                Some(Operand::Name(k)) => k,
                Some(_) => continue,
                None => {
                    self.word();
                    if self.pos == before {
                        self.pos += 1;
                    }
                    continue;
                }
            };
            let value = (depth + 1 < MAX_NESTING)
                .then(|| self.operand(depth + 1))
                .flatten()
                .unwrap_or(Operand::Other);
            if pairs.len() < MAX_ARRAY {
                pairs.push((key, value));
            }
        }
        Operand::Dict(pairs)
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.bytes.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.bytes.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.bytes.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// Steps over an inline image: its dictionary up to `ID`, then the data up to an `EI`
    /// that stands as a word of its own.
    fn skip_inline_image(&mut self) {
        let id = find(self.bytes, self.pos, |bytes, i| {
            bytes[i..].starts_with(b"ID")
                && (i == 0 || is_white(bytes[i - 1]) || bytes[i - 1] == b'>')
                && bytes.get(i + 2).is_none_or(|&b| is_white(b))
        });
        let Some(id) = id else {
            self.pos = self.bytes.len();
            return;
        };
        let data = id + 3;
        let ei = find(self.bytes, data, |bytes, i| {
            bytes[i..].starts_with(b"EI")
                && i > 0
                && is_white(bytes[i - 1])
                && bytes.get(i + 2).is_none_or(|&b| is_white(b))
        });
        self.pos = ei.map_or(self.bytes.len(), |e| e + 2);
    }
}

fn find(bytes: &[u8], from: usize, at: impl Fn(&[u8], usize) -> bool) -> Option<usize> {
    (from..bytes.len().saturating_sub(1)).find(|&i| at(bytes, i))
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let (Some(h), Some(l)) = (
                raw.get(i + 1).copied().and_then(hex_val),
                raw.get(i + 2).copied().and_then(hex_val),
            )
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// A PDF number (`12`, `-3.5`, `.5`, `4.`); `None` for anything else.
pub fn parse_number(word: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(word).ok()?;
    // Some producers write `--5` or `-.5`; accept a doubled sign as one.
    let text = text.strip_prefix("--").map_or(text, |t| t);
    let n: f64 = text.parse().ok().or_else(|| {
        if text == "-" || text == "." || text == "+" {
            Some(0.0)
        } else {
            None
        }
    })?;
    n.is_finite().then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &[u8]) -> Vec<Token> {
        let mut lexer = Lexer::new(text);
        std::iter::from_fn(|| lexer.next_token()).collect()
    }

    #[test]
    fn reads_operands_and_operators() {
        let got = tokens(b"BT /F1 12 Tf (a\\(b\\)c) Tj [<0041> -250 (x)] TJ ET");
        assert_eq!(got[0], Token::Op(b"BT".to_vec()));
        assert_eq!(got[1], Token::Operand(Operand::Name(b"F1".to_vec())));
        assert_eq!(got[2], Token::Operand(Operand::Num(12.0)));
        assert_eq!(got[4], Token::Operand(Operand::Str(b"a(b)c".to_vec())));
        assert_eq!(
            got[6],
            Token::Operand(Operand::Array(vec![
                Operand::Str(vec![0, 0x41]),
                Operand::Num(-250.0),
                Operand::Str(b"x".to_vec())
            ]))
        );
        assert_eq!(got.last(), Some(&Token::Op(b"ET".to_vec())));
    }

    #[test]
    fn steps_over_inline_image_data() {
        let got = tokens(b"q BI /W 2 /H 2 /BPC 8 ID \x00EI)(\xff EI Q");
        assert_eq!(
            got,
            vec![
                Token::Op(b"q".to_vec()),
                Token::InlineImage,
                Token::Op(b"Q".to_vec())
            ]
        );
    }

    #[test]
    fn survives_unbalanced_and_deep_input() {
        let deep = "[".repeat(10_000);
        assert!(tokens(deep.as_bytes()).len() <= 1);
        let got = tokens(b") ] 1 2 re >> (unterminated");
        assert!(got.contains(&Token::Op(b"re".to_vec())));
    }
}
