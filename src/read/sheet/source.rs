//! Per-format access to calamine: the visible worksheets of a workbook as sparse cells and
//! merged regions, and the formulas of every worksheet.

use super::grid::{Merge, RawCell};
use super::value::cell_text;
use super::{FormulaCell, corrupt, encrypted};
use crate::document::{Note, Place};
use crate::read::{ReadError, limits};
use calamine::{
    Data, Dimensions, Ods, OdsError, Range, Reader, Sheet, SheetType, SheetVisible, Xls, XlsError,
    Xlsx, XlsxError,
};
use std::io::{Cursor, Read as _};

/// One visible worksheet as read.
pub(crate) struct RawSheet {
    /// Sheet name.
    pub name: String,
    /// Cells with a value or a note (empty cells left out), any order.
    pub cells: Vec<RawCell>,
    /// Merged regions as stored.
    pub merges: Vec<Merge>,
}

/// The visible worksheets of a workbook and the notes about what was skipped.
#[derive(Default)]
pub(crate) struct RawBook {
    /// Visible worksheets in workbook order.
    pub sheets: Vec<RawSheet>,
    /// Notes (hidden sheets, unreadable merge lists).
    pub notes: Vec<Note>,
    /// The formulas of the visible worksheets, when the format's reader sees them while reading
    /// the cells (.xlsx streams them with the values; .xls and .ods need a pass of their own).
    pub formulas: Option<Vec<FormulaCell>>,
}

/// Counts stored cells against [`limits::MAX_CELLS`].
#[derive(Default)]
pub(crate) struct Budget {
    used: usize,
}

impl Budget {
    /// Takes `n` units; fails once the cap is passed.
    pub(crate) fn take(&mut self, n: usize) -> Result<(), ReadError> {
        self.used = self.used.saturating_add(n);
        if self.used > limits::MAX_CELLS {
            return Err(ReadError::TooLarge {
                detail: format!("工作簿的单元格超过 {} 个", limits::MAX_CELLS),
            });
        }
        Ok(())
    }

    /// Units left before the cap.
    pub(crate) fn left(&self) -> usize {
        limits::MAX_CELLS.saturating_sub(self.used)
    }
}

const NO_RESULT: &str =
    "没有保存计算结果，此处按空白读取；请用 Excel 或 WPS 打开此文件、保存后再导入";
const DOUBTFUL_ZERO: &str = "保存的结果是 0，但工作簿要求打开时重新计算公式（多为程序生成、未经 Excel/WPS 保存），这个 0 可能从未计算过；请用 Excel 或 WPS 打开此文件、保存后再导入";

/// A cell from its value and formula; `None` for an empty cell without a formula or anything
/// to say. A formula whose saved result is empty text (Excel, WPS and LibreOffice save `""`
/// for a total of blank cells) is kept as an empty cell: it marks its column as part of the row.
fn raw_cell(
    row: u32,
    col: u32,
    value: &Data,
    formula: Option<&str>,
    recalc: bool,
) -> Option<RawCell> {
    let shown = cell_text(value);
    let mut note = shown.note;
    let formula = formula.map(str::trim).filter(|f| !f.is_empty());
    if let Some(f) = formula {
        let f = f.strip_prefix('=').unwrap_or(f);
        if matches!(value, Data::Empty) {
            note = Some(format!("公式 ={f} {NO_RESULT}"));
        } else if recalc && shown.zero {
            note = Some(format!("公式 ={f} {DOUBTFUL_ZERO}"));
        }
    }
    if shown.text.is_empty() && note.is_none() && formula.is_none() {
        return None;
    }
    Some(RawCell {
        row,
        col,
        text: shown.text,
        note,
        formula: formula.is_some(),
    })
}

/// True for a visible worksheet; notes a hidden one, skips other sheet types silently.
fn wanted(sheet: &Sheet, notes: &mut Vec<Note>) -> bool {
    if sheet.typ != SheetType::WorkSheet {
        return false;
    }
    if sheet.visible != SheetVisible::Visible {
        notes.push(Note {
            place: Place::None,
            message: format!("工作表“{}”是隐藏的，已跳过", sheet.name),
        });
        return false;
    }
    true
}

fn merges_from(dims: Vec<Dimensions>) -> Vec<Merge> {
    dims.into_iter()
        .map(|d| Merge {
            r0: d.start.0,
            c0: d.start.1,
            r1: d.end.0,
            c1: d.end.1,
        })
        .collect()
}

fn merge_note(sheet: &str, detail: &dyn std::fmt::Display) -> Note {
    Note {
        place: Place::None,
        message: format!("工作表“{sheet}”的合并单元格信息无法读取（{detail}），按未合并读取"),
    }
}

