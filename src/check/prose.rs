//! `text.matches_tables`: the figures the prose states about the tables ("受理申请17件") compared
//! with the cells they refer to.
//!
//! What to look for is data (`[[prose_checks]]` of the standard): trigger words, units, the words
//! that must or must not be near, the cells. This module splits prose into sentences and clauses,
//! finds a trigger and the figure after it, and compares. When a sentence cannot be tied to one
//! figure (two different figures, an approximate one, a change) it says nothing.

mod group;

use super::numeral;
use crate::finding::{CellRef, Finding, Severity};
use crate::memo;
use crate::model::Report;
use crate::standard::{ProseCheck, ProseWords, Relation, Standard, cell_ref};
use aho_corasick::AhoCorasick;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The rule id of every finding of this module.
pub const RULE: &str = "text.matches_tables";

/// Compares every figure the prose of `report` states about its tables with the tables.
pub fn matches_tables(report: &Report, std: &Standard) -> Vec<Finding> {
    let mut out = Vec::new();
    if std.prose_checks.is_empty() {
        return out;
    }
    let triggers = Triggers::of(std);
    let mut hit = vec![false; std.prose_checks.len()];
    for section in &report.sections {
        for para in &section.paragraphs {
            for sentence in sentences(para) {
                // Most sentences hold no trigger at all: one pass finds the checks that apply,
                // and clauses are split only when one does.
                if !triggers.hits(sentence, &mut hit) {
                    continue;
                }
                let mut parts: Option<Vec<(usize, &str)>> = None;
                for (check, _) in std.prose_checks.iter().zip(&hit).filter(|(_, h)| **h) {
                    if check.relation == Relation::All {
                        out.extend(
                            group::states_all(sentence, check, &std.prose)
                                .then(|| group::compare_all(report, std, check, sentence))
                                .flatten(),
                        );
                        continue;
                    }
                    let parts = parts.get_or_insert_with(|| clauses(sentence).collect());
                    if let Some(stated) = stated_in(sentence, parts, check, &std.prose) {
                        out.extend(compare(report, std, check, &stated, sentence));
                        out.extend(group::compare_share(report, std, check, &stated, sentence));
                    }
                }
            }
        }
    }
    out
}

/// Every trigger word of every prose check in one automaton: a sentence is searched once, not
/// once per trigger.
#[derive(Clone)]
struct Triggers {
    automaton: Option<AhoCorasick>,
    /// Pattern index → the check it triggers.
    check_of: Vec<usize>,
}

impl Triggers {
    fn of(std: &Standard) -> Cow<'static, Triggers> {
        static CELL: OnceLock<Vec<Triggers>> = OnceLock::new();
        memo::per_standard(&CELL, std, |std| {
            let mut words = Vec::new();
            let mut check_of = Vec::new();
            for (i, check) in std.prose_checks.iter().enumerate() {
                for t in check.triggers.iter().filter(|t| !t.is_empty()) {
                    words.push(t.as_str());
                    check_of.push(i);
                }
            }
            Triggers {
                // A contiguous NFA: built in a fraction of a DFA's time (paid by every run), and
                // the prose of one report is short.
                automaton: AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(&words)
                    .ok(),
                check_of,
            }
        })
    }

    /// Marks in `hit` the checks whose triggers occur in `sentence`; true when any does.
    fn hits(&self, sentence: &str, hit: &mut [bool]) -> bool {
        hit.iter_mut().for_each(|h| *h = false);
        let Some(automaton) = &self.automaton else {
            return false;
        };
        let mut any = false;
        for m in automaton.find_overlapping_iter(sentence) {
            if let Some(slot) = self
                .check_of
                .get(m.pattern().as_usize())
                .and_then(|i| hit.get_mut(*i))
            {
                *slot = true;
                any = true;
            }
        }
        any
    }
}

/// What a sentence says for one check.
#[derive(Debug, Clone, PartialEq)]
struct Stated {
    value: Decimal,
    /// The unit as printed, or empty for a negation ("未收到…").
    unit: String,
    /// Byte offset in the sentence right after the figure and its unit.
    end: usize,
}

