//! Hostile PDFs, generated here: a decompression bomb, 10,000 pages, deep nesting, a page-tree
//! cycle, a Form XObject cycle, an exponential fan-out of forms and fonts without `ToUnicode`
//! whose cmap tables are made to cost as much as possible.

use super::pdfgen::{Pdf, hello, page_tree};
use super::*;

const HELV: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("compresses");
    enc.finish().expect("compresses")
}

/// A page with a text stream and `extra` streams before it.
fn page_with_streams(extra: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    let page = pdf.reserve();
    let font = pdf.add(HELV);
    let mut refs = Vec::new();
    for (dict, data) in extra {
        refs.push(pdf.stream(dict, data));
    }
    refs.push(pdf.stream("", b"BT /F1 12 Tf 72 700 Td (still read) Tj ET"));
    let refs: Vec<String> = refs.iter().map(|r| format!("{r} 0 R")).collect();
    pdf.set(
        page,
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [{}] /Resources << /Font << /F1 {font} 0 R >> >> >>",
            refs.join(" ")
        ),
    );
    pdf.bytes()
}

#[test]
fn pdf_decompression_bomb_is_skipped_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 256 MiB of spaces in a 250 KB stream: over the 64 MiB cap of one stream.
    let bomb = deflate(&vec![b' '; 256 * 1024 * 1024]);
    let file = write(
        dir.path(),
        "bomb.pdf",
        &page_with_streams(&[("/Filter /FlateDecode".into(), bomb)]),
    );
    let run = check(dir.path(), &file);
    run.assert_orderly("PDF decompression bomb");
    // A page with nothing of a report on it is refused, but the refusal names what could not
    // be read (the stream over the cap, with its page), so the user is not told only that.
    let out = run.out();
    assert!(
        out.contains("安全上限") && out.contains("第1页"),
        "the bomb is named with its page:\n{out}"
    );
}

#[test]
fn pdf_of_10000_pages_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    let pages = pdf.reserve();
    let font = pdf.add(HELV);
    let content = pdf.stream("", b"BT /F1 12 Tf 72 700 Td (page) Tj ET");
    let mut kids = String::new();
    for _ in 0..10_000 {
        let p = pdf.add(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
        ));
        kids.push_str(&format!("{p} 0 R "));
    }
    pdf.set(
        pages,
        format!("<< /Type /Pages /Kids [{kids}] /Count 10000 >>"),
    );
    let file = write(dir.path(), "pages.pdf", &pdf.bytes());
    check(dir.path(), &file).assert_refused("PDF of 10,000 pages", "页");
}

#[test]
fn pdf_deep_nesting_ends_in_an_orderly_result() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 100,000 open arrays, 100,000 saves and a 100,000-deep dictionary in the content.
    let mut junk = "[".repeat(100_000).into_bytes();
    junk.extend("q ".repeat(100_000).bytes());
    junk.extend("<<".repeat(100_000).bytes());
    let file = write(
        dir.path(),
        "deep.pdf",
        &page_with_streams(&[(String::new(), junk)]),
    );
    check(dir.path(), &file).assert_orderly("deeply nested PDF content");
    // Objects nested 100,000 deep (arrays, dictionaries) in the page dictionary itself.
    for (name, deep) in [
        (
            "array",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "dict",
            format!("{}1{}", "<< /A ".repeat(50_000), " >>".repeat(50_000)),
        ),
    ] {
        let mut pdf = Pdf::new();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep {deep} >>"
        ));
        let file = write(dir.path(), &format!("deep-{name}.pdf"), &pdf.bytes());
        check(dir.path(), &file)
            .assert_orderly(&format!("PDF object nested 100,000 deep ({name})"));
    }
    // A page tree 10,000 levels deep: the pages past the depth cap are not reached.
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    for i in 0..10_000usize {
        let n = i + 2;
        pdf.add(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", n + 1));
    }
    pdf.add("<< /Type /Page /MediaBox [0 0 10 10] >>");
    let file = write(dir.path(), "tree.pdf", &pdf.bytes());
    check(dir.path(), &file).assert_refused("PDF page tree 10,000 deep", "页面");
}

#[test]
fn pdf_page_tree_cycle_is_read_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = hello("cycle");
    // Object 2 (the page tree root) lists itself among its kids.
    let text =
        String::from_utf8_lossy(&bytes).replace("/Kids [4 0 R]", "/Kids [4 0 R 2 0 R 2 0 R]");
    bytes = text.into_bytes();
    let file = write(dir.path(), "cycle.pdf", &bytes);
    check(dir.path(), &file).assert_orderly("PDF page-tree cycle");
}

