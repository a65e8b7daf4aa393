//! Times reading text taken out of a PDF: pdftotext's default mode, whose table 三 is placed by
//! the search over its drawing order (src/recognize/order), against `-layout` text of the same
//! report as the baseline, in the same run. Three default-mode texts: one the sums decode, one
//! whose 1…200 values keep no sum (the search ends with nothing), and the python-docx seed.
//!
//! Run: `cargo bench --bench pdftext`.

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai::pipeline::analyze_path;
use gongkai::read::ReadOptions;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn bench(c: &mut Criterion) {
    let opts = ReadOptions::default();
    let cases = [
        (
            "-layout, sums kept (baseline)",
            "pdftext-sums/numbered.pydocx.docx.pdftotext-layout.txt",
        ),
        (
            "default mode, sums kept: order decoded",
            "pdftext-sums/numbered.pydocx.docx.pdftotext.txt",
        ),
        (
            "default mode, 1…200: no reading",
            "pdftext/numbered.pydocx.docx.pdftotext.txt",
        ),
        (
            "default mode, the python-docx seed (mostly zeros)",
            "pdftext/zhangdian-2023.pydocx.docx.pdftotext.txt",
        ),
    ];
    let mut g = c.benchmark_group("pdftext");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(10);
    for (name, rel) in cases {
        let path = fixture(rel);
        g.bench_function(name, |b| {
            b.iter(|| analyze_path(black_box(&path), &opts).map(|a| a.findings.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
