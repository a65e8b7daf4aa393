//! Renders a list counter in one of Word's number formats (`w:numFmt`): decimal, letters,
//! roman, enclosed numbers and the CJK counting formats.

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL_SIMPLIFIED: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_TRADITIONAL: [char; 10] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];
const TIANGAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const DIZHI: [char; 12] = [
    '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
];

/// Renders `n` in format `fmt` (a `w:numFmt` value). Unknown formats fall back to decimal;
/// `none` and `bullet` render as nothing (the caller handles bullets).
pub fn render(n: i64, fmt: &str) -> String {
    match fmt {
        "none" | "bullet" => String::new(),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "upperRoman" => roman(n).unwrap_or_else(|| n.to_string()),
        "lowerRoman" => roman(n).map_or_else(|| n.to_string(), |r| r.to_lowercase()),
        "upperLetter" => letters(n, b'A').unwrap_or_else(|| n.to_string()),
        "lowerLetter" => letters(n, b'a').unwrap_or_else(|| n.to_string()),
        "decimalFullWidth" | "decimalFullWidth2" => full_width(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            enclosed(n, 1, 20, '\u{2460}').unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" => enclosed(n, 1, 20, '\u{2474}').unwrap_or_else(|| n.to_string()),
        "decimalEnclosedFullstop" => {
            enclosed(n, 1, 20, '\u{2488}').unwrap_or_else(|| n.to_string())
        }
        "ideographEnclosedCircle" => {
            enclosed(n, 1, 10, '\u{3220}').unwrap_or_else(|| n.to_string())
        }
        "chineseCounting" | "japaneseCounting" | "taiwaneseCounting" if (1..100).contains(&n) => {
            counting(n, &CN_DIGITS, ['十', '百', '千', '万'], false, '零')
        }
        "chineseCounting"
        | "ideographDigital"
        | "taiwaneseDigital"
        | "japaneseDigitalTenThousand" => digits(n, &CN_DIGITS),
        "chineseCountingThousand"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting" => counting(n, &CN_DIGITS, ['十', '百', '千', '万'], false, '零'),
        "chineseLegalSimplified" => {
            counting(n, &LEGAL_SIMPLIFIED, ['拾', '佰', '仟', '万'], true, '零')
        }
        "ideographLegalTraditional" => {
            counting(n, &LEGAL_TRADITIONAL, ['拾', '佰', '仟', '萬'], true, '零')
        }
        "ideographTraditional" if n >= 1 => cycle(n, &TIANGAN),
        "ideographZodiac" if n >= 1 => cycle(n, &DIZHI),
        _ => n.to_string(),
    }
}

fn cycle(n: i64, set: &[char]) -> String {
    let i = usize::try_from(n - 1).unwrap_or(0) % set.len();
    set.get(i).map(|c| c.to_string()).unwrap_or_default()
}

fn digits(n: i64, set: &[char; 10]) -> String {
    n.to_string()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => set[d as usize],
            None => c,
        })
        .collect()
}

fn full_width(n: i64) -> String {
    n.to_string()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

fn enclosed(n: i64, lo: i64, hi: i64, first: char) -> Option<String> {
    if !(lo..=hi).contains(&n) {
        return None;
    }
    let code = first as u32 + u32::try_from(n - lo).ok()?;
    char::from_u32(code).map(|c| c.to_string())
}

fn roman(n: i64) -> Option<String> {
    if !(1..4000).contains(&n) {
        return None;
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, text) in table {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    Some(out)
}

/// Word's letters: a…z, then aa…zz, aaa… (the letter repeated).
fn letters(n: i64, base: u8) -> Option<String> {
    if !(1..=780).contains(&n) {
        return None;
    }
    let idx = (n - 1) as usize;
    let letter = (base + (idx % 26) as u8) as char;
    Some(std::iter::repeat_n(letter, idx / 26 + 1).collect())
}

/// Counting style: 十一, 二十, 一百零一, 一千零一十; `legal` keeps the leading one before 十.
fn counting(n: i64, set: &[char; 10], units: [char; 4], legal: bool, zero: char) -> String {
    if n <= 0 || n >= 100_000_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let high = n / 10_000;
    let low = n % 10_000;
    if high > 0 {
        out.push_str(&below_ten_thousand(high, set, units, legal, zero, true));
        out.push(units[3]);
        if low > 0 {
            if low < 1000 {
                out.push(zero);
            }
            out.push_str(&below_ten_thousand(low, set, units, true, zero, false));
        }
        return out;
    }
    below_ten_thousand(n, set, units, legal, zero, true)
}

fn below_ten_thousand(
    n: i64,
    set: &[char; 10],
    units: [char; 4],
    legal: bool,
    zero: char,
    leading: bool,
) -> String {
    let parts = [(n / 1000) % 10, (n / 100) % 10, (n / 10) % 10, n % 10];
    let unit_of = [Some(units[2]), Some(units[1]), Some(units[0]), None];
    let mut out = String::new();
    let mut started = false;
    let mut pending_zero = false;
    for (i, &d) in parts.iter().enumerate() {
        if d == 0 {
            if started {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push(zero);
            pending_zero = false;
        }
        let is_ten = i == 2;
        let omit_one = is_ten && d == 1 && !started && !legal && leading;
        if !omit_one {
            out.push(set[d as usize]);
        }
        if let Some(u) = unit_of[i] {
            out.push(u);
        }
        started = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_chinese_counting() {
        let got: Vec<String> = [1, 2, 10, 11, 20, 21, 99]
            .iter()
            .map(|&n| render(n, "chineseCounting"))
            .collect();
        assert_eq!(got, ["一", "二", "十", "十一", "二十", "二十一", "九十九"]);
        assert_eq!(render(100, "chineseCounting"), "一〇〇");
    }

    #[test]
    fn renders_chinese_counting_thousand() {
        assert_eq!(render(101, "chineseCountingThousand"), "一百零一");
        assert_eq!(render(110, "chineseCountingThousand"), "一百一十");
        assert_eq!(render(1001, "chineseCountingThousand"), "一千零一");
        assert_eq!(render(12, "taiwaneseCountingThousand"), "十二");
        assert_eq!(render(10_010, "chineseCountingThousand"), "一万零一十");
        assert_eq!(render(3, "japaneseCounting"), "三");
    }

    #[test]
    fn renders_legal_and_cyclic_ideographs() {
        assert_eq!(render(3, "chineseLegalSimplified"), "叁");
        assert_eq!(render(11, "chineseLegalSimplified"), "壹拾壹");
        assert_eq!(render(3, "ideographTraditional"), "丙");
        assert_eq!(render(13, "ideographZodiac"), "子");
    }

    #[test]
    fn renders_western_and_enclosed_formats() {
        assert_eq!(render(4, "upperRoman"), "IV");
        assert_eq!(render(14, "lowerRoman"), "xiv");
        assert_eq!(render(28, "lowerLetter"), "bb");
        assert_eq!(render(3, "upperLetter"), "C");
        assert_eq!(render(7, "decimalZero"), "07");
        assert_eq!(render(12, "decimalFullWidth"), "１２");
        assert_eq!(render(1, "decimalEnclosedCircle"), "①");
        assert_eq!(render(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(render(21, "decimalEnclosedCircle"), "21");
        assert_eq!(render(5, "none"), "");
    }
}
