//! The Word package: tells a .docx from what only looks like one, finds its parts through the
//! relationships and unzips them under the caps of [`limits`].

use crate::read::{ReadError, limits, sniff};
use std::collections::HashMap;
use std::io::{Cursor, Read};

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Relationship types of the main document part (Transitional, Strict).
const REL_OFFICE_DOCUMENT: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
];
/// Relationship namespace of the numbering part, by the part's type suffix.
const REL_PREFIXES: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
];

/// Above this many bytes out of one part, a compression ratio beyond [`MAX_RATIO`] is a bomb.
const RATIO_FLOOR: u64 = 16 * 1024 * 1024;
/// Largest believable compression ratio of a part larger than [`RATIO_FLOOR`].
const MAX_RATIO: u64 = 200;
/// Most bytes unzipped between two checks of the caps.
const CHUNK: u64 = 64 * 1024;

/// An opened zip package with a case-insensitive index of its part names.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    index: HashMap<String, usize>,
    unzipped: u64,
}

/// The parts the reader needs, unzipped.
pub struct Parts {
    /// Name of the main document part.
    pub main_name: String,
    /// The main document part.
    pub main: Vec<u8>,
    /// The numbering part, when there is one.
    pub numbering: Option<(String, Vec<u8>)>,
    /// The styles part, when there is one.
    pub styles: Option<(String, Vec<u8>)>,
}

fn corrupt(detail: impl Into<String>) -> ReadError {
    ReadError::Corrupt {
        detail: detail.into(),
    }
}

fn wrong(found: impl Into<String>) -> ReadError {
    ReadError::WrongKind {
        expected: "Word（.docx）".into(),
        found: found.into(),
    }
}

/// Opens `bytes` as a Word package, or says what they are instead.
pub fn open(bytes: &[u8]) -> Result<Package<'_>, ReadError> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(describe_ole(bytes));
    }
    if !bytes.starts_with(b"PK") {
        return Err(wrong(sniff(bytes, None).describe()));
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("zip 压缩包结构损坏或不完整（{e}）")))?;
    let mut index = HashMap::new();
    for (i, raw) in zip.file_names_raw().enumerate() {
        index
            .entry(normalize(&String::from_utf8_lossy(raw)))
            .or_insert(i);
    }
    Ok(Package {
        zip,
        index,
        unzipped: 0,
    })
}

/// Says what an OLE compound file is: an encrypted OOXML package, a .doc, an .xls…
fn describe_ole(bytes: &[u8]) -> ReadError {
    if contains_utf16(bytes, "EncryptedPackage") {
        return ReadError::Encrypted {
            what: "受密码保护的 Office 文档".into(),
        };
    }
    if contains_utf16(bytes, "WordDocument") {
        return wrong("Word 97-2003 文档（.doc），请在 Word/WPS 中另存为 .docx 再试");
    }
    if contains_utf16(bytes, "Workbook") || contains_utf16(bytes, "Book") {
        return wrong("Excel 97-2003 工作簿（.xls）");
    }
    wrong("OLE 复合文档（旧版 Office 格式）")
}

fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let pattern: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

/// Zip names as part names: forward slashes, no leading slash, lower case.
fn normalize(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_lowercase()
}

/// Resolves a relationship target against the folder of the source part.
fn resolve(base_dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut segs: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        segs.extend(base_dir.split('/').filter(|s| !s.is_empty()));
    }
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    segs.join("/")
}

fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..i])
}