#[test]
fn pdf_form_xobject_cycle_and_fan_out_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    let page = pdf.reserve();
    let font = pdf.add(HELV);
    // Forms 0..30: each draws the next one twice (2^30 draws without a cap) and form 30 draws
    // form 0 (a cycle).
    let first = pdf.objects_len() + 1;
    for i in 0..=30usize {
        let next = if i == 30 { first } else { first + i + 1 };
        pdf.stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X {next} 0 R >> /Font << /F1 {font} 0 R >> >>"),
            b"BT /F1 12 Tf 72 700 Td (form) Tj ET /X Do /X Do 0 0 m 100 0 l S",
        );
    }
    let content = pdf.stream("", b"/X Do");
    pdf.set(
        page,
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << /XObject << /X {first} 0 R >> >> >>"),
    );
    let file = write(dir.path(), "forms.pdf", &pdf.bytes());
    check(dir.path(), &file).assert_orderly("PDF Form XObject cycle and fan-out");
}

#[test]
fn pdf_flood_of_operators_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 60 MB of path operators (some 10 million) deflated to a small stream, then the text.
    let flood = "0 0 m 1 1 l S ".repeat(60 * 1024 * 1024 / 14);
    let file = write(
        dir.path(),
        "flood.pdf",
        &page_with_streams(&[("/Filter /FlateDecode".into(), deflate(flood.as_bytes()))]),
    );
    // The operator cap is reached before the text: a refusal that names the cap.
    check(dir.path(), &file).assert_refused("PDF with 10 million path operators", "上限");
}

/// A TrueType program with a `cmap` and a `maxp` of two glyphs: one (3,10) format 13
/// subtable of `groups` groups, each mapping every code point U+0000–U+10FFFF to glyph 1.
fn costly_cmap_truetype(groups: u32) -> Vec<u8> {
    let mut sub = Vec::new();
    sub.extend_from_slice(&13u16.to_be_bytes());
    sub.extend_from_slice(&0u16.to_be_bytes());
    sub.extend_from_slice(&(16 + 12 * groups).to_be_bytes());
    sub.extend_from_slice(&0u32.to_be_bytes());
    sub.extend_from_slice(&groups.to_be_bytes());
    for _ in 0..groups {
        for v in [0u32, 0x10_FFFF, 1] {
            sub.extend_from_slice(&v.to_be_bytes());
        }
    }
    let mut cmap = [0u16, 1, 3, 10]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect::<Vec<_>>();
    cmap.extend_from_slice(&12u32.to_be_bytes());
    cmap.extend_from_slice(&sub);
    let maxp = [0, 0, 0x50, 0, 0, 2];
    let mut font = vec![0, 1, 0, 0, 0, 2, 0, 32, 0, 1, 0, 0];
    let cmap_at = 12 + 2 * 16;
    for (tag, at, len) in [
        (b"cmap", cmap_at, cmap.len()),
        (b"maxp", cmap_at + cmap.len(), maxp.len()),
    ] {
        font.extend_from_slice(tag);
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&(at as u32).to_be_bytes());
        font.extend_from_slice(&(len as u32).to_be_bytes());
    }
    font.extend_from_slice(&cmap);
    font.extend_from_slice(&maxp);
    font
}

#[test]
fn pdf_fonts_without_tounicode_and_costly_cmaps_end_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 300 pages, each with its own Type 0 font (Identity-H, no ToUnicode) over one shared
    // TrueType program whose cmap has 50,000 overlapping groups covering every code point
    // (all on glyph 1: a cmap the program's glyph count does not rule out).
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    let pages = pdf.reserve();
    let program = pdf.stream(
        "/Filter /FlateDecode",
        &deflate(&costly_cmap_truetype(50_000)),
    );
    let mut fonts = Vec::new();
    for _ in 0..300 {
        let descriptor = pdf.add(format!(
            "<< /Type /FontDescriptor /FontName /X /FontFile2 {program} 0 R >>"
        ));
        let cid_font = pdf.add(format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /FontDescriptor {descriptor} 0 R >>"
        ));
        fonts.push(pdf.add(format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [{cid_font} 0 R] >>"
        )));
    }
    let content: &[u8] = b"BT /F1 12 Tf 72 700 Td <00010001> Tj ET";
    let contents: Vec<(usize, &[u8])> = fonts.iter().map(|f| (*f, content)).collect();
    page_tree(&mut pdf, pages, &contents);
    let file = write(dir.path(), "fonts.pdf", &pdf.bytes());
    check(dir.path(), &file).assert_orderly("PDF of 300 fonts with costly cmap tables");
}
