//! Word writer: the standard-format report as a .docx an office can publish as it is.
//!
//! We write the OOXML ourselves (string building, zip) so that every element is in schema order.
//! What is printed comes from the model and the [`Standard`] (section numbers, table labels);
//! how it looks comes from a [`Style`] template (`templates/style-gov.toml` by default).
//!
//! Layout of the body, which the recogniser reads back into the same model: the title lines,
//! the preamble paragraphs, then per section its heading "<number>、<heading>", its standard
//! table (right after the heading), its paragraphs, then its other tables.

mod parts;
pub mod style;
mod subheading;
mod table;
mod xml;

pub use style::{Style, StyleError};

use super::WriteError;
use crate::model::{Report, Section};
use crate::standard::Standard;
use parts::ids;
use subheading::Prose;
use xml::{NS_R, NS_W, ParaProps, paragraph_into, paragraph_runs_into};

/// Writes the report as a .docx.
///
/// # Errors
/// [`WriteError::Docx`] when the document cannot be assembled.
///
/// # Example
/// ```
/// use gongkai::{model::Report, standard, write::docx};
/// let std = standard::current();
/// let bytes = docx::write(&Report::empty(std), std, &docx::Style::default())?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), gongkai::write::WriteError>(())
/// ```
pub fn write(report: &Report, std: &Standard, style: &Style) -> Result<Vec<u8>, WriteError> {
    let title = title_text(report, std);
    let body = document_xml(report, std, style, title.as_deref());
    parts::package(&body, style, title.as_deref())
}

/// The title as printed: the model's, else composed from organ and year; `None` if neither.
fn title_text(report: &Report, std: &Standard) -> Option<String> {
    let m = &report.meta;
    if let Some(t) = m.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return Some(t.to_string());
    }
    match (&m.organ, m.year) {
        (None, None) => None,
        (organ, year) => Some(format!(
            "{}{}{}",
            organ.as_deref().unwrap_or(""),
            year.map(|y| format!("{y}年")).unwrap_or_default(),
            std.title_suffix
        )),
    }
}

/// The title as printed lines: organ on its own line when the title starts with it and the rest
/// starts with the year (or the standard suffix), as official titles are set; else one line.
fn title_lines<'t>(title: &'t str, organ: Option<&str>, std: &Standard) -> Vec<&'t str> {
    if let Some(organ) = organ.filter(|o| !o.is_empty())
        && let Some(rest) = title.strip_prefix(organ)
        && organ.chars().count() <= 40
        && organ.trim() == organ
        && !organ.contains('。')
        && (crate::cn::starts_with_year(rest) || rest.starts_with(std.title_suffix.as_str()))
    {
        return vec![&title[..organ.len()], rest];
    }
    vec![title]
}

/// "2023-01-01" → "2023年1月1日"; anything else as it is.
fn chinese_date(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts[..] {
        [y, m, d] => format!("{y}年{m}月{d}日"),
        _ => iso.to_string(),
    }
}

/// An opening paragraph composed from the facts, for a model that has them but no preamble
/// (e.g. edited JSON): the period after the standard's period marker, the contacts under the
/// standard's labels. `None` when there is nothing to say.
fn opening(report: &Report, std: &Standard) -> Option<String> {
    let m = &report.meta;
    let mut text = String::new();
    if let (Some(start), Some(end), Some(marker)) =
        (&m.period_start, &m.period_end, std.period.markers.first())
    {
        text.push_str(&format!(
            "本年度报告中所列数据的{marker}自{}起，至{}止。",
            chinese_date(start),
            chinese_date(end)
        ));
    }
    let contacts: Vec<String> = std
        .meta
        .iter()
        .filter_map(|f| m.contact.get(&f.id).map(|v| format!("{}：{v}", f.label)))
        .collect();
    if !contacts.is_empty() {
        let organ = m.organ.as_deref().unwrap_or("本机关");
        text.push_str(&format!(
            "如对报告内容有疑问，请与{organ}联系（{}）。",
            contacts.join("；")
        ));
    }
    (!text.is_empty()).then_some(text)
}

