//! The Excel writer: the workbook's structure (merged headers, formulas with stored results,
//! validation, protection, print setup), the fill-in template, and the round trip back to the
//! same model through the ordinary spreadsheet reader.

use calamine::{Data, Reader, Xlsx};
use gongkai::finding::{CellRef, Finding, Severity};
use gongkai::model::{Report, Section, Value};
use gongkai::pipeline::{self, Analysis};
use gongkai::standard;
use gongkai::write::{self, Format};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::io::{Cursor, Read};
use std::path::Path;

const SEED: &str = "samples/zhangdian-2023.orig.gbk.txt";
const FILLED: &str = "tests/fixtures/filled-template.openpyxl.xlsx";

fn analyze(path: &str) -> Analysis {
    pipeline::analyze_path(Path::new(path), &Default::default()).expect("reads")
}

fn xlsx(report: &Report, findings: &[Finding]) -> Vec<u8> {
    write::write(report, findings, Format::Xlsx).expect("writes")
}

fn book(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("opens")
}

fn sheet_name(table: &str) -> String {
    let std = standard::current();
    std.section_of_table(table).expect("section").printed()
}

/// The XML of a worksheet part, found through the workbook's sheet order (1-based).
fn sheet_xml(bytes: &[u8], n: usize) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut part = zip
        .by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .expect("sheet part");
    let mut s = String::new();
    part.read_to_string(&mut s).expect("utf-8");
    s
}

fn sheet_index(bytes: &[u8], name: &str) -> usize {
    let b = book(bytes);
    b.sheet_names()
        .iter()
        .position(|s| s == name)
        .expect("sheet present")
        + 1
}

/// Merged regions of a sheet as (first row, first col, last row, last col), 0-based.
fn merges(bytes: &[u8], sheet: &str) -> Vec<(u32, u32, u32, u32)> {
    let mut b = book(bytes);
    b.merge_cells_by_sheet_name(sheet)
        .expect("merges")
        .iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect()
}

