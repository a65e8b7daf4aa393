//! Finds section headings in any numbering style real reports use (一、, 2、, （二）, 1、 …), by
//! their text, and never mistakes a row of table 三 (一、本年新收…) for a section.

use super::label::{distance_within, fold, number_value, split_printed_number, typo_budget};
use crate::finding::{Finding, Severity};
use crate::standard::Standard;

/// A paragraph recognised as a section heading.
pub struct Heading {
    /// Standard section id, or `None` for a section the standard does not have.
    pub id: Option<String>,
    /// The heading text as printed, without its number.
    pub heading: String,
    /// A note when the printed number or text differs from the standard.
    pub finding: Option<Finding>,
}

/// Walks the paragraphs in order, telling which ones open a section.
pub struct Splitter<'s> {
    std: &'s Standard,
    /// Folded heading and aliases per section, in order.
    names: Vec<Vec<String>>,
    seen: Vec<bool>,
    last: usize,
    /// The value of the number the last standard heading was printed with (its place when it
    /// had none).
    last_number: u32,
    /// For each standard section, the value of the number it is printed with further on, when
    /// the whole text was scanned first ([`Splitter::look_ahead`]).
    ahead: Vec<Option<u32>>,
    /// Folded core words per section ([`crate::standard::SectionDef::core`]).
    cores: Vec<Vec<String>>,
    /// Sections whose heading (or an alias) is printed somewhere, found by [`Splitter::look_ahead`]:
    /// a line holding only its core words is then not its heading.
    named: Vec<bool>,
    /// Sections matched by name so far (not by their core words).
    by_name: Vec<bool>,
}

const SENTENCE_MARKS: &[char] = &['。', '；', ';', '，', ',', '？', '！'];

impl<'s> Splitter<'s> {
    /// A splitter for a standard's sections.
    pub fn new(std: &'s Standard) -> Self {
        let names = std
            .sections
            .iter()
            .map(|s| {
                std::iter::once(&s.heading)
                    .chain(&s.aliases)
                    .map(|h| fold(h))
                    .collect()
            })
            .collect();
        let cores = (std.sections.iter())
            .map(|s| s.core.iter().map(|w| fold(w)).collect())
            .collect();
        Splitter {
            std,
            names,
            seen: vec![false; std.sections.len()],
            last: 0,
            last_number: 0,
            ahead: vec![None; std.sections.len()],
            cores,
            named: vec![false; std.sections.len()],
            by_name: vec![false; std.sections.len()],
        }
    }

