//! Behaviour of the Word reader on small packages built in code, each stating what it
//! exercises, and on the real seed samples.

mod common;

use common::*;
use gongkai::document::{Block, Document, Paragraph, Place, Table};
use gongkai::read::{ReadError, docx};

fn paragraphs(doc: &Document) -> Vec<&Paragraph> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect()
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

fn printed(doc: &Document) -> Vec<String> {
    paragraphs(doc).iter().map(|p| p.printed()).collect()
}

const CHINESE_HEADINGS: &str = r#"<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/><w:isLgl/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;

/// Exercises: automatic Chinese heading numbers (chineseCounting with lvlText "%1、"), second
/// level restarting under each first level, isLgl rendering CJK levels as digits.
#[test]
fn renders_automatic_chinese_heading_numbers() {
    let body = [
        numbered(1, 0, "总体情况"),
        numbered(1, 1, "甲"),
        numbered(1, 1, "乙"),
        numbered(1, 2, "丙"),
        numbered(1, 0, "主动公开政府信息情况"),
        numbered(1, 1, "丁"),
    ]
    .concat();
    let doc = docx::read(&docx(&body, Some(CHINESE_HEADINGS), None)).unwrap();
    let ps = paragraphs(&doc);
    let labels: Vec<_> = ps
        .iter()
        .map(|p| p.list_label.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        labels,
        ["一、", "（一）", "（二）", "1.2.1", "二、", "（一）"]
    );
    assert_eq!(ps[4].text, "主动公开政府信息情况");
    assert_eq!(ps[4].printed(), "二、主动公开政府信息情况");
    assert_eq!(ps[0].place, Place::Paragraph { index: 1 });
}

