//! Text printed over other text: a long cell of a spreadsheet overflowing onto its neighbours
//! when printed. Found glyph by glyph; a line holding two such texts on two baselines is split.

use super::super::geom::Rect;
use super::super::lines::Line;
use crate::read::pdf::page::Glyph;

/// Glyphs overlapping by more than this fraction of their width, and by more than
/// [`OVERPRINT_Y`] of their height, are printed over each other (the boxes of lines set one
/// under the other do not overlap).
const OVERPRINT_X: f64 = 0.5;
/// See [`OVERPRINT_X`].
const OVERPRINT_Y: f64 = 0.2;

/// Two glyphs printed over each other: different text in nearly the same place.
fn overprint(a: &Glyph, b: &Glyph) -> bool {
    let (ra, rb) = (Rect::of_glyph(a), Rect::of_glyph(b));
    let w = ra.width().min(rb.width()).max(0.01);
    let h = ra.height().min(rb.height()).max(0.01);
    let ox = ra.x1.min(rb.x1) - ra.x0.max(rb.x0);
    let oy = ra.bottom.min(rb.bottom) - ra.top.max(rb.top);
    a.text != b.text && ox > OVERPRINT_X * w && oy > OVERPRINT_Y * h
}

/// True when some glyphs of `glyphs` are printed over others.
pub(super) fn any_overprint(glyphs: &[&Glyph]) -> bool {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    (0..sorted.len()).any(|i| {
        sorted[i + 1..]
            .iter()
            .take_while(|g| g.x0 < sorted[i].x1)
            .any(|g| overprint(sorted[i], g))
    })
}

/// A line whose glyphs are printed over each other on two baselines (the text of one cell
/// overflowing onto another's) as its two lines; any other line as it is.
pub(super) fn split_overprint<'a>(line: &Line<'a>) -> Vec<Line<'a>> {
    if !any_overprint(&line.glyphs) {
        return vec![line.clone()];
    }
    let mut bottoms: Vec<f64> = line.glyphs.iter().map(|g| g.bottom).collect();
    bottoms.sort_by(f64::total_cmp);
    let cut = bottoms
        .windows(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .filter(|w| w[1] - w[0] > 0.1)
        .map(|w| (w[0] + w[1]) / 2.0);
    let Some(cut) = cut else {
        return vec![line.clone()];
    };
    let (upper, lower): (Vec<&Glyph>, Vec<&Glyph>) =
        line.glyphs.iter().partition(|g| g.bottom < cut);
    vec![Line::of(upper, false), Line::of(lower, false)]
}
