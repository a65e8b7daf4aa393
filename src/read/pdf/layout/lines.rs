//! Glyphs into lines of text: grouped by baseline (mixed sizes and superscripts kept on their
//! line), ordered left to right, with spaces only where Latin words are apart; vertical text read
//! top to bottom in columns from right to left.

use super::geom::Rect;
use crate::read::pdf::page::Glyph;

/// A line of text: its glyphs in reading order and the box around them.
#[derive(Debug, Clone)]
pub(super) struct Line<'a> {
    /// The glyphs, left to right (top to bottom for vertical text).
    pub glyphs: Vec<&'a Glyph>,
    /// The box around the glyphs.
    pub rect: Rect,
    /// The typical font size of the line (the largest glyph height when sizes are missing).
    pub size: f64,
    /// True for a column of vertical text.
    pub vertical: bool,
}

impl<'a> Line<'a> {
    /// The text of the line: glyphs in order, a space only between two non-CJK glyphs that stand
    /// apart (a word gap), none around CJK characters ("2024 年" as printed reads "2024年").
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut prev: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(p) = prev {
                let gap = if self.vertical {
                    g.top - p.bottom
                } else {
                    g.x0 - p.x1
                };
                let size = glyph_size(p).max(glyph_size(g));
                if gap > WORD_GAP * size && needs_space(last_char(&out), first_char(&g.text)) {
                    out.push(' ');
                }
            }
            out.push_str(&g.text);
            prev = Some(g);
        }
        out
    }

    /// Splits the line where glyphs stand further apart than `gap` times the font size: the
    /// chunks a column layout (or a row of an unruled table) puts on one baseline.
    pub fn chunks(&self, gap: f64) -> Vec<Line<'a>> {
        let mut out: Vec<Line<'a>> = Vec::new();
        let mut start = 0;
        for i in 1..=self.glyphs.len() {
            let split = i == self.glyphs.len()
                || self.glyphs[i].x0 - self.glyphs[i - 1].x1 > gap * self.size;
            if split {
                out.push(Line::of(self.glyphs[start..i].to_vec(), self.vertical));
                start = i;
            }
        }
        out
    }

    /// A line made of `glyphs` (already in reading order).
    pub fn of(glyphs: Vec<&'a Glyph>, vertical: bool) -> Line<'a> {
        let rect = Rect::around(glyphs.iter().map(|g| Rect::of_glyph(g)));
        let mut sizes: Vec<f64> = glyphs.iter().map(|g| glyph_size(g)).collect();
        sizes.sort_by(f64::total_cmp);
        let size = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
        Line {
            glyphs,
            rect,
            size,
            vertical,
        }
    }
}

/// Gap between two glyphs, as a fraction of the font size, above which two Latin glyphs are
/// two words (a space is about a quarter of an em; letter spacing stays well below).
const WORD_GAP: f64 = 0.2;

/// The font size of a glyph, or its height when the extractor had none.
pub(super) fn glyph_size(g: &Glyph) -> f64 {
    if g.size.is_finite() && g.size > 0.0 {
        g.size
    } else {
        (g.bottom - g.top).abs()
    }
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// True when a gap between `a` and `b` reads as a space: neither is a CJK character or CJK
/// punctuation (Chinese text has no spaces; PDF producers space digits off CJK characters).
pub(super) fn needs_space(a: Option<char>, b: Option<char>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => !is_cjk(a) && !is_cjk(b) && !a.is_whitespace(),
        _ => false,
    }
}

/// CJK ideographs, radicals, kana, CJK punctuation and full-width forms, and the punctuation
/// Chinese text sets at full width (quotes, dashes, ellipsis, middle dot).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '–')
}

/// Joins the text of a line wrapped at the margin to the text before it: no space between CJK
/// characters, one space between Latin words.
pub(super) fn join_wrapped(out: &mut String, next: &str) {
    if needs_space(last_char(out), first_char(next)) {
        out.push(' ');
    }
    out.push_str(next);
}