/// Exercises: numbering linked through a style (pStyle → style numPr, basedOn chain), heading
/// level from the style's outline level, a second w:num with startOverride restarting the list,
/// w:start, enclosed-circle and legal formats, numId 0 removing numbering.
#[test]
fn follows_style_linked_numbering_and_restarts() {
    let numbering = r#"<w:abstractNum w:abstractNumId="3">
      <w:lvl w:ilvl="0"><w:start w:val="2"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="4">
      <w:lvl w:ilvl="0"><w:numFmt w:val="chineseLegalSimplified"/><w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum>
      <w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
      <w:num w:numId="6"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="7"><w:abstractNumId w:val="4"/></w:num>"#;
    let styles = r#"<w:style w:type="paragraph" w:styleId="ListBase"><w:name w:val="List Base"/>
        <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article"/><w:basedOn w:val="ListBase"/></w:style>
      <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/></w:style>"#;
    let body = [
        numbered(5, 0, "a"),
        numbered(5, 0, "b"),
        numbered(6, 0, "c"),
        r#"<w:p><w:pPr><w:pStyle w:val="Article"/></w:pPr><w:r><w:t>条款</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:pPr><w:pStyle w:val="Article"/></w:pPr><w:r><w:t>条款二</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:pPr><w:pStyle w:val="Article"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>无编号</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>小标题</w:t></w:r></w:p>"#.into(),
    ]
    .concat();
    let doc = docx::read(&docx(&body, Some(numbering), Some(styles))).unwrap();
    let ps = paragraphs(&doc);
    let labels: Vec<_> = ps
        .iter()
        .map(|p| p.list_label.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(labels, ["②", "③", "①", "第壹条", "第贰条", "", "",]);
    assert_eq!(ps[3].heading, Some(2));
    assert_eq!(ps[6].heading, Some(3));
    assert_eq!(ps[0].heading, None);
}

fn header_table() -> String {
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let cont = "<w:vMerge/>";
    let corner = r#"<w:gridSpan w:val="3"/>"#;
    let row = |cells: Vec<String>| {
        format!(
            r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>{}</w:tr>"#,
            cells.concat()
        )
    };
    let r1 = row(vec![
        tc(
            &format!("{corner}{restart}"),
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        ),
        tc(r#"<w:gridSpan w:val="7"/>"#, "申请人情况"),
    ]);
    let r2 = row(vec![
        tc(&format!("{corner}{cont}"), ""),
        tc(restart, "自然人"),
        tc(
            &format!(r#"<w:gridSpan w:val="5"/>{restart}"#),
            "法人或其他组织",
        ),
        tc(restart, "总计"),
    ]);
    let r3 = row(vec![
        tc(&format!("{corner}{cont}"), ""),
        tc(cont, ""),
        tc("", "商业企业"),
        tc("", "科研机构"),
        tc("", "社会公益组织"),
        tc("", "法律服务机构"),
        tc("", "其他"),
        tc(cont, ""),
    ]);
    let data = format!(
        "<w:tr>{}{}{}{}</w:tr>",
        tc(
            r#"<w:gridSpan w:val="3"/>"#,
            "一、本年新收政府信息公开申请数量"
        ),
        tc("", "1"),
        tc(r#"<w:gridSpan w:val="5"/>"#, "0"),
        tc("", "1")
    );
    let grid: String = (0..10).map(|_| r#"<w:gridCol w:w="800"/>"#).collect();
    format!("<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{r1}{r2}{r3}{data}</w:tbl>")
}

/// Exercises: the official three-row header of table 三 — a corner cell spanning 3 rows × 3
/// columns (gridSpan + vMerge restart/continue), header rows (tblHeader), continuation cells
/// not stored, grid columns counted from gridSpan.
#[test]
fn keeps_vmerge_and_gridspan_as_spans() {
    let doc = docx::read(&docx(&header_table(), None, None)).unwrap();
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!(t.rows.len(), 4);
    assert!(t.rows[0].header && t.rows[2].header && !t.rows[3].header);
    let corner = &t.rows[0].cells[0];
    assert_eq!((corner.col, corner.row_span, corner.col_span), (0, 3, 3));
    let applicant = &t.rows[0].cells[1];
    assert_eq!(
        (applicant.col, applicant.col_span, applicant.row_span),
        (3, 7, 1)
    );
    let r2: Vec<_> = t.rows[1]
        .cells
        .iter()
        .map(|c| (c.text.as_str(), c.col, c.row_span, c.col_span))
        .collect();
    assert_eq!(
        r2,
        [
            ("自然人", 3, 2, 1),
            ("法人或其他组织", 4, 1, 5),
            ("总计", 9, 2, 1)
        ]
    );
    let r3: Vec<_> = t.rows[2].cells.iter().map(|c| c.col).collect();
    assert_eq!(r3, [4, 5, 6, 7, 8]);
    assert_eq!(t.rows[3].cells[3].col, 9);
    assert_eq!(
        t.rows[2].cells[0].place,
        Place::TableCell {
            table: 1,
            row: 3,
            col: 5
        }
    );
    assert_eq!(t.width(), 10);
}

/// Exercises: gridBefore shifting a row's cells, a nested table kept as nested (not in the
/// text), several paragraphs of one cell joined by newlines, full-width spaces trimmed away.
#[test]
fn shifts_grid_before_and_keeps_nested_tables() {
    let nested = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc("", "内1"),
        tc("", "内2")
    );
    let body = format!(
        r#"<w:tbl><w:tr><w:trPr><w:gridBefore w:val="2"/><w:gridAfter w:val="1"/></w:trPr>{}</w:tr>
        <w:tr><w:tc>{}{}{}</w:tc><w:tc><w:p><w:r><w:t xml:space="preserve">　　 </w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        tc("", "偏移"),
        p("第一段"),
        nested,
        p("第二段"),
    );
    let doc = docx::read(&docx(&body, None, None)).unwrap();
    let t = tables(&doc)[0];
    assert_eq!(t.rows[0].cells[0].col, 2);
    let cell = &t.rows[1].cells[0];
    assert_eq!(cell.text, "第一段\n第二段");
    assert_eq!(cell.nested.len(), 1);
    assert_eq!(cell.nested[0].rows[0].cells[1].text, "内2");
    assert_eq!(t.rows[1].cells[1].text, "");
}

/// Exercises: a document laid out inside a table of one cell (a web page pasted into Word) —
/// its paragraphs and tables come out in order, numbered as top-level content.
#[test]
fn unwraps_a_one_cell_frame_holding_the_document() {
    let inner = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc("", "规章"),
        tc("", "3")
    );
    let body = format!(
        "{}<w:tbl><w:tr><w:tc>{}{}{}</w:tc></w:tr></w:tbl>{}",
        p("标题"),
        p("一、总体情况"),
        inner,
        p("二、主动公开政府信息情况"),
        p("结尾"),
    );
    let doc = docx::read(&docx(&body, None, None)).unwrap();
    let kinds: Vec<String> = (doc.blocks.iter())
        .map(|b| match b {
            Block::Paragraph(p) => format!("p:{}:{:?}", p.text, p.place),
            Block::Table(t) => format!(
                "t:{}:{:?}",
                t.rows[0].cells[1].text, t.rows[0].cells[1].place
            ),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "p:标题:Paragraph { index: 1 }",
            "p:一、总体情况:Paragraph { index: 2 }",
            "t:3:TableCell { table: 1, row: 1, col: 2 }",
            "p:二、主动公开政府信息情况:Paragraph { index: 3 }",
            "p:结尾:Paragraph { index: 4 }",
        ]
    );
}

/// Exercises: tracked changes — insertions and move-to kept, deletions, move-from and
/// delText dropped, a deleted paragraph mark joining two paragraphs, a deleted row dropped.
#[test]
fn keeps_insertions_and_drops_deletions() {
    let body = r#"<w:p><w:r><w:t>共</w:t></w:r><w:del w:id="1"><w:r><w:delText>12</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>15</w:t></w:r></w:ins><w:r><w:t>件</w:t></w:r></w:p>
      <w:p><w:moveFrom w:id="3"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t>新位置</w:t></w:r></w:moveTo></w:p>
      <w:p><w:pPr><w:rPr><w:del w:id="5"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p><w:p><w:r><w:t>后半</w:t></w:r></w:p>
      <w:tbl><w:tr><w:trPr><w:del w:id="6"/></w:trPr><w:tc><w:p><w:r><w:t>删除行</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>保留行</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let doc = docx::read(&docx(body, None, None)).unwrap();
    assert_eq!(printed(&doc), ["共15件", "新位置", "前半后半"]);
    let t = tables(&doc)[0];
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].cells[0].text, "保留行");
}

/// Exercises: complex fields (code dropped, result kept, a field nested in a code), fldSimple
/// content kept, hyperlinks, tabs, breaks, symbols, bookmarks ignored.
#[test]
fn keeps_field_results_and_drops_codes() {
    let body = r#"<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:instrText> = 1 "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r></w:p>
      <w:p><w:fldSimple w:instr=" DATE "><w:r><w:t>2024年1月</w:t></w:r></w:fldSimple></w:p>
      <w:p><w:bookmarkStart w:id="0" w:name="a"/><w:hyperlink r:id="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:bookmarkEnd w:id="0"/><w:r><w:tab/><w:t>A</w:t><w:br/><w:t>B</w:t><w:sym w:font="Wingdings" w:char="00D7"/></w:r></w:p>"#;
    let doc = docx::read(&docx(body, None, None)).unwrap();
    assert_eq!(printed(&doc), ["第3页", "2024年1月", "链接\tA\nB×"]);
}

/// Exercises: a text box inside mc:AlternateContent (DrawingML wps:txbx in Choice, VML copy in
/// Fallback) read once, after its paragraph; a VML-only text box read from the fallback.
#[test]
fn reads_text_boxes_once() {
    let body = r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>
      <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
      <w:p><w:r><mc:AlternateContent><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>只有备用</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    let doc = docx::read(&docx(body, None, None)).unwrap();
    assert_eq!(printed(&doc), ["正文", "框内文字", "只有备用"]);
}

/// Exercises: block and inline content controls (sdtPr dropped, sdtContent kept), smartTag and
/// customXml descended, Office math text.
#[test]
fn descends_content_controls_and_custom_markup() {
    let body = r#"<w:sdt><w:sdtPr><w:alias w:val="标签名"/><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>块控件</w:t></w:r></w:p></w:sdtContent></w:sdt>
      <w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>行内</w:t></w:r></w:sdtContent></w:sdt><w:smartTag w:uri="u" w:element="e"><w:r><w:t>智能</w:t></w:r></w:smartTag><w:customXml w:element="c"><w:r><w:t>自定义</w:t></w:r></w:customXml></w:p>
      <w:p><m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath></w:p>"#;
    let doc = docx::read(&docx(body, None, None)).unwrap();
    assert_eq!(printed(&doc), ["块控件", "行内智能自定义", "x+1"]);
}

/// Exercises: elements matched by namespace URI, not prefix (`ns0:` for WordprocessingML, and
/// `w:` bound to another namespace is not Word content).
#[test]
fn matches_namespaces_not_prefixes() {
    let doc_xml = format!(
        r#"<ns0:document xmlns:ns0="{W}" xmlns:w="urn:not-word"><ns0:body><ns0:p><ns0:r><ns0:t>前缀</ns0:t></ns0:r><w:r><w:t>假</w:t></w:r></ns0:p></ns0:body></ns0:document>"#
    );
    let root = rels(&[(REL_DOC, "word/document.xml")]);
    let bytes = zip(&[
        ("_rels/.rels", root.as_bytes()),
        ("word/document.xml", doc_xml.as_bytes()),
    ]);
    let doc = docx::read(&bytes).unwrap();
    assert_eq!(printed(&doc), ["前缀"]);
}

/// Exercises: ISO 29500 Strict namespaces and relationship types, numbering found through the
/// Strict relationship.
#[test]
fn reads_strict_namespaces() {
    let doc_xml = format!(
        r#"<w:document xmlns:w="{W_STRICT}"><w:body>{}</w:body></w:document>"#,
        numbered(1, 0, "严格")
    );
    let num = format!(
        r#"<w:numbering xmlns:w="{W_STRICT}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let root = rels(&[(
        "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
        "word/document.xml",
    )]);
    let part = rels(&[(
        "http://purl.oclc.org/ooxml/officeDocument/relationships/numbering",
        "numbering.xml",
    )]);
    let bytes = zip(&[
        ("_rels/.rels", root.as_bytes()),
        ("word/document.xml", doc_xml.as_bytes()),
        ("word/_rels/document.xml.rels", part.as_bytes()),
        ("word/numbering.xml", num.as_bytes()),
    ]);
    let doc = docx::read(&bytes).unwrap();
    assert_eq!(printed(&doc), ["一、严格"]);
}