fn text_at(bytes: &[u8], sheet: &str, r: u32, c: u32) -> String {
    let mut b = book(bytes);
    let range = b.worksheet_range(sheet).expect("range");
    match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn formula_at(bytes: &[u8], sheet: &str, r: u32, c: u32) -> Option<String> {
    let mut b = book(bytes);
    let f = b.worksheet_formula(sheet).expect("formulas");
    f.get_value((r, c)).filter(|s| !s.is_empty()).cloned()
}

#[test]
fn requests_sheet_merges_headers_like_the_standard() {
    let bytes = xlsx(&analyze(SEED).report, &[]);
    let m = merges(&bytes, &sheet_name("requests"));
    let expect = [
        (0, 0, 2, 2),   // corner over 3×3
        (0, 3, 0, 9),   // 申请人情况 over 7
        (1, 3, 2, 3),   // 自然人
        (1, 4, 1, 8),   // 法人或其他组织 over 5
        (1, 9, 2, 9),   // 总计
        (3, 0, 3, 2),   // 一、本年新收…
        (5, 0, 26, 0),  // 三、本年度办理结果 over 22 rows
        (5, 1, 5, 2),   // （一）予以公开
        (7, 1, 14, 1),  // （三）不予公开 over 8
        (15, 1, 17, 1), // （四）无法提供 over 3
        (18, 1, 22, 1), // （五）不予处理 over 5
        (23, 1, 25, 1), // （六）其他处理 over 3
        (26, 1, 26, 2), // （七）总计
        (27, 0, 27, 2), // 四、结转下年度继续办理
    ];
    for e in expect {
        assert!(m.contains(&e), "missing merge {e:?} in {m:?}");
    }
    let name = sheet_name("requests");
    assert_eq!(text_at(&bytes, &name, 0, 3), "申请人情况");
    assert_eq!(text_at(&bytes, &name, 1, 4), "法人或其他组织");
    assert_eq!(text_at(&bytes, &name, 5, 0), "三、本年度办理结果");
}

#[test]
fn appeals_sheet_has_one_data_row_under_a_three_row_header() {
    let bytes = xlsx(&analyze(SEED).report, &[]);
    let name = sheet_name("appeals");
    let m = merges(&bytes, &name);
    for e in [(0, 0, 1, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)] {
        assert!(m.contains(&e), "missing merge {e:?} in {m:?}");
    }
    assert_eq!(text_at(&bytes, &name, 2, 14), "总计");
    assert_eq!(text_at(&bytes, &name, 3, 0), "0");
}

#[test]
fn totals_are_formulas_with_their_results_stored() {
    let a = analyze(SEED);
    let bytes = xlsx(&a.report, &[]);
    let name = sheet_name("requests");
    let f = formula_at(&bytes, &name, 3, 9).expect("new.total is a formula");
    assert!(f.contains("SUM($D$4:$I$4)"), "{f}");
    assert_eq!(text_at(&bytes, &name, 3, 9), "1");
    let grand = formula_at(&bytes, &name, 26, 9).expect("grand total is a formula");
    assert!(grand.contains("SUM($D$27:$I$27)"), "{grand}");
    let results = formula_at(&bytes, &name, 26, 3).expect("（七）总计 is a formula");
    assert!(results.contains("SUM($D$6:$D$26)"), "{results}");
    // Inputs are not formulas.
    assert_eq!(formula_at(&bytes, &name, 3, 3), None);
    let appeals = sheet_name("appeals");
    assert!(formula_at(&bytes, &appeals, 3, 4).is_some_and(|f| f.contains("SUM($A$4:$D$4)")));
}

#[test]
fn printed_total_that_breaks_its_sum_is_written_as_printed_and_linked_from_findings() {
    let mut report = analyze(SEED).report;
    report.set("requests", "new", "total", Value::int(5));
    let findings = pipeline::analyze_report(report.clone()).findings;
    assert!(findings.iter().any(|f| f.rule == "requests.row_total"));
    let bytes = xlsx(&report, &findings);
    let name = sheet_name("requests");
    assert_eq!(formula_at(&bytes, &name, 3, 9), None);
    assert_eq!(text_at(&bytes, &name, 3, 9), "5");
    // The findings sheet, last, links the cell.
    let std = standard::current();
    let n = sheet_index(&bytes, &std.workbook.findings_sheet);
    let xml = sheet_xml(&bytes, n);
    assert!(
        xml.contains(&format!("location=\"'{name}'!$J$4\"")),
        "{xml}"
    );
    let rows = {
        let mut b = book(&bytes);
        b.worksheet_range(&std.workbook.findings_sheet)
            .expect("findings")
    };
    let header: Vec<String> = rows
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(header, std.workbook.findings_header);
    assert_eq!(rows.height(), findings.len() + 1);
}

#[test]
fn sheet_xml_carries_validation_protection_highlighting_and_print_setup() {
    let bytes = xlsx(&analyze(SEED).report, &[]);
    let requests = sheet_xml(&bytes, sheet_index(&bytes, &sheet_name("requests")));
    assert!(
        requests.contains("<dataValidation type=\"whole\""),
        "whole-number validation"
    );
    assert!(requests.contains("operator=\"greaterThanOrEqual\""));
    assert!(requests.contains("件数应为不小于 0 的整数"));
    assert!(requests.contains("<sheetProtection"));
    assert!(!requests.contains("password="));
    assert!(requests.contains("<conditionalFormatting"));
    assert!(
        requests.contains("SUM($D$4:$D$5)&lt;&gt;SUM($D$27:$D$28)"),
        "balance rule per column"
    );
    assert!(requests.contains("paperSize=\"9\""));
    assert!(requests.contains("fitToHeight=\"0\""));
    assert!(requests.contains("horizontalCentered=\"1\""));
    let active = sheet_xml(&bytes, sheet_index(&bytes, &sheet_name("active")));
    assert!(
        active.contains("<dataValidation type=\"decimal\""),
        "amounts take decimals"
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
    let mut wb = String::new();
    zip.by_name("xl/workbook.xml")
        .expect("workbook")
        .read_to_string(&mut wb)
        .expect("utf-8");
    assert!(wb.contains("_xlnm.Print_Titles"), "header rows repeat");
}

#[test]
fn template_has_facts_headings_formulas_and_no_values() {
    let std = standard::current();
    let bytes = write::xlsx::template(std, Some("某某市某某局"), Some(2024)).expect("template");
    let facts = &std.workbook.facts_sheet;
    assert_eq!(text_at(&bytes, facts, 0, 1), "某某市某某局");
    assert_eq!(text_at(&bytes, facts, 1, 1), "2024");
    assert!(text_at(&bytes, facts, 0, 3).contains(&std.workbook.instructions[0]));
    let prose = &std.workbook.prose_sheet;
    for s in &std.sections {
        let mut b = book(&bytes);
        let r = b.worksheet_range(prose).expect("prose");
        assert!(
            r.rows().any(|row| row[0].to_string() == s.printed()),
            "{}",
            s.printed()
        );
    }
    let name = sheet_name("requests");
    assert_eq!(text_at(&bytes, &name, 3, 3), "");
    assert!(formula_at(&bytes, &name, 3, 9).is_some());
}

// ---------------------------------------------------------------- read back

fn round_trip(report: &Report) -> Analysis {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.xlsx");
    std::fs::write(&path, xlsx(report, &[])).expect("write");
    pipeline::analyze_path(&path, &Default::default()).expect("reads back")
}

#[test]
fn samples_round_trip_through_the_workbook() {
    for entry in std::fs::read_dir("samples").expect("samples") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let a = analyze(path.to_str().expect("utf-8 path"));
        let back = round_trip(&a.report);
        assert_eq!(back.report, a.report, "{}", path.display());
        let warnings: Vec<&Finding> = back
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning && f.rule.starts_with("import."))
            .collect();
        assert!(warnings.is_empty(), "{}: {warnings:#?}", path.display());
    }
}

