//! Legacy files (.doc, .wps, .et, .odt, .rtf) read by converting them with LibreOffice
//! (`soffice --headless --convert-to`) into .docx or .xlsx and reading the result.
//!
//! Every conversion gets its own temporary folder and its own LibreOffice user profile, so
//! parallel conversions never share an instance or a lock, and a time limit after which the
//! whole LibreOffice process group is killed. The program is found by [`Converter::find`]:
//! the environment variable `GONGKAI_SOFFICE` first (a path to `soffice`; when it is set to a
//! missing file LibreOffice counts as absent, which is how tests simulate a machine without
//! it), then `soffice`/`libreoffice` on `PATH`, then the usual install folders.

mod soffice;

use super::{Kind, ReadError, ReadOptions, limits};
use crate::document::Document;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use soffice::{Converted, Converter};

/// Environment variable naming the `soffice` program to use; honoured before any search.
pub const SOFFICE_ENV: &str = "GONGKAI_SOFFICE";

/// Seconds allowed for one conversion when [`ReadOptions::timeout_secs`] is `None`.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// What a legacy file is converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A text document (.doc, .wps, .odt, .rtf) → Word 2007+ .docx.
    Docx,
    /// A spreadsheet (.et, .xls) → Excel 2007+ .xlsx.
    Xlsx,
}

impl Target {
    /// The file extension of the converted file.
    pub fn extension(self) -> &'static str {
        match self {
            Target::Docx => "docx",
            Target::Xlsx => "xlsx",
        }
    }

    /// The `--convert-to` argument: extension and LibreOffice export filter.
    fn convert_to(self) -> &'static str {
        match self {
            Target::Docx => "docx:MS Word 2007 XML",
            Target::Xlsx => "xlsx:Calc MS Excel 2007 XML",
        }
    }
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn utf16_name(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn lower_extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

/// Decides whether a legacy file is a text document or a spreadsheet: from the names of the
/// streams in an OLE container (`WordDocument` → text; `Workbook`/`Book` → sheet), else from
/// the extension (.et, .ett, .xls, .xlt, .ods → sheet), else text.
pub fn target_for(path: &Path, bytes: &[u8]) -> Target {
    if bytes.starts_with(OLE_MAGIC) {
        if contains(bytes, &utf16_name("WordDocument")) {
            return Target::Docx;
        }
        if contains(bytes, &utf16_name("Workbook")) || contains(bytes, &utf16_name("Book")) {
            return Target::Xlsx;
        }
    }
    match lower_extension(path).as_deref() {
        Some("et" | "ett" | "xls" | "xlt" | "ods") => Target::Xlsx,
        _ => Target::Docx,
    }
}

/// The extension the input copy gets inside the conversion folder, from the content where it
/// can tell (a WPS .wps is a Word file, a .et an Excel one), so LibreOffice picks the right
/// import filter whatever the file was called.
fn input_extension(path: &Path, bytes: &[u8], target: Target) -> String {
    if bytes.starts_with(OLE_MAGIC) {
        return match target {
            Target::Docx => "doc".into(),
            Target::Xlsx => "xls".into(),
        };
    }
    if bytes.starts_with(b"{\\rtf") {
        return "rtf".into();
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if contains(&bytes[..bytes.len().min(200)], b"opendocument.text") {
            return "odt".into();
        }
        if contains(&bytes[..bytes.len().min(200)], b"opendocument.spreadsheet") {
            return "ods".into();
        }
    }
    match lower_extension(path) {
        Some(e)
            if !e.is_empty() && e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            e
        }
        _ => match target {
            Target::Docx => "doc".into(),
            Target::Xlsx => "xls".into(),
        },
    }
}

/// True when the bytes hold a Word 97-2003 document whose file information block says it is
/// encrypted (`fEncrypted`). Looked for at sector starts of the OLE container, where the
/// `WordDocument` stream begins; used only to word an error after LibreOffice failed.
fn word_says_encrypted(bytes: &[u8]) -> bool {
    if !bytes.starts_with(OLE_MAGIC) {
        return false;
    }
    let shift = bytes
        .get(0x1E..0x20)
        .map_or(9, |b| u16::from_le_bytes([b[0], b[1]]));
    if !(9..=12).contains(&shift) {
        return false;
    }
    let sector = 1usize << shift;
    let mut offset = sector;
    while let Some(fib) = bytes.get(offset..offset + 12) {
        let ident = u16::from_le_bytes([fib[0], fib[1]]);
        let nfib = u16::from_le_bytes([fib[2], fib[3]]);
        if ident == 0xA5EC && (0x65..0x200).contains(&nfib) {
            let flags = u16::from_le_bytes([fib[10], fib[11]]);
            return flags & 0x0100 != 0;
        }
        offset += sector;
    }
    false
}

/// The time limit for one conversion from the options.
pub fn timeout_of(opts: &ReadOptions) -> Duration {
    Duration::from_secs(opts.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS).max(1))
}

