//! The arithmetic rules of the standard (勾稽关系, value kinds, sections), read from its definition.
//!
//! A sum rule is data (`templates/*.toml`): it names its rows or columns; this module only knows
//! how to add them up.

use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{Over, RuleDef, RuleKind, Standard, TableDef, ValueKind};
use rust_decimal::Decimal;

/// Checks a report against the `[[rules]]` of its standard only: sums, value kinds, sections.
pub fn arithmetic(report: &Report, std: &Standard) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &std.rules {
        match rule.kind {
            RuleKind::Sum => sum_rule(report, std, rule, &mut out),
            RuleKind::Values => values_rule(report, std, rule, &mut out),
            RuleKind::Sections => sections_rule(report, std, rule, &mut out),
        }
    }
    out
}

fn sum_rule(report: &Report, std: &Standard, rule: &RuleDef, out: &mut Vec<Finding>) {
    let (Some(table_id), Some(over)) = (rule.table.as_deref(), rule.over) else {
        return;
    };
    let Some(table) = std.table(table_id) else {
        return;
    };
    // The axis the rule runs along: every column (or row) that all named cells have.
    let axis: Vec<String> = match over {
        Over::Columns => table
            .columns
            .iter()
            .filter(|c| {
                rule.left
                    .iter()
                    .chain(&rule.right)
                    .all(|r| report.get(table_id, r, &c.id).is_some())
            })
            .map(|c| c.id.clone())
            .collect(),
        Over::Rows => table
            .rows
            .iter()
            .filter(|r| {
                rule.left
                    .iter()
                    .chain(&rule.right)
                    .all(|c| report.get(table_id, &r.id, c).is_some())
            })
            .map(|r| r.id.clone())
            .collect(),
    };
    for item in axis {
        let cell = |id: &str| match over {
            Over::Columns => CellRef::new(table_id, id, &item),
            Over::Rows => CellRef::new(table_id, &item, id),
        };
        let value = |id: &str| match over {
            Over::Columns => report.get(table_id, id, &item),
            Over::Rows => report.get(table_id, &item, id),
        };
        let sum = |ids: &[String]| -> Option<Decimal> {
            ids.iter().try_fold(Decimal::ZERO, |acc, id| {
                value(id).and_then(Value::numeric).map(|v| acc + v)
            })
        };
        let (Some(left), Some(right)) = (sum(&rule.left), sum(&rule.right)) else {
            continue; // unreadable text: values.kind reports it
        };
        if left == right {
            continue;
        }
        let first = cell(&rule.left[0]);
        let axis_label = match over {
            Over::Columns => table.column(&item).map(|c| format!("“{}”列", c.label)),
            Over::Rows => table.row(&item).map(|r| format!("“{}”行", r.label)),
        }
        .unwrap_or_default();
        let message = format!(
            "{}（{axis_label}）：{} = {left}，而 {} = {right}",
            rule.title,
            side_label(table, over, &rule.left),
            side_label(table, over, &rule.right),
        );
        out.push(
            Finding::new(&rule.id, Severity::Error, message)
                .at_cell(
                    first.clone(),
                    std.cell_labels(&first.table, &first.row, &first.col),
                )
                .expecting(right.to_string(), left.to_string()),
        );
    }
}

