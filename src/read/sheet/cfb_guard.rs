//! The compound-file (OLE) structure of an .xls checked before calamine opens it: calamine 0.38
//! walks sector chains with unchecked slicing and indexing (`cfb.rs`), so a damaged file can
//! make it panic (a sector starting past the end of the file, a chain leaving the FAT, a FAT
//! sector cut to a length that is not a multiple of 4), loop for ever (a chain that runs in a
//! circle) or fill the memory. This module follows the same walk calamine makes — header, DIFAT,
//! FAT, directory, mini stream, then the `Workbook` (or `Book`) stream — on the bytes, and
//! refuses the file where calamine would go wrong. Where calamine returns an error by itself the
//! walk stops and leaves the error to calamine.

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Why the walk stops: calamine reports an error of its own (`Calamine`), or would go wrong
/// (`Bad`, with the reason in Chinese).
enum Stop {
    Calamine,
    Bad(&'static str),
}

type Walk<T> = Result<T, Stop>;

/// Follows calamine's walk of an OLE file.
///
/// # Errors
/// Why calamine would panic, loop or run out of memory on the file, in Chinese. Otherwise
/// `Ok(Some(stream))`: the workbook stream exactly as calamine will parse it, or `Ok(None)` when
/// calamine will report an error of its own before parsing any.
pub(super) fn workbook(bytes: &[u8]) -> Result<Option<Vec<u8>>, &'static str> {
    match walk(bytes) {
        Ok(stream) => Ok(Some(stream)),
        Err(Stop::Calamine) => Ok(None),
        Err(Stop::Bad(why)) => Err(why),
    }
}

/// The file's sectors as calamine's `Sectors` reads them: sector `id` starts `id * size`
/// bytes after the header; ids up to `maxid` are asked for. calamine keeps one buffer that it
/// extends to the end of each sector asked for, reading the file as far as it goes and leaving
/// zeros past its end; `filled` is that buffer's length.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    maxid: usize,
    filled: usize,
}

impl Sectors<'_> {
    /// Sector `id` as calamine's `Sectors::get` returns it (file bytes, zeros past the end of
    /// the file that an earlier request padded, cut where the buffer ends).
    fn get(&mut self, id: u32) -> Walk<Vec<u8>> {
        let id = id as usize;
        if id > self.maxid {
            return Err(Stop::Calamine); // SectorBeyondEof
        }
        let start = id * self.size;
        let end = start + self.size;
        let mut upto = end;
        if end > self.filled {
            // Reading stops at the end of the file, or at once when an earlier request padded.
            let got = if self.filled >= self.data.len() {
                self.filled
            } else {
                end.min(self.data.len())
            };
            self.filled = end;
            if got < end {
                if start > got {
                    return Err(Stop::Bad("扇区起点超出文件末尾"));
                }
                upto = got;
            }
        }
        let mut sector = vec![0u8; upto - start];
        let file = self
            .data
            .get(start..upto.min(self.data.len()))
            .unwrap_or_default();
        sector[..file.len()].copy_from_slice(file);
        Ok(sector)
    }

    /// The bytes of the chain from `id`, up to `len`.
    fn chain(&mut self, mut id: u32, fat: &[u32], len: usize) -> Walk<Vec<u8>> {
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            let sector = self.get(id)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(sector.get(..take).unwrap_or_default());
            if out.len() >= len {
                break;
            }
            steps += 1;
            if steps > self.maxid + 1 {
                return Err(Stop::Bad("扇区链首尾相接成环"));
            }
            id = *fat
                .get(id as usize)
                .ok_or(Stop::Bad("扇区链指向分配表之外"))?;
        }
        Ok(out)
    }
}

/// Little-endian u32s of a FAT-like slice; calamine asserts a whole number of them.
fn words(s: &[u8]) -> Walk<impl Iterator<Item = u32> + '_> {
    if !s.len().is_multiple_of(4) {
        return Err(Stop::Bad("分配表扇区被截断"));
    }
    Ok(s.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
}

