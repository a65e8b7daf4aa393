//! PDF reader: published reports as PDF into the neutral [`Document`](crate::document::Document).
//!
//! Two halves meet in [`page`]: the extractor turns PDF objects, fonts and content streams into
//! [`page::PdfPage`]s (glyphs with boxes, ruling lines); the layout turns pages into paragraphs
//! and table grids. Neither knows the standard.

pub mod extract;
pub mod layout;
pub mod page;

use super::{ReadError, ReadOptions};
use crate::document::Document;

/// Reads a PDF into a [`Document`]: the extractor's pages laid out, with the extractor's notes.
///
/// # Errors
/// [`ReadError::PdfEncrypted`] for a file that needs a password, [`ReadError::Scanned`] when
/// the pages are images without a text layer, [`ReadError::Corrupt`] for a damaged file or one
/// without any text or image, [`ReadError::TooLarge`] past a cap of [`extract::limits`].
pub fn read(bytes: &[u8], _opts: &ReadOptions) -> Result<Document, ReadError> {
    let extracted = extract::extract(bytes)?;
    let has_text = extracted
        .pages
        .iter()
        .any(|p| p.glyphs.iter().any(|g| !g.text.trim().is_empty()));
    if !has_text {
        let images: usize = extracted.pages.iter().map(|p| p.images).sum();
        return Err(if extracted.truncated {
            ReadError::TooLarge {
                detail: format!(
                    "PDF 内容超过处理上限（{} 个操作或 {} 个字形/线条），在读到文字之前已停止",
                    extract::limits::MAX_OPERATIONS,
                    extract::limits::MAX_ITEMS
                ),
            }
        } else if images > 0 {
            ReadError::Scanned
        } else {
            ReadError::Corrupt {
                detail: format!("PDF 共 {} 页，既没有文字也没有图片", extracted.pages.len()),
            }
        });
    }
    let layout = std::panic::catch_unwind(|| layout::document(&extracted.pages));
    let mut doc = layout.map_err(|_| ReadError::Corrupt {
        detail: "PDF 版面分析出错".into(),
    })?;
    let mut notes = extracted.notes;
    notes.append(&mut doc.notes);
    doc.notes = notes;
    Ok(doc)
}
