//! Plain-text reader: decodes legacy encodings and finds table rows in the common text layouts.
//!
//! Layouts met in real exports: cells one per line led by a tab with a blank line between rows
//! (text extracted from Word), tab-separated cells on one line (Word "save as text"),
//! pipe-separated rows (web pages), and one cell per line without any mark (LibreOffice "save as
//! text"; kept as paragraphs, the recogniser reads them as a table where the standard expects one).
//! Markdown (converters, language-model tools) is told from the content and read by
//! [`markdown`]; page numbers between lines ("- 3 -", "第3页") are dropped ([`page_marks`]).

mod markdown;
mod page_marks;

use super::{ReadError, ReadOptions};
use crate::document::{Block, Cell, Document, Note, Paragraph, Place, Row, Table};
use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with the encoding used and a note per replaced byte.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's name (e.g. "GB18030").
    pub encoding: &'static str,
    /// One note per undecodable sequence replaced (only with `lossy`).
    pub notes: Vec<Note>,
}

/// Decodes bytes: BOM, then BOM-less UTF-16, then valid UTF-8, else the encoding chardetng
/// guesses with the `.cn` hint (GBK decoded as its superset GB18030). `opts.encoding` overrides
/// all of these; `declared` is an encoding named by the file itself (an HTML meta tag).
///
/// # Errors
/// [`ReadError::Undecodable`] at the first bad byte unless `opts.lossy`;
/// [`ReadError::UnknownEncoding`] for an unknown `--encoding` label.
pub fn decode(
    bytes: &[u8],
    opts: &ReadOptions,
    declared: Option<&str>,
) -> Result<Decoded, ReadError> {
    match choose_encoding(bytes, opts, declared)? {
        Chosen::Decoded(text, encoding) => Ok(Decoded {
            text,
            encoding: encoding.name(),
            notes: Vec::new(),
        }),
        Chosen::Encoding(encoding, skip) => decode_with(&bytes[skip..], encoding, opts.lossy, skip),
    }
}

/// The encoding to decode with (and the BOM bytes to skip), or the text already decoded while
/// trying an encoding (GB18030 is tried by decoding: no need to do it twice).
enum Chosen {
    Encoding(&'static Encoding, usize),
    Decoded(String, &'static Encoding),
}

fn choose_encoding(
    bytes: &[u8],
    opts: &ReadOptions,
    declared: Option<&str>,
) -> Result<Chosen, ReadError> {
    if let Some(label) = &opts.encoding {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| ReadError::UnknownEncoding(label.clone()))?;
        let skip = match Encoding::for_bom(bytes) {
            Some((bom_enc, len)) if bom_enc == enc => len,
            _ => 0,
        };
        return Ok(Chosen::Encoding(widen(enc), skip));
    }
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return Ok(Chosen::Encoding(enc, len));
    }
    if let Some(enc) = bomless_utf16(bytes) {
        return Ok(Chosen::Encoding(enc, 0));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Chosen::Decoded(text.to_string(), UTF_8));
    }
    if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        return Ok(Chosen::Encoding(widen(enc), 0));
    }
    // Chinese government text that is not UTF-8 is GBK/GB18030 nearly always: when the bytes are
    // valid GB18030, take it without running the (much slower) statistical detector.
    if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        && !looks_binary(&text)
    {
        return Ok(Chosen::Decoded(text.into_owned(), GB18030));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    Ok(Chosen::Encoding(
        widen(detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)),
        0,
    ))
}

/// GBK and GB2312 text is decoded as GB18030, their superset.
fn widen(enc: &'static Encoding) -> &'static Encoding {
    if enc == GBK { GB18030 } else { enc }
}

/// UTF-16 without a BOM shows as NUL bytes in every other position for ASCII characters.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd * 10 >= pairs && even * 4 <= odd {
        Some(UTF_16LE)
    } else if even * 10 >= pairs && odd * 4 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn decode_with(
    bytes: &[u8],
    encoding: &'static Encoding,
    lossy: bool,
    base_offset: usize,
) -> Result<Decoded, ReadError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let mut notes = Vec::new();
    let mut pos = 0;
    loop {
        let need = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
            .unwrap_or(bytes.len() * 4 + 16);
        out.reserve(need);
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[pos..], &mut out, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(bad, after) => {
                let offset = pos - after as usize - bad as usize;
                let line = line_of(bytes, offset, encoding);
                if !lossy {
                    return Err(ReadError::Undecodable {
                        offset: offset + base_offset,
                        line,
                        encoding: encoding.name().to_string(),
                    });
                }
                out.push('\u{FFFD}');
                if notes.len() < 1000 {
                    notes.push(Note {
                        place: Place::Line { line },
                        message: format!(
                            "字节偏移 {} 处无法按 {} 解码，已替换为 �",
                            offset + base_offset,
                            encoding.name()
                        ),
                    });
                }
            }
        }
    }
    Ok(Decoded {
        text: out,
        encoding: encoding.name(),
        notes,
    })
}

