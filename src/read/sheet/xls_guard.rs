//! The BIFF records of an .xls workbook stream checked before calamine parses them: calamine
//! 0.38 (`xls.rs`) reads record fields and formula tokens with unchecked slicing and integer
//! arithmetic, so a damaged record makes it panic (a MULRK whose last column precedes its
//! first, a formula token cut short, a sheet offset past the stream …). This module makes the
//! same walk calamine makes — the globals substream, then each sheet from the offset its
//! BOUNDSHEET record gives, formulas token by token — and names the first place where calamine
//! would panic. Where calamine stops with an error of its own, the walk stops too; it also
//! refuses sheets whose cells would make calamine's dense grid larger than the cell cap.

use crate::read::limits;

mod formula;
use formula::formula;

/// Records calamine reads, as its `RecordIter` splits them (CONTINUE records appended).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

impl<'a> Record<'a> {
    fn next_continue(&mut self) -> bool {
        if self.cont.is_empty() {
            return false;
        }
        self.data = self.cont.remove(0);
        true
    }

    /// calamine's `Record::skip`; `false` where it returns an error.
    fn skip(&mut self, mut len: usize) -> bool {
        while len > 0 {
            if self.data.is_empty() && !self.next_continue() {
                return false;
            }
            let l = len.min(self.data.len());
            self.data = self.data.get(l..).unwrap_or_default();
            len -= l;
        }
        true
    }
}

/// calamine's `RecordIter`: `None` at the end or where it reports an error.
fn next_record<'a>(stream: &mut &'a [u8]) -> Option<Record<'a>> {
    let typ = u16_at(stream, 0)?;
    let len = usize::from(u16_at(stream, 2)?);
    let data = stream.get(4..4 + len)?;
    *stream = stream.get(4 + len..)?;
    let mut cont = Vec::new();
    if stream.len() > 4 && u16_at(stream, 0) == Some(0x003C) {
        while stream.len() > 4 && u16_at(stream, 0) == Some(0x003C) {
            let len = usize::from(u16_at(stream, 2)?);
            cont.push(stream.get(4..4 + len)?);
            *stream = stream.get(4 + len..)?;
        }
    }
    Some(Record { typ, data, cont })
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Why the walk stops: calamine reports an error (`Calamine`), would panic (`Bad`), or would
/// allocate past the caps (`Big`); reasons in Chinese.
enum Stop {
    Calamine,
    Bad(String),
    Big(String),
}

/// What calamine would do wrong with a workbook stream.
pub(super) enum Damage {
    /// A record it would panic on.
    Corrupt(String),
    /// A sheet it would allocate past the caps for.
    TooLarge(String),
}

type Walk<T = ()> = Result<T, Stop>;

fn bad<T>(why: &str) -> Walk<T> {
    Err(Stop::Bad(why.to_string()))
}

/// Needs `n` bytes in `b`, where calamine indexes without checking.
fn need(b: &[u8], n: usize, what: &str) -> Walk {
    if b.len() < n {
        return bad(&format!("{what}记录过短"));
    }
    Ok(())
}

/// Walks the workbook stream as calamine parses it and returns why calamine would panic or
/// allocate past the caps; `None` when it would not.
pub(super) fn damage(stream: &[u8]) -> Option<Damage> {
    match walk(stream) {
        Err(Stop::Bad(why)) => Some(Damage::Corrupt(why)),
        Err(Stop::Big(why)) => Some(Damage::TooLarge(why)),
        Ok(()) | Err(Stop::Calamine) => None,
    }
}

fn walk(stream: &[u8]) -> Walk {
    let (sheets, pre_biff8) = globals(stream)?;
    for pos in sheets {
        let Some(sheet) = stream.get(pos..) else {
            return bad("工作表的起始位置超出工作簿流");
        };
        worksheet(sheet, pre_biff8)?;
    }
    Ok(())
}