/// Exercises: the main part found through _rels/.rels at a non-standard path at the zip root,
/// its own relationships resolved relative to it, Windows backslash zip names.
#[test]
fn finds_main_part_through_relationships() {
    let doc_xml = document(&numbered(1, 0, "根目录"));
    let num = format!(r#"<w:numbering xmlns:w="{W}">{CHINESE_HEADINGS}</w:numbering>"#);
    let root = rels(&[(REL_DOC, "/main.xml")]);
    let part = rels(&[(REL_NUMBERING, "lists/n.xml")]);
    let bytes = zip(&[
        ("_rels\\.rels", root.as_bytes()),
        ("main.xml", doc_xml.as_bytes()),
        ("_rels/main.xml.rels", part.as_bytes()),
        ("lists\\n.xml", num.as_bytes()),
        ("word/document.xml", document(&p("诱饵")).as_bytes()),
    ]);
    let doc = docx::read(&bytes).unwrap();
    assert_eq!(printed(&doc), ["一、根目录"]);
}

fn ole_with(stream: &str) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend(stream.encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes.resize(2048, 0);
    bytes
}

/// Exercises: an OLE container holding an EncryptedPackage stream (password-protected .docx).
#[test]
fn rejects_encrypted_package() {
    let err = docx::read(&ole_with("EncryptedPackage")).unwrap_err();
    assert!(matches!(err, ReadError::Encrypted { .. }), "{err:?}");
}

/// Exercises: a Word 97-2003 .doc, an .xlsx and a plain zip named .docx say what they are.
#[test]
fn rejects_other_kinds_with_their_names() {
    let err = docx::read(&ole_with("WordDocument")).unwrap_err();
    assert!(
        matches!(&err, ReadError::WrongKind { found, .. } if found.contains(".doc")),
        "{err:?}"
    );

    let root = rels(&[(REL_DOC, "xl/workbook.xml")]);
    let wb = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#;
    let xlsx = zip(&[
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
    ]);
    let err = docx::read(&xlsx).unwrap_err();
    assert!(
        matches!(&err, ReadError::WrongKind { found, .. } if found.contains("Excel")),
        "{err:?}"
    );

    let plain = zip(&[("notes.txt", "你好".as_bytes())]);
    let err = docx::read(&plain).unwrap_err();
    assert!(
        matches!(&err, ReadError::WrongKind { found, .. } if found.contains("zip")),
        "{err:?}"
    );
}

/// Exercises: a truncated zip and XML that is not well formed give Corrupt, naming the part.
#[test]
fn reports_damage_as_corrupt() {
    let good = docx(&p("完整"), None, None);
    let err = docx::read(&good[..good.len() / 2]).unwrap_err();
    assert!(matches!(err, ReadError::Corrupt { .. }), "{err:?}");

    let root = rels(&[(REL_DOC, "word/document.xml")]);
    let broken = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p></w:body></w:document>"#);
    let bytes = zip(&[
        ("_rels/.rels", root.as_bytes()),
        ("word/document.xml", broken.as_bytes()),
    ]);
    let err = docx::read(&bytes).unwrap_err();
    assert!(
        matches!(&err, ReadError::Corrupt { detail } if detail.contains("word/document.xml")),
        "{err:?}"
    );
}

/// Exercises: an external entity declared in a DOCTYPE is neither resolved nor expanded.
#[test]
fn never_resolves_external_entities() {
    let root = rels(&[(REL_DOC, "word/document.xml")]);
    let xml = format!(
        r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>a&xxe;b</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = zip(&[
        ("_rels/.rels", root.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ]);
    let doc = docx::read(&bytes).unwrap();
    assert_eq!(printed(&doc), ["a&xxe;b"]);
}

/// Exercises: a zip bomb (a tiny part unzipping to tens of megabytes) stops with TooLarge,
/// fast, without unzipping it all.
#[test]
fn stops_zip_bomb() {
    let root = rels(&[(REL_DOC, "word/document.xml")]);
    let huge = vec![b' '; 40 * 1024 * 1024];
    let bytes = zip(&[
        ("_rels/.rels", root.as_bytes()),
        ("word/document.xml", &huge),
    ]);
    assert!(bytes.len() < 1024 * 1024);
    let start = std::time::Instant::now();
    let err = docx::read(&bytes).unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");
    assert!(start.elapsed().as_secs() < 5);
}

/// Exercises: XML nested deeper than MAX_XML_DEPTH gives TooLarge, not a stack overflow.
#[test]
fn stops_deep_nesting() {
    let depth = gongkai::read::limits::MAX_XML_DEPTH + 10;
    let body = format!(
        "<w:p>{}{}</w:p>",
        "<w:customXml>".repeat(depth),
        "</w:customXml>".repeat(depth)
    );
    let err = docx::read(&docx(&body, None, None)).unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");
}

fn sample(name: &str) -> Document {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    docx::read(&std::fs::read(path).unwrap()).unwrap()
}

fn numeric_cells(t: &Table) -> usize {
    t.rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| !c.text.is_empty() && c.text.chars().all(|ch| ch.is_ascii_digit()))
        .count()
}

fn check_seed_sample(doc: &Document) {
    let ts = tables(doc);
    assert_eq!(ts.len(), 3);
    let counts: Vec<usize> = ts.iter().map(|t| numeric_cells(t)).collect();
    assert_eq!(counts, [10, 175, 15]);
    let requests = ts[1];
    let corner = &requests.rows[0].cells[0];
    assert_eq!((corner.row_span, corner.col_span), (3, 3));
    assert_eq!(requests.rows[1].cells[0].text, "自然人");
    assert_eq!(requests.rows[1].cells[0].row_span, 2);
    assert_eq!(requests.rows[1].cells[1].col_span, 5);
    let results = &requests.rows[5].cells[0];
    assert_eq!((results.col, results.row_span), (0, 22));
    assert_eq!(requests.width(), 10);
    let text = printed(doc);
    assert!(text.iter().any(|t| t == "一、总体情况"));
    assert!(text.iter().any(|t| t.contains("共发布政府信息17条")));
    let headings = paragraphs(doc)
        .iter()
        .filter(|p| p.heading.is_some())
        .count();
    assert_eq!(headings, 6);
}

/// Exercises: the seed report as written by LibreOffice 7.4 — three tables, 200 values,
/// the merged header of the requests table, six headings.
#[test]
fn reads_libreoffice_seed_sample() {
    check_seed_sample(&sample("zhangdian-2023.lo.docx"));
}

/// Exercises: the seed report as written by python-docx, and that both writers' files give
/// the same tables.
#[test]
fn reads_python_docx_seed_sample_like_libreoffice() {
    let py = sample("zhangdian-2023.pydocx.docx");
    check_seed_sample(&py);
    let lo = sample("zhangdian-2023.lo.docx");
    let grid = |d: &Document| -> Vec<Vec<(String, usize, usize, usize)>> {
        tables(d)
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| (c.text.clone(), c.col, c.row_span, c.col_span))
                    .collect()
            })
            .collect()
    };
    assert_eq!(grid(&py), grid(&lo));
}

