//! Readers: one function per file format into the neutral [`Document`], registered in one list.
//!
//! Readers know file formats, never the standard. The kind of a file is sniffed from its bytes
//! first and from its name only when the bytes do not say.

pub mod docx;
pub mod formulas;
pub mod html;
pub mod legacy;
mod paged;
pub mod pdf;
pub mod sheet;
pub mod sniff;
pub mod text;

use crate::document::Document;
use std::path::Path;

pub use sniff::{Kind, sniff};

/// Caps that keep a hostile file from taking the machine.
pub mod limits {
    /// Largest input file read at all (bytes).
    pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;
    /// Largest text or web page read (bytes). A report as text is some 10–100 KB and a saved
    /// portal page a few MB; past this cap the file is refused before it is read in full.
    pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;
    /// Largest total decompressed size of the parts read from a zip package (bytes).
    pub const MAX_UNZIPPED_BYTES: u64 = 512 * 1024 * 1024;
    /// Largest single part decompressed from a zip package (bytes).
    pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
    /// Deepest XML element nesting accepted.
    pub const MAX_XML_DEPTH: usize = 512;
    /// Most table cells kept from one document.
    pub const MAX_CELLS: usize = 5_000_000;
}

/// How to read an input.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Force a text encoding (an encoding label such as `gbk`, `utf-8`, `utf-16le`).
    pub encoding: Option<String>,
    /// Replace undecodable bytes instead of failing (each one gets a note).
    pub lossy: bool,
    /// Seconds allowed for an external converter (LibreOffice) per file; `None` = default.
    pub timeout_secs: Option<u64>,
}

/// Why an input could not be read. Messages are in Chinese: they reach the user as they are.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("无法读取文件：{}", crate::os_error::describe(.0))]
    Io(#[from] std::io::Error),
    /// The file has no content.
    #[error("文件是空的")]
    Empty,
    /// Bytes that are not valid in the detected or requested encoding.
    #[error(
        "第{line}行（字节偏移 {offset}）含有无法按 {encoding} 解码的字节；可用 --encoding 指定编码，或用 --lossy 忽略"
    )]
    Undecodable {
        /// Byte offset of the first bad byte.
        offset: usize,
        /// Line number (1-based) of the first bad byte.
        line: usize,
        /// The encoding tried.
        encoding: String,
    },
    /// `--encoding` names no known encoding.
    #[error("不认识的编码名称：{0}")]
    UnknownEncoding(String),
    /// The content is of another kind than the reader expects (e.g. a .doc renamed .docx).
    #[error("这不是{expected}文件，而是{found}")]
    WrongKind {
        /// What the reader expected, in Chinese (e.g. "Word（.docx）").
        expected: String,
        /// What the bytes are, in Chinese.
        found: String,
    },
    /// A password-protected file.
    #[error("文件已加密（{what}），无法读取；请在 Word/WPS/Excel 中取消密码后另存再试")]
    Encrypted {
        /// What kind of encrypted file, in Chinese.
        what: String,
    },
    /// A PDF that needs a password (the empty user password did not open it).
    #[error("该 PDF 已加密，需要密码才能读取；请向发布机关索取未加密的版本或 Word 版")]
    PdfEncrypted,
    /// A PDF whose pages are images without a text layer.
    #[error("该 PDF 是扫描图片，没有文字层；请先进行文字识别（OCR）或向发布机关索取 Word 版")]
    Scanned,
    /// The file is truncated or damaged.
    #[error("文件已损坏或不完整：{detail}")]
    Corrupt {
        /// What was wrong, in Chinese (technical detail may follow).
        detail: String,
    },
    /// A cap of [`limits`] was reached.
    #[error("文件超出安全上限：{detail}")]
    TooLarge {
        /// Which cap, in Chinese.
        detail: String,
    },
    /// A format gongkai does not read.
    #[error("不支持的文件格式：{detail}")]
    Unsupported {
        /// What the file is, in Chinese.
        detail: String,
    },
    /// Bytes that are no kind gongkai reads and not text either (random or binary data, a
    /// damaged file).
    #[error(
        "文件已损坏或不是{}{expected}（内容是二进制数据，既不是这类文件的格式，也不是文本）",
        if expected.starts_with(|c: char| c.is_ascii_alphabetic()) { " " } else { "" }
    )]
    Binary {
        /// What the file's name says it is, in Chinese ("Word 文件", "文本文件").
        expected: String,
    },
    /// The file was read but holds none of the standard's tables and none of its sections.
    #[error("这不是政府信息公开工作年度报告：{detail}")]
    NotAReport {
        /// What was looked for and not found, in Chinese.
        detail: String,
    },
    /// A legacy format that needs LibreOffice, which is not installed or failed.
    #[error("{detail}")]
    Converter {
        /// What happened and what to do, in Chinese.
        detail: String,
    },
}

