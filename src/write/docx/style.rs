//! The layout parameters of the Word output, read from a TOML template (templates/style-gov.toml
//! is the default) so that a user can change fonts, sizes and margins without touching code.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The default template (GB/T 9704 official document layout), embedded at build time.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/style-gov.toml");

/// Layout parameters of the Word output (fonts, sizes, margins), from a template file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Page size and margins.
    pub page: Page,
    /// Body text.
    pub body: Text,
    /// Title lines.
    pub title: Text,
    /// Level-1 headings ("一、").
    pub heading1: Text,
    /// Level-2 headings ("（一）").
    pub heading2: Text,
    /// Text in tables.
    pub table: Text,
    /// Page numbers.
    pub footer: Footer,
    /// Per font name, the font a stock Windows or WPS PC has in its place (仿宋_GB2312 → 仿宋,
    /// 仿宋 → FangSong), written as `w:altName` in the font table. Absent: the default
    /// template's.
    #[serde(default)]
    pub font_fallbacks: Option<BTreeMap<String, String>>,
}

/// Page size and margins, in millimetres.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Page width.
    pub width_mm: f64,
    /// Page height.
    pub height_mm: f64,
    /// Top margin.
    pub margin_top_mm: f64,
    /// Bottom margin.
    pub margin_bottom_mm: f64,
    /// Left margin.
    pub margin_left_mm: f64,
    /// Right margin.
    pub margin_right_mm: f64,
    /// Page edge to header text.
    pub header_mm: f64,
    /// Page edge to footer text.
    pub footer_mm: f64,
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
    /// Justified on both sides.
    Both,
}

impl Align {
    /// The `w:jc` value.
    pub fn ooxml(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::Both => "both",
        }
    }
}

/// A paragraph style.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Font name, used for every script (Latin, East Asian, complex).
    pub font: String,
    /// Size in points.
    pub size_pt: f64,
    /// Fixed line pitch in points; 0 for single spacing.
    pub line_pt: f64,
    /// First-line indent in characters.
    pub indent_chars: f64,
    /// Alignment.
    pub align: Align,
    /// Bold.
    pub bold: bool,
    /// Space before the paragraph, in points.
    pub space_before_pt: f64,
    /// Space after the paragraph, in points.
    pub space_after_pt: f64,
}

/// Page numbers in the footer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footer {
    /// Font name.
    pub font: String,
    /// Size in points.
    pub size_pt: f64,
    /// The printed number, with `{page}` where the number goes ("— {page} —").
    pub page_number: String,
    /// Alignment on odd pages.
    pub odd_align: Align,
    /// Alignment on even pages.
    pub even_align: Align,
    /// Indent from the page side the number sits on, in characters.
    pub side_indent_chars: f64,
}

/// Why a style template cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StyleError {
    /// TOML syntax, a missing key or a value of the wrong type.
    #[error("Word 样式模板格式错误：{0}")]
    Syntax(String),
    /// A value out of its sensible range.
    #[error("Word 样式模板有误：{0}")]
    Invalid(String),
}

impl Default for Style {
    /// The embedded GB/T 9704 template.
    fn default() -> Self {
        static DEFAULT: std::sync::OnceLock<Style> = std::sync::OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                // The embedded template is checked by the test `embedded_template_is_valid`.
                Style::from_toml(DEFAULT_TEMPLATE).expect("embedded style template is valid")
            })
            .clone()
    }
}

impl Style {
    /// Reads a style template.
    ///
    /// # Errors
    /// [`StyleError::Syntax`] when the TOML is malformed or a key is missing or unknown;
    /// [`StyleError::Invalid`] when a value is out of range (margins wider than the page …).
    pub fn from_toml(source: &str) -> Result<Style, StyleError> {
        let style: Style = toml::from_str(source).map_err(|e| StyleError::Syntax(e.to_string()))?;
        style.validate().map_err(StyleError::Invalid)?;
        Ok(style)
    }

