//! Tells what a file is from its first bytes (and its zip or OLE directory), not from its name.

use std::io::Cursor;

/// The kinds of input gongkai knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text in any supported encoding.
    Text,
    /// Word 2007+ (.docx, .docm), Transitional or Strict.
    Docx,
    /// Excel 2007+ (.xlsx, .xlsm).
    Xlsx,
    /// Excel 97-2003 (.xls, BIFF).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A web page.
    Html,
    /// PDF (the text layer is read; scans are refused).
    Pdf,
    /// A format read through LibreOffice: .doc, .wps, .et, .odt, .rtf.
    Legacy,
    /// Something gongkai does not read; the text says what it is, in Chinese.
    Unknown(&'static str),
}

impl Kind {
    /// The kind in Chinese, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "文本文件",
            Kind::Docx => "Word 文档（.docx）",
            Kind::Xlsx => "Excel 工作簿（.xlsx）",
            Kind::Xls => "Excel 97-2003 工作簿（.xls）",
            Kind::Ods => "OpenDocument 表格（.ods）",
            Kind::Html => "网页（.html）",
            Kind::Pdf => "PDF 文件",
            Kind::Legacy => "旧版 Word/WPS 文档",
            Kind::Unknown(what) => what,
        }
    }
}

pub(crate) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sniffs the kind of `bytes`; `ext` (without the dot) breaks ties when the content cannot say.
pub fn sniff(bytes: &[u8], ext: Option<&str>) -> Kind {
    let ext = ext.map(|e| e.to_ascii_lowercase());
    let ext = ext.as_deref();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, ext);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return sniff_ole(bytes, ext);
    }
    if is_pdf(bytes) {
        return Kind::Pdf;
    }
    if let Some(kind) = sniff_magic(bytes) {
        return kind;
    }
    if looks_like_html(bytes) {
        return Kind::Html;
    }
    match ext {
        Some("html" | "htm" | "shtml" | "xhtml") => Kind::Html,
        Some("rtf") => Kind::Legacy,
        _ => Kind::Text,
    }
}

/// A PDF header `%PDF-d.d` at the start, or within the first 1024 bytes as PDF readers allow
/// (some producers put junk before it).
fn is_pdf(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"%PDF") {
        return true;
    }
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(7)
        .any(|w| w.starts_with(b"%PDF-") && w[5].is_ascii_digit() && w[6] == b'.')
}

/// Excel 2.x–4.0 worksheets: a bare BIFF stream, outside any OLE container.
const OLD_BIFF: &str = "Excel 4.0 或更早版本的工作表；请用 Excel 或 WPS 打开后另存为 .xlsx";

fn sniff_magic(bytes: &[u8]) -> Option<Kind> {
    let table: &[(&[u8], &'static str)] = &[
        (b"\x89PNG", "PNG 图片，不是报告文件"),
        (b"\xFF\xD8\xFF", "JPEG 图片，不是报告文件"),
        (b"GIF8", "GIF 图片，不是报告文件"),
        (b"Rar!", "RAR 压缩包；请先解压"),
        (b"7z\xBC\xAF", "7z 压缩包；请先解压"),
        (b"\x1F\x8B", "gzip 压缩文件；请先解压"),
        (b"BM", ""),
        (b"\x09\x00\x04\x00", OLD_BIFF),
        (b"\x09\x02\x06\x00", OLD_BIFF),
        (b"\x09\x04\x06\x00", OLD_BIFF),
    ];
    for (magic, what) in table {
        if bytes.starts_with(magic) && !what.is_empty() {
            return Some(Kind::Unknown(what));
        }
    }
    // RTF, and Word 1.x/2.x documents (no OLE container; FIB magic 0xA5DB, a small nFib).
    let word2 = bytes.len() >= 4 && bytes[..2] == [0xDB, 0xA5] && bytes[3] == 0;
    if bytes.starts_with(b"{\\rtf") || word2 {
        return Some(Kind::Legacy);
    }
    None
}

fn sniff_zip(bytes: &[u8], ext: Option<&str>) -> Kind {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // A damaged package: trust the name so the right reader gives the right message.
        return match ext {
            Some("xlsx" | "xlsm") => Kind::Xlsx,
            Some("ods") => Kind::Ods,
            _ => Kind::Docx,
        };
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.replace('\\', "/").to_ascii_lowercase())
        .collect();
    if let Ok(mut f) = zip.by_name("mimetype") {
        let mut buf = String::new();
        if std::io::Read::read_to_string(&mut (&mut f).take(200), &mut buf).is_ok() {
            if buf.contains("opendocument.spreadsheet") {
                return Kind::Ods;
            }
            if buf.contains("opendocument.text") {
                return Kind::Legacy;
            }
        }
    }
    let content_types = names
        .iter()
        .position(|n| n == "[content_types].xml")
        .and_then(|_| read_small(&mut zip, "[Content_Types].xml"));
    if let Some(ct) = content_types {
        if ct.contains("wordprocessingml.document") || ct.contains("ms-word.document") {
            return Kind::Docx;
        }
        if ct.contains("spreadsheetml.sheet")
            || ct.contains("ms-excel.sheet")
            || ct.contains("spreadsheetml.template")
        {
            return Kind::Xlsx;
        }
    }
    if names.iter().any(|n| n.starts_with("word/")) {
        return Kind::Docx;
    }
    if names.iter().any(|n| n.starts_with("xl/")) {
        return Kind::Xlsx;
    }
    match ext {
        Some("docx" | "docm" | "dotx") => Kind::Docx,
        Some("xlsx" | "xlsm") => Kind::Xlsx,
        _ => Kind::Unknown("zip 压缩包，其中没有 Word 或 Excel 文档"),
    }
}

