//! Fuzz target: the content sniffer on arbitrary bytes, with and without a file extension, and
//! then the reader it chooses (never the LibreOffice path: that needs a file and a process).
#![no_main]

use gongkai::read::{Kind, ReadOptions, read_bytes, sniff};
use libfuzzer_sys::fuzz_target;

const EXTS: [Option<&str>; 8] = [
    None,
    Some("docx"),
    Some("xlsx"),
    Some("xls"),
    Some("txt"),
    Some("html"),
    Some("doc"),
    Some("ods"),
];

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = data.split_first() else {
        return;
    };
    let ext = EXTS[usize::from(*pick) % EXTS.len()];
    let kind = sniff(body, ext);
    if kind != Kind::Legacy {
        let _ = read_bytes(body, kind, &ReadOptions::default());
    }
});
