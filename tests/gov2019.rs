//! The 2019 trial format end to end: a trial-layout report (tests/fixtures/gov2019-sample.txt,
//! written from STANDARD.md §6) is detected, read with every value, checked, converted to
//! gov-2021 and round-tripped through JSON; the 2021 seed stays gov-2021.

use gongkai::convert;
use gongkai::finding::{Finding, Severity};
use gongkai::model::{Report, Value};
use gongkai::pipeline::{self, Analysis};
use gongkai::read::{self, Kind, ReadOptions};
use gongkai::recognize;
use gongkai::standard;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

const FIXTURE: &str = "tests/fixtures/gov2019-sample.txt";

/// Table 二 as printed in the fixture ("" = blank cell).
const ACTIVE: &[(&str, &[(&str, &str)])] = &[
    (
        "rules",
        &[("made", ""), ("published", ""), ("total_public", "")],
    ),
    (
        "normative",
        &[("made", "3"), ("published", "3"), ("total_public", "27")],
    ),
    (
        "licensing",
        &[
            ("previous_items", "15"),
            ("change", "-2"),
            ("decisions", "1024"),
        ],
    ),
    (
        "other_services",
        &[("previous_items", "8"), ("change", ""), ("decisions", "56")],
    ),
    (
        "punishment",
        &[
            ("previous_items", "120"),
            ("change", "5"),
            ("decisions", "37"),
        ],
    ),
    (
        "coercion",
        &[("previous_items", "10"), ("change", ""), ("decisions", "2")],
    ),
    ("fees", &[("previous_items", "3"), ("change", "-1")]),
    (
        "procurement",
        &[("purchases", "4"), ("purchase_amount", "251000")],
    ),
];

const COLS: [&str; 7] = [
    "natural",
    "commercial",
    "research",
    "social",
    "legal",
    "other",
    "total",
];
const B: [&str; 7] = [""; 7];
const Z: [&str; 7] = ["0"; 7];

/// Table 三 as printed in the fixture, columns in [`COLS`] order.
const REQUESTS: &[(&str, [&str; 7])] = &[
    ("new", ["20", "3", "", "", "1", "", "24"]),
    ("carried_over", ["2", "", "", "", "", "", "2"]),
    ("granted", ["10", "1", "", "", "", "", "11"]),
    ("partly_granted", ["2", "", "", "", "", "", "2"]),
    ("withheld_state_secret", Z),
    ("withheld_prohibited", Z),
    ("withheld_safety", B),
    ("withheld_third_party", ["1", "", "", "", "", "", "1"]),
    ("withheld_internal", B),
    ("withheld_process", ["1", "", "", "", "", "", "1"]),
    ("withheld_enforcement", B),
    ("withheld_query", B),
    ("unable_not_held", ["3", "1", "", "", "1", "", "5"]),
    ("unable_needs_creation", ["1", "", "", "", "", "", "1"]),
    ("unable_unclear", B),
    ("declined_complaint", ["1", "", "", "", "", "", "1"]),
    ("declined_duplicate", B),
    ("declined_publication", B),
    ("declined_excessive", B),
    ("declined_confirmation", B),
    ("other_handling", ["2", "1", "", "", "", "", "3"]),
    ("total", ["21", "3", "", "", "1", "", "25"]),
    ("carried_forward", ["1", "", "", "", "", "", "1"]),
];

/// Table 四 as printed in the fixture.
const APPEALS: &[(&str, [&str; 5])] = &[
    ("review", ["1", "", "", "1", "2"]),
    ("litigation_direct", ["0", "0", "0", "0", "0"]),
    ("litigation_after_review", ["", "", "", "", ""]),
];
const APPEAL_COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

fn value(printed: &str) -> Value {
    if printed.is_empty() {
        Value::Blank
    } else {
        Value::Number(Decimal::from_str(printed).expect("decimal"))
    }
}

