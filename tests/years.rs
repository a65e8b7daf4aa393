//! The year-to-year jobs on fixtures: roll forward (`template --from`), diff, and the levels
//! check (a parent against the sum of its parts).

use gongkai::batch::levels::{self, Status};
use gongkai::check;
use gongkai::diff;
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

#[test]
fn diff_of_the_seed_against_itself_with_one_number_and_one_sentence_changed_reports_exactly_those()
{
    let last = seed();
    let mut this = last.clone();
    this.set("appeals", "review", "upheld", Value::int(2));
    let problems = this
        .sections
        .iter_mut()
        .find(|s| s.id.as_deref() == Some("problems"))
        .expect("problems");
    let p = problems
        .paragraphs
        .iter_mut()
        .find(|p| p.contains("二是管委会"))
        .expect("the improvement paragraph");
    let start = p.find("二是管委会").expect("sentence");
    let end = start + p[start..].find('。').expect("full stop") + '。'.len_utf8();
    p.replace_range(
        start..end,
        "二是建立政务公开工作季度通报制度，对各部室信息发布情况逐项督办、限期整改。",
    );
    let d = diff::diff((&last, &this), ("last", "this"), None).expect("diff");
    let cells: Vec<String> = d.cells.iter().map(|c| c.cell.path()).collect();
    assert_eq!(cells, vec!["tables.appeals.review.upheld"]);
    assert_eq!(d.cells[0].change, Some(Value::int(2)));
    for s in &d.sections {
        let lost = s.sentences - s.repeated.len();
        if s.id.as_deref() == Some("problems") {
            assert_eq!(lost, 1, "{s:?}");
            assert!(!s.repeated.iter().any(|r| r.contains("季度通报")));
        } else {
            assert_eq!(lost, 0, "{s:?}");
        }
    }
    assert_eq!(
        rules(&d.findings),
        vec![
            "cross_year.pairing",
            diff::REPEATED,
            diff::REPEATED,
            diff::REPEATED
        ],
        "the same year twice; the carried cells agree (all 0); each of the three prose \
         sections is (nearly) a copy"
    );
}

#[test]
fn diff_of_two_years_marks_swings_the_cross_year_finding_and_repeated_sections() {
    let (last, this) = (fixture("organ-2023.json"), fixture("organ-2024.json"));
    let d = diff::diff((&last, &this), ("2023", "2024"), None).expect("diff");
    let swings: Vec<String> = d.swings().map(|c| c.cell.path()).collect();
    assert_eq!(
        swings,
        vec!["tables.requests.new.total", "tables.requests.granted.total"]
    );
    let found = rules(&d.findings);
    assert!(
        found.contains(&"cross_year.in_force".to_string()),
        "{found:?}"
    );
    let repeated: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.rule == diff::REPEATED)
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        repeated.iter().any(|m| m.contains("存在的主要问题")),
        "{repeated:?}"
    );
    let overview = d
        .sections
        .iter()
        .find(|s| s.id.as_deref() == Some("overview"))
        .expect("overview");
    assert_eq!(overview.sentences - overview.repeated.len(), 1);
}

#[test]
fn a_higher_threshold_silences_text_repeated_and_a_lower_factor_adds_swings() {
    let (last, this) = (fixture("organ-2023.json"), fixture("organ-2024.json"));
    let mut th = diff::default_thresholds(standard::current()).expect("thresholds");
    th.repeated_share = 1.0;
    th.swing_factor = 1.1;
    let d = diff::diff((&last, &this), ("2023", "2024"), Some(th)).expect("diff");
    assert!(!rules(&d.findings).contains(&diff::REPEATED.to_string()));
    assert!(d.swings().count() > 2);
}

#[test]
fn diff_workbook_has_a_sheet_per_table_and_the_repeated_sentences() {
    let (last, this) = (fixture("organ-2023.json"), fixture("organ-2024.json"));
    let d = diff::diff((&last, &this), ("2023", "2024"), None).expect("diff");
    let bytes = d.to_xlsx(&last, &this).expect("xlsx");
    let (doc, _) =
        read_bytes_with_formulas(&bytes, Kind::Xlsx, &ReadOptions::default()).expect("reads");
    let text: String = doc
        .blocks
        .iter()
        .map(|b| format!("{b:?}"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("雷同句子") || text.contains("二是政府信息公开网站信息更新不及时"));
    assert!(text.contains("tables.requests.new.total"));
}

fn level_fixture(name: &str) -> (String, Report) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/levels")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    (name.to_string(), Report::from_json(&text).expect("report"))
}

