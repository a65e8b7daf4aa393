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
        }
    }

    /// Whether `printed` opens a section. `styled` is true when the source marks the paragraph
    /// as a heading.
    pub fn heading(&mut self, printed: &str, styled: bool) -> Option<Heading> {
        let text = printed.trim();
        let chars = text.chars().count();
        if chars == 0 || chars > 60 {
            return None;
        }
        let (number, rest) = split_printed_number(text);
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
        let chinese = number
            .as_deref()
            .is_some_and(|s| s.ends_with('、') && !s.chars().any(|c| c.is_ascii_digit()));
        let plausible = chinese
            && chars <= 30
            && !rest.contains(SENTENCE_MARKS)
            && self.last > 0
            && (n as usize > self.std.sections.len() || (styled && n as usize > self.last));
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
            Some(n) if n != standard => notes.push(format!(
                "标题编号“{n}”与标准的“{standard}”不同（Word 自动编号丢失？），按第{}部分处理",
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
    fn notes_a_renumbered_heading() {
        let mut s = Splitter::new(standard::current());
        let h = s
            .heading("3、 收到和处理政府信息公开申请情况", false)
            .expect("heading");
        assert_eq!(h.heading, "收到和处理政府信息公开申请情况");
        assert!(h.finding.is_some_and(|f| f.message.contains("3、")));
    }
}
