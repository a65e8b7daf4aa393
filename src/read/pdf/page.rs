//! What a PDF page holds for layout: glyphs with their boxes and the ruling lines of tables.
//!
//! The extractor (PDF objects, fonts, content streams) fills these; the layout (lines,
//! paragraphs, table grids) reads only these. Both sides agree on one convention: points,
//! origin at the top-left corner of the page as it is shown (crop box applied, `/Rotate`
//! applied), `x` growing to the right and `y` (`top`, `bottom`) growing downwards.

use serde::{Deserialize, Serialize};

/// One page, ready for layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PdfPage {
    /// Page number, 1-based.
    pub number: usize,
    /// Width of the page as shown, in points.
    pub width: f64,
    /// Height of the page as shown, in points.
    pub height: f64,
    /// The glyphs in the order the content stream draws them.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines: stroked lines, the edges of stroked rectangles and thin filled rectangles,
    /// each as an axis-parallel segment (slanted lines and curves are left out).
    pub rules: Vec<Rule>,
    /// How many images the page draws (a page with images and no glyphs is a scan).
    pub images: usize,
}

/// One drawn glyph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    /// The Unicode text of the glyph (usually one character; a ligature may give more). Already
    /// folded: compatibility radicals mapped to unified ideographs; U+FFFD where unmappable.
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Top edge (the font's ascent above the baseline).
    pub top: f64,
    /// Bottom edge (the font's descent below the baseline).
    pub bottom: f64,
    /// The font size in effect, in points (text matrix and CTM applied).
    pub size: f64,
    /// False for glyphs of vertical writing or rotated text.
    pub upright: bool,
}

/// An axis-parallel ruling segment. A horizontal rule has `top ≈ bottom`, a vertical one
/// `x0 ≈ x1` (the stroke's width is kept as the difference).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Left end.
    pub x0: f64,
    /// Top end.
    pub top: f64,
    /// Right end.
    pub x1: f64,
    /// Bottom end.
    pub bottom: f64,
}

impl Rule {
    /// True for a segment wider than it is tall.
    pub fn is_horizontal(&self) -> bool {
        (self.x1 - self.x0) >= (self.bottom - self.top)
    }
}
