//! Text taken out of a paged document (poppler's `pdftotext`, default and `-layout` modes): form
//! feeds between pages, page numbers among the lines, blank lines that separate text blocks (not
//! blank cells: a PDF draws nothing for an empty cell), paragraphs broken at every line end and
//! spaces set between CJK characters and digits. Turned back into one line per paragraph or cell.

/// True for text with page breaks (form feeds) and no tab: what `pdftotext` writes.
pub(super) fn is_paged(text: &str) -> bool {
    text.contains('\u{c}') && !text.contains('\t')
}

/// Display width of a line: CJK and full-width characters count two columns.
fn width(line: &str) -> usize {
    line.chars()
        .map(|c| if (c as u32) >= 0x2e80 { 2 } else { 1 })
        .sum()
}

fn is_cjk(c: char) -> bool {
    ('\u{2e80}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// A page number as printed in a page's header or footer: "— 3 —", "- 3 -", "第3页", "第 3 页 共 9 页",
/// "3/9". Returns the number. A bare number is not taken here (see [`clean`]).
fn decorated_page_number(line: &str) -> Option<u32> {
    let t = line.trim();
    let dashes = |c: char| matches!(c, '—' | '-' | '－' | '–' | '―' | ' ' | '\u{3000}');
    if t.starts_with(|c: char| dashes(c) && c != ' ') {
        let inner = t.trim_matches(dashes);
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) && inner != t {
            return inner.parse().ok();
        }
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rest) = compact.strip_prefix('第') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[digits.len()..];
        if !digits.is_empty()
            && (after == "页" || after.starts_with("页共") && after.ends_with('页'))
        {
            return digits.parse().ok();
        }
    }
    if let Some((a, b)) = compact.split_once('/')
        && !a.is_empty()
        && !b.is_empty()
        && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
    {
        return a.parse().ok();
    }
    None
}

/// Removes the page numbers of `pages`: decorated ones at a page's first or last line always;
/// bare numbers there only when they count the pages (each one the page's index plus the same
/// offset on at least two pages, and on half the pages or more) — a value closing a page of a
/// table is not a page number.
fn drop_page_numbers(pages: &mut [Vec<(String, usize)>]) {
    let edge = |page: &[(String, usize)], last: bool| -> Option<usize> {
        if last {
            page.iter().rposition(|l| !l.0.trim().is_empty())
        } else {
            page.iter().position(|l| !l.0.trim().is_empty())
        }
    };
    for last in [true, false] {
        let mut bare: Vec<(usize, usize, i64)> = Vec::new();
        for (p, page) in pages.iter_mut().enumerate() {
            let Some(i) = edge(page, last) else { continue };
            if decorated_page_number(&page[i].0).is_some() {
                page.remove(i);
                continue;
            }
            let t = page[i].0.trim();
            if !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()) {
                let n: i64 = t.parse().unwrap_or(-1);
                bare.push((p, i, n - p as i64));
            }
        }
        let with_text = pages.iter().filter(|p| edge(p, last).is_some()).count();
        let offset = bare.first().map(|b| b.2);
        if bare.len() >= 2
            && bare.len() * 2 >= with_text
            && bare.iter().all(|b| Some(b.2) == offset)
        {
            for &(p, i, _) in bare.iter().rev() {
                pages[p].remove(i);
            }
        }
    }
}

/// A line that starts a paragraph of its own: a heading or a numbered item.
fn starts_item(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next().unwrap_or(' ');
    matches!(first, '（' | '(' | '【' | '第')
        || ("一二三四五六七八九十".contains(first) && second == '、')
        || (first.is_ascii_digit() && matches!(second, '.' | '、' | '．'))
}

