//! `form.*`: what reviewers of these reports look for besides figures — the length of 一、总体情况,
//! an empty or copied 五, a 六 silent on 信息处理费, an organ reporting 规章 it cannot make.
//!
//! Each rule is data (`[[form_checks]]` and `[[organ_levels]]` of the standard).

use crate::finding::Finding;
use crate::model::{Report, Section};
use crate::standard::{FormCheck, FormKind, Standard, cell_ref};

/// Applies every `[[form_checks]]` rule; rules comparing with last year need `previous`.
pub fn form(report: &Report, std: &Standard, previous: Option<&Report>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &std.form_checks {
        let section = rule.section.as_deref().and_then(|id| report.section(id));
        let finding = match rule.kind {
            FormKind::MaxChars => section.and_then(|s| too_long(rule, s)),
            FormKind::NotEmpty => section.and_then(|s| empty(rule, s)),
            FormKind::NotRepeated => {
                let before =
                    previous.and_then(|p| rule.section.as_deref().and_then(|id| p.section(id)));
                section.zip(before).and_then(|(s, b)| repeated(rule, s, b))
            }
            FormKind::Mentions => section.and_then(|s| silent(rule, s)),
            FormKind::OrganLevel => organ_level(rule, report, std),
        };
        out.extend(finding);
    }
    out
}

/// Characters as word processors count 字数: every character but whitespace, a run of Latin
/// letters or digits counting as one.
pub fn char_count(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
        } else if c.is_ascii_alphanumeric() {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            n += 1;
            in_word = false;
        }
    }
    n
}

fn too_long(rule: &FormCheck, s: &Section) -> Option<Finding> {
    let max = rule.max?;
    let n: usize = s.paragraphs.iter().map(|p| char_count(p)).sum();
    (n > max).then(|| {
        Finding::new(
            &rule.id,
            rule.severity,
            format!("{}：本部分约 {n} 字", rule.title),
        )
        .expecting(format!("不超过 {max} 字"), format!("{n} 字"))
    })
}

/// A sub-heading such as "（一）存在的主要问题" or "二、改进情况": short, numbered, no sentence.
pub fn is_subheading(p: &str) -> bool {
    let p = p.trim();
    let numbered = p.starts_with('（') || p.starts_with('(') || {
        let mut it = p.chars();
        it.next()
            .is_some_and(|c| "一二三四五六七八九十".contains(c))
            && it.next().is_some_and(|c| c == '、')
    };
    numbered && p.chars().count() <= 30 && !p.contains('。')
}

fn empty(rule: &FormCheck, s: &Section) -> Option<Finding> {
    let said = s.paragraphs.iter().any(|p| {
        let bare = p.trim().trim_end_matches(['。', '.', '；', ';']).trim();
        !bare.is_empty() && !is_subheading(bare) && !rule.empty_words.iter().any(|w| w == bare)
    });
    (!said).then(|| {
        Finding::new(
            &rule.id,
            rule.severity,
            format!("{}：本部分没有实际内容", rule.title),
        )
        .expecting("存在的问题与改进措施", what_it_says(s))
    })
}

/// Longest quotation of a section in a finding, in characters.
const QUOTE_CHARS: usize = 120;

/// What a section says, for a finding about the whole section: its paragraphs on one line,
/// cut at [`QUOTE_CHARS`] characters, or "（空）".
fn what_it_says(s: &Section) -> String {
    let all = s.paragraphs.join(" ");
    if all.trim().is_empty() {
        return "（空）".to_string();
    }
    let mut chars = all.chars();
    let mut quote: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        quote.push('…');
    }
    quote
}

/// The text of a section with whitespace and digits left out, so a copy with the year changed
/// still compares equal.
fn gist(s: &Section) -> String {
    s.paragraphs
        .iter()
        .flat_map(|p| p.chars())
        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit() && !('０'..='９').contains(c))
        .collect()
}

fn repeated(rule: &FormCheck, this: &Section, before: &Section) -> Option<Finding> {
    let g = gist(this);
    (!g.is_empty() && g == gist(before)).then(|| {
        Finding::new(
            &rule.id,
            rule.severity,
            format!("{}：本年与上年的文字除数字外完全一样", rule.title),
        )
        .expecting("与上年不同的问题与改进情况", what_it_says(this))
    })
}

fn silent(rule: &FormCheck, s: &Section) -> Option<Finding> {
    let said = s
        .paragraphs
        .iter()
        .any(|p| rule.keywords.iter().any(|k| p.contains(k.as_str())));
    (!said).then(|| {
        Finding::new(
            &rule.id,
            rule.severity,
            format!(
                "{}：本部分没有提到“{}”",
                rule.title,
                rule.keywords.join("”或“")
            ),
        )
        .expecting(
            format!("提到“{}”的收取情况", rule.keywords.join("”或“")),
            what_it_says(s),
        )
    })
}

