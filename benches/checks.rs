//! Times the checks on the seed report: every rule (prose, form, cross-year included) against the
//! arithmetic rules alone, in the same run, with the import beside them for scale.
//!
//! Run: `cargo bench --bench checks`.

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai::check::{self, Options};
use gongkai::read::{self, ReadOptions};
use gongkai::{recognize, standard};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The seed report, as kept in the repository.
fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.utf8.txt")
}

fn bench(c: &mut Criterion) {
    let path = seed();
    let opts = ReadOptions::default();
    let doc = match read::read_path(&path, &opts) {
        Ok(d) => d,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let report = recognize::recognize(&doc).report;
    let std = standard::get(&report.format).unwrap_or_else(|| standard::current());
    let previous = report.clone();

    let mut g = c.benchmark_group("checks");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    g.bench_function("import (read + recognise)", |b| {
        b.iter(|| {
            let doc = read::read_path(black_box(&path), &opts);
            doc.map(|d| recognize::recognize(&d).report.sections.len())
        })
    });
    g.bench_function("arithmetic rules only", |b| {
        b.iter(|| check::arithmetic(black_box(&report), std).len())
    });
    g.bench_function("all rules", |b| {
        b.iter(|| check::check(black_box(&report), std).len())
    });
    g.bench_function("all rules with previous year", |b| {
        let o = Options {
            previous: Some(&previous),
            allow: &[],
        };
        b.iter(|| check::check_with(black_box(&report), std, &o).len())
    });
    g.bench_function("prose only", |b| {
        b.iter(|| check::prose::matches_tables(black_box(&report), std).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