/// The relationships part of `part` (`dir/_rels/name.rels`).
fn rels_name(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// One relationship: type URI, target, external or not.
struct Rel {
    kind: String,
    target: String,
    external: bool,
}

fn parse_rels(name: &str, xml: &[u8]) -> Result<Vec<Rel>, ReadError> {
    let mut out = Vec::new();
    super::xml::scan_elements(name, xml, |local, attrs| {
        if local == "Relationship" {
            let mut rel = Rel {
                kind: String::new(),
                target: String::new(),
                external: false,
            };
            for (key, value) in attrs {
                match key.as_str() {
                    "Type" => rel.kind = value.trim().to_string(),
                    "Target" => rel.target = value.trim().to_string(),
                    "TargetMode" => rel.external = value.eq_ignore_ascii_case("External"),
                    _ => {}
                }
            }
            out.push(rel);
        }
    })?;
    Ok(out)
}

impl Package<'_> {
    fn has(&self, name: &str) -> bool {
        self.index.contains_key(&normalize(name))
    }

    /// Unzips one part under the caps; `None` when the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(&i) = self.index.get(&normalize(name)) else {
            return Ok(None);
        };
        let file = self.zip.by_index(i).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(msg) if msg.contains("ncrypt") => {
                ReadError::Encrypted {
                    what: "zip 密码保护的文档".into(),
                }
            }
            e => corrupt(format!("无法解压部件 {name}（{e}）")),
        })?;
        if file.encrypted() {
            return Err(ReadError::Encrypted {
                what: "zip 密码保护的文档".into(),
            });
        }
        let compressed = file.compressed_size().max(1);
        let room = limits::MAX_UNZIPPED_BYTES.saturating_sub(self.unzipped);
        let cap = limits::MAX_PART_BYTES.min(room);
        // A size the package declares past the cap is refused before unzipping a byte; a
        // package that lies about it is stopped by the cap below.
        if file.size() > cap {
            return Err(ReadError::TooLarge {
                detail: format!("部件 {name} 解压后有 {} 字节，超过 {cap} 字节", file.size()),
            });
        }
        let declared = file.size();
        let mut limited = file.take(cap.saturating_add(1));
        // Unzipped straight into the part's buffer, sized by the declared length (a lie
        // reserves at most RATIO_FLOOR), in reads of at most CHUNK between the checks.
        let mut out = Vec::with_capacity(usize::try_from(declared.min(RATIO_FLOOR)).unwrap_or(0));
        loop {
            let before = out.len();
            (&mut limited)
                .take(CHUNK)
                .read_to_end(&mut out)
                .map_err(|e| corrupt(format!("无法解压部件 {name}（{e}）")))?;
            if out.len() == before {
                break;
            }
            let len = out.len() as u64;
            if len > cap {
                return Err(ReadError::TooLarge {
                    detail: format!("部件 {name} 解压后超过 {cap} 字节"),
                });
            }
            if len > RATIO_FLOOR && len / compressed > MAX_RATIO {
                return Err(ReadError::TooLarge {
                    detail: format!(
                        "部件 {name} 的压缩比超过 {MAX_RATIO} 倍（疑似压缩炸弹），已停止解压"
                    ),
                });
            }
        }
        self.unzipped += out.len() as u64;
        Ok(Some(out))
    }

    /// Finds and unzips the main document part, its numbering and its styles.
    pub fn word_parts(&mut self) -> Result<Parts, ReadError> {
        let main_name = self.main_part_name()?;
        let main = self
            .part(&main_name)?
            .ok_or_else(|| corrupt(format!("找不到正文部件 {main_name}")))?;
        let mut numbering = None;
        let mut styles = None;
        let rels_part = rels_name(&main_name);
        if let Some(xml) = self.part(&rels_part)? {
            let base = dir_of(&main_name).to_string();
            for rel in parse_rels(&rels_part, &xml)? {
                if rel.external {
                    continue;
                }
                let Some(kind) = REL_PREFIXES.iter().find_map(|p| rel.kind.strip_prefix(p)) else {
                    continue;
                };
                let slot = match kind {
                    "numbering" => &mut numbering,
                    "styles" => &mut styles,
                    _ => continue,
                };
                if slot.is_none() {
                    let name = resolve(&base, &rel.target);
                    if let Some(bytes) = self.part(&name)? {
                        *slot = Some((name, bytes));
                    }
                }
            }
        }
        Ok(Parts {
            main_name,
            main,
            numbering,
            styles,
        })
    }

    /// The main part named by `_rels/.rels`, else by the content types, else the usual name.
    fn main_part_name(&mut self) -> Result<String, ReadError> {
        if let Some(xml) = self.part("_rels/.rels")? {
            for rel in parse_rels("_rels/.rels", &xml)? {
                if !rel.external && REL_OFFICE_DOCUMENT.contains(&rel.kind.as_str()) {
                    let name = resolve("", &rel.target);
                    if self.has(&name) {
                        return Ok(name);
                    }
                }
            }
        }
        if let Some(xml) = self.part("[Content_Types].xml")? {
            let mut found = None;
            super::xml::scan_elements("[Content_Types].xml", &xml, |local, attrs| {
                if local != "Override" || found.is_some() {
                    return;
                }
                let mut part = None;
                let mut is_main = false;
                for (key, value) in attrs {
                    match key.as_str() {
                        "PartName" => part = Some(value.clone()),
                        "ContentType" => {
                            is_main = value.contains("wordprocessingml.document.main")
                                || value.contains("wordprocessingml.template.main")
                                || value.contains("ms-word.document.macroEnabled.main")
                        }
                        _ => {}
                    }
                }
                if is_main {
                    found = part;
                }
            })?;
            if let Some(part) = found {
                let name = resolve("", &part);
                if self.has(&name) {
                    return Ok(name);
                }
            }
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".into());
        }
        Err(self.not_word())
    }

    /// What a package without a Word main part is.
    fn not_word(&self) -> ReadError {
        let any = |prefix: &str| self.index.keys().any(|k| k.starts_with(prefix));
        if any("xl/") {
            wrong("Excel 工作簿（.xlsx）")
        } else if any("ppt/") {
            wrong("PowerPoint 演示文稿（.pptx）")
        } else if self.has("mimetype") || self.has("content.xml") {
            wrong("OpenDocument 文件（.odt/.ods）")
        } else {
            wrong("普通 zip 压缩包，其中没有 Word 正文")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_absolute_targets() {
        assert_eq!(resolve("word", "numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve("word", "/custom/x.xml"), "custom/x.xml");
        assert_eq!(resolve("a/b", "../c.xml"), "a/c.xml");
        assert_eq!(resolve("", "doc.xml"), "doc.xml");
        assert_eq!(
            rels_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_name("document.xml"), "_rels/document.xml.rels");
    }

    #[test]
    fn normalizes_backslash_names() {
        assert_eq!(normalize("\\word\\Document.xml"), "word/document.xml");
    }
}
