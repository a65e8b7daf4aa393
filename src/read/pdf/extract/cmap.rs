//! CMaps: how a font's string bytes split into codes, and what Unicode a code stands for.
//!
//! A `ToUnicode` stream maps codes to UTF-16 text; the codespace ranges of a CMap say how many
//! bytes a code takes. Predefined Chinese, Japanese and Korean CMaps (`GBK-EUC-H`,
//! `UniGB-UCS2-H`, `90ms-RKSJ-H` …) need no table: their codes are bytes of a legacy encoding
//! or UTF-16, decoded with `encoding_rs`.

use super::lex::{Lexer, Operand, Token};
use std::collections::HashMap;

/// Most entries kept from one CMap (a full CJK font maps some 30,000 codes).
const MAX_ENTRIES: usize = 200_000;
/// Longest `bfrange` expanded entry by entry.
const MAX_RANGE: u32 = 65_536;
/// Most operands kept for one `begin…`/`end…` block. The CMap format allows 100 entries a
/// block, but producers write more (WeasyPrint: one `bfchar` block of every glyph used).
const MAX_BLOCK_OPERANDS: usize = 3 * 65_536;

/// A codespace range: codes of `len` bytes between `lo` and `hi`, byte by byte.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    lo: Vec<u8>,
    hi: Vec<u8>,
}

/// A parsed CMap: codespace and code → Unicode (`ToUnicode`) or code → CID (an embedded
/// encoding CMap).
#[derive(Debug, Clone, Default)]
pub struct CMap {
    ranges: Vec<Range>,
    /// code (big-endian bytes packed in a u32, with its byte length) → text.
    unicode: HashMap<(u32, u8), String>,
    /// code → CID, from `cidchar`/`cidrange`.
    cids: HashMap<(u32, u8), u32>,
    /// Most-specific code length seen in mappings, when there is no codespace.
    mapped_len: Option<u8>,
}

