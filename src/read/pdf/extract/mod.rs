//! The extractor: PDF objects (lopdf), fonts and content streams into [`PdfPage`]s.
//!
//! lopdf parses the file (cross-reference tables and streams, object streams, a rebuilt
//! xref for a damaged file, decryption with the empty user password); everything after that
//! is ours: the page tree walked with a guard against cycles, content streams decoded under
//! byte caps and interpreted under an operator cap (see [`limits`]). A panic anywhere in
//! lopdf or here becomes an error for the file, never a crash.

mod cff_ros;
mod cidfont;
mod cmap;
mod collection;
pub mod content;
mod encoding;
pub mod fold;
mod font;
mod lex;
mod obj;

use super::page::PdfPage;
use crate::document::{Note, Place};
use crate::read::ReadError;
use cidfont::CidText;
use content::{Interpreter, Matrix};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Caps on the work one PDF may cause.
pub mod limits {
    /// Most pages read; a longer file is refused (reports have tens of pages).
    pub const MAX_PAGES: usize = 5_000;
    /// Largest decoded size of one stream (bytes).
    pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
    /// Largest decoded size of all streams of the file together (bytes).
    pub const MAX_TOTAL_BYTES: usize = 512 * 1024 * 1024;
    /// Most content-stream tokens interpreted in the whole file.
    pub const MAX_OPERATIONS: usize = 20_000_000;
    /// Most glyphs and ruling segments kept from the whole file.
    pub const MAX_ITEMS: usize = 5_000_000;
    /// Deepest page tree.
    pub const MAX_TREE_DEPTH: usize = 64;
    /// Most code points looked up in the `cmap` tables of fonts without `ToUnicode`, in the
    /// whole file (one Unicode subtable costs 65,536; some 60 subtables).
    pub const MAX_FONT_LOOKUPS: usize = 4_000_000;
}

/// What is left of the caps while a file is read.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Decoded stream bytes left.
    pub bytes_left: usize,
    /// Content-stream tokens left.
    pub ops_left: usize,
    /// Glyphs and rules left.
    pub items_left: usize,
    /// Font `cmap` look-ups left.
    pub font_lookups_left: usize,
    /// Text read from the programs of CID fonts without `ToUnicode`, by the CID font's
    /// object, so that a font shown on every page is decoded and read once per file.
    cid_texts: HashMap<ObjectId, Option<Rc<CidText>>>,
}

impl Budget {
    /// The text of a CID font's CIDs from the font itself: `load` runs once per CID font
    /// object `id` of the file (every time for a direct object, which has no id).
    fn cid_text(
        &mut self,
        id: Option<ObjectId>,
        load: impl FnOnce(&mut Budget) -> Option<CidText>,
    ) -> Option<Rc<CidText>> {
        let Some(id) = id else {
            return load(self).map(Rc::new);
        };
        if let Some(known) = self.cid_texts.get(&id) {
            return known.clone();
        }
        let text = load(self).map(Rc::new);
        self.cid_texts.insert(id, text.clone());
        text
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            bytes_left: limits::MAX_TOTAL_BYTES,
            ops_left: limits::MAX_OPERATIONS,
            items_left: limits::MAX_ITEMS,
            font_lookups_left: limits::MAX_FONT_LOOKUPS,
            cid_texts: HashMap::new(),
        }
    }
}

/// Decodes a stream's data within the caps; the error is a Chinese sentence for a note.
pub fn decode_stream(stream: &Stream, budget: &mut Budget) -> Result<Vec<u8>, String> {
    let cap = limits::MAX_STREAM_BYTES.min(budget.bytes_left);
    match stream.decompressed_content_with_limit(cap) {
        Ok(bytes) => {
            budget.bytes_left = budget.bytes_left.saturating_sub(bytes.len());
            Ok(bytes)
        }
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(format!("一个数据流解压后超过 {cap} 字节的安全上限，已跳过"))
        }
        Err(lopdf::Error::Unimplemented(_)) => {
            let filters = stream
                .filters()
                .map(|f| {
                    f.iter()
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .collect::<Vec<_>>()
                        .join("、")
                })
                .unwrap_or_default();
            Err(format!(
                "一个数据流使用了不支持的编码方式（{filters}），已跳过"
            ))
        }
        Err(e) => Err(format!("一个数据流无法解码（{e}），已跳过")),
    }
}