/// The 1-based line of a byte offset, counting LF in the given encoding.
fn line_of(bytes: &[u8], offset: usize, encoding: &'static Encoding) -> usize {
    let head = &bytes[..offset.min(bytes.len())];
    let newlines = if encoding == UTF_16LE {
        head.chunks(2).filter(|c| c == b"\n\0").count()
    } else if encoding == UTF_16BE {
        head.chunks(2).filter(|c| c == b"\0\n").count()
    } else {
        head.iter().filter(|b| **b == b'\n').count()
    };
    newlines + 1
}

/// Reads a text file into a [`Document`].
///
/// # Errors
/// Decoding errors as [`decode`] — but bytes that are not mostly text (random or binary data)
/// give [`ReadError::Binary`], never a hint about encodings.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    let binary = || ReadError::Binary {
        expected: "文本文件".into(),
    };
    let decoded = match decode(bytes, opts, None) {
        Ok(d) => d,
        Err(ReadError::Undecodable { .. }) if raw_looks_binary(bytes) => return Err(binary()),
        Err(e) => return Err(e),
    };
    if looks_binary(&decoded.text) {
        return Err(binary());
    }
    let mut doc = parse_layout(&decoded.text);
    doc.notes.extend(decoded.notes);
    Ok(doc)
}

/// Bytes that no encoding gongkai tries turns into mostly text: their head decoded with
/// replacement as UTF-8 and as GB18030 both [`looks_binary`]. A text with a few bad bytes is
/// not binary (and gets the decoding hint).
fn raw_looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    [UTF_8, GB18030]
        .iter()
        .all(|enc| looks_binary(&enc.decode_without_bom_handling(head).0))
}

fn looks_binary(text: &str) -> bool {
    // Over the UTF-8 bytes (a char at a time cost a sixth of reading a report): a lead byte
    // starts a character; the bad ones are control characters other than tab, line and page
    // breaks (C0, DEL, C1 = C2 80..9F), U+FFFD (EF BF BD) and the private use area U+E000..U+F8FF
    // (EE xx xx, EF 80..A3 xx).
    let bytes = text.as_bytes();
    let mut total = 0usize;
    let mut bad = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b & 0xC0 == 0x80 {
            continue;
        }
        total += 1;
        if total > 20_000 {
            total -= 1;
            break;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let is_bad = match b {
            b'\n' | b'\r' | b'\t' | 0x0c => false,
            0x00..=0x1f | 0x7f => true,
            0xc2 => (0x80..=0x9f).contains(&next),
            0xee => true,
            0xef => next <= 0xa3 || (next == 0xbf && bytes.get(i + 2) == Some(&0xbd)),
            _ => false,
        };
        bad += usize::from(is_bad);
    }
    total > 0 && bad * 20 > total
}

/// Removes marks left by text extraction tools: `[bookmark: _GoBack]`.
fn strip_marks(line: &str) -> String {
    // Most lines have no mark: one byte search instead of setting up a substring search.
    if !line.contains('[') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("[bookmark:") {
        out.push_str(&rest[..start]);
        match rest[start..].find(']') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// Cells one per line, each led by a tab; a blank line ends a row.
    TabLed,
    /// Cells of a row on one line, separated by tabs.
    TabSeparated,
}

fn detect_layout(lines: &[String]) -> Layout {
    let mut led = 0;
    let mut separated = 0;
    for l in lines {
        let tabs = l.matches('\t').count();
        if tabs == 0 {
            continue;
        }
        if l.starts_with('\t') && tabs == 1 {
            led += 1;
        } else {
            separated += 1;
        }
    }
    if separated > led {
        Layout::TabSeparated
    } else {
        Layout::TabLed
    }
}

fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.matches('|').count() >= 2
}

fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim().trim_start_matches('|');
    let t = t.strip_suffix('|').unwrap_or(t);
    let cells: Vec<String> = t.split('|').map(|c| c.trim().to_string()).collect();
    let separator = cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | '=' | ' ')));
    if separator { None } else { Some(cells) }
}

struct Builder {
    blocks: Vec<Block>,
    table: Option<Table>,
    table_count: usize,
}

impl Builder {
    fn paragraph(&mut self, text: &str, line: usize) {
        self.end_table();
        self.blocks
            .push(Block::Paragraph(Paragraph::new(text, Place::Line { line })));
    }

    fn row(&mut self, cells: Vec<(String, usize)>) {
        let table = self.table.get_or_insert_with(|| Table {
            place: Place::Line {
                line: cells.first().map(|c| c.1).unwrap_or(0),
            },
            ..Table::default()
        });
        let row = Row {
            cells: cells
                .into_iter()
                .enumerate()
                .map(|(i, (text, line))| Cell::new(text, i, Place::Line { line }))
                .collect(),
            header: false,
        };
        table.rows.push(row);
    }

    fn end_table(&mut self) {
        if let Some(t) = self.table.take() {
            self.table_count += 1;
            self.blocks.push(Block::Table(t));
        }
    }
}

/// True when more lines end in a CR alone than in an LF (CRLF counts as LF).
fn lone_crs_outnumber_lfs(text: &str) -> bool {
    let bytes = text.as_bytes();
    let lfs = bytes.iter().filter(|&&b| b == b'\n').count();
    let crs = (bytes.iter().enumerate())
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    crs > lfs
}

