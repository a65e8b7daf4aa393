//! Text for the CIDs of a composite (Type 0) font that has no `ToUnicode` map, read from the
//! font itself — converters that embed subset fonts without `ToUnicode` (older Word, WPS,
//! print drivers) would otherwise leave a report without a single readable character.
//!
//! - An embedded TrueType program (`CIDFontType2`, `/FontFile2`), or an OpenType one
//!   (`/FontFile3 /OpenType`): CID → glyph through `/CIDToGIDMap` (or the CFF charset), glyph
//!   → Unicode by inverting the font's Unicode `cmap` subtables, else by its glyph names
//!   (`post` table or CFF charset: `uni4E00`, `u20000`, Adobe Glyph List names).
//! - A CID-keyed CFF program (`/FontFile3 /CIDFontType0C`) whose `ROS` is one of Adobe's CJK
//!   collections, or a `CIDFontType0` that is not embedded and names such a collection in
//!   `/CIDSystemInfo`: the CID is the collection's, read through Adobe's table
//!   ([`Collection`]). Not a `CIDFontType2` that is not embedded: producers write a system
//!   TrueType font's glyph ids as its CIDs.
//!
//! Never a wrong character: a glyph the font maps only to a Private Use code point, or not at
//! all, keeps no text (the interpreter shows U+FFFD with a note); a glyph reached from several
//! code points takes the plainest (a unified ideograph over a Kangxi radical or a
//! compatibility ideograph, else the lowest).

use super::cff_ros::cff_ros;
use super::collection::Collection;
use super::encoding::glyph_name_text;
use super::{Budget, decode_stream, obj};
use lopdf::{Dictionary, Document, Object, Stream};
use std::collections::HashMap;
use ttf_parser::{GlyphId, RawFace, Tag, cff, cmap, post};

/// Largest embedded font program read (bytes); a CJK subset is well under a megabyte, a
/// complete CJK font some 20 MB.
const MAX_FONT_BYTES: usize = 32 * 1024 * 1024;
/// Most `cmap` subtables inverted per font.
const MAX_SUBTABLES: usize = 4;
/// Highest code point looked up in a format 12/13 subtable (planes 0–2, where CJK is);
/// other formats cannot reach past U+FFFF.
const MAX_WIDE_CODE_POINT: u32 = 0x2_FFFF;

/// Where the text of a CID comes from.
#[derive(Debug, Clone)]
pub enum CidText {
    /// From the embedded font program: CID → glyph, glyph → character.
    Glyphs {
        /// CID → glyph id; `None` for the identity.
        cid_to_gid: Option<HashMap<u32, u16>>,
        /// Glyph id → character.
        chars: HashMap<u16, char>,
    },
    /// The CIDs are those of an Adobe character collection.
    Collection(Collection),
}

impl CidText {
    /// Reads the text of the CIDs of the CID font `cid_font` (a Type 0 font's descendant)
    /// from its embedded program or its character collection; `None` when neither gives any.
    pub fn load(doc: &Document, cid_font: &Dictionary, budget: &mut Budget) -> Option<CidText> {
        let descriptor = obj::dict(doc, cid_font, b"FontDescriptor");
        let file = |key: &[u8]| descriptor.and_then(|d| obj::stream(doc, d, key));
        let program = |s: &Stream, budget: &mut Budget| {
            decode_stream(s, budget)
                .ok()
                .filter(|b| b.len() <= MAX_FONT_BYTES)
        };
        if let Some(stream) = file(b"FontFile2") {
            let bytes = program(stream, budget)?;
            let chars = sfnt_chars(&bytes, None, budget)?;
            let cid_to_gid = cid_to_gid_map(doc, cid_font, budget)?;
            return Some(CidText::Glyphs { cid_to_gid, chars });
        }
        if let Some(stream) = file(b"FontFile3") {
            let bytes = program(stream, budget)?;
            return match obj::name(doc, &stream.dict, b"Subtype") {
                Some(b"OpenType") => opentype(&bytes, budget),
                _ => bare_cff(&bytes),
            };
        }
        if file(b"FontFile").is_some() {
            // A Type 1 program in a CID font is not used in practice; nothing to read.
            return None;
        }
        // Not embedded: the viewer shows the collection's glyph for each CID. Only for a
        // CIDFontType0, whose programs are CID-keyed by nature: producers write the glyph ids
        // of some system TrueType font as the CIDs of a CIDFontType2 they do not embed, whatever
        // /CIDSystemInfo says, and read through the collection those would be other characters.
        if obj::name(doc, cid_font, b"Subtype") != Some(b"CIDFontType0") {
            return None;
        }
        let info = obj::dict(doc, cid_font, b"CIDSystemInfo")?;
        Collection::from_names(
            string(doc, info, b"Registry")?,
            string(doc, info, b"Ordering")?,
        )
        .map(CidText::Collection)
    }

