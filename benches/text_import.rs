//! Text import + check of the seed report, against reading the bytes alone as a baseline; and
//! the same for the seed as a portal web page (GBK HTML).

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai::pipeline::analyze_document;
use gongkai::read::{Kind, ReadOptions, read_bytes};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let seed = include_str!("../samples/zhangdian-2023.utf8.txt");
    let (gbk, _, _) = encoding_rs::GB18030.encode(seed);
    let gbk = gbk.into_owned();
    let opts = ReadOptions::default();
    let mut g = c.benchmark_group("text");
    g.bench_function("decode_only (baseline)", |b| {
        b.iter(|| encoding_rs::GB18030.decode(black_box(&gbk)).0.len())
    });
    g.bench_function("read", |b| {
        b.iter(|| read_bytes(black_box(&gbk), Kind::Text, &opts))
    });
    g.bench_function("read+recognize+check", |b| {
        b.iter(|| {
            let doc = read_bytes(black_box(&gbk), Kind::Text, &opts).map(|d| analyze_document(&d));
            doc.map(|a| a.findings.len())
        })
    });
    g.finish();
}

fn bench_html(c: &mut Criterion) {
    let page = include_bytes!("../samples/zhangdian-2023.page.gbk.html");
    let opts = ReadOptions::default();
    let mut g = c.benchmark_group("html");
    g.bench_function("decode_only (baseline)", |b| {
        b.iter(|| encoding_rs::GB18030.decode(black_box(page)).0.len())
    });
    g.bench_function("read", |b| {
        b.iter(|| read_bytes(black_box(page), Kind::Html, &opts))
    });
    g.bench_function("read+recognize+check", |b| {
        b.iter(|| {
            let doc = read_bytes(black_box(page), Kind::Html, &opts).map(|d| analyze_document(&d));
            doc.map(|a| a.findings.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_html);
criterion_main!(benches);
