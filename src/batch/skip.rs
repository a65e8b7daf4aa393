//! Which files found in a folder (or by a pattern) are read, and why each of the others is not —
//! so that no file is passed over without a word in the summary.
//!
//! The decision follows what the readers can read ([`crate::read::sniff`]), not a list of names:
//! a file is read when its name is one a report is saved under ([`REPORT_EXTENSIONS`]), or when
//! its first bytes say it is a kind a reader takes (a workbook saved as `.dat`, a PDF once a PDF
//! reader is registered). Everything else is skipped with the reason in Chinese.

use crate::read::{Kind, sniff};
use std::io::Read as _;
use std::path::Path;

/// File extensions a report is read under even when its bytes do not tell (text has no magic
/// number), compared without case. A file under another name is read only when its bytes say
/// it is a kind gongkai reads.
pub const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "docx", "docm", "xlsx", "xlsm", "xls", "ods", "html", "htm", "doc", "wps", "et", "odt",
    "rtf", "json",
];

/// Bytes read from the start of a file to tell its kind.
const HEAD_BYTES: u64 = 64 * 1024;

/// True when the file name has one of [`REPORT_EXTENSIONS`].
fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|k| k.eq_ignore_ascii_case(e)))
}

/// Why a file found while walking is not read: `None` when it is read. The reasons, in Chinese:
/// a lock or temporary file of Word/WPS (`~$报告.docx`, `~WRL0001.tmp`), a hidden file
/// (`.name`), a kind no reader takes (an image, an archive …, as the sniffer names it), or text
/// under a name reports are not saved under (`说明.md`).
pub fn reason_to_skip(path: &Path) -> Option<String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("~$") {
        return Some("Word/WPS 打开文档时生成的临时锁定文件".into());
    }
    if name.starts_with('~') {
        return Some("临时文件".into());
    }
    if name.starts_with('.') {
        return Some("隐藏文件".into());
    }
    if has_report_extension(path) {
        return None;
    }
    let mut head = Vec::new();
    let opened = std::fs::File::open(path).and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head));
    if opened.is_err() {
        // Read it: the reader reports why it cannot be opened, as a failure with the path.
        return None;
    }
    let ext = path.extension().and_then(|e| e.to_str());
    match sniff(&head, ext) {
        Kind::Unknown(what) => Some(format!("{what}（gongkai 不读取这类文件）")),
        // Text has no magic number, and old Office containers also hold presentations and mail:
        // under another name they are not taken for reports.
        Kind::Text | Kind::Legacy => Some(match ext {
            Some(e) => {
                format!("扩展名 .{e} 不是报告文件的扩展名（报告请存为 .docx、.xlsx、.txt 等）")
            }
            None => "没有扩展名，不是报告文件（报告请存为 .docx、.xlsx、.txt 等）".into(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    #[test]
    fn lock_hidden_and_markdown_files_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lock = file(dir.path(), "~$报告.docx", b"x");
        let hidden = file(dir.path(), ".报告.txt", "一、总体情况".as_bytes());
        let md = file(dir.path(), "说明.md", "# 说明".as_bytes());
        assert!(reason_to_skip(&lock).is_some_and(|r| r.contains("锁定")));
        assert!(reason_to_skip(&hidden).is_some_and(|r| r.contains("隐藏")));
        assert!(reason_to_skip(&md).is_some_and(|r| r.contains(".md")));
    }

    #[test]
    fn a_report_name_is_read_whatever_its_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let png_as_docx = file(dir.path(), "a.docx", b"\x89PNG\r\n\x1a\n");
        assert_eq!(reason_to_skip(&png_as_docx), None);
        let png = file(dir.path(), "a.png", b"\x89PNG\r\n\x1a\n");
        assert!(reason_to_skip(&png).is_some_and(|r| r.contains("PNG")));
    }

    #[test]
    fn a_workbook_under_another_name_is_read_by_its_bytes() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            w.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
                .expect("zip");
            std::io::Write::write_all(&mut w, b"<workbook/>").expect("zip");
            w.finish().expect("zip");
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let dat = file(dir.path(), "报表.dat", &buf.into_inner());
        assert_eq!(reason_to_skip(&dat), None);
    }
}
