//! Cell references of an .xlsx package checked before calamine sees them: calamine 0.38 turns
//! `r="…"` and `ref="…"` values into numbers with unchecked arithmetic (a 10-digit row or a
//! 7-letter column overflows `u32`, an inverted range underflows), which panics with overflow
//! checks on and wraps silently without. Every part of the package is streamed through a quick
//! pass over its raw bytes, and through an XML reader only when that pass cannot clear it; each
//! reference calamine would parse is measured against Excel's grid. The parts are also
//! measured as they really unpack, whatever sizes the zip directory declares.

use crate::read::{ReadError, limits};
use quick_xml::events::Event;
use std::io::{BufReader, Cursor, Read};

/// Last row of an Excel grid (1-based).
const MAX_ROW: u64 = 1_048_576;
/// Last column of an Excel grid (1-based; XFD).
const MAX_COL: u64 = 16_384;

/// Checks every reference of the package that calamine parses (`<c r>`, `<row r>`,
/// `<dimension ref>`, `<f ref>`, `<mergeCell ref>`) and the real unpacked size of each part.
///
/// References calamine refuses by itself (letters after digits, `$`, row 0 …) are left to its
/// error; only those it would accept and then mis-compute are refused here.
///
/// # Errors
/// [`ReadError::Corrupt`] naming the first reference past row 1048576 or column XFD, or a
/// range whose end lies before its start; [`ReadError::TooLarge`] when a part unpacks past
/// [`limits::MAX_PART_BYTES`] or the parts together past [`limits::MAX_UNZIPPED_BYTES`].
pub(super) fn check_references(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // the parser reports the damage
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let limit = limits::MAX_PART_BYTES.min(limits::MAX_UNZIPPED_BYTES.saturating_sub(total));
        // A quick pass over the raw bytes clears almost every part; the XML pass decides for
        // the few it cannot clear.
        let Some(first) = measure(&mut zip, i, limit, |mut r| quick_scan(&mut r)) else {
            continue; // calamine cannot read this part either
        };
        let (quick, read) = first?;
        total = total.saturating_add(read);
        if quick == Quick::Clean {
            continue;
        }
        let name = zip
            .by_index_raw(i)
            .ok()
            .and_then(|p| p.name().ok().map(|n| n.to_string()))
            .unwrap_or_default();
        if let Some(second) = measure(&mut zip, i, limit, |mut r| scan_part(&mut r))
            && let (Some(bad), _) = second?
        {
            return Err(ReadError::Corrupt {
                detail: bad.describe(&name),
            });
        }
    }
    Ok(())
}

/// Runs `scan` over part `i` unpacked (`None` when the part cannot be opened) and returns its
/// verdict with the bytes read.
///
/// # Errors
/// [`ReadError::TooLarge`] when the part unpacks past `limit`.
fn measure<T>(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    i: usize,
    limit: u64,
    scan: impl FnOnce(&mut dyn Read) -> T,
) -> Option<Result<(T, u64), ReadError>> {
    let part = zip.by_index(i).ok()?;
    let mut counted = Counted {
        inner: part,
        read: 0,
        limit,
    };
    let verdict = scan(&mut counted);
    if counted.read > counted.limit {
        return Some(Err(ReadError::TooLarge {
            detail: format!(
                "压缩包内的部件解压后超过声明的大小和上限（单个部件 {} 字节，合计 {} 字节）",
                limits::MAX_PART_BYTES,
                limits::MAX_UNZIPPED_BYTES
            ),
        }));
    }
    Some(Ok((verdict, counted.read)))
}

/// A reader that counts the bytes it yields and fails once past its limit.
struct Counted<R> {
    inner: R,
    read: u64,
    limit: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read > self.limit {
            return Err(std::io::Error::other("part over the cap"));
        }
        let n = self.inner.read(buf)?;
        self.read = self.read.saturating_add(n as u64);
        Ok(n)
    }
}

/// A reference calamine would mis-compute.
#[derive(Debug, PartialEq, Eq)]
enum BadRef {
    /// Past the last row or column of Excel's grid.
    OutOfGrid(String),
    /// A range ending before it starts.
    Inverted(String),
}

impl BadRef {
    fn describe(&self, part: &str) -> String {
        match self {
            BadRef::OutOfGrid(v) => format!(
                "部件 {part} 中的单元格引用“{v}”超出 Excel 表格的范围（最多 {MAX_ROW} 行、{MAX_COL} 列）"
            ),
            BadRef::Inverted(v) => format!("部件 {part} 中的区域“{v}”终点在起点之前"),
        }
    }
}

