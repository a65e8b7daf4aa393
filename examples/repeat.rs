//! Reads, recognises and checks one file N times in one process, for profilers: under
//! `valgrind --tool=callgrind` the instruction count is the same on a busy machine, so two
//! versions of the recogniser can be compared while other jobs run.
//!
//! ```text
//! cargo build --release --example repeat
//! valgrind --tool=callgrind target/release/examples/repeat samples/zhangdian-2023.orig.gbk.txt 50
//! ```

use gongkai::pipeline::analyze_document;
use gongkai::read::{ReadOptions, read_bytes, sniff};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), n) = (args.next(), args.next()) else {
        eprintln!("usage: repeat FILE [TIMES]");
        std::process::exit(2);
    };
    let n: usize = n.and_then(|n| n.parse().ok()).unwrap_or(100);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let ext = std::path::Path::new(&path)
        .extension()
        .and_then(|e| e.to_str());
    let kind = sniff::sniff(&bytes, ext);
    let opts = ReadOptions::default();
    let mut findings = 0;
    for _ in 0..n {
        match read_bytes(&bytes, kind, &opts) {
            Ok(doc) => findings += analyze_document(&doc).findings.len(),
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        }
    }
    println!("{n} runs, {findings} findings in all");
}
