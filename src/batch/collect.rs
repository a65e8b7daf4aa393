//! `collect`: many reports into one data set — a row per report with every standard value as its
//! own column, the list of findings, and the totals; as a workbook or as CSV.
//!
//! The value columns come from the [`Standard`]: an id row of JSON paths
//! (`tables.requests.new.total`), the CSV's one header row by default, and a Chinese header row
//! made of its labels (the workbook's first row; the CSV's with `--labels`), so the data set
//! follows the definition file. The layout for other programs is in [`super::dataset`].

use super::csv;
use super::dataset;
pub use super::dataset::CsvHeader;
use super::inputs::Expansion;
use super::run::{Settings, analyze_all};
use super::summary::Summary;
use crate::check;
use crate::diff::prose;
use crate::finding::{Finding, Severity};
use crate::model::{Report, Section, Value};
use crate::standard::Standard;
use crate::write::WriteError;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;

/// A value column: one standard cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueColumn {
    /// Table id.
    pub table: String,
    /// Row id.
    pub row: String,
    /// Column id.
    pub col: String,
    /// The JSON path, `tables.<table>.<row>.<col>`.
    pub id: String,
    /// The Chinese labels, from the standard.
    pub label: String,
}

/// Every cell of a standard, in its order (tables, rows, the row's columns).
pub fn value_columns(std: &Standard) -> Vec<ValueColumn> {
    let mut out = Vec::with_capacity(std.cell_count());
    for t in &std.tables {
        for r in &t.rows {
            for c in t.columns_of(r) {
                let mut label: Vec<&str> = r.groups.iter().map(String::as_str).collect();
                label.push(&r.label);
                label.push(&c.label);
                out.push(ValueColumn {
                    table: t.id.clone(),
                    row: r.id.clone(),
                    col: c.id.clone(),
                    id: format!("tables.{}.{}.{}", t.id, r.id, c.id),
                    label: label.join(" · "),
                });
            }
        }
    }
    out
}

/// One report's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The input file as named.
    pub file: String,
    /// 机关.
    pub organ: Option<String>,
    /// Year.
    pub year: Option<i32>,
    /// Format id.
    pub format: String,
    /// One value per [`ValueColumn`].
    pub values: Vec<Value>,
    /// Errors and warnings.
    pub findings: usize,
    /// Ids of the rules with errors or warnings, each once, in order met.
    pub rules: Vec<String>,
    /// Findings of the cross-year rules against the previous year's report of the same organ
    /// among the inputs (0 when there is none).
    pub cross_year: usize,
    /// Share of the report's sentences that stand in the previous year's report's same sections
    /// (see [`crate::diff::prose`]); `None` without a previous year or sentences to count.
    pub repeated_share: Option<f64>,
}

/// The data set.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Value columns.
    pub columns: Vec<ValueColumn>,
    /// One row per report read, in input order.
    pub rows: Vec<Row>,
    /// Every finding (information notes too), with its file.
    pub findings: Vec<(String, Finding)>,
    /// Counts and failures.
    pub summary: Summary,
}

/// Fixed columns before the values: Chinese header and id.
const LEAD: [(&str, &str); 4] = [
    ("文件", "file"),
    ("机关", "meta.organ"),
    ("年度", "meta.year"),
    ("格式", "format"),
];
/// Fixed columns after the values.
const TAIL: [(&str, &str); 4] = [
    ("问题数（错误与警告）", "findings"),
    ("违反的规则", "rules"),
    ("与上年核对的问题数", "cross_year.findings"),
    ("与上年正文雷同比例", "prose.repeated_share"),
];
/// Finding list columns.
const FINDING_HEAD: [&str; 8] = [
    "文件",
    "规则",
    "级别",
    "单元格",
    "位置",
    "说明",
    "应为",
    "实为",
];