fn pack(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

fn utf16_text(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Adds `offset` to the last UTF-16 unit of `dst` (the `bfrange` rule).
fn offset_text(dst: &[u8], offset: u32) -> String {
    let mut bytes = dst.to_vec();
    if bytes.len() < 2 {
        bytes.resize(2, 0);
    }
    let n = bytes.len();
    let last = u32::from(bytes[n - 2]) << 8 | u32::from(bytes[n - 1]);
    let sum = last.wrapping_add(offset);
    bytes[n - 2] = (sum >> 8) as u8;
    bytes[n - 1] = sum as u8;
    utf16_text(&bytes)
}

impl CMap {
    /// Parses the text of a CMap stream. Unparsable parts are skipped.
    pub fn parse(bytes: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer::new(bytes);
        let mut args: Vec<Operand> = Vec::new();
        while let Some(token) = lexer.next_token() {
            match token {
                Token::Operand(o) => {
                    if args.len() < MAX_BLOCK_OPERANDS {
                        args.push(o);
                    }
                }
                Token::InlineImage => args.clear(),
                Token::Op(op) => {
                    match op.as_slice() {
                        b"endcodespacerange" => cmap.codespace(&args),
                        b"endbfchar" => cmap.bfchar(&args),
                        b"endbfrange" => cmap.bfrange(&args),
                        b"endcidchar" => cmap.cidchar(&args),
                        b"endcidrange" => cmap.cidrange(&args),
                        _ => {}
                    }
                    args.clear();
                }
            }
            if cmap.unicode.len() + cmap.cids.len() > MAX_ENTRIES {
                break;
            }
        }
        cmap
    }

    fn note_len(&mut self, len: usize) {
        if (1..=4).contains(&len) && self.mapped_len.is_none() {
            self.mapped_len = Some(len as u8);
        }
    }

    fn codespace(&mut self, args: &[Operand]) {
        for pair in args.chunks(2) {
            if let [Operand::Str(lo), Operand::Str(hi)] = pair
                && lo.len() == hi.len()
                && (1..=4).contains(&lo.len())
            {
                self.ranges.push(Range {
                    lo: lo.clone(),
                    hi: hi.clone(),
                });
            }
        }
    }

    fn bfchar(&mut self, args: &[Operand]) {
        for pair in args.chunks(2) {
            if let [Operand::Str(src), dst] = pair
                && (1..=4).contains(&src.len())
            {
                let text = match dst {
                    Operand::Str(d) => utf16_text(d),
                    Operand::Name(n) => match super::encoding::glyph_name_text(n) {
                        Some(t) => t,
                        None => continue,
                    },
                    _ => continue,
                };
                self.note_len(src.len());
                self.unicode.insert((pack(src), src.len() as u8), text);
            }
        }
    }

    fn bfrange(&mut self, args: &[Operand]) {
        for triple in args.chunks(3) {
            let [Operand::Str(lo), Operand::Str(hi), dst] = triple else {
                continue;
            };
            if lo.len() != hi.len() || !(1..=4).contains(&lo.len()) {
                continue;
            }
            let len = lo.len() as u8;
            let (a, b) = (pack(lo), pack(hi));
            if b < a || b - a >= MAX_RANGE {
                continue;
            }
            self.note_len(lo.len());
            for (i, code) in (a..=b).enumerate() {
                let text = match dst {
                    Operand::Str(d) => offset_text(d, i as u32),
                    Operand::Array(items) => match items.get(i) {
                        Some(Operand::Str(d)) => utf16_text(d),
                        _ => continue,
                    },
                    _ => continue,
                };
                self.unicode.insert((code, len), text);
                if self.unicode.len() > MAX_ENTRIES {
                    return;
                }
            }
        }
    }

    fn cidchar(&mut self, args: &[Operand]) {
        for pair in args.chunks(2) {
            if let [Operand::Str(src), Operand::Num(cid)] = pair
                && (1..=4).contains(&src.len())
            {
                self.cids
                    .insert((pack(src), src.len() as u8), cid.max(0.0) as u32);
            }
        }
    }

    fn cidrange(&mut self, args: &[Operand]) {
        for triple in args.chunks(3) {
            if let [Operand::Str(lo), Operand::Str(hi), Operand::Num(cid)] = triple
                && lo.len() == hi.len()
                && (1..=4).contains(&lo.len())
            {
                let (a, b) = (pack(lo), pack(hi));
                if b < a || b - a >= MAX_RANGE {
                    continue;
                }
                for code in a..=b {
                    self.cids
                        .insert((code, lo.len() as u8), cid.max(0.0) as u32 + (code - a));
                }
            }
        }
    }

    /// The byte length of the code starting at `bytes[0]`, by the codespace ranges (the
    /// shortest matching range wins); `None` when no range matches.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for r in &self.ranges {
            let n = r.lo.len();
            if bytes.len() < n {
                continue;
            }
            let fits = (0..n).all(|i| r.lo[i] <= bytes[i] && bytes[i] <= r.hi[i]);
            if fits && best.is_none_or(|b| n < b) {
                best = Some(n);
            }
        }
        best
    }

    /// The length codes take when the CMap has mappings but no codespace.
    pub fn mapped_len(&self) -> Option<usize> {
        self.mapped_len.map(usize::from)
    }

    /// The text a code stands for.
    pub fn text(&self, code: u32, len: usize) -> Option<&str> {
        self.unicode.get(&(code, len as u8)).map(String::as_str)
    }

    /// The CID a code stands for (embedded encoding CMaps).
    pub fn cid(&self, code: u32, len: usize) -> Option<u32> {
        self.cids.get(&(code, len as u8)).copied()
    }

    /// True when nothing was mapped.
    pub fn is_empty(&self) -> bool {
        self.unicode.is_empty() && self.cids.is_empty()
    }
}

/// How the codes of a predefined CMap turn into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predefined {
    /// `Identity-H` / `Identity-V`: two-byte codes that are CIDs; text only from `ToUnicode`.
    Identity,
    /// `Uni…-UCS2-…` / `Uni…-UTF16-…`: two-byte (or surrogate-pair) UTF-16BE codes.
    Utf16,
    /// A legacy multi-byte encoding: GBK/GB2312 (`GBK-EUC-H`, `GB-EUC-H`, `GBpc-EUC-H`,
    /// `GBKp-EUC-H`, `GBK2K-H`), Big5 (`B5pc-H`, `ETen-B5-H`, `HKscs-B5-H`), Shift JIS
    /// (`90ms-RKSJ-H`, `83pv-RKSJ-H`, `90pv-RKSJ-H`), EUC-JP (`EUC-H`), EUC-KR (`KSC-EUC-H`,
    /// `KSCms-UHC-H`).
    Legacy(&'static encoding_rs::Encoding),
}