/// What the quick pass over a part's raw bytes found.
#[derive(Debug, PartialEq, Eq)]
enum Quick {
    /// No attribute value a worksheet reader parses as a reference can be bad.
    Clean,
    /// A candidate looks bad, or the bytes are not plain enough to tell: parse the XML.
    Unsure,
}

/// Bytes kept before the `=` being examined (for its key) and needed after it (for its value).
const BEFORE: usize = 64;
const AFTER: usize = 192;
/// Longest value examined; a reference-like value longer than this is bad anyway.
const VALUE: usize = 64;

/// Streams a part's raw bytes and looks at every `r="…"` / `ref="…"` pair as calamine splits
/// attributes (the key after white space or a closing quote, white space around `=`),
/// whatever element or text it stands in. Each pair is examined on its own, so quotes in text,
/// comments or CDATA cannot hide one: every real attribute is among the candidates. A part
/// with NUL or ESC bytes may be UTF-16 or ISO-2022-JP, which the XML reader transcodes; the
/// raw bytes then say nothing and the answer is [`Quick::Unsure`].
fn quick_scan(part: &mut impl Read) -> Quick {
    let mut window: Vec<u8> = Vec::with_capacity(64 * 1024 + BEFORE + AFTER);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut next = 0; // first position of `window` not examined yet
    let mut dropped = false; // bytes were dropped from the front of `window`
    loop {
        // Unreadable from here on (damaged, or over the cap): calamine stops here too.
        let n = part.read(&mut chunk).unwrap_or_default();
        let eof = n == 0;
        window.extend_from_slice(chunk.get(..n).unwrap_or_default());
        let upto = if eof {
            window.len()
        } else {
            window.len().saturating_sub(AFTER)
        };
        if doubts(&window, next, upto, dropped) {
            return Quick::Unsure;
        }
        if eof {
            return Quick::Clean;
        }
        let cut = upto.saturating_sub(BEFORE);
        window.drain(..cut);
        dropped |= cut > 0;
        next = upto - cut;
    }
}

/// Looks at `w[from..upto]`: true at a NUL or ESC byte or at an `=` whose pair is bad. Skips
/// eight bytes at a time where none of `=`, NUL, ESC occurs (the test build is unoptimised and
/// checks every hostile input under a CPU-time limit).
fn doubts(w: &[u8], from: usize, upto: usize, dropped: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let mut i = from;
    while i < upto {
        if i + 8 <= upto
            && let Some(word) = w.get(i..i + 8).and_then(|s| <[u8; 8]>::try_from(s).ok())
        {
            let x = u64::from_le_bytes(word);
            if !(has_zero(x)
                || has_zero(x ^ (ONES * u64::from(b'=')))
                || has_zero(x ^ (ONES * 0x1B)))
            {
                i += 8;
                continue;
            }
        }
        match w.get(i) {
            Some(0 | 0x1B) => return true,
            Some(b'=') if candidate_is_bad(w, i, dropped) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// True when the `=` at `eq` joins a key `r` or `ref` to a value that is a bad reference (or
/// when the window is too short to tell).
fn candidate_is_bad(w: &[u8], eq: usize, dropped: bool) -> bool {
    let ws = |b: &u8| b.is_ascii_whitespace();
    // Most `=` follow another key: tell at once from the byte before.
    match eq.checked_sub(1).and_then(|p| w.get(p)) {
        Some(b'r' | b'f') => {}
        Some(b) if ws(b) => {}
        Some(_) => return false,
        None => return dropped,
    }
    // The key: `r` or `ref` before optional white space, after white space or a quote.
    let before = w.get(..eq).unwrap_or_default();
    let key_end = before.len() - before.iter().rev().take_while(|b| ws(b)).count();
    let head = before.get(..key_end).unwrap_or_default();
    let key = if head.ends_with(b"ref") {
        3
    } else if head.ends_with(b"r") {
        1
    } else {
        // Too near the front of the window to see the whole key: cannot tell.
        return dropped && key_end < 4;
    };
    match (key_end - key).checked_sub(1).and_then(|p| w.get(p)) {
        Some(b) if ws(b) || *b == b'"' || *b == b'\'' => {}
        Some(_) => return false, // a longer key such as `sqref`
        None => return true,     // the key may continue before the window
    }
    // The value: a quote after optional white space, then up to the same quote.
    let after = w.get(eq + 1..).unwrap_or_default();
    let skip = after.iter().take_while(|b| ws(b)).count();
    let Some(&quote) = after.get(skip) else {
        return true; // white space to the end of the window: cannot tell
    };
    if quote != b'"' && quote != b'\'' {
        return false;
    }
    let rest = after.get(skip + 1..).unwrap_or_default();
    let value = &rest[..rest.len().min(VALUE)];
    match value.iter().position(|&b| b == quote) {
        Some(end) => bad_reference(&value[..end], true).is_some(),
        // No closing quote near: bad if it still reads as a reference.
        None => value
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b':'),
    }
}

/// Streams one part and returns its first bad reference. Stops where calamine's parser would
/// stop too (malformed XML, an unreadable or over-long part).
fn scan_part(part: &mut impl Read) -> Option<BadRef> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    // As calamine reads worksheets: tolerant of mismatched end tags and odd comments.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let e = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => continue,
        };
        let (key, range) = match e.local_name().as_ref() {
            "c" | "row" => ("r", false),
            "dimension" | "f" | "mergeCell" => ("ref", true),
            _ => continue,
        };
        for (k, v) in raw_attrs(e.attributes_raw()) {
            if k == key
                && let Some(bad) = bad_reference(v.as_bytes(), range)
            {
                return Some(bad);
            }
        }
    }
}