fn u32_at(b: &[u8], at: usize) -> Walk<u32> {
    b.get(at..at + 4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .ok_or(Stop::Calamine)
}

fn u16_at(b: &[u8], at: usize) -> Walk<u16> {
    b.get(at..at + 2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .ok_or(Stop::Calamine)
}

/// A directory entry as calamine reads it.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

fn entry(e: &[u8], large: bool) -> Walk<Entry> {
    let mut name = encoding_rs::UTF_16LE
        .decode(e.get(..64).ok_or(Stop::Calamine)?)
        .0
        .into_owned();
    if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
        name.truncate(l);
    }
    let len = if large {
        e.get(120..128)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .ok_or(Stop::Calamine)?
    } else {
        u64::from(u32_at(e, 120)?)
    };
    Ok(Entry {
        name,
        start: u32_at(e, 116)?,
        len: usize::try_from(len).map_err(|_| Stop::Bad("目录项的流长度超出范围"))?,
    })
}

fn walk(bytes: &[u8]) -> Walk<Vec<u8>> {
    let header = bytes.get(..512).ok_or(Stop::Calamine)?;
    if !header.starts_with(MAGIC) {
        return Err(Stop::Calamine);
    }
    let (size, header_len) = match u16_at(header, 30)? {
        9 => (512, 512),
        12 => (4096, 4096),
        _ => return Err(Stop::Calamine),
    };
    if u16_at(header, 32)? != 6 {
        return Err(Stop::Calamine);
    }
    let large = size == 4096;
    let mut sectors = Sectors {
        data: bytes.get(header_len..).ok_or(Stop::Calamine)?,
        size,
        maxid: bytes.len() / size,
        filled: 0,
    };

    // DIFAT: 109 FAT sector ids in the header, the rest in a chain of DIFAT sectors whose last
    // word names the next one.
    let mut difat: Vec<u32> = words(header.get(76..512).unwrap_or_default())?.collect();
    let mut id = u32_at(header, 68)?;
    let mut hops = 0usize;
    while id < RESERVED_SECTORS {
        hops += 1;
        if hops > sectors.maxid.saturating_add(1) {
            return Err(Stop::Calamine);
        }
        difat.extend(words(&sectors.get(id)?)?);
        id = difat.pop().ok_or(Stop::Calamine)?;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    // calamine reads every listed sector, repeats included; past the header's 109 entries and
    // one per sector of the file the table only grows (memory), it cannot be sound.
    if fat_sectors.len() > 109 + sectors.maxid + 1 {
        return Err(Stop::Bad("分配表扇区多于文件的扇区"));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(words(&sectors.get(id)?)?);
    }

    let dir = sectors.chain(u32_at(header, 48)?, &fat, usize::MAX)?;
    let entries = dir
        .chunks_exact(128)
        .map(|e| entry(e, large))
        .collect::<Walk<Vec<Entry>>>()?;
    let Some(root) = entries.first() else {
        return Err(Stop::Calamine);
    };
    if u16_at(header, 26)? != 3 && root.start == ENDOFCHAIN {
        return Err(Stop::Calamine);
    }

    let mini_fat_len = u32_at(header, 64)? as usize;
    let (mini_stream, mini_fat) = if mini_fat_len > 0 {
        let stream = sectors.chain(root.start, &fat, root.len)?;
        let table = sectors.chain(u32_at(header, 60)?, &fat, mini_fat_len * size)?;
        let table: Vec<u32> = words(&table)?.collect();
        (stream, table)
    } else {
        (Vec::new(), Vec::new())
    };
    let mini = Mini {
        stream: &mini_stream,
        fat: &mini_fat,
        maxid: (sectors.maxid * 8) as u32,
    };

    // calamine reads `Workbook`, and `Book` when that fails.
    for name in ["Workbook", "Book"] {
        let Some(e) = entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            continue;
        };
        let read = if e.len < 4096 {
            mini.chain(e.start, e.len)
        } else {
            sectors.chain(e.start, &fat, e.len)
        };
        match read {
            Ok(stream) => return Ok(stream),
            Err(Stop::Calamine) => continue,
            Err(bad) => return Err(bad),
        }
    }
    Err(Stop::Calamine) // no workbook stream
}

/// The mini stream: 64-byte sectors inside the root entry's stream, chained by the mini FAT.
struct Mini<'a> {
    stream: &'a [u8],
    fat: &'a [u32],
    maxid: u32,
}