    /// Scans the paragraphs `(printed, styled)` once to learn the numbers the standard headings
    /// are printed with, so that a report's own section numbered into the sequence ("六、工作亮点"
    /// before "七、其他需要报告的事项") is told from a list item of the section before it.
    pub fn look_ahead<'a>(&mut self, paragraphs: impl Iterator<Item = (&'a str, bool)>) {
        let mut scout = Splitter::new(self.std);
        // The scout looks for headings printed by name only (a line of core words before the
        // printed heading would hide it).
        scout.cores.iter_mut().for_each(Vec::clear);
        for (printed, styled) in paragraphs {
            if let Some(h) = scout.heading(printed, styled)
                && h.id.is_some()
            {
                let i = scout.last - 1;
                self.ahead[i] = Some(scout.last_number);
            }
        }
        self.named = scout.by_name;
    }

    /// Whether `printed` opens a section. `styled` is true when the source marks the paragraph
    /// as a heading.
    pub fn heading(&mut self, printed: &str, styled: bool) -> Option<Heading> {
        let text = printed.trim();
        let chars = text.chars().count();
        if chars == 0 || chars > 60 || is_contents_entry(text) {
            return None;
        }
        let (number, printed_rest) = split_printed_number(text);
        // "一、总体情况：", "二、主动公开政府信息情况。": the closing mark is not the heading's.
        let rest = printed_rest
            .trim_end_matches(['：', ':', '。', '.', '；', ';'])
            .trim_end()
            .to_string();
        let folded = fold(&rest);
        let folded = folded.trim_end_matches([':', '.']);
        if folded.is_empty() {
            return None;
        }
        if let Some((i, exact)) = self.match_section(folded)
            && !self.seen[i]
            && (exact || number.is_some() || styled)
        {
            self.seen[i] = true;
            self.last = i + 1;
            self.last_number = number
                .as_deref()
                .and_then(number_value)
                .unwrap_or(i as u32 + 1);
            self.by_name[i] = true;
            let def = &self.std.sections[i];
            let finding = self.number_note(number.as_deref(), i, &rest, exact);
            return Some(Heading {
                id: Some(def.id.clone()),
                heading: rest,
                finding,
            });
        }
        if chars <= MAX_CORE_HEADING_CHARS
            && !printed_rest.contains(SENTENCE_MARKS)
            && let Some(i) = self.match_core(folded, number.as_deref(), styled)
        {
            self.seen[i] = true;
            self.last = i + 1;
            self.last_number = i as u32 + 1;
            let def = &self.std.sections[i];
            let finding = Finding::new(
                "import.heading",
                Severity::Info,
                format!(
                    "标题“{rest}”与标准的“{}”措辞不同，含有该部分标题的核心词语（{}），按第{}部分处理",
                    def.heading,
                    def.core.join("、"),
                    def.number
                ),
            );
            return Some(Heading {
                id: Some(def.id.clone()),
                heading: rest,
                finding: Some(finding),
            });
        }
        // A section the standard lacks ("七、…"), after the standard ones.
        let n = number.as_deref().and_then(number_value)?;
        let chinese = number.as_deref().is_some_and(|s| {
            (s.ends_with('、') || s.starts_with('第')) && !s.chars().any(|c| c.is_ascii_digit())
        });
        // Numbered into the sequence: after the last standard heading's number, before the
        // number the next standard heading is printed with further on.
        let renumbered = n == self.last_number + 1
            && self.ahead[self.last..]
                .iter()
                .flatten()
                .next()
                .is_some_and(|&next| n < next);
        // A closing mark is dropped only from a standard section's heading: a numbered line
        // of its own that ends like a sentence ("八、抓好考核评议。") is a list item.
        let plausible = chinese
            && chars <= 30
            && !printed_rest.contains(SENTENCE_MARKS)
            && self.last > 0
            && (n as usize > self.std.sections.len()
                || (styled && n as usize > self.last)
                || renumbered);
        plausible.then_some(Heading {
            id: None,
            heading: rest,
            finding: None,
        })
    }

    /// The section whose core words a line holds in order, when the line is numbered as that
    /// section (三、 for 三; 3、; 第三部分) or marked as a heading without a number, the section
    /// was not met yet, comes after the last one met and its heading is printed nowhere.
    fn match_core(&self, folded: &str, number: Option<&str>, styled: bool) -> Option<usize> {
        let value = number.and_then(number_value);
        (self.last..self.cores.len()).find(|&i| {
            let numbered = match value {
                Some(n) => n as usize == i + 1,
                None => number.is_none() && styled,
            };
            numbered
                && !self.seen[i]
                && !self.named[i]
                && !self.cores[i].is_empty()
                && holds_in_order(folded, &self.cores[i])
        })
    }

    fn match_section(&self, folded: &str) -> Option<(usize, bool)> {
        for (i, names) in self.names.iter().enumerate() {
            if names.iter().any(|n| n == folded) {
                return Some((i, true));
            }
        }
        let len = folded.chars().count();
        let budget = typo_budget(len);
        if budget == 0 {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, names) in self.names.iter().enumerate() {
            for n in names {
                let d = distance_within(folded, n, budget);
                if d <= budget && best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((i, d));
                }
            }
        }
        best.map(|(i, _)| (i, false))
    }

    fn number_note(
        &self,
        number: Option<&str>,
        i: usize,
        rest: &str,
        exact: bool,
    ) -> Option<Finding> {
        let def = &self.std.sections[i];
        let standard = format!("{}、", def.number);
        let mut notes = Vec::new();
        match number {
            Some(n) if n.starts_with('第') => notes.push(format!(
                "标题编号“{n}”是另一种写法（标准为“{standard}”），按第{}部分处理",
                def.number
            )),
            // Arabic digits where the standard prints 一、: what Word's automatic numbering
            // leaves in text exports. Other numbers differ for reasons of the report's own.
            Some(n) if n != standard && n.chars().any(|c| c.is_ascii_digit()) => {
                notes.push(format!(
                    "标题编号“{n}”与标准的“{standard}”不同（Word 自动编号丢失？），按第{}部分处理",
                    def.number
                ))
            }
            Some(n) if n != standard => notes.push(format!(
                "标题编号“{n}”与标准的“{standard}”不同，按第{}部分处理",
                def.number
            )),
            None => notes.push(format!("标题没有编号，按第{}部分处理", def.number)),
            _ => {}
        }
        if !exact {
            notes.push(format!(
                "标题“{rest}”与标准的“{}”有出入，按同一部分处理",
                def.heading
            ));
        }
        (!notes.is_empty())
            .then(|| Finding::new("import.heading", Severity::Info, notes.join("；")))
    }
}

