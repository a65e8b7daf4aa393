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
        Splitter {
            std,
            names,
            seen: vec![false; std.sections.len()],
            last: 0,
            last_number: 0,
            ahead: vec![None; std.sections.len()],
        }
    }

    /// Scans the paragraphs `(printed, styled)` once to learn the numbers the standard headings
    /// are printed with, so that a report's own section numbered into the sequence ("六、工作亮点"
    /// before "七、其他需要报告的事项") is told from a list item of the section before it.
    pub fn look_ahead<'a>(&mut self, paragraphs: impl Iterator<Item = (&'a str, bool)>) {
        let mut scout = Splitter::new(self.std);
        for (printed, styled) in paragraphs {
            if let Some(h) = scout.heading(printed, styled)
                && h.id.is_some()
            {
                let i = scout.last - 1;
                self.ahead[i] = Some(scout.last_number);
            }
        }
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
            let def = &self.std.sections[i];
            let finding = self.number_note(number.as_deref(), i, &rest, exact);
            return Some(Heading {
                id: Some(def.id.clone()),
                heading: rest,
                finding,
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
    fn notes_a_renumbered_heading() {
        let mut s = Splitter::new(standard::current());
        let h = s
            .heading("3、 收到和处理政府信息公开申请情况", false)
            .expect("heading");
        assert_eq!(h.heading, "收到和处理政府信息公开申请情况");
        assert!(h.finding.is_some_and(|f| f.message.contains("3、")));
    }
}