/// The globals substream: returns the sheet offsets and whether the file is older than BIFF8.
fn globals(stream: &[u8]) -> Walk<(Vec<usize>, bool)> {
    let mut rest = stream;
    let mut sheets = Vec::new();
    let mut pre_biff8 = false;
    while let Some(mut r) = next_record(&mut rest) {
        match r.typ {
            0x002F => {
                need(r.data, 2, "FILEPASS ")?;
                if u16_at(r.data, 0) != Some(0) {
                    return Err(Stop::Calamine); // password
                }
            }
            0x0042 => need(r.data, 2, "CODEPAGE ")?,
            0x0022 => need(r.data, 2, "DATEMODE ")?,
            0x00E0 if r.data.len() < 4 => return Err(Stop::Calamine),
            0x0085 => {
                let d = r.data;
                need(d, 5, "BOUNDSHEET ")?;
                if d[4] & 0x3F > 2 {
                    return Err(Stop::Calamine);
                }
                need(d, 6, "BOUNDSHEET ")?;
                if !matches!(d[5], 0 | 1 | 2 | 6) {
                    return Err(Stop::Calamine);
                }
                let name = &d[6..];
                if name.is_empty() || (name.len() < 2 && !pre_biff8) {
                    return Err(Stop::Calamine);
                }
                sheets.push(u32_at(d, 0).unwrap_or_default() as usize);
            }
            0x0809 => {
                need(r.data, 2, "BOF ")?;
                pre_biff8 = bof_is_pre_biff8(r.data);
            }
            0x0018 => name(r.data, pre_biff8)?,
            0x0017 if !pre_biff8 => need(r.data, 2, "EXTERNSHEET ")?,
            0x00FC => sst(&mut r)?,
            0x000A => break,
            _ => {}
        }
    }
    Ok((sheets, pre_biff8))
}

/// calamine's `parse_bof`: BIFF2–BIFF5 or BIFF8.
fn bof_is_pre_biff8(d: &[u8]) -> bool {
    let dt = u16_at(d, 2).unwrap_or(0);
    match u16_at(d, 0).unwrap_or(0) {
        0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => true,
        0 => dt == 0x1000,
        _ => false,
    }
}

/// A defined name (LBL): calamine's `parse_lbl` and `parse_defined_names`.
fn name(d: &[u8], pre_biff8: bool) -> Walk {
    need(d, 14, "名称（LBL）")?;
    let cch = usize::from(d[3]);
    let cce = usize::from(u16_at(d, 4).unwrap_or(0));
    if !pre_biff8 {
        // XLUnicodeStringNoCch: calamine checks its length and errors.
        let flags = d.get(14).ok_or(Stop::Calamine)?;
        let chars = if flags & 1 != 0 { 2 * cch } else { cch };
        if d.len() - 14 < 1 + chars {
            return Err(Stop::Calamine);
        }
    }
    let Some(start) = d.len().checked_sub(cce) else {
        return bad("名称（LBL）记录的公式长度超出记录");
    };
    let rgce = &d[start..];
    let Some(&ptg) = rgce.first() else {
        return Ok(());
    };
    let needed = match (ptg, pre_biff8) {
        (0x3a | 0x5a | 0x7a, true) => 18,
        (0x3a | 0x5a | 0x7a, false) => 7,
        (0x3b | 0x5b | 0x7b, true) => 21,
        (0x3b | 0x5b | 0x7b, false) => 11,
        (0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d, true) => 13,
        (0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d, false) => 3,
        _ => 0,
    };
    need(rgce, needed, "名称（LBL）")
}