#[test]
fn template_reads_back_as_an_empty_report_of_that_organ() {
    let std = standard::current();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.xlsx");
    std::fs::write(
        &path,
        write::xlsx::template(std, Some("某某市某某局"), Some(2024)).expect("template"),
    )
    .expect("write");
    let a = pipeline::analyze_path(&path, &Default::default()).expect("reads");
    assert_eq!(a.report.meta.organ.as_deref(), Some("某某市某某局"));
    assert_eq!(a.report.meta.year, Some(2024));
    assert_eq!(a.report.tables, Report::empty(std).tables);
    assert_eq!(a.report.sections.len(), std.sections.len());
    assert!(
        a.report.meta.preamble.is_empty(),
        "{:?}",
        a.report.meta.preamble
    );
}

#[test]
fn filled_template_keeps_typed_numbers_recomputes_formulas_and_flags_the_wrong_total() {
    let a = analyze(FILLED);
    let r = &a.report;
    let get = |t: &str, row: &str, col: &str| r.get(t, row, col).cloned().unwrap_or_default();
    assert_eq!(r.meta.organ.as_deref(), Some("某某县某某局"));
    assert_eq!(
        r.meta.contact.get("phone").map(String::as_str),
        Some("0000-1234567")
    );
    assert_eq!(get("active", "normative", "in_force"), Value::int(20));
    assert_eq!(
        get("active", "fees", "amount"),
        Value::Number(Decimal::new(5, 1))
    );
    assert_eq!(get("requests", "new", "natural"), Value::int(3));
    assert_eq!(get("requests", "new", "research"), Value::Blank);
    // Totals that were formulas without results, recomputed from the typed parts.
    assert_eq!(get("requests", "new", "total"), Value::int(4));
    assert_eq!(get("requests", "total", "natural"), Value::int(3));
    assert_eq!(get("requests", "total", "total"), Value::int(4));
    assert_eq!(get("requests", "total", "research"), Value::Blank);
    assert_eq!(get("appeals", "litigation_direct", "total"), Value::int(1));
    // The total typed over by hand is kept as typed, and check reports it.
    assert_eq!(get("appeals", "review", "total"), Value::int(4));
    let errors: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].rule, "appeals.total");
    assert_eq!(
        errors[0].cell,
        Some(CellRef::new("appeals", "review", "total"))
    );
    assert!(
        r.section("overview")
            .is_some_and(|s| s.paragraphs.len() == 1)
    );
}