fn organ_level(rule: &FormCheck, report: &Report, std: &Standard) -> Option<Finding> {
    let organ = report.meta.organ.as_deref()?;
    // The cells first: most reports fill no 规章 cell, and then the name need not be read.
    let (cell, value) = rule
        .cells
        .iter()
        .filter_map(|p| cell_ref(p))
        .find_map(|c| {
            let v = report.get(&c.table, &c.row, &c.col)?.numeric()?;
            (v > rust_decimal::Decimal::ZERO).then_some((c, v))
        })?;
    let level = std.organ_level_of(organ)?;
    let labels = std.cell_labels(&cell.table, &cell.row, &cell.col);
    Some(
        Finding::new(
            &rule.id,
            rule.severity,
            format!(
                "{}；从名称看，“{organ}”属于{}（据名称判断，{}），表中却填了 {value}",
                rule.title, level.level, level.sure
            ),
        )
        .at_cell(cell, labels)
        .expecting("0", value.to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_as_word_processors_do() {
        assert_eq!(char_count("2023年，共 17 条"), 6);
        assert_eq!(char_count("zbkjgyy@163.com"), 5);
    }

    #[test]
    fn tells_subheadings_from_text() {
        assert!(is_subheading("（一）工作中存在的主要问题"));
        assert!(is_subheading("二、改进情况"));
        assert!(!is_subheading("一是信息政务公开形式不够创新。"));
    }

    fn rule(id: &str) -> &'static FormCheck {
        crate::standard::current()
            .form_checks
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no form check {id}"))
    }

    fn section(paragraphs: &[&str]) -> Section {
        Section {
            id: None,
            heading: String::new(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            other_tables: vec![],
        }
    }

    #[test]
    fn finds_problems_section_with_nothing_said() {
        let r = rule("form.problems_empty");
        for said_nothing in [
            &[][..],
            &["无。"],
            &["（一）存在的主要问题", "暂无", "（二）改进情况", "无"],
        ] {
            assert!(
                empty(r, &section(said_nothing)).is_some(),
                "{said_nothing:?}"
            );
        }
        let said = section(&["（一）存在的主要问题", "一是公开内容不够全面。"]);
        assert!(empty(r, &said).is_none());
    }

    #[test]
    fn section_findings_quote_what_the_section_says() {
        let f = silent(
            rule("form.fee_statement"),
            &section(&["本年度无其他需要报告的事项。"]),
        )
        .expect("silent on the fee");
        assert_eq!(f.found.as_deref(), Some("本年度无其他需要报告的事项。"));
        let last = section(&["2022年：公开不够及时。", "改进：加强培训。"]);
        let this = section(&["2023年：公开不够及时。", "改进：加强培训。"]);
        let f = repeated(rule("form.problems_repeated"), &this, &last).expect("repeated");
        assert_eq!(
            f.found.as_deref(),
            Some("2023年：公开不够及时。 改进：加强培训。")
        );
        let long = "很长的一段话。".repeat(40);
        let f = silent(rule("form.fee_statement"), &section(&[&long])).expect("silent");
        let found = f.found.expect("quoted");
        assert_eq!(found.chars().count(), QUOTE_CHARS + 1);
        assert!(found.ends_with('…'));
        let f = empty(rule("form.problems_empty"), &section(&[])).expect("empty");
        assert_eq!(f.found.as_deref(), Some("（空）"));
    }

    #[test]
    fn finds_other_section_silent_on_the_fee() {
        let r = rule("form.fee_statement");
        assert!(silent(r, &section(&["本年度无其他需要报告的事项。"])).is_some());
        assert!(silent(r, &section(&["本机关未收取政府信息公开处理费。"])).is_none());
        assert!(silent(r, &section(&["本年度未收取信息处理费。"])).is_none());
    }

    #[test]
    fn finds_problems_copied_with_only_the_year_changed() {
        let r = rule("form.problems_repeated");
        let last = section(&["2022年存在的问题：公开不够及时。"]);
        assert!(repeated(r, &section(&["2023年存在的问题：公开不够及时。"]), &last).is_some());
        assert!(repeated(r, &section(&["2023年存在的问题：解读不够深入。"]), &last).is_none());
    }

    #[test]
    fn places_organs_by_their_names() {
        let std = crate::standard::current();
        let level = |name: &str| std.organ_level_of(name).map(|l| l.level.as_str());
        assert_eq!(level("某某县某某镇人民政府"), Some("乡镇、街道"));
        assert_eq!(level("淄博市张店区和平街道办事处"), Some("乡镇、街道"));
        assert_eq!(level("淄博市张店区人民政府"), Some("县、区人民政府"));
        assert_eq!(level("淄博市张店区教育局"), Some("县、区政府的工作部门"));
        assert_eq!(level("某某县自然资源局"), Some("县、区政府的工作部门"));
        assert_eq!(
            level("山东张店经济开发区管理委员会"),
            Some("开发区管理机构")
        );
        assert_eq!(level("中共淄博市张店区委"), Some("县、区政府的工作部门"));
        assert_eq!(
            level("淄博市张店区住房和城乡建设局"),
            Some("县、区政府的工作部门")
        );
        // A reserve's or scenic area's own administration: the name does not tell the level.
        assert_eq!(level("山东黄河三角洲国家级自然保护区管理局"), None);
        assert_eq!(level("泰山风景名胜区管理委员会"), None);
        // Also after a district's name.
        assert_eq!(level("东营市垦利区黄河三角洲自然保护区管理局"), None);
        assert_eq!(level("杭州市西湖区西湖风景名胜区管理委员会"), None);
        assert_eq!(level("北京市朝阳区社区服务中心"), None);
        assert_eq!(level("广西壮族自治区人民政府"), None);
        assert_eq!(level("镇江市人民政府"), None);
        assert_eq!(level("淄博市人民政府"), None);
        assert_eq!(level("中华人民共和国生态环境部"), None);
    }
}
