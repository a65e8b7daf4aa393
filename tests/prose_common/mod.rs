//! What `text.matches_tables` says about one sentence alone in 一、总体情况 of a report whose
//! cells are all 0 except those given: shared by the prose tests.

use gongkai::check::prose;
use gongkai::finding::Finding;
use gongkai::model::{Report, Section, Value};
use gongkai::standard;

/// The findings of `text.matches_tables` for `sentence`, the cells (`table.row.column`) set to
/// the values given and every other cell to 0.
pub fn findings(sentence: &str, cells: &[(&str, i64)]) -> Vec<Finding> {
    let std = standard::current();
    let mut report = Report::empty(std);
    for table in report.tables.values_mut() {
        for row in table.values_mut() {
            for v in row.values_mut() {
                *v = Value::int(0);
            }
        }
    }
    for (path, value) in cells {
        let mut it = path.split('.');
        let (Some(t), Some(r), Some(c)) = (it.next(), it.next(), it.next()) else {
            panic!("bad cell {path}");
        };
        assert!(report.set(t, r, c, Value::int(*value)), "no cell {path}");
    }
    report.sections = vec![Section {
        id: Some("overview".into()),
        heading: String::new(),
        paragraphs: vec![sentence.to_string()],
        other_tables: vec![],
    }];
    prose::matches_tables(&report, std)
}

/// The cells `text.matches_tables` warns about for `sentence`, as `table.row.column` (the first
/// cell of each warning); every warning quotes the sentence.
pub fn flagged(sentence: &str, cells: &[(&str, i64)]) -> Vec<String> {
    findings(sentence, cells)
        .iter()
        .map(|f| {
            assert_eq!(f.rule, prose::RULE);
            assert_eq!(f.text.as_deref(), Some(sentence.trim_end_matches('。')));
            let c = f.cell.as_ref().expect("a cell");
            format!("{}.{}.{}", c.table, c.row, c.col)
        })
        .collect()
}