/// Every expected cell of the fixture: (table, row, col, value).
fn expected_cells() -> Vec<(&'static str, &'static str, &'static str, Value)> {
    let mut out = Vec::new();
    for (row, cols) in ACTIVE {
        for (col, v) in *cols {
            out.push(("active", *row, *col, value(v)));
        }
    }
    for (row, vals) in REQUESTS {
        for (col, v) in COLS.iter().zip(vals) {
            out.push(("requests", *row, *col, value(v)));
        }
    }
    for (row, vals) in APPEALS {
        for (col, v) in APPEAL_COLS.iter().zip(vals) {
            out.push(("appeals", *row, *col, value(v)));
        }
    }
    out
}

fn analyze_fixture() -> Analysis {
    pipeline::analyze_path(Path::new(FIXTURE), &ReadOptions::default()).expect("reads")
}

fn analyze_text(text: &str) -> Analysis {
    let doc =
        read::read_bytes(text.as_bytes(), Kind::Text, &ReadOptions::default()).expect("reads");
    pipeline::analyze_document(&doc)
}

fn rules_of(findings: &[Finding], severity: Severity) -> Vec<&str> {
    findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.rule.as_str())
        .collect()
}

#[test]
fn imports_every_value_of_the_trial_fixture() {
    let a = analyze_fixture();
    assert_eq!(a.report.format, "gov-2019");
    let cells = expected_cells();
    assert_eq!(cells.len(), 198);
    assert_eq!(
        cells.len(),
        standard::get("gov-2019").expect("2019").cell_count()
    );
    for (t, r, c, v) in &cells {
        assert_eq!(a.report.get(t, r, c), Some(v), "tables.{t}.{r}.{c}");
    }
    assert_eq!(a.report.meta.organ.as_deref(), Some("示例县交通运输局"));
    assert_eq!(a.report.meta.year, Some(2022));
    let ids: Vec<Option<&str>> = a.report.sections.iter().map(|s| s.id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            "overview", "active", "requests", "appeals", "problems", "other"
        ]
        .map(Some)
    );
    assert!(
        a.report
            .section("other")
            .is_some_and(|s| s.paragraphs == ["本年度未收取政府信息公开信息处理费。"])
    );
}

#[test]
fn trial_fixture_checks_clean_with_notes_for_format_and_unit() {
    let a = analyze_fixture();
    assert!(
        rules_of(&a.findings, Severity::Error).is_empty(),
        "{:#?}",
        a.findings
    );
    assert!(
        rules_of(&a.findings, Severity::Warning).is_empty(),
        "{:#?}",
        a.findings
    );
    assert_eq!(
        rules_of(&a.findings, Severity::Info),
        ["import.format", "import.unit_stripped"]
    );
    let unit = &a.findings[1];
    assert_eq!(
        unit.cell_path().as_deref(),
        Some("tables.active.procurement.purchase_amount")
    );
    assert!(unit.message.contains("251000元"));
    assert!(a.findings[0].message.contains("第二十条第（九）项"));
}

#[test]
fn accepts_negative_change_but_not_negative_item_counts() {
    let mut report = analyze_fixture().report;
    let std = standard::get("gov-2019").expect("2019");
    assert_eq!(
        report.get("active", "licensing", "change"),
        Some(&Value::int(-2))
    );
    assert!(gongkai::check::check(&report, std).is_empty());
    report.set("active", "licensing", "previous_items", Value::int(-1));
    let f = gongkai::check::check(&report, std);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "values.kind");
    assert_eq!(
        f[0].cell_path().as_deref(),
        Some("tables.active.licensing.previous_items")
    );
}

#[test]
fn results_total_counts_the_single_other_handling_row() {
    let mut report = analyze_fixture().report;
    let std = standard::get("gov-2019").expect("2019");
    report.set("requests", "other_handling", "natural", Value::int(3));
    let rules: Vec<String> = gongkai::check::check(&report, std)
        .into_iter()
        .map(|f| f.rule)
        .collect();
    assert!(
        rules.contains(&"requests.results_total".to_string()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"requests.row_total".to_string()),
        "{rules:?}"
    );
}

#[test]
fn converts_an_amount_written_in_wan_yuan_to_yuan() {
    let text = std::fs::read_to_string(FIXTURE)
        .expect("fixture")
        .replace("251000元", "25.1万元");
    let a = analyze_text(&text);
    assert_eq!(
        a.report.get("active", "procurement", "purchase_amount"),
        Some(&Value::int(251000))
    );
    assert!(
        a.findings
            .iter()
            .any(|f| f.rule == "import.unit_converted" && f.message.contains("25.1万元"))
    );
}