/// Groups glyphs into lines: upright glyphs by baseline (top to bottom), then vertical glyphs
/// by column (right to left). Glyphs of white space are left out (gaps give the spaces).
pub(super) fn build<'a>(glyphs: impl IntoIterator<Item = &'a Glyph>) -> Vec<Line<'a>> {
    let mut upright = Vec::new();
    let mut vertical = Vec::new();
    for g in glyphs {
        if g.text.trim().is_empty() || !finite(g) {
            continue;
        }
        if g.upright {
            upright.push(g);
        } else {
            vertical.push(g);
        }
    }
    let mut lines = horizontal_lines(upright);
    lines.extend(vertical_lines(vertical));
    lines
}

fn finite(g: &Glyph) -> bool {
    [g.x0, g.x1, g.top, g.bottom].iter().all(|v| v.is_finite())
}

/// A line being gathered: its glyphs and vertical extent.
struct Open<'a> {
    glyphs: Vec<&'a Glyph>,
    top: f64,
    bottom: f64,
}

/// Sweeps glyphs sorted by their vertical centre; a glyph joins the open line it overlaps by at
/// least half its (or the line's) height, so a superscript or a bigger character stays on its
/// line. Lines no glyph can reach any more are closed as the sweep passes them, so the work
/// stays linear in the glyphs times the lines open at once.
fn horizontal_lines(mut glyphs: Vec<&Glyph>) -> Vec<Line<'_>> {
    glyphs.sort_by(|a, b| centre(a).total_cmp(&centre(b)).then(a.x0.total_cmp(&b.x0)));
    // A glyph reaches at most half the tallest glyph's height above its centre: lines ending
    // higher than that above the sweep can take no more glyphs.
    let reach = glyphs
        .iter()
        .map(|g| (g.bottom - g.top).abs())
        .fold(0.0, f64::max)
        / 2.0;
    let mut open: Vec<Open<'_>> = Vec::new();
    let mut done: Vec<Open<'_>> = Vec::new();
    for g in glyphs {
        let (top, bottom) = (g.top.min(g.bottom), g.top.max(g.bottom));
        let c = (top + bottom) / 2.0;
        let mut i = 0;
        while i < open.len() {
            if open[i].bottom <= c - reach {
                done.push(open.swap_remove(i));
            } else {
                i += 1;
            }
        }
        let h = (bottom - top).max(0.01);
        let best = open
            .iter_mut()
            .map(|l| {
                let overlap = l.bottom.min(bottom) - l.top.max(top);
                let need = 0.5 * h.min(l.bottom - l.top);
                (overlap - need, l)
            })
            .filter(|(score, _)| *score >= 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, l)| l);
        match best {
            Some(l) => {
                l.glyphs.push(g);
                l.top = l.top.min(top);
                l.bottom = l.bottom.max(bottom);
            }
            None => open.push(Open {
                glyphs: vec![g],
                top,
                bottom,
            }),
        }
    }
    done.extend(open);
    let mut lines: Vec<Line<'_>> = done
        .into_iter()
        .map(|mut l| {
            l.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            Line::of(dedupe(l.glyphs), false)
        })
        .collect();
    lines.sort_by(|a, b| a.rect.top.total_cmp(&b.rect.top));
    lines
}

fn centre(g: &Glyph) -> f64 {
    (g.top + g.bottom) / 2.0
}

/// Drops a glyph drawn again over itself (fake bold, shadowed text): same text, nearly the same
/// place as the glyph before it.
fn dedupe(glyphs: Vec<&Glyph>) -> Vec<&Glyph> {
    let mut out: Vec<&Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        if let Some(p) = out.last() {
            let w = (p.x1 - p.x0).abs().max(0.5);
            if p.text == g.text && (g.x0 - p.x0).abs() < 0.3 * w && (g.top - p.top).abs() < 1.0 {
                continue;
            }
        }
        out.push(g);
    }
    out
}