/// Reads every input in parallel into a [`Collection`]; columns from `std`.
pub fn collect(
    expansion: &Expansion,
    std: &Standard,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
) -> Collection {
    let columns = value_columns(std);
    let results = analyze_all(
        &expansion.inputs,
        settings,
        progress,
        |_, input, analysis| {
            analysis.map(|a| {
                let file = input.path.display().to_string();
                let values = columns
                    .iter()
                    .map(|c| {
                        a.report
                            .get(&c.table, &c.row, &c.col)
                            .cloned()
                            .unwrap_or_default()
                    })
                    .collect();
                let mut rules: Vec<String> = Vec::new();
                let mut findings = 0;
                for f in a
                    .findings
                    .iter()
                    .filter(|f| f.severity >= Severity::Warning)
                {
                    findings += 1;
                    if !rules.contains(&f.rule) {
                        rules.push(f.rule.clone());
                    }
                }
                let errors = super::run::error_rules(&a);
                let id = super::duplicates::Identity::of(&a.report, &std.consistency.divisions);
                let row = Row {
                    file: file.clone(),
                    organ: a.report.meta.organ.clone(),
                    year: a.report.meta.year,
                    format: a.report.format.clone(),
                    values,
                    findings,
                    rules,
                    cross_year: 0,
                    repeated_share: None,
                };
                let list: Vec<(String, Finding)> =
                    a.findings.into_iter().map(|f| (file.clone(), f)).collect();
                (row, list, errors, id, a.report.sections)
            })
        },
    );
    let mut summary = super::run::start(expansion);
    let mut read = Vec::new();
    let mut ids = Vec::new();
    let mut prose = Vec::new();
    for (input, result) in expansion.inputs.iter().zip(results) {
        match result {
            Ok((row, list, errors, id, sections)) => {
                ids.push(id);
                summary.read += 1;
                summary.with_findings += usize::from(!errors.is_empty());
                summary.note_errors(&input.path, errors.iter().map(String::as_str));
                read.push((row, list));
                prose.push(sections);
            }
            Err(e) => summary.failed.push((input.path.clone(), e)),
        }
    }
    mark_duplicates(&ids, &settings.allow, &mut read, &mut summary);
    compare_consecutive_years(&columns, std, &settings.allow, &mut read, &prose);
    let mut rows = Vec::with_capacity(read.len());
    let mut findings = Vec::new();
    for (row, list) in read {
        rows.push(row);
        findings.extend(list);
    }
    Collection {
        columns,
        rows,
        findings,
        summary,
    }
}