/// Exercises: heading styles tied to list levels by `w:lvl/w:pStyle` (the style gives only the
/// numId), as Word's multi-level heading lists do.
#[test]
fn numbers_heading_styles_by_level_style() {
    let numbering = r#"<w:abstractNum w:abstractNumId="0">
      <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:pStyle w:val="H1"/></w:lvl>
      <w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:pStyle w:val="H2"/></w:lvl></w:abstractNum>
      <w:num w:numId="9"><w:abstractNumId w:val="0"/></w:num>"#;
    let styles = r#"<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>"#;
    let para = |style: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        para("H1", "甲"),
        para("H2", "乙"),
        para("H2", "丙"),
        para("H1", "丁"),
    ]
    .concat();
    let doc = docx::read(&docx(&body, Some(numbering), Some(styles))).unwrap();
    assert_eq!(printed(&doc), ["一、甲", "（一）乙", "（二）丙", "二、丁"]);
    let headings: Vec<_> = paragraphs(&doc).iter().map(|p| p.heading).collect();
    assert_eq!(headings, [Some(1), Some(2), Some(2), Some(1)]);
}

/// Exercises: a paragraph whose mark was deleted before a table is not joined to text inside
/// the table.
#[test]
fn keeps_joined_paragraph_out_of_following_table() {
    let body = format!(
        r#"<w:p><w:pPr><w:rPr><w:del w:id="1"/></w:rPr></w:pPr><w:r><w:t>表前</w:t></w:r></w:p><w:tbl><w:tr>{}</w:tr></w:tbl>"#,
        tc("", "格")
    );
    let doc = docx::read(&docx(&body, None, None)).unwrap();
    assert_eq!(printed(&doc), ["表前"]);
    assert_eq!(tables(&doc)[0].rows[0].cells[0].text, "格");
}

