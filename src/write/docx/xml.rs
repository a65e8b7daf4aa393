//! WordprocessingML by string building: escaping, runs and paragraphs with their properties in
//! schema order, so every part we write is valid without a serialiser library.

use super::style::Align;

/// Namespace of WordprocessingML.
pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Namespace of relationships inside parts.
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The XML declaration every part starts with.
pub const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// True for characters XML 1.0 allows in content.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Appends `text` escaped for element content or a double-quoted attribute; characters XML
/// cannot carry (C0 controls) are dropped.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends one run holding `text`: line breaks become `w:br`, tabs `w:tab`, the rest `w:t`
/// with spaces preserved. Nothing is written for empty text.
pub fn run_into(out: &mut String, text: &str) {
    run_with_props_into(out, "", text);
}

/// Appends one run as [`run_into`] does, with run properties `rpr` (the children of `w:rPr`,
/// already XML; nothing when empty).
pub fn run_with_props_into(out: &mut String, rpr: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    if !rpr.is_empty() {
        out.push_str("<w:rPr>");
        out.push_str(rpr);
        out.push_str("</w:rPr>");
    }
    let mut segment = String::new();
    let flush = |out: &mut String, segment: &mut String| {
        if !segment.is_empty() {
            out.push_str("<w:t xml:space=\"preserve\">");
            escape_into(out, segment);
            out.push_str("</w:t>");
            segment.clear();
        }
    };
    for c in text.chars() {
        match c {
            '\n' => {
                flush(out, &mut segment);
                out.push_str("<w:br/>");
            }
            '\t' => {
                flush(out, &mut segment);
                out.push_str("<w:tab/>");
            }
            '\r' => {}
            c => segment.push(c),
        }
    }
    flush(out, &mut segment);
    out.push_str("</w:r>");
}

/// Paragraph properties beyond the style, in schema order.
#[derive(Debug, Default, Clone, Copy)]
pub struct ParaProps {
    /// Keep with the next paragraph.
    pub keep_next: bool,
    /// Alignment overriding the style's.
    pub align: Option<Align>,
}

/// Appends a paragraph of style `style_id` holding `text`.
pub fn paragraph_into(out: &mut String, style_id: &str, props: ParaProps, text: &str) {
    paragraph_runs_into(out, style_id, props, &[("", text)]);
}

/// Appends a paragraph of style `style_id` holding runs of (run properties, text), as
/// [`run_with_props_into`] writes them.
pub fn paragraph_runs_into(
    out: &mut String,
    style_id: &str,
    props: ParaProps,
    runs: &[(&str, &str)],
) {
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"");
    out.push_str(style_id);
    out.push_str("\"/>");
    if props.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if let Some(a) = props.align {
        out.push_str("<w:jc w:val=\"");
        out.push_str(a.ooxml());
        out.push_str("\"/>");
    }
    out.push_str("</w:pPr>");
    for (rpr, text) in runs {
        run_with_props_into(out, rpr, text);
    }
    out.push_str("</w:p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c\u{1}\u{b}"), "a&lt;b&gt;&amp;&quot;c");
        assert_eq!(escape("（一）“三安全一稳定”"), "（一）“三安全一稳定”");
    }

    #[test]
    fn writes_breaks_and_tabs_as_elements() {
        let mut out = String::new();
        run_into(&mut out, "a\nb\tc");
        assert_eq!(
            out,
            "<w:r><w:t xml:space=\"preserve\">a</w:t><w:br/><w:t xml:space=\"preserve\">b</w:t><w:tab/><w:t xml:space=\"preserve\">c</w:t></w:r>"
        );
    }

    #[test]
    fn empty_paragraph_has_no_run() {
        let mut out = String::new();
        paragraph_into(&mut out, "Normal", ParaProps::default(), "");
        assert_eq!(
            out,
            "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr></w:p>"
        );
    }
}