/// The reports paired with last year's report of the same organ, as (this, last) indexes. Organ
/// names are compared by [`crate::organ::key`] (a city's name written before a district's does
/// not make another organ). Each year of an organ is paired once: when a year is given twice
/// (a duplicate, see [`super::duplicates`]), its first report stands for it.
pub fn consecutive_years<'a>(
    rows: impl IntoIterator<Item = &'a Row>,
    divisions: &[String],
) -> Vec<(usize, usize)> {
    let mut first: HashMap<(String, i32), usize> = HashMap::new();
    for (i, r) in rows.into_iter().enumerate() {
        if let (Some(organ), Some(year)) = (r.organ.as_deref(), r.year) {
            first
                .entry((crate::organ::key(organ, divisions), year))
                .or_insert(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = first
        .iter()
        .filter_map(|((organ, year), &this)| {
            let last = first.get(&(organ.clone(), year - 1))?;
            Some((this, *last))
        })
        .collect();
    pairs.sort_unstable();
    pairs
}

/// Marks every report given more than once (same organ and year, or same tables): a
/// [`super::duplicates::RULE`] warning in its row and its findings naming the others, and a line
/// in the summary.
fn mark_duplicates(
    ids: &[super::duplicates::Identity],
    allow: &[String],
    read: &mut [(Row, Vec<(String, Finding)>)],
    summary: &mut Summary,
) {
    use super::duplicates::{self, RULE};
    let groups = duplicates::find(ids);
    let names: Vec<String> = read.iter().map(|(r, _)| r.file.clone()).collect();
    let probe = Finding::new(RULE, Severity::Warning, "");
    if allow.iter().any(|a| probe.is_allowed_by(a)) {
        return;
    }
    summary.duplicates = duplicates::describe(&groups, &names);
    for g in &groups {
        for &i in &g.members {
            let others: Vec<&str> = g
                .members
                .iter()
                .filter(|&&j| j != i)
                .filter_map(|&j| names.get(j).map(String::as_str))
                .collect();
            let f = Finding::new(
                RULE,
                Severity::Warning,
                format!(
                    "与 {} 是同一份报告（{}），合计时只应计一次",
                    others.join("、"),
                    g.why
                ),
            );
            let Some((row, list)) = read.get_mut(i) else {
                continue;
            };
            row.findings += 1;
            if !row.rules.iter().any(|r| r == RULE) {
                row.rules.push(RULE.to_string());
            }
            list.push((row.file.clone(), f));
        }
    }
}

/// Runs the cross-year rules on every pair of consecutive years of one organ among the reports
/// read; the findings (less the allowed ones) join the later report's, which also gets the
/// count of them and the share of its sentences standing in last year's (`prose`: each read
/// report's sections).
fn compare_consecutive_years(
    columns: &[ValueColumn],
    std: &Standard,
    allow: &[String],
    read: &mut [(Row, Vec<(String, Finding)>)],
    prose: &[Vec<Section>],
) {
    let report_of = |i: usize, row: &Row| {
        let mut report = Report::empty(std);
        report.meta.organ.clone_from(&row.organ);
        report.meta.year = row.year;
        for (c, v) in columns.iter().zip(&row.values) {
            report.set(&c.table, &c.row, &c.col, v.clone());
        }
        report.sections = prose.get(i).cloned().unwrap_or_default();
        report
    };
    let opts = check::Options {
        previous: None,
        allow,
    };
    let divisions = &std.consistency.divisions;
    for (this, last) in consecutive_years(read.iter().map(|(r, _)| r), divisions) {
        let (Some((now, _)), Some((before, _))) = (read.get(this), read.get(last)) else {
            continue;
        };
        let (now, before) = (report_of(this, now), report_of(last, before));
        let found = check::cross_year(&now, &before, std);
        let share = std
            .years()
            .and_then(|y| prose::overall_share(&prose::repeats(&now, &before, std, y)));
        let Some((row, list)) = read.get_mut(this) else {
            continue;
        };
        row.repeated_share = share;
        for f in found.into_iter().filter(|f| !opts.allows(f)) {
            row.cross_year += 1;
            if f.severity >= Severity::Warning {
                row.findings += 1;
                if !row.rules.contains(&f.rule) {
                    row.rules.push(f.rule.clone());
                }
            }
            list.push((row.file.clone(), f));
        }
    }
}

/// The sum of a column over all rows, and how many reports have a text (not a number) there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// Sum of the numbers.
    pub sum: Decimal,
    /// Reports with a number in the cell.
    pub numbers: usize,
    /// Reports with a text in the cell (not added).
    pub texts: usize,
}

impl Collection {
    /// Totals of every value column.
    pub fn totals(&self) -> Vec<Total> {
        let mut out: Vec<Total> = self
            .columns
            .iter()
            .map(|_| Total {
                sum: Decimal::ZERO,
                numbers: 0,
                texts: 0,
            })
            .collect();
        for row in &self.rows {
            for (t, v) in out.iter_mut().zip(&row.values) {
                match v {
                    Value::Number(d) => {
                        t.sum = t.sum.checked_add(*d).unwrap_or(t.sum);
                        t.numbers += 1;
                    }
                    Value::Text(_) => t.texts += 1,
                    Value::Blank => {}
                }
            }
        }
        out
    }

    fn header_rows(&self) -> [Vec<String>; 2] {
        let mut labels: Vec<String> = LEAD.iter().map(|(l, _)| l.to_string()).collect();
        let mut ids: Vec<String> = LEAD.iter().map(|(_, i)| i.to_string()).collect();
        labels.extend(self.columns.iter().map(|c| c.label.clone()));
        ids.extend(self.columns.iter().map(|c| c.id.clone()));
        labels.extend(TAIL.iter().map(|(l, _)| l.to_string()));
        ids.extend(TAIL.iter().map(|(_, i)| i.to_string()));
        [labels, ids]
    }

    /// The reports as CSV (UTF-8 with BOM): the header row of ids (with the Chinese labels
    /// above it for [`CsvHeader::LabelsAndIds`]), then a row per report.
    pub fn to_csv(&self, header: CsvHeader) -> Vec<u8> {
        let [labels, ids] = self.header_rows();
        let head = match header {
            CsvHeader::Ids => vec![ids],
            CsvHeader::LabelsAndIds => vec![labels, ids],
        };
        let rows = self.rows.iter().map(|r| {
            let mut f = vec![
                r.file.clone(),
                r.organ.clone().unwrap_or_default(),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                r.format.clone(),
            ];
            f.extend(r.values.iter().map(Value::display));
            f.push(r.findings.to_string());
            f.push(r.rules.join("; "));
            f.push(r.cross_year.to_string());
            f.push(
                r.repeated_share
                    .map(|s| format!("{s:.3}"))
                    .unwrap_or_default(),
            );
            f
        });
        csv::document(head.into_iter().chain(rows))
    }

    /// The columns of [`Collection::to_csv`] as CSV (UTF-8 with BOM): a row per column with
    /// its id and Chinese label — the data set's dictionary.
    pub fn columns_csv(&self) -> Vec<u8> {
        let [labels, ids] = self.header_rows();
        let head = vec!["id".to_string(), "label".to_string()];
        let rows = ids.into_iter().zip(labels).map(|(i, l)| vec![i, l]);
        csv::document(std::iter::once(head).chain(rows))
    }

    /// The findings list as CSV (UTF-8 with BOM).
    pub fn findings_csv(&self) -> Vec<u8> {
        let head = FINDING_HEAD.iter().map(|s| s.to_string()).collect();
        let rows = self
            .findings
            .iter()
            .map(|(file, f)| finding_fields(file, f));
        csv::document(std::iter::once(head).chain(rows))
    }

    /// The workbook: sheet 报告 (a row per report), 问题清单 (every finding), 合计 (totals).
    ///
    /// # Errors
    /// [`WriteError::Xlsx`] when the workbook cannot be built.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, WriteError> {
        self.build_xlsx()
            .map_err(|e: XlsxError| WriteError::Xlsx(e.to_string()))
    }

    fn build_xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold().set_text_wrap();
        let grey = Format::new().set_font_color(rust_xlsxwriter::Color::Gray);

        let ws = wb.add_worksheet().set_name("报告")?;
        let [labels, ids] = self.header_rows();
        write_strings(ws, 0, &labels, Some(&bold))?;
        write_strings(ws, 1, &ids, Some(&grey))?;
        for (n, r) in self.rows.iter().enumerate() {
            let y = row_index(n + 2)?;
            ws.write_string(y, 0, &r.file)?;
            if let Some(o) = &r.organ {
                ws.write_string(y, 1, o)?;
            }
            if let Some(year) = r.year {
                ws.write_number(y, 2, f64::from(year))?;
            }
            ws.write_string(y, 3, &r.format)?;
            let mut x: u16 = 4;
            for v in &r.values {
                write_value(ws, y, x, v)?;
                x = x.saturating_add(1);
            }
            ws.write_number(y, x, r.findings as f64)?;
            ws.write_string(y, x.saturating_add(1), r.rules.join("; "))?;
            ws.write_number(y, x.saturating_add(2), r.cross_year as f64)?;
            if let Some(share) = r.repeated_share {
                ws.write_number(y, x.saturating_add(3), share)?;
            }
        }
        ws.set_freeze_panes(2, 2)?;
        ws.set_column_width(0, 40)?;
        let organs = self.rows.iter().filter_map(|r| r.organ.as_deref());
        dataset::print_reports_sheet(ws, organs, (LEAD.len(), labels.len()))?;

        let ws = wb.add_worksheet().set_name("问题清单")?;
        let head: Vec<String> = FINDING_HEAD.iter().map(|s| s.to_string()).collect();
        write_strings(ws, 0, &head, Some(&bold))?;
        for (n, (file, f)) in self.findings.iter().enumerate() {
            write_strings(ws, row_index(n + 1)?, &finding_fields(file, f), None)?;
        }
        ws.set_freeze_panes(1, 0)?;

        let ws = wb.add_worksheet().set_name("合计")?;
        let head: Vec<String> = [
            "编号",
            "项目",
            "合计",
            "有数值的报告数",
            "文字值（未计入）数",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        write_strings(ws, 0, &head, Some(&bold))?;
        dataset::totals_rows(
            ws,
            "报告",
            &self.columns,
            &self.totals(),
            LEAD.len() as u16,
            (2, row_index(self.rows.len())?),
        )?;
        ws.set_column_width(0, 36)?;
        ws.set_column_width(1, 60)?;
        ws.set_freeze_panes(1, 0)?;
        wb.save_to_buffer()
    }
}

fn row_index(n: usize) -> Result<u32, XlsxError> {
    u32::try_from(n).map_err(|_| XlsxError::RowColumnLimitError)
}

fn write_strings(
    ws: &mut Worksheet,
    y: u32,
    fields: &[String],
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    for (x, s) in fields.iter().enumerate() {
        let x = u16::try_from(x).map_err(|_| XlsxError::RowColumnLimitError)?;
        match format {
            Some(f) => ws.write_string_with_format(y, x, s, f)?,
            None => ws.write_string(y, x, s)?,
        };
    }
    Ok(())
}

fn write_value(ws: &mut Worksheet, y: u32, x: u16, v: &Value) -> Result<(), XlsxError> {
    match v {
        Value::Blank => {}
        Value::Number(d) => {
            ws.write_number(y, x, d.to_f64().unwrap_or(0.0))?;
        }
        Value::Text(t) => {
            ws.write_string(y, x, t)?;
        }
    }
    Ok(())
}

fn finding_fields(file: &str, f: &Finding) -> Vec<String> {
    vec![
        file.to_string(),
        f.rule.clone(),
        f.severity.label().to_string(),
        f.cell_path().unwrap_or_default(),
        f.labels.clone().unwrap_or_default(),
        f.message.clone(),
        f.expected.clone().unwrap_or_default(),
        f.found.clone().unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    #[test]
    fn value_columns_cover_every_standard_cell_once() {
        let std = standard::current();
        let cols = value_columns(std);
        assert_eq!(cols.len(), std.cell_count());
        let ids: std::collections::HashSet<_> = cols.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), cols.len());
    }

    fn row_of(organ: &str, year: i32) -> Row {
        Row {
            file: format!("{organ}{year}"),
            organ: Some(organ.into()),
            year: Some(year),
            format: String::new(),
            values: vec![],
            findings: 0,
            rules: vec![],
            cross_year: 0,
            repeated_share: None,
        }
    }

    #[test]
    fn pairs_consecutive_years_of_one_organ_only() {
        let rows = vec![
            row_of("甲局", 2023),
            row_of("乙局", 2022),
            row_of("甲局", 2022),
            row_of("乙局", 2021),
            row_of("丙局", 2023),
            row_of("丙局", 2021),
        ];
        assert_eq!(consecutive_years(&rows, &divisions()), vec![(0, 2), (1, 3)]);
    }

    fn divisions() -> Vec<String> {
        standard::current().consistency.divisions.clone()
    }

    #[test]
    fn pairs_each_year_once_when_a_year_is_given_twice() {
        let rows = vec![
            row_of("甲局", 2023),
            row_of("甲局", 2022),
            row_of("甲局", 2022),
        ];
        assert_eq!(consecutive_years(&rows, &divisions()), vec![(0, 1)]);
    }

    #[test]
    fn pairs_an_organ_written_with_and_without_its_city() {
        let rows = vec![
            row_of("某某市某某区人民政府", 2023),
            row_of("某某区人民政府", 2022),
        ];
        assert_eq!(consecutive_years(&rows, &divisions()), vec![(0, 1)]);
    }

    #[test]
    fn totals_add_numbers_and_count_texts() {
        let std = standard::current();
        let columns = value_columns(std);
        let mut a = vec![Value::Blank; columns.len()];
        let mut b = a.clone();
        a[0] = Value::int(2);
        b[0] = Value::int(3);
        b[1] = Value::Text("约5件".into());
        let row = |values| Row {
            file: "f".into(),
            organ: None,
            year: None,
            format: std.id.clone(),
            values,
            findings: 0,
            rules: vec![],
            cross_year: 0,
            repeated_share: None,
        };
        let c = Collection {
            columns,
            rows: vec![row(a), row(b)],
            findings: vec![],
            summary: Summary::default(),
        };
        let t = c.totals();
        assert_eq!(t[0].sum, Decimal::from(5));
        assert_eq!(t[0].numbers, 2);
        assert_eq!(t[1].texts, 1);
    }
}
