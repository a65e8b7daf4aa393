//! What the bytes are before calamine sees them: encrypted workbooks, other kinds of file,
//! binary workbooks, zip packages that would unpack past the caps, .xlsx cell references
//! calamine would mis-compute (`xlsx_guard`), damaged .xls compound files (`cfb_guard`) and
//! .xls records calamine would panic on (`xls_guard`).

use super::encrypted;
use super::xls_guard::Damage;
use crate::read::sniff::{OLE_MAGIC, sniff};
use crate::read::{Kind, ReadError, limits};
use std::io::Cursor;

fn ext_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Xls => "xls",
        Kind::Ods => "ods",
        _ => "xlsx",
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn utf16(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// Checks what the bytes are before parsing: encrypted packages, other kinds of file, binary
/// workbooks and zip packages that would unpack past the caps. Returns the kind to read as
/// (the content wins over the given kind among spreadsheet kinds).
pub(super) fn check_kind(bytes: &[u8], kind: Kind) -> Result<Kind, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let ole = bytes.starts_with(OLE_MAGIC);
    if ole && (contains(bytes, &utf16("EncryptedPackage")) || xls_filepass(bytes)) {
        return Err(encrypted());
    }
    let found = sniff(bytes, Some(ext_of(kind)));
    let kind = match found {
        Kind::Xlsx | Kind::Xls | Kind::Ods => found,
        // An OLE file without a visible workbook stream may be a damaged workbook: let the
        // parser decide, and name the other kind only if it fails.
        Kind::Legacy if ole => Kind::Xls,
        other => {
            return Err(ReadError::WrongKind {
                expected: kind.describe().to_string(),
                found: other.describe().to_string(),
            });
        }
    };
    if matches!(kind, Kind::Xlsx | Kind::Ods) {
        check_package(bytes)?;
    }
    if kind == Kind::Xlsx {
        super::xlsx_guard::check_references(bytes)?;
    }
    if kind == Kind::Xls && ole {
        let stream = super::cfb_guard::workbook(bytes).map_err(|why| ReadError::Corrupt {
            detail: format!("Excel 97-2003 工作簿的复合文档结构已损坏（{why}）"),
        })?;
        match stream.as_deref().and_then(super::xls_guard::damage) {
            Some(Damage::Corrupt(why)) => {
                return Err(ReadError::Corrupt {
                    detail: format!("Excel 97-2003 工作簿的记录已损坏（{why}）"),
                });
            }
            Some(Damage::TooLarge(detail)) => return Err(ReadError::TooLarge { detail }),
            None => {}
        }
    }
    if kind == Kind::Xls
        && ole
        && let Some(detail) = super::biff_guard::oversized(bytes)
    {
        return Err(ReadError::TooLarge { detail });
    }
    Ok(kind)
}

/// Refuses binary workbooks and packages whose parts declare more than the unzip caps.
fn check_package(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // the parser reports the damage
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        let name = part
            .name()
            .map(|n| n.replace('\\', "/").to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with("workbook.bin") {
            return Err(ReadError::Unsupported {
                detail: "Excel 二进制工作簿（.xlsb）；请在 Excel/WPS 中另存为 .xlsx".into(),
            });
        }
        let size = part.size();
        total = total.saturating_add(size);
        if size > limits::MAX_PART_BYTES || total > limits::MAX_UNZIPPED_BYTES {
            return Err(ReadError::TooLarge {
                detail: format!(
                    "压缩包内的部件解压后超过 {} 字节",
                    limits::MAX_PART_BYTES.min(limits::MAX_UNZIPPED_BYTES)
                ),
            });
        }
    }
    Ok(())
}

/// An OLE file that failed to parse as a workbook but holds a Word stream is a Word document.
pub(super) fn or_wrong_kind(bytes: &[u8], kind: Kind, e: ReadError) -> ReadError {
    if matches!(e, ReadError::Corrupt { .. })
        && kind == Kind::Xls
        && bytes.starts_with(OLE_MAGIC)
        && contains(bytes, &utf16("WordDocument"))
    {
        return ReadError::WrongKind {
            expected: Kind::Xls.describe().to_string(),
            found: "Word 97-2003 文档（.doc）".to_string(),
        };
    }
    e
}

/// True when a BIFF5/BIFF8 workbook-globals BOF record is followed by a FILEPASS record
/// (RC4 or XOR obfuscation). calamine reports RC4 only; an XOR-obfuscated workbook would
/// otherwise read as garbage.
fn xls_filepass(bytes: &[u8]) -> bool {
    let bof = |w: &[u8]| {
        w[0] == 0x09
            && w[1] == 0x08
            && (w[2] == 0x10 || w[2] == 0x08)
            && w[3] == 0
            && w[6] == 0x05
            && w[7] == 0
    };
    bytes
        .windows(8)
        .enumerate()
        .filter(|(_, w)| bof(w))
        .take(64)
        .any(|(start, _)| {
            let mut at = start;
            for _ in 0..4 {
                let Some(head) = bytes.get(at..at + 4) else {
                    return false;
                };
                let typ = u16::from_le_bytes([head[0], head[1]]);
                let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
                if typ == 0x002F {
                    return true;
                }
                if typ == 0x000A {
                    return false;
                }
                at += 4 + len;
            }
            false
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::sheet::biff_record as record;

    #[test]
    fn finds_filepass_after_the_globals_bof() {
        let mut bof = vec![0x00, 0x06, 0x05, 0x00];
        bof.resize(16, 0);
        let mut stream = vec![0u8; 512];
        stream.extend(record(0x0809, &bof));
        stream.extend(record(0x005C, &[0; 112]));
        assert!(!xls_filepass(&stream));
        let mut locked = vec![0u8; 512];
        locked.extend(record(0x0809, &bof));
        locked.extend(record(0x002F, &[0, 0, 1, 2, 3, 4]));
        assert!(xls_filepass(&locked));
    }

    #[test]
    fn names_a_word_package_given_as_workbook() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        let ct = r#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        zip.start_file("[Content_Types].xml", opts).expect("start");
        std::io::Write::write_all(&mut zip, ct.as_bytes()).expect("write");
        let bytes = zip.finish().expect("finish").into_inner();
        match check_kind(&bytes, Kind::Xlsx) {
            Err(ReadError::WrongKind { found, .. }) => assert!(found.contains("Word")),
            other => panic!("expected WrongKind, got {other:?}"),
        }
    }
}
