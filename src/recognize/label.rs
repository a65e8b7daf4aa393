//! Label text as the recogniser compares it: spacing, bracket widths, numbering styles and small
//! typos folded away, so "商业 企业", "(一)予以公开" and "2、其他法律行政止公开" meet their labels.

/// Folds a label for comparison: drops all white space (line breaks in cells too), turns
/// full-width ASCII into half-width, unifies brackets, quotes and numbering punctuation.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] into a buffer the caller reuses (cleared first): the recogniser folds every cell of
/// every table, and a fresh `String` each time was a fifth of its time.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    let mut prev_digit = false;
    let mut prev_qi = false;
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{3000}') {
            continue;
        }
        let c = match c {
            '（' => '(',
            '）' => ')',
            '【' | '〔' | '［' => '[',
            '】' | '〕' | '］' => ']',
            '：' => ':',
            '；' => ';',
            '，' => ',',
            '．' | '。' if prev_digit => '.',
            '、' if prev_digit => '.',
            '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' => continue,
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            // 其它 is written for 其他 as often as not.
            '它' if prev_qi => '他',
            _ => c,
        };
        prev_digit = c.is_ascii_digit();
        prev_qi = c == '其';
        out.push(c.to_ascii_lowercase());
    }
}

const CN_DIGITS: &str = "〇零一二三四五六七八九十百两";

/// Splits a folded label into its leading number ("一.", "(一)", "1.", "(1)") and the rest.
/// The number is returned folded; `None` when there is none.
pub fn split_number(folded: &str) -> (Option<&str>, &str) {
    let bytes_end = number_end(folded);
    match bytes_end {
        Some(end) if end < folded.len() => (Some(&folded[..end]), &folded[end..]),
        _ => (None, folded),
    }
}

fn number_end(s: &str) -> Option<usize> {
    let mut chars = s.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    if first == '(' || first == '[' {
        let close = if first == '(' { ')' } else { ']' };
        chars.next();
        let mut seen = false;
        for (i, c) in chars {
            if c.is_ascii_digit() || CN_DIGITS.contains(c) {
                seen = true;
                continue;
            }
            return (c == close && seen).then_some(i + c.len_utf8());
        }
        return None;
    }
    if first == '第' {
        // "第一部分", a numbering some reports give their sections; "第二十条第（一）项" is a label.
        chars.next();
        let mut seen = false;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_ascii_digit() || CN_DIGITS.contains(c) {
                seen = true;
                chars.next();
                continue;
            }
            let end = i + '部'.len_utf8() + '分'.len_utf8();
            return (seen && s[i..].starts_with("部分")).then_some(end);
        }
        return None;
    }
    let mut seen = false;
    for (i, c) in chars {
        if c.is_ascii_digit() || CN_DIGITS.contains(c) {
            seen = true;
            continue;
        }
        return (seen && matches!(c, '.' | '、' | ')' | ',')).then_some(i + c.len_utf8());
    }
    None
}

/// A printed heading split into its number as printed and its text, both trimmed:
/// "2、 主动公开政府信息情况" → ("2、", "主动公开政府信息情况").
pub fn split_printed_number(text: &str) -> (Option<String>, String) {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let folded_prefix_len = {
        // Walk the printed text char by char, folding as we go, to find where the number ends.
        let mut acc = String::new();
        let mut f = String::new();
        let mut end = None;
        for (i, c) in trimmed.char_indices() {
            acc.push(c);
            fold_into(&acc, &mut f);
            let folded_len = f.len();
            f.push('x');
            if let Some(e) = number_end(&f)
                && e == folded_len
            {
                end = Some(i + c.len_utf8());
                break;
            }
            if acc.chars().count() > 8 {
                break;
            }
        }
        end
    };
    // "一 总体情况", "一　总体情况": a Chinese numeral set off by a space instead of 、.
    let folded_prefix_len = folded_prefix_len.or_else(|| {
        let digits = trimmed
            .char_indices()
            .take_while(|(_, c)| CN_DIGITS.contains(*c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        let spaced = trimmed[digits..].starts_with(|c: char| c.is_whitespace() || c == '\u{3000}');
        (digits <= 3 * '十'.len_utf8() && spaced).then_some(digits)
    });
    match folded_prefix_len {
        Some(end) => (
            Some(trimmed[..end].trim().to_string()),
            // "第一部分：总体情况": the mark after a worded number is not part of the text.
            trimmed[end..]
                .trim_start_matches(['：', ':', '、'])
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                .to_string(),
        ),
        None => (None, trimmed.to_string()),
    }
}

/// The value of a Chinese or Arabic section number ("二", "2", "十一") — `None` if not a number.
pub fn number_value(number: &str) -> Option<u32> {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || CN_DIGITS.contains(*c))
        .collect();
    if digits.is_empty() {
        return None;
    }
    if let Ok(n) = digits.parse::<u32>() {
        return Some(n);
    }
    let unit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32);
    let mut total = 0;
    let mut current = 0;
    for c in digits.chars() {
        match c {
            '十' => {
                total += if current == 0 { 10 } else { current * 10 };
                current = 0;
            }
            '两' => current = 2,
            '〇' => current = 0,
            _ => current = unit(c)?,
        }
    }
    Some(total + current)
}

