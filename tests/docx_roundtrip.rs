//! Export → gongkai's docx reader → recogniser gives back exactly the same report: the seed in
//! every input format, every fixture, a fixture with the hard cases, and generated reports.

use gongkai::model::{Report, Section, Value};
use gongkai::pipeline;
use gongkai::read::{self, Kind, ReadOptions};
use gongkai::recognize;
use gongkai::standard;
use gongkai::write::docx::{self, Style};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn analyze(name: &str) -> Report {
    pipeline::analyze_path(&sample(name), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .report
}

fn round_trip(r: &Report) -> Report {
    let std = standard::get(&r.format).expect("the report's standard");
    let bytes = docx::write(r, std, &Style::default()).expect("docx");
    let doc = read::read_bytes(&bytes, Kind::Docx, &ReadOptions::default()).expect("reads back");
    recognize::recognize(&doc).report
}

fn assert_same(before: &Report, after: &Report) {
    // Field by field first, for a readable failure.
    assert_eq!(before.meta, after.meta);
    assert_eq!(before.sections.len(), after.sections.len());
    for (b, a) in before.sections.iter().zip(&after.sections) {
        assert_eq!(b, a);
    }
    for (t, rows) in &before.tables {
        for (row, cols) in rows {
            for (col, v) in cols {
                assert_eq!(Some(v), after.get(t, row, col), "{t}.{row}.{col}");
            }
        }
    }
    assert_eq!(before, after);
}

#[test]
fn text_and_html_seeds_round_trip() {
    for name in [
        "zhangdian-2023.orig.gbk.txt",
        "zhangdian-2023.utf8.txt",
        "zhangdian-2023.page.gbk.html",
        "zhangdian-2023.tika.gbk.txt",
        "zhangdian-2023.savetext.gbk.txt",
        "zhangdian-2023.notepad.utf16.txt",
    ] {
        let r = analyze(name);
        assert_eq!(
            r.tables
                .values()
                .flat_map(|t| t.values())
                .map(|row| row.len())
                .sum::<usize>(),
            200
        );
        assert_same(&r, &round_trip(&r));
    }
}

#[test]
fn word_and_excel_seeds_round_trip() {
    for name in [
        "zhangdian-2023.lo.docx",
        "zhangdian-2023.pydocx.docx",
        "zhangdian-2023.lo.xlsx",
        "zhangdian-2023.lo.xls",
    ] {
        let r = analyze(name);
        assert_same(&r, &round_trip(&r));
    }
}

/// Every report input under samples/ and tests/fixtures/ (not the hostile or fuzz inputs,
/// which are not reports).
fn every_fixture() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "samples",
        "tests/fixtures",
        "tests/fixtures/checks",
        "tests/fixtures/html",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).expect("fixture folder") {
            let path = entry.expect("entry").path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if path.is_file() && ["txt", "html", "docx", "xlsx", "xls", "doc", "odt"].contains(&ext)
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_sample_and_fixture_round_trips() {
    let files = every_fixture();
    assert!(files.len() >= 26, "{files:?}");
    let mut checked = 0;
    for path in &files {
        let name = path.display().to_string();
        let r = match pipeline::analyze_path(path, &ReadOptions::default()) {
            Ok(a) => a.report,
            Err(gongkai::read::ReadError::Converter { detail }) => {
                eprintln!("note: {name} skipped, LibreOffice is needed: {detail}");
                continue;
            }
            Err(e) => panic!("{name}: {e}"),
        };
        eprintln!("round trip: {name}");
        let back = round_trip(&r);
        if r.meta.preamble.is_empty() && back.meta.preamble.len() == 1 {
            // A model with facts but no opening paragraph (the fill-in workbook) is printed with
            // an opening composed from the facts, which reads back as the report's opening:
            // everything else is identical, and from then on the round trip is exact.
            let mut with_opening = r.clone();
            with_opening.meta.preamble = back.meta.preamble.clone();
            assert_same(&with_opening, &back);
            assert_same(&back, &round_trip(&back));
        } else {
            assert_same(&r, &back);
        }
        checked += 1;
    }
    eprintln!("{checked} of {} inputs round-trip", files.len());
}

fn dec(s: &str) -> Value {
    Value::Number(Decimal::from_str(s).expect("decimal"))
}

/// The seed with the hard cases: blanks, dash and word values, amounts with 0–6 decimals, long
/// prose with markup characters and line breaks, an unknown section with a table of its own.
fn fixture() -> Report {
    let mut r = analyze("zhangdian-2023.orig.gbk.txt");
    r.set("requests", "new", "natural", Value::Blank);
    r.set("requests", "new", "commercial", Value::Text("/".into()));
    r.set("requests", "total", "other", Value::Text("—".into()));
    r.set(
        "requests",
        "carried_over",
        "legal",
        Value::Text("约5件".into()),
    );
    r.set("active", "fees", "amount", dec("24252.311082"));
    r.set("active", "rules", "issued", dec("12"));
    r.set("active", "licensing", "decisions", dec("3.5"));
    r.set("appeals", "review", "upheld", Value::Blank);
    r.set("appeals", "litigation_after_review", "total", dec("7"));
    let long = "为进一步提升政务公开质量，".repeat(60) + "特此说明 <见附件> & “附表”。";
    r.sections[0].paragraphs.push(long);
    r.sections[0].paragraphs.push("第一行\n第二行".into());
    r.sections[4].paragraphs.push("（三）下一步工作打算".into());
    r.sections.push(Section {
        id: None,
        heading: "附件说明".into(),
        paragraphs: vec!["本报告附件一份。".into()],
        other_tables: vec![vec![
            vec!["项目".into(), "说明".into()],
            vec!["网站".into(), "正常运行".into()],
        ]],
    });
    r
}

#[test]
fn fixture_with_blanks_dashes_decimals_prose_and_unknown_section_round_trips() {
    let r = fixture();
    assert_same(&r, &round_trip(&r));
}

#[test]
fn report_without_prose_round_trips() {
    let mut r = analyze("zhangdian-2023.orig.gbk.txt");
    for s in &mut r.sections {
        s.paragraphs.clear();
    }
    assert_same(&r, &round_trip(&r));
}

#[test]
fn a_table_of_the_reports_own_right_after_a_standard_table_is_kept() {
    // Section 二 has no prose: its own table follows the standard table with nothing between,
    // and is read in the same group; it must come back as the section's table, not vanish.
    let mut r = analyze("zhangdian-2023.orig.gbk.txt");
    let active = r
        .sections
        .iter_mut()
        .find(|s| s.id.as_deref() == Some("active"))
        .expect("section 二");
    active.paragraphs.clear();
    active.other_tables.push(vec![
        vec!["栏目".into(), "条数".into()],
        vec!["政策文件".into(), "12".into()],
        vec!["通知公告".into(), "30".into()],
    ]);
    let back = round_trip(&r);
    assert_same(&r, &back);
}

#[test]
fn text_between_tables_before_any_heading_reads_back_in_place() {
    // Not a report: tables and lines with no section heading (as in many files people send).
    // The lines are the preamble wherever they stand, so an export reads back the same.
    use gongkai::document::{Block, Cell, Document, Paragraph, Place, Row, Table};
    let table = |a: &str, b: &str| {
        let row = |x: &str, y: &str| Row {
            cells: vec![Cell::new(x, 0, Place::None), Cell::new(y, 1, Place::None)],
            header: false,
        };
        Block::Table(Table {
            rows: vec![row("栏目", "条数"), row(a, b)],
            ..Table::default()
        })
    };
    let line = |t: &str| Block::Paragraph(Paragraph::new(t, Place::None));
    let doc = Document {
        blocks: vec![
            line("附表说明"),
            table("政策文件", "12"),
            line("上表为本年度主动公开情况。"),
            table("通知公告", "30"),
            line("以上数据截至年底。"),
        ],
        notes: Vec::new(),
    };
    let r = recognize::recognize(&doc).report;
    assert_eq!(
        r.meta.preamble,
        [
            "附表说明",
            "上表为本年度主动公开情况。",
            "以上数据截至年底。"
        ]
    );
    assert_eq!(r.sections.len(), 1);
    assert_eq!(r.sections[0].other_tables.len(), 2);
    let back = round_trip(&r);
    assert_eq!(back.meta.preamble, r.meta.preamble);
    assert_eq!(back.sections, r.sections);
}

#[test]
fn composed_title_and_opening_read_back_as_the_same_facts() {
    let mut r = analyze("zhangdian-2023.orig.gbk.txt");
    r.meta.title = None;
    r.meta.preamble.clear();
    let back = round_trip(&r);
    assert_eq!(back.meta.organ, r.meta.organ);
    assert_eq!(back.meta.year, r.meta.year);
    assert_eq!(back.meta.period_start, r.meta.period_start);
    assert_eq!(back.meta.period_end, r.meta.period_end);
    assert_eq!(back.meta.contact, r.meta.contact);
    assert_eq!(back.sections, r.sections);
    assert_eq!(back.tables, r.tables);
}

/// A value the recogniser reads back as it was: blank, an integer, an amount with 0–6
/// decimals, or one of the marks reports print.
fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(Value::Blank),
        4 => (0i64..100_000).prop_map(Value::int),
        2 => (0i64..10_000_000_000, 0u32..=6).prop_map(|(n, scale)| Value::Number(Decimal::new(n, scale))),
        1 => prop::sample::select(vec!["/", "—", "无", "-", "约5", "10余件"])
            .prop_map(|t| Value::Text(t.into())),
    ]
}

