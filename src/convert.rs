//! Converts a report from one standard format to another (gov-2019 → gov-2021) by a written
//! mapping kept as data (`templates/map-*.toml`): what moves where, with notes; every value
//! without a counterpart is kept in [`Report::carried`] and listed in a warning.

use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{self, Standard, StandardError};
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The mapping files embedded at build time.
const SOURCES: &[(&str, &str)] = &[(
    "map-2019-to-2021",
    include_str!("../templates/map-2019-to-2021.toml"),
)];

/// How a report of one format becomes one of another.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Source format id.
    pub from: String,
    /// Target format id.
    pub to: String,
    /// Tables whose cells carry over wherever row and column ids are the same.
    #[serde(default)]
    pub same_ids: Vec<String>,
    /// Rows or cells that move to another place.
    #[serde(default)]
    pub moves: Vec<Move>,
}

/// One move: `table.row` (a row, cell by cell by column id) or `table.row.col` (one cell).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// Path in the source format.
    pub from: String,
    /// Path in the target format.
    pub to: String,
    /// How the note is reported.
    pub severity: Severity,
    /// What the user should know about the move, in Chinese.
    pub note: String,
}

/// Why a conversion cannot run.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// No mapping between the two formats.
    #[error("不支持从“{from}”格式转换为“{to}”格式")]
    NoMapping {
        /// The report's format.
        from: String,
        /// The format asked for.
        to: String,
    },
    /// The format asked for does not exist.
    #[error("不认识的报告格式“{0}”")]
    UnknownFormat(String),
    /// The mapping is for other formats than the report's or the target's.
    #[error("转换规则是从“{mapping_from}”到“{mapping_to}”，不能用于从“{from}”到“{to}”")]
    WrongMapping {
        /// The mapping's source.
        mapping_from: String,
        /// The mapping's target.
        mapping_to: String,
        /// The report's format.
        from: String,
        /// The target format.
        to: String,
    },
}

/// A path split into table, row and (for a cell) column.
fn split(path: &str) -> (&str, &str, Option<&str>) {
    let mut parts = path.splitn(3, '.');
    let table = parts.next().unwrap_or("");
    let row = parts.next().unwrap_or("");
    (table, row, parts.next())
}

impl Mapping {
    /// Parses and validates a mapping against the embedded formats.
    ///
    /// # Errors
    /// [`StandardError`] when the TOML is malformed, names a format, table, row or column that
    /// does not exist, or fills a target cell twice.
    pub fn parse(file: &str, source: &str) -> Result<Mapping, StandardError> {
        let m: Mapping = toml::from_str(source).map_err(|e| StandardError::Syntax {
            file: file.to_string(),
            detail: e.to_string(),
        })?;
        m.validate().map_err(|detail| StandardError::Invalid {
            file: file.to_string(),
            detail,
        })?;
        Ok(m)
    }

    fn validate(&self) -> Result<(), String> {
        let from = standard::get(&self.from).ok_or(format!("没有格式 {}", self.from))?;
        let to = standard::get(&self.to).ok_or(format!("没有格式 {}", self.to))?;
        let mut filled = HashSet::new();
        for (_, target) in self.pairs(from, to)? {
            if !filled.insert(target.clone()) {
                return Err(format!("{} 被填了不止一次", target.path()));
            }
        }
        Ok(())
    }

