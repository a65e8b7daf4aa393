//! Workbooks printed to PDF by LibreOffice Calc (tests/fixtures/pdf/calc/, made by
//! scripts/make-pdf-fixtures.sh): the sheet is printed without cell borders, so every table is
//! unruled, and long cells overflow onto their neighbours. Each PDF reads back to the model of
//! its workbook cell by cell: the cells it reads are right, none is wrong, and organ and year
//! are found. The counts of cells read are pinned: a change in either direction is looked at.
//!
//! The seed .docx with its table borders switched off, printed by LibreOffice Writer, is the
//! hard case: Writer centres the labels and sets cells at their top, so a label wrapped over
//! lines cannot be told from the next row's; most of its tables stay running text (31 of 200
//! cells read, none wrong — a label column where one piece starts, like the tail of a label
//! wrapped onto the next page, or a numbered label on the line of values under an unnumbered
//! wrapped line, makes the columns unclear).
//!
//! The seed's PDF reads 179 of 200: the three rows of table 三 whose long labels Calc prints over
//! the labels of the rows beside them ((五)5, (六)1, (六)2) are left blank with a note each.

use gongkai::model::Report;
use gongkai::pipeline::{Analysis, analyze_path};
use gongkai::read::ReadOptions;
use std::path::Path;

fn read(rel: &str) -> Analysis {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    analyze_path(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The cells of `want` that `got` reads the same (right) and those it reads as another value
/// (wrong, with both values).
fn compare(got: &Report, want: &Report) -> (usize, Vec<String>) {
    let mut right = 0;
    let mut wrong = Vec::new();
    for (t, rows) in &want.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                match got.get(t, r, c) {
                    Some(g) if g == v => right += 1,
                    Some(g) if !g.is_blank() => wrong.push(format!("{t}.{r}.{c}: {g:?} ≠ {v:?}")),
                    _ => {}
                }
            }
        }
    }
    (right, wrong)
}

/// Reads the Calc print `pdf` and workbook `xlsx`; asserts `right` cells of the PDF equal the
/// workbook's, none differs, and organ and year are the workbook's.
fn check(pdf: &str, xlsx: &str, right: usize) {
    let got = read(pdf).report;
    let want = read(xlsx).report;
    let (n, wrong) = compare(&got, &want);
    assert!(wrong.is_empty(), "{pdf}: wrong cells {wrong:?}");
    assert_eq!(n, right, "{pdf}: cells read right");
    assert_eq!(got.meta.organ, want.meta.organ, "{pdf}: organ");
    assert_eq!(got.meta.year, want.meta.year, "{pdf}: year");
}

#[test]
fn calc_print_of_the_seed_reads_179_cells_right_and_none_wrong() {
    check(
        "tests/fixtures/pdf/calc/zhangdian-2023.lo.calc.pdf",
        "samples/zhangdian-2023.lo.xlsx",
        179,
    );
}

#[test]
fn calc_print_of_the_seed_notes_each_row_left_blank_for_text_over_text() {
    let a = read("tests/fixtures/pdf/calc/zhangdian-2023.lo.calc.pdf");
    let overprinted: Vec<String> = a
        .findings
        .iter()
        .map(|f| f.to_string())
        .filter(|m| m.contains("与相邻行的文字交叠"))
        .collect();
    assert_eq!(overprinted.len(), 3, "{overprinted:?}");
}

#[test]
fn calc_print_with_an_extra_column_reads_179_cells_right_and_none_wrong() {
    check(
        "tests/fixtures/pdf/calc/table-extra-column.calc.pdf",
        "tests/fixtures/variety/table-extra-column.xlsx",
        179,
    );
}

#[test]
fn calc_print_with_values_stored_as_text_reads_no_wrong_cell() {
    check(
        "tests/fixtures/pdf/calc/values-as-text.calc.pdf",
        "tests/fixtures/variety/values-as-text.xlsx",
        10,
    );
}

#[test]
fn writer_print_of_the_seed_without_borders_reads_no_wrong_cell() {
    check(
        "tests/fixtures/pdf/calc/zhangdian-2023.lo.docx-no-borders.pdf",
        "samples/zhangdian-2023.lo.docx",
        31,
    );
}
