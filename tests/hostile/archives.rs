//! Hostile structure: zip bombs, entity expansion and external entities, XML nested 100,000
//! deep.

use super::*;

// ---------------------------------------------------------------- zip bombs

#[test]
fn zip_bomb_docx_is_refused_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>"#
    );
    // 3 GiB of document text in a file of a few MB.
    let bytes = zip_bomb(
        &without(docx_parts(b""), "word/document.xml"),
        "word/document.xml",
        head.as_bytes(),
        3 * 1024,
    );
    assert!(bytes.len() < 8 << 20, "the bomb is small: {}", bytes.len());
    let file = write(dir.path(), "bomb.docx", &bytes);
    let run = check(dir.path(), &file);
    run.assert_refused("docx zip bomb", "安全上限");
    // The declared size is enough to refuse it: nothing is unzipped.
    assert!(
        run.max_rss_mib < 100.0,
        "peak RSS {:.0} MiB",
        run.max_rss_mib
    );
}

#[test]
fn zip_bomb_docx_lying_about_its_size_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>"#
    );
    let bytes = zip_bomb_declaring(
        &without(docx_parts(b""), "word/document.xml"),
        "word/document.xml",
        head.as_bytes(),
        3 * 1024,
        Some(4096),
    );
    let file = write(dir.path(), "liar.docx", &bytes);
    let run = check(dir.path(), &file);
    run.assert_orderly("docx zip bomb declaring 4 KB");
    assert_eq!(run.code, Some(2), "{}", run.out());
}

#[test]
fn zip_bomb_xlsx_is_refused_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#;
    let bytes = zip_bomb(
        &without(xlsx_parts(b""), "xl/worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml",
        head,
        3 * 1024,
    );
    assert!(bytes.len() < 8 << 20, "the bomb is small: {}", bytes.len());
    let file = write(dir.path(), "bomb.xlsx", &bytes);
    check(dir.path(), &file).assert_refused("xlsx zip bomb", "安全上限");
}

// ---------------------------------------------------------------- entities

#[test]
fn billion_laughs_in_xlsx_shared_strings_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = check(dir.path(), &fixture("poi__poc-xmlbomb.xlsx"));
    run.assert_orderly("poi poc-xmlbomb.xlsx");
    assert!(
        !run.stdout.contains("lollollol"),
        "entities must not be expanded\n{}",
        run.out()
    );
}

#[test]
fn billion_laughs_in_docx_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut dtd =
        String::from(r#"<!DOCTYPE w:document [<!ENTITY lol0 "lollollollollollollollollollol">"#);
    for i in 1..=9 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        dtd.push_str(&format!(r#"<!ENTITY lol{i} "{refs}">"#));
    }
    dtd.push_str("]>");
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{dtd}<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let file = write(
        dir.path(),
        "laughs.docx",
        &zip_stored(&docx_parts(xml.as_bytes())),
    );
    let run = run_limited(
        dir.path(),
        [
            OsStr::new("convert"),
            file.as_os_str(),
            OsStr::new("-o"),
            OsStr::new("-"),
        ],
        LIMITS,
    );
    run.assert_orderly("docx billion laughs");
    assert!(
        !run.stdout.contains("lollollol"),
        "entities must not be expanded\n{}",
        run.out()
    );
}

#[test]
fn external_entity_in_docx_from_poi_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = check(dir.path(), &fixture("poi__ExternalEntityInText.docx"));
    run.assert_orderly("poi ExternalEntityInText.docx");
}

#[test]
fn external_entity_naming_a_local_file_is_not_read_into_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = write(dir.path(), "secret.txt", "机密内容XYZZY".as_bytes());
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{}">]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>一、总体情况&xxe;</w:t></w:r></w:p></w:body></w:document>"#,
        secret.display()
    );
    let file = write(
        dir.path(),
        "xxe.docx",
        &zip_stored(&docx_parts(xml.as_bytes())),
    );
    let run = run_limited(
        dir.path(),
        [
            OsStr::new("convert"),
            file.as_os_str(),
            OsStr::new("-o"),
            OsStr::new("-"),
        ],
        LIMITS,
    );
    run.assert_orderly("docx local external entity");
    assert!(!run.stdout.contains("XYZZY"), "{}", run.out());
    assert!(!run.stderr.contains("XYZZY"), "{}", run.out());
}

// ---------------------------------------------------------------- deep nesting

#[test]
fn xml_nested_100000_deep_in_docx_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    let mut inner = "<w:tbl><w:tr><w:tc>".repeat(depth);
    inner.push_str("<w:p><w:r><w:t>深</w:t></w:r></w:p>");
    inner.push_str(&"</w:tc></w:tr></w:tbl>".repeat(depth));
    let file = write(
        dir.path(),
        "deep.docx",
        &zip_stored(&docx_parts(&docx_body(&inner))),
    );
    check(dir.path(), &file).assert_refused("docx nested 100,000 deep", "安全上限");
}

#[test]
fn xml_nested_100000_deep_in_xlsx_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    let mut rows = "<x>".repeat(depth);
    rows.push_str(&"</x>".repeat(depth));
    let file = write(
        dir.path(),
        "deep.xlsx",
        &zip_stored(&xlsx_parts(&sheet_xml(&rows))),
    );
    check(dir.path(), &file).assert_orderly("xlsx nested 100,000 deep");
}

#[test]
fn html_nested_100000_deep_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    let mut page = String::from("<!DOCTYPE html><html><body>");
    page.push_str(&"<div><table><tr><td>".repeat(depth / 4));
    page.push_str(&"<span>".repeat(depth));
    page.push('深');
    let file = write(dir.path(), "deep.html", page.as_bytes());
    check(dir.path(), &file).assert_orderly("html nested 100,000 deep");
}
