//! Compares gongkai's Word reader with docx-rs `read_docx` on the same bytes: the two seed
//! samples and a synthetic ~300-page report.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A ~300-page document: per page, a numbered heading, body paragraphs and a small table.
fn synthetic(pages: usize) -> Vec<u8> {
    let mut body = String::new();
    for page in 0..pages {
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>第{page}部分的标题</w:t></w:r></w:p>"#
        ));
        for i in 0..8 {
            body.push_str(&format!(
                r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="宋体"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">　　本段是第{page}页的第{i}段，统计期限自2023年1月1日起至2023年12月31日止，</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>共发布政府信息{i}条，其中政策解读{page}条。</w:t></w:r></w:p>"#
            ));
        }
        body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
        for _ in 0..6 {
            body.push_str(r#"<w:gridCol w:w="1400"/>"#);
        }
        body.push_str("</w:tblGrid>");
        for r in 0..6 {
            body.push_str("<w:tr>");
            for c in 0..6 {
                let props = if c == 0 && r % 3 == 0 {
                    r#"<w:tcPr><w:tcW w:w="1400" w:type="dxa"/><w:vMerge w:val="restart"/></w:tcPr>"#
                } else if c == 0 {
                    r#"<w:tcPr><w:tcW w:w="1400" w:type="dxa"/><w:vMerge/></w:tcPr>"#
                } else {
                    r#"<w:tcPr><w:tcW w:w="1400" w:type="dxa"/></w:tcPr>"#
                };
                body.push_str(&format!(
                    "<w:tc>{props}<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                    r * c + page
                ));
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/document.xml", document.as_str()),
        ("word/numbering.xml", numbering.as_str()),
    ] {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(data.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish");
    buf.into_inner()
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out = Vec::new();
    for name in ["zhangdian-2023.lo.docx", "zhangdian-2023.pydocx.docx"] {
        let bytes = std::fs::read(samples.join(name)).expect("sample file");
        out.push((name.to_string(), bytes));
    }
    out.push(("synthetic-300-pages".to_string(), synthetic(300)));
    out
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("docx_read");
    for (name, bytes) in inputs() {
        let doc = gongkai::read::docx::read(&bytes).expect("gongkai reads the input");
        eprintln!("{name}: {} bytes, {} blocks", bytes.len(), doc.blocks.len());
        group.bench_with_input(BenchmarkId::new("gongkai", &name), &bytes, |b, bytes| {
            b.iter(|| gongkai::read::docx::read(black_box(bytes)))
        });
        group.bench_with_input(BenchmarkId::new("docx-rs", &name), &bytes, |b, bytes| {
            b.iter(|| docx_rs::read_docx(black_box(bytes)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
