//! Simple-font encodings: the base encodings (WinAnsi, MacRoman, Standard) and the glyph
//! names of `/Differences`, each to Unicode.
//!
//! Only names whose meaning is certain are mapped (`uniXXXX`, `uXXXX`, the ASCII and common
//! punctuation names); any other name gives no text, which the font turns into U+FFFD and a
//! note rather than a guess.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A base encoding of a simple font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// `WinAnsiEncoding` (Windows-1252).
    WinAnsi,
    /// `MacRomanEncoding`.
    MacRoman,
    /// `StandardEncoding` (Adobe), also the default of a Type 1 font without one.
    Standard,
}

impl Base {
    /// The base encoding named `name`, if known.
    pub fn from_name(name: &[u8]) -> Option<Base> {
        match name {
            b"WinAnsiEncoding" => Some(Base::WinAnsi),
            b"MacRomanEncoding" => Some(Base::MacRoman),
            b"StandardEncoding" => Some(Base::Standard),
            _ => None,
        }
    }

    /// The character a one-byte code stands for, if any (from a table built once per base).
    pub fn char(self, code: u8) -> Option<char> {
        static TABLES: [OnceLock<[Option<char>; 256]>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let slot = match self {
            Base::WinAnsi => &TABLES[0],
            Base::MacRoman => &TABLES[1],
            Base::Standard => &TABLES[2],
        };
        slot.get_or_init(|| std::array::from_fn(|c| self.compute(c as u8)))[usize::from(code)]
    }

    fn compute(self, code: u8) -> Option<char> {
        if (0x20..0x7F).contains(&code) {
            return Some(match (self, code) {
                (Base::Standard, b'\'') => '\u{2019}',
                (Base::Standard, b'`') => '\u{2018}',
                _ => char::from(code),
            });
        }
        let decoded = match self {
            Base::WinAnsi => decode_one(encoding_rs::WINDOWS_1252, code),
            Base::MacRoman => decode_one(encoding_rs::MACINTOSH, code),
            Base::Standard => STANDARD_HIGH
                .iter()
                .find(|(c, _)| *c == code)
                .and_then(|(_, name)| glyph_name_char(name.as_bytes())),
        };
        decoded.filter(|c| !c.is_control())
    }
}

fn decode_one(enc: &'static encoding_rs::Encoding, code: u8) -> Option<char> {
    let bytes = [code];
    let (text, _, errors) = enc.decode(&bytes);
    if errors {
        return None;
    }
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The upper half of Adobe StandardEncoding, by glyph name.
const STANDARD_HIGH: &[(u8, &str)] = &[
    (0xA1, "exclamdown"),
    (0xA2, "cent"),
    (0xA3, "sterling"),
    (0xA4, "fraction"),
    (0xA5, "yen"),
    (0xA6, "florin"),
    (0xA7, "section"),
    (0xA8, "currency"),
    (0xA9, "quotesingle"),
    (0xAA, "quotedblleft"),
    (0xAB, "guillemotleft"),
    (0xAC, "guilsinglleft"),
    (0xAD, "guilsinglright"),
    (0xAE, "fi"),
    (0xAF, "fl"),
    (0xB1, "endash"),
    (0xB2, "dagger"),
    (0xB3, "daggerdbl"),
    (0xB4, "periodcentered"),
    (0xB6, "paragraph"),
    (0xB7, "bullet"),
    (0xB8, "quotesinglbase"),
    (0xB9, "quotedblbase"),
    (0xBA, "quotedblright"),
    (0xBB, "guillemotright"),
    (0xBC, "ellipsis"),
    (0xBD, "perthousand"),
    (0xBF, "questiondown"),
    (0xC1, "grave"),
    (0xC2, "acute"),
    (0xC3, "circumflex"),
    (0xC4, "tilde"),
    (0xC5, "macron"),
    (0xC6, "breve"),
    (0xC7, "dotaccent"),
    (0xC8, "dieresis"),
    (0xCA, "ring"),
    (0xCB, "cedilla"),
    (0xCD, "hungarumlaut"),
    (0xCE, "ogonek"),
    (0xCF, "caron"),
    (0xD0, "emdash"),
    (0xE1, "AE"),
    (0xE3, "ordfeminine"),
    (0xE8, "Lslash"),
    (0xE9, "Oslash"),
    (0xEA, "OE"),
    (0xEB, "ordmasculine"),
    (0xF1, "ae"),
    (0xF5, "dotlessi"),
    (0xF8, "lslash"),
    (0xF9, "oslash"),
    (0xFA, "oe"),
    (0xFB, "germandbls"),
];

/// Glyph names of the Adobe Glyph List whose character is certain and common in reports.
const NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("nbspace", '\u{a0}'),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("quoteright", '\u{2019}'),
    ("quoteleft", '\u{2018}'),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("minus", '\u{2212}'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("exclamdown", '¡'),
    ("cent", '¢'),
    ("sterling", '£'),
    ("fraction", '\u{2044}'),
    ("yen", '¥'),
    ("florin", 'ƒ'),
    ("section", '§'),
    ("currency", '¤'),
    ("quotedblleft", '\u{201c}'),
    ("quotedblright", '\u{201d}'),
    ("guillemotleft", '«'),
    ("guillemotright", '»'),
    ("guilsinglleft", '\u{2039}'),
    ("guilsinglright", '\u{203a}'),
    ("endash", '\u{2013}'),
    ("emdash", '\u{2014}'),
    ("dagger", '\u{2020}'),
    ("daggerdbl", '\u{2021}'),
    ("periodcentered", '·'),
    ("paragraph", '¶'),
    ("bullet", '\u{2022}'),
    ("quotesinglbase", '\u{201a}'),
    ("quotedblbase", '\u{201e}'),
    ("ellipsis", '\u{2026}'),
    ("perthousand", '\u{2030}'),
    ("questiondown", '¿'),
    ("acute", '´'),
    ("circumflex", 'ˆ'),
    ("tilde", '˜'),
    ("macron", '¯'),
    ("breve", '˘'),
    ("dotaccent", '˙'),
    ("dieresis", '¨'),
    ("ring", '˚'),
    ("cedilla", '¸'),
    ("hungarumlaut", '˝'),
    ("ogonek", '˛'),
    ("caron", 'ˇ'),
    ("AE", 'Æ'),
    ("ae", 'æ'),
    ("OE", 'Œ'),
    ("oe", 'œ'),
    ("Oslash", 'Ø'),
    ("oslash", 'ø'),
    ("Lslash", 'Ł'),
    ("lslash", 'ł'),
    ("dotlessi", 'ı'),
    ("germandbls", 'ß'),
    ("ordfeminine", 'ª'),
    ("ordmasculine", 'º'),
    ("copyright", '©'),
    ("registered", '®'),
    ("trademark", '™'),
    ("degree", '°'),
    ("plusminus", '±'),
    ("multiply", '×'),
    ("divide", '÷'),
    ("mu", 'µ'),
    ("logicalnot", '¬'),
    ("brokenbar", '¦'),
    ("onehalf", '½'),
    ("onequarter", '¼'),
    ("threequarters", '¾'),
    ("Euro", '€'),
];

/// The character a glyph name stands for, if certain.
pub fn glyph_name_char(name: &[u8]) -> Option<char> {
    let text = glyph_name_text(name)?;
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The text a glyph name stands for: `uniXXXX…` (one or more UTF-16 units), `uXXXX[XX]`,
/// an ASCII letter, a name of the common list, or a ligature `f_i`-style name; `None` when not
/// certain.
pub fn glyph_name_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // A suffix after a dot (`a.sc`, `one.alt`) names a variant of the same character.
    let name = name.split('.').next().filter(|n| !n.is_empty())?;
    if name.contains('_') {
        return name
            .split('_')
            .map(|part| glyph_name_text(part.as_bytes()))
            .collect();
    }
    if name.len() == 1 && name.as_bytes()[0].is_ascii_alphabetic() {
        return Some(name.to_string());
    }
    static BY_NAME: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| NAMES.iter().copied().collect());
    if let Some(c) = by_name.get(name) {
        return Some(c.to_string());
    }
    match (name.strip_prefix("uni"), name.strip_prefix('u')) {
        (Some(hex), _) if !hex.is_empty() && hex.len() % 4 == 0 => {
            let units: Option<Vec<u16>> = hex
                .as_bytes()
                .chunks(4)
                .map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                .collect();
            String::from_utf16(&units?).ok()
        }
        (_, Some(hex)) if (4..=6).contains(&hex.len()) => {
            let v = u32::from_str_radix(hex, 16).ok()?;
            char::from_u32(v).map(String::from)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_certain_glyph_names_only() {
        assert_eq!(glyph_name_text(b"uni653F").as_deref(), Some("政"));
        assert_eq!(glyph_name_text(b"u2F08").as_deref(), Some("\u{2f08}"));
        assert_eq!(glyph_name_text(b"three").as_deref(), Some("3"));
        assert_eq!(glyph_name_text(b"f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_text(b"g123"), None);
        assert_eq!(glyph_name_text(b"cid4512"), None);
    }

    #[test]
    fn base_encodings_differ_where_they_should() {
        assert_eq!(Base::WinAnsi.char(0x93), Some('\u{201c}'));
        assert_eq!(Base::Standard.char(0x27), Some('\u{2019}'));
        assert_eq!(Base::WinAnsi.char(0x27), Some('\''));
        assert_eq!(Base::MacRoman.char(0xA5), Some('\u{2022}'));
        assert_eq!(Base::WinAnsi.char(0x81), None);
    }
}
