//! The 2019 trial format out and back: the trial fixture exported as .docx and .xlsx keeps its
//! own layout (table 二 with 第（九）项, the one-row （六）其他处理, signed changes, blanks) and
//! reads back as the same report; the format is told by labels, never by the year.

#[path = "docx_writer/xml.rs"]
#[allow(dead_code)]
mod xml;

use gongkai::model::{Report, Value};
use gongkai::pipeline;
use gongkai::read::ReadOptions;
use gongkai::standard::{self, Standard};
use gongkai::write::{self, Format};
use std::io::Read as _;
use std::path::Path;
use xml::{XBlock, XTable, body, unzip};

const FIXTURE: &str = "tests/fixtures/gov2019-sample.txt";

fn trial() -> &'static Standard {
    standard::get("gov-2019").expect("gov-2019")
}

fn fixture() -> Report {
    pipeline::analyze_path(Path::new(FIXTURE), &ReadOptions::default())
        .expect("reads")
        .report
}

/// Writes `bytes` as `name` in a temporary folder and analyses the file.
fn read_back(bytes: &[u8], name: &str) -> Report {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    pipeline::analyze_path(&path, &ReadOptions::default())
        .expect("reads back")
        .report
}

fn word_tables(bytes: &[u8]) -> Vec<XTable> {
    body(&unzip(bytes)["word/document.xml"])
        .into_iter()
        .filter_map(|b| match b {
            XBlock::Table(t) => Some(t),
            XBlock::Para(..) => None,
        })
        .collect()
}

