//! Fonts: how the bytes of a shown string split into codes, the Unicode text and the advance
//! width of each code, and the vertical extent of the glyphs.
//!
//! Text comes, in this order, from the font's `ToUnicode` map; from a predefined CJK CMap
//! whose codes are GBK, Big5, Shift JIS or UTF-16; from a simple font's encoding (base encoding
//! plus `/Differences` glyph names); for simple TrueType/Type 1 fonts with a Chinese name,
//! no `ToUnicode` and double-byte codes, from GBK; and for a composite font with CID codes
//! and no `ToUnicode`, from the embedded font program or the CIDs' Adobe collection
//! ([`CidText`]). A code none of these maps has no text: the interpreter shows it as U+FFFD
//! with a note.

use super::cidfont::CidText;
use super::cmap::{self, CMap, Predefined};
use super::encoding::{Base, glyph_name_text};
use super::obj;
use super::{Budget, decode_stream};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;
use std::rc::Rc;

/// One code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The Unicode text, when known.
    pub text: Option<String>,
    /// Advance in text space per unit of font size (horizontal; vertical fonts advance down
    /// by 1).
    pub width: f64,
    /// True for the single-byte code 32, to which word spacing applies.
    pub is_space: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    /// Type 1, TrueType, MMType1: one byte per code.
    Simple {
        /// Text per code from the encoding.
        map: Vec<Option<String>>,
        /// Width per code, text space per unit size.
        widths: Vec<Option<f64>>,
        missing: f64,
        /// Decode double-byte codes as GBK (see the module comment).
        gbk: bool,
    },
    /// Type 3: like a simple font, widths in glyph space scaled by the font matrix.
    Type3 {
        map: Vec<Option<String>>,
        widths: Vec<Option<f64>>,
    },
    /// Type 0: multi-byte codes, CIDs, widths by CID.
    Composite {
        predefined: Option<Predefined>,
        embedded: Option<CMap>,
        widths: HashMap<u32, f64>,
        default_width: f64,
        /// Text of CIDs from the font itself, when there is no `ToUnicode`.
        from_font: Option<Rc<CidText>>,
    },
}

/// A loaded font.
#[derive(Debug, Clone)]
pub struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Height above the baseline, per unit of font size.
    pub ascent: f64,
    /// Depth below the baseline (negative), per unit of font size.
    pub descent: f64,
    /// True for vertical writing (`-V` CMaps, `/WMode 1`).
    pub vertical: bool,
    /// The font's name, for notes.
    pub name: String,
}

const DEFAULT_ASCENT: f64 = 0.88;
const DEFAULT_DESCENT: f64 = -0.12;

/// Names of Chinese system fonts as ASCII (Windows and macOS), for the GBK guess.
const CHINESE_FONT_NAMES: &[&str] = &[
    "SimSun",
    "NSimSun",
    "SimHei",
    "FangSong",
    "KaiTi",
    "SimKai",
    "SimFang",
    "STSong",
    "STFangsong",
    "STKaiti",
    "STHeiti",
    "STZhongsong",
    "MicrosoftYaHei",
    "Microsoft YaHei",
    "YouYuan",
    "LiSu",
    "FZ",
    "GB2312",
];

impl Font {
    /// Loads the font dictionary `dict`.
    pub fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Font {
        let subtype = obj::name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let base_font = obj::name(doc, dict, b"BaseFont").unwrap_or(b"");
        let name = display_name(base_font);
        let to_unicode = obj::stream(doc, dict, b"ToUnicode")
            .and_then(|s| decode_stream(s, budget).ok())
            .map(|bytes| CMap::parse(&bytes))
            .filter(|c| !c.is_empty());
        match subtype {
            b"Type0" => Self::composite(doc, dict, to_unicode, name, budget),
            b"Type3" => Self::type3(doc, dict, to_unicode, name),
            _ => Self::simple(doc, dict, to_unicode, base_font, name),
        }
    }

    fn simple(
        doc: &Document,
        dict: &Dictionary,
        to_unicode: Option<CMap>,
        base_font: &[u8],
        name: String,
    ) -> Font {
        let descriptor = obj::dict(doc, dict, b"FontDescriptor");
        let (map, has_differences) = simple_encoding(doc, dict, descriptor);
        let widths = simple_widths(doc, dict, 0.001);
        let missing = descriptor
            .and_then(|d| obj::num(doc, d, b"MissingWidth"))
            .filter(|w| *w > 0.0)
            .map_or(0.5, |w| w / 1000.0);
        let gbk = to_unicode.is_none() && !has_differences && is_chinese_font_name(base_font);
        let (ascent, descent) = descriptor_metrics(doc, descriptor);
        Font {
            kind: Kind::Simple {
                map,
                widths,
                missing,
                gbk,
            },
            to_unicode,
            ascent,
            descent,
            vertical: false,
            name,
        }
    }

