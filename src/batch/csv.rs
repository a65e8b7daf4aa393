//! A small CSV writer for Excel: UTF-8 with a byte-order mark, CRLF line ends, quoting as RFC 4180.

/// Byte-order mark that makes Excel read the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// Quotes a field when needed. A text that Excel would run as a formula (starting with `=`, `+`,
/// `@`, or `-` followed by something that is not a number) gets a leading `'`, so that opening a
/// collected data set never runs anything a report's author typed.
pub fn field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '@', '\t', '\r'])
        || text
            .strip_prefix('-')
            .is_some_and(|rest| !rest.is_empty() && rest.parse::<f64>().is_err());
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A whole CSV document from rows of fields (already plain text), BOM first.
pub fn document<I, R, S>(rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::from(BOM);
    for row in rows {
        let fields: Vec<String> = row.into_iter().map(|f| field(f.as_ref())).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_quotes_and_line_breaks() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(field("12"), "12");
    }

    #[test]
    fn defuses_formulas_but_keeps_negative_numbers_and_dashes() {
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("-3"), "-3");
        assert_eq!(field("-"), "-");
        assert_eq!(field("-A1"), "'-A1");
    }

    #[test]
    fn document_starts_with_bom_and_uses_crlf() {
        let doc = document(vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(doc, "\u{feff}a,b\r\n1,2\r\n".as_bytes());
    }
}