fn arb_value(amount: bool) -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0i64..2000).prop_map(Value::int),
        1 => Just(Value::Blank),
        1 => Just(Value::Text("/".into())),
        1 => (0i64..10_000_000, 0u32..7).prop_map(move |(n, scale)| {
            if amount { Value::Number(Decimal::new(n, scale)) } else { Value::int(n % 500) }
        }),
    ]
}

fn arb_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec![
            "公开",
            "申请",
            "工作",
            "信息",
            "平台",
            "规范",
            "2023年",
            "（一）",
            "办理",
        ]),
        3..20,
    )
    .prop_map(|w| format!("{}。", w.concat()))
}

fn arb_report() -> impl Strategy<Value = Report> {
    let std = standard::current();
    let cells: Vec<(String, String, String, bool)> = std
        .tables
        .iter()
        .flat_map(|t| {
            t.rows.iter().flat_map(move |r| {
                t.columns_of(r).into_iter().map(move |c| {
                    (
                        t.id.clone(),
                        r.id.clone(),
                        c.id.clone(),
                        c.kind == standard::ValueKind::Amount,
                    )
                })
            })
        })
        .collect();
    let values: Vec<_> = cells.iter().map(|c| arb_value(c.3)).collect();
    let paragraphs = proptest::collection::vec(proptest::collection::vec(arb_text(), 0..4), 6);
    let organ = prop::sample::select(vec!["某某市某某局", "某某县人民政府办公室", "某某区管委会"]);
    (
        values,
        paragraphs,
        organ,
        2019i32..2030,
        proptest::option::of("[0-9]{6}"),
    )
        .prop_map(move |(vals, paras, organ, year, postcode)| {
            let mut r = Report::empty(std);
            for ((t, row, col, _), v) in cells.iter().zip(vals) {
                r.set(t, row, col, v);
            }
            r.meta.organ = Some(organ.to_string());
            r.meta.year = Some(year);
            r.meta.title = Some(format!("{organ}{year}年{}", std.title_suffix));
            r.meta.period_start = Some(format!("{year}-01-01"));
            r.meta.period_end = Some(format!("{year}-12-31"));
            if let Some(p) = postcode {
                r.meta.contact.insert("postcode".into(), p);
            }
            r.sections = std
                .sections
                .iter()
                .zip(paras)
                .map(|(s, paragraphs)| Section {
                    id: Some(s.id.clone()),
                    heading: s.heading.clone(),
                    paragraphs,
                    other_tables: Vec::new(),
                })
                .collect();
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
        fn generated_reports_round_trip_through_the_workbook(report in arb_report()) {
        let back = round_trip(&report);
        prop_assert_eq!(back.report, report);
    }
}

/// A template filled by another program (openpyxl) becomes an official Word report with the
/// filled-in numbers, and the total typed wrong by hand is still reported on the Word file.
#[test]
fn filled_template_converts_to_a_word_report_with_the_typed_numbers() {
    use gongkai::finding::Severity;
    use gongkai::pipeline::analyze_path;
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/filled-template.openpyxl.xlsx");
    let from_sheet = analyze_path(&fixture, &Default::default()).expect("reads the workbook");
    let docx = gongkai::write::write(
        &from_sheet.report,
        &from_sheet.findings,
        gongkai::write::Format::Docx,
    )
    .expect("writes Word");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("filled.docx");
    std::fs::write(&path, docx).expect("writes file");
    let from_word = analyze_path(&path, &Default::default()).expect("reads the Word file");
    assert_eq!(from_word.report.tables, from_sheet.report.tables);
    let broken = |a: &gongkai::pipeline::Analysis| {
        a.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule.clone())
            .collect::<Vec<_>>()
    };
    assert!(!broken(&from_word).is_empty());
    assert_eq!(broken(&from_word), broken(&from_sheet));
}
