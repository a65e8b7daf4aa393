//! The year-to-year jobs on fixtures: roll forward (`template --from`), diff, and the levels
//! check (a parent against the sum of its parts).

use gongkai::check;
use gongkai::model::{Report, Value};
use gongkai::pipeline::{analyze_document_with_formulas, analyze_path};
use gongkai::read::{Kind, ReadOptions, formulas::read_bytes_with_formulas};
use gongkai::rollforward::roll_forward;
use gongkai::standard;
use gongkai::write;
use std::path::Path;

fn fixture(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/years")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    Report::from_json(&text).expect("report")
}

fn seed() -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.utf8.txt");
    analyze_path(&path, &ReadOptions::default())
        .expect("seed")
        .report
}

/// The rolled-forward workbook of `last`, read back as gongkai reads any workbook.
fn rolled_and_read(last: &Report) -> Report {
    let rolled = roll_forward(last, None).expect("rolls");
    let bytes = write::xlsx::template_from(&rolled, standard::current()).expect("workbook");
    let (doc, formulas) =
        read_bytes_with_formulas(&bytes, Kind::Xlsx, &ReadOptions::default()).expect("reads");
    analyze_document_with_formulas(&doc, &formulas).report
}

fn rules(findings: &[gongkai::finding::Finding]) -> Vec<String> {
    findings.iter().map(|f| f.rule.clone()).collect()
}

#[test]
fn rolled_forward_seed_passes_the_cross_year_checks_against_the_seed() {
    let seed = seed();
    let this = rolled_and_read(&seed);
    assert_eq!(this.meta.year, Some(2024));
    assert!(check::cross_year(&this, &seed, standard::current()).is_empty());
}

#[test]
fn rolled_forward_workbook_carries_figures_and_flags_a_changed_carried_cell() {
    let last = fixture("organ-2023.json");
    let mut this = rolled_and_read(&last);
    let get = |r: &Report, t, row, col| r.get(t, row, col).cloned();
    assert_eq!(
        get(&this, "requests", "carried_over", "natural"),
        Some(Value::int(2))
    );
    assert_eq!(
        get(&this, "active", "normative", "in_force"),
        Some(Value::int(20)),
        "the formula's result: 20 + nothing issued − nothing repealed"
    );
    assert_eq!(get(&this, "requests", "new", "natural"), Some(Value::Blank));
    assert!(check::cross_year(&this, &last, standard::current()).is_empty());
    this.set("requests", "carried_over", "natural", Value::int(3));
    assert_eq!(
        rules(&check::cross_year(&this, &last, standard::current())),
        vec!["cross_year.carried_over"]
    );
}

#[test]
fn rolled_forward_workbook_keeps_last_years_prose_under_the_mark() {
    let last = fixture("organ-2023.json");
    let this = rolled_and_read(&last);
    let mark = &standard::current().years().expect("years").carried_mark;
    let overview = this.section("overview").expect("overview");
    assert_eq!(&overview.paragraphs[0], mark);
    assert_eq!(
        overview.paragraphs[1],
        last.section("overview").expect("overview").paragraphs[0]
    );
}
