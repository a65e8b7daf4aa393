//! A pre-scan of .xls workbooks before calamine parses them: calamine builds each sheet as a
//! dense grid over the extent of its cells and reserves what the DIMENSIONS record claims, so
//! a damaged or hostile file with a far-away cell could make it allocate without bound (and an
//! allocation failure aborts the process, which no `catch_unwind` can stop). This walks the
//! OLE container and the BIFF records just far enough to measure those extents.
//!
//! The scan only ever refuses a file when it positively measures an oversized sheet; when it
//! cannot follow the container it says nothing and calamine decides.

use crate::read::limits;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// The largest grid BIFF8 allows (65,536 rows × 256 columns): no honest DIMENSIONS is larger.
const MAX_DECLARED: u64 = 65_536 * 256;

/// Returns what is too large, in Chinese, when a sheet of the workbook would make calamine
/// allocate past the caps; `None` when the file looks bounded or cannot be followed.
pub(super) fn oversized(bytes: &[u8]) -> Option<String> {
    let stream = workbook_stream(bytes)?;
    scan_records(&stream)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The compound-file layout needed to read one stream.
struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl Cfb<'_> {
    fn sector(&self, n: u32) -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(self.sector)?;
        let end = start.checked_add(self.sector)?.min(self.bytes.len());
        self.bytes.get(start..end)
    }

    /// Follows a chain in `table` from `start`, at most `limit` links (loops end there).
    fn chain(table: &[u32], start: u32, limit: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = start;
        while at != END_OF_CHAIN && (at as usize) < table.len() && out.len() < limit {
            out.push(at);
            at = table[at as usize];
        }
        out
    }

    fn read(&self, start: u32, size: Option<usize>) -> Vec<u8> {
        let limit = self.bytes.len() / self.sector + 1;
        let mut out = Vec::new();
        for n in Self::chain(&self.fat, start, limit) {
            if let Some(s) = self.sector(n) {
                out.extend_from_slice(s);
            }
            if size.is_some_and(|size| out.len() >= size) {
                break;
            }
        }
        if let Some(size) = size {
            out.truncate(size);
        }
        out
    }
}

fn to_u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The bytes of the `Workbook` (or BIFF5 `Book`) stream.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let sector = 1usize << shift;
    let max_sectors = bytes.len() / sector + 1;
    // FAT sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = to_u32s(bytes.get(0x4C..0x200)?).collect();
    let mut difat = u32_at(bytes, 0x44)?;
    let mut hops = 0;
    while difat < END_OF_CHAIN && hops < max_sectors {
        let start = (difat as usize + 1).checked_mul(sector)?;
        let s = bytes.get(start..start.checked_add(sector)?)?;
        let (entries, next) = s.split_at(sector - 4);
        fat_sectors.extend(to_u32s(entries));
        difat = u32_at(next, 0)?;
        hops += 1;
    }
    let num_fat = (u32_at(bytes, 0x2C)? as usize).min(max_sectors);
    let mut cfb = Cfb {
        bytes,
        sector,
        fat: Vec::new(),
    };
    let mut fat = Vec::new();
    for &n in fat_sectors.iter().take(num_fat) {
        fat.extend(to_u32s(cfb.sector(n)?));
    }
    cfb.fat = fat;

    let dir = cfb.read(u32_at(bytes, 0x30)?, None);
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let named = |e: &&&[u8]| {
        let len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
        let name: Vec<u16> = e[..len]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        let name = String::from_utf16_lossy(&name);
        e[66] == 2 && (name == "Workbook" || name == "Book")
    };
    let entry = entries.iter().find(named)?;
    let start = u32_at(entry, 116)?;
    let size = u32_at(entry, 120)? as usize;
    let cutoff = u32_at(bytes, 0x38)? as usize;
    if size >= cutoff {
        return Some(cfb.read(start, Some(size)));
    }
    // A small stream lives in the mini stream, in 64-byte sectors chained by the mini FAT.
    let mini_stream = cfb.read(u32_at(root, 116)?, Some(u32_at(root, 120)? as usize));
    let minifat: Vec<u32> = to_u32s(&cfb.read(u32_at(bytes, 0x3C)?, None)).collect();
    let mut out = Vec::new();
    for n in Cfb::chain(&minifat, start, mini_stream.len() / 64 + 1) {
        let from = n as usize * 64;
        out.extend_from_slice(mini_stream.get(from..(from + 64).min(mini_stream.len()))?);
    }
    out.truncate(size);
    Some(out)
}

