//! Reads the value of a table cell as printed: "0", "", "/", "１２", "1件", "1,234", "251000元".

use crate::model::Value;
use rust_decimal::Decimal;
use std::str::FromStr;

/// What was done to read a value, when it was not clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cleaning {
    /// A unit was dropped ("1件" → 1).
    Unit(String),
    /// Thousands separators were dropped.
    Separators,
    /// Full-width digits were read.
    FullWidth,
    /// The text could not be read as a number; kept as text.
    Unreadable,
    /// A number followed by a note in brackets ("12（其中修订5件）"): the number read, the note
    /// (without its brackets) not a value.
    Note(String),
    /// An amount written in another money unit than its column's was converted exactly
    /// ("25.1万元" in a 元 column → 251000).
    Converted {
        /// The unit printed in the cell.
        from: String,
        /// The column's unit.
        to: String,
    },
}

/// Money units and their size in 元.
const MONEY: &[(&str, i64)] = &[("元", 1), ("万元", 10_000)];

/// Converts an amount between money units exactly (25.1 万元 → 251000 元); `None` when a unit is
/// not a money unit or the result does not fit.
pub fn convert_money(amount: Decimal, from: &str, to: &str) -> Option<Decimal> {
    let size = |unit: &str| MONEY.iter().find(|(u, _)| *u == unit).map(|(_, n)| *n);
    let (from, to) = (size(from)?, size(to)?);
    amount
        .checked_mul(Decimal::from(from))?
        .checked_div(Decimal::from(to))
        .map(|d| d.normalize())
}

/// Parses a cell of a column with a unit: as [`parse`], then an amount printed in another money
/// unit is converted to the column's ("251000元" in a 万元 column → 25.1).
pub fn parse_in_unit(text: &str, unit: &str) -> (Value, Option<Cleaning>) {
    let (value, cleaning) = parse(text);
    if let (Value::Number(d), Some(Cleaning::Unit(printed))) = (&value, &cleaning)
        && printed != unit
        && let Some(converted) = convert_money(*d, printed, unit)
    {
        let cleaning = Cleaning::Converted {
            from: printed.clone(),
            to: unit.to_string(),
        };
        return (Value::Number(converted), Some(cleaning));
    }
    (value, cleaning)
}

/// Units that real reports print inside number cells, longest first.
const UNITS: &[&str] = &[
    "万元", "件次", "件", "条", "个", "项", "次", "人", "家", "笔", "元",
];

fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{3000}' | '\u{a0}' | '\u{200b}' | '\u{feff}')
    })
}

/// Parses a cell's text into a [`Value`], saying how it had to be cleaned.
pub fn parse(text: &str) -> (Value, Option<Cleaning>) {
    let t = trim(text);
    if t.is_empty() {
        return (Value::Blank, None);
    }
    let probe = Value::Text(t.to_string());
    if probe.is_dash() {
        return (probe, None);
    }
    if let Some((number, note)) = split_note(t)
        && let (value @ Value::Number(_), _) = parse(number)
    {
        return (value, Some(Cleaning::Note(note.to_string())));
    }
    let mut cleaning = None;
    let mut s: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' | '．' | '，' | '－' | '＋' => {
                cleaning = Some(Cleaning::FullWidth);
                char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
            }
            // The minus sign of typeset text (PDF, web pages): "−1" is -1.
            '\u{2212}' | '\u{fe63}' => '-',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    for unit in UNITS {
        if let Some(stripped) = s.strip_suffix(unit)
            && !stripped.is_empty()
        {
            s = stripped.to_string();
            cleaning = Some(Cleaning::Unit((*unit).to_string()));
            break;
        }
    }
    if s.contains(',') {
        if is_grouped(&s) {
            s = s.replace(',', "");
            cleaning = cleaning.or(Some(Cleaning::Separators));
        } else {
            return (Value::Text(t.to_string()), Some(Cleaning::Unreadable));
        }
    }
    if is_plain_number(&s)
        && let Ok(d) = Decimal::from_str(s.trim_start_matches('+'))
    {
        return (Value::Number(d), cleaning);
    }
    (Value::Text(t.to_string()), Some(Cleaning::Unreadable))
}

/// "12（其中修订5件）" → ("12", "其中修订5件"): a cell that is a number and then, in brackets at
/// its end, words (at least one CJK character: "1(2)" is not a note but two numbers run together).
fn split_note(t: &str) -> Option<(&str, &str)> {
    let open = t.find(['（', '('])?;
    let (number, rest) = t.split_at(open);
    let inner = rest[rest.chars().next()?.len_utf8()..].strip_suffix(['）', ')'])?;
    let words = inner
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let nested = inner.contains(['（', '(', '）', ')']);
    (!number.trim().is_empty() && words && !nested).then_some((number.trim(), inner.trim()))
}

fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.len() <= 20
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac
            .is_none_or(|f| !f.is_empty() && f.len() <= 12 && f.bytes().all(|b| b.is_ascii_digit()))
}

fn is_grouped(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let int = body.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split(',').collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// True when a cell reads as a value (number, blank, dash, or a short text with digits such as
/// "约5") rather than as a label.
pub fn is_value_like(text: &str) -> bool {
    let t = trim(text);
    if t.is_empty() {
        return true;
    }
    // Without a digit a cell is a value only as a dash mark: the common case (a label) decided
    // without the allocations of `parse`.
    if !t
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return crate::model::is_dash_text(t);
    }
    if t.len() <= 20 && t.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    match parse(t) {
        (Value::Blank | Value::Number(_), _) => true,
        (v @ Value::Text(_), _) if v.is_dash() => true,
        _ => {
            // Short texts with digits and only value words around them ("约5", "5余件").
            const VALUE_WORDS: &str = "约余件条个项次万元多近共计人家笔";
            t.chars().count() <= 10
                && t.chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                && t.chars()
                    .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                    .all(|c| VALUE_WORDS.contains(c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Value {
        Value::Number(Decimal::from_str(s).expect("decimal"))
    }

    #[test]
    fn reads_clean_and_messy_numbers() {
        assert_eq!(parse("0"), (num("0"), None));
        assert_eq!(parse(" 12 "), (num("12"), None));
        assert_eq!(parse("１２"), (num("12"), Some(Cleaning::FullWidth)));
        assert_eq!(parse("1件"), (num("1"), Some(Cleaning::Unit("件".into()))));
        assert_eq!(parse("1,234"), (num("1234"), Some(Cleaning::Separators)));
        assert_eq!(
            parse("251000元"),
            (num("251000"), Some(Cleaning::Unit("元".into())))
        );
        assert_eq!(parse("24252.311082"), (num("24252.311082"), None));
        assert_eq!(parse("-3"), (num("-3"), None));
    }

    #[test]
    fn reads_a_typeset_minus_sign_as_negative() {
        assert_eq!(parse("\u{2212}1"), (num("-1"), None));
        assert_eq!(parse("\u{fe63}2"), (num("-2"), None));
        assert!(is_value_like("\u{2212}1"));
    }

    #[test]
    fn converts_amounts_printed_in_another_money_unit() {
        assert_eq!(
            parse_in_unit("251000元", "元"),
            (num("251000"), Some(Cleaning::Unit("元".into())))
        );
        let to_yuan = Cleaning::Converted {
            from: "万元".into(),
            to: "元".into(),
        };
        assert_eq!(
            parse_in_unit("25.1万元", "元"),
            (num("251000"), Some(to_yuan))
        );
        let (v, c) = parse_in_unit("251000元", "万元");
        assert_eq!(v, num("25.1"));
        assert!(matches!(c, Some(Cleaning::Converted { .. })));
        assert_eq!(
            parse_in_unit("3件", "元"),
            (num("3"), Some(Cleaning::Unit("件".into())))
        );
        assert_eq!(parse_in_unit("-3", "项"), (num("-3"), None));
    }

    #[test]
    fn keeps_blank_dash_and_text_apart() {
        assert_eq!(parse(""), (Value::Blank, None));
        assert_eq!(parse("\u{3000}"), (Value::Blank, None));
        assert_eq!(parse("/"), (Value::Text("/".into()), None));
        assert_eq!(parse("约5件").1, Some(Cleaning::Unreadable));
        assert_eq!(parse("1,23").1, Some(Cleaning::Unreadable));
    }

    #[test]
    fn reads_the_number_before_a_note_in_brackets_and_keeps_the_note() {
        assert_eq!(
            parse("12（其中修订5件）"),
            (num("12"), Some(Cleaning::Note("其中修订5件".into())))
        );
        assert_eq!(
            parse("3件(含网上申请1件)"),
            (num("3"), Some(Cleaning::Note("含网上申请1件".into())))
        );
        assert!(is_value_like("12（其中修订5件）"));
        // Not clearly a number and a note: kept as printed.
        assert_eq!(parse("1(2)").1, Some(Cleaning::Unreadable));
        assert_eq!(parse("约12（其中修订5件）").1, Some(Cleaning::Unreadable));
        assert_eq!(parse("12（其中（修订）5件）").1, Some(Cleaning::Unreadable));
        assert_eq!(parse("（一）予以公开").1, Some(Cleaning::Unreadable));
        assert!(!is_value_like(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        ));
    }

    #[test]
    fn tells_values_from_labels() {
        assert!(is_value_like("0"));
        assert!(is_value_like(""));
        assert!(is_value_like("—"));
        assert!(is_value_like("约5"));
        assert!(!is_value_like("规章"));
        assert!(!is_value_like("1.属于国家秘密"));
        assert!(!is_value_like("第二十条第（一）项"));
        assert!(!is_value_like("3.其他"));
    }
}
