//! Small patterns of Chinese report text — a year before 年, a date, a level-2 heading mark —
//! matched by hand: each run of gongkai needs them once or twice, and compiling them as regular
//! expressions cost more than reading a whole report.

/// The four characters of a year at the start of `s` followed by 年: ASCII digits 19xx/20xx, or
/// Chinese digits 二〇二三 (the first 〇零一二). Returns the year as printed.
fn year_at(s: &str) -> Option<&str> {
    const DIGITS: &str = "〇零一二三四五六七八九";
    let mut chars = s.chars();
    let four = [chars.next()?, chars.next()?, chars.next()?, chars.next()?];
    let ok = match four {
        ['1', '9', a, b] | ['2', '0', a, b] => a.is_ascii_digit() && b.is_ascii_digit(),
        [a, b, c, d] => "〇零一二".contains(a) && [b, c, d].iter().all(|x| DIGITS.contains(*x)),
    };
    let end: usize = four.iter().map(|c| c.len_utf8()).sum();
    (ok && chars.next() == Some('年')).then(|| &s[..end])
}

/// True when `s` starts with a year and 年 ("2023年…", "二〇二三年…").
///
/// ```
/// assert!(gongkai::cn::starts_with_year("2023年度政府信息公开工作年度报告"));
/// assert!(gongkai::cn::starts_with_year("二〇二三年"));
/// assert!(!gongkai::cn::starts_with_year("2023 年"));
/// assert!(!gongkai::cn::starts_with_year("3023年"));
/// ```
pub fn starts_with_year(s: &str) -> bool {
    year_at(s).is_some()
}

/// The value of a year as printed in ASCII or Chinese digits (`2023`, `二〇二三`).
///
/// ```
/// assert_eq!(gongkai::cn::year_value("二〇二三"), Some(2023));
/// assert_eq!(gongkai::cn::year_value("2023"), Some(2023));
/// ```
pub fn year_value(text: &str) -> Option<i32> {
    let digits: String = text
        .chars()
        .map(
            |c| match "〇一二三四五六七八九".chars().position(|d| d == c) {
                Some(i) => char::from(b'0' + i as u8),
                None if c == '零' => '0',
                None => c,
            },
        )
        .collect();
    digits.parse().ok()
}

/// The years written before `word` in `s` (`2022年度` for the word `年度`), with the text from
/// the year to the end of the word, in order.
///
/// ```
/// let found = gongkai::cn::years_before(
///     "现将本机关2022年度政府信息公开工作情况报告如下，二〇二二年度……",
///     "年度",
/// );
/// assert_eq!(found, [(2022, "2022年度".to_string()), (2022, "二〇二二年度".to_string())]);
/// ```
pub fn years_before(s: &str, word: &str) -> Vec<(i32, String)> {
    let mut out = Vec::new();
    if !word.starts_with('年') {
        return out;
    }
    for (at, _) in s.match_indices(word) {
        let before: Vec<(usize, char)> = s[..at].char_indices().collect();
        let Some(&(start, _)) = before.len().checked_sub(4).and_then(|i| before.get(i)) else {
            continue;
        };
        if let Some(printed) = year_at(&s[start..])
            && let Some(year) = year_value(printed)
        {
            out.push((year, s[start..at + word.len()].to_string()));
        }
    }
    out
}

/// Splits a line (one line, no breaks) at the first year followed by 年: the text before, the
/// year as printed, and the text after 年 (and an optional 度).
///
/// ```
/// let (before, year, after) =
///     gongkai::cn::split_at_year("某某管委会2023年度政府信息公开工作年度报告").unwrap();
/// assert_eq!((before, year, after), ("某某管委会", "2023", "政府信息公开工作年度报告"));
/// assert!(gongkai::cn::split_at_year("政府信息公开工作年度报告").is_none());
/// ```
pub fn split_at_year(s: &str) -> Option<(&str, &str, &str)> {
    if s.contains('\n') {
        return None;
    }
    s.char_indices().find_map(|(at, _)| {
        let year = year_at(&s[at..])?;
        let rest = &s[at + year.len() + '年'.len_utf8()..];
        Some((&s[..at], year, rest.strip_prefix('度').unwrap_or(rest)))
    })
}

