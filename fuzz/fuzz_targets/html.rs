//! Fuzz target: arbitrary bytes through the HTML reader, then the whole analysis.
#![no_main]

use gongkai::read::{Kind, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions {
        lossy: data.first().is_some_and(|b| b & 1 == 1),
        ..ReadOptions::default()
    };
    if let Ok(doc) = read_bytes(data, Kind::Html, &opts) {
        let _ = gongkai::pipeline::analyze_document(&doc);
    }
});