/// Reads a file into a [`Document`], choosing the reader by the file's content (then its name).
///
/// # Errors
/// Any [`ReadError`]: the file cannot be opened, is of an unsupported kind, is damaged,
/// encrypted or exceeds a safety cap.
///
/// # Example
/// ```no_run
/// let doc = gongkai::read::read_path(std::path::Path::new("report.docx"), &Default::default())?;
/// println!("{} blocks", doc.blocks.len());
/// # Ok::<(), gongkai::read::ReadError>(())
/// ```
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Document, ReadError> {
    let (bytes, kind) = load(path)?;
    if kind == Kind::Legacy {
        return legacy::read_path(path, &bytes, opts);
    }
    read_bytes(&bytes, kind, opts).map_err(|e| named(e, path))
}

/// A [`ReadError::Binary`] says what the file's name claims it is: random bytes named `.docx`
/// are "not a Word file", not "not text".
fn named(e: ReadError, path: &Path) -> ReadError {
    let ReadError::Binary { expected } = e else {
        return e;
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let claimed = match ext.as_deref() {
        Some("docx" | "docm" | "doc" | "wps" | "odt" | "rtf") => "Word 文件",
        Some("xlsx" | "xlsm" | "xls" | "et" | "ods") => "Excel 文件",
        Some("html" | "htm") => "网页文件",
        Some("txt") => "文本文件",
        _ => return ReadError::Binary { expected },
    };
    ReadError::Binary {
        expected: claimed.into(),
    }
}

/// As [`read_path`], with the cells of a workbook that hold formulas (see
/// [`formulas::read_bytes_with_formulas`]; empty for other kinds), from one reading of the file.
///
/// # Errors
/// As [`read_path`].
pub fn read_path_with_formulas(
    path: &Path,
    opts: &ReadOptions,
) -> Result<(Document, formulas::Formulas), ReadError> {
    let (bytes, kind) = load(path)?;
    if kind == Kind::Legacy {
        return Ok((
            legacy::read_path(path, &bytes, opts)?,
            formulas::Formulas::new(),
        ));
    }
    formulas::read_bytes_with_formulas(&bytes, kind, opts).map_err(|e| named(e, path))
}

/// The file's bytes and what they are, refusing a file over the size limits (a text or web page
/// over the text limit is refused from its first 64 KiB, unread).
fn load(path: &Path) -> Result<(Vec<u8>, Kind), ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > limits::MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            detail: format!(
                "文件大小 {} 字节，超过 {} 字节",
                meta.len(),
                limits::MAX_INPUT_BYTES
            ),
        });
    }
    let ext = path.extension().and_then(|e| e.to_str());
    if meta.len() > limits::MAX_TEXT_BYTES {
        // Text and web pages are told by their first bytes: refuse a huge one unread.
        let mut head = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::fs::File::open(path)?, 64 * 1024),
            &mut head,
        )?;
        let kind = sniff(&head, ext);
        if matches!(kind, Kind::Text | Kind::Html) {
            return Err(text_too_large(kind, meta.len()));
        }
    }
    let bytes = std::fs::read(path)?;
    let kind = sniff(&bytes, ext);
    Ok((bytes, kind))
}

/// Reads bytes of a known kind into a [`Document`]. This is the one list of readers.
///
/// # Errors
/// As [`read_path`]. [`Kind::Legacy`] needs a file on disk: use [`read_path`].
pub fn read_bytes(bytes: &[u8], kind: Kind, opts: &ReadOptions) -> Result<Document, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if matches!(kind, Kind::Text | Kind::Html) && bytes.len() as u64 > limits::MAX_TEXT_BYTES {
        return Err(text_too_large(kind, bytes.len() as u64));
    }
    match kind {
        Kind::Text => text::read(bytes, opts),
        Kind::Docx => docx::read(bytes),
        // A report laid out in one sheet reads as paragraphs and tables, like a document.
        Kind::Xlsx | Kind::Xls | Kind::Ods => sheet::read(bytes, kind).map(sheet::split_prose),
        Kind::Html => html::read(bytes, opts),
        Kind::Pdf => pdf::read(bytes, opts),
        Kind::Legacy => Err(ReadError::Unsupported {
            detail: "旧版 Office/WPS 文件需要从磁盘读取".into(),
        }),
        Kind::Unknown(what) => Err(ReadError::Unsupported {
            detail: what.to_string(),
        }),
    }
}

fn text_too_large(kind: Kind, len: u64) -> ReadError {
    ReadError::TooLarge {
        detail: format!(
            "{}大小 {} 字节，超过 {} 字节；报告正文通常不到 1 MB，请确认是否选错了文件",
            kind.describe(),
            len,
            limits::MAX_TEXT_BYTES
        ),
    }
}