/// Levenshtein distance over characters, giving up (returning `limit + 1`) beyond `limit`.
pub fn distance_within(a: &str, b: &str, limit: usize) -> usize {
    // Lengths first, counting the longer string no further than the shorter one allows: a cell
    // of megabytes costs no more than a label (each cell is compared with every label).
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let short_chars = short.chars().count();
    let long_chars = long.chars().take(short_chars + limit + 1).count();
    if short_chars.abs_diff(long_chars) > limit {
        return limit + 1;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Rows::default().distance_within(&a, &b, limit)
}

/// The two rows of a Levenshtein table, kept between comparisons of one cell with every label.
#[derive(Default)]
pub struct Rows {
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Rows {
    /// [`distance_within`] over characters already collected.
    pub fn distance_within(&mut self, a: &[char], b: &[char], limit: usize) -> usize {
        if a.len().abs_diff(b.len()) > limit {
            return limit + 1;
        }
        let (prev, cur) = (&mut self.prev, &mut self.cur);
        prev.clear();
        prev.extend(0..=b.len());
        cur.clear();
        cur.resize(b.len() + 1, 0);
        for (i, ca) in a.iter().enumerate() {
            cur[0] = i + 1;
            let mut row_min = cur[0];
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != cb);
                cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
                row_min = row_min.min(cur[j + 1]);
            }
            if row_min > limit {
                return limit + 1;
            }
            std::mem::swap(prev, cur);
        }
        prev[b.len()]
    }
}

/// How many typos a label of this many characters may carry and still be recognised.
pub fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=5 => 0,
        6..=11 => 1,
        12..=23 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_spacing_and_unifies_punctuation() {
        assert_eq!(fold("商业 企业"), "商业企业");
        assert_eq!(fold("（一）予以公开"), "(一)予以公开");
        assert_eq!(fold("2、其他法律"), "2.其他法律");
        assert_eq!(fold("3.其它 "), "3.其他");
        assert_eq!(fold("其 它"), "其他");
        assert_eq!(fold("它其它它"), "它其他它");
        assert_eq!(fold("３．危及“三安全一稳定”"), "3.危及三安全一稳定");
        assert_eq!(
            fold("5.要求行政机关确认或重新\n出具已获取信息"),
            "5.要求行政机关确认或重新出具已获取信息"
        );
    }

    #[test]
    fn split_number_handles_every_numbering_style() {
        assert_eq!(split_number("一、总体情况"), (Some("一、"), "总体情况"));
        assert_eq!(split_number("(三)不予公开"), (Some("(三)"), "不予公开"));
        assert_eq!(split_number("1.属于国家秘密"), (Some("1."), "属于国家秘密"));
        assert_eq!(split_number("第二十条第(一)项"), (None, "第二十条第(一)项"));
        assert_eq!(split_number("规章"), (None, "规章"));
    }

    #[test]
    fn printed_number_is_kept_as_printed() {
        assert_eq!(
            split_printed_number("2、 主动公开政府信息情况"),
            (Some("2、".to_string()), "主动公开政府信息情况".to_string())
        );
        assert_eq!(
            split_printed_number("（二）行政机关主动公开政府信息情况"),
            (
                Some("（二）".to_string()),
                "行政机关主动公开政府信息情况".to_string()
            )
        );
        assert_eq!(split_printed_number("总体情况").0, None);
        assert_eq!(
            split_printed_number("第一部分 总体情况"),
            (Some("第一部分".to_string()), "总体情况".to_string())
        );
        assert_eq!(
            split_printed_number("第三部分：收到和处理政府信息公开申请情况"),
            (
                Some("第三部分".to_string()),
                "收到和处理政府信息公开申请情况".to_string()
            )
        );
        assert_eq!(split_printed_number("第二十条第（一）项").0, None);
        assert_eq!(
            split_printed_number("一　总体情况"),
            (Some("一".to_string()), "总体情况".to_string())
        );
        assert_eq!(
            split_printed_number("【二】主动公开政府信息情况"),
            (
                Some("【二】".to_string()),
                "主动公开政府信息情况".to_string()
            )
        );
        assert_eq!(split_printed_number("一是加强领导").0, None);
    }

    #[test]
    fn number_values_read_chinese_numerals() {
        assert_eq!(number_value("二、"), Some(2));
        assert_eq!(number_value("十一、"), Some(11));
        assert_eq!(number_value("(六)"), Some(6));
        assert_eq!(number_value("3."), Some(3));
        assert_eq!(number_value("第六部分"), Some(6));
    }

    #[test]
    fn distance_counts_typos() {
        assert_eq!(
            distance_within("政府信息公开行政法复议", "政府信息公开行政复议", 2),
            1
        );
        assert!(distance_within("主动公开", "主动公开政府信息情况", 2) > 2);
        assert_eq!(distance_within("abc", "abd", 1), 1);
    }

    #[test]
    fn distance_to_a_huge_text_stops_at_the_label_length() {
        let huge = "本年新制作数量".repeat(2_000_000);
        let start = std::time::Instant::now();
        for _ in 0..1000 {
            assert_eq!(distance_within(&huge, "本年新制作数量", 3), 4);
            assert_eq!(distance_within("本年新制作数量", &huge, 3), 4);
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }
}
