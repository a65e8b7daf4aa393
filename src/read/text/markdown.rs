//! Markdown as document converters and language-model tools write it: `#` headings, `**bold**`
//! marks, pipe tables with a `|---|` line under a header row that is often the tool's own
//! ("列1 … 列6", or empty), paragraphs wrapped over lines. Read into the neutral document — headings
//! with their level, tables as grids — so that the recogniser sees what it sees from Word.

use crate::document::{Block, Cell, Document, Paragraph, Place, Row, Table};

/// True when the lines read as markdown: a pipe table with its `|---|` line, or at least two
/// `#` headings. Pipe rows alone (text copied from a web page) are not markdown.
pub fn is_markdown(lines: &[String]) -> bool {
    let separator = lines
        .windows(2)
        .any(|w| is_pipe_row(&w[0]) && is_separator(&w[1]));
    separator || lines.iter().filter(|l| atx_heading(l).is_some()).count() >= 2
}

/// `# text` (up to three spaces before, one to six marks, a space after): (level, text).
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let t = line.strip_prefix("   ").or_else(|| line.strip_prefix("  "));
    let t = t.or_else(|| line.strip_prefix(' ')).unwrap_or(line);
    let marks = t.len() - t.trim_start_matches('#').len();
    if !(1..=6).contains(&marks) {
        return None;
    }
    let rest = &t[marks..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    // A closing run of marks is not the heading's ("## 总体情况 ##").
    let text = rest.trim();
    let text = match text.trim_end_matches('#') {
        stripped if stripped.ends_with([' ', '\t']) || stripped.is_empty() => stripped.trim_end(),
        _ => text,
    };
    Some((marks as u8, text))
}

fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.len() > 1 || t.matches('|').count() >= 2
}

/// `|---|:---:|`: the line under a pipe table's header row.
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// `***`, `---`, `___` alone on a line: a thematic break.
fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

/// The cells of a pipe row, split at the bars that are not escaped (`\|`).
fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        out.push(cell);
    }
    out.iter().map(|c| inline(c.trim())).collect()
}

/// A header row that is the tool's, not the report's: every cell empty, or every cell a column
/// number ("列1", "Column 2", "字段3").
fn is_invented_header(cells: &[String]) -> bool {
    const WORDS: &[&str] = &["列", "字段", "column", "col", "栏"];
    cells.iter().all(|c| c.trim().is_empty())
        || cells.iter().all(|c| {
            let lower = c.trim().to_lowercase();
            let digits = lower.trim_end_matches(|ch: char| ch.is_ascii_digit());
            digits.len() < lower.len() && WORDS.contains(&digits.trim())
        })
}

/// Inline markup dropped, text kept: `**bold**`, `__bold__`, `*emphasis*`, `~~struck~~`,
/// `[text](link)`, backslash escapes, `<br>` (a line break), HTML entities.
fn inline(text: &str) -> String {
    let mut s = text.to_string();
    for br in ["<br />", "<br/>", "<br>", "<BR>"] {
        s = s.replace(br, "\n");
    }
    for mark in ["**", "__", "~~"] {
        if s.matches(mark).count() >= 2 {
            s = s.replace(mark, "");
        }
    }
    s = links(&s);
    let mut out = String::with_capacity(s.len());
    // Stars in pairs are emphasis; an odd one out ("3*4") is text, and so are all of them then.
    let stars = s.matches('*').count();
    let emphasis = stars > 0 && stars.is_multiple_of(2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(chars.next());
            }
            '*' if emphasis => {}
            _ => out.push(c),
        }
    }
    for (entity, ch) in [
        ("&nbsp;", "\u{a0}"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ] {
        out = out.replace(entity, ch);
    }
    out
}

