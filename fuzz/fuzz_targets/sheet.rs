//! Fuzz target: arbitrary bytes through the workbook reader as .xlsx, .xls and .ods, then the
//! whole analysis. The first byte picks the kind.
#![no_main]

use gongkai::read::{Kind, ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = data.split_first() else {
        return;
    };
    let kind = match pick % 3 {
        0 => Kind::Xlsx,
        1 => Kind::Xls,
        _ => Kind::Ods,
    };
    if let Ok(doc) = read_bytes(body, kind, &ReadOptions::default()) {
        let _ = gongkai::pipeline::analyze_document(&doc);
    }
});
