//! Fill-in workbooks (`gongkai template`, `template --from`) filled by a script and saved again
//! by LibreOffice as .xlsx, .ods and .xls read back to exactly the values typed and the totals
//! LibreOffice computed, every other cell blank and no cell reported missing.

use gongkai::model::{Report, Value};
use gongkai::pipeline::analyze_path;
use gongkai::read::ReadOptions;
use gongkai::standard;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

/// (table, row, column, value) with the value as typed or computed.
type Cells = &'static [(&'static str, &'static str, &'static str, &'static str)];

/// What scripts/make-filled-template.py types into the plain template, with the totals of its
/// formulas: 行政复议 总计 is typed over (4, wrong on purpose).
const PLAIN: Cells = &[
    ("active", "rules", "issued", "1"),
    ("active", "rules", "repealed", "0"),
    ("active", "rules", "in_force", "5"),
    ("active", "normative", "issued", "3"),
    ("active", "normative", "repealed", "1"),
    ("active", "normative", "in_force", "20"),
    ("active", "licensing", "decisions", "12"),
    ("active", "punishment", "decisions", "7"),
    ("active", "coercion", "decisions", "0"),
    ("active", "fees", "amount", "0.5"),
    ("requests", "new", "natural", "3"),
    ("requests", "new", "commercial", "1"),
    ("requests", "new", "total", "4"),
    ("requests", "carried_over", "natural", "1"),
    ("requests", "carried_over", "total", "1"),
    ("requests", "granted", "natural", "2"),
    ("requests", "granted", "commercial", "1"),
    ("requests", "granted", "total", "3"),
    ("requests", "unable_not_held", "natural", "1"),
    ("requests", "unable_not_held", "total", "1"),
    ("requests", "total", "natural", "3"),
    ("requests", "total", "commercial", "1"),
    ("requests", "total", "total", "4"),
    ("requests", "carried_forward", "natural", "1"),
    ("requests", "carried_forward", "total", "1"),
    ("appeals", "review", "upheld", "2"),
    ("appeals", "review", "corrected", "1"),
    ("appeals", "review", "total", "4"),
    ("appeals", "litigation_direct", "upheld", "1"),
    ("appeals", "litigation_direct", "total", "1"),
];

/// What scripts/fill-rolled-forward.py types into the template rolled forward from
/// tests/fixtures/years/organ-2023.json, with what gongkai carried from that year (上年结转 =
/// its 结转下年度继续办理; 现行有效件数 = last year's + 本年制发 − 本年废止) and the totals.
const ROLLED: Cells = &[
    ("active", "rules", "in_force", "0"),
    ("active", "normative", "issued", "3"),
    ("active", "normative", "repealed", "1"),
    ("active", "normative", "in_force", "22"),
    ("requests", "new", "natural", "3"),
    ("requests", "new", "commercial", "1"),
    ("requests", "new", "total", "4"),
    ("requests", "carried_over", "natural", "2"),
    ("requests", "carried_over", "commercial", "0"),
    ("requests", "carried_over", "research", "0"),
    ("requests", "carried_over", "social", "0"),
    ("requests", "carried_over", "legal", "0"),
    ("requests", "carried_over", "other", "0"),
    ("requests", "carried_over", "total", "2"),
    ("requests", "granted", "natural", "5"),
    ("requests", "granted", "commercial", "1"),
    ("requests", "granted", "total", "6"),
    ("requests", "total", "natural", "5"),
    ("requests", "total", "commercial", "1"),
    ("requests", "total", "total", "6"),
    ("appeals", "review", "upheld", "1"),
    ("appeals", "review", "total", "1"),
];

/// The report expected: every cell blank (never 0) but those listed.
fn expected(cells: Cells) -> Report {
    let mut report = Report::empty(standard::current());
    for (t, r, c, v) in cells {
        let value = Value::number(Decimal::from_str(v).expect("decimal"));
        assert!(report.set(t, r, c, value), "no cell {t}.{r}.{c}");
    }
    report
}

/// Reads `name` from tests/fixtures/lo-saved/ and compares it with `cells`, cell by cell.
fn reads_back(name: &str, cells: Cells) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lo-saved")
        .join(name);
    let a = analyze_path(&path, &ReadOptions::default()).expect("reads");
    let missing: Vec<String> = a
        .findings
        .iter()
        .filter(|f| f.rule == "import.missing_cell")
        .map(|f| format!("{:?}", f.cell))
        .collect();
    assert!(
        missing.is_empty(),
        "{name}: cells reported missing: {missing:?}"
    );
    let want = expected(cells);
    let mut wrong = Vec::new();
    for (t, rows) in &want.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                let got = a.report.get(t, r, c);
                if got != Some(v) {
                    wrong.push(format!("{t}.{r}.{c}: expected {v:?}, read {got:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

#[test]
fn plain_template_saved_by_libreoffice_as_xlsx_reads_every_cell() {
    reads_back("plain.lo.xlsx", PLAIN);
}

#[test]
fn plain_template_saved_by_libreoffice_as_ods_reads_every_cell() {
    reads_back("plain.lo.ods", PLAIN);
}

#[test]
fn plain_template_saved_by_libreoffice_as_xls_reads_every_cell() {
    reads_back("plain.lo.xls", PLAIN);
}

#[test]
fn rolled_forward_template_saved_by_libreoffice_as_xlsx_reads_every_cell() {
    reads_back("rolled.lo.xlsx", ROLLED);
}

#[test]
fn rolled_forward_template_saved_by_libreoffice_as_ods_reads_every_cell() {
    reads_back("rolled.lo.ods", ROLLED);
}

#[test]
fn rolled_forward_template_saved_by_libreoffice_as_xls_reads_every_cell() {
    reads_back("rolled.lo.xls", ROLLED);
}

#[test]
fn a_table_left_empty_in_the_workbook_reads_blank_with_one_note_not_as_missing() {
    // 行政规范性文件 and the whole of table 四 typed nothing (scripts/make-filled-template.py
    // --leave-blank), then saved by LibreOffice, which stores no empty cell: the table is there,
    // blank — not "没有找到表格" (an error the clerk cannot act on), and its cells not "missing".
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lo-saved/partly-blank.lo.xlsx");
    let a = analyze_path(&path, &ReadOptions::default()).expect("reads");
    let rules: Vec<&str> = a.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(!rules.contains(&"import.missing_table"), "{rules:?}");
    let blank: Vec<_> = (a.findings.iter())
        .filter(|f| f.rule == "import.blank_table")
        .collect();
    assert_eq!(blank.len(), 1, "{rules:?}");
    assert!(blank[0].message.contains("四、"), "{}", blank[0].message);
    assert!(
        !a.findings
            .iter()
            .any(|f| f.rule == "import.missing_cell"
                && f.severity != gongkai::finding::Severity::Info),
        "{rules:?}"
    );
    for c in ["upheld", "corrected", "other", "pending", "total"] {
        assert_eq!(
            a.report.get("appeals", "review", c),
            Some(&Value::Blank),
            "{c}"
        );
    }
    for c in ["issued", "repealed", "in_force"] {
        assert_eq!(
            a.report.get("active", "normative", c),
            Some(&Value::Blank),
            "{c}"
        );
    }
    assert_eq!(
        a.report.get("active", "rules", "in_force"),
        Some(&Value::int(5))
    );
    assert_eq!(
        a.report.get("requests", "new", "total"),
        Some(&Value::int(4))
    );
}
