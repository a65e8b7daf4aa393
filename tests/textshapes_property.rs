//! Property (issue 17): lines of a table region of the markdown and OCR-like fixtures dropped or
//! moved at random. The reader may lose cells — they stay blank — but never places a value that
//! the report did not print in that cell.

use gongkai::model::{Report, Value};
use gongkai::pipeline::analyze_document;
use gongkai::read::text::parse_layout;
use proptest::prelude::*;
use std::path::Path;

mod expect;

use expect::expected;

fn fixture(name: &str) -> (Vec<String>, Report) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/textshapes")
        .join(name);
    let text = std::fs::read_to_string(&file).expect("fixture");
    (text.lines().map(String::from).collect(), expected(&file))
}

/// The lines of the tables: from the first line after the heading of 二 to the heading of 五,
/// the headings of 三 and 四 left in place.
fn table_region(lines: &[String]) -> Vec<usize> {
    let heading = |l: &str| {
        let t = l.trim_start_matches(['#', ' ']);
        ["2、", "3、", "4、", "5、"]
            .iter()
            .any(|n| t.starts_with(n))
    };
    let start = lines
        .iter()
        .position(|l| heading(l))
        .expect("heading of 二");
    let end = (lines.iter().skip(start + 1))
        .position(|l| l.trim_start_matches(['#', ' ']).starts_with("5、"))
        .map(|i| start + 1 + i)
        .expect("heading of 五");
    (start + 1..end).filter(|&i| !heading(&lines[i])).collect()
}

/// Cells holding a value other than the expected one (blank is no wrong value).
fn wrong_cells(got: &Report, want: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for (t, rows) in &want.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                match got.get(t, r, c) {
                    Some(g) if g == v || *g == Value::Blank => {}
                    None => {}
                    g => out.push(format!("{t}.{r}.{c}: {g:?}, expected {v:?}")),
                }
            }
        }
    }
    out
}

/// Drops the lines whose flag is set and swaps the pairs given (indices into the region).
fn mangle(lines: &[String], region: &[usize], drop: &[bool], swaps: &[(usize, usize)]) -> String {
    let mut lines = lines.to_vec();
    for &(a, b) in swaps {
        let (a, b) = (region[a % region.len()], region[b % region.len()]);
        lines.swap(a, b);
    }
    let dropped: Vec<usize> = (region.iter().zip(drop))
        .filter(|(_, d)| **d)
        .map(|(i, _)| *i)
        .collect();
    (lines.iter().enumerate())
        .filter(|(i, _)| !dropped.contains(i))
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(name: &str, drop: &[bool], swaps: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let (lines, want) = fixture(name);
    let region = table_region(&lines);
    let text = mangle(&lines, &region, drop, swaps);
    let got = analyze_document(&parse_layout(&text)).report;
    let wrong = wrong_cells(&got, &want);
    prop_assert!(wrong.is_empty(), "{name}: {wrong:?}\n{text}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn markdown_table_lines_dropped_or_moved_never_put_a_value_in_a_wrong_cell(
        drop in proptest::collection::vec(proptest::bool::weighted(0.1), 80),
        swaps in proptest::collection::vec((0usize..80, 0usize..80), 0..4),
    ) {
        check("markdown-converter.md", &drop, &swaps)?;
        check("markdown-llm.md", &drop, &swaps)?;
    }

    #[test]
    fn ocr_table_lines_dropped_or_moved_never_put_a_value_in_a_wrong_cell(
        drop in proptest::collection::vec(proptest::bool::weighted(0.1), 80),
        swaps in proptest::collection::vec((0usize..80, 0usize..80), 0..4),
    ) {
        check("ocr-wrapped.txt", &drop, &swaps)?;
    }
}

#[test]
fn the_fixtures_unmangled_have_every_cell_right() {
    for name in [
        "markdown-converter.md",
        "markdown-llm.md",
        "ocr-wrapped.txt",
    ] {
        let (lines, want) = fixture(name);
        assert!(table_region(&lines).len() > 30, "{name}");
        let got = analyze_document(&parse_layout(&lines.join("\n"))).report;
        assert_eq!(got.tables, want.tables, "{name}");
    }
}