/// Exercises: text boxes nested in text boxes and tables nested in tables up to the depth cap
/// are read without exhausting the stack.
#[test]
fn reads_deeply_nested_boxes_and_tables() {
    let boxes = 240;
    let body = format!(
        "{}{}",
        "<w:p><w:txbxContent>".repeat(boxes),
        "</w:txbxContent></w:p>".repeat(boxes)
    );
    docx::read(&docx(&body, None, None)).unwrap();
    let tables_deep = 165;
    let body = format!(
        "{}<w:p><w:r><w:t>底</w:t></w:r></w:p>{}",
        "<w:tbl><w:tr><w:tc>".repeat(tables_deep),
        "</w:tc></w:tr></w:tbl>".repeat(tables_deep)
    );
    let doc = docx::read(&docx(&body, None, None)).unwrap();
    let mut t = tables(&doc)[0];
    let mut depth = 1;
    while let Some(inner) = t.rows[0].cells[0].nested.first() {
        t = inner;
        depth += 1;
    }
    assert_eq!(depth, tables_deep);
    assert_eq!(t.rows[0].cells[0].text, "底");
}

/// Exercises: ruby (phonetic guide) text left out, the base text kept.
#[test]
fn keeps_ruby_base_and_drops_guide() {
    let body = r#"<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>かん</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>字</w:t></w:r></w:p>"#;
    let doc = docx::read(&docx(body, None, None)).unwrap();
    assert_eq!(printed(&doc), ["漢字"]);
}
