//! Tests of the tables found from aligned values: Calc's layout (headers left, numbers right
//! in their cells, labels wrapped above their values), text over text, and what is no table.

use super::super::super::lines::{self, tests::run};
use super::*;

/// Glyphs of `cells` on the line at `top`: (text, x) left-aligned at x, or right-aligned
/// ending at x when `x` is negative (a number in a spreadsheet cell).
fn line(top: f64, cells: &[(&str, f64)]) -> Vec<Glyph> {
    cells
        .iter()
        .flat_map(|&(text, x)| {
            if x < 0.0 {
                let width: f64 = run(text, 0.0, top, 10.0).iter().map(|g| g.x1 - g.x0).sum();
                run(text, -x - width, top, 10.0)
            } else {
                run(text, x, top, 10.0)
            }
        })
        .collect()
}

fn texts(draft: Draft) -> Vec<Vec<String>> {
    draft
        .into_table()
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}

fn found(glyphs: &[Glyph]) -> (Vec<Draft>, usize, Vec<Note>) {
    let mut notes = Vec::new();
    let (drafts, rest) = tables(lines::build(glyphs), 1, &mut notes);
    (drafts, rest.len(), notes)
}

#[test]
fn header_cells_wider_than_their_values_are_one_column_with_them() {
    // Calc: text left-aligned in its cell, numbers right-aligned; headers far wider than
    // the values under them.
    let mut g = line(
        100.0,
        &[
            ("信息内容", 50.0),
            ("本年制发件数", 170.0),
            ("本年废止件数", 290.0),
        ],
    );
    g.extend(line(
        115.0,
        &[("规章", 50.0), ("0", -285.0), ("12", -405.0)],
    ));
    g.extend(line(
        130.0,
        &[("行政规范性文件", 50.0), ("3", -285.0), ("0", -405.0)],
    ));
    let (drafts, rest, notes) = found(&g);
    assert_eq!(rest, 0);
    assert!(notes.is_empty());
    let t = texts(drafts.into_iter().next().expect("a table"));
    assert_eq!(
        t,
        [
            ["信息内容", "本年制发件数", "本年废止件数"],
            ["规章", "0", "12"],
            ["行政规范性文件", "3", "0"],
        ]
    );
}

#[test]
fn a_label_wrapped_above_its_values_is_joined_into_one_cell() {
    let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
    g.extend(line(115.0, &[("规章", 50.0), ("1", -285.0)]));
    g.extend(line(130.0, &[("行政规范", 50.0)]));
    g.extend(line(145.0, &[("性文件", 50.0), ("2", -285.0)]));
    let (drafts, rest, _) = found(&g);
    assert_eq!(rest, 0);
    let t = texts(drafts.into_iter().next().expect("a table"));
    assert_eq!(
        t,
        [["项目", "数量"], ["规章", "1"], ["行政规范性文件", "2"]]
    );
}

#[test]
fn a_label_wrapped_below_the_last_values_is_no_table() {
    // Set at the top of its cell: which row the wrapped line belongs to is unclear.
    let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
    g.extend(line(115.0, &[("规章", 50.0), ("1", -285.0)]));
    g.extend(line(130.0, &[("行政规范", 50.0), ("2", -285.0)]));
    g.extend(line(145.0, &[("性文件", 50.0)]));
    let (drafts, rest, _) = found(&g);
    assert!(drafts.is_empty());
    assert_eq!(rest, 4);
}

#[test]
fn a_two_column_prose_page_is_no_table() {
    let left = "这是左栏的一段正文，说明本年度的工作";
    let right = "这是右栏的一段正文，共发布信息17条";
    let g: Vec<Glyph> = (0..6)
        .flat_map(|i| line(100.0 + 15.0 * i as f64, &[(left, 50.0), (right, 320.0)]))
        .collect();
    let (drafts, rest, _) = found(&g);
    assert!(drafts.is_empty());
    assert_eq!(rest, 6);
    // Numbers in the prose of both columns do not make it a table either.
    let g: Vec<Glyph> = (0..6)
        .flat_map(|i| {
            line(
                100.0 + 15.0 * i as f64,
                &[
                    ("共发布信息", 50.0),
                    ("17", -200.0),
                    ("条其中政策解读", 320.0),
                    ("1", -500.0),
                ],
            )
        })
        .collect();
    let (drafts, _, _) = found(&g);
    assert!(drafts.is_empty(), "prose split at gaps is no table");
}