    fn type3(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>, name: String) -> Font {
        let matrix = obj::numbers::<6>(doc, dict, b"FontMatrix")
            .unwrap_or([0.001, 0.0, 0.0, 0.001, 0.0, 0.0]);
        let (map, _) = simple_encoding(doc, dict, None);
        let widths = simple_widths(doc, dict, matrix[0].abs());
        let (mut ascent, mut descent) = (DEFAULT_ASCENT, DEFAULT_DESCENT);
        if let Some([_, lly, _, ury]) = obj::numbers::<4>(doc, dict, b"FontBBox") {
            let (a, d) = (ury * matrix[3], lly * matrix[3]);
            if a > 0.2 && a < 2.0 && d <= 0.0 && d > -1.0 {
                (ascent, descent) = (a, d);
            }
        }
        Font {
            kind: Kind::Type3 { map, widths },
            to_unicode,
            ascent,
            descent,
            vertical: false,
            name,
        }
    }

    fn composite(
        doc: &Document,
        dict: &Dictionary,
        to_unicode: Option<CMap>,
        name: String,
        budget: &mut Budget,
    ) -> Font {
        let (mut predefined, mut embedded, mut vertical) = (None, None, false);
        match obj::get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some((kind, v)) = cmap::predefined(n) {
                    predefined = Some(kind);
                    vertical = v;
                }
            }
            Some(Object::Stream(s)) => {
                let cmap_name = obj::name(doc, &s.dict, b"CMapName").unwrap_or(b"");
                vertical =
                    obj::num(doc, &s.dict, b"WMode") == Some(1.0) || cmap_name.ends_with(b"-V");
                if let Some((kind, _)) = cmap::predefined(cmap_name) {
                    predefined = Some(kind);
                }
                embedded = decode_stream(s, budget).ok().map(|b| CMap::parse(&b));
            }
            _ => {}
        }
        let descendant = obj::array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| {
                let (id, object) = obj::resolve(doc, o);
                Some((id, obj::as_dict(object)?))
            });
        let (mut widths, mut default_width) = (HashMap::new(), 1.0);
        let mut metrics = (DEFAULT_ASCENT, DEFAULT_DESCENT);
        let mut from_font = None;
        if let Some((id, cid_font)) = descendant {
            if to_unicode.is_none() && matches!(predefined, None | Some(Predefined::Identity)) {
                from_font = budget.cid_text(id, |b| CidText::load(doc, cid_font, b));
            }
            default_width = obj::num(doc, cid_font, b"DW").map_or(1.0, |w| w / 1000.0);
            if let Some(w) = obj::array(doc, cid_font, b"W") {
                widths = cid_widths(doc, w);
            }
            metrics = descriptor_metrics(doc, obj::dict(doc, cid_font, b"FontDescriptor"));
        }
        Font {
            kind: Kind::Composite {
                predefined,
                embedded,
                widths,
                default_width,
                from_font,
            },
            to_unicode,
            ascent: metrics.0,
            descent: metrics.1,
            vertical,
            name,
        }
    }

    /// Splits the bytes of a shown string into codes with their text and width.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let (len, code) = self.next_code(&bytes[i..]);
            out.push(code);
            i += len.max(1);
        }
        out
    }

    fn unicode(&self, code: u32, len: usize) -> Option<String> {
        let map = self.to_unicode.as_ref()?;
        let text = match map.text(code, len) {
            Some(text) => text.to_string(),
            // Some producers (Iceni) write a ToUnicode map with `cidrange` entries whose
            // numbers are the Unicode scalar values.
            None => char::from_u32(map.cid(code, len)?)?.to_string(),
        };
        usable(&text).then_some(text)
    }

    fn next_code(&self, bytes: &[u8]) -> (usize, Code) {
        match &self.kind {
            Kind::Simple {
                map,
                widths,
                missing,
                gbk,
            } => {
                let b = bytes[0];
                if *gbk && b >= 0x81 && bytes.len() >= 2 {
                    let pair = &bytes[..2];
                    if let Some(text) =
                        cmap::predefined_text(Predefined::Legacy(encoding_rs::GBK), pair)
                            .filter(|t| t.chars().count() == 1 && !t.contains('\u{fffd}'))
                    {
                        let w = |c: u8| widths[usize::from(c)].unwrap_or(*missing);
                        let width = w(pair[0]) + w(pair[1]);
                        return (2, code(Some(text), width, false));
                    }
                }
                let text = self
                    .unicode(u32::from(b), 1)
                    .or_else(|| map[usize::from(b)].clone());
                let width = widths[usize::from(b)].unwrap_or(*missing);
                (1, code(text, width, b == 32))
            }
            Kind::Type3 { map, widths } => {
                let b = bytes[0];
                let text = self
                    .unicode(u32::from(b), 1)
                    .or_else(|| map[usize::from(b)].clone());
                (
                    1,
                    code(text, widths[usize::from(b)].unwrap_or(0.0), b == 32),
                )
            }
            Kind::Composite {
                predefined,
                embedded,
                widths,
                default_width,
                from_font,
            } => {
                let len = embedded
                    .as_ref()
                    .and_then(|c| c.code_len(bytes))
                    .or_else(|| predefined.map(|p| cmap::predefined_code_len(p, bytes)))
                    .or_else(|| {
                        let tu = self.to_unicode.as_ref()?;
                        tu.code_len(bytes).or_else(|| tu.mapped_len())
                    })
                    .unwrap_or(2)
                    .min(bytes.len());
                let raw = &bytes[..len];
                let packed = raw.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
                let cid = match (
                    embedded.as_ref().and_then(|c| c.cid(packed, len)),
                    predefined,
                ) {
                    (Some(cid), _) => Some(cid),
                    (None, Some(Predefined::Identity)) | (None, None) => Some(packed),
                    _ => None,
                };
                let text = self
                    .unicode(packed, len)
                    .or_else(|| predefined.and_then(|p| cmap::predefined_text(p, raw)))
                    .or_else(|| {
                        let c = from_font.as_ref()?.char(cid?)?;
                        Some(c.to_string())
                    })
                    .filter(|t| usable(t));
                let width = cid
                    .and_then(|c| widths.get(&c).copied())
                    .unwrap_or(match predefined {
                        Some(Predefined::Legacy(_)) if len == 1 => default_width / 2.0,
                        _ => *default_width,
                    });
                (len, code(text, width, len == 1 && raw[0] == 32))
            }
        }
    }
}