use std::io::Read as _;

fn read_small(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let f = zip.by_name(name).ok()?;
    let mut buf = String::new();
    f.take(64 * 1024).read_to_string(&mut buf).ok()?;
    Some(buf)
}

fn utf16_name(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn sniff_ole(bytes: &[u8], ext: Option<&str>) -> Kind {
    if contains(bytes, &utf16_name("EncryptedPackage")) {
        // An OOXML file inside an OLE container: the docx/xlsx reader reports it as encrypted.
        return match ext {
            Some("xlsx" | "xlsm" | "xls") => Kind::Xlsx,
            _ => Kind::Docx,
        };
    }
    if contains(bytes, &utf16_name("Workbook")) || contains(bytes, &utf16_name("Book")) {
        return Kind::Xls;
    }
    // A workbook cut short (a broken download) lost its directory at the end, and with it the
    // stream names: named .xls and not a Word file, the sheet reader reports it as damaged
    // (LibreOffice would import its bytes as text).
    if ext == Some("xls") && !contains(bytes, &utf16_name("WordDocument")) {
        return Kind::Xls;
    }
    Kind::Legacy
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head
        .iter()
        .filter(|b| **b != 0)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .unwrap_or(0);
    let rest = &lower[start..];
    rest.starts_with(b"<!doctype html")
        || rest.starts_with(b"<html")
        || (rest.starts_with(b"<") && (contains(rest, b"<html") || contains(rest, b"<body")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_images_as_unknown_and_pdf_by_its_header() {
        assert!(matches!(
            sniff(b"\x89PNG\r\n", Some("txt")),
            Kind::Unknown(_)
        ));
        assert_eq!(sniff(b"%PDF-1.7", Some("docx")), Kind::Pdf);
        assert_eq!(sniff(b"\r\n\x00junk%PDF-1.4\n", None), Kind::Pdf);
        assert_eq!(sniff(b"see %PDF spec", Some("txt")), Kind::Text);
    }

    #[test]
    fn sniffs_an_ole_file_without_stream_names_by_its_xls_name() {
        // The head of a workbook cut short: no directory, so no stream names.
        let mut head = OLE_MAGIC.to_vec();
        head.resize(1024, 0);
        assert_eq!(sniff(&head, Some("xls")), Kind::Xls);
        assert_eq!(sniff(&head, Some("doc")), Kind::Legacy);
        head.extend(utf16_name("WordDocument"));
        assert_eq!(sniff(&head, Some("xls")), Kind::Legacy);
    }

    #[test]
    fn sniffs_word2_documents_as_legacy() {
        assert_eq!(
            sniff(&[0xDB, 0xA5, 0x2D, 0x00, 0, 0], Some("doc")),
            Kind::Legacy
        );
        assert_eq!(sniff(&[0xDB, 0xA5, 0xC9, 0xBD], Some("txt")), Kind::Text);
    }

    #[test]
    fn sniffs_bare_old_excel_streams_as_unknown() {
        for magic in [
            &b"\x09\x00\x04\x00"[..],
            b"\x09\x02\x06\x00",
            b"\x09\x04\x06\x00",
        ] {
            assert!(
                matches!(sniff(magic, Some("xls")), Kind::Unknown(w) if w.contains("Excel 4.0"))
            );
        }
    }

    #[test]
    fn sniffs_html_by_content() {
        assert_eq!(sniff(b"  <!DOCTYPE html><html>", Some("txt")), Kind::Html);
        assert_eq!(sniff("一、总体情况".as_bytes(), None), Kind::Text);
    }
}
