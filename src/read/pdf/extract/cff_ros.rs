//! The `ROS` (registry, ordering, supplement) of a CID-keyed CFF font program: which
//! character collection its CIDs belong to. ttf-parser reads CFF glyphs but does not expose
//! this Top DICT entry, so it is read here, every offset checked against the data.

/// The `ROS` (registry, ordering) of a CID-keyed CFF program's first font, from its Top DICT
/// and String INDEX. `None` for anything malformed or a standard-string name.
pub fn cff_ros(bytes: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    const STANDARD_STRINGS: usize = 391;
    let header_size = usize::from(*bytes.get(2)?);
    let (_, after_names) = cff_index(bytes, header_size)?;
    let (top_dicts, after_top) = cff_index(bytes, after_names)?;
    let (strings, _) = cff_index(bytes, after_top)?;
    let top = *top_dicts.first()?;
    let mut operands: Vec<i64> = Vec::new();
    let mut i = 0;
    while i < top.len() {
        let b0 = top[i];
        match b0 {
            12 => {
                if top.get(i + 1) == Some(&30) && operands.len() >= 2 {
                    let sid = |n: i64| {
                        let index = usize::try_from(n).ok()?.checked_sub(STANDARD_STRINGS)?;
                        strings.get(index).map(|s| s.to_vec())
                    };
                    return Some((sid(operands[0])?, sid(operands[1])?));
                }
                operands.clear();
                i += 2;
            }
            0..=21 => {
                operands.clear();
                i += 1;
            }
            28 => {
                let v = top.get(i + 1..i + 3)?;
                operands.push(i64::from(i16::from_be_bytes([v[0], v[1]])));
                i += 3;
            }
            29 => {
                let v = top.get(i + 1..i + 5)?;
                operands.push(i64::from(i32::from_be_bytes([v[0], v[1], v[2], v[3]])));
                i += 5;
            }
            30 => {
                // A real number: nibbles up to an 0xF nibble; its value is not needed.
                i += 1;
                while top
                    .get(i)
                    .is_some_and(|b| b & 0x0F != 0x0F && b >> 4 != 0x0F)
                {
                    i += 1;
                }
                i += 1;
                operands.push(0);
            }
            32..=246 => {
                operands.push(i64::from(b0) - 139);
                i += 1;
            }
            247..=250 => {
                let b1 = i64::from(*top.get(i + 1)?);
                operands.push((i64::from(b0) - 247) * 256 + b1 + 108);
                i += 2;
            }
            251..=254 => {
                let b1 = i64::from(*top.get(i + 1)?);
                operands.push(-(i64::from(b0) - 251) * 256 - b1 - 108);
                i += 2;
            }
            _ => i += 1,
        }
        if operands.len() > 48 {
            return None;
        }
    }
    None
}