fn code(text: Option<String>, width: f64, is_space: bool) -> Code {
    Code {
        text,
        width: if width.is_finite() { width } else { 0.0 },
        is_space,
    }
}

/// Text that is a real character (not empty, not NUL or another control character).
fn usable(text: &str) -> bool {
    !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n'))
}

fn display_name(base_font: &[u8]) -> String {
    if base_font.is_empty() {
        return "（无名字体）".into();
    }
    if let Ok(text) = std::str::from_utf8(base_font) {
        return text.to_string();
    }
    let (text, _, errors) = encoding_rs::GBK.decode(base_font);
    if errors {
        String::from_utf8_lossy(base_font).into_owned()
    } else {
        text.into_owned()
    }
}

/// True for a font named in GBK bytes (宋体, 仿宋_GB2312 …) or after a Chinese system font.
fn is_chinese_font_name(base_font: &[u8]) -> bool {
    let plain = base_font
        .iter()
        .position(|&b| b == b'+')
        .map_or(base_font, |p| &base_font[p + 1..]);
    if plain.iter().any(|&b| b >= 0x80) {
        let (text, _, errors) = encoding_rs::GBK.decode(plain);
        return !errors && text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    }
    let text = String::from_utf8_lossy(plain);
    CHINESE_FONT_NAMES.iter().any(|n| text.starts_with(n))
}

fn descriptor_metrics(doc: &Document, descriptor: Option<&Dictionary>) -> (f64, f64) {
    let Some(d) = descriptor else {
        return (DEFAULT_ASCENT, DEFAULT_DESCENT);
    };
    let ascent = obj::num(doc, d, b"Ascent").map(|a| a / 1000.0);
    let descent = obj::num(doc, d, b"Descent").map(|a| a / 1000.0);
    match (ascent, descent) {
        (Some(a), Some(d)) if a > 0.2 && a < 2.0 && d <= 0.0 && d > -1.0 => (a, d),
        (Some(a), _) if a > 0.2 && a < 2.0 => (a, DEFAULT_DESCENT),
        _ => (DEFAULT_ASCENT, DEFAULT_DESCENT),
    }
}

