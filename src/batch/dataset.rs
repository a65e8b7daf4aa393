//! How the `collect` data set is laid out for the programs that read it: pandas and R want one
//! header row of ids, people opening the CSV in Excel may want the Chinese labels as well, and
//! the workbook should print and total sensibly (its 合计 sheet as formulas over the 报告 sheet).

use super::collect::{Total, ValueColumn};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::utility::{column_number_to_name, quote_sheet_name};
use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

/// The header rows of the CSV: the id row alone (the default, one header row for
/// `pandas.read_csv` and R's `read.csv`), or the Chinese labels above it (`--labels`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvHeader {
    /// One header row of ids (`meta.organ`, `tables.requests.new.total` …).
    #[default]
    Ids,
    /// The Chinese labels, then the ids: two header rows.
    LabelsAndIds,
}

/// Width in Excel's character units of a text as printed (a CJK character takes two).
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

/// Print setup of the 报告 sheet: A4 landscape; the two header rows and the organ column repeated
/// on every page; the organ column as wide as its longest name (within 12–60 characters); the
/// value columns (`first..end` of the sheet's columns) 11 characters wide under a Chinese header
/// row tall enough for their labels to wrap in.
///
/// # Errors
/// [`XlsxError`] when a range is out of Excel's limits.
pub fn print_reports_sheet<'a>(
    ws: &mut Worksheet,
    organs: impl Iterator<Item = &'a str>,
    (first, end): (usize, usize),
) -> Result<(), XlsxError> {
    let widest = organs.map(text_width).fold(0.0, f64::max);
    ws.set_column_width(1, (widest + 2.0).clamp(12.0, 60.0))?;
    let first = u16::try_from(first).map_err(|_| XlsxError::RowColumnLimitError)?;
    let last = u16::try_from(end.saturating_sub(1)).map_err(|_| XlsxError::RowColumnLimitError)?;
    if first <= last {
        ws.set_column_range_width(first, last, 11.0)?;
    }
    ws.set_row_height(0, 84.0)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_repeat_rows(0, 1)?;
    ws.set_repeat_columns(1, 1)?;
    Ok(())
}

/// The 合计 sheet's rows below its header: per value column its id, label, and three formulas
/// over the 报告 sheet's column (`SUM`, `COUNT` of numbers, `COUNTIF(…,"?*")` of texts) with
/// their results cached from `totals`, so a reader that does not compute (pandas, calamine)
/// sees the numbers and Excel recomputes them when a value is corrected on the 报告 sheet.
///
/// `first_value_col`: the 报告 sheet's column of the first value; `data_rows`: its rows of
/// reports, from 0-based row `first_data_row`.
///
/// # Errors
/// [`XlsxError`] when a range is out of Excel's limits.
pub fn totals_rows(
    ws: &mut Worksheet,
    reports_sheet: &str,
    columns: &[ValueColumn],
    totals: &[Total],
    first_value_col: u16,
    (first_data_row, data_rows): (u32, u32),
) -> Result<(), XlsxError> {
    let sheet = quote_sheet_name(reports_sheet);
    let number = Format::new().set_num_format("General");
    for (n, (c, t)) in columns.iter().zip(totals).enumerate() {
        let y = u32::try_from(n + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let x = u16::try_from(n)
            .ok()
            .and_then(|n| first_value_col.checked_add(n))
            .ok_or(XlsxError::RowColumnLimitError)?;
        ws.write_string(y, 0, &c.id)?;
        ws.write_string(y, 1, &c.label)?;
        let sum = t.sum.to_f64().unwrap_or(0.0);
        if data_rows == 0 {
            ws.write_number(y, 2, sum)?;
            ws.write_number(y, 3, 0.0)?;
            ws.write_number(y, 4, 0.0)?;
            continue;
        }
        let name = column_number_to_name(x);
        let range = format!(
            "{sheet}!{name}{}:{name}{}",
            first_data_row + 1,
            first_data_row + data_rows
        );
        let cells = [
            (format!("=SUM({range})"), t.sum.normalize().to_string()),
            (format!("=COUNT({range})"), t.numbers.to_string()),
            (format!("=COUNTIF({range},\"?*\")"), t.texts.to_string()),
        ];
        for (i, (formula, result)) in (2u16..).zip(cells) {
            ws.write_formula_with_format(y, i, Formula::new(formula).set_result(result), &number)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cjk_characters_twice() {
        assert_eq!(text_width("ab"), 2.0);
        assert_eq!(text_width("某某局"), 6.0);
    }
}
