//! PDF reader: published reports as PDF into the neutral [`Document`](crate::document::Document).
//!
//! Two halves meet in [`page`]: the extractor turns PDF objects, fonts and content streams into
//! [`page::PdfPage`]s (glyphs with boxes, ruling lines); the layout turns pages into paragraphs
//! and table grids. Neither knows the standard.

pub mod layout;
pub mod page;
