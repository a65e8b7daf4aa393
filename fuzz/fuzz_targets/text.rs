//! Fuzz target: arbitrary bytes through the text reader, then the whole analysis.
#![no_main]

use gongkai::read::{Kind, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options, so lossy decoding and forced encodings are reached too.
    let (opts, body) = match data.split_first() {
        Some((b, rest)) => (options(*b), rest),
        None => (ReadOptions::default(), data),
    };
    if let Ok(doc) = read_bytes(body, Kind::Text, &opts) {
        let _ = gongkai::pipeline::analyze_document(&doc);
    }
});

fn options(b: u8) -> ReadOptions {
    let encoding = match b & 0b111 {
        1 => Some("gbk".to_string()),
        2 => Some("utf-16le".to_string()),
        3 => Some("utf-16be".to_string()),
        4 => Some("big5".to_string()),
        _ => None,
    };
    ReadOptions {
        encoding,
        lossy: b & 0b1000 != 0,
        ..ReadOptions::default()
    }
}
