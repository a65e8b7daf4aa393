//! Cell values as the text a reader of the sheet sees: numbers without float artefacts, dates as
//! ISO text, error values kept with a note.

use calamine::{Data, ExcelDateTime};

/// A cell value turned into text, with what the reader should be told about it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CellText {
    /// The text of the cell.
    pub text: String,
    /// A note for the user (error values), in Chinese.
    pub note: Option<String>,
    /// The value was numeric zero (a formula result worth a second look).
    pub zero: bool,
}

impl CellText {
    fn plain(text: String) -> Self {
        CellText {
            text,
            note: None,
            zero: false,
        }
    }
}

/// Turns a calamine value into text.
pub(crate) fn cell_text(value: &Data) -> CellText {
    match value {
        Data::Empty => CellText::plain(String::new()),
        Data::String(s) => CellText::plain(normalise_newlines(s)),
        Data::Int(i) => CellText {
            text: i.to_string(),
            note: None,
            zero: *i == 0,
        },
        Data::Float(f) => CellText {
            text: format_number(*f),
            note: None,
            zero: *f == 0.0,
        },
        Data::Bool(b) => CellText::plain(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(dt) => CellText::plain(format_datetime(dt)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellText::plain(s.clone()),
        Data::Error(e) => {
            let text = e.to_string();
            let note = format!("单元格的值是错误值 {text}（通常是公式出错），已按原样保留");
            CellText {
                text,
                note: Some(note),
                zero: false,
            }
        }
    }
}

/// Line breaks inside a cell become `\n` (Excel stores `\r\n` as `_x000D_\n` in some files).
fn normalise_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// Prints a number as a spreadsheet shows it in a general format: integers without a
/// fraction, other values with at most 15 significant digits (Excel's precision) and no
/// trailing zeros, so binary artefacts such as `0.30000000000000004` print as `0.3`.
///
/// # Examples
/// ```
/// use gongkai::read::sheet::format_number;
/// assert_eq!(format_number(0.1 + 0.2), "0.3");
/// assert_eq!(format_number(96171.6), "96171.6");
/// assert_eq!(format_number(12.0), "12");
/// ```
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    // Round to 15 significant digits, then print the shortest text that reads back as the
    // rounded value: Rust's `Display` for f64 never uses an exponent and has no trailing zeros.
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    if rounded == 0.0 {
        return "0".to_string();
    }
    format!("{rounded}")
}

/// Dates as ISO text: `2023-12-31`, `2023-12-31 08:30:00`, a time alone as `08:30:00`;
/// durations as hours, minutes and seconds (`36:00:00`).
fn format_datetime(dt: &ExcelDateTime) -> String {
    let value = dt.as_f64();
    if dt.is_duration() {
        let total_secs = (value * 86_400.0).round();
        if !total_secs.is_finite() || total_secs.abs() > 1e12 {
            return format_number(value);
        }
        let sign = if total_secs < 0.0 { "-" } else { "" };
        let secs = total_secs.abs() as u64;
        return format!(
            "{sign}{}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    let has_time = value.fract() != 0.0;
    if value.trunc() == 0.0 && has_time {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if has_time {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTimeType};

    #[test]
    fn prints_floats_without_binary_artefacts() {
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(96171.6), "96171.6");
        assert_eq!(format_number(24252.311082), "24252.311082");
        assert_eq!(format_number(1.0 / 3.0), "0.333333333333333");
        assert_eq!(format_number(-2.5), "-2.5");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1234567.0), "1234567");
        assert_eq!(format_number(0.000125), "0.000125");
    }

    #[test]
    fn prints_integers_without_fraction() {
        assert_eq!(cell_text(&Data::Int(17)).text, "17");
        assert_eq!(cell_text(&Data::Float(17.0)).text, "17");
        assert!(cell_text(&Data::Float(0.0)).zero);
    }

    #[test]
    fn prints_dates_as_iso_text() {
        let date = ExcelDateTime::new(45291.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(format_datetime(&date), "2023-12-31");
        let stamp = ExcelDateTime::new(45291.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(format_datetime(&stamp), "2023-12-31 12:00:00");
        let time = ExcelDateTime::new(0.25, ExcelDateTimeType::DateTime, false);
        assert_eq!(format_datetime(&time), "06:00:00");
        let span = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(format_datetime(&span), "36:00:00");
    }

    #[test]
    fn keeps_error_text_with_a_note() {
        let t = cell_text(&Data::Error(CellErrorType::Div0));
        assert_eq!(t.text, "#DIV/0!");
        assert!(t.note.is_some_and(|n| n.contains("#DIV/0!")));
    }

    #[test]
    fn keeps_line_breaks_as_newlines() {
        assert_eq!(cell_text(&Data::String("a\r\nb".into())).text, "a\nb");
    }
}