/// Pages and notes of one file.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The pages, in order.
    pub pages: Vec<PdfPage>,
    /// What the extractor could not read exactly.
    pub notes: Vec<Note>,
    /// True when a cap of [`limits`] stopped the reading before the last page's end.
    pub truncated: bool,
}

/// Extracts the pages of a PDF.
///
/// # Errors
/// [`ReadError::PdfEncrypted`] when the file needs a password; [`ReadError::Corrupt`] when it
/// cannot be parsed or has no pages; [`ReadError::TooLarge`] past [`limits::MAX_PAGES`]; a
/// panic inside the parser is reported as [`ReadError::Corrupt`].
pub fn extract(bytes: &[u8]) -> Result<Extracted, ReadError> {
    match std::panic::catch_unwind(|| extract_inner(bytes)) {
        Ok(result) => result,
        Err(_) => Err(ReadError::Corrupt {
            detail: "PDF 结构异常，解析时出错".into(),
        }),
    }
}

fn open(bytes: &[u8]) -> Result<Document, ReadError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits::MAX_STREAM_BYTES),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| ReadError::Corrupt {
        detail: format!("无法解析 PDF（{e}）"),
    })?;
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        return Err(ReadError::PdfEncrypted);
    }
    Ok(doc)
}

fn extract_inner(bytes: &[u8]) -> Result<Extracted, ReadError> {
    let doc = open(bytes)?;
    let pages = page_list(&doc)?;
    let mut budget = Budget::default();
    let mut out = Extracted::default();
    for (i, page) in pages.iter().enumerate() {
        let number = i + 1;
        let (pdf_page, notes, go_on) = read_page(&doc, page, number, &mut budget);
        out.pages.push(pdf_page);
        out.notes.extend(notes);
        if !go_on {
            out.truncated = true;
            out.notes.push(Note {
                place: Place::Pdf {
                    page: number,
                    x: 0,
                    y: 0,
                },
                message: format!(
                    "PDF 内容超过处理上限（{} 个操作或 {} 个字形/线条），第{number}页之后未读取",
                    limits::MAX_OPERATIONS,
                    limits::MAX_ITEMS
                ),
            });
            break;
        }
    }
    Ok(out)
}

/// A page with what it inherits from its ancestors.
struct PageRef<'a> {
    dict: &'a Dictionary,
    resources: Option<&'a Dictionary>,
    media_box: Option<[f64; 4]>,
    crop_box: Option<[f64; 4]>,
    rotate: i64,
}

/// The pages in order, walking the page tree from the catalog with a guard against cycles.
fn page_list(doc: &Document) -> Result<Vec<PageRef<'_>>, ReadError> {
    let root = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|r| obj::as_dict(obj::resolve(doc, r).1))
        .and_then(|catalog| obj::get(doc, catalog, b"Pages"));
    let Some(root) = root.and_then(obj::as_dict) else {
        return Err(ReadError::Corrupt {
            detail: "PDF 没有页面目录（/Pages）".into(),
        });
    };
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    let inherited = PageRef {
        dict: root,
        resources: None,
        media_box: None,
        crop_box: None,
        rotate: 0,
    };
    walk(doc, root, &inherited, 0, &mut seen, &mut pages)?;
    if pages.is_empty() {
        return Err(ReadError::Corrupt {
            detail: "PDF 中没有页面".into(),
        });
    }
    Ok(pages)
}

