//! Minimal layout, a stand-in until the real one (lines, paragraphs, table grids from rules)
//! lands: upright glyphs are grouped into lines by baseline and each line becomes one
//! paragraph. It builds no tables; it exists so the PDF reader works end to end.

use super::page::{Glyph, PdfPage};
use crate::document::{Block, Document, Paragraph, Place};

/// Turns pages into a document: one paragraph per text line, top to bottom, left to right.
pub fn document(pages: &[PdfPage]) -> Document {
    let mut doc = Document::default();
    for page in pages {
        let mut glyphs: Vec<&Glyph> = page
            .glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .collect();
        glyphs.sort_by(|a, b| a.bottom.total_cmp(&b.bottom).then(a.x0.total_cmp(&b.x0)));
        let mut lines: Vec<Vec<&Glyph>> = Vec::new();
        for g in glyphs {
            match lines.last_mut() {
                // Same line: the baselines differ by less than half the smaller glyph height.
                Some(line)
                    if (line[0].bottom - g.bottom).abs()
                        < 0.5 * (g.bottom - g.top).min(line[0].bottom - line[0].top) =>
                {
                    line.push(g)
                }
                _ => lines.push(vec![g]),
            }
        }
        for mut line in lines {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            let mut prev_x1: Option<f64> = None;
            for g in &line {
                // A gap wider than a third of the glyph size is a space between words.
                if prev_x1.is_some_and(|x1| g.x0 - x1 > g.size / 3.0) {
                    text.push(' ');
                }
                text.push_str(&g.text);
                prev_x1 = Some(g.x1);
            }
            let place = Place::Pdf {
                page: page.number,
                x: line[0].x0.round() as i32,
                y: line[0].top.round() as i32,
            };
            doc.blocks
                .push(Block::Paragraph(Paragraph::new(text, place)));
        }
    }
    doc
}
