//! Lines into paragraphs and the page flow into blocks: a paragraph ends where a line stops
//! short of the right margin, before an indented line, at a wider gap or a change of font size;
//! a paragraph wrapped onto the next page continues there; a table that goes on at the top of
//! the next page is joined into one.

use super::geom::Rect;
use super::grid::Draft;
use super::lines::{Line, is_cjk, join_wrapped};
use crate::document::{Block, Paragraph};

/// What a page holds in reading order.
pub(super) enum Item<'a> {
    /// A line of running text.
    Line(Line<'a>),
    /// A table.
    Table(Draft),
}

impl Item<'_> {
    /// The top edge, for sorting a page's items.
    pub fn top(&self) -> f64 {
        match self {
            Item::Line(l) => l.rect.top,
            Item::Table(t) => t.bbox.top,
        }
    }
}

/// A page's items, top to bottom.
pub(super) struct PageFlow<'a> {
    /// Page number, 1-based.
    pub number: usize,
    /// The items, top to bottom.
    pub items: Vec<Item<'a>>,
}

/// The margins of the running text: the left edge wrapped lines start at and the right edge
/// they reach.
#[derive(Debug, Clone, Copy)]
struct Margins {
    left: f64,
    right: f64,
}

/// A gap between two lines wider than this share of the font size starts a new paragraph.
const PARAGRAPH_GAP: f64 = 0.9;
/// A line ending more than this share of the font size short of the right margin ends its
/// paragraph.
const SHORT: f64 = 1.5;
/// A line starting more than this share of the font size right of the left margin is indented.
const INDENT: f64 = 0.8;

