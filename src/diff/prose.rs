//! Prose against last year's: the share of this year's sentences of a section that stand in
//! last year's same section, sentences compared normalised (whitespace, numbers and so years
//! left out), the standard's headings and labels and the `[years]` fixed phrases not counted.

use crate::check::form::is_subheading;
use crate::model::{Report, Section};
use crate::standard::{Standard, YearsDef};
use serde::Serialize;
use std::collections::HashSet;

/// How much of one section of this year's report stands in last year's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionRepeat {
    /// The standard section id, `null` for a section of the report's own.
    pub id: Option<String>,
    /// The heading as printed this year.
    pub heading: String,
    /// Sentences counted (fixed phrases, headings and short sentences left out).
    pub sentences: usize,
    /// This year's sentences (as printed) that stand in last year's same section, each once.
    pub repeated: Vec<String>,
    /// `repeated / sentences`; `None` when nothing was counted.
    pub share: Option<f64>,
}

/// Sentences of a paragraph, trimmed, without their closing punctuation.
pub fn sentences(para: &str) -> impl Iterator<Item = &str> {
    para.split(['。', '！', '？', '；', '!', '?', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A sentence as compared: no whitespace, no digits (ASCII, full-width or Chinese numerals
/// standing for a number), no punctuation, so a copy with the year and the figures changed
/// compares equal.
pub fn normalise(sentence: &str) -> String {
    sentence
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_ascii_digit()
                && !('０'..='９').contains(c)
                && !"〇零".contains(*c)
                && !c.is_ascii_punctuation()
                && !"。，、：；！？“”‘’（）《》【】—…·．％".contains(*c)
        })
        .collect()
}

/// The normalised texts never counted: the standard's headings and labels, the fixed phrases
/// and the roll-forward mark.
fn fixed(std: &Standard, years: &YearsDef) -> HashSet<String> {
    let mut out: HashSet<String> = HashSet::new();
    for s in &std.sections {
        out.insert(normalise(&s.heading));
        out.extend(s.aliases.iter().map(|a| normalise(a)));
    }
    for t in &std.tables {
        out.extend(t.rows.iter().map(|r| normalise(&r.label)));
        out.extend(t.columns.iter().map(|c| normalise(&c.label)));
    }
    out.extend(years.fixed_phrases.iter().map(|p| normalise(p)));
    out.insert(normalise(&years.carried_mark));
    out
}

/// A heading line of any length: numbered like a sub-heading ("（三）…", "2.…") and without a
/// clause of its own (no "，" "。" "；").
fn is_heading_line(p: &str) -> bool {
    let p = p.trim();
    let numbered = p.starts_with('（')
        || p.starts_with('(')
        || p.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    is_subheading(p) || (numbered && !p.contains(['，', '。', '；', ',', ';']))
}

/// The counted sentences of a section: (as printed, normalised).
fn counted<'a>(s: &'a Section, fixed: &HashSet<String>, min: usize) -> Vec<(&'a str, String)> {
    s.paragraphs
        .iter()
        .filter(|p| !is_heading_line(p))
        .flat_map(|p| sentences(p))
        .map(|x| (x, normalise(x)))
        .filter(|(_, n)| n.chars().count() >= min && !fixed.contains(n))
        .collect()
}

/// Last year's section matching `s`: the same standard id, or for a section of the report's
/// own the same heading.
fn same_section<'a>(last: &'a Report, s: &Section) -> Option<&'a Section> {
    match &s.id {
        Some(id) => last.section(id),
        None => last
            .sections
            .iter()
            .find(|l| l.id.is_none() && normalise(&l.heading) == normalise(&s.heading)),
    }
}

/// Every prose section of `this` (sections with text) against last year's same section.
pub fn repeats(
    this: &Report,
    last: &Report,
    std: &Standard,
    years: &YearsDef,
) -> Vec<SectionRepeat> {
    let fixed = fixed(std, years);
    let min = years.min_sentence_chars;
    this.sections
        .iter()
        .filter(|s| !s.paragraphs.is_empty())
        .map(|s| {
            let now = counted(s, &fixed, min);
            let before: HashSet<String> = same_section(last, s)
                .map(|b| {
                    counted(b, &fixed, min)
                        .into_iter()
                        .map(|(_, n)| n)
                        .collect()
                })
                .unwrap_or_default();
            let mut seen = HashSet::new();
            let mut repeated = Vec::new();
            let mut hits = 0;
            for (text, n) in &now {
                if before.contains(n) {
                    hits += 1;
                    if seen.insert(n.clone()) {
                        repeated.push((*text).to_string());
                    }
                }
            }
            SectionRepeat {
                id: s.id.clone(),
                heading: s.heading.clone(),
                sentences: now.len(),
                repeated,
                share: (!now.is_empty()).then(|| hits as f64 / now.len() as f64),
            }
        })
        .collect()
}

/// The share of a whole report's counted sentences that stand in last year's (every section
/// weighted by its sentences); `None` when nothing was counted.
pub fn overall_share(sections: &[SectionRepeat]) -> Option<f64> {
    let counted: usize = sections.iter().map(|s| s.sentences).sum();
    let hits: f64 = sections
        .iter()
        .filter_map(|s| Some(s.share? * s.sentences as f64))
        .sum();
    (counted > 0).then(|| hits / counted as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    fn section(id: &str, paragraphs: &[&str]) -> Section {
        Section {
            id: Some(id.into()),
            heading: String::new(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            other_tables: Vec::new(),
        }
    }

    fn report(sections: Vec<Section>) -> Report {
        let mut r = Report::empty(standard::current());
        r.sections = sections;
        r
    }

    #[test]
    fn normalising_leaves_out_years_figures_and_spaces() {
        assert_eq!(
            normalise("2023年 共发布信息 17 条。"),
            normalise("２０２４年共发布信息25条")
        );
    }

    #[test]
    fn counts_sentences_standing_in_last_years_same_section_only() {
        let std = standard::current();
        let years = std.years().expect("years");
        let last = report(vec![section(
            "problems",
            &[
                "一是信息公开形式不够创新，新媒体宣传途径不够多样。二是网站信息更新不及时，存在公开不完整的现象。",
            ],
        )]);
        let this = report(vec![
            section(
                "problems",
                &[
                    "（一）存在的问题",
                    "一是信息公开形式不够创新，新媒体宣传途径不够多样。二是政策解读的形式比较单一，图解视频类解读偏少。",
                ],
            ),
            section(
                "overview",
                &["一是信息公开形式不够创新，新媒体宣传途径不够多样。"],
            ),
        ]);
        let r = repeats(&this, &last, std, years);
        assert_eq!(r[0].sentences, 2, "the sub-heading is not counted");
        assert_eq!(r[0].repeated.len(), 1);
        assert_eq!(r[0].share, Some(0.5));
        assert_eq!(
            r[1].share,
            Some(0.0),
            "another section of last year's does not count"
        );
    }

    #[test]
    fn a_long_numbered_heading_is_not_a_sentence() {
        assert!(is_heading_line(
            "（三）本单位在政务公开制度、内容、形式和平台建设方面的创新实践情况"
        ));
        assert!(!is_heading_line(
            "（三）本单位创新政务公开形式，积极拓展新媒体渠道。"
        ));
    }

    #[test]
    fn fixed_phrases_and_short_sentences_are_not_counted() {
        let std = standard::current();
        let years = std.years().expect("years");
        let last = report(vec![section("other", &["本年度无此情况。无。"])]);
        let this = last.clone();
        let r = repeats(&this, &last, std, years);
        assert_eq!(r[0].sentences, 0);
        assert_eq!(r[0].share, None);
    }
}
