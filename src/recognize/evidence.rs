//! Is it a report at all? The evidence the recogniser found — the standard's tables and its
//! sections — decides: a file with none of either (a memo, a budget) is not a report, and one
//! with the tables and headings but nothing filled in is an unfilled template.

use super::Recognized;
use crate::finding::{Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::Standard;

/// Rule id of the recogniser's finding that a table was not found (one per table).
const MISSING_TABLE: &str = "import.missing_table";

/// Rule id of the finding that a report is an unfilled template.
pub const UNFILLED: &str = "import.unfilled";

/// Every table cell's value.
fn values(report: &Report) -> impl Iterator<Item = &Value> {
    report
        .tables
        .values()
        .flat_map(|t| t.values())
        .flat_map(|r| r.values())
}

/// Why the document is not a report, or `None` when it carries a standard table or section.
/// The text says what was looked for and not found.
pub fn not_a_report(recognized: &Recognized, std: &Standard) -> Option<String> {
    let missing = recognized
        .findings
        .iter()
        .filter(|f| f.rule == MISSING_TABLE)
        .count();
    let tables_found = std.tables.len().saturating_sub(missing);
    let sections_found = recognized
        .report
        .sections
        .iter()
        .filter(|s| s.id.is_some())
        .count();
    let any_value = values(&recognized.report).any(|v| !v.is_blank());
    if tables_found > 0 || sections_found > 0 || any_value {
        return None;
    }
    let tables: Vec<&str> = std
        .tables
        .iter()
        .filter_map(|t| std.section_of_table(&t.id).map(|s| s.number.as_str()))
        .collect();
    let sections: Vec<String> = std.sections.iter().map(|s| s.printed()).collect();
    let span = match sections.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, .., last] => format!("{first}……{last}"),
    };
    Some(format!(
        "没有找到标准格式的任何一张表格（第{}部分的表格），也没有找到其任何一个部分的标题（{span}）",
        tables.join("、")
    ))
}

/// A prose paragraph that holds words of the report: not empty and not a bracketed placeholder
/// such as `（本部分由本级机关填写）`.
fn is_written(paragraph: &str) -> bool {
    let t = paragraph.trim();
    let bracketed = (t.starts_with('（') && t.ends_with('）'))
        || (t.starts_with('(') && t.ends_with(')'))
        || (t.starts_with('【') && t.ends_with('】'));
    !t.is_empty() && !bracketed
}

/// An error finding when the report is an unfilled template: every table cell blank and no
/// prose beyond headings and bracketed placeholders.
pub fn unfilled(report: &Report) -> Option<Finding> {
    let blank = values(report).all(Value::is_blank);
    let prose = report
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .any(|p| is_written(p));
    (blank && !prose).then(|| {
        Finding::new(
            UNFILLED,
            Severity::Error,
            "这是一份未填写的报告模板：表格的单元格全部空白，正文只有标题或待填写的提示",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;
    use crate::standard;

    #[test]
    fn a_report_with_only_headings_and_blank_cells_is_unfilled() {
        let std = standard::current();
        let mut r = Report::empty(std);
        r.sections.push(Section {
            id: Some("overview".into()),
            heading: "总体情况".into(),
            paragraphs: vec!["（本部分由本级机关填写）".into()],
            other_tables: Vec::new(),
        });
        assert!(unfilled(&r).is_some());
        r.sections[0]
            .paragraphs
            .push("本年度，我局坚持公开为常态。".into());
        assert!(unfilled(&r).is_none());
        r.sections[0].paragraphs.pop();
        r.set("requests", "new", "total", Value::int(0));
        assert!(unfilled(&r).is_none());
    }
}