#[test]
fn detects_the_trial_layout_whatever_the_year() {
    let text = std::fs::read_to_string(FIXTURE)
        .expect("fixture")
        .replace("2022", "2024");
    let a = analyze_text(&text);
    assert_eq!(a.report.format, "gov-2019");
    assert_eq!(a.report.meta.year, Some(2024));
}

#[test]
fn seed_samples_stay_gov_2021() {
    for name in [
        "zhangdian-2023.orig.gbk.txt",
        "zhangdian-2023.tika.gbk.txt",
        "zhangdian-2023.savetext.gbk.txt",
        "zhangdian-2023.notepad.utf16.txt",
        "zhangdian-2023.utf8.txt",
        "zhangdian-2023.page.gbk.html",
    ] {
        let path = Path::new("samples").join(name);
        let doc = read::read_path(&path, &ReadOptions::default()).expect("reads");
        assert_eq!(recognize::detect(&doc).id, "gov-2021", "{name}");
        let a = pipeline::analyze_document(&doc);
        assert!(
            !a.findings.iter().any(|f| f.rule == "import.format"),
            "{name}"
        );
        assert_eq!(
            a.report.get("requests", "new", "total"),
            Some(&Value::int(1)),
            "{name}"
        );
    }
}

#[test]
fn converts_to_gov_2021_with_the_documented_warnings() {
    let old = analyze_fixture().report;
    let (new, findings) = convert::convert(&old, "gov-2021").expect("converts");
    assert_eq!(new.format, "gov-2021");
    assert_eq!(new.converted_from.as_deref(), Some("gov-2019"));
    // Tables 三 and 四 carry over by id; （六） goes to 3.其他.
    for (t, r, c, v) in expected_cells() {
        match (t, r) {
            ("active", _) => {}
            ("requests", "other_handling") => {
                assert_eq!(new.get(t, "other_other", c), Some(&v), "other_other.{c}");
                assert_eq!(new.get(t, "other_no_correction", c), Some(&Value::Blank));
                assert_eq!(new.get(t, "other_no_fee", c), Some(&Value::Blank));
            }
            _ => assert_eq!(new.get(t, r, c), Some(&v), "tables.{t}.{r}.{c}"),
        }
    }
    // Table 二: what corresponds moves, the rest is carried.
    let moved = [
        ("normative", "issued", "3"),
        ("rules", "issued", ""),
        ("licensing", "decisions", "1024"),
        ("punishment", "decisions", "37"),
        ("coercion", "decisions", "2"),
    ];
    for (row, col, v) in moved {
        assert_eq!(new.get("active", row, col), Some(&value(v)), "{row}.{col}");
    }
    for (row, col) in [
        ("rules", "repealed"),
        ("rules", "in_force"),
        ("normative", "repealed"),
        ("normative", "in_force"),
        ("fees", "amount"),
    ] {
        assert_eq!(
            new.get("active", row, col),
            Some(&Value::Blank),
            "{row}.{col}"
        );
    }
    let moved_from = [
        "rules.made",
        "normative.made",
        "licensing.decisions",
        "punishment.decisions",
        "coercion.decisions",
    ];
    for (row, cols) in ACTIVE {
        for (col, v) in *cols {
            let key = format!("tables.active.{row}.{col}");
            if moved_from.contains(&format!("{row}.{col}").as_str()) {
                assert!(!new.carried.contains_key(&key), "{key} moved");
            } else {
                assert_eq!(new.carried.get(&key), Some(&value(v)), "{key}");
            }
        }
    }
    assert_eq!(new.carried.len(), 17);
    assert_eq!(
        rules_of(&findings, Severity::Warning),
        ["convert.moved", "convert.carried"]
    );
    let carried = findings
        .iter()
        .find(|f| f.rule == "convert.carried")
        .expect("warning");
    assert!(
        carried.message.contains("有数值的 13 格"),
        "{}",
        carried.message
    );
    assert!(carried.message.contains("采购总金额 = 251000"));
    assert!(carried.message.contains("本年增/减 = -2"));
    assert!(findings.iter().any(|f| f.rule == "convert.no_source"));
    // The converted report is a valid gov-2021 report with the same arithmetic.
    let checked = pipeline::analyze_report(new.clone());
    assert!(checked.findings.is_empty(), "{:#?}", checked.findings);
    let json = new.to_json().expect("json");
    assert!(json.contains("\"carried\""));
    assert_eq!(Report::from_json(&json).expect("reads back"), new);
}

