//! The charset a page declares for itself, found on the raw bytes before decoding (as browsers
//! prescan): `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="…; charset=gb2312">`.

use encoding_rs::{Encoding, UTF_8};

/// How far into the page the declaration is looked for.
const PRESCAN_BYTES: usize = 4096;

/// The encoding label declared by a `<meta>` tag in the first 4 KB, when it names an encoding
/// that can be used: UTF-16 labels are ignored (as browsers do) and a UTF-8 declaration is
/// ignored when the bytes are not UTF-8 (a page saved in GBK under a stale UTF-8 header).
pub fn declared(bytes: &[u8]) -> Option<String> {
    let label = meta_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)])?;
    let enc = Encoding::for_label(label.as_bytes())?;
    if enc.name().starts_with("UTF-16") {
        return None;
    }
    if enc == UTF_8 && std::str::from_utf8(bytes).is_err() {
        return None;
    }
    Some(label)
}

fn meta_charset(head: &[u8]) -> Option<String> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at + 5;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        if let Some(label) = charset_in(&lower[start..end]) {
            return Some(label);
        }
        from = end;
    }
    None
}

/// The value after `charset=` inside one tag's attributes.
fn charset_in(tag: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(at) = find(&tag[from..], b"charset") {
        let mut i = from + at + 7;
        while tag.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        if tag.get(i) == Some(&b'=') {
            i += 1;
            while tag
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
            {
                i += 1;
            }
            let label: String = tag[i.min(tag.len())..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .map(|b| char::from(*b))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
        from = i;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_http_equiv_and_short_forms() {
        let page =
            b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">";
        assert_eq!(declared(page).as_deref(), Some("gb2312"));
        assert_eq!(
            declared(b"<meta name=x><meta charset='GBK' />").as_deref(),
            Some("gbk")
        );
    }

    #[test]
    fn ignores_declarations_past_the_prescan_window() {
        let mut page = vec![b' '; PRESCAN_BYTES];
        page.extend_from_slice(b"<meta charset=gbk>");
        assert_eq!(declared(&page), None);
    }

    #[test]
    fn ignores_a_utf8_declaration_over_gbk_bytes() {
        let mut page = b"<meta charset=utf-8><p>".to_vec();
        page.extend_from_slice(&[0xD5, 0xFD, 0xCE, 0xC4]);
        assert_eq!(declared(&page), None);
        assert_eq!(declared(b"<meta charset=utf-16>"), None);
    }
}