/// Converts a legacy file with LibreOffice and reads the result with the .docx or
/// spreadsheet reader.
///
/// # Errors
/// [`ReadError::Converter`] when LibreOffice is missing (the message says how to install it or
/// to save the file as .docx/.xlsx), fails, or runs past the time limit;
/// [`ReadError::Encrypted`] for a password-protected Word file; the errors of
/// [`super::docx::read`] or [`super::sheet::read`] on the converted file.
pub fn read_path(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    let converter = Converter::find()?.with_timeout(timeout_of(opts));
    let converted = converter.convert_bytes(path, bytes)?;
    read_converted(&converted)
}

/// Reads a converted file with the reader of its target format.
///
/// # Errors
/// [`ReadError::Io`] when the converted file cannot be read, [`ReadError::TooLarge`] past the
/// input cap, and the reader's own errors.
pub fn read_converted(converted: &Converted) -> Result<Document, ReadError> {
    let len = std::fs::metadata(converted.path())?.len();
    if len > limits::MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            detail: format!("LibreOffice 转换结果 {len} 字节，超过上限"),
        });
    }
    let out = std::fs::read(converted.path())?;
    match converted.target() {
        Target::Docx => super::docx::read(&out),
        Target::Xlsx => super::sheet::read(&out, Kind::Xlsx),
    }
}

/// Where LibreOffice is usually installed when it is not on `PATH`.
fn usual_locations() -> Vec<PathBuf> {
    let mut places: Vec<PathBuf> = [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/usr/local/bin/soffice",
        "/snap/bin/libreoffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Ok(entries) = std::fs::read_dir("/opt") {
        let mut opt: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("libreoffice"))
            .map(|e| e.path().join("program/soffice"))
            .collect();
        opt.sort();
        opt.reverse(); // the newest version first
        places.extend(opt);
    }
    places
}

/// The message for a machine without LibreOffice.
fn missing_message(override_path: Option<&Path>) -> String {
    let why = match override_path {
        Some(p) => format!(
            "环境变量 {SOFFICE_ENV} 指向的 {} 不存在或不是文件",
            p.display()
        ),
        None => "本机未找到 LibreOffice（soffice）".to_string(),
    };
    format!(
        "读取 .doc、.wps、.et 等旧版文件需要 LibreOffice，但{why}。\
         请安装 LibreOffice：Debian/Ubuntu 上运行 \
         `sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui`，\
         Windows/macOS 请从 LibreOffice 官网下载安装（也可用环境变量 {SOFFICE_ENV} 指定 soffice 的路径）；\
         或者在 Word/WPS 中把文件另存为 .docx（表格另存为 .xlsx）后再导入。"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ole_with(stream: &str) -> Vec<u8> {
        let mut b = OLE_MAGIC.to_vec();
        b.extend_from_slice(&[0; 0x1E - 8]);
        b.extend_from_slice(&9u16.to_le_bytes());
        b.resize(512, 0);
        b.extend_from_slice(&utf16_name(stream));
        b
    }

    #[test]
    fn chooses_target_from_ole_streams_before_the_name() {
        assert_eq!(
            target_for(Path::new("a.et"), &ole_with("WordDocument")),
            Target::Docx
        );
        assert_eq!(
            target_for(Path::new("a.doc"), &ole_with("Workbook")),
            Target::Xlsx
        );
        assert_eq!(target_for(Path::new("a.ET"), b"junk"), Target::Xlsx);
        assert_eq!(target_for(Path::new("a.wps"), b"junk"), Target::Docx);
    }

    #[test]
    fn input_copy_is_named_by_content() {
        let ole = ole_with("WordDocument");
        assert_eq!(
            input_extension(Path::new("报告.wps"), &ole, Target::Docx),
            "doc"
        );
        assert_eq!(
            input_extension(Path::new("x"), b"{\\rtf1", Target::Docx),
            "rtf"
        );
        assert_eq!(
            input_extension(Path::new("a.b c"), b"??", Target::Xlsx),
            "xls"
        );
    }

    #[test]
    fn reads_the_encrypted_flag_of_a_word_fib() {
        let mut b = ole_with("WordDocument");
        b.resize(1024, 0);
        let mut fib = vec![0xEC, 0xA5, 0xC1, 0x00, 0, 0, 0, 0, 0, 0];
        fib.extend_from_slice(&0x13F0u16.to_le_bytes());
        b.extend_from_slice(&fib);
        b.resize(2048, 0);
        assert!(word_says_encrypted(&b));
        b[1024 + 11] = 0x12;
        assert!(!word_says_encrypted(&b));
        assert!(!word_says_encrypted(b"plain"));
    }

    #[test]
    fn missing_message_says_how_to_install_or_resave() {
        let m = missing_message(Some(Path::new("/nowhere/soffice")));
        assert!(m.contains("/nowhere/soffice"));
        assert!(m.contains("apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"));
        assert!(m.contains("另存为 .docx"));
    }
}