    /// Every (source cell, target cell) pair the mapping moves, from the definitions.
    fn pairs(&self, from: &Standard, to: &Standard) -> Result<Vec<(CellRef, CellRef)>, String> {
        let mut out = Vec::new();
        for id in &self.same_ids {
            let (Some(f), Some(t)) = (from.table(id), to.table(id)) else {
                return Err(format!("same_ids 中的表格 {id} 不在两种格式中"));
            };
            for row in &f.rows {
                let Some(trow) = t.row(&row.id) else { continue };
                let target_cols: Vec<&str> =
                    t.columns_of(trow).iter().map(|c| c.id.as_str()).collect();
                for col in f.columns_of(row) {
                    if target_cols.contains(&col.id.as_str()) {
                        out.push((
                            CellRef::new(id, &row.id, &col.id),
                            CellRef::new(id, &row.id, &col.id),
                        ));
                    }
                }
            }
        }
        for m in &self.moves {
            let (ft, fr, fc) = split(&m.from);
            let (tt, tr, tc) = split(&m.to);
            let fdef = from.table(ft).and_then(|t| Some((t, t.row(fr)?)));
            let tdef = to.table(tt).and_then(|t| Some((t, t.row(tr)?)));
            let (Some((ftab, frow)), Some((ttab, trow))) = (fdef, tdef) else {
                return Err(format!("move {} → {} 引用了不存在的表格或行", m.from, m.to));
            };
            let has = |t: &crate::standard::TableDef, r, c: &str| {
                t.columns_of(r).iter().any(|col| col.id == c)
            };
            match (fc, tc) {
                (Some(fc), Some(tc)) => {
                    if !has(ftab, frow, fc) || !has(ttab, trow, tc) {
                        return Err(format!("move {} → {} 引用了不存在的列", m.from, m.to));
                    }
                    out.push((CellRef::new(ft, fr, fc), CellRef::new(tt, tr, tc)));
                }
                (None, None) => {
                    let before = out.len();
                    for col in ftab.columns_of(frow) {
                        if has(ttab, trow, &col.id) {
                            out.push((
                                CellRef::new(ft, fr, &col.id),
                                CellRef::new(tt, tr, &col.id),
                            ));
                        }
                    }
                    if out.len() == before {
                        return Err(format!("move {} → {} 没有共同的列", m.from, m.to));
                    }
                }
                _ => return Err(format!("move {} → {} 一边是行一边是格", m.from, m.to)),
            }
        }
        Ok(out)
    }
}

/// All embedded mappings. Validated by the test suite; one that fails anyway is left out.
pub fn mappings() -> &'static [Mapping] {
    static ALL: OnceLock<Vec<Mapping>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(name, src)| Mapping::parse(name, src).ok())
            .collect()
    })
}

/// The embedded mapping from one format to another, if there is one.
pub fn mapping(from: &str, to: &str) -> Option<&'static Mapping> {
    mappings().iter().find(|m| m.from == from && m.to == to)
}

/// Converts a report to the format `target` by its embedded mapping; a report already in that
/// format comes back unchanged, without findings.
///
/// # Errors
/// [`ConvertError::UnknownFormat`] for an unknown target, [`ConvertError::NoMapping`] when no
/// mapping leads from the report's format to it.
pub fn convert(report: &Report, target: &str) -> Result<(Report, Vec<Finding>), ConvertError> {
    let std = standard::get(target).ok_or_else(|| ConvertError::UnknownFormat(target.into()))?;
    if report.format == target {
        return Ok((report.clone(), Vec::new()));
    }
    let m = mapping(&report.format, target).ok_or_else(|| ConvertError::NoMapping {
        from: report.format.clone(),
        to: target.into(),
    })?;
    to_format(report, std, m)
}

