//! The workbook's formats (Chinese fonts, borders, fills) and the arithmetic of row heights for
//! wrapped labels.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Font of every cell.
pub const FONT: &str = "宋体";
/// GB2312 character set, so that spreadsheet programs pick a Chinese font.
const CHARSET: u8 = 134;
/// Height of one line of 11-point text, in points.
pub const LINE: f64 = 14.5;

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(CHARSET)
        .set_font_size(11)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

fn boxed() -> Format {
    base().set_border(FormatBorder::Thin)
}

/// All formats, built once per workbook.
pub struct Styles {
    /// A block's group label (table 二), open on the right towards its filler.
    pub group_row: Format,
    /// The cell closing a block's group row: borders on the outside only.
    pub filler: Format,
    /// Header cells (column labels, groups, corner).
    pub header: Format,
    /// Row labels.
    pub label: Format,
    /// Row group labels (centred).
    pub group: Format,
    /// Input cells.
    pub input: Format,
    /// Total cells (formulas).
    pub total: Format,
    /// Highlight of a broken rule.
    pub broken: Format,
    /// Prose paragraph.
    pub paragraph: Format,
    /// Prose heading.
    pub heading: Format,
    /// Prose title.
    pub prose_title: Format,
    /// A fact's label.
    pub fact_label: Format,
    /// A fact's value.
    pub fact_value: Format,
    /// Instructions text.
    pub note: Format,
    /// Hyperlink text.
    pub link: Format,
}

impl Styles {
    /// The formats.
    pub fn new() -> Styles {
        let grey = Color::RGB(0xF2F2F2);
        Styles {
            group_row: base()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(grey)
                .set_border_top(FormatBorder::Thin)
                .set_border_bottom(FormatBorder::Thin)
                .set_border_left(FormatBorder::Thin),
            filler: base()
                .set_background_color(grey)
                .set_border_top(FormatBorder::Thin)
                .set_border_bottom(FormatBorder::Thin)
                .set_border_right(FormatBorder::Thin),
            header: boxed()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(grey),
            label: boxed(),
            group: boxed().set_align(FormatAlign::Center),
            input: boxed().set_align(FormatAlign::Center).set_unlocked(),
            total: boxed()
                .set_align(FormatAlign::Center)
                .set_bold()
                .set_background_color(Color::RGB(0xFFF7DC))
                .set_unlocked(),
            broken: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            paragraph: base().set_unlocked(),
            heading: base().set_bold().set_background_color(grey).set_unlocked(),
            prose_title: base()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_unlocked(),
            fact_label: boxed().set_bold().set_background_color(grey),
            fact_value: boxed().set_align(FormatAlign::Left).set_unlocked(),
            note: base().set_font_color(Color::RGB(0x595959)),
            link: boxed()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

/// Width of a text in column units: a Chinese character takes two, other characters about one.
pub fn units(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.05 })
        .sum()
}

/// Lines a text wraps to in a cell `width` units wide.
pub fn lines(text: &str, width: f64) -> f64 {
    let avail = (width - 1.5).max(1.0);
    text.split('\n')
        .map(|l| (units(l) / avail).ceil().max(1.0))
        .sum()
}

/// Row heights that show every text: `cells` are (first row, last row, width in units, text,
/// line height); single-row cells are fitted first, then merged ones share their rows.
pub fn fit_heights(heights: &mut [f64], cells: &[(u32, u32, f64, &str, f64)]) {
    let mut order: Vec<&(u32, u32, f64, &str, f64)> = cells.iter().collect();
    order.sort_by_key(|c| c.1 - c.0);
    for (r0, r1, width, text, line) in order {
        let (r0, r1) = (*r0 as usize, *r1 as usize);
        if r1 >= heights.len() || text.is_empty() {
            continue;
        }
        let need = lines(text, *width) * line + 5.0;
        let have: f64 = heights[r0..=r1].iter().sum();
        if need > have {
            let add = (need - have) / (r1 - r0 + 1) as f64;
            for h in &mut heights[r0..=r1] {
                *h += add;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_get_taller_rows_and_merged_cells_share_them() {
        let mut h = vec![15.0; 3];
        let long = "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请";
        fit_heights(
            &mut h,
            &[
                (0, 0, 20.0, long, LINE),
                (1, 2, 6.0, "本年度办理结果", LINE),
            ],
        );
        assert!(h[0] > 4.0 * LINE);
        assert!(h[1] + h[2] >= lines("本年度办理结果", 6.0) * LINE);
        assert_eq!(h[1], h[2]);
    }
}
