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

/// Every report file the tests ship that reads without LibreOffice: the samples, the checks'
/// fixtures, the 2019-format fixture and the filled-in template.
fn report_files() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in ["samples", "tests/fixtures/checks"] {
        for entry in std::fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ["txt", "html", "docx", "xlsx", "xls", "ods"].contains(&ext) {
                out.push(path);
            }
        }
    }
    out.push("tests/fixtures/gov2019-sample.txt".into());
    out.push(FILLED.into());
    out.sort();
    out
}

#[test]
fn every_sample_and_fixture_round_trips_through_the_workbook() {
    let files = report_files();
    assert!(files.len() >= 20, "{files:?}");
    for path in files {
        let a = analyze(path.to_str().expect("utf-8 path"));
        let back = round_trip(&a.report);
        assert_eq!(back.report, a.report, "{}", path.display());
    }
}

/// The seed with what a Word report brings: blanks and dashes, an amount with six decimals,
/// prose with line breaks and markup characters, a paragraph that reads like a value ("无"),
/// and tables of its own — with empty cells, ragged rows, a row of blanks — in a prose
/// section, in a table section, in an unknown section and in the last section.
fn fixture() -> Report {
    let mut r = analyze(SEED).report;
    r.set("requests", "new", "commercial", Value::Text("/".into()));
    r.set(
        "requests",
        "carried_over",
        "legal",
        Value::Text("约5件".into()),
    );
    r.set(
        "active",
        "fees",
        "amount",
        Value::Number(Decimal::new(24_252_311_082, 6)),
    );
    r.set("appeals", "review", "upheld", Value::Blank);
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    r.sections[0].paragraphs.push("第一行\n第二行".into());
    r.sections[0]
        .paragraphs
        .push("特此说明 <见附件> & “附表”。".into());
    r.sections[0].other_tables.push(vec![
        row(&["栏目", "条数", "备注"]),
        row(&["政策文件", "12", ""]),
        row(&["", "", ""]),
        row(&["合计"]),
        row(&["通知公告", "", "第一行\n第二行"]),
    ]);
    r.sections[0].other_tables.push(vec![row(&["单独一格"])]);
    r.sections[1]
        .other_tables
        .push(vec![row(&["网站", "正常运行"]), row(&["", ""])]);
    r.sections[5].paragraphs = vec!["无".into()];
    r.sections[5].other_tables.push(vec![
        row(&["附表", "", ""]),
        row(&["1", "2", "3"]),
        row(&[""]),
    ]);
    r.sections.push(Section {
        id: None,
        heading: "附件说明".into(),
        paragraphs: vec!["本报告附件一份。".into()],
        other_tables: vec![vec![row(&["项目", "说明"]), row(&["网站", "正常运行"])]],
    });
    r
}

#[test]
fn tables_of_the_reports_own_and_hard_prose_round_trip_through_the_workbook() {
    let r = fixture();
    let back = round_trip(&r).report;
    for (b, a) in r.sections.iter().zip(&back.sections) {
        assert_eq!(b, a);
    }
    assert_eq!(back, r);
}

#[test]
fn a_word_report_with_a_table_of_its_own_reads_the_same_from_its_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("r.docx");
    let report = fixture();
    std::fs::write(
        &docx,
        write::write(&report, &[], Format::Docx).expect("docx"),
    )
    .expect("write");
    let from_word = analyze(docx.to_str().expect("utf-8 path"));
    assert!(
        from_word
            .report
            .sections
            .iter()
            .any(|s| !s.other_tables.is_empty()),
        "the Word report keeps its own tables"
    );
    let from_sheet = round_trip(&from_word.report);
    assert_eq!(from_sheet.report, from_word.report);
}

#[test]
fn tables_of_the_reports_own_sit_in_the_prose_sheet_from_column_b() {
    let bytes = xlsx(&fixture(), &[]);
    let prose = &standard::current().workbook.prose_sheet;
    let mut b = book(&bytes);
    let range = b.worksheet_range(prose).expect("prose");
    let (r0, _) = range.start().expect("start");
    let row_of = |text: &str| {
        range
            .rows()
            .position(|row| {
                row.iter()
                    .any(|d| matches!(d, Data::String(s) if s == text))
            })
            .map(|i| i as u32 + r0)
            .unwrap_or_else(|| panic!("{text} not in the prose sheet"))
    };
    let r = row_of("栏目");
    assert_eq!(text_at(&bytes, prose, r, 0), "");
    assert_eq!(text_at(&bytes, prose, r, 1), "栏目");
    assert_eq!(text_at(&bytes, prose, r, 3), "备注");
    // A short row's last cell spans the rest of the table, as in the Word writer.
    assert!(merges(&bytes, prose).contains(&(r + 3, 1, r + 3, 3)));
    // Tables are set apart by an empty row.
    assert_eq!(row_of("单独一格"), r + 6);
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

/// A paragraph: a sentence, or a short one that reads like a value ("无", "5").
fn arb_paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => arb_text(),
        1 => prop::sample::select(vec!["无", "无。", "5", "第一行\n第二行"]).prop_map(str::to_string),
    ]
}

/// A table of the report's own: ragged rows of texts, numbers and empty cells (no label of
/// the standard: a table carrying those is read as the standard table it quotes).
fn arb_own_table() -> impl Strategy<Value = Vec<Vec<String>>> {
    let cell = prop::sample::select(vec![
        "",
        "",
        "项目",
        "说明",
        "12",
        "0.5",
        "/",
        "网站正常运行",
        "甲\n乙",
    ]);
    let row = proptest::collection::vec(cell.prop_map(str::to_string), 1..5);
    proptest::collection::vec(row, 1..5)
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
    let paragraphs = proptest::collection::vec(proptest::collection::vec(arb_paragraph(), 0..4), 6);
    let own_tables = proptest::collection::vec(proptest::collection::vec(arb_own_table(), 0..3), 6);
    let organ = prop::sample::select(vec!["某某市某某局", "某某县人民政府办公室", "某某区管委会"]);
    (
        values,
        paragraphs,
        own_tables,
        organ,
        2019i32..2030,
        proptest::option::of("[0-9]{6}"),
    )
        .prop_map(move |(vals, paras, tables, organ, year, postcode)| {
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
                .zip(paras.into_iter().zip(tables))
                .map(|(s, (paragraphs, other_tables))| Section {
                    id: Some(s.id.clone()),
                    heading: s.heading.clone(),
                    paragraphs,
                    other_tables,
                })
                .collect();
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
        fn generated_reports_round_trip_through_the_workbook(report in arb_report()) {
        let back = round_trip(&report);
        prop_assert_eq!(&back.report.sections, &report.sections);
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
