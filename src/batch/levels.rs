//! Levels: a 本级 (parent) report against the sum of its parts' (departments', towns') reports,
//! cell by cell — `gongkai check PARENT --parts PART...`.
//!
//! Each cell is *consistent* (the parent's value equals the parts' sum, or all are blank),
//! *inconsistent* (a `hierarchy.sum` warning with the parent's value, the sum and every part's
//! value) or *uncertain* (a part blank, missing or a text for it, or the parent's blank or a
//! text):
//! nothing passes by default. Sums are exact decimals, by [`super::merge::sum_cell`]. The
//! standard does not require a parent to equal its parts, so the finding is a warning.

use super::duplicates::{self, Identity};
use super::merge::sum_cell;
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{self, Standard};
use serde::Serialize;

/// Rule id of the finding that a parent's cell differs from the sum of its parts'.
pub const RULE: &str = "hierarchy.sum";

/// How a parent's cell stands against its parts'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Equal to the sum (or blank with every part blank).
    Consistent,
    /// Different from the sum.
    Inconsistent,
    /// Cannot be told: a part blank, missing or a text, or the parent's blank or a text.
    Uncertain,
}

/// One cell of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellLevel {
    /// The cell.
    pub cell: CellRef,
    /// How it stands.
    pub status: Status,
    /// The parent's value.
    pub parent: Value,
    /// The parts' sum, when any part has a value.
    pub sum: Option<Value>,
    /// Each part's value, in the order of the parts.
    pub parts: Vec<Value>,
    /// Why the cell is uncertain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Levels {
    /// The parts' names, in order.
    pub parts: Vec<String>,
    /// Every standard cell.
    pub cells: Vec<CellLevel>,
    /// One `hierarchy.sum` warning per inconsistent cell.
    pub findings: Vec<Finding>,
}

/// Why the parts cannot be compared with the parent.
#[derive(Debug, thiserror::Error)]
pub enum LevelsError {
    /// No part was given.
    #[error("没有给出下级报告（--parts）")]
    NoParts,
    /// A part of another year than the parent's.
    #[error("下级报告的年度与本级报告（{year}年）不一致：{which}")]
    OtherYear {
        /// The parent's year.
        year: i32,
        /// The parts, with their years.
        which: String,
    },
    /// A part of another format than the parent's.
    #[error("下级报告的格式与本级报告（{format}）不一致：{which}")]
    OtherFormat {
        /// The parent's format.
        format: String,
        /// The parts, with their formats.
        which: String,
    },
    /// The same organ (or the same report) given twice, or the parent among its parts.
    #[error("重复的报告：{0}")]
    Duplicate(String),
    /// A format gongkai has no definition for.
    #[error("不认识的报告格式“{0}”")]
    UnknownFormat(String),
}

fn refuse(parent: &Report, parts: &[(String, Report)]) -> Result<(), LevelsError> {
    if parts.is_empty() {
        return Err(LevelsError::NoParts);
    }
    let list = |bad: Vec<String>| bad.join("、");
    let other_format: Vec<String> = parts
        .iter()
        .filter(|(_, r)| r.format != parent.format)
        .map(|(n, r)| format!("{n}（{}）", r.format))
        .collect();
    if !other_format.is_empty() {
        return Err(LevelsError::OtherFormat {
            format: parent.format.clone(),
            which: list(other_format),
        });
    }
    if let Some(year) = parent.meta.year {
        let other_year: Vec<String> = parts
            .iter()
            .filter(|(_, r)| r.meta.year != Some(year))
            .map(|(n, r)| match r.meta.year {
                Some(y) => format!("{n}（{y}年）"),
                None => format!("{n}（未写明年度）"),
            })
            .collect();
        if !other_year.is_empty() {
            return Err(LevelsError::OtherYear {
                year,
                which: list(other_year),
            });
        }
    }
    let dup = duplicated(parent, parts);
    if dup.is_empty() {
        Ok(())
    } else {
        Err(LevelsError::Duplicate(list(dup)))
    }
}

