//! `cross_year.*`: this year's report against last year's of the same organ — what was carried
//! forward must be carried over, what is in force must follow from last year's count.
//!
//! Which cells pair up is data (`[[cross_year]]` of the standard).

use crate::finding::{CellRef, Finding, Severity};
use crate::model::Report;
use crate::standard::{CrossYearRule, Over, Standard};
use rust_decimal::Decimal;

/// Rule id of the finding that the two reports do not look like consecutive years of one organ.
pub const PAIRING: &str = "cross_year.pairing";

/// Compares `this` with `previous` by every `[[cross_year]]` rule of the standard; also warns when
/// the two reports do not look like consecutive years of one organ.
pub fn compare(this: &Report, previous: &Report, std: &Standard) -> Vec<Finding> {
    let mut out = Vec::new();
    pairing(this, previous, &std.consistency.divisions, &mut out);
    for rule in &std.cross_year {
        apply(this, previous, std, rule, &mut out);
    }
    out
}

fn pairing(this: &Report, previous: &Report, divisions: &[String], out: &mut Vec<Finding>) {
    if let (Some(y), Some(p)) = (this.meta.year, previous.meta.year)
        && y != p + 1
    {
        out.push(
            Finding::new(
                PAIRING,
                Severity::Warning,
                format!("用作上年报告的是 {p} 年的报告，而本报告是 {y} 年的"),
            )
            .expecting((y - 1).to_string(), p.to_string()),
        );
    }
    let Some((a, b)) = this.meta.organ.as_ref().zip(previous.meta.organ.as_ref()) else {
        return;
    };
    match crate::organ::relation(a, b, divisions) {
        crate::organ::Relation::Same => {}
        crate::organ::Relation::SameWithDivisions => out.push(Finding::new(
            PAIRING,
            Severity::Info,
            format!(
                "上年报告的机关写作“{b}”，本报告写作“{a}”：上级行政区划写与不写，按同一机关核对"
            ),
        )),
        crate::organ::Relation::Different => out.push(
            Finding::new(
                PAIRING,
                Severity::Warning,
                format!("上年报告的机关“{b}”与本报告的机关“{a}”不同"),
            )
            .expecting(a.clone(), b.clone()),
        ),
    }
}

fn apply(
    this: &Report,
    previous: &Report,
    std: &Standard,
    rule: &CrossYearRule,
    out: &mut Vec<Finding>,
) {
    let Some(table) = std.table(&rule.table) else {
        return;
    };
    let t = rule.table.as_str();
    // (row, column) of a cell named by `id` at position `item` of the axis.
    let at = |id: &str, item: &str| -> CellRef {
        match rule.over {
            Over::Columns => CellRef::new(t, id, item),
            Over::Rows => CellRef::new(t, item, id),
        }
    };
    let value = |r: &Report, c: &CellRef| r.get(&c.table, &c.row, &c.col).and_then(|v| v.numeric());
    let items: Vec<&str> = match rule.over {
        Over::Columns => table.columns.iter().map(|c| c.id.as_str()).collect(),
        Over::Rows => table.rows.iter().map(|r| r.id.as_str()).collect(),
    };
    for item in items {
        let here = at(&rule.this, item);
        let Some(now) = value(this, &here) else {
            continue; // no such cell in this row, or unreadable text (values.kind says so)
        };
        let Some(before) = value(previous, &at(&rule.previous, item)) else {
            continue;
        };
        let plus = rule
            .plus
            .iter()
            .map(|id| value(this, &at(id, item)))
            .sum::<Option<Decimal>>();
        let minus = rule
            .minus
            .iter()
            .map(|id| value(this, &at(id, item)))
            .sum::<Option<Decimal>>();
        let (Some(plus), Some(minus)) = (plus, minus) else {
            continue;
        };
        let expected = before + plus - minus;
        if expected == now {
            continue;
        }
        let axis = match rule.over {
            Over::Columns => table.column(item).map(|c| format!("“{}”列", c.label)),
            Over::Rows => table.row(item).map(|r| format!("“{}”行", r.label)),
        }
        .unwrap_or_default();
        let how = if rule.plus.is_empty() && rule.minus.is_empty() {
            format!("上年报告为 {before}")
        } else {
            format!("上年报告 {before} + {plus} − {minus} = {expected}")
        };
        out.push(
            Finding::new(
                &rule.id,
                Severity::Warning,
                format!("{}（{axis}）：本年为 {now}，{how}", rule.title),
            )
            .at_cell(
                here.clone(),
                std.cell_labels(&here.table, &here.row, &here.col),
            )
            .expecting(expected.to_string(), now.to_string()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;
    use crate::standard;

    fn zeros() -> Report {
        let mut r = Report::empty(standard::current());
        for t in r.tables.values_mut() {
            for row in t.values_mut() {
                for v in row.values_mut() {
                    *v = Value::int(0);
                }
            }
        }
        r
    }

    fn rules(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn accepts_carried_over_equal_to_last_years_carried_forward() {
        let std = standard::current();
        let (mut this, mut last) = (zeros(), zeros());
        last.set("requests", "carried_forward", "natural", Value::int(3));
        this.set("requests", "carried_over", "natural", Value::int(3));
        assert!(compare(&this, &last, std).is_empty());
    }

    #[test]
    fn flags_carried_over_differing_from_last_years_carried_forward() {
        let std = standard::current();
        let (mut this, mut last) = (zeros(), zeros());
        last.set("requests", "carried_forward", "total", Value::int(3));
        this.set("requests", "carried_over", "total", Value::int(1));
        let f = compare(&this, &last, std);
        assert_eq!(rules(&f), vec!["cross_year.carried_over"]);
        assert_eq!(
            f[0].cell.as_ref().map(CellRef::path).as_deref(),
            Some("tables.requests.carried_over.total")
        );
        assert_eq!(
            (f[0].expected.as_deref(), f[0].found.as_deref()),
            (Some("3"), Some("1"))
        );
    }

    #[test]
    fn in_force_follows_from_last_year_issued_and_repealed() {
        let std = standard::current();
        let (mut this, mut last) = (zeros(), zeros());
        last.set("active", "normative", "in_force", Value::int(10));
        this.set("active", "normative", "issued", Value::int(3));
        this.set("active", "normative", "repealed", Value::int(1));
        this.set("active", "normative", "in_force", Value::int(12));
        assert!(compare(&this, &last, std).is_empty());
        this.set("active", "normative", "in_force", Value::int(13));
        let f = compare(&this, &last, std);
        assert_eq!(rules(&f), vec!["cross_year.in_force"]);
        assert_eq!(f[0].expected.as_deref(), Some("12"));
    }

    #[test]
    fn warns_when_the_years_are_not_consecutive() {
        let std = standard::current();
        let (mut this, mut last) = (zeros(), zeros());
        this.meta.year = Some(2023);
        last.meta.year = Some(2021);
        assert_eq!(rules(&compare(&this, &last, std)), vec![PAIRING]);
    }

    #[test]
    fn an_organ_written_with_its_city_gets_a_note_not_a_pairing_warning() {
        let std = standard::current();
        let (mut this, mut last) = (zeros(), zeros());
        this.meta.organ = Some("某某市某某区人民政府".into());
        last.meta.organ = Some("某某区人民政府".into());
        let f = compare(&this, &last, std);
        assert_eq!(rules(&f), vec![PAIRING]);
        assert_eq!(f[0].severity, Severity::Info);
        last.meta.organ = Some("某某市另一区人民政府".into());
        let f = compare(&this, &last, std);
        assert_eq!(f[0].severity, Severity::Warning);
    }
}