/// The run of ASCII digits that ends `s` (whitespace after it skipped), and the text before it.
fn digits_before(s: &str) -> (&str, &str) {
    let s = s.trim_end();
    let start = s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (&s[..start], &s[start..])
}

/// The run of ASCII digits that starts `s` (whitespace before it skipped), and the rest.
fn digits_after(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (&s[..end], &s[end..])
}

/// The dates written "2023年1月1日" (spaces allowed around the numbers) in `s`, in order, as
/// `YYYY-MM-DD`.
///
/// ```
/// let text = "本报告统计期限为2023年1月1日至2023 年 12 月 31 日。";
/// assert_eq!(gongkai::cn::dates(text), ["2023-01-01", "2023-12-31"]);
/// ```
pub fn dates(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = s[from..].find('年') {
        let at = from + found;
        from = at + '年'.len_utf8();
        let (_, year) = digits_before(&s[..at]);
        if year.len() < 4 {
            continue;
        }
        let year = &year[year.len() - 4..];
        let (month, rest) = digits_after(&s[from..]);
        let Some(rest) = rest.trim_start().strip_prefix('月') else {
            continue;
        };
        let (day, rest) = digits_after(rest);
        let Some(rest) = rest.trim_start().strip_prefix('日') else {
            continue;
        };
        if !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
            continue;
        }
        out.push(format!("{year}-{month:0>2}-{day:0>2}"));
        from = s.len() - rest.len();
    }
    out
}

/// True when `s` starts with a level-2 heading mark: （一） to （九十九） in full-width or ASCII
/// brackets.
///
/// ```
/// assert!(gongkai::cn::starts_with_level2_mark("（三）依申请公开情况"));
/// assert!(gongkai::cn::starts_with_level2_mark("(十二)其他"));
/// assert!(!gongkai::cn::starts_with_level2_mark("（注）"));
/// ```
pub fn starts_with_level2_mark(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(['（', '(']) else {
        return false;
    };
    let digits = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    let after = rest.chars().skip(digits).collect::<String>();
    (1..=3).contains(&digits) && after.starts_with(['）', ')'])
}

/// The organ in "请与<organ>联系" (2 to 40 characters on one line), the first such.
///
/// ```
/// let text = "如对本报告有任何疑问，请与张店经济开发区党政办公室联系（地址：…）。";
/// assert_eq!(gongkai::cn::contact_organ(text), Some("张店经济开发区党政办公室"));
/// ```
pub fn contact_organ(s: &str) -> Option<&str> {
    s.match_indices("请与").find_map(|(at, lead)| {
        let rest = &s[at + lead.len()..];
        rest.match_indices("联系").find_map(|(end, _)| {
            let between = &rest[..end];
            let n = between.chars().count();
            ((2..=40).contains(&n) && !between.contains('\n')).then_some(between)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_year_anywhere_in_a_title() {
        assert_eq!(
            split_at_year("二〇二二年度某局政府信息公开工作年度报告"),
            Some(("", "二〇二二", "某局政府信息公开工作年度报告"))
        );
        assert_eq!(split_at_year("第12023年"), Some(("第1", "2023", "")));
        assert_eq!(split_at_year("2023年"), Some(("", "2023", "")));
        assert_eq!(split_at_year("1899年"), None);
    }

    #[test]
    fn reads_dates_with_spaces_and_skips_broken_ones() {
        assert_eq!(dates("2023年13日，2024年 2 月 3 日"), ["2024-02-03"]);
        assert_eq!(dates("12023年1月1日"), ["2023-01-01"]);
        assert_eq!(dates("2023年123月1日"), Vec::<String>::new());
        assert_eq!(dates("年月日"), Vec::<String>::new());
    }

    #[test]
    fn takes_the_nearest_contact_of_sensible_length() {
        assert_eq!(
            contact_organ("请与我联系，或请与某某办联系"),
            Some("我联系，或请与某某办")
        );
        assert_eq!(contact_organ("请与某某办联系"), Some("某某办"));
        assert_eq!(contact_organ("请与\n某某办联系"), None);
    }
}