/// "一、本年新收… + 二、上年结转…", or "各项之和" for long lists.
fn side_label(table: &TableDef, over: Over, ids: &[String]) -> String {
    if ids.len() > 3 {
        return format!("{}项之和", ids.len());
    }
    ids.iter()
        .map(|id| {
            match over {
                Over::Columns => table.row(id).map(|r| r.label.clone()),
                Over::Rows => table.column(id).map(|c| c.label.clone()),
            }
            .unwrap_or_else(|| id.clone())
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn values_rule(report: &Report, std: &Standard, rule: &RuleDef, out: &mut Vec<Finding>) {
    for table in &std.tables {
        for row in &table.rows {
            for col in table.columns_of(row) {
                let Some(value) = report.get(&table.id, &row.id, &col.id) else {
                    continue;
                };
                let problem = match value {
                    Value::Blank => None,
                    Value::Text(_) if value.is_dash() => None,
                    Value::Text(t) => Some(format!("“{t}”不是数字")),
                    Value::Number(d) => match col.kind {
                        ValueKind::Count if d.is_sign_negative() && !d.is_zero() => {
                            Some(format!("件数 {d} 小于 0"))
                        }
                        ValueKind::Count | ValueKind::SignedCount if !d.fract().is_zero() => {
                            Some(format!("件数 {d} 不是整数"))
                        }
                        ValueKind::Amount if d.is_sign_negative() && !d.is_zero() => {
                            Some(format!("金额 {d} 小于 0"))
                        }
                        _ => None,
                    },
                };
                if let Some(p) = problem {
                    let c = CellRef::new(&table.id, &row.id, &col.id);
                    let expected = match col.kind {
                        ValueKind::Count => "不小于 0 的整数",
                        ValueKind::SignedCount => "整数",
                        ValueKind::Amount => "不小于 0 的数",
                    };
                    out.push(
                        Finding::new(&rule.id, Severity::Error, format!("{}：{p}", rule.title))
                            .at_cell(c, std.cell_labels(&table.id, &row.id, &col.id))
                            .expecting(expected, value.display()),
                    );
                }
            }
        }
    }
}

fn sections_rule(report: &Report, std: &Standard, rule: &RuleDef, out: &mut Vec<Finding>) {
    for def in &std.sections {
        if report.section(&def.id).is_none() {
            out.push(
                Finding::new(
                    &rule.id,
                    Severity::Error,
                    format!("缺少第{}部分“{}”", def.number, def.printed()),
                )
                .expecting(def.printed(), "（缺少）"),
            );
        }
    }
    let order: Vec<usize> = report
        .sections
        .iter()
        .filter_map(|s| s.id.as_deref())
        .filter_map(|id| std.sections.iter().position(|d| d.id == id))
        .collect();
    if order.windows(2).any(|w| w[0] > w[1]) {
        let printed: Vec<String> = order
            .iter()
            .map(|i| std.sections[*i].number.clone())
            .collect();
        out.push(
            Finding::new(&rule.id, Severity::Warning, "各部分的顺序与标准不同")
                .expecting("一、二、三、四、五、六", printed.join("、")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;
    use crate::standard;

    fn clean_report() -> Report {
        let std = standard::current();
        let mut r = Report::empty(std);
        for t in r.tables.values_mut() {
            for row in t.values_mut() {
                for v in row.values_mut() {
                    *v = Value::int(0);
                }
            }
        }
        r.sections = std
            .sections
            .iter()
            .map(|d| Section {
                id: Some(d.id.clone()),
                heading: d.heading.clone(),
                ..Section::default()
            })
            .collect();
        r
    }

    fn rules(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn passes_a_consistent_report() {
        let r = clean_report();
        assert!(arithmetic(&r, standard::current()).is_empty());
    }

    #[test]
    fn rejects_unbalanced_requests_column() {
        let mut r = clean_report();
        r.set("requests", "new", "natural", Value::int(2));
        r.set("requests", "new", "total", Value::int(2));
        r.set("requests", "granted", "natural", Value::int(1));
        r.set("requests", "granted", "total", Value::int(1));
        r.set("requests", "total", "natural", Value::int(1));
        r.set("requests", "total", "total", Value::int(1));
        let f = arithmetic(&r, standard::current());
        assert_eq!(rules(&f), vec!["requests.balance", "requests.balance"]);
        assert_eq!(
            f[0].cell.as_ref().map(CellRef::path).as_deref(),
            Some("tables.requests.new.natural")
        );
        assert_eq!(
            (f[0].expected.as_deref(), f[0].found.as_deref()),
            (Some("1"), Some("2"))
        );
    }

    #[test]
    fn rejects_row_total_that_is_not_the_sum_of_applicants() {
        let mut r = clean_report();
        r.set("requests", "granted", "commercial", Value::int(3));
        let f = arithmetic(&r, standard::current());
        assert!(rules(&f).contains(&"requests.row_total"));
        assert!(rules(&f).contains(&"requests.results_total"));
    }

    #[test]
    fn rejects_appeals_total_mismatch() {
        let mut r = clean_report();
        r.set("appeals", "review", "upheld", Value::int(11));
        let f = arithmetic(&r, standard::current());
        assert_eq!(rules(&f), vec!["appeals.total"]);
        assert!(
            f[0].labels
                .as_deref()
                .is_some_and(|l| l.contains("行政复议"))
        );
    }

    #[test]
    fn rejects_fractional_counts_and_words() {
        let mut r = clean_report();
        r.set(
            "active",
            "rules",
            "issued",
            Value::number(rust_decimal::Decimal::new(15, 1)),
        );
        r.set(
            "active",
            "licensing",
            "decisions",
            Value::Text("若干".into()),
        );
        r.set(
            "active",
            "fees",
            "amount",
            Value::number(rust_decimal::Decimal::new(961716, 1)),
        );
        let f = arithmetic(&r, standard::current());
        assert_eq!(rules(&f), vec!["values.kind", "values.kind"]);
    }

    #[test]
    fn blank_and_dash_count_as_zero() {
        let mut r = clean_report();
        r.set("requests", "new", "natural", Value::Blank);
        r.set("requests", "total", "natural", Value::Text("/".into()));
        assert!(arithmetic(&r, standard::current()).is_empty());
    }

    #[test]
    fn reports_missing_and_misordered_sections() {
        let mut r = clean_report();
        r.sections.remove(4);
        r.sections.swap(0, 1);
        let f = arithmetic(&r, standard::current());
        assert_eq!(rules(&f), vec!["sections.present", "sections.present"]);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[1].severity, Severity::Warning);
    }
}