/// A predefined CMap by name, with whether it writes vertically; `None` for an unknown name.
pub fn predefined(name: &[u8]) -> Option<(Predefined, bool)> {
    let name = std::str::from_utf8(name).ok()?;
    let vertical = name.ends_with("-V");
    let base = name.trim_end_matches("-H").trim_end_matches("-V");
    let kind = if base == "Identity" {
        Predefined::Identity
    } else if base.starts_with("Uni") && (base.contains("UCS2") || base.contains("UTF16")) {
        Predefined::Utf16
    } else if base.starts_with("GB") {
        Predefined::Legacy(encoding_rs::GBK)
    } else if base.starts_with("B5") || base.starts_with("ETen") || base.starts_with("HKscs") {
        Predefined::Legacy(encoding_rs::BIG5)
    } else if base.contains("RKSJ") {
        Predefined::Legacy(encoding_rs::SHIFT_JIS)
    } else if base == "EUC" {
        Predefined::Legacy(encoding_rs::EUC_JP)
    } else if base.starts_with("KSC") {
        Predefined::Legacy(encoding_rs::EUC_KR)
    } else {
        return None;
    };
    Some((kind, vertical))
}

/// The byte length of the code at the start of `bytes` under a predefined CMap.
pub fn predefined_code_len(kind: Predefined, bytes: &[u8]) -> usize {
    match kind {
        Predefined::Identity => 2,
        Predefined::Utf16 => {
            let lead = bytes.first().copied().unwrap_or(0);
            if (0xD8..=0xDB).contains(&lead) && bytes.len() >= 4 {
                4
            } else {
                2
            }
        }
        Predefined::Legacy(enc) => {
            let b = bytes.first().copied().unwrap_or(0);
            let double = if enc == encoding_rs::SHIFT_JIS {
                (0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b)
            } else {
                b >= 0x81 && b != 0xFF
            };
            if double { 2 } else { 1 }
        }
    }
}

/// The text of one code under a predefined CMap (`None` for `Identity` or an invalid code).
pub fn predefined_text(kind: Predefined, code: &[u8]) -> Option<String> {
    match kind {
        Predefined::Identity => None,
        Predefined::Utf16 => {
            let units: Vec<u16> = code
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| u16::from(c[0]) << 8 | u16::from(c[1]))
                .collect();
            String::from_utf16(&units).ok()
        }
        Predefined::Legacy(enc) => {
            let (text, had_errors) = enc.decode_without_bom_handling(code);
            (!had_errors).then(|| text.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_and_bfrange_of_a_tounicode() {
        let text = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <01A2> <653F> endbfchar
2 beginbfrange <0010> <0012> <0031> <0020> <0021> [<5E9C> <D840DC00>] endbfrange
endcmap";
        let cmap = CMap::parse(text);
        assert_eq!(cmap.code_len(&[0x01, 0xA2]), Some(2));
        assert_eq!(cmap.text(0x01A2, 2), Some("政"));
        assert_eq!(cmap.text(0x0011, 2), Some("2"));
        assert_eq!(cmap.text(0x0020, 2), Some("府"));
        assert_eq!(cmap.text(0x0021, 2), Some("\u{20000}"));
        assert_eq!(cmap.text(0x0013, 2), None);
    }

    #[test]
    fn reads_a_bfchar_block_of_more_than_100_entries() {
        // WeasyPrint writes every glyph of a font in one block (547 entries in the seed).
        let mut text = String::from("1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
        text.push_str("600 beginbfchar\n");
        for i in 0..600u32 {
            text.push_str(&format!("<{:04X}> <{:04X}>\n", i + 1, 0x4E00 + i));
        }
        text.push_str("endbfchar");
        let cmap = CMap::parse(text.as_bytes());
        assert_eq!(cmap.text(1, 2), Some("一"));
        assert_eq!(cmap.text(600, 2), Some("\u{5057}"));
    }

    #[test]
    fn gbk_cmap_codes_are_gbk_bytes() {
        let (kind, vertical) = predefined(b"GBK-EUC-H").unwrap();
        assert!(!vertical);
        let bytes = [0xD5, 0xFE, b'1'];
        assert_eq!(predefined_code_len(kind, &bytes), 2);
        assert_eq!(predefined_text(kind, &bytes[..2]).as_deref(), Some("政"));
        assert_eq!(predefined_code_len(kind, &bytes[2..]), 1);
    }

    #[test]
    fn ucs2_cmap_codes_are_utf16() {
        let (kind, vertical) = predefined(b"UniGB-UTF16-V").unwrap();
        assert!(vertical);
        assert_eq!(predefined_text(kind, &[0x76, 0xEE]).as_deref(), Some("目"));
        assert_eq!(predefined(b"Adobe-Unknown-H"), None);
    }
}
