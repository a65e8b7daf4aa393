//! Facts from the top of the report: title, organ, year, statistical period and contact details.

use super::clean_paragraph;
use super::label::fold;
use crate::document::Paragraph;
use crate::finding::{Finding, Severity};
use crate::model::Meta;
use crate::standard::Standard;

/// The value after "<label>：" (or ":"), up to the next separator: "邮编：255000；" → "255000".
fn labelled_value(text: &str, label: &str) -> Option<String> {
    text.match_indices(label).find_map(|(at, _)| {
        let rest = text[at + label.len()..].trim_start();
        let rest = rest.strip_prefix(['：', ':'])?.trim_start();
        let end = rest
            .find(['；', ';', '，', ',', '。', '）', ')', '\n'])
            .unwrap_or(rest.len());
        let value = rest[..end].trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// Lines at the top of a report that a title broken over lines is looked for in (an organ's
/// name, a date or a portal's header may come before it).
const TITLE_LINES: usize = 12;

/// Where the title is: the first line holding the title's suffix — or, when the title was
/// broken over lines ("2023年度政府信息公开" / "工作年度报告"), the first two or three short lines
/// near the top ([`TITLE_LINES`]) that hold it together. Inclusive line range.
fn title_lines(lines: &[String], suffix: &str) -> Option<(usize, usize)> {
    if let Some(i) = lines.iter().position(|l| fold(l).contains(suffix)) {
        return Some((i, i));
    }
    let short = |l: &String| !l.is_empty() && l.chars().count() <= 40 && !l.contains('。');
    let top = &lines[..lines.len().min(TITLE_LINES)];
    for len in 2..=3 {
        for (i, window) in top.windows(len).enumerate() {
            if window.iter().all(short) && fold(&window.concat()).contains(suffix) {
                return Some((i, i + len - 1));
            }
        }
    }
    None
}

/// True for a text that can be an organ's name: short, no sentence punctuation or spaces, and
/// ending in one of the standard's organ suffixes (局, 委员会, 人民政府, 县 …) after a name.
/// Any text passes a standard that lists no suffixes.
pub(crate) fn is_organ_name(std: &Standard, name: &str) -> bool {
    const NOT_IN_NAMES: &[char] = &[
        '，', '。', '；', '：', '！', '？', ',', '.', ';', ':', '!', '?', '“', '”', '"', '《', '》',
    ];
    let len = name.chars().count();
    (2..=MAX_ORGAN_CHARS).contains(&len)
        && !name.contains(|c: char| c.is_whitespace() || NOT_IN_NAMES.contains(&c))
        && (std.organ_suffixes.is_empty()
            || (std.organ_suffixes.iter())
                .any(|s| name.ends_with(s.as_str()) && len > s.chars().count()))
}

/// Longest organ name (characters): the longest real ones (某某省某某市某某区某某街道办事处) are
/// about 30.
const MAX_ORGAN_CHARS: usize = 50;

/// The note for a text that was about to be taken for the organ and is not a name.
fn not_an_organ(std: &Standard, text: &str, from: &str) -> Finding {
    let examples: Vec<&str> = (std.organ_suffixes.iter())
        .take(4)
        .map(String::as_str)
        .collect();
    Finding::new(
        "import.organ",
        Severity::Warning,
        format!(
            "{from}中的“{text}”不像机关名称（机关名称以“{}”等结尾，不含标点），机关名称留空",
            examples.join("”“")
        ),
    )
}

/// Fills `meta` from the paragraphs before the first section (the title and the opening).
pub fn fill(std: &Standard, preamble: &[&Paragraph], meta: &mut Meta, findings: &mut Vec<Finding>) {
    let lines: Vec<String> = preamble
        .iter()
        .map(|p| clean_paragraph(&p.printed()))
        .collect();
    let suffix = fold(&std.title_suffix);
    let mut used = vec![false; lines.len()];
    if let Some((i, end)) = title_lines(&lines, &suffix) {
        let mut title = lines[i..=end].concat();
        used[i..=end].iter_mut().for_each(|u| *u = true);
        let starts_bare = crate::cn::split_at_year(&title.replace(' ', ""))
            .is_some_and(|(before, _, _)| before.is_empty())
            || fold(&title).starts_with(&suffix);
        if starts_bare && i > 0 {
            let prev = &lines[i - 1];
            if !prev.is_empty() && prev.chars().count() <= 40 && !prev.contains('。') {
                title = format!("{prev}{title}");
                used[i - 1] = true;
            }
        }
        let compact: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some((before, year, after)) = crate::cn::split_at_year(&compact) {
            meta.year = crate::cn::year_value(year);
            let after_organ = after
                .find(std.title_suffix.as_str())
                .map(|end| &after[..end])
                .unwrap_or("");
            let organ = if before.is_empty() {
                after_organ
            } else {
                before
            };
            if !organ.is_empty() {
                meta.organ = Some(organ.to_string());
            }
        } else if let Some(end) = compact.find(std.title_suffix.as_str())
            && end > 0
        {
            meta.organ = Some(compact[..end].to_string());
        }
        // Line breaks in a title are layout (the official title is printed on two lines).
        meta.title = Some(title.split('\n').map(str::trim).collect());
    }
    meta.preamble = lines
        .iter()
        .zip(&used)
        .filter(|(l, u)| !**u && !l.is_empty())
        .map(|(l, _)| l.clone())
        .collect();
    let opening = meta.preamble.join("\n");
    for marker in &std.period.markers {
        if let Some(at) = opening.find(marker.as_str()) {
            let dates = crate::cn::dates(&opening[at..]);
            meta.period_start = dates.first().cloned();
            meta.period_end = dates.get(1).cloned();
            break;
        }
    }
    for field in &std.meta {
        let mut labels: Vec<&String> = std::iter::once(&field.label)
            .chain(&field.aliases)
            .collect();
        labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
        if let Some(value) = labels.iter().find_map(|l| labelled_value(&opening, l)) {
            meta.contact.insert(field.id.clone(), value);
        }
    }
    let mut rejected = false;
    if let Some(organ) = meta.organ.take() {
        if is_organ_name(std, &organ) {
            meta.organ = Some(organ);
        } else {
            rejected = true;
            findings.push(not_an_organ(std, &organ, "标题"));
        }
    }
    if meta.organ.is_none()
        && let Some(organ) = crate::cn::contact_organ(&opening)
    {
        if is_organ_name(std, organ) {
            meta.organ = Some(organ.to_string());
            findings.push(Finding::new(
                "import.organ",
                Severity::Info,
                format!("没有找到标题，机关名称取自开头段落：{organ}"),
            ));
        } else {
            rejected = true;
            findings.push(not_an_organ(std, organ, "开头段落"));
        }
    }
    if meta.organ.is_none() && !rejected {
        findings.push(Finding::new(
            "import.organ",
            Severity::Info,
            "标题和开头段落中没有找到机关名称，机关名称留空",
        ));
    }
    if meta.year.is_none() {
        meta.year = meta
            .period_start
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok());
    }
    if meta.title.is_none() {
        findings.push(Finding::new(
            "import.title",
            Severity::Warning,
            "没有找到报告标题（“……政府信息公开工作年度报告”）",
        ));
    }
    if meta.year.is_none() {
        findings.push(Finding::new(
            "import.year",
            Severity::Warning,
            "没有找到报告年度",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Place;
    use crate::standard;

    fn para(t: &str) -> Paragraph {
        Paragraph::new(t, Place::None)
    }

    #[test]
    fn reads_organ_year_period_and_contacts() {
        let ps = [
            para("山东张店经济开发区管理委员会"),
            para("2023年政府信息公开工作年度报告"),
            para(
                "本年度报告中所列数据的统计期限自2023年1月1日起，至2023年12月31日止。如对报告内容有疑问，请与山东张店经济开发区管理委员会联系（地址：张店区三赢路69号创业园研发楼东区801室；邮编：255000；电话：0533—2867267；电子邮箱：zbkjgyy@163.com）。",
            ),
        ];
        let refs: Vec<&Paragraph> = ps.iter().collect();
        let mut meta = Meta::default();
        let mut findings = Vec::new();
        fill(standard::current(), &refs, &mut meta, &mut findings);
        assert_eq!(meta.organ.as_deref(), Some("山东张店经济开发区管理委员会"));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.period_start.as_deref(), Some("2023-01-01"));
        assert_eq!(meta.period_end.as_deref(), Some("2023-12-31"));
        assert_eq!(
            meta.contact.get("postcode").map(String::as_str),
            Some("255000")
        );
        assert_eq!(
            meta.contact.get("email").map(String::as_str),
            Some("zbkjgyy@163.com")
        );
        assert_eq!(
            meta.contact.get("address").map(String::as_str),
            Some("张店区三赢路69号创业园研发楼东区801室")
        );
        assert_eq!(meta.preamble.len(), 1);
        assert!(findings.is_empty());
    }

    #[test]
    fn joins_a_title_broken_over_lines() {
        let lines: Vec<String> = [
            "某某局",
            "2023年度政府信息公开",
            "工作年度报告",
            "本年度报告…。",
        ]
        .map(String::from)
        .to_vec();
        let suffix = fold(&standard::current().title_suffix);
        assert_eq!(title_lines(&lines, &suffix), Some((1, 2)));
        // Far down the preamble, two short lines that happen to hold the words are no title.
        let mut far: Vec<String> = (0..TITLE_LINES).map(|i| format!("第{i}行。")).collect();
        far.extend(lines);
        assert_eq!(title_lines(&far, &suffix), None);
    }

    #[test]
    fn takes_a_fragment_of_the_preamble_for_no_organ() {
        let std = standard::current();
        for name in [
            "山东张店经济开发区管理委员会",
            "北京市某某局",
            "某某县",
            "某某街道办事处",
        ] {
            assert!(is_organ_name(std, name), "{name}");
        }
        for text in [
            "现将有关情况报告如下。",
            "我单位",
            "经开区干部任职",
            "局",
            "根据条例，本局",
        ] {
            assert!(!is_organ_name(std, text), "{text}");
        }
        let read = |line: &str| {
            let ps = [para(line)];
            let refs: Vec<&Paragraph> = ps.iter().collect();
            let mut meta = Meta::default();
            let mut findings = Vec::new();
            fill(std, &refs, &mut meta, &mut findings);
            (meta.organ, findings)
        };
        // A title broken in the middle of the organ's name: the rest is no organ.
        let (organ, findings) = read("员会2023年政府信息公开工作年度报告");
        assert_eq!(organ, None);
        assert!((findings.iter()).any(|f| f.rule == "import.organ" && f.message.contains("员会")));
        // "请与我单位联系": no organ, and a note.
        let (organ, findings) = read("如有疑问，请与我单位联系（电话：1234）。");
        assert_eq!(organ, None);
        assert!(findings.iter().any(|f| f.rule == "import.organ"));
    }

    #[test]
    fn reads_year_first_titles() {
        let ps = [para("2022年度北京市某某局政府信息公开工作年度报告")];
        let refs: Vec<&Paragraph> = ps.iter().collect();
        let mut meta = Meta::default();
        fill(standard::current(), &refs, &mut meta, &mut Vec::new());
        assert_eq!(meta.organ.as_deref(), Some("北京市某某局"));
        assert_eq!(meta.year, Some(2022));
    }
}
