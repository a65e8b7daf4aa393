//! The diff as a workbook (`--format xlsx`): per standard table both years side by side with the
//! changes highlighted, the prose shares per section, the repeated sentences and the findings.

use super::Diff;
use crate::model::Report;
use crate::standard;
use crate::write::WriteError;
use crate::write::xlsx::{sheet_name, write_value as put};
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

fn header(ws: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(c).unwrap_or(u16::MAX), *h, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

impl Diff {
    /// The workbook: a sheet per standard table (every cell, last year beside this year,
    /// changed cells yellow, swings red), 正文对比 (share per section), 雷同句子 and 核对.
    ///
    /// # Errors
    /// [`WriteError::Xlsx`] when the workbook cannot be built.
    pub fn to_xlsx(&self, last: &Report, this: &Report) -> Result<Vec<u8>, WriteError> {
        self.build(last, this)
            .map_err(|e| WriteError::Xlsx(e.to_string()))
    }

    fn build(&self, last: &Report, this: &Report) -> Result<Vec<u8>, XlsxError> {
        let std = standard::get(&this.format).unwrap_or_else(standard::current);
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        let plain = Format::new();
        let changed = Format::new().set_background_color(Color::RGB(0xFFF2CC));
        let swing = Format::new()
            .set_background_color(Color::RGB(0xFFC7CE))
            .set_font_color(Color::RGB(0x9C0006));
        let pct = Format::new().set_num_format("0.0%");
        for t in &std.tables {
            let name = std
                .section_of_table(&t.id)
                .map_or(t.id.clone(), |s| s.printed());
            let ws = wb.add_worksheet().set_name(sheet_name(&name))?;
            header(
                ws,
                &["项目", "编号", "上年", "本年", "变化", "变化率", "大幅变动"],
                &bold,
            )?;
            ws.set_column_width(0, 70)?;
            ws.set_column_width(1, 36)?;
            let mut r = 1u32;
            for row in &t.rows {
                for col in t.columns_of(row) {
                    let cell = crate::finding::CellRef::new(&t.id, &row.id, &col.id);
                    let change = self.cells.iter().find(|c| c.cell == cell);
                    let fmt = match change {
                        Some(c) if c.swing => &swing,
                        Some(_) => &changed,
                        None => &plain,
                    };
                    let mut label: Vec<&str> = row.groups.iter().map(String::as_str).collect();
                    label.extend([row.label.as_str(), col.label.as_str()]);
                    ws.write_string_with_format(r, 0, label.join(" · "), fmt)?;
                    ws.write_string_with_format(r, 1, cell.path(), fmt)?;
                    let get = |rep: &Report| {
                        rep.get(&t.id, &row.id, &col.id)
                            .cloned()
                            .unwrap_or_default()
                    };
                    put(ws, r, 2, &get(last), fmt)?;
                    put(ws, r, 3, &get(this), fmt)?;
                    if let Some(c) = change {
                        if let Some(v) = &c.change {
                            put(ws, r, 4, v, fmt)?;
                        }
                        if let Some(x) = c.relative {
                            ws.write_number_with_format(r, 5, x, &pct)?;
                        }
                        if c.swing {
                            ws.write_string_with_format(r, 6, "是", fmt)?;
                        }
                    }
                    r += 1;
                }
            }
        }
        let ws = wb.add_worksheet().set_name("正文对比")?;
        header(
            ws,
            &["部分", "计入的句数", "与上年相同的句数", "比例"],
            &bold,
        )?;
        ws.set_column_width(0, 40)?;
        for (i, s) in self.sections.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            ws.write_string(r, 0, &s.heading)?;
            ws.write_number(r, 1, s.sentences as f64)?;
            if let Some(share) = s.share {
                ws.write_number(r, 2, (share * s.sentences as f64).round())?;
                ws.write_number_with_format(r, 3, share, &pct)?;
            }
        }
        let ws = wb.add_worksheet().set_name("雷同句子")?;
        header(ws, &["部分", "与上年相同的句子"], &bold)?;
        ws.set_column_width(0, 30)?;
        ws.set_column_width(1, 100)?;
        let mut r = 1u32;
        for s in &self.sections {
            for sentence in &s.repeated {
                ws.write_string(r, 0, &s.heading)?;
                ws.write_string(r, 1, sentence)?;
                r += 1;
            }
        }
        let ws = wb.add_worksheet().set_name("核对")?;
        header(
            ws,
            &["规则", "级别", "说明", "单元格", "应为", "实为"],
            &bold,
        )?;
        ws.set_column_width(2, 80)?;
        for (i, f) in self.findings.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            ws.write_string(r, 0, &f.rule)?;
            ws.write_string(r, 1, f.severity.label())?;
            ws.write_string(r, 2, &f.message)?;
            ws.write_string(r, 3, f.cell_path().unwrap_or_default())?;
            ws.write_string(r, 4, f.expected.clone().unwrap_or_default())?;
            ws.write_string(r, 5, f.found.clone().unwrap_or_default())?;
        }
        wb.save_to_buffer()
    }
}
