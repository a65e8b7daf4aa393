//! Page numbers printed in the footer ("- 3 -", "— 3 —", "第3页", "第 3 页 共 9 页"), which text
//! taken out of a PDF or scanned by OCR carries between lines — inside tables too, where a
//! "- 3 -" read as three cells would shift every value after it. They are layout, not content.

/// True for a line that holds nothing but a page number in one of the footer forms. A bare
/// number is never one: it is a cell's value in text with one cell per line.
pub fn is_page_number(line: &str) -> bool {
    // Most lines are longer than any footer: told without copying them.
    if line.len() > 60 {
        return false;
    }
    let t: String = line
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    const DASHES: &[char] = &['-', '—', '–', '－', '―', '─'];
    // "- 3 -", "—3—", "-3/9-".
    if let Some(inner) = t.strip_prefix(DASHES).and_then(|r| r.strip_suffix(DASHES)) {
        let inner = inner.trim_matches(DASHES);
        return !inner.is_empty() && number_or_of(inner);
    }
    // "第3页", "第3页共9页", "第3页/共9页", "共9页第3页".
    let mut rest = t.as_str();
    let mut pages = 0;
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix('第').or_else(|| rest.strip_prefix('共')) else {
            return false;
        };
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 4 {
            return false;
        }
        let Some(next) = after[digits..].strip_prefix('页') else {
            return false;
        };
        rest = next.trim_start_matches(['/', '，', ',', '、']);
        pages += 1;
    }
    pages > 0
}

/// "3" or "3/9".
fn number_or_of(s: &str) -> bool {
    let mut parts = s.split('/');
    let ok = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    ok(parts.next()) && parts.next().is_none_or(|p| ok(Some(p))) && parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_footer_page_numbers() {
        for line in [
            "- 3 -",
            "— 12 —",
            "-3-",
            "第3页",
            "第 3 页 共 9 页",
            "第3页/共9页",
            "  - 4 / 9 -  ",
        ] {
            assert!(is_page_number(line), "{line}");
        }
    }

    #[test]
    fn takes_no_value_or_text_for_a_page_number() {
        for line in [
            "3",
            "-3",
            "—",
            "- -",
            "第3页内容",
            "第三页",
            "第二十条第（一）项",
            "3 4 5",
            "共计3件",
        ] {
            assert!(!is_page_number(line), "{line}");
        }
    }
}