/// The shared string table: calamine's `parse_sst` and `read_rich_extended_string`.
fn sst(r: &mut Record<'_>) -> Walk {
    if r.data.len() < 8 {
        return Err(Stop::Calamine);
    }
    r.data = &r.data[8..];
    while !r.data.is_empty() || r.next_continue() {
        if r.data.is_empty() {
            continue; // an empty string
        }
        if r.data.len() < 3 {
            return Err(Stop::Calamine);
        }
        let mut chars = usize::from(u16_at(r.data, 0).unwrap_or(0));
        let flags = r.data[2];
        r.data = &r.data[3..];
        let mut runs = 0;
        let mut ext = 0;
        if flags & 0x8 != 0 {
            need(r.data, 2, "共享字符串表（SST）")?;
            runs = usize::from(u16_at(r.data, 0).unwrap_or(0));
            r.data = &r.data[2..];
        }
        if flags & 0x4 != 0 {
            need(r.data, 4, "共享字符串表（SST）")?;
            ext = i32::from_le_bytes([r.data[0], r.data[1], r.data[2], r.data[3]]) as usize;
            r.data = &r.data[4..];
        }
        // read_dbcs: characters, continuing into CONTINUE records (each opening with a flags
        // byte calamine reads without checking).
        let mut high = flags & 1 != 0;
        while chars > 0 {
            let taken = if high {
                (r.data.len() / 2).min(chars)
            } else {
                r.data.len().min(chars)
            };
            r.data = &r.data[if high { 2 * taken } else { taken }..];
            chars -= taken;
            if chars > 0 {
                if !r.next_continue() {
                    return Err(Stop::Calamine);
                }
                let Some(&f) = r.data.first() else {
                    return bad("共享字符串表（SST）的续记录为空");
                };
                high = f & 1 != 0;
                r.data = &r.data[1..];
            }
        }
        if !r.skip(runs * 4) || !r.skip(ext) {
            return Err(Stop::Calamine);
        }
    }
    Ok(())
}

/// Bounding box of the cells calamine will store for one sheet.
#[derive(Default)]
struct Extent(Option<(u32, u32, u32, u32)>);

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        let b = self.0.get_or_insert((row, col, row, col));
        *b = (b.0.min(row), b.1.min(col), b.2.max(row), b.3.max(col));
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, c0, r1, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// One sheet from its offset, as calamine's loop over sheet records reads it.
fn worksheet(sheet: &[u8], pre_biff8: bool) -> Walk {
    let mut rest = sheet;
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut cells = Extent::default();
    let mut formulas = Extent::default();
    while let Some(r) = next_record(&mut rest) {
        let d = r.data;
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |d: &[u8]| {
            (
                u32::from(u16_at(d, 0).unwrap_or(0)),
                u32::from(u16_at(d, 2).unwrap_or(0)),
            )
        };
        match r.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => dimensions(d)?,
            0x0203 | 0x027E | 0x00FD | 0x0205 | 0x0204 | 0x00D6 => {
                // Lengths calamine checks (an error ends its parse); a stored cell otherwise.
                let fine = match r.typ {
                    0x0203 => d.len() >= 14,
                    0x027E | 0x00FD => d.len() >= 10,
                    0x0205 => match (d.len() >= 8).then(|| (d[6], d[7])) {
                        Some((_, 0)) => true,
                        Some((e, 1)) => is_error_code(e),
                        _ => false,
                    },
                    _ => d.len() >= 6 && string_fits(&d[6..], pre_biff8),
                };
                if !fine {
                    return Err(Stop::Calamine);
                }
                let (row, col) = at(d);
                cells.add(row, col);
            }
            0x0207 if !string_fits(d, pre_biff8) => return Err(Stop::Calamine),
            0x00BD => {
                if d.len() < 6 {
                    return Err(Stop::Calamine);
                }
                let (row, first) = at(d);
                let last = u32::from(u16_at(d, d.len() - 2).unwrap_or(0));
                if last < first || last - first == 0xFFFF {
                    return bad("MULRK 记录的列范围颠倒");
                }
                if d.len() != 6 + 6 * (last - first + 1) as usize {
                    return Err(Stop::Calamine);
                }
                cells.add(row, first);
                cells.add(row, last);
            }
            0x00E5 => merges(d)?,
            0x000A => break,
            0x0006 => {
                if d.len() < 20 {
                    return Err(Stop::Calamine);
                }
                formula_value(&d[6..14])?;
                let (row, col) = at(d);
                cells.add(row, col);
                formulas.add(row, col);
                formula(&d[20..], pre_biff8)?;
            }
            _ => {}
        }
    }
    let area = cells.area().max(formulas.area());
    if area > limits::MAX_CELLS as u64 {
        return Err(Stop::Big(format!(
            "工作表的使用区域有 {area} 个单元格，超过 {} 个",
            limits::MAX_CELLS
        )));
    }
    Ok(())
}

