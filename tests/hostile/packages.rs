//! Builders of hostile packages: minimal .docx and .xlsx parts, stored zips, and zip bombs
//! (deflated streams that expand far beyond what their headers say).

use super::*;

// ---------------------------------------------------------------- package builders

pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub(crate) fn docx_parts(document_xml: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec(),
        ),
        ("word/document.xml", document_xml.to_vec()),
    ]
}

pub(crate) fn xlsx_parts(sheet_xml: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec(),
        ),
        ("xl/worksheets/sheet1.xml", sheet_xml.to_vec()),
    ]
}

/// A zip of stored (uncompressed) parts.
pub(crate) fn zip_stored(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, bytes) in parts {
        zip.start_file(*name, opts).expect("zip entry");
        zip.write_all(bytes).expect("zip data");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// A zip whose part `bomb` holds `head` followed by `mib` MiB of the letter `a`, deflated to a
/// few hundred bytes per MiB; the other parts are stored. Written by hand so that making a
/// gigabyte-sized part costs milliseconds: the compressed form of one MiB of `a` after a window
/// of `a` is the same every time, so it is compressed once and repeated.
pub(crate) fn zip_bomb(parts: &[(&str, Vec<u8>)], bomb: &str, head: &[u8], mib: u32) -> Vec<u8> {
    zip_bomb_declaring(parts, bomb, head, mib, None)
}

/// As [`zip_bomb`], with the part's size in the zip headers set to `declared` bytes when given
/// (a bomb that lies about its size).
pub(crate) fn zip_bomb_declaring(
    parts: &[(&str, Vec<u8>)],
    bomb: &str,
    head: &[u8],
    mib: u32,
    declared: Option<u32>,
) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    const MIB: usize = 1 << 20;
    let deflate = |c: &mut Compress, input: &[u8], flush: FlushCompress| -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len() / 100 + 1024);
        let mut pos = 0;
        loop {
            let before = c.total_in();
            c.compress_vec(&input[pos..], &mut out, flush)
                .expect("deflate");
            pos += (c.total_in() - before) as usize;
            if pos >= input.len() && out.len() < out.capacity() {
                return out;
            }
            out.reserve(64 * 1024);
        }
    };
    let mut first = head.to_vec();
    first.resize(MIB, b'a');
    let chunk = vec![b'a'; MIB];
    let mut c = Compress::new(Compression::best(), false);
    let a = deflate(&mut c, &first, FlushCompress::Sync);
    let b = deflate(&mut c, &chunk, FlushCompress::Sync);
    let b2 = deflate(&mut c, &chunk, FlushCompress::Sync);
    assert_eq!(b, b2, "one MiB of `a` must deflate the same way each time");
    let end = deflate(&mut c, &[], FlushCompress::Finish);
    let mut data = a;
    for _ in 1..mib {
        data.extend_from_slice(&b);
    }
    data.extend_from_slice(&end);
    let size = u64::from(mib) * MIB as u64;
    let size32 = declared.unwrap_or(u32::try_from(size).expect("bomb under 4 GiB"));
    // CRC of the whole part: the head MiB, then copies of the chunk's CRC combined by doubling.
    let mut crc = crc32fast::Hasher::new();
    crc.update(&first);
    let mut rest = mib - 1;
    let mut power = crc32fast::Hasher::new();
    power.update(&chunk);
    while rest > 0 {
        if rest & 1 == 1 {
            crc.combine(&power);
        }
        let copy = power.clone();
        power.combine(&copy);
        rest >>= 1;
    }
    let bomb_crc = crc.finalize();

    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut entry = |name: &str, method: u16, crc: u32, csize: u32, usize_: u32, body: &[u8]| {
        let offset = u32::try_from(out.len()).expect("small zip");
        let n = u16::try_from(name.len()).expect("short name");
        for (v, len) in [
            (0x0403_4b50u32, 4),
            (20, 2),
            (0, 2),
            (u32::from(method), 2),
            (0, 2),
            (0x21, 2),
            (crc, 4),
            (csize, 4),
            (usize_, 4),
            (u32::from(n), 2),
            (0, 2),
        ] {
            out.extend_from_slice(&v.to_le_bytes()[..len]);
        }
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body);
        for (v, len) in [
            (0x0201_4b50u32, 4),
            (20, 2),
            (20, 2),
            (0, 2),
            (u32::from(method), 2),
            (0, 2),
            (0x21, 2),
            (crc, 4),
            (csize, 4),
            (usize_, 4),
            (u32::from(n), 2),
            (0, 2),
            (0, 2),
            (0, 2),
            (0, 2),
            (0, 4),
            (offset, 4),
        ] {
            central.extend_from_slice(&v.to_le_bytes()[..len]);
        }
        central.extend_from_slice(name.as_bytes());
    };
    let mut count = 0u16;
    for (name, body) in parts {
        let len = u32::try_from(body.len()).expect("small part");
        entry(name, 0, crc32fast::hash(body), len, len, body);
        count += 1;
    }
    let csize = u32::try_from(data.len()).expect("small compressed part");
    entry(bomb, 8, bomb_crc, csize, size32, &data);
    count += 1;
    let cd_offset = u32::try_from(out.len()).expect("small zip");
    let cd_len = u32::try_from(central.len()).expect("small directory");
    out.extend_from_slice(&central);
    for (v, len) in [
        (0x0605_4b50u32, 4),
        (0, 2),
        (0, 2),
        (u32::from(count), 2),
        (u32::from(count), 2),
        (cd_len, 4),
        (cd_offset, 4),
        (0, 2),
    ] {
        out.extend_from_slice(&v.to_le_bytes()[..len]);
    }
    out
}

pub(crate) fn without(
    parts: Vec<(&'static str, Vec<u8>)>,
    name: &str,
) -> Vec<(&'static str, Vec<u8>)> {
    parts.into_iter().filter(|(n, _)| *n != name).collect()
}

/// A row of three cells as Word table XML.
pub(crate) fn docx_row(cells: [&str; 3]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str("<w:tc><w:p><w:r><w:t>");
        s.push_str(c);
        s.push_str("</w:t></w:r></w:p></w:tc>");
    }
    s.push_str("</w:tr>");
    s
}

pub(crate) fn docx_body(inner: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>"#
    )
    .into_bytes()
}

pub(crate) fn sheet_xml(rows: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
    .into_bytes()
}

pub(crate) fn sheet_row(r: usize, cells: [&str; 3]) -> String {
    let mut s = format!(r#"<row r="{r}">"#);
    for (c, text) in ["A", "B", "C"].iter().zip(cells) {
        s.push_str(&format!(
            r#"<c r="{c}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#
        ));
    }
    s.push_str("</row>");
    s
}