fn walk<'a>(
    doc: &'a Document,
    node: &'a Dictionary,
    parent: &PageRef<'a>,
    depth: usize,
    seen: &mut HashSet<ObjectId>,
    pages: &mut Vec<PageRef<'a>>,
) -> Result<(), ReadError> {
    if depth > limits::MAX_TREE_DEPTH {
        return Ok(());
    }
    let here = PageRef {
        dict: node,
        resources: obj::dict(doc, node, b"Resources").or(parent.resources),
        media_box: obj::numbers::<4>(doc, node, b"MediaBox").or(parent.media_box),
        crop_box: obj::numbers::<4>(doc, node, b"CropBox").or(parent.crop_box),
        rotate: obj::num(doc, node, b"Rotate").map_or(parent.rotate, |r| r as i64),
    };
    let kids = obj::array(doc, node, b"Kids");
    let is_page = obj::name(doc, node, b"Type") == Some(b"Page") || kids.is_none();
    if is_page {
        if pages.len() >= limits::MAX_PAGES {
            return Err(ReadError::TooLarge {
                detail: format!("PDF 超过 {} 页", limits::MAX_PAGES),
            });
        }
        pages.push(here);
        return Ok(());
    }
    for kid in kids.unwrap_or(&[]) {
        if let Object::Reference(id) = kid
            && !seen.insert(*id)
        {
            continue;
        }
        if let Some(child) = obj::as_dict(obj::resolve(doc, kid).1) {
            walk(doc, child, &here, depth + 1, seen, pages)?;
        }
    }
    Ok(())
}

/// The page matrix (user space → top-left page space) and the shown width and height.
fn page_matrix(page: &PageRef<'_>) -> (Matrix, f64, f64) {
    let normal = |b: [f64; 4]| {
        [
            b[0].min(b[2]),
            b[1].min(b[3]),
            b[0].max(b[2]),
            b[1].max(b[3]),
        ]
    };
    let media = page
        .media_box
        .map(normal)
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = page.crop_box.map(normal).map_or(media, |c| {
        // The crop box is clipped to the media box.
        let clipped = [
            c[0].max(media[0]),
            c[1].max(media[1]),
            c[2].min(media[2]),
            c[3].min(media[3]),
        ];
        if clipped[2] > clipped[0] && clipped[3] > clipped[1] {
            clipped
        } else {
            media
        }
    });
    let [cx0, cy0, cx1, cy1] = crop;
    let (w, h) = (cx1 - cx0, cy1 - cy0);
    match page.rotate.rem_euclid(360) {
        90 => ([0.0, 1.0, 1.0, 0.0, -cy0, -cx0], h, w),
        180 => ([-1.0, 0.0, 0.0, 1.0, w + cx0, -cy0], w, h),
        270 => ([0.0, -1.0, -1.0, 0.0, h + cy0, w + cx0], h, w),
        _ => ([1.0, 0.0, 0.0, -1.0, -cx0, h + cy0], w, h),
    }
}

/// One page: its glyphs, rules and images, notes, and whether the caps allow going on.
fn read_page(
    doc: &Document,
    page: &PageRef<'_>,
    number: usize,
    budget: &mut Budget,
) -> (PdfPage, Vec<Note>, bool) {
    let (matrix, width, height) = page_matrix(page);
    let streams: Vec<&Stream> = match obj::get(doc, page.dict, b"Contents") {
        Some(Object::Stream(s)) => vec![s],
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|o| match obj::resolve(doc, o).1 {
                Object::Stream(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut notes = Vec::new();
    let mut content = Vec::new();
    for stream in streams {
        match decode_stream(stream, budget) {
            Ok(bytes) => {
                content.extend_from_slice(&bytes);
                // Streams of one page are one content stream, split anywhere but between tokens.
                content.push(b'\n');
            }
            Err(message) => notes.push(Note {
                place: Place::Pdf {
                    page: number,
                    x: 0,
                    y: 0,
                },
                message,
            }),
        }
    }
    let mut interp = Interpreter::new(doc, budget, number, matrix);
    let go_on = interp.run(&content, page.resources);
    let out = interp.finish();
    notes.extend(out.notes);
    let pdf_page = PdfPage {
        number,
        width,
        height,
        glyphs: out.glyphs,
        rules: out.rules,
        images: out.images,
    };
    (pdf_page, notes, go_on)
}
