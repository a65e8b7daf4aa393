//! Adobe's CJK character collections (Adobe-GB1, -CNS1, -Japan1, -Korea1): the Unicode
//! character of each CID, so that a CID font without a `ToUnicode` map whose CIDs are those of
//! a collection (a CID-keyed CFF font, or a font that is not embedded) still has text.
//!
//! The tables are generated from Adobe's `Adobe-<Ordering>-UCS2` CMaps (BSD-3-Clause; the
//! licence is in `cid_ucs2/LICENSE`) by `scripts/make-cid-ucs2.py`: records of 8 bytes,
//! little-endian — first CID (u16), count (u16), first Unicode scalar (u32) — sorted by CID.
//! CIDs Adobe maps to U+FFFD, to a Private Use code point or to several characters are not in
//! them.

/// One of Adobe's CJK character collections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// Adobe-GB1: simplified Chinese.
    Gb1,
    /// Adobe-CNS1: traditional Chinese.
    Cns1,
    /// Adobe-Japan1.
    Japan1,
    /// Adobe-Korea1.
    Korea1,
}

static GB1: &[u8] = include_bytes!("cid_ucs2/Adobe-GB1.bin");
static CNS1: &[u8] = include_bytes!("cid_ucs2/Adobe-CNS1.bin");
static JAPAN1: &[u8] = include_bytes!("cid_ucs2/Adobe-Japan1.bin");
static KOREA1: &[u8] = include_bytes!("cid_ucs2/Adobe-Korea1.bin");

const RECORD: usize = 8;

impl Collection {
    /// The collection a `/CIDSystemInfo` (or a CFF font's `ROS`) names, when it is one of
    /// Adobe's four CJK collections.
    pub fn from_names(registry: &[u8], ordering: &[u8]) -> Option<Collection> {
        if registry != b"Adobe" {
            return None;
        }
        match ordering {
            b"GB1" => Some(Collection::Gb1),
            b"CNS1" => Some(Collection::Cns1),
            b"Japan1" => Some(Collection::Japan1),
            b"Korea1" => Some(Collection::Korea1),
            _ => None,
        }
    }

    fn table(self) -> &'static [u8] {
        match self {
            Collection::Gb1 => GB1,
            Collection::Cns1 => CNS1,
            Collection::Japan1 => JAPAN1,
            Collection::Korea1 => KOREA1,
        }
    }

    /// The character of `cid` in this collection, when Adobe's table has one.
    pub fn char(self, cid: u32) -> Option<char> {
        let table = self.table();
        let count = table.len() / RECORD;
        let record = |i: usize| {
            let r = &table[i * RECORD..(i + 1) * RECORD];
            let first = u32::from(u16::from_le_bytes([r[0], r[1]]));
            let len = u32::from(u16::from_le_bytes([r[2], r[3]]));
            let scalar = u32::from_le_bytes([r[4], r[5], r[6], r[7]]);
            (first, len, scalar)
        };
        // The last record starting at or before `cid`.
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if record(mid).0 <= cid {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let (first, len, scalar) = record(lo.checked_sub(1)?);
        (cid < first + len).then(|| char::from_u32(scalar + (cid - first)))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb1_cids_give_adobes_characters() {
        // Values from Adobe-GB1-UCS2: <0001> is the space, <1042> "一", <11cf> "中",
        // <0704> "公"; <0000> (.notdef) maps to U+FFFD and is left out.
        assert_eq!(Collection::Gb1.char(0x0001), Some(' '));
        assert_eq!(Collection::Gb1.char(0x1042), Some('一'));
        assert_eq!(Collection::Gb1.char(0x11cf), Some('中'));
        assert_eq!(Collection::Gb1.char(0x0704), Some('公'));
        assert_eq!(Collection::Gb1.char(0), None);
        assert_eq!(Collection::Gb1.char(1_000_000), None);
    }

    #[test]
    fn other_collections_and_unknown_orderings() {
        assert_eq!(Collection::Japan1.char(843), Some('あ'));
        assert_eq!(
            Collection::from_names(b"Adobe", b"GB1"),
            Some(Collection::Gb1)
        );
        assert_eq!(Collection::from_names(b"Adobe", b"Identity"), None);
        assert_eq!(Collection::from_names(b"Foo", b"GB1"), None);
    }
}
