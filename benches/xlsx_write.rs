//! Export of one report as a workbook (the seed sample), and of the empty template.

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai::pipeline;
use gongkai::standard;
use gongkai::write::{self, Format};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let analysis = pipeline::analyze_path(
        Path::new("samples/zhangdian-2023.orig.gbk.txt"),
        &Default::default(),
    )
    .expect("seed reads");
    c.bench_function("xlsx_write_seed", |b| {
        b.iter(|| {
            write::write(
                black_box(&analysis.report),
                &analysis.findings,
                Format::Xlsx,
            )
        })
    });
    c.bench_function("xlsx_template", |b| {
        b.iter(|| write::xlsx::template(black_box(standard::current()), Some("某某局"), Some(2024)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