fn three_parts() -> Vec<(String, Report)> {
    ["part-a.json", "part-b.json", "part-c.json"]
        .into_iter()
        .map(level_fixture)
        .collect()
}

#[test]
fn parent_against_three_parts_gives_one_inconsistent_and_one_uncertain_cell() {
    let (_, parent) = level_fixture("parent.json");
    let l = levels::compare(&parent, &three_parts()).expect("compares");
    let of = |s: Status| -> Vec<String> {
        l.cells
            .iter()
            .filter(|c| c.status == s)
            .map(|c| c.cell.path())
            .collect()
    };
    assert_eq!(of(Status::Inconsistent), vec!["tables.requests.new.total"]);
    assert_eq!(of(Status::Uncertain), vec!["tables.requests.new.legal"]);
    assert_eq!(
        l.count(Status::Consistent),
        standard::current().cell_count() - 2
    );
    assert_eq!(rules(&l.findings), vec![levels::RULE]);
    let f = &l.findings[0];
    assert_eq!(
        (f.expected.as_deref(), f.found.as_deref()),
        (Some("11"), Some("12"))
    );
    assert!(
        f.message
            .contains("part-a.json 3；part-b.json 3；part-c.json 5")
    );
}

#[test]
fn amounts_of_the_parts_add_up_exactly() {
    let (_, parent) = level_fixture("parent.json");
    let l = levels::compare(&parent, &three_parts()).expect("compares");
    let fees = l
        .cells
        .iter()
        .find(|c| c.cell.path() == "tables.active.fees.amount")
        .expect("fees");
    assert_eq!(
        fees.status,
        Status::Consistent,
        "0.5 + 1.25 + 0.333 = 2.083"
    );
    assert_eq!(
        fees.sum.as_ref().map(Value::display).as_deref(),
        Some("2.083")
    );
}

#[test]
fn a_part_given_twice_or_of_another_year_is_refused_with_the_reason() {
    let (_, parent) = level_fixture("parent.json");
    let mut parts = three_parts();
    parts.push(("copy-of-a.json".into(), parts[0].1.clone()));
    let err = levels::compare(&parent, &parts).expect_err("refused");
    assert!(
        err.to_string().contains("part-a.json 与 copy-of-a.json"),
        "{err}"
    );
    let mut parts = three_parts();
    parts[2].1.meta.year = Some(2022);
    let err = levels::compare(&parent, &parts).expect_err("refused");
    assert!(err.to_string().contains("part-c.json（2022年）"), "{err}");
}

#[test]
fn rolled_forward_workbook_filled_by_a_script_passes_check_previous() {
    let last = fixture("organ-2023.json");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/years/rolled-2024.openpyxl.xlsx");
    let a = analyze_path(&path, &ReadOptions::default()).expect("reads");
    let mut this = a.report;
    assert_eq!(
        this.get("active", "normative", "in_force"),
        Some(&Value::int(22)),
        "the formula saved without a result: 20 + 3 − 1"
    );
    assert_eq!(
        this.get("requests", "carried_over", "total"),
        Some(&Value::int(2))
    );
    let overview = this.section("overview").expect("overview");
    assert!(overview.paragraphs[0].starts_with("2024年"), "{overview:?}");
    assert!(check::cross_year(&this, &last, standard::current()).is_empty());
    this.set("active", "normative", "issued", Value::int(4));
    assert_eq!(
        rules(&check::cross_year(&this, &last, standard::current())),
        vec!["cross_year.in_force"],
        "a changed figure no longer follows from last year's"
    );
}

#[test]
fn docx_draft_leaves_the_formula_cell_blank_and_notes_last_years_figure() {
    let last = fixture("organ-2023.json");
    let rolled = roll_forward(&last, None).expect("rolls");
    let bytes = write::write(&rolled.draft(), &[], write::Format::Docx).expect("docx");
    let (doc, formulas) =
        read_bytes_with_formulas(&bytes, Kind::Docx, &ReadOptions::default()).expect("reads");
    let this = analyze_document_with_formulas(&doc, &formulas).report;
    assert_eq!(
        this.get("active", "normative", "in_force"),
        Some(&Value::Blank),
        "no formula in Word: never last year's figure as this year's"
    );
    assert_eq!(
        this.get("requests", "carried_over", "natural"),
        Some(&Value::int(2))
    );
    let active = this.section("active").expect("active");
    assert!(
        active.paragraphs.iter().any(|p| p.contains("上年为 20")),
        "{active:?}"
    );
}