/// Converts a report to `target` by `mapping`: moved cells take their new place (with the
/// mapping's notes as findings), every other source value is kept in [`Report::carried`] and
/// listed in a warning (`convert.carried`), target cells without a source stay blank and are
/// listed in a note (`convert.no_source`). Meta and sections are kept as they are.
///
/// # Errors
/// [`ConvertError::WrongMapping`] when the mapping is not from the report's format to
/// `target`; [`ConvertError::UnknownFormat`] when the report's format has no definition.
pub fn to_format(
    report: &Report,
    target: &Standard,
    mapping: &Mapping,
) -> Result<(Report, Vec<Finding>), ConvertError> {
    if mapping.from != report.format || mapping.to != target.id {
        return Err(ConvertError::WrongMapping {
            mapping_from: mapping.from.clone(),
            mapping_to: mapping.to.clone(),
            from: report.format.clone(),
            to: target.id.clone(),
        });
    }
    let source = standard::get(&report.format)
        .ok_or_else(|| ConvertError::UnknownFormat(report.format.clone()))?;
    let pairs = mapping
        .pairs(source, target)
        .map_err(|_| ConvertError::NoMapping {
            from: report.format.clone(),
            to: target.id.clone(),
        })?;
    let mut out = Report::empty(target);
    out.meta = report.meta.clone();
    out.sections = report.sections.clone();
    out.carried = report.carried.clone();
    out.converted_from = Some(report.format.clone());
    let mut used = HashSet::new();
    let mut filled = HashSet::new();
    for (from, to) in &pairs {
        if let Some(v) = report.get(&from.table, &from.row, &from.col)
            && out.set(&to.table, &to.row, &to.col, v.clone())
        {
            used.insert(from.clone());
            filled.insert(to.clone());
        }
    }
    let mut findings: Vec<Finding> = mapping
        .moves
        .iter()
        .map(|m| Finding::new("convert.moved", m.severity, m.note.clone()))
        .collect();
    let mut kept = Vec::new();
    for (table, rows) in &report.tables {
        for (row, cols) in rows {
            for (col, value) in cols {
                let cell = CellRef::new(table, row, col);
                if used.contains(&cell) {
                    continue;
                }
                out.carried.insert(cell.path(), value.clone());
                kept.push((cell, value));
            }
        }
    }
    if !kept.is_empty() {
        findings.push(carried_finding(source, target, &kept));
    }
    let empty: Vec<CellRef> = target
        .tables
        .iter()
        .flat_map(|t| {
            t.rows.iter().flat_map(move |r| {
                t.columns_of(r)
                    .into_iter()
                    .map(move |c| CellRef::new(&t.id, &r.id, &c.id))
            })
        })
        .filter(|c| !filled.contains(c))
        .collect();
    if !empty.is_empty() {
        let listed = by_row(target, &empty);
        findings.push(Finding::new(
            "convert.no_source",
            Severity::Info,
            format!(
                "“{}”中这 {} 格在“{}”中没有对应的数值，留空：{}",
                target.name,
                empty.len(),
                source.name,
                listed.join("；")
            ),
        ));
    }
    Ok((out, findings))
}