/// The margins of all running text: the edges a fifth of the lines reach (a stray line further
/// out, or punctuation hanging in the margin, does not move them).
fn margins(flows: &[PageFlow<'_>]) -> Margins {
    let mut lefts = Vec::new();
    let mut rights = Vec::new();
    for flow in flows {
        for item in &flow.items {
            if let Item::Line(l) = item
                && !l.vertical
            {
                lefts.push(l.rect.x0);
                rights.push(l.rect.x1);
            }
        }
    }
    lefts.sort_by(f64::total_cmp);
    rights.sort_by(|a, b| b.total_cmp(a));
    let k = (lefts.len() / 5).min(50);
    Margins {
        left: lefts.get(k).copied().unwrap_or(0.0),
        right: rights.get(k).copied().unwrap_or(f64::INFINITY),
    }
}

/// A paragraph being gathered.
struct Open {
    text: String,
    page: usize,
    first: Rect,
    last: Rect,
    size: f64,
    /// Where the last line ends.
    end: f64,
}

/// Turns the pages' flows into blocks in reading order.
pub(super) fn blocks(flows: Vec<PageFlow<'_>>) -> Vec<Block> {
    let m = margins(&flows);
    let mut out: Vec<Pending> = Vec::new();
    let mut open: Option<Open> = None;
    let mut last_page = 0;
    for flow in flows {
        let count = flow.items.len();
        for (i, item) in flow.items.into_iter().enumerate() {
            match item {
                Item::Table(draft) => {
                    if let Some(p) = open.take() {
                        out.push(Pending::Paragraph(p));
                    }
                    let first_on_page = i == 0;
                    match out.last_mut() {
                        Some(Pending::Table(prev, ended_page, prev_page))
                            if first_on_page
                                && *ended_page
                                && *prev_page + 1 == flow.number
                                && prev.continues_into(&draft) =>
                        {
                            prev.append(draft);
                            *ended_page = i + 1 == count;
                            *prev_page = flow.number;
                        }
                        _ => out.push(Pending::Table(draft, i + 1 == count, flow.number)),
                    }
                }
                Item::Line(line) => {
                    let text = line.text();
                    let continues = open
                        .as_ref()
                        .is_some_and(|p| goes_on(p, &line, flow.number, last_page, &m));
                    if (line.vertical || !continues)
                        && let Some(p) = open.take()
                    {
                        out.push(Pending::Paragraph(p));
                    }
                    match &mut open {
                        Some(p) if continues && !line.vertical => {
                            join_wrapped(&mut p.text, &text);
                            p.last = line.rect;
                            p.end = line.rect.x1;
                        }
                        _ => {
                            open = Some(Open {
                                text,
                                page: flow.number,
                                first: line.rect,
                                last: line.rect,
                                size: line.size,
                                end: if line.vertical {
                                    f64::NEG_INFINITY
                                } else {
                                    line.rect.x1
                                },
                            })
                        }
                    }
                    last_page = flow.number;
                }
            }
        }
        // A table ends its page only when nothing follows it there.
    }
    if let Some(p) = open.take() {
        out.push(Pending::Paragraph(p));
    }
    out.into_iter()
        .map(|p| match p {
            Pending::Paragraph(p) => {
                Block::Paragraph(Paragraph::new(p.text, p.first.place(p.page)))
            }
            Pending::Table(t, _, _) => Block::Table(t.into_table()),
        })
        .collect()
}

/// A block not yet final: a table keeps whether it ended its page and that page's number.
enum Pending {
    Paragraph(Open),
    Table(Draft, bool, usize),
}

/// True when `line` continues paragraph `p`: the paragraph's last line was wrapped (it reached
/// the right margin, or what `line` starts with would not have fitted in the room left), the
/// line is not indented, has the same size, and follows closely (on the same page) or starts
/// the next page.
fn goes_on(p: &Open, line: &Line<'_>, page: usize, last_page: usize, m: &Margins) -> bool {
    let size = p.size.max(line.size).max(1.0);
    let same_size = (p.size - line.size).abs() <= 0.1 * size;
    let indented = line.rect.x0 > m.left + INDENT * size;
    let close = if page == last_page {
        let gap = line.rect.top - p.last.bottom;
        gap <= PARAGRAPH_GAP * size && gap > -0.5 * size
    } else {
        page == last_page + 1
    };
    let room = m.right - p.end;
    let wrapped = room <= SHORT * size || leading_unit(line) > room;
    wrapped && same_size && !indented && close
}

/// The width of what a line starts with that a line break cannot split: a Latin word (up to a
/// space or a CJK character) or one character, after any opening brackets and quotes, with the
/// closing punctuation that follows it (which cannot start a line).
fn leading_unit(line: &Line<'_>) -> f64 {
    let glyphs = &line.glyphs;
    let Some(first) = glyphs.first() else {
        return 0.0;
    };
    let starts = |i: usize| glyphs.get(i).and_then(|g| g.text.chars().next());
    let touching = |i: usize| glyphs[i].x0 - glyphs[i - 1].x1 <= 0.2 * line.size;
    let mut end = 0;
    while starts(end).is_some_and(|c| OPENING.contains(c)) && end + 1 < glyphs.len() {
        end += 1;
    }
    if starts(end).is_some_and(|c| !is_cjk(c)) {
        while starts(end + 1).is_some_and(|c| !is_cjk(c)) && touching(end + 1) {
            end += 1;
        }
    }
    while starts(end + 1).is_some_and(|c| CLOSING.contains(c)) && touching(end + 1) {
        end += 1;
    }
    glyphs[end].x1 - first.x0
}

/// Punctuation that cannot end a line.
const OPENING: &str = "《“‘（(〈「『【〔［";
/// Punctuation that cannot start a line.
const CLOSING: &str = "，。、；：？！）》”’」』】〕］,.;:?!)";

#[cfg(test)]
mod tests {
    use super::super::lines::{self, tests::run};
    use super::*;
    use crate::read::pdf::page::Glyph;

    /// Pages of lines (text, x, top) at 10 points.
    fn glyphs(pages: &[&[(&str, f64, f64)]]) -> Vec<Vec<Glyph>> {
        pages
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .flat_map(|(t, x, top)| run(t, *x, *top, 10.0))
                    .collect()
            })
            .collect()
    }

    fn paragraphs(pages: &[&[(&str, f64, f64)]]) -> Vec<String> {
        let glyphs = glyphs(pages);
        let flows = glyphs
            .iter()
            .enumerate()
            .map(|(i, g)| PageFlow {
                number: i + 1,
                items: lines::build(g).into_iter().map(Item::Line).collect(),
            })
            .collect();
        blocks(flows)
            .into_iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text,
                Block::Table(_) => "<table>".into(),
            })
            .collect()
    }

    /// Ten CJK characters: a full line from x 100 to 200.
    const FULL: &str = "一二三四五六七八九十";

    #[test]
    fn wrapped_lines_join_and_a_short_line_ends_the_paragraph() {
        let got = paragraphs(&[&[
            (FULL, 100.0, 100.0),
            ("完了。", 100.0, 114.0),
            (FULL, 100.0, 128.0),
            ("二段", 100.0, 142.0),
        ]]);
        assert_eq!(got, [format!("{FULL}完了。"), format!("{FULL}二段")]);
    }

    #[test]
    fn an_indented_line_starts_a_paragraph_and_a_latin_word_wrap_keeps_its_space() {
        let got = paragraphs(&[&[
            (FULL, 100.0, 100.0),
            ("  下一段", 100.0, 114.0),
            ("see the long", 100.0, 142.0),
            ("word wraps", 100.0, 156.0),
            (FULL, 100.0, 170.0),
        ]]);
        assert_eq!(got[0], FULL);
        assert_eq!(got[1], "下一段");
        assert!(got[2].starts_with("see the long"), "{got:?}");
    }

    #[test]
    fn a_paragraph_goes_on_across_a_page_break() {
        let got = paragraphs(&[
            &[(FULL, 100.0, 100.0), (FULL, 100.0, 114.0)],
            &[
                ("续完。", 100.0, 50.0),
                (FULL, 100.0, 64.0),
                ("末。", 100.0, 78.0),
            ],
        ]);
        assert_eq!(got, [format!("{FULL}{FULL}续完。"), format!("{FULL}末。")]);
    }

    #[test]
    fn a_wide_gap_ends_a_paragraph() {
        let got = paragraphs(&[&[
            (FULL, 100.0, 100.0),
            (FULL, 100.0, 140.0),
            ("止", 100.0, 154.0),
        ]]);
        assert_eq!(got, [FULL.to_string(), format!("{FULL}止")]);
    }
}