/// A CFF INDEX at `at`: its items and the offset after it.
fn cff_index(bytes: &[u8], at: usize) -> Option<(Vec<&[u8]>, usize)> {
    let count = usize::from(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?));
    if count == 0 {
        return Some((Vec::new(), at + 2));
    }
    let off_size = usize::from(*bytes.get(at + 2)?);
    if !(1..=4).contains(&off_size) {
        return None;
    }
    let offsets_at = at + 3;
    let offset = |k: usize| {
        let raw = bytes.get(offsets_at + k * off_size..offsets_at + (k + 1) * off_size)?;
        Some(raw.iter().fold(0usize, |a, &b| a << 8 | usize::from(b)))
    };
    let data_at = offsets_at + (count + 1) * off_size - 1;
    let mut items = Vec::with_capacity(count.min(4096));
    for k in 0..count {
        let (start, end) = (offset(k)?, offset(k + 1)?);
        items.push(bytes.get(data_at + start..data_at + end)?);
    }
    Some((items, data_at + offset(count)?))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A CFF INDEX of `items` with 4-byte offsets.
    fn index(items: &[&[u8]]) -> Vec<u8> {
        let mut out = (items.len() as u16).to_be_bytes().to_vec();
        if items.is_empty() {
            return out;
        }
        out.push(4);
        let mut offset = 1u32;
        out.extend_from_slice(&offset.to_be_bytes());
        for item in items {
            offset += item.len() as u32;
            out.extend_from_slice(&offset.to_be_bytes());
        }
        for item in items {
            out.extend_from_slice(item);
        }
        out
    }

    /// A DICT operand as a 4-byte integer (operator 29), so sizes do not depend on values.
    fn int(v: u32) -> Vec<u8> {
        let mut out = vec![29];
        out.extend_from_slice(&v.to_be_bytes());
        out
    }

    /// A CID-keyed CFF with `ROS` (`registry`, `ordering`, 0) and glyphs 1.. for `cids`.
    pub fn cid_keyed_cff(registry: &str, ordering: &str, cids: &[u16]) -> Vec<u8> {
        let glyphs = cids.len() + 1;
        // ROS (3 operands, 2-byte operator), charset and CharStrings (1-byte operators),
        // FDArray and FDSelect (2-byte operators); every operand 5 bytes.
        let top_len = (3 * 5 + 2) + 2 * (5 + 1) + 2 * (5 + 2);
        let head = [1u8, 0, 4, 4];
        let names = index(&[b"T"]);
        let top_index_len = 2 + 1 + 8 + top_len;
        let strings = index(&[registry.as_bytes(), ordering.as_bytes()]);
        let global_subrs = index(&[]);
        let charset_at = head.len() + names.len() + top_index_len + strings.len() + 2;
        let mut charset = vec![0u8];
        for cid in cids {
            charset.extend_from_slice(&cid.to_be_bytes());
        }
        let fd_select_at = charset_at + charset.len();
        let fd_select: Vec<u8> = std::iter::once(0).chain(vec![0; glyphs]).collect();
        let fd_array_at = fd_select_at + fd_select.len();
        let fd_array = index(&[b""]);
        let char_strings_at = fd_array_at + fd_array.len();
        let endchar: &[u8] = &[14];
        let char_strings = index(&vec![endchar; glyphs]);
        let mut top = Vec::new();
        top.extend([int(391), int(392), int(0)].concat());
        top.extend_from_slice(&[12, 30]);
        top.extend(int(charset_at as u32));
        top.push(15);
        top.extend(int(char_strings_at as u32));
        top.push(17);
        top.extend(int(fd_array_at as u32));
        top.extend_from_slice(&[12, 36]);
        top.extend(int(fd_select_at as u32));
        top.extend_from_slice(&[12, 37]);
        assert_eq!(top.len(), top_len);
        let top_index = index(&[&top]);
        assert_eq!(top_index.len(), top_index_len);
        [
            head.to_vec(),
            names,
            top_index,
            strings,
            global_subrs,
            charset,
            fd_select,
            fd_array,
            char_strings,
        ]
        .concat()
    }

    #[test]
    fn reads_the_registry_and_ordering_strings() {
        let font = cid_keyed_cff("Adobe", "GB1", &[0x1042]);
        assert_eq!(cff_ros(&font), Some((b"Adobe".to_vec(), b"GB1".to_vec())));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_or_damaged_font_end_without_panic(
            noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256),
            at in 0usize..200,
            byte in proptest::prelude::any::<u8>(),
        ) {
            let _ = cff_ros(&noise);
            let mut font = cid_keyed_cff("Adobe", "GB1", &[0x1042, 0x11cf]);
            let at = at % font.len();
            font[at] = byte;
            let _ = cff_ros(&font);
            let _ = cff_ros(&font[..at]);
        }
    }

    #[test]
    fn malformed_cff_gives_no_ros() {
        let font = cid_keyed_cff("Adobe", "GB1", &[0x1042]);
        for cut in [0, 3, 10, 40] {
            assert_eq!(cff_ros(&font[..cut]), None, "cut at {cut}");
        }
        assert_eq!(cff_ros(b"\x01\x00\x04\x04\xff\xff\xff"), None);
    }
}