/// Vertical text: columns of glyphs by horizontal centre, each read top to bottom, columns from
/// right to left.
fn vertical_lines(mut glyphs: Vec<&Glyph>) -> Vec<Line<'_>> {
    glyphs.sort_by(|a, b| {
        let (ca, cb) = ((a.x0 + a.x1) / 2.0, (b.x0 + b.x1) / 2.0);
        cb.total_cmp(&ca)
    });
    let mut columns: Vec<Vec<&Glyph>> = Vec::new();
    let mut last_centre = f64::NAN;
    for g in glyphs {
        let c = (g.x0 + g.x1) / 2.0;
        let width = (g.x1 - g.x0).abs().max(glyph_size(g) * 0.5);
        match columns.last_mut() {
            Some(col) if (last_centre - c).abs() <= width * 0.5 => col.push(g),
            _ => columns.push(vec![g]),
        }
        last_centre = c;
    }
    columns
        .into_iter()
        .map(|mut col| {
            col.sort_by(|a, b| a.top.total_cmp(&b.top));
            Line::of(col, true)
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A glyph of `size` points with its left edge at `x` and top at `top`, as wide as a CJK
    /// character (Latin letters and digits half as wide).
    pub fn glyph(text: &str, x: f64, top: f64, size: f64) -> Glyph {
        let wide = text.chars().next().is_some_and(is_cjk);
        let w = if wide { size } else { size * 0.5 };
        Glyph {
            text: text.into(),
            x0: x,
            x1: x + w,
            top,
            bottom: top + size,
            size,
            upright: true,
        }
    }

    /// Glyphs of `text` set from `x` on one baseline, each character right after the other.
    pub fn run(text: &str, x: f64, top: f64, size: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut at = x;
        for c in text.chars() {
            let g = glyph(&c.to_string(), at, top, size);
            at = g.x1;
            out.push(g);
        }
        out
    }

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn groups_glyphs_drawn_out_of_order_by_baseline() {
        let mut glyphs = run("第二行", 50.0, 30.0, 10.0);
        glyphs.extend(run("第一行", 50.0, 10.0, 10.0));
        glyphs.reverse();
        assert_eq!(texts(&build(&glyphs)), ["第一行", "第二行"]);
    }

    #[test]
    fn keeps_a_superscript_and_a_bigger_character_on_their_line() {
        let mut glyphs = run("面积", 50.0, 10.0, 10.0);
        glyphs.push(glyph("2", 70.0, 7.0, 6.0));
        glyphs.extend(run("大", 73.0, 6.0, 14.0));
        assert_eq!(texts(&build(&glyphs)), ["面积2大"]);
    }

    #[test]
    fn spaces_latin_words_but_not_cjk_or_digits_next_to_cjk() {
        let mut glyphs = run("2024", 50.0, 10.0, 10.0);
        glyphs.extend(run("年", 73.0, 10.0, 10.0));
        glyphs.extend(run("Word", 90.0, 10.0, 10.0));
        glyphs.extend(run("file", 113.0, 10.0, 10.0));
        assert_eq!(texts(&build(&glyphs)), ["2024年Word file"]);
    }

    #[test]
    fn drops_a_glyph_drawn_twice_for_bold() {
        let mut glyphs = run("公开", 50.0, 10.0, 10.0);
        glyphs.extend(run("公开", 50.3, 10.0, 10.0));
        assert_eq!(texts(&build(&glyphs)), ["公开"]);
    }

    #[test]
    fn reads_vertical_text_top_to_bottom_right_column_first() {
        let mut glyphs = Vec::new();
        for (i, c) in ["一", "二"].iter().enumerate() {
            let mut g = glyph(c, 100.0, 10.0 + 10.0 * i as f64, 10.0);
            g.upright = false;
            glyphs.push(g);
        }
        for (i, c) in ["三", "四"].iter().enumerate() {
            let mut g = glyph(c, 80.0, 10.0 + 10.0 * i as f64, 10.0);
            g.upright = false;
            glyphs.push(g);
        }
        assert_eq!(texts(&build(&glyphs)), ["一二", "三四"]);
    }

    #[test]
    fn splits_a_line_into_chunks_at_wide_gaps() {
        let mut glyphs = run("信息内容", 50.0, 10.0, 10.0);
        glyphs.extend(run("12", 200.0, 10.0, 10.0));
        let lines = build(&glyphs);
        let chunks: Vec<String> = lines[0].chunks(2.0).iter().map(Line::text).collect();
        assert_eq!(chunks, ["信息内容", "12"]);
    }
}