impl Mini<'_> {
    /// Walks the mini chain from `id` for `len` bytes. calamine would read a mini sector that
    /// is not wholly inside the mini stream from wherever the file reader stands; such a file
    /// is refused.
    fn chain(&self, mut id: u32, len: usize) -> Walk<Vec<u8>> {
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            if id > self.maxid {
                return Err(Stop::Calamine);
            }
            let start = id as usize * 64;
            let Some(sector) = self.stream.get(start..start + 64) else {
                return Err(Stop::Bad("小扇区超出小扇区流"));
            };
            out.extend_from_slice(sector.get(..64.min(len - out.len())).unwrap_or_default());
            if out.len() >= len {
                return Ok(out);
            }
            steps += 1;
            if steps > self.stream.len() / 64 + 1 {
                return Err(Stop::Bad("小扇区链首尾相接成环"));
            }
            id = *self
                .fat
                .get(id as usize)
                .ok_or(Stop::Bad("小扇区链指向分配表之外"))?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREE: u32 = 0xFFFF_FFFF;

    fn verdict(bytes: &[u8]) -> Option<&'static str> {
        workbook(bytes).err()
    }

    /// A compound file with `sectors` 512-byte sectors: sector 0 the FAT, sector 1 the
    /// directory (root entry and `Workbook` of `len` bytes from sector 2), then data sectors.
    /// `fat` overrides FAT entries.
    fn cfb(sectors: usize, len: u32, fat: &[(usize, u32)]) -> Vec<u8> {
        let mut b = vec![0u8; 512 * (sectors + 1)];
        b[..8].copy_from_slice(MAGIC);
        let put =
            |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
        b[26] = 3;
        b[30] = 9;
        b[32] = 6;
        put(&mut b, 44, 1);
        put(&mut b, 48, 1);
        put(&mut b, 60, ENDOFCHAIN);
        put(&mut b, 64, 0);
        put(&mut b, 68, ENDOFCHAIN);
        for i in 0..109 {
            put(&mut b, 76 + 4 * i, if i == 0 { 0 } else { FREE });
        }
        // FAT: sector 0 is the FAT, 1 the directory, 2.. the stream in a row.
        let mut table = vec![FREE; 128];
        table[0] = 0xFFFF_FFFD;
        table[1] = ENDOFCHAIN;
        let stream_sectors = (len as usize).div_ceil(512).max(1);
        for (i, slot) in table.iter_mut().enumerate().skip(2).take(stream_sectors) {
            *slot = if i + 1 < 2 + stream_sectors {
                i as u32 + 1
            } else {
                ENDOFCHAIN
            };
        }
        for &(i, v) in fat {
            table[i] = v;
        }
        for (i, v) in table.iter().enumerate() {
            put(&mut b, 512 + 4 * i, *v);
        }
        let dir = 1024;
        let name = |b: &mut Vec<u8>, at: usize, n: &str| {
            for (k, u) in n.encode_utf16().enumerate() {
                b[at + 2 * k..at + 2 * k + 2].copy_from_slice(&u.to_le_bytes());
            }
        };
        name(&mut b, dir, "Root Entry");
        b[dir + 66] = 5;
        put(&mut b, dir + 116, ENDOFCHAIN);
        name(&mut b, dir + 128, "Workbook");
        b[dir + 128 + 66] = 2;
        put(&mut b, dir + 128 + 116, 2);
        put(&mut b, dir + 128 + 120, len);
        b
    }

    #[test]
    fn accepts_a_sound_compound_file_and_the_sample() {
        assert_eq!(
            workbook(&cfb(12, 4096, &[]))
                .ok()
                .flatten()
                .map(|s| s.len()),
            Some(4096)
        );
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/zhangdian-2023.lo.xls");
        let bytes = std::fs::read(path).expect("sample");
        let stream = workbook(&bytes).ok().flatten().expect("workbook stream");
        assert_eq!(
            stream.get(..2),
            Some(&[0x09, 0x08][..]),
            "starts with a BOF record"
        );
    }

    #[test]
    fn refuses_a_sector_starting_past_the_end_of_the_file() {
        let mut b = cfb(12, 4096, &[]);
        let last = (b.len() / 512) as u32;
        b[48..52].copy_from_slice(&last.to_le_bytes());
        assert_eq!(verdict(&b), Some("扇区起点超出文件末尾"));
    }

    #[test]
    fn refuses_a_chain_running_in_a_circle() {
        // calamine would copy the circle until the stream's stated gigabyte is filled.
        assert_eq!(
            verdict(&cfb(12, 1 << 30, &[(9, 2)])),
            Some("扇区链首尾相接成环")
        );
    }

    #[test]
    fn refuses_a_chain_leaving_the_fat() {
        assert_eq!(
            verdict(&cfb(140, 8192, &[(9, 130)])),
            Some("扇区链指向分配表之外")
        );
    }

    #[test]
    fn refuses_a_fat_sector_cut_inside_a_word() {
        // The FAT is the last sector, cut 2 bytes into it.
        let mut b = cfb(12, 4096, &[]);
        let fat = b[512..1024].to_vec();
        b.truncate(512 * 12);
        b.extend_from_slice(&fat[..6]);
        let id = 11u32;
        b[76..80].copy_from_slice(&id.to_le_bytes());
        assert_eq!(verdict(&b), Some("分配表扇区被截断"));
    }

    #[test]
    fn leaves_errors_calamine_reports_to_calamine() {
        let mut b = cfb(12, 4096, &[]);
        b[30] = 7; // an unknown sector size
        assert!(verdict(&b).is_none());
        assert!(verdict(b"not a compound file").is_none());
    }
}