/// The `key="value"` pairs of a tag, split as calamine splits them (raw, not unescaped); stops
/// at the first malformed attribute, where calamine stops too.
fn raw_attrs(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let body = &after[1..];
        let (value, tail) = body.split_once(quote).unwrap_or((body, ""));
        rest = tail;
        Some((key.trim(), value))
    })
}

/// Why `value` (a cell reference, or a range when `range`) is bad, if calamine would accept
/// its syntax but mis-compute it. Allocates only for the answer.
fn bad_reference(value: &[u8], range: bool) -> Option<BadRef> {
    let shown = || String::from_utf8_lossy(value.get(..40).unwrap_or(value)).into_owned();
    let far = |p: Option<(u64, u64)>| p.is_some_and(|(row, col)| row > MAX_ROW || col > MAX_COL);
    let mut parts = value.split(|&b| b == b':');
    let first = parts.next().and_then(position);
    let second = parts.next().and_then(position);
    let mut more = false;
    for part in parts {
        more = true;
        if far(position(part)) {
            return Some(BadRef::OutOfGrid(shown()));
        }
    }
    if far(first) || far(second) {
        return Some(BadRef::OutOfGrid(shown()));
    }
    if range
        && !more
        && let (Some((r0, c0)), Some((r1, c1))) = (first, second)
        && r0.min(c0).min(r1).min(c1) >= 1
        && (r1 < r0 || c1 < c0)
    {
        return Some(BadRef::Inverted(shown()));
    }
    None
}