/// The parts that are the parent's report or another part's, found as `merge` and `collect`
/// find them ([`super::duplicates`]: organ names by [`crate::organ::key`], or the same tables).
fn duplicated(parent: &Report, parts: &[(String, Report)]) -> Vec<String> {
    let divisions = &standard::get(&parent.format)
        .unwrap_or_else(standard::current)
        .consistency
        .divisions;
    let ids: Vec<Identity> = std::iter::once(parent)
        .chain(parts.iter().map(|(_, r)| r))
        .map(|r| Identity::of(r, divisions))
        .collect();
    let name = |i: usize| parts[i - 1].0.as_str();
    duplicates::find(&ids)
        .into_iter()
        .map(|g| match g.members.as_slice() {
            [0, rest @ ..] => {
                let names: Vec<&str> = rest.iter().map(|&i| name(i)).collect();
                format!("{} 与本级报告是同一份报告（{}）", names.join("、"), g.why)
            }
            members => {
                let names: Vec<&str> = members.iter().map(|&i| name(i)).collect();
                format!("{} 是同一份报告（{}）", names.join(" 与 "), g.why)
            }
        })
        .collect()
}

/// Compares every cell of `parent` with the sum of `parts` (name, report).
///
/// # Errors
/// [`LevelsError`] when there are no parts, a part is of another year or format, or a report
/// is given twice.
pub fn compare(parent: &Report, parts: &[(String, Report)]) -> Result<Levels, LevelsError> {
    refuse(parent, parts)?;
    let std = standard::get(&parent.format)
        .ok_or_else(|| LevelsError::UnknownFormat(parent.format.clone()))?;
    let mut cells = Vec::new();
    let mut findings = Vec::new();
    for t in &std.tables {
        for r in &t.rows {
            for c in t.columns_of(r) {
                let cell = CellRef::new(&t.id, &r.id, &c.id);
                let level = one_cell(parent, parts, &cell);
                if level.status == Status::Inconsistent {
                    findings.push(finding(&level, parts, std));
                }
                cells.push(level);
            }
        }
    }
    Ok(Levels {
        parts: parts.iter().map(|(n, _)| n.clone()).collect(),
        cells,
        findings,
    })
}