#[test]
fn trial_report_round_trips_through_json() {
    let a = analyze_fixture();
    let json = a.report.to_json().expect("json");
    assert!(json.contains("\"format\": \"gov-2019\""));
    assert!(json.contains("\"change\": -2"));
    assert!(json.contains("\"purchase_amount\": 251000"));
    assert!(
        !json.contains("\"carried\""),
        "empty carried is not written"
    );
    let back = Report::from_json(&json).expect("reads back");
    assert_eq!(back, a.report);
    let again = pipeline::analyze_report(back);
    assert!(again.findings.is_empty(), "{:#?}", again.findings);
    let written =
        gongkai::write::write(&a.report, &[], gongkai::write::Format::Json).expect("writes");
    assert_eq!(
        Report::from_json(&String::from_utf8(written).expect("utf-8")).expect("reads"),
        a.report
    );
}

#[test]
fn cli_converts_to_gov_2021_and_prints_the_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.json");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["convert", FIXTURE, "--to-format", "gov-2021", "-o"])
        .arg(&out)
        .output()
        .expect("runs gongkai");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("警告[convert.carried]"), "{err}");
    assert!(err.contains("警告[convert.moved]"), "{err}");
    let report = Report::from_json(&std::fs::read_to_string(&out).expect("written")).expect("json");
    assert_eq!(report.format, "gov-2021");
    assert_eq!(
        report.get("requests", "other_other", "total"),
        Some(&Value::int(3))
    );
    assert_eq!(
        report.carried.get("tables.active.fees.change"),
        Some(&Value::int(-1))
    );
}

#[test]
fn cli_refuses_a_conversion_it_has_no_mapping_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |format: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args([
                "convert",
                "samples/zhangdian-2023.orig.gbk.txt",
                "--to-format",
                format,
            ])
            .arg("-o")
            .arg(dir.path().join("x.json"))
            .output()
            .expect("runs gongkai")
    };
    let o = run("gov-2019");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("不支持从“gov-2021”格式转换为“gov-2019”格式")
    );
    assert!(!dir.path().join("x.json").exists());
    let o = run("gov-1999");
    // An argument error: exit 4.
    assert_eq!(o.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不认识的报告格式“gov-1999”"));
}

#[test]
fn trial_prose_is_checked_against_the_trial_tables() {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    // The fixture's 一 states 24 new, 2 carried over, 1 carried forward, as its tables do: the
    // checks ran and agreed (trial_fixture_checks_clean_… above). Change each figure in turn.
    for (from, to, cell) in [
        (
            "新收政府信息公开申请24件",
            "新收政府信息公开申请二十五件",
            "new",
        ),
        ("上年结转2件", "上年结转3件", "carried_over"),
        (
            "结转下年度继续办理1件",
            "结转下年度继续办理两件",
            "carried_forward",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let a = analyze_text(&text.replacen(from, to, 1));
        let warned: Vec<String> = a
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| format!("{} {}", f.rule, f.cell_path().unwrap_or_default()))
            .collect();
        assert_eq!(
            warned,
            [format!("text.matches_tables tables.requests.{cell}.total")],
            "{to}"
        );
    }
}

#[test]
fn trial_problems_section_saying_only_none_is_flagged() {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    let problems = "（一）存在的主要问题\n政府信息公开的及时性有待提高。\n（二）改进情况\n下一步将加强信息发布审核，提高公开时效。\n";
    assert!(text.contains(problems));
    let a = analyze_text(&text.replacen(problems, "无。\n", 1));
    assert_eq!(
        rules_of(&a.findings, Severity::Warning),
        ["form.problems_empty"]
    );
}