impl Stated {
    fn display(&self) -> String {
        if self.unit.is_empty() {
            format!("{}（正文称没有）", self.value)
        } else {
            format!("{}{}", self.value, self.unit)
        }
    }
}

/// Sentences of a paragraph, trimmed, without their final punctuation.
fn sentences(para: &str) -> impl Iterator<Item = &str> {
    para.split(['。', '！', '？', '；', '!', '?', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Clauses of a sentence with their byte offsets in it.
fn clauses(sentence: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in sentence.char_indices() {
        if matches!(
            c,
            '，' | ',' | '、' | '：' | ':' | '（' | '）' | '(' | ')' | '【' | '】'
        ) {
            parts.push((start, &sentence[start..i]));
            start = i + c.len_utf8();
        }
    }
    parts.push((start, &sentence[start..]));
    parts.into_iter().filter(|(_, c)| !c.trim().is_empty())
}

fn contains_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

fn starts_with_any<'a>(text: &str, words: &'a [String]) -> Option<&'a str> {
    words
        .iter()
        .filter(|w| text.starts_with(w.as_str()))
        .max_by_key(|w| w.len())
        .map(String::as_str)
}

/// The earliest trigger in a clause: (start, end) in bytes.
fn find_trigger(clause: &str, triggers: &[String]) -> Option<(usize, usize)> {
    triggers
        .iter()
        .filter_map(|t| clause.find(t.as_str()).map(|i| (i, i + t.len())))
        .min_by_key(|&(i, end)| (i, std::cmp::Reverse(end)))
}

/// A figure found after a trigger.
enum Found {
    /// Comparable: value, unit, byte offsets of the figure and of the end of its unit in the
    /// clause.
    Figure(Decimal, String, usize, usize),
    /// Not comparable (approximate, or a change).
    Uncomparable,
    /// No figure with a unit of the check.
    Nothing,
}

fn figure_after(clause: &str, from: usize, check: &ProseCheck, words: &ProseWords) -> Found {
    let Some(rest) = clause.get(from..) else {
        return Found::Nothing;
    };
    for fig in numeral::figures(rest) {
        let (start, end) = (from + fig.start, from + fig.end);
        let before = clause.get(..start).unwrap_or("");
        let ordinal = words
            .ordinal_before
            .iter()
            .any(|w| before.ends_with(w.as_str()));
        let from_fig = clause.get(start..).unwrap_or("");
        if ordinal || starts_with_any(from_fig, &words.not_figures).is_some() {
            continue;
        }
        let after = clause.get(end..).unwrap_or("");
        let approx_mid = starts_with_any(after, &words.approximate_after);
        let after_unit = after.get(approx_mid.map_or(0, str::len)..).unwrap_or("");
        let Some(unit) = starts_with_any(after_unit, &check.units) else {
            continue;
        };
        let between = clause.get(from..start).unwrap_or("");
        let tail = after_unit.get(unit.len()..).unwrap_or("");
        let approximate = approx_mid.is_some()
            || words
                .approximate_before
                .iter()
                .any(|w| before.ends_with(w.as_str()))
            || starts_with_any(tail, &words.approximate_after).is_some();
        if approximate || contains_any(between, &words.change) {
            return Found::Uncomparable;
        }
        let unit_end = clause.len() - tail.len();
        return Found::Figure(fig.value, unit.to_string(), start, unit_end);
    }
    Found::Nothing
}

/// The one figure a sentence states for a check, if it states exactly one.
fn stated_in(
    sentence: &str,
    parts: &[(usize, &str)],
    check: &ProseCheck,
    words: &ProseWords,
) -> Option<Stated> {
    if contains_any(sentence, &check.exclude) {
        return None;
    }
    let mut stated: Option<Stated> = None;
    for &(offset, clause) in parts {
        if check.total && starts_with_any(clause.trim_start(), &words.breakdown).is_some() {
            continue;
        }
        let Some((_, t_end)) = find_trigger(clause, &check.triggers) else {
            continue;
        };
        let (this, upto) = match figure_after(clause, t_end, check, words) {
            Found::Uncomparable => return None,
            Found::Figure(value, unit, at, end) => (
                Stated {
                    value,
                    unit,
                    end: offset + end,
                },
                at,
            ),
            Found::Nothing => {
                // "未受理的申请" describes applications; it does not say there were none.
                let attributive = clause.get(t_end..).is_some_and(|r| r.starts_with('的'));
                let negated = !attributive
                    && clause
                        .get(..t_end)
                        .is_some_and(|head| contains_any(head, &words.negations));
                if !negated {
                    continue;
                }
                (
                    Stated {
                        value: Decimal::ZERO,
                        unit: String::new(),
                        end: offset + clause.len(),
                    },
                    clause.len(),
                )
            }
        };
        let region = clause.get(..upto).unwrap_or(clause);
        if !check.near.is_empty() && !contains_any(region, &check.near) {
            continue;
        }
        if contains_any(region, &check.not_near) {
            continue;
        }
        let head = sentence.get(..offset + upto).unwrap_or(sentence);
        if !check.context.is_empty() && !contains_any(head, &check.context) {
            continue;
        }
        if !check.topic.is_empty() && !contains_any(head, &check.topic) {
            continue;
        }
        if contains_any(head, &words.other_period) || contains_any(head, &words.other_scope) {
            return None; // a count over other years, part of the year, or other bodies
        }
        match &stated {
            Some(s) if s.value != this.value => return None, // two figures: cannot tell which
            Some(_) => {}
            None => stated = Some(this),
        }
    }
    stated
}

/// The first of the cells and the labels of all of them joined by " + " (the rows summed).
fn named(std: &Standard, cells: &[String]) -> Option<(CellRef, String)> {
    let refs: Vec<CellRef> = cells.iter().filter_map(|c| cell_ref(c)).collect();
    let labels = (refs.iter())
        .map(|c| std.cell_labels(&c.table, &c.row, &c.col))
        .collect::<Vec<_>>()
        .join(" + ");
    Some((refs.first()?.clone(), labels))
}

/// The sum of the cells, `None` when one is blank or not a number.
fn sum(report: &Report, cells: &[String]) -> Option<Decimal> {
    cells.iter().try_fold(Decimal::ZERO, |acc, path| {
        let c = cell_ref(path)?;
        report
            .get(&c.table, &c.row, &c.col)?
            .numeric()
            .map(|v| acc + v)
    })
}

fn compare(
    report: &Report,
    std: &Standard,
    check: &ProseCheck,
    stated: &Stated,
    sentence: &str,
) -> Option<Finding> {
    let table = sum(report, &check.cells)?;
    let f = stated.value;
    let (ok, expected) = match check.relation {
        // `all` is compared by `group::compare_all`; read as equal here.
        Relation::Equal | Relation::All => {
            let others = check.or_cells.iter().filter_map(|c| sum(report, c));
            let ok = f == table || others.into_iter().any(|s| s == f);
            (ok, table.to_string())
        }
        Relation::AtLeast => (f >= table, format!("不少于 {table}")),
        Relation::Implies => (f.is_zero() || !table.is_zero(), "大于 0".to_string()),
    };
    if ok {
        return None;
    }
    let (first, labels) = named(std, &check.cells)?;
    let of_cells = if check.cells.len() > 1 { "合计" } else { "" };
    let mut message = match check.relation {
        Relation::Equal | Relation::All => format!(
            "正文所述{}（{}）与表格不符：表中{of_cells}为 {table}",
            check.what,
            stated.display()
        ),
        Relation::AtLeast => format!(
            "正文所述{}（{}）少于表中相应的 {table} 件",
            check.what,
            stated.display()
        ),
        Relation::Implies if check.note.is_some() => {
            format!("正文所述{}为 {}", check.what, stated.display())
        }
        Relation::Implies => format!(
            "正文所述{}为 {}，而表中{of_cells}为 {table}",
            check.what,
            stated.display()
        ),
    };
    if let Some(note) = &check.note {
        message.push('：');
        message.push_str(note);
    }
    let found = match check.relation {
        Relation::Implies => table.to_string(),
        _ => stated.display(),
    };
    Some(
        Finding::new(RULE, Severity::Warning, message)
            .at_cell(first, labels)
            .expecting(expected, found)
            .quoting(sentence),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    fn check_by_id(id: &str) -> &'static ProseCheck {
        standard::current()
            .prose_checks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no prose check {id}"))
    }

    fn stated(sentence: &str, id: &str) -> Option<String> {
        let parts: Vec<_> = clauses(sentence).collect();
        stated_in(
            sentence,
            &parts,
            check_by_id(id),
            &standard::current().prose,
        )
        .map(|s| s.value.to_string())
    }

    #[test]
    fn reads_the_figure_after_the_trigger() {
        assert_eq!(
            stated("网上受理依申请公开1起", "requests_new").as_deref(),
            Some("1")
        );
        assert_eq!(
            stated("共收到政府信息公开申请十七件", "requests_new").as_deref(),
            Some("17")
        );
        assert_eq!(
            stated("本年度共办结政府信息公开申请两件", "requests_closed").as_deref(),
            Some("2")
        );
    }

    #[test]
    fn ignores_approximate_figures_and_changes() {
        assert_eq!(
            stated("共收到政府信息公开申请5500余条", "requests_new"),
            None
        );
        assert_eq!(stated("共受理政府信息公开申请约20件", "requests_new"), None);
        assert_eq!(
            stated("受理依申请公开数量比上年增加2件", "requests_new"),
            None
        );
    }

    #[test]
    fn stays_silent_on_two_different_figures() {
        assert_eq!(
            stated(
                "网上受理依申请公开3件，当面受理依申请公开2件",
                "requests_new"
            ),
            None
        );
        assert_eq!(
            stated("共受理依申请公开5件，其中网上受理3件", "requests_new").as_deref(),
            Some("5")
        );
    }

    #[test]
    fn needs_the_context_words() {
        assert_eq!(stated("共收到人大代表建议3条", "requests_new"), None);
        assert_eq!(
            stated(
                "四是受理“12345”政务服务热线，按时办结率100%",
                "requests_new"
            ),
            None
        );
        assert_eq!(
            stated("受理政府信息公开行政复议申请2件", "requests_new"),
            None
        );
    }

    #[test]
    fn needs_the_topic_words() {
        assert_eq!(stated("本年度共办结申请两件", "requests_closed"), None);
        assert_eq!(stated("办理行政复议案件32件", "review_total"), None);
        assert_eq!(
            stated("政府信息公开行政复议案件3件", "review_total").as_deref(),
            Some("3")
        );
    }

    #[test]
    fn ignores_counts_over_other_periods() {
        assert_eq!(stated("累计受理依申请公开230件", "requests_new"), None);
        assert_eq!(stated("一季度受理依申请公开3件", "requests_new"), None);
    }

    #[test]
    fn reads_a_negation_as_zero() {
        assert_eq!(
            stated(
                "本年度未收取涉及政府信息公开申请的任何费用",
                "information_fee"
            )
            .as_deref(),
            Some("0")
        );
        assert_eq!(
            stated("本年度未收到政府信息公开申请", "requests_new").as_deref(),
            Some("0")
        );
    }

    #[test]
    fn reads_an_attributive_negation_as_nothing() {
        assert_eq!(
            stated(
                "对不符合条件未受理的政府信息公开申请均告知理由",
                "requests_new"
            ),
            None
        );
    }

    #[test]
    fn reads_carried_over_inside_a_breakdown() {
        let s = "共受理政府信息公开申请17件（含上年结转2件）";
        assert_eq!(stated(s, "requests_new").as_deref(), Some("17"));
        assert_eq!(stated(s, "requests_carried_over").as_deref(), Some("2"));
    }

    #[test]
    fn ties_in_force_to_the_right_row() {
        assert_eq!(
            stated("现行有效的行政规范性文件共12件", "normative_in_force").as_deref(),
            Some("12")
        );
        assert_eq!(stated("现行有效规章0件", "normative_in_force"), None);
        assert_eq!(
            stated("现行有效规章0件", "rules_in_force").as_deref(),
            Some("0")
        );
    }
}
