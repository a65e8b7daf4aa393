//! The seed report as real files vary (STANDARD.md §7), one fixture per variant in
//! tests/fixtures/variety/ (made by scripts/make-variety-fixtures.py): every fixture must give
//! the report of its `.expect.json` (the golden report with the tables, and the sections or
//! meta when the variant adds to them, it names) — all 200 cells, meta, and every section with its prose.

use gongkai::model::Report;
use gongkai::pipeline::analyze_path;
use gongkai::read::ReadOptions;
use std::path::{Path, PathBuf};

mod expect;

use expect::expected;

fn fixtures(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/variety")
        .join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("variety fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".expect.json"))
        .collect();
    files.sort();
    files
}

/// What differs between the report read and the one expected, one line per difference.
fn differences(got: &Report, want: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut cells = 0;
    for (t, rows) in &want.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                cells += 1;
                let g = got.get(t, r, c);
                if g != Some(v) {
                    out.push(format!("tables.{t}.{r}.{c}: {g:?}, expected {v:?}"));
                }
            }
        }
    }
    assert_eq!(cells, 200, "the expectation holds every standard cell");
    if got.meta != want.meta {
        out.push(format!("meta: {:?}, expected {:?}", got.meta, want.meta));
    }
    let outline = |r: &Report| {
        r.sections
            .iter()
            .map(|s| (s.id.clone(), s.heading.clone()))
            .collect::<Vec<_>>()
    };
    if outline(got) != outline(want) {
        out.push(format!(
            "sections: {:?}, expected {:?}",
            outline(got),
            outline(want)
        ));
    } else {
        for (g, w) in got.sections.iter().zip(&want.sections) {
            if g.paragraphs != w.paragraphs {
                out.push(format!(
                    "paragraphs of {:?}: {:?}, expected {:?}",
                    w.heading, g.paragraphs, w.paragraphs
                ));
            }
        }
    }
    out
}

/// Asserts that the named fixtures give their expected reports.
fn assert_fixtures(names: &[&str]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variety");
    for name in names {
        let file = dir.join(name);
        let a = analyze_path(&file, &ReadOptions::default()).expect("reads");
        let diffs = differences(&a.report, &expected(&file));
        assert!(diffs.is_empty(), "{name}:\n  {}", diffs.join("\n  "));
    }
}

#[test]
fn reads_rows_printed_on_one_line_apart_by_spaces() {
    assert_fixtures(&["rows-space-aligned.txt"]);
}

#[test]
fn finds_headings_numbered_as_parts() {
    assert_fixtures(&["headings-part-numbered.txt", "headings-part-numbered.docx"]);
}

#[test]
fn finds_headings_set_off_by_spaces_brackets_and_closing_marks() {
    assert_fixtures(&["headings-mixed-marks.txt"]);
}

#[test]
fn reads_table_four_beside_a_row_label_of_its_own() {
    assert_fixtures(&["table-four-row-label.txt", "table-four-row-label.docx"]);
}

#[test]
fn reads_a_report_laid_out_in_a_table_of_one_cell() {
    assert_fixtures(&["framed-in-one-cell.docx"]);
}

#[test]
fn keeps_a_table_of_contents_in_the_preamble() {
    assert_fixtures(&["contents-before-section-one.txt", "contents-field.docx"]);
}

#[test]
fn reads_a_title_broken_over_lines() {
    assert_fixtures(&["title-broken-over-lines.txt", "title-line-breaks.docx"]);
}

#[test]
fn keeps_a_section_of_its_own_numbered_into_the_sequence() {
    assert_fixtures(&["extra-own-section.txt"]);
}

#[test]
fn keeps_words_among_values_in_their_columns() {
    assert_fixtures(&[
        "values-words.txt",
        "values-words-tabs.txt",
        "values-words.docx",
    ]);
}

#[test]
fn reads_a_one_sheet_report_with_a_note_column_right_of_its_layout() {
    assert_fixtures(&["table-extra-column.xlsx"]);
}

