//! Figures written in prose: Arabic digits (half- or full-width, with a decimal point or thousands
//! commas) and Chinese numerals (十七, 两, 一百零五, 三千二百万).

use rust_decimal::Decimal;

/// A figure found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// Its value.
    pub value: Decimal,
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// The value of a Chinese numeral (十七 → 17, 两 → 2, 一百零五 → 105, 三万二千 → 32000).
/// `None` when it is not a well-formed numeral (两两, 十十, 一二三 as a list).
pub fn parse_chinese(text: &str) -> Option<u64> {
    let mut total: u64 = 0; // completed 亿 and 万 sections
    let mut section: u64 = 0; // below 万
    let mut pending: Option<u64> = None; // a digit waiting for its unit
    let mut any = false;
    // 十七 may start with 十; 百, 千, 万 alone are words (百姓, 万元), not numbers.
    if !text
        .chars()
        .next()
        .is_some_and(|c| c == '十' || chinese_digit(c).is_some())
    {
        return None;
    }
    for c in text.chars() {
        any = true;
        if let Some(d) = chinese_digit(c) {
            if pending.is_some_and(|p| p != 0) && d != 0 {
                return None; // two digits in a row: a list, not a number
            }
            pending = Some(d);
        } else if let Some(u) = chinese_unit(c) {
            match u {
                10_000 | 100_000_000 => {
                    let part = section.checked_add(pending.take().unwrap_or(0))?;
                    let part = if part == 0 { 1 } else { part };
                    total = total.checked_add(part)?.checked_mul(u)?;
                    section = 0;
                }
                _ => {
                    let d = match pending.take() {
                        Some(0) | None if u == 10 && section == 0 && total == 0 => 1, // 十七
                        Some(0) | None => return None,
                        Some(d) => d,
                    };
                    section = section.checked_add(d.checked_mul(u)?)?;
                }
            }
        } else {
            return None;
        }
    }
    if !any {
        return None;
    }
    total
        .checked_add(section)?
        .checked_add(pending.unwrap_or(0))
}

/// Every figure in `text`, in order. Digits and Chinese numerals are read as runs; a run that is
/// not a well-formed number is skipped.
pub fn figures(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if digit(c).is_some() {
            let mut digits = String::new();
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if let Some(d) = digit(c) {
                    digits.push(char::from_digit(d, 10).unwrap_or('0'));
                } else if matches!(c, '.' | '．') && next_is_digit(text, i + c.len_utf8()) {
                    digits.push('.');
                } else if c == ',' && thousands_follow(text, i + 1) {
                    // a thousands separator: skip it
                } else {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            if let Ok(value) = digits.parse::<Decimal>() {
                out.push(Figure { value, start, end });
            }
        } else if is_chinese_numeral(c) {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !is_chinese_numeral(c) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            if let Some(v) = text.get(start..end).and_then(parse_chinese) {
                out.push(Figure {
                    value: Decimal::from(v),
                    start,
                    end,
                });
            }
        } else {
            chars.next();
        }
    }
    out
}

fn next_is_digit(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| digit(c).is_some())
}

fn thousands_follow(text: &str, at: usize) -> bool {
    let Some(rest) = text.get(at..) else {
        return false;
    };
    let mut it = rest.chars();
    let three = it.by_ref().take(3).filter(|c| c.is_ascii_digit()).count() == 3;
    three && !it.next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        figures(text).iter().map(|f| f.value.to_string()).collect()
    }

    #[test]
    fn reads_chinese_numerals() {
        assert_eq!(parse_chinese("十七"), Some(17));
        assert_eq!(parse_chinese("两"), Some(2));
        assert_eq!(parse_chinese("一百零五"), Some(105));
        assert_eq!(parse_chinese("二十"), Some(20));
        assert_eq!(parse_chinese("三千二百万"), Some(32_000_000));
        assert_eq!(parse_chinese("三万二千"), Some(32_000));
        assert_eq!(parse_chinese("零"), Some(0));
    }

    #[test]
    fn rejects_lists_of_digits_as_numerals() {
        assert_eq!(parse_chinese("一二三"), None);
        assert_eq!(parse_chinese("万"), None);
        assert_eq!(parse_chinese(""), None);
    }

    #[test]
    fn finds_digits_full_width_decimals_and_thousands() {
        assert_eq!(values("受理申请17件，办结１６件"), vec!["17", "16"]);
        assert_eq!(values("收取0.5万元"), vec!["0.5"]);
        assert_eq!(values("共1,234条，其中十七件"), vec!["1234", "17"]);
    }

    #[test]
    fn keeps_byte_offsets_of_each_figure() {
        let t = "受理十七件";
        let f = figures(t);
        assert_eq!(f.len(), 1);
        assert_eq!(t.get(f[0].start..f[0].end), Some("十七"));
        assert_eq!(t.get(f[0].end..), Some("件"));
    }
}