/// Longest heading (characters) taken for a standard one by its core words: a heading with a few
/// words added, never a sentence.
const MAX_CORE_HEADING_CHARS: usize = 40;

/// True when `text` holds each of `words` after the one before.
fn holds_in_order(text: &str, words: &[String]) -> bool {
    let mut rest = text;
    words.iter().all(|w| match rest.find(w.as_str()) {
        Some(at) => {
            rest = &rest[at + w.len()..];
            true
        }
        None => false,
    })
}

/// A line of a table of contents: a heading, then a tab, dot leaders or spaces and its page
/// number ("一、总体情况\t1", "二、主动公开政府信息情况……3"). It names a section; it does not open one.
fn is_contents_entry(text: &str) -> bool {
    let body = text.trim_end_matches(|c: char| c.is_ascii_digit());
    body.len() < text.len()
        && body.ends_with(['\t', '…', '.', '·', '．', ' ', '\u{3000}'])
        && !body.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    fn id_of(s: &mut Splitter, text: &str) -> Option<Option<String>> {
        s.heading(text, false).map(|h| h.id)
    }

    #[test]
    fn finds_headings_in_any_numbering() {
        let mut s = Splitter::new(standard::current());
        assert_eq!(id_of(&mut s, "一、总体情况"), Some(Some("overview".into())));
        assert_eq!(
            id_of(&mut s, "2、 主动公开政府信息情况"),
            Some(Some("active".into()))
        );
        assert_eq!(
            id_of(&mut s, "（三）收到和处理政府信息公开申请情况"),
            Some(Some("requests".into()))
        );
        assert_eq!(
            id_of(&mut s, "四、政府信息公开行政法复议、行政诉讼情况"),
            Some(Some("appeals".into()))
        );
        assert_eq!(
            id_of(&mut s, "五、政府信息公开工作存在的主要问题及改进情况"),
            Some(Some("problems".into()))
        );
        assert_eq!(
            id_of(&mut s, "六、其他需要报告的事项"),
            Some(Some("other".into()))
        );
        assert_eq!(id_of(&mut s, "七、附件"), Some(None));
    }

    #[test]
    fn never_takes_table_rows_or_sub_headings_for_sections() {
        let mut s = Splitter::new(standard::current());
        assert!(id_of(&mut s, "一、总体情况").is_some());
        assert!(id_of(&mut s, "（一）主动公开方面").is_none());
        assert!(id_of(&mut s, "四、结转下年度继续办理").is_none());
        assert!(id_of(&mut s, "一、本年新收政府信息公开申请数量").is_none());
        assert!(id_of(&mut s, "二、依申请公开情况。").is_none());
    }

    #[test]
    fn finds_a_section_of_its_own_numbered_into_the_sequence() {
        let text = [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、政务公开工作亮点",
            "七、其他需要报告的事项",
        ];
        let mut s = Splitter::new(standard::current());
        s.look_ahead(text.iter().map(|t| (*t, false)));
        let ids: Vec<_> = text.iter().map(|t| id_of(&mut s, t)).collect();
        assert_eq!(ids[5], Some(None), "{ids:?}");
        assert_eq!(ids[6], Some(Some("other".into())));
        // Its renumbered successor is noted without blaming Word's numbering.
        let mut s = Splitter::new(standard::current());
        s.look_ahead(text.iter().map(|t| (*t, false)));
        let notes: Vec<String> = (text.iter())
            .filter_map(|t| s.heading(t, false).and_then(|h| h.finding))
            .map(|f| f.message)
            .collect();
        assert_eq!(notes, ["标题编号“七、”与标准的“六、”不同，按第六部分处理"]);
    }

    #[test]
    fn keeps_a_numbered_list_item_in_its_section() {
        // "六、" of a list in section 五, when 六 follows as "六、": an item, not a section.
        let text = [
            "一、总体情况",
            "五、存在的主要问题及改进情况",
            "一、加强组织领导",
            "六、强化监督考核",
            "六、其他需要报告的事项",
        ];
        let mut s = Splitter::new(standard::current());
        s.look_ahead(text.iter().map(|t| (*t, false)));
        let ids: Vec<_> = text.iter().map(|t| id_of(&mut s, t)).collect();
        assert_eq!(ids[3], None, "{ids:?}");
        assert_eq!(ids[4], Some(Some("other".into())));
    }

    #[test]
    fn finds_headings_numbered_as_parts() {
        let mut s = Splitter::new(standard::current());
        let h = s.heading("第一部分  总体情况", false).expect("heading");
        assert_eq!(h.id.as_deref(), Some("overview"));
        assert_eq!(h.heading, "总体情况");
        assert!(
            h.finding
                .is_some_and(|f| f.message.contains("第一部分") && !f.message.contains("自动编号"))
        );
        assert_eq!(id_of(&mut s, "第七部分 附件"), Some(None));
    }

    #[test]
    fn takes_contents_entries_for_no_heading() {
        let mut s = Splitter::new(standard::current());
        assert!(id_of(&mut s, "一、总体情况\t1").is_none());
        assert!(id_of(&mut s, "二、主动公开政府信息情况……………3").is_none());
        assert!(id_of(&mut s, "三、收到和处理政府信息公开申请情况 4").is_none());
        assert_eq!(id_of(&mut s, "一、总体情况"), Some(Some("overview".into())));
    }

    #[test]
    fn finds_headings_reworded_around_their_core_words() {
        let text = [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、行政机关收到和处理政府信息公开申请情况",
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "五、存在的主要问题及改进情况",
        ];
        let mut s = Splitter::new(standard::current());
        s.look_ahead(text.iter().map(|t| (*t, false)));
        let ids: Vec<_> = text.iter().map(|t| id_of(&mut s, t)).collect();
        assert_eq!(ids[2], Some(Some("requests".into())), "{ids:?}");
        assert_eq!(ids[3], Some(Some("appeals".into())), "{ids:?}");
        let mut s = Splitter::new(standard::current());
        let h = s
            .heading("政府信息公开行政复议和行政诉讼情况", true)
            .expect("a markdown heading without a number");
        assert_eq!(h.id.as_deref(), Some("appeals"));
        assert!(
            h.finding
                .is_some_and(|f| f.message.contains("行政复议、行政诉讼"))
        );
    }

    #[test]
    fn takes_no_sentence_or_item_of_another_number_for_a_reworded_heading() {
        let mut s = Splitter::new(standard::current());
        assert!(id_of(&mut s, "一、总体情况").is_some());
        // A sentence that mentions both words.
        assert!(id_of(&mut s, "四、全年未发生行政复议、行政诉讼案件，工作平稳有序").is_none());
        // An item of section 一 numbered otherwise than 四.
        assert!(id_of(&mut s, "二、行政复议和行政诉讼").is_none());
        assert!(id_of(&mut s, "（一）主动公开政府信息").is_none());
        // Unnumbered and not marked as a heading.
        assert!(id_of(&mut s, "行政复议、行政诉讼情况").is_none());
        // A line longer than a heading.
        let long = format!("四、{}行政复议、行政诉讼情况", "很长的说明".repeat(8));
        assert!(id_of(&mut s, &long).is_none());
    }

    #[test]
    fn prefers_the_printed_heading_to_a_line_of_core_words_before_it() {
        let text = [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到的公开申请办理工作",
            "三、收到和处理政府信息公开申请情况",
        ];
        let mut s = Splitter::new(standard::current());
        s.look_ahead(text.iter().map(|t| (*t, false)));
        let ids: Vec<_> = text.iter().map(|t| id_of(&mut s, t)).collect();
        assert_eq!(ids[2], None, "{ids:?}");
        assert_eq!(ids[3], Some(Some("requests".into())));
    }

    #[test]
    fn notes_a_renumbered_heading() {
        let mut s = Splitter::new(standard::current());
        let h = s
            .heading("3、 收到和处理政府信息公开申请情况", false)
            .expect("heading");
        assert_eq!(h.heading, "收到和处理政府信息公开申请情况");
        assert!(h.finding.is_some_and(|f| f.message.contains("3、")));
    }
}
