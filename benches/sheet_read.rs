//! Import time of the seed report as a workbook (LibreOffice .xlsx and .xls): target well
//! under 5 ms each in release.

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai::read::{Kind, sheet};
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
    ] {
        let bytes = sample(name);
        c.bench_function(&format!("sheet::read {name}"), |b| {
            b.iter(|| sheet::read(black_box(&bytes), kind).map(|d| d.blocks.len()))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