pub(crate) fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => encrypted(),
        e => corrupt(&e),
    }
}

pub(crate) fn xls_error(e: XlsError) -> ReadError {
    match e {
        XlsError::Password => encrypted(),
        e => corrupt(&e),
    }
}

pub(crate) fn ods_error(e: OdsError) -> ReadError {
    match e {
        OdsError::Password => encrypted(),
        OdsError::CellLimitExceeded { requested, max } => ReadError::TooLarge {
            detail: format!("表格声明了 {requested} 个单元格，超过 {max} 个"),
        },
        e => corrupt(&e),
    }
}

/// Reads the visible worksheets of an .xlsx/.xlsm package, streaming each sheet.
pub(crate) fn read_xlsx(bytes: &[u8], budget: &mut Budget) -> Result<RawBook, ReadError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let recalc = recalculates_on_load(bytes);
    let mut book = RawBook::default();
    let mut formulas = Vec::new();
    let sheets = wb.sheets_metadata().to_vec();
    for sheet in &sheets {
        if !wanted(sheet, &mut book.notes) {
            continue;
        }
        let mut cells = Vec::new();
        {
            let mut reader = match wb.worksheet_cells_reader(&sheet.name) {
                Ok(reader) => reader,
                Err(XlsxError::NotAWorksheet(_)) => continue,
                Err(e) => return Err(xlsx_error(e)),
            };
            while let Some(c) = reader.next_cell_with_formula().map_err(xlsx_error)? {
                if let Some(f) = c.formula.as_deref().filter(|f| !f.trim().is_empty()) {
                    formulas.push(formula_cell(&sheet.name, c.pos, f));
                }
                let value: Data = c.value.into();
                if let Some(cell) = raw_cell(c.pos.0, c.pos.1, &value, c.formula.as_deref(), recalc)
                {
                    budget.take(1)?;
                    cells.push(cell);
                }
            }
        }
        // Merges are listed after the cells: reading them costs a second pass over the sheet,
        // useless when the sheet has no content (merges alone make no table).
        let merges = if cells.is_empty() {
            Vec::new()
        } else {
            match wb.merge_cells_by_sheet_name(&sheet.name) {
                Ok(dims) => merges_from(dims),
                Err(e) => {
                    book.notes.push(merge_note(&sheet.name, &e));
                    Vec::new()
                }
            }
        };
        book.sheets.push(RawSheet {
            name: sheet.name.clone(),
            cells,
            merges,
        });
    }
    book.formulas = Some(formulas);
    Ok(book)
}

/// Reads the visible worksheets of an .xls workbook (calamine decodes it whole, honouring its
/// code page).
pub(crate) fn read_xls(bytes: &[u8], budget: &mut Budget) -> Result<RawBook, ReadError> {
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(xls_error)?;
    let mut book = RawBook::default();
    let sheets = wb.sheets_metadata().to_vec();
    for sheet in &sheets {
        if !wanted(sheet, &mut book.notes) {
            continue;
        }
        let values = wb.worksheet_range(&sheet.name).map_err(xls_error)?;
        let formulas = wb.worksheet_formula(&sheet.name).map_err(xls_error)?;
        let cells = dense_cells(&values, &formulas, budget)?;
        let merges = match wb.merge_cells_by_sheet_name(&sheet.name) {
            Ok(dims) => merges_from(dims),
            Err(e) => {
                book.notes.push(merge_note(&sheet.name, &e));
                Vec::new()
            }
        };
        book.sheets.push(RawSheet {
            name: sheet.name.clone(),
            cells,
            merges,
        });
    }
    Ok(book)
}

/// Reads the visible worksheets of an .ods document (no merged regions: calamine does not
/// report them).
pub(crate) fn read_ods(bytes: &[u8], budget: &mut Budget) -> Result<RawBook, ReadError> {
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(ods_error)?;
    // calamine does not report an .ods file's merged regions: they are read from content.xml.
    let mut merges = super::ods_merges::merges(bytes);
    let mut book = RawBook::default();
    let sheets = wb.sheets_metadata().to_vec();
    for sheet in &sheets {
        if !wanted(sheet, &mut book.notes) {
            continue;
        }
        let values = wb.worksheet_range(&sheet.name).map_err(ods_error)?;
        let formulas = wb.worksheet_formula(&sheet.name).map_err(ods_error)?;
        let cells = dense_cells(&values, &formulas, budget)?;
        book.sheets.push(RawSheet {
            name: sheet.name.clone(),
            cells,
            merges: merges.remove(&sheet.name).unwrap_or_default(),
        });
    }
    Ok(book)
}