/// The code → text table of a simple font, and whether it has `/Differences`.
fn simple_encoding(
    doc: &Document,
    dict: &Dictionary,
    descriptor: Option<&Dictionary>,
) -> (Vec<Option<String>>, bool) {
    let symbolic = descriptor
        .and_then(|d| obj::num(doc, d, b"Flags"))
        .is_some_and(|f| (f as i64) & 4 != 0);
    let mut base = if symbolic { None } else { Some(Base::Standard) };
    let mut differences: Option<&[Object]> = None;
    match obj::get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => base = Base::from_name(n).or(base),
        Some(Object::Dictionary(d)) => {
            if let Some(n) = obj::name(doc, d, b"BaseEncoding") {
                base = Base::from_name(n).or(base);
            }
            differences = obj::array(doc, d, b"Differences");
        }
        _ => {}
    }
    // A symbolic font without any encoding: its codes are usually still Latin text.
    let base = base.unwrap_or(Base::Standard);
    let mut map: Vec<Option<String>> = (0..=255u8)
        .map(|c| base.char(c).map(String::from))
        .collect();
    if let Some(items) = differences {
        let mut code: Option<usize> = None;
        for item in items {
            match obj::resolve(doc, item).1 {
                Object::Integer(n) => code = usize::try_from(*n).ok(),
                Object::Name(glyph) => {
                    if let Some(c) = code.filter(|c| *c < 256) {
                        map[c] = glyph_name_text(glyph);
                    }
                    code = code.map(|c| c + 1);
                }
                _ => {}
            }
        }
    }
    (map, differences.is_some())
}

/// `/Widths` from `/FirstChar`, scaled to text space per unit size.
fn simple_widths(doc: &Document, dict: &Dictionary, scale: f64) -> Vec<Option<f64>> {
    let mut widths = vec![None; 256];
    let first = obj::num(doc, dict, b"FirstChar").unwrap_or(0.0);
    if let Some(items) = obj::array(doc, dict, b"Widths")
        && (0.0..256.0).contains(&first)
    {
        for (i, item) in items.iter().enumerate() {
            let code = first as usize + i;
            if code >= 256 {
                break;
            }
            widths[code] = obj::as_num(doc, item).map(|w| w * scale);
        }
    }
    widths
}

/// The `/W` array of a CID font: `c [w1 w2 …]` and `c_first c_last w` entries.
fn cid_widths(doc: &Document, items: &[Object]) -> HashMap<u32, f64> {
    const MAX_WIDTHS: u32 = 200_000;
    let mut out = HashMap::new();
    let mut i = 0;
    while i < items.len() {
        let first = obj::as_num(doc, &items[i]);
        match (first, items.get(i + 1).map(|o| obj::resolve(doc, o).1)) {
            (Some(first), Some(Object::Array(ws))) => {
                for (k, w) in ws.iter().enumerate() {
                    if let Some(w) = obj::as_num(doc, w) {
                        out.insert(first as u32 + k as u32, w / 1000.0);
                    }
                }
                i += 2;
            }
            (Some(first), Some(last)) => {
                let last = obj::as_num(doc, last).unwrap_or(first);
                let w = items.get(i + 2).and_then(|o| obj::as_num(doc, o));
                if let Some(w) = w
                    && last >= first
                    && last - first < f64::from(MAX_WIDTHS)
                {
                    for c in first as u32..=last as u32 {
                        out.insert(c, w / 1000.0);
                    }
                }
                i += 3;
            }
            _ => break,
        }
        if out.len() as u32 > MAX_WIDTHS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_font_names_in_gbk_bytes_or_ascii_are_told() {
        assert!(is_chinese_font_name(&[0xCB, 0xCE, 0xCC, 0xE5])); // 宋体
        assert!(is_chinese_font_name(b"ABCDEF+SimSun"));
        assert!(!is_chinese_font_name(b"TimesNewRomanPSMT"));
        assert!(!is_chinese_font_name(&[0xFF, 0xFE]));
    }

    #[test]
    fn cid_widths_read_both_forms() {
        let doc = Document::new();
        let items = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(1000),
        ];
        let w = cid_widths(&doc, &items);
        assert_eq!(w.get(&2), Some(&0.6));
        assert_eq!(w.get(&11), Some(&1.0));
        assert_eq!(w.get(&13), None);
    }
}