/// A prose paragraph: sentences of Chinese, digits, Latin and markup characters ending in "。",
/// sometimes led by a sub-heading number; never blank at either end. One in four is long (up to
/// 40 sentences, a few thousand characters, several pages of print).
fn paragraph() -> impl Strategy<Value = String> {
    let sentence = "[本年度机关政务公开信息工作推进平台建设数据管理办理答复共计件条项<>&\"'a-zA-Z0-9 ，、；：“”（）《》%]{1,80}";
    let sentences = prop_oneof![
        3 => prop::collection::vec(sentence, 1..6),
        1 => prop::collection::vec(sentence, 20..40),
    ];
    (
        prop::option::of(prop::sample::select(vec!["（一）", "（二）", "（十）"])),
        sentences,
    )
        .prop_map(|(lead, parts)| {
            let body: Vec<String> = parts.iter().map(|p| format!("{}。", p.trim())).collect();
            format!("{}{}", lead.unwrap_or(""), body.join(""))
        })
}

fn report() -> impl Strategy<Value = Report> {
    let base = analyze("zhangdian-2023.orig.gbk.txt");
    let cells = base
        .tables
        .values()
        .flat_map(|t| t.values())
        .map(|r| r.len())
        .sum::<usize>();
    (
        prop::collection::vec(value(), cells),
        prop::collection::vec(prop::collection::vec(paragraph(), 0..4), 6),
        any::<bool>(),
    )
        .prop_map(move |(values, prose, extra)| {
            let mut r = base.clone();
            let mut it = values.into_iter();
            for t in r.tables.values_mut() {
                for row in t.values_mut() {
                    for v in row.values_mut() {
                        *v = it.next().unwrap_or_default();
                    }
                }
            }
            for (s, p) in r.sections.iter_mut().zip(prose) {
                s.paragraphs = p;
            }
            if extra {
                r.sections.push(Section {
                    id: None,
                    heading: "附件说明".into(),
                    paragraphs: vec!["本报告附件一份。".into()],
                    other_tables: Vec::new(),
                });
            }
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_reports_round_trip(r in report()) {
        let back = round_trip(&r);
        prop_assert_eq!(&r, &back);
    }
}

#[test]
fn a_row_covered_by_merges_from_above_reads_back_the_same() {
    // A table of the report's own in which the second row has no cell of its own: each of its
    // positions continues a vertical merge begun in the first row (as Word and the docx reader
    // give it). It is one empty cell in the model, and the same after export.
    use gongkai::document::{Block, Cell, Document, Paragraph, Place, Row, Table};
    let cell = |text: &str, col: usize, row_span: usize| Cell {
        row_span,
        ..Cell::new(text, col, Place::None)
    };
    let doc = Document {
        blocks: vec![
            Block::Paragraph(Paragraph::new("附表", Place::None)),
            Block::Table(Table {
                rows: vec![
                    Row {
                        cells: vec![cell("甲", 0, 2), cell("乙", 1, 2)],
                        header: false,
                    },
                    Row::default(),
                    Row {
                        cells: vec![cell("丙", 0, 1), cell("丁", 1, 1)],
                        header: false,
                    },
                ],
                ..Table::default()
            }),
        ],
        notes: Vec::new(),
    };
    let r = recognize::recognize(&doc).report;
    assert_eq!(
        r.sections[0].other_tables,
        [vec![vec!["甲", "乙"], vec![""], vec!["丙", "丁"]]]
    );
    let back = round_trip(&r);
    assert_eq!(back.sections, r.sections);
}
