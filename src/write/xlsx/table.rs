//! One standard table on its worksheet: labels and merged headers as laid out, values, totals as
//! formulas with their results stored, the highlighting of broken 勾稽关系, data validation,
//! protection and the A4 print setup.

use super::layout::{Sheet, What};
use super::style::{FONT, LINE, Styles, fit_heights};
use crate::document::column_letters;
use crate::finding::CellRef;
use crate::model::{Report, Value};
use crate::rollforward::Carry;
use crate::standard::{Over, RuleKind, Standard, TableDef, ValueKind};
use crate::totals::{self, Total};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DataValidationRule, Format,
    Formula, ProtectionOptions, Worksheet, XlsxError,
};
use std::collections::HashMap;

/// A1 name of a 0-based cell, absolute.
pub fn a1(r: u32, c: u16) -> String {
    format!("${}${}", column_letters(usize::from(c) + 1), r + 1)
}

fn a1_plain(r: u32, c: u16) -> String {
    format!("{}{}", column_letters(usize::from(c) + 1), r + 1)
}

/// References to cells, runs of neighbours in one row or column written as ranges.
fn refs(cells: &[(u32, u16)]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let (r, c) = cells[i];
        let mut j = i;
        while let Some(&(nr, nc)) = cells.get(j + 1) {
            let (pr, pc) = cells[j];
            if (nr == pr && nc == pc + 1 && nr == r) || (nc == pc && nr == pr + 1 && nc == c) {
                j += 1;
            } else {
                break;
            }
        }
        let (lr, lc) = cells[j];
        if j == i {
            out.push(a1(r, c));
        } else {
            out.push(format!("{}:{}", a1(r, c), a1(lr, lc)));
        }
        i = j + 1;
    }
    out.join(",")
}

/// Writes one table on `ws`, laid out as `sheet` (its [`super::layout::layout`]), with the
/// values of `report` and, for the cells of `carried`, formulas of last year's figure.
///
/// # Errors
/// Whatever the xlsx library reports (a value it cannot store).
pub fn write_table(
    ws: &mut Worksheet,
    std: &Standard,
    table: &TableDef,
    sheet: &Sheet,
    (report, carried): (&Report, &[Carry]),
    styles: &Styles,
) -> Result<(), XlsxError> {
    let title = std
        .section_of_table(&table.id)
        .map(|s| s.printed())
        .unwrap_or_else(|| table.id.clone());
    let all_totals = totals::cached(std);
    let totals: Vec<&Total> = all_totals
        .iter()
        .filter(|t| t.cell.table == table.id)
        .collect();
    let mut first_total: HashMap<&CellRef, Vec<&Total>> = HashMap::new();
    for t in totals.iter().copied() {
        first_total.entry(&t.cell).or_default().push(t);
    }
    let pos = |row: &str, col: &str| sheet.position(row, col);
    // A total whose parts are all blank is blank: store an empty result, not the default 0.
    ws.set_formula_result_default("");
    for (c, w) in sheet.widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(u16::MAX), *w)?;
    }
    let mut texts: Vec<(u32, u32, f64, &str, f64)> = Vec::new();
    let width_of = |c0: u16, c1: u16| -> f64 {
        (c0..=c1)
            .map(|c| sheet.widths.get(usize::from(c)).copied().unwrap_or(9.0))
            .sum()
    };
    for p in &sheet.cells {
        let merged = p.r0 != p.r1 || p.c0 != p.c1;
        let (text, fmt) = match &p.what {
            What::Filler => {
                ws.write_string_with_format(p.r0, p.c0, " ", &styles.filler)?;
                continue;
            }
            What::Header(t) => (t.as_str(), &styles.header),
            What::Group(t) => (t.as_str(), &styles.group_row),
            What::Label(t) if merged && p.r0 != p.r1 => (t.as_str(), &styles.group),
            What::Label(t) => (t.as_str(), &styles.label),
            What::Value { row, col } => {
                let cell = CellRef::new(&table.id, row, col);
                let value = report.get(&table.id, row, col).cloned().unwrap_or_default();
                let formula = first_total.get(&cell).and_then(|ts| {
                    let all_agree = ts.iter().all(|t| totals::agrees(report, t));
                    let parts: Option<Vec<(u32, u16)>> =
                        ts[0].parts.iter().map(|p| pos(&p.row, &p.col)).collect();
                    all_agree.then_some(parts).flatten()
                });
                let carry = carried
                    .iter()
                    .find(|f| f.cell == cell)
                    .and_then(|f| carry_formula(f, report, &pos));
                let fmt = if formula.is_some() || carry.is_some() {
                    &styles.total
                } else {
                    &styles.input
                };
                if merged {
                    ws.merge_range(p.r0, p.c0, p.r1, p.c1, "", fmt)?;
                }
                if let Some(f) = carry {
                    ws.write_formula_with_format(p.r0, p.c0, f, fmt)?;
                    continue;
                }
                match formula {
                    Some(parts) => {
                        let r = refs(&parts);
                        let f = Formula::new(format!("=IF(COUNT({r})=0,\"\",SUM({r}))"))
                            .set_result(value.display());
                        ws.write_formula_with_format(p.r0, p.c0, f, fmt)?;
                    }
                    None => write_value(ws, p.r0, p.c0, &value, fmt)?,
                }
                continue;
            }
        };
        if merged {
            ws.merge_range(p.r0, p.c0, p.r1, p.c1, text, fmt)?;
        } else {
            ws.write_string_with_format(p.r0, p.c0, text, fmt)?;
        }
        texts.push((p.r0, p.r1, width_of(p.c0, p.c1), text, LINE));
    }
    let mut heights = vec![LINE + 5.0; sheet.height as usize];
    fit_heights(&mut heights, &texts);
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(u32::try_from(r).unwrap_or(u32::MAX), *h)?;
    }
    highlight_broken_rules(ws, std, table, sheet, styles)?;
    validate(ws, table, sheet)?;
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    ws.set_header(format!("&C&\"{FONT},Bold\"&14{}", title.replace('&', "&&")));
    ws.set_paper_size(9);
    if sheet.landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    if let Some((first, last)) = sheet.header_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// The formula of a cell computed from last year's figure, `=N+SUM(plus)-SUM(minus)`, with its
