//! Damaged Word packages never panic the reader: random byte flips in a real package and parts
//! cut at random points give a document or a clean error.

mod common;

use common::*;
use gongkai::read::{ReadError, docx};
use proptest::prelude::*;

fn sample() -> Vec<u8> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.pydocx.docx");
    std::fs::read(path).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Exercises: flipped bytes anywhere in a real package (zip structure or compressed data).
    #[test]
    fn survives_flipped_bytes(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = sample();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= value | 1;
        }
        let _ = docx::read(&bytes);
    }

    /// Exercises: a main part cut at any point is reported as Corrupt (never read as if whole).
    #[test]
    fn reports_cut_main_part_as_corrupt(cut in 0.0f64..0.999) {
        let body = [numbered(1, 0, "一"), p("正文"), tc("", "格")].concat();
        let full = document(&format!("{body}<w:tbl><w:tr>{}</w:tr></w:tbl>", tc("<w:gridSpan w:val=\"2\"/>", "x")));
        let at = (full.len() as f64 * cut) as usize;
        let at = (0..=at).rev().find(|&i| full.is_char_boundary(i)).unwrap_or(0);
        let root = rels(&[(REL_DOC, "word/document.xml")]);
        let bytes = zip(&[("_rels/.rels", root.as_bytes()), ("word/document.xml", &full.as_bytes()[..at])]);
        let result = docx::read(&bytes);
        prop_assert!(matches!(result, Err(ReadError::Corrupt { .. })), "{:?}", result.map(|d| d.blocks.len()));
    }
}