/// Splits decoded text into paragraphs and tables.
pub fn parse_layout(text: &str) -> Document {
    if super::paged::is_paged(text) {
        // Text from a PDF: paragraphs and table cells one per line once its pages are undone.
        let mut b = Builder {
            blocks: Vec::new(),
            table: None,
            table_count: 0,
        };
        for (line, n) in super::paged::clean(text) {
            b.paragraph(strip_marks(&line).trim_end(), n);
        }
        return Document {
            blocks: b.blocks,
            notes: Vec::new(),
        };
    }
    // Lines end in LF or CRLF; in CR alone when most lines do (classic Mac OS and some old
    // exporters, or such a file with one line edited elsewhere) — a stray CR in a CRLF file is
    // not a line of its own.
    let newline = if lone_crs_outnumber_lfs(text) {
        '\r'
    } else {
        '\n'
    };
    let lines: Vec<String> = text
        .split(newline)
        // The other half of a CRLF: after the LF split, a CR at the end; after the CR split,
        // an LF at the start.
        .map(|l| strip_marks(l.strip_suffix('\r').or(l.strip_prefix('\n')).unwrap_or(l)))
        .collect();
    if markdown::is_markdown(&lines) {
        return markdown::parse(&lines);
    }
    let layout = detect_layout(&lines);
    let mut b = Builder {
        blocks: Vec::new(),
        table: None,
        table_count: 0,
    };
    // Cells of the row being read in the tab-led layout: (text, line).
    let mut pending: Vec<(String, usize)> = Vec::new();
    let mut in_row = false;
    for (i, raw) in lines.iter().enumerate() {
        let n = i + 1;
        if page_marks::is_page_number(raw) {
            continue;
        }
        if is_pipe_row(raw) {
            if let Some(cells) = pipe_cells(raw) {
                b.row(cells.into_iter().map(|c| (c, n)).collect());
            }
            continue;
        }
        let tabs = raw.matches('\t').count();
        let tab_led_cell = layout == Layout::TabLed && raw.starts_with('\t') && tabs == 1;
        if layout == Layout::TabSeparated && tabs > 0 {
            b.row(raw.split('\t').map(|c| (c.trim().to_string(), n)).collect());
            continue;
        }
        if tab_led_cell {
            pending.push((raw[1..].trim().to_string(), n));
            in_row = true;
            continue;
        }
        if layout == Layout::TabLed && tabs > 1 {
            // A stray multi-tab line inside a tab-led file: treat as a row of its own.
            if in_row {
                b.row(std::mem::take(&mut pending));
                in_row = false;
            }
            b.row(raw.split('\t').map(|c| (c.trim().to_string(), n)).collect());
            continue;
        }
        if raw.trim().is_empty() {
            if in_row {
                b.row(std::mem::take(&mut pending));
                in_row = false;
                continue;
            }
            if b.table.is_some() {
                continue;
            }
            b.paragraph("", n);
            continue;
        }
        if in_row {
            // A line break inside a cell: the text goes on in the previous cell.
            if let Some(last) = pending.last_mut() {
                last.0.push('\n');
                last.0.push_str(raw.trim());
            }
            continue;
        }
        b.paragraph(raw.trim_end(), n);
    }
    if in_row {
        b.row(pending);
    }
    b.end_table();
    Document {
        blocks: b.blocks,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `looks_binary` as first written, a character at a time.
    fn looks_binary_by_chars(text: &str) -> bool {
        let mut total = 0usize;
        let mut bad = 0usize;
        for c in text.chars().take(20_000) {
            total += 1;
            let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
            if control || c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) {
                bad += 1;
            }
        }
        total > 0 && bad * 20 > total
    }

    #[test]
    fn tells_binary_from_text_as_a_character_count_would() {
        let pieces = [
            "规章", "a", "\t", "\n", "\u{0}", "\u{7f}", "\u{85}", "\u{9f}", "\u{a0}", "\u{fffd}",
            "\u{e000}", "\u{efff}", "\u{f000}", "\u{f8ff}", "\u{f900}", "\u{ffef}", "\u{c}", "😀",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            let len = (seed % 60) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(
                looks_binary(&text),
                looks_binary_by_chars(&text),
                "{text:?}"
            );
        }
        let long = "\u{0}".repeat(25_000) + &"字".repeat(10);
        assert_eq!(looks_binary(&long), looks_binary_by_chars(&long));
        let long = "字".repeat(20_000) + &"\u{0}".repeat(25_000);
        assert_eq!(looks_binary(&long), looks_binary_by_chars(&long));
    }

    fn tables(doc: &Document) -> Vec<&Table> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn lines_ending_in_carriage_returns_alone_are_lines() {
        let doc = parse_layout("标题\r\t规章\r\t0\r\r正文");
        let crlf = parse_layout("标题\r\n\t规章\r\n\t0\r\n\r\n正文");
        assert_eq!(doc.blocks.len(), 3, "{doc:?}");
        // One line edited with another program (CRLF) does not undo the rest.
        let mixed = parse_layout("标题\r\t规章\r\n\t0\r\r正文");
        assert_eq!(format!("{:?}", mixed.blocks), format!("{:?}", crlf.blocks));
        assert_eq!(
            format!("{:?}", doc.blocks),
            format!("{:?}", crlf.blocks),
            "the same lines as CRLF"
        );
    }

    #[test]
    fn tab_led_cells_form_rows_split_by_blank_lines() {
        let doc = parse_layout("标题\n\t信息内容\n\t本年制发件数\n\n\t规章\n\t0\n\n段落\n");
        let t = tables(&doc);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].cells[1].text, "0");
        assert_eq!(t[0].rows[1].cells[1].place, Place::Line { line: 6 });
    }

    #[test]
    fn line_break_inside_a_cell_continues_it() {
        let doc = parse_layout("\t5.要求行政机关确认或重新\n出具已获取信息\n\t0\n\n");
        assert_eq!(
            tables(&doc)[0].rows[0].cells[0].text,
            "5.要求行政机关确认或重新\n出具已获取信息"
        );
    }

    #[test]
    fn tab_separated_rows_and_pipes() {
        let doc = parse_layout("规章\t0\t1\t2\n行政许可\t3\n");
        assert_eq!(tables(&doc)[0].rows[0].cells.len(), 4);
        let doc = parse_layout("| 规章 | 0 | 1 |\n|---|---|---|\n| 行政许可 | 3 |\n");
        assert_eq!(tables(&doc)[0].rows.len(), 2);
    }

    #[test]
    fn bookmarks_are_dropped() {
        assert_eq!(strip_marks("[bookmark: _GoBack]一是"), "一是");
    }

    #[test]
    fn undecodable_byte_names_offset_and_line() {
        let bytes = b"abc\n\xff\xfe\xfd";
        let opts = ReadOptions {
            encoding: Some("utf-8".into()),
            ..ReadOptions::default()
        };
        match decode(bytes, &opts, None) {
            Err(ReadError::Undecodable { offset, line, .. }) => {
                assert_eq!((offset, line), (4, 2));
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn gbk_is_detected_and_decoded() {
        let (bytes, _, _) = GB18030.encode("二、主动公开政府信息情况\n行政许可");
        let d = decode(&bytes, &ReadOptions::default(), None).expect("decodes");
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.starts_with("二、主动公开"));
    }
}