/// result for the values of `report`; `None` when a part has no place on the sheet or is text.
fn carry_formula(
    carry: &Carry,
    report: &Report,
    pos: &impl Fn(&str, &str) -> Option<(u32, u16)>,
) -> Option<Formula> {
    let side = |cells: &[CellRef]| -> Option<String> {
        let at: Option<Vec<(u32, u16)>> = cells.iter().map(|c| pos(&c.row, &c.col)).collect();
        let at = at?;
        Some(if at.is_empty() {
            String::new()
        } else {
            format!("SUM({})", refs(&at))
        })
    };
    let (plus, minus) = (side(&carry.plus)?, side(&carry.minus)?);
    let mut text = format!("={}", carry.previous);
    if !plus.is_empty() {
        text.push_str(&format!("+{plus}"));
    }
    if !minus.is_empty() {
        text.push_str(&format!("-{minus}"));
    }
    let result = carry.value(report)?;
    Some(Formula::new(text).set_result(result.to_string()))
}

/// Writes a value as a number, text or an empty cell with the cell's format.
pub fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: &Value,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match value {
        Value::Blank => ws.write_blank(r, c, fmt)?,
        Value::Number(d) => match d.to_f64() {
            Some(x) => ws.write_number_with_format(r, c, x, fmt)?,
            None => ws.write_string_with_format(r, c, d.to_string(), fmt)?,
        },
        Value::Text(t) => ws.write_string_with_format(r, c, t, fmt)?,
    };
    Ok(())
}

/// Positions of value cells.
type Cells = Vec<(u32, u16)>;

/// Conditional formats that colour the cells of a sum rule while it does not hold.
fn highlight_broken_rules(
    ws: &mut Worksheet,
    std: &Standard,
    table: &TableDef,
    sheet: &Sheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for rule in &std.rules {
        if rule.kind != RuleKind::Sum || rule.table.as_deref() != Some(table.id.as_str()) {
            continue;
        }
        let Some(over) = rule.over else { continue };
        let lines: Vec<(Cells, Cells)> = match over {
            Over::Columns => table
                .columns
                .iter()
                .filter_map(|c| {
                    let side = |ids: &[String]| -> Option<Cells> {
                        ids.iter().map(|r| sheet.position(r, &c.id)).collect()
                    };
                    Some((side(&rule.left)?, side(&rule.right)?))
                })
                .collect(),
            Over::Rows => table
                .rows
                .iter()
                .filter_map(|r| {
                    let side = |ids: &[String]| -> Option<Cells> {
                        ids.iter().map(|c| sheet.position(&r.id, c)).collect()
                    };
                    Some((side(&rule.left)?, side(&rule.right)?))
                })
                .collect(),
        };
        for (left, right) in lines {
            let (Some(&(r, c)), false) = (left.first(), right.is_empty()) else {
                continue;
            };
            let mut lit = left.clone();
            if left.len() > 1 {
                lit.extend(&right);
            }
            let range = lit
                .iter()
                .map(|(r, c)| a1_plain(*r, *c))
                .collect::<Vec<_>>()
                .join(" ");
            let cf = ConditionalFormatFormula::new()
                .set_rule(format!("SUM({})<>SUM({})", refs(&left), refs(&right)).as_str())
                .set_format(&styles.broken)
                .set_multi_range(range);
            ws.add_conditional_format(r, c, r, c, &cf)?;
        }
    }
    Ok(())
}

/// Data validation of the value cells, by kind, with a Chinese message.
fn validate(ws: &mut Worksheet, table: &TableDef, sheet: &Sheet) -> Result<(), XlsxError> {
    let mut by_kind: Vec<(ValueKind, Vec<String>, (u32, u16))> = Vec::new();
    for p in &sheet.cells {
        let What::Value { col, .. } = &p.what else {
            continue;
        };
        let Some(kind) = table.column(col).map(|c| c.kind) else {
            continue;
        };
        let name = a1_plain(p.r0, p.c0);
        match by_kind.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, cells, _)) => cells.push(name),
            None => by_kind.push((kind, vec![name], (p.r0, p.c0))),
        }
    }
    for (kind, cells, (r, c)) in by_kind {
        let dv = match kind {
            ValueKind::Count => DataValidation::new()
                .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                .set_error_message("件数应为不小于 0 的整数；不适用的格请留空。")?,
            ValueKind::SignedCount => DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(-1_000_000_000, 1_000_000_000))
                .set_error_message("这里应填整数（可为负数）。")?,
            ValueKind::Amount => DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_message("金额应为不小于 0 的数（单位：万元）；不适用的格请留空。")?,
        };
        let dv = dv
            .set_error_title("数值无效")?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_multi_range(cells.join(" "));
        ws.add_data_validation(r, c, r, c, &dv)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_write_neighbours_as_ranges() {
        assert_eq!(refs(&[(4, 3), (4, 4), (4, 5)]), "$D$5:$F$5");
        assert_eq!(refs(&[(6, 3), (7, 3), (9, 3)]), "$D$7:$D$8,$D$10");
    }
}
