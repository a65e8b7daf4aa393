//! Property: whatever the values — blanks, zeros, large counts, amounts with 0–6 decimals, dash
//! marks — a report printed in the seed's text layout is read back to exactly the same tables.

use gongkai::model::{Report, Value};
use gongkai::pipeline::analyze_document;
use gongkai::read::{Kind, ReadOptions, read_bytes};
use gongkai::standard::{self, Layout};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Prints a report's tables in the tab-led layout of text extracted from Word, with the
/// standard's own labels (one cell per line led by a tab, a blank line after each row).
fn render(report: &Report) -> String {
    let std = standard::current();
    let mut out = String::from("某某县人民政府办公室\n2024年政府信息公开工作年度报告\n");
    for section in &std.sections {
        out.push_str(&format!("{}\n", section.printed()));
        let Some(table) = section.table.as_deref().and_then(|t| std.table(t)) else {
            out.push_str("正文。\n");
            continue;
        };
        let values = &report.tables[&table.id];
        match table.layout {
            Layout::SingleRow => {
                for r in &table.rows {
                    out.push_str(&format!("\t{}\n", r.label));
                }
                out.push('\n');
                for c in &table.columns {
                    out.push_str(&format!("\t{}\n", c.label));
                }
                out.push('\n');
                for r in &table.rows {
                    for v in values[&r.id].values() {
                        out.push_str(&format!("\t{}\n", v.display()));
                    }
                }
                out.push('\n');
            }
            Layout::Blocks | Layout::Grid => {
                for r in &table.rows {
                    for g in &r.groups {
                        out.push_str(&format!("\t{g}\n"));
                    }
                    out.push_str(&format!("\t{}\n", r.label));
                    for v in values[&r.id].values() {
                        out.push_str(&format!("\t{}\n", v.display()));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn count() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0i64..100_000).prop_map(Value::int),
        1 => Just(Value::Blank),
        1 => Just(Value::Text("/".into())),
        1 => Just(Value::Text("—".into())),
    ]
}

fn amount() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..10_000_000_000, 0u32..=6)
            .prop_map(|(m, scale)| Value::Number(Decimal::new(m, scale))),
        Just(Value::Blank),
    ]
}

fn report() -> impl Strategy<Value = Report> {
    let std = standard::current();
    let cells = std.cell_count();
    (proptest::collection::vec(count(), cells), amount()).prop_map(move |(counts, fee)| {
        let mut r = Report::empty(std);
        let mut it = counts.into_iter();
        for t in r.tables.values_mut() {
            for row in t.values_mut() {
                for v in row.values_mut() {
                    *v = it.next().unwrap_or_default();
                }
            }
        }
        r.set("active", "fees", "amount", fee);
        r
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn printed_tables_read_back_exactly(r in report()) {
        let text = render(&r);
        let doc = read_bytes(text.as_bytes(), Kind::Text, &ReadOptions::default()).expect("reads");
        let a = analyze_document(&doc);
        prop_assert_eq!(&a.report.tables, &r.tables);
        prop_assert_eq!(a.report.meta.year, Some(2024));
        prop_assert_eq!(a.report.meta.organ.as_deref(), Some("某某县人民政府办公室"));
    }
}
