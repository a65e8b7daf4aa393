//! Level-2 sub-headings ("（一）主动公开情况") as an official document sets them: a line that is
//! nothing but a sub-heading is a heading (its own style, outline level, kept with the next
//! paragraph); a paragraph that begins with one and runs on into text ("（一）主动公开情况。主要
//! 通过…") is body text whose first words are set in the heading's font — a run-in heading,
//! with no outline level and no keep-with-next, so it never drags a chain of paragraphs onto
//! the next page.

use crate::cn::starts_with_level2_mark;

/// Longest sub-heading, in characters: a longer opening is a sentence, not a heading.
const MAX_HEADING_CHARS: usize = 40;

/// Marks that end a run-in heading ("（一）主动公开情况。", "（二）依申请公开：").
const HEADING_ENDS: [char; 7] = ['。', '：', ':', '！', '？', '；', '．'];

/// How a paragraph of prose is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prose<'t> {
    /// Nothing but a sub-heading.
    Heading(&'t str),
    /// A sub-heading running on into text: the heading words (with their closing mark) and the
    /// rest, together the paragraph verbatim.
    RunIn {
        /// "（一）主动公开情况。"
        heading: &'t str,
        /// "主要通过…"
        rest: &'t str,
    },
    /// Body text.
    Body(&'t str),
}

/// Decides how `text` is set: a heading when it begins with a level-2 mark and holds nothing
/// after its first closing mark (at most [`MAX_HEADING_CHARS`] characters); a run-in heading
/// when text follows that mark; else body text.
pub fn classify(text: &str) -> Prose<'_> {
    if !starts_with_level2_mark(text) {
        return Prose::Body(text);
    }
    let short = |s: &str| s.chars().count() <= MAX_HEADING_CHARS;
    let end = text
        .char_indices()
        .find(|(_, c)| HEADING_ENDS.contains(c))
        .map(|(i, c)| i + c.len_utf8());
    let Some(end) = end else {
        return if short(text) && !text.contains('\n') {
            Prose::Heading(text)
        } else {
            Prose::Body(text)
        };
    };
    let (heading, rest) = text.split_at(end);
    if !short(heading) || heading.contains('\n') {
        Prose::Body(text)
    } else if rest.trim().is_empty() {
        Prose::Heading(text)
    } else {
        Prose::RunIn { heading, rest }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_heading_alone_is_a_heading() {
        assert_eq!(
            classify("（一）主动公开方面"),
            Prose::Heading("（一）主动公开方面")
        );
        assert_eq!(
            classify("（二）改进情况。"),
            Prose::Heading("（二）改进情况。")
        );
    }

    #[test]
    fn a_sub_heading_running_into_text_is_a_run_in_heading() {
        assert_eq!(
            classify("（一）主动公开情况。主要通过门户网站公开。"),
            Prose::RunIn {
                heading: "（一）主动公开情况。",
                rest: "主要通过门户网站公开。"
            }
        );
        assert_eq!(
            classify("（三）政府信息管理：严格审核。"),
            Prose::RunIn {
                heading: "（三）政府信息管理：",
                rest: "严格审核。"
            }
        );
    }

    #[test]
    fn a_long_opening_sentence_is_body_text() {
        let long = format!("（一）{}。后文", "严格落实政府信息公开条例".repeat(4));
        assert_eq!(classify(&long), Prose::Body(&long));
        let unmarked = "一是加强领导。";
        assert_eq!(classify(unmarked), Prose::Body(unmarked));
        let no_stop = format!(
            "（二）{}",
            "依法依规做好政府信息依申请公开答复工作".repeat(3)
        );
        assert_eq!(classify(&no_stop), Prose::Body(&no_stop));
    }
}
