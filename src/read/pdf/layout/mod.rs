//! PDF layout: the glyphs and ruling lines of each page into paragraphs and table grids in
//! reading order — the half of the PDF reader that knows page geometry, not PDF objects.
//!
//! Per page: lines from all glyphs → page furniture (headers, footers, page numbers) and
//! struck-through text dropped →
//! ruled tables from the ruling lines, filled with the glyphs inside them → the other lines,
//! with tables from text alignment where the columns are clear → items sorted top to bottom.
//! Then over all pages: lines into paragraphs (also across a page break) and a table going on
//! at the top of the next page joined to its first part.

mod furniture;
mod geom;
mod grid;
mod lines;
mod paragraphs;
mod ruled;
mod struck;
mod unruled;

use super::page::{Glyph, PdfPage};
use crate::document::{Document, Note};
use geom::Rect;
use paragraphs::{Item, PageFlow};
use std::collections::HashSet;

/// Lays out `pages` into a document: paragraphs and tables in reading order, with notes for
/// text that could not be placed in a table's grid.
pub fn document(pages: &[PdfPage]) -> Document {
    let ruled: Vec<Vec<ruled::Ruled>> = pages.iter().map(|p| ruled::tables(&p.rules)).collect();
    let all_lines: Vec<Vec<lines::Line<'_>>> = pages
        .iter()
        .map(|p| lines::build(p.glyphs.iter().filter(|g| on_page(p, g))))
        .collect();
    let heights: Vec<f64> = pages.iter().map(|p| p.height).collect();
    let furniture = furniture::find(&all_lines, &heights, |page, line| {
        ruled[page]
            .iter()
            .any(|t| t.bbox.contains(line.rect.cx(), line.rect.cy(), 1.0))
    });
    let mut notes: Vec<Note> = Vec::new();
    let mut flows = Vec::with_capacity(pages.len());
    for (((page, lines), drop), tables) in pages.iter().zip(&all_lines).zip(&furniture).zip(&ruled)
    {
        let mut dropped: HashSet<*const Glyph> = drop
            .iter()
            .flat_map(|&i| lines[i].glyphs.iter().map(|g| *g as *const Glyph))
            .collect();
        dropped.extend(struck::find(page, &mut notes));
        flows.push(page_flow(page, tables, &dropped, &mut notes));
    }
    Document {
        blocks: paragraphs::blocks(flows),
        notes,
    }
}

/// True unless glyph `g` lies outside its page (a spreadsheet cell's text centred over rows
/// that go on past the page's end is drawn there, and not printed).
fn on_page(page: &PdfPage, g: &Glyph) -> bool {
    let b = Rect::of_glyph(g);
    let (x, y) = (b.cx(), b.cy());
    !(page.width > 0.0 && page.height > 0.0)
        || (x >= 0.0 && x <= page.width && y >= 0.0 && y <= page.height)
}

/// The items of one page: its ruled tables filled with their glyphs, tables found from text
/// alignment, and the lines of running text, top to bottom.
fn page_flow<'a>(
    page: &'a PdfPage,
    tables: &[ruled::Ruled],
    dropped: &HashSet<*const Glyph>,
    notes: &mut Vec<Note>,
) -> PageFlow<'a> {
    let mut in_table: Vec<Vec<&Glyph>> = vec![Vec::new(); tables.len()];
    let mut running: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        if dropped.contains(&(g as *const Glyph)) || g.text.trim().is_empty() || !on_page(page, g) {
            continue;
        }
        let b = Rect::of_glyph(g);
        match tables
            .iter()
            .position(|t| t.bbox.contains(b.cx(), b.cy(), 0.5))
        {
            Some(t) => in_table[t].push(g),
            None => running.push(g),
        }
    }
    let mut items: Vec<Item<'a>> = tables
        .iter()
        .zip(&in_table)
        .map(|(t, glyphs)| Item::Table(grid::fill(t, glyphs, page.number, notes)))
        .collect();
    let (found, rest) = unruled::tables(lines::build(running), page.number, notes);
    items.extend(found.into_iter().map(Item::Table));
    items.extend(rest.into_iter().map(Item::Line));
    items.sort_by(|a, b| a.top().total_cmp(&b.top()));
    PageFlow {
        number: page.number,
        items,
    }
}