/// The non-empty cells of a dense range, plus the formula cells that hold no value.
fn dense_cells(
    values: &Range<Data>,
    formulas: &Range<String>,
    budget: &mut Budget,
) -> Result<Vec<RawCell>, ReadError> {
    let mut cells = Vec::new();
    let (r0, c0) = values.start().unwrap_or((0, 0));
    for (r, c, value) in values.used_cells() {
        let (row, col) = (r0 + r as u32, c0 + c as u32);
        let formula = formulas.get_value((row, col)).map(String::as_str);
        if let Some(cell) = raw_cell(row, col, value, formula, false) {
            budget.take(1)?;
            cells.push(cell);
        }
    }
    let (f0, g0) = formulas.start().unwrap_or((0, 0));
    for (r, c, formula) in formulas.used_cells() {
        let (row, col) = (f0 + r as u32, g0 + c as u32);
        let holds_value = values
            .get_value((row, col))
            .is_some_and(|v| !matches!(v, Data::Empty));
        if holds_value {
            continue;
        }
        if let Some(cell) = raw_cell(row, col, &Data::Empty, Some(formula), false) {
            budget.take(1)?;
            cells.push(cell);
        }
    }
    Ok(cells)
}

/// True when the package asks for a full recalculation on load (`<calcPr fullCalcOnLoad="1">`),
/// as files written by programs rather than by Excel do: their cached formula results may be
/// placeholders.
fn recalculates_on_load(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let name = zip
        .file_names()
        .filter_map(|n| n.ok())
        .find(|n| {
            let n = n.replace('\\', "/").to_ascii_lowercase();
            n.ends_with("workbook.xml") && !n.contains("_rels")
        })
        .map(|n| n.to_string());
    let Some(name) = name else {
        return false;
    };
    let Ok(part) = zip.by_name(&name) else {
        return false;
    };
    let mut xml = Vec::new();
    if part.take(8 * 1024 * 1024).read_to_end(&mut xml).is_err() {
        return false;
    }
    let xml = String::from_utf8_lossy(&xml);
    xml.contains("fullCalcOnLoad=\"1\"") || xml.contains("fullCalcOnLoad=\"true\"")
}

/// Formulas of every worksheet (hidden ones included), in sheet order then row order.
pub(crate) fn formulas_xlsx(bytes: &[u8]) -> Result<Vec<FormulaCell>, ReadError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let mut out = Vec::new();
    let sheets = wb.sheets_metadata().to_vec();
    let mut budget = Budget::default();
    for sheet in sheets.iter().filter(|s| s.typ == SheetType::WorkSheet) {
        let mut reader = match wb.worksheet_cells_reader(&sheet.name) {
            Ok(reader) => reader,
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(xlsx_error(e)),
        };
        while let Some(c) = reader.next_formula().map_err(xlsx_error)? {
            if !c.get_value().trim().is_empty() {
                budget.take(1)?;
                out.push(formula_cell(&sheet.name, c.get_position(), c.get_value()));
            }
        }
    }
    Ok(out)
}

/// Formulas of every worksheet of an .xls or .ods workbook.
pub(crate) fn formulas_dense<R, RS>(
    wb: &mut R,
    map_err: fn(R::Error) -> ReadError,
) -> Result<Vec<FormulaCell>, ReadError>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
{
    let mut out = Vec::new();
    let sheets = wb.sheets_metadata().to_vec();
    let mut budget = Budget::default();
    for sheet in sheets.iter().filter(|s| s.typ == SheetType::WorkSheet) {
        let formulas = wb.worksheet_formula(&sheet.name).map_err(map_err)?;
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            if !f.trim().is_empty() {
                budget.take(1)?;
                out.push(formula_cell(&sheet.name, (r0 + r as u32, c0 + c as u32), f));
            }
        }
    }
    Ok(out)
}

fn formula_cell(sheet: &str, pos: (u32, u32), formula: &str) -> FormulaCell {
    let f = formula.trim();
    FormulaCell {
        sheet: sheet.to_string(),
        row: pos.0 as usize + 1,
        col: pos.1 as usize + 1,
        formula: f.strip_prefix('=').unwrap_or(f).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_formula_whose_saved_result_is_empty_text() {
        let empty = Data::String(String::new());
        let total = raw_cell(
            6,
            9,
            &empty,
            Some("IF(COUNT(D7:I7)=0,\"\",SUM(D7:I7))"),
            false,
        )
        .expect("a formula cell is kept");
        assert_eq!(
            (total.text.as_str(), total.note, total.formula),
            ("", None, true)
        );
        assert_eq!(
            raw_cell(6, 3, &empty, None, false),
            None,
            "a plain empty cell is not"
        );
        assert_eq!(
            raw_cell(6, 3, &empty, Some("  "), false),
            None,
            "nor a blank formula"
        );
    }
}