const CN_DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A section number in Chinese numerals (1 → 一, 12 → 十二, 21 → 二十一); Arabic beyond 99.
fn chinese_number(n: u32) -> String {
    match n {
        1..=9 => CN_DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", CN_DIGITS[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            CN_DIGITS[(n / 10) as usize],
            CN_DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// The value of a Chinese section number of the standard ("六" → 6).
fn number_value(number: &str) -> Option<u32> {
    (1..=99).find(|n| chinese_number(*n) == number)
}

/// Body content being written: remembers whether the last block was a table, since Word
/// joins tables that touch.
struct Body<'s> {
    out: String,
    style: &'s Style,
    after_table: bool,
}

impl Body<'_> {
    fn paragraph(&mut self, style_id: &str, props: ParaProps, text: &str) {
        paragraph_into(&mut self.out, style_id, props, text);
        self.after_table = false;
    }

    fn table(&mut self, grid: &table::Grid) {
        if self.after_table {
            self.paragraph(ids::BODY, ParaProps::default(), "");
        }
        table::render_into(&mut self.out, grid);
        self.after_table = true;
    }

    /// A paragraph of prose: a sub-heading alone in the heading style; one running on into text
    /// as body text with its heading words in the heading's font (see [`subheading`]).
    fn prose(&mut self, text: &str) {
        match subheading::classify(text) {
            Prose::Heading(h) => self.paragraph(ids::HEADING2, ParaProps::default(), h),
            Prose::Body(b) => self.paragraph(ids::BODY, ParaProps::default(), b),
            Prose::RunIn { heading, rest } => {
                let rpr = parts::run_in_props(self.style);
                let runs = [(rpr.as_str(), heading), ("", rest)];
                paragraph_runs_into(&mut self.out, ids::BODY, ParaProps::default(), &runs);
                self.after_table = false;
            }
        }
    }

    fn section(&mut self, s: &Section, number: &str, report: &Report, std: &Standard) {
        if !s.heading.is_empty() {
            let keep = ParaProps {
                keep_next: true,
                ..ParaProps::default()
            };
            self.paragraph(ids::HEADING1, keep, &format!("{number}、{}", s.heading));
        }
        let table =
            s.id.as_deref()
                .and_then(|id| std.section(id))
                .and_then(|d| d.table.as_deref())
                .and_then(|t| std.table(t));
        if let Some(t) = table {
            self.table(&table::standard(t, report, self.style));
        }
        for p in &s.paragraphs {
            self.prose(p);
        }
        for rows in &s.other_tables {
            self.table(&table::plain(rows, self.style));
        }
    }
}

/// word/document.xml.
fn document_xml(report: &Report, std: &Standard, style: &Style, title: Option<&str>) -> String {
    let mut body = Body {
        out: String::with_capacity(64 * 1024),
        style,
        after_table: false,
    };
    body.out.push_str(xml::DECL);
    body.out.push_str(&format!(
        "<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>"
    ));
    if let Some(t) = title {
        for line in title_lines(t, report.meta.organ.as_deref(), std) {
            body.paragraph(ids::TITLE, ParaProps::default(), line);
        }
    }
    for p in &report.meta.preamble {
        body.paragraph(ids::BODY, ParaProps::default(), p);
    }
    if report.meta.preamble.is_empty()
        && let Some(opening) = opening(report, std)
    {
        body.paragraph(ids::BODY, ParaProps::default(), &opening);
    }
    let mut last = 0;
    let mut written: Vec<&str> = Vec::new();
    for s in &report.sections {
        let def = s.id.as_deref().and_then(|id| std.section(id));
        let number = match def {
            Some(d) => {
                last = number_value(&d.number).unwrap_or(last + 1);
                if let Some(t) = &d.table {
                    written.push(t);
                }
                d.number.clone()
            }
            None => {
                last += 1;
                chinese_number(last)
            }
        };
        body.section(s, &number, report, std);
    }
    // Tables whose section the model lacks: after the last section, so no value is lost.
    for t in &std.tables {
        if !written.contains(&t.id.as_str()) {
            body.table(&table::standard(t, report, style));
        }
    }
    if body.after_table {
        body.paragraph(ids::BODY, ParaProps::default(), "");
    }
    body.out.push_str(&parts::sect_pr(style));
    body.out.push_str("</w:body></w:document>");
    body.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    #[test]
    fn numbers_sections_in_chinese() {
        assert_eq!(chinese_number(7), "七");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(21), "二十一");
        assert_eq!(number_value("六"), Some(6));
    }

    #[test]
    fn splits_title_into_organ_and_rest_only_when_read_back_joins_them() {
        let std = standard::current();
        let organ = Some("某某局");
        assert_eq!(
            title_lines("某某局2023年政府信息公开工作年度报告", organ, std),
            vec!["某某局", "2023年政府信息公开工作年度报告"]
        );
        assert_eq!(
            title_lines("某某局关于2023年政府信息公开工作年度报告", organ, std),
            vec!["某某局关于2023年政府信息公开工作年度报告"]
        );
        assert_eq!(
            title_lines("2023年某某局政府信息公开工作年度报告", organ, std),
            vec!["2023年某某局政府信息公开工作年度报告"]
        );
    }

    #[test]
    fn composes_an_opening_from_period_and_contacts_when_there_is_no_preamble() {
        let std = standard::current();
        let mut r = Report::empty(std);
        assert_eq!(opening(&r, std), None);
        r.meta.period_start = Some("2023-01-01".into());
        r.meta.period_end = Some("2023-12-31".into());
        r.meta.organ = Some("某某局".into());
        r.meta.contact.insert("phone".into(), "0533-1234567".into());
        let text = opening(&r, std).expect("opening");
        assert!(text.contains("统计期限自2023年1月1日起，至2023年12月31日止。"));
        assert!(text.contains("请与某某局联系（电话：0533-1234567）。"));
    }

    #[test]
    fn composes_a_missing_title_from_organ_and_year() {
        let std = standard::current();
        let mut r = Report::empty(std);
        assert_eq!(title_text(&r, std), None);
        r.meta.organ = Some("某某局".into());
        r.meta.year = Some(2024);
        assert_eq!(
            title_text(&r, std).as_deref(),
            Some("某某局2024年政府信息公开工作年度报告")
        );
    }
}