#[test]
fn every_variety_fixture_gives_its_expected_report() {
    let files = fixtures("");
    assert!(files.len() >= 20, "fixtures: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        match analyze_path(file, &ReadOptions::default()) {
            Ok(a) => {
                let diffs = differences(&a.report, &expected(file));
                if !diffs.is_empty() {
                    failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn trial_format_variants_give_the_values_of_the_trial_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/fixtures/gov2019-sample.txt");
    let want = analyze_path(&fixture, &ReadOptions::default()).expect("trial fixture");
    assert_eq!(want.report.format, "gov-2019");
    let files = fixtures("gov2019");
    assert!(files.len() >= 3, "fixtures: {files:?}");
    for file in &files {
        let got = analyze_path(file, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
            .report;
        assert_eq!(got.format, "gov-2019", "{}", file.display());
        assert_eq!(got.tables, want.report.tables, "{}", file.display());
        assert_eq!(got.meta, want.report.meta, "{}", file.display());
        assert_eq!(got.sections, want.report.sections, "{}", file.display());
    }
}

fn analyze_fixture(name: &str) -> gongkai::pipeline::Analysis {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/variety")
        .join(name);
    analyze_path(&path, &ReadOptions::default()).expect("reads")
}

#[test]
fn keeps_words_among_values_as_printed_and_notes_them() {
    for name in [
        "values-words.txt",
        "values-words-tabs.txt",
        "values-words.docx",
    ] {
        let a = analyze_fixture(name);
        let rules: Vec<(&str, String)> = a
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("import.") && f.rule != "import.heading")
            .map(|f| (f.rule.as_str(), f.message.clone()))
            .collect();
        // One note per word, naming it; nothing reported missing.
        assert_eq!(rules.len(), 4, "{name}: {rules:?}");
        assert!(
            rules.iter().all(|(r, _)| *r == "import.unreadable_value"),
            "{name}: {rules:?}"
        );
        assert!(rules.iter().any(|(_, m)| m.contains("未统计")), "{name}");
    }
}

#[test]
fn notes_text_in_a_column_of_its_own() {
    for name in ["table-extra-column.docx", "table-extra-column.xlsx"] {
        let a = analyze_fixture(name);
        let extra: Vec<_> = (a.findings.iter())
            .filter(|f| f.rule.starts_with("import.") && f.rule != "import.heading")
            .collect();
        assert_eq!(extra.len(), 1, "{name}: {extra:#?}");
        assert_eq!(extra[0].rule, "import.extra_values");
        assert!(
            extra[0].message.contains("含网上申请"),
            "{}",
            extra[0].message
        );
    }
}

/// The seed with lines inserted after the line `after`, read from a temporary file.
fn with_lines(name: &str, after: &str, lines: &[&str]) -> (Report, Report) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/variety")
        .join(name);
    let text = std::fs::read_to_string(&file).expect("a UTF-8 fixture");
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.trim() == after {
            for l in lines {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    assert_ne!(out.len(), text.len() + 1, "`{after}` is a line of {name}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, out).expect("write");
    let got = analyze_path(&path, &ReadOptions::default()).expect("reads");
    (got.report, expected(&file))
}

#[test]
fn a_standard_label_ending_a_cell_of_an_own_table_is_not_that_row() {
    // A table of the report's own in 一、总体情况 whose rows end in a standard row label
    // ("网站 行政许可"): its numbers are not table 二's.
    let (got, want) = with_lines(
        "savetext-tabs.txt",
        "一、总体情况",
        &["类别\t数量", "网站 行政许可\t120", "网站 行政处罚\t130"],
    );
    assert_eq!(got.tables, want.tables);
}

#[test]
fn a_heading_like_list_item_closed_by_a_full_stop_stays_in_its_section() {
    // "七、抓好考核评议。" after the last section: a numbered list item, not a section of its own.
    let (got, want) = with_lines(
        "numbered.utf8.txt",
        "六、其他需要报告的事项",
        &[
            "一、强化组织领导。",
            "七、做好监督保障。",
            "八、抓好考核评议。",
        ],
    );
    let ids: Vec<Option<&str>> = got.sections.iter().map(|s| s.id.as_deref()).collect();
    let want_ids: Vec<Option<&str>> = want.sections.iter().map(|s| s.id.as_deref()).collect();
    assert_eq!(ids, want_ids);
    let last = got.sections.last().expect("sections");
    assert!(
        last.paragraphs.iter().any(|p| p == "八、抓好考核评议。"),
        "{:?}",
        last.paragraphs
    );
}