/// Cells listed row by row: "… · 规章（本年废止件数、现行有效件数）", "… · 3.其他（全部 7 列）".
fn by_row(std: &Standard, cells: &[CellRef]) -> Vec<String> {
    let mut rows: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for c in cells {
        match rows.last_mut() {
            Some((t, r, cols)) if *t == c.table && *r == c.row => cols.push(&c.col),
            _ => rows.push((&c.table, &c.row, vec![&c.col])),
        }
    }
    rows.into_iter()
        .map(|(t, r, cols)| {
            let table = std.table(t);
            let all = table
                .and_then(|td| Some(td.columns_of(td.row(r)?).len()))
                .unwrap_or(0);
            let what = if cols.len() == all && all > 1 {
                format!("全部 {all} 列")
            } else {
                cols.iter()
                    .map(|c| {
                        table
                            .and_then(|td| td.column(c))
                            .map_or(c.to_string(), |col| col.label.clone())
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            };
            format!("{}（{what}）", std.cell_labels(t, r, ""))
        })
        .collect()
}

/// The warning listing the values kept aside (`carried`); a note when they are all blank.
fn carried_finding(source: &Standard, target: &Standard, kept: &[(CellRef, &Value)]) -> Finding {
    let printed: Vec<String> = kept
        .iter()
        .filter(|(_, v)| !v.is_blank())
        .map(|(c, v)| {
            format!(
                "{} = {}（{}）",
                source.cell_labels(&c.table, &c.row, &c.col),
                v.display(),
                c.path()
            )
        })
        .collect();
    if printed.is_empty() {
        return Finding::new(
            "convert.carried",
            Severity::Info,
            format!(
                "“{}”中有 {} 格在“{}”中没有对应项，原表均为空白，已保留在 JSON 输出的 carried 中",
                source.name,
                kept.len(),
                target.name
            ),
        );
    }
    Finding::new(
        "convert.carried",
        Severity::Warning,
        format!(
            "这些数值在“{}”中没有对应项，未写入表格，只保留在 JSON 输出的 carried 中（Word、Excel 输出中没有这些数值；共 {} 格，有数值的 {} 格）：{}",
            target.name,
            kept.len(),
            printed.len(),
            printed.join("；")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_mappings_are_valid() {
        for (name, src) in SOURCES {
            if let Err(e) = Mapping::parse(name, src) {
                panic!("{e}");
            }
        }
        assert_eq!(mappings().len(), SOURCES.len());
    }

    #[test]
    fn rejects_mapping_that_fills_a_cell_twice() {
        let src = SOURCES[0].1.replace(
            "to = \"active.normative.issued\"",
            "to = \"active.rules.issued\"",
        );
        assert!(matches!(
            Mapping::parse("t", &src),
            Err(StandardError::Invalid { .. })
        ));
    }

    #[test]
    fn rejects_mapping_naming_a_missing_column() {
        let src = SOURCES[0]
            .1
            .replace("\"active.rules.made\"", "\"active.rules.mad\"");
        assert!(matches!(
            Mapping::parse("t", &src),
            Err(StandardError::Invalid { .. })
        ));
    }

    #[test]
    fn keeps_every_unmapped_value_and_lists_it() {
        let old = standard::get("gov-2019").expect("2019");
        let mut r = Report::empty(old);
        r.set("active", "licensing", "previous_items", Value::int(12));
        r.set("active", "licensing", "change", Value::int(-2));
        r.set("active", "licensing", "decisions", Value::int(40));
        r.set("requests", "other_handling", "total", Value::int(3));
        r.set("requests", "new", "natural", Value::int(5));
        let (new, findings) = convert(&r, "gov-2021").expect("converts");
        assert_eq!(new.format, "gov-2021");
        assert_eq!(new.converted_from.as_deref(), Some("gov-2019"));
        assert_eq!(
            new.get("active", "licensing", "decisions"),
            Some(&Value::int(40))
        );
        assert_eq!(
            new.get("requests", "other_other", "total"),
            Some(&Value::int(3))
        );
        assert_eq!(new.get("requests", "new", "natural"), Some(&Value::int(5)));
        assert_eq!(
            new.get("requests", "other_no_fee", "total"),
            Some(&Value::Blank)
        );
        assert_eq!(
            new.carried.get("tables.active.licensing.change"),
            Some(&Value::int(-2))
        );
        // 22 cells of table 二 in 2019, 5 of which move.
        assert_eq!(new.carried.len(), 17);
        let carried = findings
            .iter()
            .find(|f| f.rule == "convert.carried")
            .expect("listed");
        assert_eq!(carried.severity, Severity::Warning);
        assert!(
            carried
                .message
                .contains("tables.active.licensing.previous_items")
        );
        assert!(carried.message.contains("= -2"));
        assert!(
            !carried.message.contains("tables.active.procurement"),
            "blank ones not listed"
        );
        let no_source = findings
            .iter()
            .find(|f| f.rule == "convert.no_source")
            .expect("listed");
        // 2021 cells without a 2019 source: repealed/in_force ×2, fees.amount, two （六） rows ×7.
        assert!(no_source.message.contains("这 19 格"));
    }

    #[test]
    fn refuses_a_conversion_without_mapping() {
        let r = Report::empty(standard::current());
        assert!(matches!(
            convert(&r, "gov-2019"),
            Err(ConvertError::NoMapping { .. })
        ));
        assert!(matches!(
            convert(&r, "gov-1999"),
            Err(ConvertError::UnknownFormat(_))
        ));
        let (same, findings) = convert(&r, "gov-2021").expect("same format");
        assert_eq!(same, r);
        assert!(findings.is_empty());
    }
}