fn row_texts(t: &XTable, row: usize) -> Vec<&str> {
    t.rows[row].cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn trial_report_exports_to_word_in_its_own_layout_and_reads_back() {
    let r = fixture();
    assert_eq!(r.format, "gov-2019");
    let bytes = write::write(&r, &[], Format::Docx).expect("docx");
    let ts = word_tables(&bytes);
    assert_eq!(ts.len(), 3);
    let active = trial().table("active").expect("table 二");
    // Table 二: five blocks, the last 第（九）项 with its two columns, spanning the 3-wide grid.
    let groups: Vec<&str> = ts[0]
        .rows
        .iter()
        .filter(|row| row.cells.len() == 1)
        .map(|row| row.cells[0].text.as_str())
        .collect();
    let expected: Vec<&str> = {
        let mut g: Vec<&str> = active.rows.iter().map(|r| r.groups[0].as_str()).collect();
        g.dedup();
        g
    };
    assert_eq!(expected.len(), 5);
    assert_eq!(groups, expected);
    let n = ts[0].rows.len();
    let procurement = active.row("procurement").expect("procurement row");
    let cols: Vec<&str> = active
        .columns_of(procurement)
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(row_texts(&ts[0], n - 2)[1..], cols[..]);
    assert_eq!(
        row_texts(&ts[0], n - 1),
        [procurement.label.as_str(), "4", "251000"]
    );
    let change = |row: &str| {
        let label = &active.row(row).expect("row").label;
        let at = ts[0]
            .rows
            .iter()
            .position(|r| r.cells[0].text == *label)
            .expect("row printed");
        row_texts(&ts[0], at)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(change("licensing")[1..], ["15", "-2", "1024"]);
    assert_eq!(change("other_services")[1..], ["8", "", "56"]);
    assert_eq!(change("fees")[1..], ["3", "-1"]);
    // Table 三: 3 header rows and 23 rows, （六）其他处理 one row over two label columns.
    assert_eq!(ts[1].rows.len(), 3 + 23);
    let other = &trial()
        .table("requests")
        .and_then(|t| t.row("other_handling"))
        .expect("other_handling")
        .label;
    let row = ts[1]
        .rows
        .iter()
        .find(|r| r.cells.iter().any(|c| c.text == *other))
        .expect("其他处理 printed");
    let label = row.cells.iter().find(|c| c.text == *other).expect("label");
    assert_eq!(label.span, 2);
    assert_eq!(
        row.cells.iter().map(|c| c.span).sum::<usize>(),
        10,
        "three label columns and seven values"
    );
    // Table 四 as in 2021: 15 values under a 3-row header.
    assert_eq!(ts[2].grid.len(), 15);
    let back = read_back(&bytes, "trial.docx");
    assert_eq!(back, r);
}

#[test]
fn trial_report_exports_to_excel_in_its_own_layout_and_reads_back() {
    let r = fixture();
    let bytes = write::write(&r, &[], Format::Xlsx).expect("xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .expect("shared strings")
        .read_to_string(&mut strings)
        .expect("utf-8");
    let active = trial().table("active").expect("table 二");
    for label in [
        &active.row("procurement").expect("row").groups[0],
        &active.row("procurement").expect("row").label,
        &active.column("change").expect("column").label,
        &active.column("purchase_amount").expect("column").label,
    ] {
        assert!(
            strings.contains(label.as_str()),
            "{label} not in the workbook"
        );
    }
    let back = read_back(&bytes, "trial.xlsx");
    assert_eq!(back.format, "gov-2019");
    assert_eq!(back.tables, r.tables);
    assert_eq!(
        back.get("active", "licensing", "change"),
        Some(&Value::int(-2))
    );
    assert_eq!(
        back.get("requests", "other_handling", "total"),
        Some(&Value::int(3))
    );
}

#[test]
fn a_2021_layout_report_of_2019_stays_gov_2021() {
    let text = std::fs::read_to_string("samples/zhangdian-2023.utf8.txt")
        .expect("seed")
        .replace("2023", "2019");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.txt");
    std::fs::write(&path, text).expect("write");
    let r = pipeline::analyze_path(&path, &ReadOptions::default())
        .expect("reads")
        .report;
    assert_eq!(r.meta.year, Some(2019));
    assert_eq!(r.format, "gov-2021");
    assert_eq!(r.get("requests", "new", "total"), Some(&Value::int(1)));
}

#[test]
fn converted_report_exports_to_word_in_the_2021_layout() {
    let (new, findings) = gongkai::convert::convert(&fixture(), "gov-2021").expect("converts");
    assert!(findings.iter().any(|f| f.rule == "convert.carried"));
    let bytes = write::write(&new, &findings, Format::Docx).expect("docx");
    let ts = word_tables(&bytes);
    let current = standard::current().table("active").expect("table 二");
    let header = row_texts(&ts[0], 1);
    let first_block: Vec<&str> = current
        .columns_of(&current.rows[0])
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(header[1..], first_block[..]);
    let back = read_back(&bytes, "converted.docx");
    assert_eq!(back.format, "gov-2021");
    assert_eq!(back.tables, new.tables);
}

#[test]
fn batch_conversion_to_word_lists_the_values_the_tables_cannot_hold() {
    use gongkai::batch::{self, run};
    let dir = tempfile::tempdir().expect("tempdir");
    let expansion = batch::expand(&[FIXTURE.into()], Some(dir.path()));
    let settings = run::Settings {
        to_format: Some("gov-2021".into()),
        ..run::Settings::default()
    };
    let summary = run::convert(
        &expansion,
        dir.path(),
        &[Format::Docx, Format::Xlsx],
        false,
        &settings,
        &|| {},
    );
    assert_eq!((summary.read, summary.written), (1, 2));
    assert!(dir.path().join("gov2019-sample.docx").is_file());
    let rules: Vec<&str> = summary
        .conversion_warnings
        .iter()
        .map(|(path, w)| {
            assert!(path.ends_with(FIXTURE), "{path:?}");
            w.as_str()
        })
        .collect();
    assert_eq!(rules.len(), 2, "{rules:?}");
    assert!(rules[0].contains("警告[convert.moved]"), "{}", rules[0]);
    assert!(rules[1].contains("警告[convert.carried]"), "{}", rules[1]);
    assert!(rules[1].contains("= 251000") && rules[1].contains("= -2"));
    let printed = summary.render(true);
    assert!(printed.contains("格式转换警告 2 条"), "{printed}");
    // Without --to-format nothing is converted and nothing listed.
    let plain = run::convert(
        &expansion,
        dir.path(),
        &[Format::Json],
        false,
        &run::Settings::default(),
        &|| {},
    );
    assert!(plain.conversion_warnings.is_empty());
}

mod generated {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// A trial-format value: blank, a count, a signed change, an amount with 0–6 decimals.
    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            2 => Just(Value::Blank),
            4 => (0i64..100_000).prop_map(Value::int),
            1 => (-500i64..0).prop_map(Value::int),
            2 => (0i64..10_000_000_000, 0u32..=6)
                .prop_map(|(n, scale)| Value::Number(Decimal::new(n, scale))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Any values in the trial layout come back from its .docx as they were.
        #[test]
        fn generated_trial_reports_round_trip_through_word(
            values in prop::collection::vec(value(), 198)
        ) {
            let mut r = fixture();
            let mut it = values.into_iter();
            for t in r.tables.values_mut() {
                for row in t.values_mut() {
                    for v in row.values_mut() {
                        *v = it.next().unwrap_or_default();
                    }
                }
            }
            let bytes = gongkai::write::docx::write(
                &r,
                trial(),
                &gongkai::write::docx::Style::default(),
            )
            .expect("docx");
            let doc = gongkai::read::read_bytes(&bytes, gongkai::read::Kind::Docx, &ReadOptions::default())
                .expect("reads back");
            let back = gongkai::recognize::recognize(&doc).report;
            prop_assert_eq!(&back, &r);
        }
    }
}