/// The 1-based (row, column) of a reference as calamine reads it (letters, then digits; 0 for
/// a missing part), saturating instead of overflowing; `None` when calamine refuses the syntax.
fn position(reference: &[u8]) -> Option<(u64, u64)> {
    let (mut row, mut col, mut digits) = (0u64, 0u64, false);
    for &b in reference {
        if b.is_ascii_digit() {
            digits = true;
            row = row.saturating_mul(10).saturating_add(u64::from(b - b'0'));
        } else if b.is_ascii_alphabetic() && !digits {
            let letter = u64::from(b.to_ascii_uppercase() - b'A') + 1;
            col = col.saturating_mul(26).saturating_add(letter);
        } else {
            return None;
        }
    }
    Some((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_references_inside_the_grid() {
        for ok in ["A1", "XFD1048576", "a1", "C2:D35", "A1:XFD1048576", "B7:B7"] {
            assert_eq!(bad_reference(ok.as_bytes(), true), None, "{ok}");
        }
    }

    #[test]
    fn refuses_rows_and_columns_past_the_grid() {
        for far in [
            "A1048577",
            "XFE1",
            "A99999999999",
            "ZZZZZZZZ1",
            "A1:B99999999999",
        ] {
            assert!(
                matches!(
                    bad_reference(far.as_bytes(), true),
                    Some(BadRef::OutOfGrid(_))
                ),
                "{far}"
            );
        }
    }

    #[test]
    fn refuses_inverted_ranges_only_where_a_range_is_read() {
        assert!(matches!(
            bad_reference("B5:A1".as_bytes(), true),
            Some(BadRef::Inverted(_))
        ));
        assert_eq!(bad_reference("B5:A1".as_bytes(), false), None);
    }

    #[test]
    fn leaves_syntax_calamine_refuses_to_calamine() {
        for odd in ["$A$1", "1A", "A-1", "", "&#65;1"] {
            assert_eq!(bad_reference(odd.as_bytes(), true), None, "{odd}");
        }
    }

    #[test]
    fn splits_attributes_as_calamine_does() {
        let attrs: Vec<_> = raw_attrs(r#" r="A1" s = '3' t="s""#).collect();
        assert_eq!(attrs, vec![("r", "A1"), ("s", "3"), ("t", "s")]);
        let broken: Vec<_> = raw_attrs(r#" r=A1 s="2""#).collect();
        assert!(broken.is_empty());
    }

    #[test]
    fn finds_a_far_reference_in_a_worksheet_part() {
        let xml = r#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row><c r="A4294967296"/></row></sheetData></worksheet>"#;
        let found = scan_part(&mut xml.as_bytes());
        assert!(matches!(found, Some(BadRef::OutOfGrid(v)) if v == "A4294967296"));
    }

    fn quick(xml: &str) -> Quick {
        quick_scan(&mut xml.as_bytes())
    }

    #[test]
    fn quick_pass_clears_an_ordinary_sheet() {
        let xml = r#"<worksheet><dimension ref="A1:K24"/><sheetViews><sheetView view="pageBreakPreview"><selection sqref="A1:J1"/></sheetView></sheetViews><sheetData><row r="1" spans="1:11"><c r="A1" t="inlineStr"><is><t>r="ZZZ" 1234567890</t></is></c><c r="B1"><f>SUM(B9:B3)</f><v>12345678901</v></c></row></sheetData><mergeCells><mergeCell ref="A1:J1"/></mergeCells><dataValidation operator="between" sqref="B2:B1"/></worksheet>"#;
        assert_eq!(quick(xml), Quick::Clean);
    }

    #[test]
    fn quick_pass_doubts_every_far_or_inverted_reference() {
        for xml in [
            r#"<row r="231999999999940">"#,
            r#"<c s="1" r="ZZZZZZZZ1">"#,
            r#"<c t="s"r = 'XFE1'>"#,
            "<dimension\n ref=\"K24:A1\"/>",
            r#"<mergeCell ref="A1:B3"/><mergeCell ref="C1:A1"/>"#,
            r#"<c r="A12345678901234567890123456789012345678901234567890123456789012345678901"/>"#,
        ] {
            assert_eq!(quick(xml), Quick::Unsure, "{xml}");
        }
    }

    #[test]
    fn quick_pass_sees_a_reference_behind_a_stray_quote() {
        // A quote in a comment must not hide the attribute after it.
        let xml = r#"<!-- r=" --><c r="A99999999999"/>"#;
        assert_eq!(quick(xml), Quick::Unsure);
        let xml = r#"<c t="r=" r="A99999999999"/>"#;
        assert_eq!(quick(xml), Quick::Unsure);
    }

    #[test]
    fn quick_pass_sees_a_reference_across_chunk_boundaries() {
        for pad in [65_000, 65_530, 65_536 - 3, 65_536 + 10, 131_000] {
            let xml = format!("<x>{}</x><c r=\"A99999999999\"/>", "y".repeat(pad));
            assert_eq!(quick(&xml), Quick::Unsure, "pad {pad}");
            let xml = format!(
                "<x>{}</x><c\n{}r=\"A9999999999\"/>",
                "y".repeat(pad),
                " ".repeat(70)
            );
            assert_eq!(quick(&xml), Quick::Unsure, "pad {pad} with spaces");
        }
    }

    #[test]
    fn quick_pass_defers_utf16_parts_to_the_xml_reader() {
        let utf16: Vec<u8> = "\u{feff}<c r=\"A1\"/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(quick_scan(&mut utf16.as_slice()), Quick::Unsure);
    }

    #[test]
    fn refuses_a_part_that_unpacks_past_its_limit() {
        let mut counted = Counted {
            inner: &[b' '; 100][..],
            read: 0,
            limit: 10,
        };
        assert_eq!(scan_part(&mut counted), None);
        assert!(counted.read > counted.limit);
    }
}
