//! Excel writer: the whole model as a workbook laid out like the standard tables — a facts
//! sheet, a prose sheet, one sheet per standard table and, when there are any, the findings —
//! and the same workbook empty, to be filled in (`gongkai template`).
//!
//! Everything the workbook says about the standard comes from the [`Standard`]: sheet names,
//! fact labels, table layouts, totals (from the sum rules). The recogniser reads the workbook
//! back through the ordinary spreadsheet reader.

pub mod layout;
mod own_table;
mod style;
mod table;

pub(crate) use table::write_value;

use super::WriteError;
use crate::finding::{CellRef, Finding};
use crate::model::{Report, Section};
use crate::rollforward::{Carry, RolledForward};
use crate::standard::Standard;
use rust_xlsxwriter::{DocProperties, Url, Workbook, Worksheet, XlsxError};
use style::{LINE, Styles, fit_heights};

fn err(e: XlsxError) -> WriteError {
    WriteError::Xlsx(e.to_string())
}

/// Writes the report as an .xlsx workbook: facts, prose, the standard tables and the findings.
///
/// # Errors
/// [`WriteError::Xlsx`] when the workbook cannot be assembled (e.g. a paragraph longer than a
/// spreadsheet cell holds).
pub fn write(report: &Report, std: &Standard, findings: &[Finding]) -> Result<Vec<u8>, WriteError> {
    build(report, std, findings, false, &[]).map_err(err)
}

/// The fill-in workbook: the same sheets with every value empty, the six section headings in
/// the prose sheet, totals as formulas and a short instructions block.
///
/// # Errors
/// [`WriteError::Xlsx`] when the workbook cannot be assembled.
pub fn template(
    std: &Standard,
    organ: Option<&str>,
    year: Option<i32>,
) -> Result<Vec<u8>, WriteError> {
    let mut report = Report::empty(std);
    report.meta.organ = organ.map(str::to_string);
    report.meta.year = year;
    if let (Some(o), Some(y)) = (organ, year) {
        report.meta.title = Some(format!("{o}{y}年{}", std.title_suffix));
        report.meta.period_start = Some(format!("{y}-01-01"));
        report.meta.period_end = Some(format!("{y}-12-31"));
    }
    report.sections = std
        .sections
        .iter()
        .map(|s| Section {
            id: Some(s.id.clone()),
            heading: s.heading.clone(),
            ..Section::default()
        })
        .collect();
    build(&report, std, &[], true, &[]).map_err(err)
}

/// The fill-in workbook of a report rolled forward from last year's
/// ([`crate::rollforward::roll_forward`]): its facts, marked prose and carried cells, the cells
/// computed from last year's figure as live formulas (last year's figure + this year's cells),
/// every other count empty, and the instructions.
///
/// # Errors
/// [`WriteError::Xlsx`] when the workbook cannot be assembled.
pub fn template_from(rolled: &RolledForward, std: &Standard) -> Result<Vec<u8>, WriteError> {
    build(&rolled.report, std, &[], true, &rolled.formulas).map_err(err)
}

fn build(
    report: &Report,
    std: &Standard,
    findings: &[Finding],
    instructions: bool,
    carried: &[Carry],
) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut wb = Workbook::new();
    // Level 1: nearly the size of the default level 6 at a fraction of the time.
    wb.set_zip_compression_level(1);
    let title = report
        .meta
        .title
        .clone()
        .unwrap_or_else(|| std.title_suffix.clone());
    wb.set_properties(&DocProperties::new().set_title(&title).set_author("gongkai"));
    facts_sheet(wb.add_worksheet(), report, std, &styles, instructions)?;
    prose_sheet(wb.add_worksheet(), report, std, &styles)?;
    let sheets = layout::layouts(std);
    let mut names: Vec<String> = Vec::with_capacity(std.tables.len());
    for (t, sheet) in std.tables.iter().zip(sheets.iter()) {
        let name = sheet_name(
            &std.section_of_table(&t.id)
                .map_or(t.id.clone(), |s| s.printed()),
        );
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        table::write_table(ws, std, t, sheet, (report, carried), &styles)?;
        names.push(name);
    }
    if !findings.is_empty() {
        let tables = Tables {
            sheets: &sheets,
            names: &names,
        };
        findings_sheet(wb.add_worksheet(), findings, std, &styles, &tables)?;
    }
    wb.save_to_buffer()
}