/// True when a bracket or quote opened in `text` is not closed.
fn unclosed(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '（' | '(' | '《' | '“' | '【' => depth += 1,
            '）' | ')' | '》' | '”' | '】' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

/// True for a line of `-layout` output that is a table row or part of one: columns set apart by
/// runs of spaces inside the line.
fn has_columns(line: &str) -> bool {
    line.trim().contains("  ")
}

/// Removes a single space between a CJK character and a number or Latin word ("2023 年" →
/// "2023年", "提案 1 件" → "提案1件") where the number stands inside CJK text: between two CJK
/// characters, at the start of the line before one, or at the end of a line of prose. Lines
/// with columns are left as they are, and so is a number after a label ("行政许可 7": a cell).
fn close_cjk_spaces(line: &str) -> String {
    if has_columns(line) || !line.contains(' ') {
        return line.to_string();
    }
    let prose = line.contains(['，', '。', '；', '：']);
    let indent = &line[..line.len() - line.trim_start().len()];
    let chars: Vec<char> = line.trim_start().chars().collect();
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '@' | '-');
    // The character past the ASCII word that starts at `i`, going by `step`, skipping one space.
    let beyond = |i: usize, forward: bool| -> Option<char> {
        let mut j = i as isize;
        while j >= 0 && (j as usize) < chars.len() && word(chars[j as usize]) {
            j += if forward { 1 } else { -1 };
        }
        if j >= 0 && (j as usize) < chars.len() && chars[j as usize] == ' ' {
            j += if forward { 1 } else { -1 };
        }
        (j >= 0 && (j as usize) < chars.len()).then(|| chars[j as usize])
    };
    let mut out = String::with_capacity(line.len());
    out.push_str(indent);
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            let number_then_cjk = is_cjk(a)
                && b.is_ascii_alphanumeric()
                && match beyond(i + 1, true) {
                    Some(n) => is_cjk(n),
                    None => prose,
                };
            let cjk_after_number =
                a.is_ascii_alphanumeric() && is_cjk(b) && beyond(i - 1, false).is_none_or(is_cjk);
            if number_then_cjk || cjk_after_number {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The lines of paged text as one line per paragraph or table cell (see the module doc), each
/// with the (1-based) line of the file it starts on.
pub(super) fn clean(text: &str) -> Vec<(String, usize)> {
    let mut pages: Vec<Vec<(String, usize)>> = vec![Vec::new()];
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        for (k, part) in line.split('\u{c}').enumerate() {
            if k > 0 {
                pages.push(Vec::new());
            }
            if let Some(page) = pages.last_mut()
                && (k == 0 || !part.is_empty())
            {
                page.push((part.to_string(), i + 1));
            }
        }
    }
    drop_page_numbers(&mut pages);
    // Blank lines at a page's top and bottom are page margins, not paragraph breaks.
    for page in &mut pages {
        while page.last().is_some_and(|l| l.0.trim().is_empty()) {
            page.pop();
        }
        let top = page.iter().take_while(|l| l.0.trim().is_empty()).count();
        page.drain(..top);
    }
    let lines: Vec<(String, usize)> = pages.into_iter().flatten().collect();
    let full = lines
        .iter()
        .filter(|(l, _)| l.contains(['，', '。']) && !has_columns(l))
        .map(|(l, _)| width(l.trim_end()))
        .max()
        .unwrap_or(0);
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut last_width = 0;
    let mut open = false;
    for (line, n) in &lines {
        let line = line.trim_end();
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        let joins = open
            && !starts_item(line)
            && !has_columns(line)
            && out.last().is_some_and(|(prev, _)| {
                // A line ending a sentence ends its paragraph; a full line does not, nor one
                // inside a bracket or quote still open ("（地址：…；邮编：" before a phone number:
                // digits are narrow, the line looks short).
                full >= 40
                    && !has_columns(prev)
                    && !prev.ends_with(['。', '！', '？'])
                    && (last_width * 10 >= full * 9 || unclosed(prev))
            });
        // A joined paragraph is measured by its last line when deciding the next join.
        last_width = width(line);
        match out.last_mut() {
            Some((prev, _)) if joins => {
                let next = line.trim_start();
                if !prev.ends_with(is_cjk) && !next.starts_with(is_cjk) {
                    prev.push(' ');
                }
                prev.push_str(next);
            }
            _ => out.push((line.to_string(), *n)),
        }
        open = true;
    }
    out.into_iter()
        .map(|(l, n)| (close_cjk_spaces(&l), n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_a_paragraph_broken_at_line_ends_and_keeps_real_breaks() {
        let long = "一是信息政务公开形式不够创新，新媒体宣传途径不够多样，政务信息";
        let text = format!("{long}\n内容可读性不强。\n（二）改进情况\n{long}\n\u{c}");
        let lines: Vec<String> = clean(&text).into_iter().map(|l| l.0).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].ends_with("政务信息内容可读性不强。"), "{lines:?}");
        assert_eq!(lines[1], "（二）改进情况");
    }

    #[test]
    fn drops_page_numbers_that_count_the_pages_but_not_a_closing_value() {
        let clean = |t: &str| -> Vec<String> { clean(t).into_iter().map(|l| l.0).collect() };
        let text = "规章\n0\n1\n\u{c}行政许可\n3\n2\n\u{c}行政处罚\n5\n3\n\u{c}";
        assert_eq!(clean(text), ["规章", "0", "行政许可", "3", "行政处罚", "5"]);
        // One page ending in a number is not a page count: kept.
        assert_eq!(clean("规章\n0\n\u{c}其他\n\u{c}"), ["规章", "0", "其他"]);
        assert_eq!(clean("规章\n— 1 —\n\u{c}"), ["规章"]);
    }

    #[test]
    fn closes_spaces_between_cjk_and_digits_in_prose_only() {
        assert_eq!(
            close_cjk_spaces("2023 年，共收到提案 1 件。"),
            "2023年，共收到提案1件。"
        );
        assert_eq!(close_cjk_spaces("规章     0   0"), "规章     0   0");
        assert_eq!(close_cjk_spaces("自然人 商业 科研"), "自然人 商业 科研");
        assert_eq!(
            close_cjk_spaces("2023 年政府信息公开"),
            "2023年政府信息公开"
        );
        assert_eq!(close_cjk_spaces("   2023 年政府"), "   2023年政府");
        assert_eq!(
            close_cjk_spaces("（四）《2023 年工作方案》"),
            "（四）《2023年工作方案》"
        );
        assert_eq!(close_cjk_spaces("行政许可 7"), "行政许可 7");
        assert_eq!(close_cjk_spaces("规章 0 1 2"), "规章 0 1 2");
    }
}
