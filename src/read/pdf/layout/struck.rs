//! Struck-through text: a short horizontal rule through the middle of a run of glyphs is a
//! deletion mark (tracked changes printed with their deletions, a value corrected by striking
//! it out). Such glyphs are not text of the page: they are left out, with a note.

use super::geom::Rect;
use super::lines;
use crate::document::Note;
use crate::read::pdf::page::{Glyph, PdfPage};
use std::collections::HashSet;

/// A rule thicker than this (points) does not strike text through.
const THIN: f64 = 2.0;

/// The glyphs of `page` struck through (by address), with one note per struck run.
pub(super) fn find(page: &PdfPage, notes: &mut Vec<Note>) -> HashSet<*const Glyph> {
    let mut by_centre: Vec<(f64, &Glyph)> = page
        .glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty() && g.upright)
        .map(|g| (Rect::of_glyph(g).cy(), g))
        .filter(|(c, _)| c.is_finite())
        .collect();
    by_centre.sort_by(|a, b| a.0.total_cmp(&b.0));
    let tallest = by_centre
        .iter()
        .map(|(_, g)| Rect::of_glyph(g).height())
        .fold(0.0, f64::max);
    let mut out = HashSet::new();
    for r in &page.rules {
        let (top, bottom) = (r.top.min(r.bottom), r.top.max(r.bottom));
        let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
        if bottom - top > THIN || x1 - x0 <= bottom - top || !(top + bottom).is_finite() {
            continue;
        }
        let y = (top + bottom) / 2.0;
        let start = by_centre.partition_point(|(c, _)| *c < y - tallest / 2.0);
        let crossed: Vec<&Glyph> = by_centre[start..]
            .iter()
            .take_while(|(c, _)| *c <= y + tallest / 2.0)
            .map(|(_, g)| *g)
            .filter(|g| {
                let b = Rect::of_glyph(g);
                let quarter = b.height() / 4.0;
                b.cx() >= x0 && b.cx() <= x1 && y >= b.top + quarter && y <= b.bottom - quarter
            })
            .collect();
        let Some(size) = crossed
            .iter()
            .map(|g| lines::glyph_size(g))
            .reduce(f64::max)
        else {
            continue;
        };
        // The rule is as long as the text it crosses: a table's rule through a glyph is a
        // glyph placed across a cell edge, not a deletion.
        let run = Rect::around(crossed.iter().map(|g| Rect::of_glyph(g)));
        if x0 < run.x0 - size || x1 > run.x1 + size {
            continue;
        }
        for line in lines::build(crossed.iter().copied()) {
            notes.push(Note {
                place: line.rect.place(page.number),
                message: format!("划去（删除线）的文字“{}”未计入", line.text()),
            });
        }
        out.extend(crossed.into_iter().map(|g| g as *const Glyph));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::tests::run;
    use super::*;
    use crate::read::pdf::page::Rule;

    fn page(rules: Vec<Rule>) -> PdfPage {
        let mut glyphs = run("99", 100.0, 100.0, 10.0);
        glyphs.extend(run("25", 110.0, 100.0, 10.0));
        PdfPage {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            rules,
            images: 0,
        }
    }

    #[test]
    fn a_short_rule_through_the_middle_strikes_the_glyphs_out() {
        let p = page(vec![Rule {
            x0: 100.0,
            top: 104.8,
            x1: 110.0,
            bottom: 105.3,
        }]);
        let mut notes = Vec::new();
        let struck = find(&p, &mut notes);
        let texts: Vec<&str> = p
            .glyphs
            .iter()
            .filter(|g| struck.contains(&(*g as *const Glyph)))
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(texts, ["9", "9"]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("“99”"), "{}", notes[0].message);
    }

    #[test]
    fn an_underline_or_a_long_table_rule_strikes_nothing() {
        let p = page(vec![
            Rule {
                x0: 100.0,
                top: 110.5,
                x1: 120.0,
                bottom: 111.0,
            },
            Rule {
                x0: 20.0,
                top: 105.0,
                x1: 500.0,
                bottom: 105.5,
            },
        ]);
        let mut notes = Vec::new();
        assert!(find(&p, &mut notes).is_empty());
        assert!(notes.is_empty());
    }
}
