//! Time to export the seed report as .docx (target: well under 2 ms in release).

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai::pipeline;
use gongkai::standard;
use gongkai::write::docx::{self, Style};
use std::hint::black_box;
use std::path::Path;

fn export_seed(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.orig.gbk.txt");
    let report = match pipeline::analyze_path(&path, &Default::default()) {
        Ok(a) => a.report,
        Err(e) => panic!("seed: {e}"),
    };
    let std = standard::current();
    let style = Style::default();
    c.bench_function("docx_write_seed", |b| {
        b.iter(|| docx::write(black_box(&report), std, &style))
    });
}

criterion_group!(benches, export_seed);
criterion_main!(benches);