fn one_cell(parent: &Report, parts: &[(String, Report)], cell: &CellRef) -> CellLevel {
    let s = sum_cell(parts.iter().map(|(_, r)| r), cell);
    let value = parent
        .get(&cell.table, &cell.row, &cell.col)
        .cloned()
        .unwrap_or_default();
    let names = |ix: &[usize]| {
        ix.iter()
            .map(|i| parts[*i].0.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let mut why = None;
    let status = if s.sum.is_none() && value.is_blank() {
        Status::Consistent
    } else if !s.missing.is_empty() {
        why = Some(format!("{} 没有这一项", names(&s.missing)));
        Status::Uncertain
    } else if !s.blank.is_empty() {
        why = Some(format!("{} 此处空白", names(&s.blank)));
        Status::Uncertain
    } else if value.is_blank() {
        why = Some("本级报告此处空白".to_string());
        Status::Uncertain
    } else if !s.texts.is_empty() {
        let ix: Vec<usize> = s.texts.iter().map(|(i, _)| *i).collect();
        why = Some(format!("{} 此处填的是文字", names(&ix)));
        Status::Uncertain
    } else {
        match (value.numeric(), s.sum) {
            (Some(p), Some(sum)) if p == sum => Status::Consistent,
            (Some(_), _) => Status::Inconsistent,
            (None, _) => {
                why = Some("本级报告此处填的是文字".to_string());
                Status::Uncertain
            }
        }
    };
    CellLevel {
        cell: cell.clone(),
        status,
        parent: value,
        sum: s.sum.map(Value::Number),
        parts: parts
            .iter()
            .map(|(_, r)| {
                r.get(&cell.table, &cell.row, &cell.col)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect(),
        why,
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Blank => "空白".to_string(),
        v => v.display(),
    }
}

fn finding(level: &CellLevel, parts: &[(String, Report)], std: &Standard) -> Finding {
    let c = &level.cell;
    let sum = level.sum.as_ref().map(shown).unwrap_or_default();
    let each = parts
        .iter()
        .zip(&level.parts)
        .map(|((n, _), v)| format!("{n} {}", shown(v)))
        .collect::<Vec<_>>()
        .join("；");
    Finding::new(
        RULE,
        Severity::Warning,
        format!(
            "本级报告为 {}，下级报告合计为 {sum}（{each}）",
            shown(&level.parent)
        ),
    )
    .at_cell(c.clone(), std.cell_labels(&c.table, &c.row, &c.col))
    .expecting(sum, shown(&level.parent))
}

impl Levels {
    /// How many cells are in `status`.
    pub fn count(&self, status: Status) -> usize {
        self.cells.iter().filter(|c| c.status == status).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(organ: &str) -> Report {
        let mut r = Report::empty(standard::current());
        r.meta.organ = Some(organ.into());
        r.meta.year = Some(2023);
        r
    }

    fn status(l: &Levels, row: &str, col: &str) -> Status {
        l.cells
            .iter()
            .find(|c| c.cell == CellRef::new("requests", row, col))
            .map(|c| c.status)
            .expect("cell")
    }

    #[test]
    fn a_cell_is_consistent_inconsistent_or_uncertain_never_passed_by_default() {
        let mut parent = report("某县人民政府");
        let (mut a, mut b) = (report("甲局"), report("乙局"));
        for (r, v) in [(&mut a, 2), (&mut b, 3)] {
            r.set("requests", "new", "natural", Value::int(v));
            r.set("requests", "new", "total", Value::int(v));
        }
        a.set("requests", "new", "legal", Value::int(1));
        parent.set("requests", "new", "natural", Value::int(5));
        parent.set("requests", "new", "total", Value::int(6));
        parent.set("requests", "new", "legal", Value::int(1));
        let parts = vec![("甲".to_string(), a), ("乙".to_string(), b)];
        let l = compare(&parent, &parts).expect("compares");
        assert_eq!(status(&l, "new", "natural"), Status::Consistent);
        assert_eq!(status(&l, "new", "total"), Status::Inconsistent);
        assert_eq!(status(&l, "new", "legal"), Status::Uncertain, "乙 is blank");
        assert_eq!(status(&l, "new", "other"), Status::Consistent, "all blank");
        assert_eq!(l.findings.len(), 1);
        assert!(
            l.findings[0].message.contains("甲 2；乙 3"),
            "{:?}",
            l.findings
        );
    }

    #[test]
    fn refuses_other_years_and_the_same_organ_twice() {
        let parent = report("某县人民政府");
        let mut other = report("甲局");
        other.meta.year = Some(2022);
        let err = compare(&parent, &[("甲".into(), other)]).expect_err("refused");
        assert!(err.to_string().contains("甲（2022年）"), "{err}");
        let twice = [("a".into(), report("甲局")), ("b".into(), report("甲局"))];
        assert!(matches!(
            compare(&parent, &twice),
            Err(LevelsError::Duplicate(_))
        ));
    }

    #[test]
    fn the_same_organ_with_or_without_its_city_is_refused_as_a_duplicate() {
        let parent = report("某某市人民政府");
        let parts = [
            ("a".into(), report("某某市某某区人民政府")),
            ("b".into(), report("某某区人民政府")),
        ];
        let err = compare(&parent, &parts).expect_err("refused");
        assert!(matches!(err, LevelsError::Duplicate(_)), "{err}");
        assert!(err.to_string().contains("a 与 b"), "{err}");
        let among = [("p".into(), report("某某省某某市人民政府"))];
        let err = compare(&parent, &among).expect_err("the parent among its parts");
        assert!(err.to_string().contains("与本级报告"), "{err}");
    }
}
