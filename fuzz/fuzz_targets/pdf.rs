//! Fuzz target: arbitrary bytes through the PDF reader (lopdf, our fonts and content
//! interpreter, the layout), then the whole analysis.
#![no_main]

use gongkai::read::{Kind, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = read_bytes(data, Kind::Pdf, &ReadOptions::default()) {
        let _ = gongkai::pipeline::analyze_document(&doc);
    }
});