    /// The character of `cid`, when the font says which.
    pub fn char(&self, cid: u32) -> Option<char> {
        match self {
            CidText::Glyphs { cid_to_gid, chars } => {
                let gid = match cid_to_gid {
                    Some(map) => *map.get(&cid)?,
                    None => u16::try_from(cid).ok()?,
                };
                chars.get(&gid).copied()
            }
            CidText::Collection(c) => c.char(cid),
        }
    }
}

/// The entry `key` of `dict` as the bytes of a string.
fn string<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match obj::get(doc, dict, key)? {
        Object::String(bytes, _) => Some(bytes),
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// `/CIDToGIDMap`: `None` inside for the identity (the default); a stream of big-endian
/// glyph ids, one per CID. `None` outside for a map that cannot be read.
fn cid_to_gid_map(
    doc: &Document,
    cid_font: &Dictionary,
    budget: &mut Budget,
) -> Option<Option<HashMap<u32, u16>>> {
    match obj::get(doc, cid_font, b"CIDToGIDMap") {
        None | Some(Object::Name(_)) => Some(None),
        Some(Object::Stream(s)) => {
            let bytes = decode_stream(s, budget).ok()?;
            let map = bytes
                .chunks_exact(2)
                .take(usize::from(u16::MAX) + 1)
                .enumerate()
                .map(|(cid, g)| (cid as u32, u16::from_be_bytes([g[0], g[1]])))
                .filter(|(_, gid)| *gid != 0)
                .collect();
            Some(Some(map))
        }
        Some(_) => None,
    }
}

/// An OpenType (CFF-flavoured sfnt) program: glyphs through its `cmap`, CIDs through its CFF
/// charset when the CFF is CID-keyed.
fn opentype(bytes: &[u8], budget: &mut Budget) -> Option<CidText> {
    let face = RawFace::parse(bytes, 0).ok()?;
    let cff = face
        .table(Tag::from_bytes(b"CFF "))
        .and_then(cff::Table::parse);
    let chars = sfnt_chars(bytes, cff.as_ref(), budget)?;
    let cid_to_gid = cff.as_ref().and_then(|t| {
        t.glyph_cid(GlyphId(0))?;
        Some(
            (0..t.number_of_glyphs())
                .filter_map(|g| Some((u32::from(t.glyph_cid(GlyphId(g))?), g)))
                .collect(),
        )
    });
    Some(CidText::Glyphs { cid_to_gid, chars })
}

/// A bare CFF program: CID-keyed with an Adobe CJK `ROS` → the collection; name-keyed → the
/// glyph names of its charset (the CIDs are glyph ids).
fn bare_cff(bytes: &[u8]) -> Option<CidText> {
    let table = cff::Table::parse(bytes)?;
    if table.glyph_cid(GlyphId(0)).is_some() {
        let (registry, ordering) = cff_ros(bytes)?;
        return Collection::from_names(&registry, &ordering).map(CidText::Collection);
    }
    let chars: HashMap<u16, char> = (0..table.number_of_glyphs())
        .filter_map(|g| Some((g, name_char(table.glyph_name(GlyphId(g))?)?)))
        .collect();
    (!chars.is_empty()).then_some(CidText::Glyphs {
        cid_to_gid: None,
        chars,
    })
}

/// The single usable character a glyph name stands for.
fn name_char(name: &str) -> Option<char> {
    let text = glyph_name_text(name.as_bytes())?;
    let mut chars = text.chars();
    let c = chars.next()?;
    (chars.next().is_none() && usable(c)).then_some(c)
}

/// Glyph id → character of an sfnt program: its Unicode `cmap` subtables inverted, then
/// glyph names (`post`, or the CFF charset) for glyphs the cmap leaves out.
///
/// A subsetter that renumbers the glyphs but copies the `cmap` or `post` of the whole font
/// would make every character wrong: a subtable naming a glyph past the program's glyph count
/// (`maxp`) is not used, nor a `post` table whose glyph count is not the program's.
fn sfnt_chars(
    bytes: &[u8],
    cff: Option<&cff::Table>,
    budget: &mut Budget,
) -> Option<HashMap<u16, char>> {
    let face = RawFace::parse(bytes, 0).ok()?;
    let glyph_count = face
        .table(Tag::from_bytes(b"maxp"))
        .and_then(|m| m.get(4..6))
        .map(|n| u16::from_be_bytes([n[0], n[1]]))
        .filter(|n| *n > 0)?;
    let mut chars: HashMap<u16, char> = HashMap::new();
    if let Some(table) = face
        .table(Tag::from_bytes(b"cmap"))
        .and_then(cmap::Table::parse)
    {
        for subtable in table
            .subtables
            .into_iter()
            .filter(|s| s.is_unicode())
            .take(MAX_SUBTABLES)
        {
            invert(
                &subtable,
                glyph_count,
                &mut chars,
                &mut budget.font_lookups_left,
            );
        }
    }
    let post = face
        .table(Tag::from_bytes(b"post"))
        .filter(|t| post_fits(t, glyph_count))
        .and_then(post::Table::parse);
    for g in 0..glyph_count {
        if chars.contains_key(&g) {
            continue;
        }
        let name = match (&post, cff) {
            (Some(p), _) => p.glyph_name(GlyphId(g)),
            (None, Some(c)) => c.glyph_name(GlyphId(g)),
            (None, None) => None,
        };
        if let Some(c) = name.and_then(name_char) {
            chars.insert(g, c);
        }
    }
    (!chars.is_empty()).then_some(chars)
}

/// True when a `post` table names the glyphs of a program of `glyph_count` glyphs: version
/// 2.0 with that count, or version 1.0 (the 258 standard Macintosh glyphs) with 258.
fn post_fits(table: &[u8], glyph_count: u16) -> bool {
    let version = table
        .get(0..4)
        .map(|v| u32::from_be_bytes([v[0], v[1], v[2], v[3]]));
    let count = table.get(32..34).map(|n| u16::from_be_bytes([n[0], n[1]]));
    match version {
        Some(0x0002_0000) => count == Some(glyph_count),
        Some(0x0001_0000) => glyph_count == 258,
        _ => false,
    }
}

/// Adds glyph → character from one Unicode subtable, looking up every code point it can map
/// (a bounded loop: the subtable's own ranges could be made to overlap without end), when
/// `lookups_left` (the file's [`super::limits::MAX_FONT_LOOKUPS`]) still covers them. A
/// subtable naming a glyph at or past `glyph_count` belongs to another glyph set: unused.
fn invert(
    subtable: &cmap::Subtable,
    glyph_count: u16,
    chars: &mut HashMap<u16, char>,
    lookups_left: &mut usize,
) {
    let last = match subtable.format {
        cmap::Format::SegmentedCoverage(_) | cmap::Format::ManyToOneRangeMappings(_) => {
            MAX_WIDE_CODE_POINT
        }
        _ => 0xFFFF,
    };
    let Some(left) = lookups_left.checked_sub(last as usize + 1) else {
        return;
    };
    *lookups_left = left;
    let mut found = Vec::new();
    for cp in 0..=last {
        let Some(GlyphId(g)) = subtable.glyph_index(cp).filter(|g| g.0 != 0) else {
            continue;
        };
        if g >= glyph_count {
            return;
        }
        if let Some(c) = char::from_u32(cp).filter(|c| usable(*c)) {
            found.push((g, c));
        }
    }
    for (g, c) in found {
        match chars.get(&g) {
            Some(old) if secondary(*old) <= secondary(c) => {}
            _ => {
                chars.insert(g, c);
            }
        }
    }
}

/// A character that is text: not a control, not Private Use, not U+FFFD or a noncharacter.
fn usable(c: char) -> bool {
    let cp = u32::from(c);
    !(c.is_control()
        || (0xE000..=0xF8FF).contains(&cp)
        || cp >= 0xF_0000
        || (0xFDD0..=0xFDEF).contains(&cp)
        || cp & 0xFFFE == 0xFFFE
        || c == '\u{FFFD}')
}

/// 1 for a character a font maps to a glyph beside its plain form (Kangxi and CJK radicals,
/// compatibility ideographs, vertical and compatibility forms), 0 otherwise.
fn secondary(c: char) -> u8 {
    let cp = u32::from(c);
    let ranges = [
        0x2E80..=0x2FDF,
        0xF900..=0xFAFF,
        0xFE10..=0xFE1F,
        0xFE30..=0xFE4F,
        0x2_F800..=0x2_FA1F,
    ];
    u8::from(ranges.iter().any(|r| r.contains(&cp)))
}

#[cfg(test)]
mod tests {
    use super::super::cff_ros::tests::cid_keyed_cff;
    use super::*;

    #[test]
    fn cid_keyed_cff_of_adobe_gb1_reads_through_the_collection() {
        let font = cid_keyed_cff("Adobe", "GB1", &[0x1042, 0x11cf]);
        let text = bare_cff(&font).expect("a CID-keyed Adobe-GB1 font");
        assert_eq!(text.char(0x1042), Some('一'));
        assert_eq!(text.char(0x11cf), Some('中'));
    }

    #[test]
    fn cid_keyed_cff_of_an_identity_ordering_gives_nothing() {
        let font = cid_keyed_cff("Adobe", "Identity", &[1, 2]);
        assert_eq!(
            cff_ros(&font),
            Some((b"Adobe".to_vec(), b"Identity".to_vec()))
        );
        assert!(bare_cff(&font).is_none());
    }

    #[test]
    fn malformed_cff_gives_nothing() {
        assert!(bare_cff(b"\x01\x00\x04\x04\xff\xff\xff").is_none());
        let font = cid_keyed_cff("Adobe", "GB1", &[0x1042]);
        assert!(bare_cff(&font[..font.len() - 3]).is_none());
    }

    /// An sfnt with a `maxp` of `glyphs` glyphs and a (3,10) format 12 `cmap` of `groups`
    /// (first code point, last code point, first glyph).
    fn sfnt(glyphs: u16, groups: &[(u32, u32, u32)]) -> Vec<u8> {
        let be32 = |v: u32| v.to_be_bytes().to_vec();
        let mut cmap = [0u16, 1, 3, 10].map(u16::to_be_bytes).concat();
        cmap.extend(be32(12));
        cmap.extend([12u16, 0].map(u16::to_be_bytes).concat());
        cmap.extend(be32(16 + 12 * groups.len() as u32));
        cmap.extend(be32(0));
        cmap.extend(be32(groups.len() as u32));
        for (first, last, glyph) in groups {
            cmap.extend([*first, *last, *glyph].map(u32::to_be_bytes).concat());
        }
        let mut maxp = be32(0x0000_5000);
        maxp.extend(glyphs.to_be_bytes());
        let mut font = [0x0001u16, 0, 2, 0, 0, 0].map(u16::to_be_bytes).concat();
        let cmap_at = 12 + 2 * 16;
        for (tag, at, len) in [
            (b"cmap", cmap_at, cmap.len()),
            (b"maxp", cmap_at + cmap.len(), maxp.len()),
        ] {
            font.extend_from_slice(tag);
            font.extend(be32(0));
            font.extend(be32(at as u32));
            font.extend(be32(len as u32));
        }
        font.extend(cmap);
        font.extend(maxp);
        font
    }

    #[test]
    fn cmap_of_the_programs_glyphs_is_inverted() {
        // 一 (U+4E00) and 丁 (U+4E01) on glyphs 1 and 2; a PUA code point also on glyph 2.
        let font = sfnt(3, &[(0x4E00, 0x4E01, 1), (0xE000, 0xE000, 2)]);
        let chars = sfnt_chars(&font, None, &mut Budget::default()).expect("chars");
        assert_eq!(chars, HashMap::from([(1, '一'), (2, '丁')]));
    }

    #[test]
    fn cmap_naming_glyphs_the_program_lacks_is_not_used() {
        // A subset of 3 glyphs carrying the whole font's cmap (glyph 500): every entry of it
        // would be a guess, even those under 3.
        let font = sfnt(3, &[(0x4E00, 0x4E00, 1), (0x4E01, 0x4E01, 500)]);
        assert_eq!(sfnt_chars(&font, None, &mut Budget::default()), None);
    }

    proptest::proptest! {
        // Each case inverts planes 0–2 (196,608 look-ups): 64 cases keep the test quick.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn inverted_cmap_names_only_glyphs_of_the_program_and_usable_characters(
            glyphs in 1u16..50,
            groups in proptest::collection::vec((0u32..0x11_0000, 0u32..300, 0u32..60), 0..6),
            cut in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let groups: Vec<(u32, u32, u32)> =
                groups.into_iter().map(|(first, len, glyph)| (first, first + len, glyph)).collect();
            let font = sfnt(glyphs, &groups);
            if let Some(chars) = sfnt_chars(&font, None, &mut Budget::default()) {
                for (g, c) in chars {
                    proptest::prop_assert!(g < glyphs && usable(c));
                }
            }
            // Cut anywhere: no panic.
            let _ = sfnt_chars(&font[..cut.index(font.len())], None, &mut Budget::default());
        }
    }

    #[test]
    fn post_names_only_a_program_of_its_glyph_count() {
        let mut post = vec![0, 2, 0, 0];
        post.extend([0; 28]);
        post.extend(5u16.to_be_bytes());
        assert!(post_fits(&post, 5));
        assert!(!post_fits(&post, 6));
        assert!(!post_fits(&[0, 3, 0, 0], 5), "format 3 has no names");
    }

    #[test]
    fn private_use_controls_and_replacement_are_not_text() {
        for c in [
            '\u{E000}',
            '\u{F8FF}',
            '\u{F0000}',
            '\u{1}',
            '\u{FFFD}',
            '\u{FFFF}',
        ] {
            assert!(!usable(c), "{c:?}");
        }
        for c in ['一', 'A', '１', '\u{20000}'] {
            assert!(usable(c), "{c:?}");
        }
    }

    #[test]
    fn unified_ideographs_rank_before_radicals_and_compatibility_forms() {
        assert_eq!(secondary('年'), 0);
        assert_eq!(secondary('\u{F98E}'), 1); // 年 compatibility ideograph
        assert_eq!(secondary('\u{2F00}'), 1); // Kangxi radical one
    }

    #[test]
    fn cid_to_gid_map_and_missing_glyphs() {
        let text = CidText::Glyphs {
            cid_to_gid: Some(HashMap::from([(5, 2)])),
            chars: HashMap::from([(2, '公'), (5, '中')]),
        };
        assert_eq!(text.char(5), Some('公'));
        assert_eq!(text.char(2), None, "a CID outside the map has no glyph");
    }
}