    fn validate(&self) -> Result<(), String> {
        let p = &self.page;
        let range = |what: &str, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("{what} = {v} 超出范围 {lo}–{hi}"))
            }
        };
        range("page.width_mm", p.width_mm, 50.0, 2000.0)?;
        range("page.height_mm", p.height_mm, 50.0, 2000.0)?;
        for (what, v) in [
            ("page.margin_top_mm", p.margin_top_mm),
            ("page.margin_bottom_mm", p.margin_bottom_mm),
            ("page.margin_left_mm", p.margin_left_mm),
            ("page.margin_right_mm", p.margin_right_mm),
            ("page.header_mm", p.header_mm),
            ("page.footer_mm", p.footer_mm),
        ] {
            range(what, v, 0.0, 500.0)?;
        }
        if p.width_mm - p.margin_left_mm - p.margin_right_mm < 30.0 {
            return Err("左右页边距之和太大，正文宽度不足 30 mm".into());
        }
        if p.height_mm - p.margin_top_mm - p.margin_bottom_mm < 30.0 {
            return Err("上下页边距之和太大，正文高度不足 30 mm".into());
        }
        for (name, t) in [
            ("body", &self.body),
            ("title", &self.title),
            ("heading1", &self.heading1),
            ("heading2", &self.heading2),
            ("table", &self.table),
        ] {
            font_name(&format!("{name}.font"), &t.font)?;
            range(&format!("{name}.size_pt"), t.size_pt, 1.0, 400.0)?;
            if t.line_pt != 0.0 {
                range(&format!("{name}.line_pt"), t.line_pt, 1.0, 1000.0)?;
            }
            range(&format!("{name}.indent_chars"), t.indent_chars, 0.0, 20.0)?;
            range(
                &format!("{name}.space_before_pt"),
                t.space_before_pt,
                0.0,
                1000.0,
            )?;
            range(
                &format!("{name}.space_after_pt"),
                t.space_after_pt,
                0.0,
                1000.0,
            )?;
        }
        for (from, to) in self.font_fallbacks.iter().flatten() {
            font_name("font_fallbacks", from)?;
            font_name(&format!("font_fallbacks.\"{from}\""), to)?;
        }
        let f = &self.footer;
        font_name("footer.font", &f.font)?;
        range("footer.size_pt", f.size_pt, 1.0, 400.0)?;
        range("footer.side_indent_chars", f.side_indent_chars, 0.0, 20.0)?;
        if f.page_number.matches("{page}").count() != 1 {
            return Err("footer.page_number 应含且只含一个 {page}".into());
        }
        if f.page_number.chars().any(char::is_control) {
            return Err("footer.page_number 含有控制字符".into());
        }
        Ok(())
    }

    /// The font set in place of `font` where it is missing: this template's
    /// `[font_fallbacks]`, else the default template's.
    pub fn font_fallback(&self, font: &str) -> Option<&str> {
        match &self.font_fallbacks {
            Some(map) => map.get(font).map(String::as_str),
            None => default_fallbacks().get(font).map(String::as_str),
        }
    }

    /// True when `font` stands in (directly or further down the chain) for a Chinese font of
    /// the fallbacks (FangSong for 仿宋).
    pub fn is_fallback_of_chinese(&self, font: &str) -> bool {
        let map = self
            .font_fallbacks
            .as_ref()
            .unwrap_or_else(|| default_fallbacks());
        map.keys().filter(|k| !k.is_ascii()).any(|chinese| {
            // Follow the chain a bounded number of steps, so that a cycle ends.
            let mut at = map.get(chinese);
            for _ in 0..map.len() {
                match at {
                    Some(f) if f == font => return true,
                    Some(f) => at = map.get(f),
                    None => break,
                }
            }
            false
        })
    }

    /// Width of the text block in twips (page width minus left and right margins).
    pub fn text_width_twips(&self) -> u32 {
        mm_to_twips(self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm)
    }
}

/// The default template's `[font_fallbacks]`.
fn default_fallbacks() -> &'static BTreeMap<String, String> {
    static MAP: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| Style::default().font_fallbacks.unwrap_or_default())
}

fn font_name(what: &str, name: &str) -> Result<(), String> {
    if name.trim().is_empty() || name.chars().count() > 31 || name.chars().any(char::is_control) {
        return Err(format!("{what} 应为 1–31 个字符的字体名称"));
    }
    Ok(())
}

/// Millimetres to twips (1/1440 inch), rounded.
pub fn mm_to_twips(mm: f64) -> u32 {
    (mm * 1440.0 / 25.4).round().max(0.0) as u32
}

/// Points to twips, rounded.
pub fn pt_to_twips(pt: f64) -> u32 {
    (pt * 20.0).round().max(0.0) as u32
}

/// Points to half-points (`w:sz`), rounded.
pub fn pt_to_half_points(pt: f64) -> u32 {
    (pt * 2.0).round().max(1.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_template_is_valid() {
        let s = Style::from_toml(DEFAULT_TEMPLATE).expect("valid");
        assert_eq!(s.body.font, "仿宋_GB2312");
        assert_eq!(s.text_width_twips(), 8844);
    }

    #[test]
    fn rejects_margins_wider_than_the_page() {
        let src = DEFAULT_TEMPLATE.replace("margin_left_mm = 28", "margin_left_mm = 190");
        assert!(matches!(
            Style::from_toml(&src),
            Err(StyleError::Invalid(m)) if m.contains("正文宽度")
        ));
    }

    #[test]
    fn rejects_unknown_and_missing_keys() {
        let unknown = format!("colour = 1\n{DEFAULT_TEMPLATE}");
        assert!(matches!(
            Style::from_toml(&unknown),
            Err(StyleError::Syntax(_))
        ));
        let missing = DEFAULT_TEMPLATE.replace("size_pt = 10.5\n", "");
        assert!(matches!(
            Style::from_toml(&missing),
            Err(StyleError::Syntax(_))
        ));
    }

    #[test]
    fn rejects_page_number_without_placeholder() {
        let src = DEFAULT_TEMPLATE.replace("\"— {page} —\"", "\"— N —\"");
        assert!(matches!(
            Style::from_toml(&src),
            Err(StyleError::Invalid(_))
        ));
    }

    #[test]
    fn converts_units() {
        assert_eq!(mm_to_twips(37.0), 2098);
        assert_eq!(pt_to_twips(28.9), 578);
        assert_eq!(pt_to_half_points(10.5), 21);
    }
}