/// `[text](target)` → text; `![alt](image)` → nothing.
fn links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        let image = rest[..open].ends_with('!');
        out.push_str(&rest[..open - usize::from(image)]);
        if !image {
            out.push_str(&rest[open + 1..close]);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// True for a character of CJK text (no space goes between two lines of it when they are joined).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// Lines of one paragraph joined: nothing between CJK text, a space between words.
fn join(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        let cjk_seam =
            out.chars().last().is_some_and(is_cjk) || l.chars().next().is_some_and(is_cjk);
        if !out.is_empty() && !cjk_seam {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// A list item's marker (`- `, `* `, `+ `), which markdown prints and the report did not.
fn strip_bullet(line: &str) -> &str {
    let t = line.trim_start();
    for m in ["- ", "* ", "+ ", "> "] {
        if let Some(rest) = t.strip_prefix(m) {
            return rest;
        }
    }
    line
}

struct Builder {
    blocks: Vec<Block>,
    para: Vec<(usize, String)>,
}

impl Builder {
    fn flush(&mut self) {
        if self.para.is_empty() {
            return;
        }
        let line = self.para[0].0;
        let texts: Vec<&str> = self.para.iter().map(|(_, t)| t.as_str()).collect();
        let text = inline(&join(&texts));
        self.para.clear();
        self.blocks
            .push(Block::Paragraph(Paragraph::new(text, Place::Line { line })));
    }
}

/// Reads markdown lines (already decoded and split) into a document.
pub fn parse(lines: &[String]) -> Document {
    let mut b = Builder {
        blocks: Vec::new(),
        para: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let n = i + 1;
        if line.trim().is_empty() {
            b.flush();
            i += 1;
            continue;
        }
        if super::page_marks::is_page_number(line) {
            i += 1;
            continue;
        }
        if let Some((level, text)) = atx_heading(line) {
            b.flush();
            let mut p = Paragraph::new(inline(text), Place::Line { line: n });
            p.heading = Some(level);
            b.blocks.push(Block::Paragraph(p));
            i += 1;
            continue;
        }
        // Setext: a paragraph line underlined with === or ---.
        let underline = line.trim();
        if b.para.len() == 1
            && !underline.is_empty()
            && (underline.chars().all(|c| c == '=') || underline.chars().all(|c| c == '-'))
        {
            let (at, text) = b.para.remove(0);
            let mut p = Paragraph::new(inline(&text), Place::Line { line: at });
            p.heading = Some(if underline.starts_with('=') { 1 } else { 2 });
            b.blocks.push(Block::Paragraph(p));
            i += 1;
            continue;
        }
        if is_pipe_row(line) {
            b.flush();
            i = table(lines, i, &mut b);
            continue;
        }
        if is_rule(line) {
            b.flush();
            i += 1;
            continue;
        }
        // A hard line break (two spaces or a backslash at the end) ends the line's paragraph.
        let hard = line.ends_with("  ") || line.ends_with('\\');
        let text = strip_bullet(line).trim_end_matches('\\');
        if strip_bullet(line).len() != line.len() {
            b.flush();
        }
        b.para.push((n, text.to_string()));
        if hard {
            b.flush();
        }
        i += 1;
    }
    b.flush();
    Document {
        blocks: b.blocks,
        notes: Vec::new(),
    }
}

/// Reads the pipe table starting at line `start`; returns the line after it.
fn table(lines: &[String], start: usize, b: &mut Builder) -> usize {
    let mut t = Table {
        place: Place::Line { line: start + 1 },
        ..Table::default()
    };
    let mut i = start;
    let headed = lines.get(start + 1).is_some_and(|l| is_separator(l));
    while i < lines.len() && is_pipe_row(&lines[i]) && !lines[i].trim().is_empty() {
        let line = &lines[i];
        i += 1;
        if is_separator(line) {
            continue;
        }
        let mut cells = cells(line);
        // Empty cells at the end of a row are the padding every row gets to the header's width
        // (a label followed by them would read as a row of blank values).
        while cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        // The tool's header is not the report's: left out, as a page number is.
        if headed && i == start + 1 && (cells.is_empty() || is_invented_header(&cells)) {
            continue;
        }
        t.rows.push(Row {
            cells: (cells.into_iter().enumerate())
                .map(|(col, text)| Cell::new(text, col, Place::Line { line: i }))
                .collect(),
            header: false,
        });
    }
    if !t.rows.is_empty() {
        b.blocks.push(Block::Table(t));
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        parse(&text.lines().map(String::from).collect::<Vec<_>>())
    }

    fn paragraphs(d: &Document) -> Vec<(Option<u8>, String)> {
        (d.blocks.iter())
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.heading, p.text.clone())),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn tells_markdown_from_pipe_rows_copied_from_a_web_page() {
        let lines = |t: &str| t.lines().map(String::from).collect::<Vec<_>>();
        assert!(is_markdown(&lines("| a | b |\n|---|---|\n| 1 | 2 |")));
        assert!(is_markdown(&lines("# 标题\n正文\n## 一、总体情况")));
        assert!(!is_markdown(&lines("| 规章 | 1 |\n| 行政许可 | 2 |")));
        assert!(!is_markdown(&lines("#1 号文件\n正文")));
    }

    #[test]
    fn reads_headings_with_their_level_and_drops_bold_marks() {
        let d = doc("# 某某局2023年报告\n\n## 一、总体情况 ##\n\n**（一）主动公开方面**\n\n正文");
        assert_eq!(
            paragraphs(&d),
            [
                (Some(1), "某某局2023年报告".to_string()),
                (Some(2), "一、总体情况".to_string()),
                (None, "（一）主动公开方面".to_string()),
                (None, "正文".to_string()),
            ]
        );
    }

    #[test]
    fn joins_the_lines_of_a_paragraph_and_keeps_paragraph_breaks() {
        let d = doc("2023年，本机关\n高度重视。\nSee the\nreport.\n\n第二段");
        assert_eq!(
            paragraphs(&d),
            [
                (None, "2023年，本机关高度重视。See the report.".to_string()),
                (None, "第二段".to_string())
            ]
        );
    }

    #[test]
    fn drops_an_invented_or_empty_header_row_and_keeps_a_real_one() {
        let d = doc(
            "| 列1 | 列2 |\n|---|---|\n| 规章 | 1 |\n\n|  |  |\n|:-:|--|\n| 行政许可 | 2 |\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 3 |",
        );
        let tables: Vec<&Table> = (d.blocks.iter())
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect();
        assert_eq!(tables.len(), 3);
        assert_eq!(tables[0].rows.len(), 1);
        assert_eq!(tables[0].rows[0].cells[1].text, "1");
        assert_eq!(tables[0].rows[0].cells[1].place, Place::Line { line: 3 });
        assert_eq!(tables[1].rows.len(), 1);
        assert_eq!(
            tables[2].rows.len(),
            2,
            "a header of the report's own is kept"
        );
    }

    #[test]
    fn keeps_empty_cells_in_their_columns_and_unescapes_bars() {
        let d = doc("| a | b | c |\n|---|---|---|\n|  | x \\| y | 3 |");
        let Block::Table(t) = &d.blocks[0] else {
            panic!("a table")
        };
        let texts: Vec<&str> = t.rows[1].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["", "x | y", "3"]);
        // Padding at the end of a row is not a row of blank values.
        let d = doc("| 行政复议 | 行政诉讼 |  |  |\n|---|---|---|---|\n| 复议后起诉 |  |  |  |");
        let Block::Table(t) = &d.blocks[0] else {
            panic!("a table")
        };
        assert_eq!(t.rows[0].cells.len(), 2);
        assert_eq!(t.rows[1].cells.len(), 1);
    }

    #[test]
    fn drops_links_emphasis_and_escapes_but_not_stars_in_text() {
        assert_eq!(inline("见[门户网站](http://x.cn)"), "见门户网站");
        assert_eq!(inline("**加粗**与*强调*"), "加粗与强调");
        assert_eq!(inline("1\\. 属于"), "1. 属于");
        assert_eq!(inline("3*4"), "3*4");
        assert_eq!(inline("上<br>下"), "上\n下");
    }
}