/// calamine's `parse_string` succeeds (an `XLUnicodeString`, or a BIFF5 byte string).
fn string_fits(r: &[u8], pre_biff8: bool) -> bool {
    let expected = if pre_biff8 { 2 } else { 3 };
    r.len() >= expected || (r.len() == 2 && u16_at(r, 0) == Some(0))
}

/// An error code calamine knows (`parse_err`).
fn is_error_code(e: u8) -> bool {
    matches!(e, 0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B)
}

/// DIMENSIONS: calamine's `parse_dimensions`, then the size it reserves.
fn dimensions(d: &[u8]) -> Walk {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u32::from(u16_at(d, 4).unwrap_or(0)),
            u32::from(u16_at(d, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u32::from(u16_at(d, 8).unwrap_or(0)),
            u32::from(u16_at(d, 10).unwrap_or(0)),
        ),
        _ => return Err(Stop::Calamine),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl >= 1 && cl >= 1 {
        let (r1, c1) = (rl - 1, cl - 1);
        if r1 < rf || c1 < cf {
            return bad("DIMENSIONS 记录的范围颠倒");
        }
        if u64::from(r1 - rf + 1) * u64::from(c1 - cf + 1) > 65_536 * 256 {
            return Err(Stop::Big(
                "工作表声明的使用区域超出 Excel 97-2003 的上限".into(),
            ));
        }
    }
    Ok(())
}

/// MERGECELLS: calamine's `parse_merge_cells` (a u16 offset, unchecked reads).
fn merges(d: &[u8]) -> Walk {
    need(d, 2, "MERGECELLS ")?;
    let count = usize::from(u16_at(d, 0).unwrap_or(0));
    if count >= 8192 {
        return bad("MERGECELLS 记录的合并区域数超出范围");
    }
    need(d, 2 + count * 8, "MERGECELLS ")
}

/// The cached result of a FORMULA record: calamine's `parse_formula_value` errors.
fn formula_value(v: &[u8]) -> Walk {
    if v.get(6..8) == Some(&[0xFF, 0xFF][..]) {
        match v.first() {
            Some(0 | 1 | 3) => {}
            Some(2) if v.get(2).is_some_and(|e| is_error_code(*e)) => {}
            _ => return Err(Stop::Calamine),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::sheet::biff_record as record;

    /// A BIFF8 stream: globals with one BOUNDSHEET, then the sheet with `body`.
    fn stream(body: &[Vec<u8>]) -> Vec<u8> {
        let bof = |dt: u16| {
            let mut d = 0x0600u16.to_le_bytes().to_vec();
            d.extend(dt.to_le_bytes());
            d.resize(16, 0);
            record(0x0809, &d)
        };
        let mut globals = bof(0x0005);
        let sheet_name = [1u8, 0, b'S'];
        // After this BOUNDSHEET record (header, offset, flags, name) and the EOF record.
        let at = globals.len() + (4 + 4 + 2 + sheet_name.len()) + 4;
        let mut bound = (at as u32).to_le_bytes().to_vec();
        bound.extend([0, 0]);
        bound.extend(sheet_name);
        globals.extend(record(0x0085, &bound));
        globals.extend(record(0x000A, &[]));
        globals.extend(bof(0x0010));
        for r in body {
            globals.extend(r);
        }
        globals.extend(record(0x000A, &[]));
        globals
    }

    fn verdict(body: &[Vec<u8>]) -> Option<String> {
        match damage(&stream(body)) {
            Some(Damage::Corrupt(why) | Damage::TooLarge(why)) => Some(why),
            None => None,
        }
    }

    fn formula_record(tokens: &[u8]) -> Vec<u8> {
        let mut d = vec![0u8; 20];
        d[6..14].copy_from_slice(&1.0f64.to_le_bytes());
        d.extend((tokens.len() as u16).to_le_bytes());
        d.extend(tokens);
        record(0x0006, &d)
    }

    #[test]
    fn passes_sound_records_and_the_sample() {
        let mut mulrk = vec![0, 0, 1, 0];
        mulrk.extend([0u8; 12]);
        mulrk.extend(2u16.to_le_bytes());
        // =A1+1 (PtgRef A1, PtgInt 1, PtgAdd)
        let sum = formula_record(&[0x24, 0, 0, 0, 0xC0, 0x1E, 1, 0, 0x03]);
        assert_eq!(verdict(&[record(0x00BD, &mulrk), sum]), None);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/zhangdian-2023.lo.xls");
        let bytes = std::fs::read(path).expect("sample");
        let stream = super::super::cfb_guard::workbook(&bytes)
            .ok()
            .flatten()
            .expect("workbook stream");
        assert!(damage(&stream).is_none());
    }

    #[test]
    fn refuses_a_mulrk_whose_last_column_precedes_its_first() {
        // The fuzz finding: calamine subtracts the columns in u16.
        let mut mulrk = vec![0, 0, 5, 0];
        mulrk.extend([0u8; 6]);
        mulrk.extend(4u16.to_le_bytes());
        let why = verdict(&[record(0x00BD, &mulrk)]).expect("refused");
        assert!(why.contains("MULRK"), "{why}");
    }

    #[test]
    fn refuses_formula_tokens_cut_short() {
        // PtgRef needs 4 bytes after it; the formula ends after 2.
        assert!(verdict(&[formula_record(&[0x24, 0, 0])]).is_some());
        // PtgInt, then PtgName with name index 0 (calamine subtracts 1).
        assert!(verdict(&[formula_record(&[0x1E, 1, 0, 0x23, 0, 0, 0, 0])]).is_some());
        // A formula claiming more tokens than the record holds.
        let mut d = vec![0u8; 20];
        d.extend(40u16.to_le_bytes());
        d.push(0x16);
        assert!(verdict(&[record(0x0006, &d)]).is_some());
    }

    #[test]
    fn lets_an_unknown_token_end_the_formula_as_calamine_does() {
        // 0xFF is no token calamine knows: it gives up on the formula text, no panic after.
        assert_eq!(verdict(&[formula_record(&[0xFF, 0x24])]), None);
    }

    #[test]
    fn refuses_inverted_dimensions_and_merge_counts_past_u16_offsets() {
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(10u32.to_le_bytes());
        dims.extend([0, 0, 3, 0, 0, 0]);
        assert!(verdict(&[record(0x0200, &dims)]).is_some());
        // 9000 regions: calamine's u16 offset `2 + i * 8` overflows at the 8193rd.
        let mut merges = 9000u16.to_le_bytes().to_vec();
        merges.resize(8000, 0);
        assert!(verdict(&[record(0x00E5, &merges)]).is_some());
        // 3 regions announced, 1 present: calamine reads past the record.
        let mut short = 3u16.to_le_bytes().to_vec();
        short.resize(10, 0);
        assert!(verdict(&[record(0x00E5, &short)]).is_some());
    }

    #[test]
    fn refuses_a_sheet_offset_past_the_stream() {
        let mut s = stream(&[]);
        // BOUNDSHEET's offset is right after the first BOF record (4 + 16 bytes) and its header.
        let at = 20 + 4;
        s[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(damage(&s), Some(Damage::Corrupt(_))));
    }

    #[test]
    fn measures_the_grid_calamine_would_allocate() {
        let number = |row: u16, col: u16| {
            let mut d = row.to_le_bytes().to_vec();
            d.extend(col.to_le_bytes());
            d.extend([0u8; 10]);
            record(0x0203, &d)
        };
        assert!(matches!(
            damage(&stream(&[number(0, 0), number(65_535, 255)])),
            Some(Damage::TooLarge(_))
        ));
        assert!(damage(&stream(&[number(0, 0), number(999, 20)])).is_none());
    }
}