#[test]
fn text_printed_over_text_leaves_its_row_and_the_next_blank_with_a_note() {
    // The next row's label overflows up onto this row's label, set just above this row's
    // baseline: both rows' text is in one cell.
    let rows = |overflow: f64| {
        let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
        g.extend(line(115.0, &[("规章", 50.0), ("1", -285.0)]));
        g.extend(line(130.0, &[("行政许可", 50.0), ("2", -285.0)]));
        g.extend(line(overflow, &[("行政规范", 50.0)]));
        g.extend(line(145.0, &[("性文件", 50.0), ("3", -285.0)]));
        g.extend(line(160.0, &[("行政处罚", 50.0), ("4", -285.0)]));
        g
    };
    let (drafts, _, notes) = found(&rows(129.0));
    let t = texts(drafts.into_iter().next().expect("a table"));
    assert_eq!(
        t,
        [
            ["项目", "数量"],
            ["规章", "1"],
            ["", ""],
            ["", ""],
            ["行政处罚", "4"]
        ]
    );
    assert_eq!(notes.len(), 2, "{notes:?}");
    // Set just below this row's baseline, the overflowing line is the next row's.
    let (drafts, _, notes) = found(&rows(131.0));
    let t = texts(drafts.into_iter().next().expect("a table"));
    assert_eq!(t[2..4], [["行政许可", "2"], ["行政规范性文件", "3"]]);
    assert!(notes.is_empty());
}

#[test]
fn the_start_of_another_label_wrapped_into_a_cell_leaves_its_rows_blank() {
    // "3.补正后" overflows up from the row below into this row's label cell, on a line of
    // its own: the cell holds the start of another label.
    let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
    g.extend(line(115.0, &[("1.规章", 50.0), ("1", -285.0)]));
    g.extend(line(130.0, &[("2.没有现成", 50.0)]));
    g.extend(line(145.0, &[("3.补正后", 50.0)]));
    g.extend(line(160.0, &[("信息", 50.0), ("2", -285.0)]));
    g.extend(line(175.0, &[("仍不明确", 50.0), ("3", -285.0)]));
    g.extend(line(190.0, &[("4.其他", 50.0), ("4", -285.0)]));
    let (drafts, _, notes) = found(&g);
    let t = texts(drafts.into_iter().next().expect("a table"));
    assert_eq!(t[1], ["1.规章", "1"]);
    assert_eq!(t[2..4], [["", ""], ["", ""]]);
    assert_eq!(t[4], ["4.其他", "4"]);
    assert_eq!(notes.len(), 2, "{notes:?}");
}

#[test]
fn values_set_a_space_apart_are_no_table() {
    let mut g = line(100.0, &[("项目", 50.0), ("甲", 170.0), ("乙", 190.0)]);
    g.extend(line(115.0, &[("规章", 50.0), ("0", -180.0), ("1", -195.0)]));
    g.extend(line(
        130.0,
        &[("行政规范性文件", 50.0), ("1", -180.0), ("2", -195.0)],
    ));
    let (drafts, _, _) = found(&g);
    assert!(drafts.is_empty());
}

#[test]
fn a_header_wrapped_in_its_cells_is_joined() {
    let mut g = line(100.0, &[("结果", 50.0), ("结果", 110.0)]);
    g.extend(line(
        112.0,
        &[("维持", 50.0), ("纠正", 110.0), ("总计", 170.0)],
    ));
    g.extend(line(125.0, &[("1", -100.0), ("2", -160.0), ("3", -220.0)]));
    let (drafts, _, _) = found(&g);
    let t = texts(drafts.into_iter().next().expect("a table"));
    assert_eq!(t, [["结果维持", "结果纠正", "总计"], ["1", "2", "3"]]);
}

#[test]
fn labels_set_at_the_top_of_their_cells_are_no_table() {
    // Word: the numbered label starts on the line of values and wraps below it; the unnumbered
    // line above the next row's values is the rest of the row above.
    let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
    g.extend(line(115.0, &[("一、本年新收", 50.0), ("1", -285.0)]));
    g.extend(line(130.0, &[("申请数量", 50.0)]));
    g.extend(line(145.0, &[("二、上年结转", 50.0), ("2", -285.0)]));
    g.extend(line(160.0, &[("三、本年办结", 50.0), ("3", -285.0)]));
    let (drafts, rest, _) = found(&g);
    assert!(drafts.is_empty());
    assert_eq!(rest, 5);
}

#[test]
fn a_label_column_where_one_piece_starts_is_no_table() {
    // "取信息": the tail of a label wrapped onto this page, beside the next row's label.
    let mut g = line(100.0, &[("项目", 50.0), ("数量", 170.0)]);
    g.extend(line(
        115.0,
        &[("1.申请人", 50.0), ("取信息", 110.0), ("1", -285.0)],
    ));
    g.extend(line(130.0, &[("2.重复申请", 50.0), ("2", -285.0)]));
    g.extend(line(145.0, &[("3.其他", 50.0), ("3", -285.0)]));
    let (drafts, _, _) = found(&g);
    assert!(drafts.is_empty());
}
