//! Import time of the seed report as a workbook (LibreOffice .xlsx, .xls and .ods; gongkai's own
//! .xlsx): the reader alone, and read + recognise; target well under 5 ms each in release.

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai::read::{self, Kind, ReadOptions, sheet};
use gongkai::recognize;
use std::hint::black_box;
use std::path::Path;

fn sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench(c: &mut Criterion) {
    for (name, kind) in [
        ("zhangdian-2023.lo.xlsx", Kind::Xlsx),
        ("zhangdian-2023.lo.xls", Kind::Xls),
        ("zhangdian-2023.lo.ods", Kind::Ods),
    ] {
        let bytes = sample(name);
        c.bench_function(&format!("sheet::read {name}"), |b| {
            b.iter(|| sheet::read(black_box(&bytes), kind).map(|d| d.blocks.len()))
        });
    }
    // gongkai's own workbook of the seed, and the LibreOffice one, read and recognised.
    let seed = read::read_path(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.orig.gbk.txt"),
        &ReadOptions::default(),
    )
    .expect("seed");
    let own = gongkai::write::write(
        &recognize::recognize(&seed).report,
        &[],
        gongkai::write::Format::Xlsx,
    )
    .expect("workbook");
    for (name, bytes) in [
        ("gongkai.xlsx", own),
        ("zhangdian-2023.lo.xlsx", sample("zhangdian-2023.lo.xlsx")),
    ] {
        c.bench_function(&format!("import (read + recognise) {name}"), |b| {
            b.iter(|| {
                let doc = read::read_bytes(black_box(&bytes), Kind::Xlsx, &ReadOptions::default());
                doc.map(|d| recognize::recognize(&d).report.sections.len())
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