/// A sheet name as spreadsheets allow it: at most 31 characters, none of `[]:*?/\`.
pub(crate) fn sheet_name(text: &str) -> String {
    text.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

fn facts_sheet(
    ws: &mut Worksheet,
    report: &Report,
    std: &Standard,
    styles: &Styles,
    instructions: bool,
) -> Result<(), XlsxError> {
    let wbdef = &std.workbook;
    ws.set_name(sheet_name(&wbdef.facts_sheet))?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 60)?;
    let m = &report.meta;
    let mut r = 0u32;
    for fact in &wbdef.facts {
        ws.write_string_with_format(r, 0, &fact.label, &styles.fact_label)?;
        match fact.id.as_str() {
            "year" => match m.year {
                Some(y) => ws.write_number_with_format(r, 1, f64::from(y), &styles.fact_value)?,
                None => ws.write_blank(r, 1, &styles.fact_value)?,
            },
            id => {
                let text = match id {
                    "organ" => m.organ.clone(),
                    "title" => m.title.clone(),
                    "period_start" => m.period_start.clone(),
                    "period_end" => m.period_end.clone(),
                    "format" => Some(report.format.clone()),
                    _ => None,
                };
                match text {
                    Some(t) => ws.write_string_with_format(r, 1, t, &styles.fact_value)?,
                    None => ws.write_blank(r, 1, &styles.fact_value)?,
                }
            }
        };
        r += 1;
    }
    for field in &std.meta {
        ws.write_string_with_format(r, 0, &field.label, &styles.fact_label)?;
        match m.contact.get(&field.id) {
            Some(v) => ws.write_string_with_format(r, 1, v, &styles.fact_value)?,
            None => ws.write_blank(r, 1, &styles.fact_value)?,
        };
        r += 1;
    }
    // The instructions stand in their own column beside the facts: a row of one cell across
    // the sheet would read as a paragraph of the report.
    let mut texts = Vec::new();
    if instructions && !wbdef.instructions.is_empty() {
        ws.set_column_width(2, 2)?;
        ws.set_column_width(3, 60)?;
        for (i, line) in wbdef.instructions.iter().enumerate() {
            let fmt = if i == 0 {
                &styles.fact_label
            } else {
                &styles.note
            };
            let row = u32::try_from(i).unwrap_or(u32::MAX);
            ws.write_string_with_format(row, 3, line, fmt)?;
            texts.push((row, row, 60.0, line.as_str(), LINE));
        }
        r = r.max(u32::try_from(wbdef.instructions.len()).unwrap_or(u32::MAX));
    }
    let mut heights = vec![LINE + 5.0; r as usize];
    fit_heights(&mut heights, &texts);
    for (row, h) in heights.iter().enumerate() {
        ws.set_row_height(u32::try_from(row).unwrap_or(u32::MAX), *h)?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Chinese numeral for a section number (1 → 一, 12 → 十二).
fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "〇".into(),
        1..=9 => D[n].into(),
        10..=19 => format!("十{}", D[n % 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// A row of the prose sheet: a line of text in column A, or a table of the report's own.
enum ProseRow<'a> {
    Text(String, &'a rust_xlsxwriter::Format, f64),
    Table(&'a [Vec<String>]),
}

fn prose_sheet(
    ws: &mut Worksheet,
    report: &Report,
    std: &Standard,
    styles: &Styles,
) -> Result<(), XlsxError> {
    const WIDTH: f64 = 100.0;
    ws.set_name(sheet_name(&std.workbook.prose_sheet))?;
    ws.set_column_width(0, WIDTH)?;
    let mut rows: Vec<ProseRow> = Vec::new();
    if let Some(t) = &report.meta.title {
        rows.push(ProseRow::Text(t.clone(), &styles.prose_title, 20.0));
    }
    for p in &report.meta.preamble {
        rows.push(ProseRow::Text(p.clone(), &styles.paragraph, LINE));
    }
    for (i, s) in report.sections.iter().enumerate() {
        let def = s.id.as_deref().and_then(|id| std.section(id));
        let number = def.map_or_else(|| chinese_number(i + 1), |d| d.number.clone());
        if !s.heading.is_empty() || def.is_some() {
            let heading = format!("{number}、{}", s.heading);
            rows.push(ProseRow::Text(heading, &styles.heading, LINE));
        }
        for p in &s.paragraphs {
            rows.push(ProseRow::Text(p.clone(), &styles.paragraph, LINE));
        }
        rows.extend(s.other_tables.iter().map(|t| ProseRow::Table(t)));
    }
    let mut texts = Vec::new();
    let mut r = 0u32;
    for row in &rows {
        match row {
            ProseRow::Text(text, fmt, line) => {
                ws.write_string_with_format(r, 0, text, fmt)?;
                texts.push((r, r, WIDTH, text.as_str(), *line));
                r += 1;
            }
            ProseRow::Table(table) => {
                r = own_table::write(
                    ws,
                    r + 1,
                    table,
                    &styles.label,
                    &std.workbook.empty_cell,
                    &mut texts,
                )?;
            }
        }
    }
    let mut heights = vec![LINE + 5.0; r as usize];
    fit_heights(&mut heights, &texts);
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(u32::try_from(r).unwrap_or(u32::MAX), *h)?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The standard tables' sheets as written: their layouts and names.
struct Tables<'a> {
    sheets: &'a [layout::Sheet],
    names: &'a [String],
}

impl Tables<'_> {
    /// Where a finding's cell is: its table's sheet, and the cell's place in the layout.
    fn place_of(&self, std: &Standard, cell: &CellRef) -> Option<(&str, u32, u16)> {
        let i = std.tables.iter().position(|t| t.id == cell.table)?;
        let (r, c) = self.sheets.get(i)?.position(&cell.row, &cell.col)?;
        Some((self.names.get(i)?.as_str(), r, c))
    }
}

fn findings_sheet(
    ws: &mut Worksheet,
    findings: &[Finding],
    std: &Standard,
    styles: &Styles,
    tables: &Tables<'_>,
) -> Result<(), XlsxError> {
    let wbdef = &std.workbook;
    ws.set_name(sheet_name(&wbdef.findings_sheet))?;
    let widths = [22.0, 8.0, 50.0, 34.0, 50.0, 10.0, 10.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(u16::MAX), *w)?;
    }
    for (c, h) in wbdef.findings_header.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(c).unwrap_or(u16::MAX), h, &styles.header)?;
    }
    let mut texts = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let path = f.cell_path().unwrap_or_default();
        let cols: [String; 7] = [
            f.rule.clone(),
            f.severity.label().to_string(),
            f.message.clone(),
            path.clone(),
            f.labels.clone().unwrap_or_default(),
            f.expected.clone().unwrap_or_default(),
            f.found.clone().unwrap_or_default(),
        ];
        for (c, text) in cols.iter().enumerate() {
            let c16 = u16::try_from(c).unwrap_or(u16::MAX);
            let target = f.cell.as_ref().and_then(|c| tables.place_of(std, c));
            match (c, target) {
                (3, Some((sheet, tr, tc))) => {
                    let url = Url::new(format!("internal:'{sheet}'!{}", table::a1(tr, tc)))
                        .set_text(text);
                    ws.write_url_with_format(r, c16, url, &styles.link)?;
                }
                _ => {
                    ws.write_string_with_format(r, c16, text, &styles.label)?;
                }
            }
            texts.push((r, r, widths[c], text.clone(), LINE));
        }
    }
    let texts: Vec<(u32, u32, f64, &str, f64)> = texts
        .iter()
        .map(|(a, b, w, t, l)| (*a, *b, *w, t.as_str(), *l))
        .collect();
    let mut heights = vec![LINE + 5.0; findings.len() + 1];
    fit_heights(&mut heights, &texts);
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(u32::try_from(r).unwrap_or(u32::MAX), *h)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_follow_section_numbering() {
        assert_eq!(chinese_number(7), "七");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(21), "二十一");
    }

    #[test]
    fn sheet_names_drop_forbidden_characters() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(&"表".repeat(40)).chars().count(), 31);
    }
}