/// Extent of the cells of one sheet substream.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        let grow = |r: &mut Option<(u32, u32)>, v: u32| {
            *r = Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        };
        grow(&mut self.rows, row);
        grow(&mut self.cols, col);
    }

    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                u64::from(r1 - r0 + 1).saturating_mul(u64::from(c1 - c0 + 1))
            }
            _ => 0,
        }
    }
}

/// Walks the BIFF records: cell positions per sheet substream and DIMENSIONS claims.
fn scan_records(s: &[u8]) -> Option<String> {
    let mut at = 0usize;
    let mut depth = 0usize;
    let mut extent = Extent::default();
    let too_wide = |area: u64| {
        (area > limits::MAX_CELLS as u64).then(|| {
            format!(
                "工作表的使用区域有 {area} 个单元格，超过 {} 个",
                limits::MAX_CELLS
            )
        })
    };
    while let (Some(typ), Some(len)) = (u16_at(s, at), u16_at(s, at + 2)) {
        let data = s.get(at + 4..(at + 4 + usize::from(len)).min(s.len()))?;
        at += 4 + usize::from(len);
        match typ {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    extent = Extent::default();
                }
            }
            0x000A => {
                if depth == 1
                    && let Some(why) = too_wide(extent.area())
                {
                    return Some(why);
                }
                depth = depth.saturating_sub(1);
            }
            0x0200 if depth == 1 && declared_cells(data) > MAX_DECLARED => {
                return Some("工作表声明的使用区域超出 Excel 97-2003 的上限".into());
            }
            0x0203 | 0x0204 | 0x00FD | 0x027E | 0x0205 | 0x0006 | 0x00D6 if depth == 1 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    extent.add(u32::from(row), u32::from(col));
                }
            }
            0x00BD if depth == 1 && data.len() >= 6 => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, data.len() - 2),
                ) {
                    extent.add(u32::from(row), u32::from(first));
                    extent.add(u32::from(row), u32::from(last));
                }
            }
            _ => {}
        }
    }
    too_wide(extent.area())
}

/// The number of cells calamine reserves for a DIMENSIONS record (its arithmetic, wrapping).
fn declared_cells(r: &[u8]) -> u64 {
    let fields = match r.len() {
        10 => (|| {
            Some((
                u32::from(u16_at(r, 0)?),
                u32::from(u16_at(r, 2)?),
                u32::from(u16_at(r, 4)?),
                u32::from(u16_at(r, 6)?),
            ))
        })(),
        14 | 16 => (|| {
            Some((
                u32_at(r, 0)?,
                u32_at(r, 4)?,
                u32::from(u16_at(r, 8)?),
                u32::from(u16_at(r, 10)?),
            ))
        })(),
        _ => None,
    };
    let Some((rf, rl, mut cf, cl)) = fields else {
        return 0;
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1);
    let cols = end_c.wrapping_sub(cf).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::read::sheet::biff_record as record;

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend(rl.to_le_bytes());
        d.extend(cf.to_le_bytes());
        d.extend(cl.to_le_bytes());
        d.extend([0, 0]);
        record(0x0200, &d)
    }

    fn sheet(body: &[Vec<u8>]) -> Vec<u8> {
        let mut s = record(0x0809, &[0; 16]);
        for r in body {
            s.extend(r);
        }
        s.extend(record(0x000A, &[]));
        s
    }

    #[test]
    fn measures_the_extent_of_cells() {
        let small = sheet(&[dims(0, 10, 0, 5), number(0, 0), number(9, 4)]);
        assert_eq!(scan_records(&small), None);
        let far = sheet(&[number(0, 0), number(65_535, 65_535)]);
        assert!(scan_records(&far).is_some());
    }

    #[test]
    fn refuses_dimensions_beyond_biff8() {
        let claim = sheet(&[dims(0, 4_000_000_000, 0, 200)]);
        assert!(scan_records(&claim).is_some());
        // An inverted range wraps in calamine's arithmetic.
        let inverted = sheet(&[dims(10, 2, 0, 3)]);
        assert!(scan_records(&inverted).is_some());
    }

    #[test]
    fn finds_the_workbook_stream_of_the_samples() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/zhangdian-2023.lo.xls");
        let bytes = std::fs::read(path).expect("sample");
        let stream = workbook_stream(&bytes).expect("workbook stream");
        assert_eq!(u16_at(&stream, 0), Some(0x0809));
        assert_eq!(oversized(&bytes), None);
    }
}
