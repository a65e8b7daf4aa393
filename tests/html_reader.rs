//! The HTML reader on a real portal page and on a GBK fixture with the merged header of a
//! report's request table: chrome left out, spans laid on the right grid columns.

use encoding_rs::GBK;
use gongkai::document::{Block, Document, Place, Table};
use gongkai::read::{ReadError, ReadOptions, html, read_path};
use std::path::Path;

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn all_paragraph_text(doc: &Document) -> String {
    doc.plain_text()
}

/// Text of the cell covering grid position (row, col), and whether it starts there.
fn at(t: &Table, row: usize, col: usize) -> (String, bool) {
    let g = t.grid();
    let r = g[row][col].expect("a cell covers the position");
    (t.cell(r).text.clone(), r.origin)
}

#[test]
fn portal_page_keeps_the_report_and_drops_the_chrome() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.page.gbk.html");
    let doc = read_path(&path, &ReadOptions::default()).expect("reads the page");
    let text = all_paragraph_text(&doc);
    for chrome in [
        "首页",
        "当前位置",
        "互动交流",
        "网站标识码",
        "索引号",
        "主办单位",
        "分享到",
        "打印本页",
        "var _hmt",
    ] {
        assert!(!text.contains(chrome), "chrome text {chrome:?} in {text}");
    }
    assert!(!text.contains('\u{FFFD}'));
    assert!(text.starts_with("山东张店经济开发区管理委员会\n2023年政府信息公开工作年度报告\n"));
    let t = tables(&doc);
    assert_eq!(
        t.len(),
        3,
        "the three report tables, not the page's meta table"
    );
    assert_eq!((t[0].rows.len(), t[0].width()), (14, 4));
    assert_eq!((t[1].rows.len(), t[1].width()), (28, 10));
    assert_eq!((t[2].rows.len(), t[2].width()), (4, 15));
    // Table 2's header: the 3×3 corner, then 总计 in the last column under a row span.
    let corner = &t[1].rows[0].cells[0];
    assert_eq!((corner.row_span, corner.col_span), (3, 3));
    assert_eq!(at(t[1], 2, 9), ("总计".to_string(), false));
    assert_eq!(at(t[1], 2, 4).0, "商业\n企业");
    // Under a 22-row and an 8-row span, the item label sits in column 3 and its values after it.
    assert_eq!(at(t[1], 8, 2).0, "2.其他法律行政法规禁止公开");
    assert_eq!(at(t[1], 8, 0), ("三、本年度办理结果".to_string(), false));
    assert_eq!(at(t[1], 10, 4), ("1".to_string(), true));
    assert_eq!(
        t[1].rows[10].cells[2].place,
        Place::TableCell {
            table: 2,
            row: 11,
            col: 5
        }
    );
    // Table 3: 未经复议直接起诉 spans five columns from column 6.
    assert_eq!(at(t[2], 1, 7), ("未经复议直接起诉".to_string(), false));
    assert_eq!(at(t[2], 2, 3), ("尚未审结".to_string(), false));
    let values: usize = t
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .flat_map(|r| &r.cells)
                .filter(|c| c.text.chars().all(|ch| ch.is_ascii_digit()) && !c.text.is_empty())
                .count()
        })
        .sum();
    assert_eq!(values, 10 + 175 + 15);
}

#[test]
fn portal_page_imports_the_same_report_as_the_text_export() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = ReadOptions::default();
    let page =
        gongkai::pipeline::analyze_path(&root.join("samples/zhangdian-2023.page.gbk.html"), &opts)
            .expect("page reads");
    let text =
        gongkai::pipeline::analyze_path(&root.join("samples/zhangdian-2023.orig.gbk.txt"), &opts)
            .expect("text reads");
    assert_eq!(page.report, text.report);
    let numbers = page
        .report
        .tables
        .values()
        .flat_map(|t| t.values())
        .flat_map(|r| r.values())
        .filter(|v| matches!(v, gongkai::model::Value::Number(_)))
        .count();
    assert_eq!(numbers, 200, "every value read as a number");
    assert_eq!(page.count(gongkai::finding::Severity::Error), 0);
}

/// The report's content from the sample page, moved into an old portal's layout table with a
/// banner, a side menu and a footer row, and saved as GBK.
fn layout_table_page() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join("samples/zhangdian-2023.page.gbk.html")).expect("sample");
    let (page, _, _) = encoding_rs::GB18030.decode(&bytes);
    let start = page
        .find("<div class=\"TRS_Editor\">")
        .expect("content start");
    let end = page.find("<div class=\"share\">").expect("content end");
    let content = &page[start..end];
    let wrapped = format!(
        "<html><head><meta charset=\"gbk\"><title>某某区</title></head><body>\
         <table width=\"1000\"><tr><td colspan=\"2\"><b>某某区人民政府门户网站</b></td></tr>\
         <tr><td width=\"200\" valign=\"top\"><p>栏目导航</p><ul><li><a href=\"/\">首页</a></li>\
         <li><a href=\"/a\">机构概况</a></li><li><a href=\"/b\">信息公开指南</a></li></ul>\
         <p>联系我们：电话 0533-0000000</p></td><td valign=\"top\">{content}</td></tr>\
         <tr><td colspan=\"2\"><p>版权所有：某某区人民政府办公室</p></td></tr></table></body></html>"
    );
    let (out, _, unmappable) = GBK.encode(&wrapped);
    assert!(!unmappable);
    out.into_owned()
}

#[test]
fn report_inside_a_layout_table_imports_like_the_text_export() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = html::read(&layout_table_page(), &ReadOptions::default()).expect("reads");
    let text = doc.plain_text();
    for chrome in [
        "某某区人民政府门户网站",
        "栏目导航",
        "联系我们",
        "版权所有",
        "机构概况",
    ] {
        assert!(!text.contains(chrome), "chrome text {chrome:?} in {text}");
    }
    assert_eq!(tables(&doc).len(), 3);
    let page = gongkai::pipeline::analyze_document(&doc);
    let txt = gongkai::pipeline::analyze_path(
        &root.join("samples/zhangdian-2023.orig.gbk.txt"),
        &ReadOptions::default(),
    )
    .expect("text reads");
    assert_eq!(page.report, txt.report);
}

/// A page as a portal serves it: GBK, a site header, a menu, a breadcrumb, the report's request
/// table header as the standard prints it, and a footer.
fn gbk_fixture() -> Vec<u8> {
    let page = r#"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>某某区人民政府</title><style>.x{color:red}</style></head>
<body>
<div id="header"><h1>某某区人民政府门户网站</h1></div>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li></ul>
<div class="position"><a href="/">首页</a> &gt; <a href="/nb">年度报告</a></div>
<div class="article">
<h1>某某区2023年政府信息公开工作年度报告</h1>
<p>　　本报告统计期限自2023年1月1日起至2023年12月31日止。</p>
<table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td rowspan="4">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>&nbsp;1&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td colspan="2">（七）总计</td><td>4</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td></tr>
</table>
<p>　　以上为申请处理情况。</p>
</div>
<footer>主办：某某区人民政府办公室</footer>
<div class="foot">网站标识码：0000000000</div>
</body></html>"#;
    let (bytes, _, unmappable) = GBK.encode(page);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn gbk_fixture_lays_the_request_header_on_the_grid() {
    let doc = html::read(&gbk_fixture(), &ReadOptions::default()).expect("reads");
    let text = all_paragraph_text(&doc);
    for chrome in ["门户网站", "首页", "政务公开", "主办", "网站标识码"] {
        assert!(!text.contains(chrome), "chrome text {chrome:?} in {text}");
    }
    assert_eq!(
        text,
        "某某区2023年政府信息公开工作年度报告\n本报告统计期限自2023年1月1日起至2023年12月31日止。\n以上为申请处理情况。\n"
    );
    let t = tables(&doc);
    assert_eq!(t.len(), 1);
    let t = t[0];
    assert_eq!(t.width(), 10);
    let header: Vec<(&str, usize, usize, usize)> = t.rows[1]
        .cells
        .iter()
        .map(|c| (c.text.as_str(), c.col, c.row_span, c.col_span))
        .collect();
    assert_eq!(
        header,
        vec![
            ("自然人", 3, 2, 1),
            ("法人或其他组织", 4, 1, 5),
            ("总计", 9, 2, 1)
        ]
    );
    let leaves: Vec<(&str, usize)> = t.rows[2]
        .cells
        .iter()
        .map(|c| (c.text.as_str(), c.col))
        .collect();
    assert_eq!(
        leaves,
        vec![
            ("商业\n企业", 4),
            ("科研\n机构", 5),
            ("社会公益组织", 6),
            ("法律服务机构", 7),
            ("其他", 8)
        ]
    );
    assert!(!at(t, 2, 0).1);
    assert_eq!(at(t, 2, 3), ("自然人".to_string(), false));
    // Row 7: two row spans from above push the item label to column 3, its first value to 4.
    assert_eq!(at(t, 6, 0), ("三、本年度办理结果".to_string(), false));
    assert_eq!(at(t, 6, 1), ("（三）不予公开".to_string(), false));
    assert_eq!(
        at(t, 6, 2),
        ("2.其他法律行政法规禁止公开".to_string(), true)
    );
    assert_eq!(at(t, 6, 3), ("1".to_string(), true));
    assert_eq!(at(t, 6, 9), ("1".to_string(), true));
    assert_eq!(at(t, 7, 1), ("（七）总计".to_string(), true));
    assert_eq!(at(t, 7, 9), ("5".to_string(), true));
}

#[test]
fn encoding_option_overrides_the_meta_declaration() {
    let opts = ReadOptions {
        encoding: Some("utf-8".into()),
        ..ReadOptions::default()
    };
    let err = html::read(&gbk_fixture(), &opts).unwrap_err();
    assert!(matches!(err, ReadError::Undecodable { .. }), "{err:?}");
    let opts = ReadOptions {
        encoding: Some("gb18030".into()),
        ..ReadOptions::default()
    };
    assert!(html::read(&gbk_fixture(), &opts).is_ok());
}

#[test]
fn undeclared_gbk_page_is_detected() {
    let page = "<html><body><p>本年度报告中所列数据的统计期限自2023年1月1日起，至2023年12月31日止。</p></body></html>";
    let (bytes, _, _) = GBK.encode(page);
    let doc = html::read(&bytes, &ReadOptions::default()).expect("reads");
    assert!(doc.plain_text().starts_with("本年度报告中所列数据"));
}

mod soup {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<th>",
        "<td rowspan=3>",
        "<td colspan=2>",
        "<td rowspan=0>",
        "<td colspan=99999 rowspan=x>",
        "<tbody>",
        "<thead>",
        "<caption>",
        "<p>",
        "</p>",
        "<br>",
        "<div class=menu>",
        "<div>",
        "</div>",
        "<a href=x>",
        "</a>",
        "<ul><li>",
        "<ol start=-9><li>",
        "</li>",
        "<script>",
        "</script>",
        "<h3>",
        "</h3>",
        "<pre>",
        "</pre>",
        "&nbsp;",
        "\u{3000}",
        "文字",
        "12",
        " ",
        "\n",
        "<meta charset=gbk>",
        "<nav>",
        "<footer>",
        "<span style='display:none'>",
    ];

    proptest! {
        #[test]
        fn any_tag_soup_reads_into_consistent_grids(
            picks in proptest::collection::vec(0..PIECES.len(), 0..120)
        ) {
            let page: String = picks.iter().map(|i| PIECES[*i]).collect();
            let doc = html::read(page.as_bytes(), &ReadOptions::default());
            prop_assert!(doc.is_ok(), "{:?}", doc.err());
            let doc = doc.unwrap_or_default();
            for t in tables(&doc) {
                let rows = t.rows.len();
                for (r, row) in t.rows.iter().enumerate() {
                    let mut last_end = 0;
                    for c in &row.cells {
                        prop_assert!(c.col >= last_end, "cells overlap in a row");
                        prop_assert!(c.row_span >= 1 && r + c.row_span <= rows);
                        prop_assert!(c.col_span >= 1);
                        last_end = c.col + c.col_span;
                    }
                }
            }
        }
    }
}

/// The seed numbered as scripts/make-html-fixture.sh numbers it: every cell its own value,
/// 1, 2, 3 … in the model's order; 自然人 of 一、本年新收 blank; the fee amount 24252.311082.
fn numbered_seed() -> gongkai::model::Report {
    use gongkai::model::Value;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut r = gongkai::pipeline::analyze_path(
        &root.join("samples/zhangdian-2023.utf8.txt"),
        &ReadOptions::default(),
    )
    .expect("seed reads")
    .report;
    let mut n = 0;
    for t in r.tables.values_mut() {
        for row in t.values_mut() {
            for v in row.values_mut() {
                n += 1;
                *v = Value::int(n);
            }
        }
    }
    assert_eq!(n, 200);
    r.set("requests", "new", "natural", Value::Blank);
    let amount = rust_decimal::Decimal::new(24_252_311_082, 6);
    r.set("active", "fees", "amount", Value::Number(amount));
    r
}

#[test]
fn gbk_portal_page_made_by_libreoffice_imports_all_200_values_in_their_cells() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/numbered-2023.gbk.html");
    let bytes = std::fs::read(&path).expect("fixture");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK");
    let doc = read_path(&path, &ReadOptions::default()).expect("reads");
    let text = all_paragraph_text(&doc);
    for chrome in [
        "淄博市张店区人民政府门户网站",
        "无障碍",
        "请输入关键字",
        "当前位置",
        "索引号",
        "分享到",
        "统计代码",
        "网站标识码",
        "主办单位",
        "— 3 —",
    ] {
        assert!(
            !text.contains(chrome),
            "chrome text {chrome:?} read as the report's"
        );
    }
    // The table 三 header as the standard prints it: the corner over 3×3, a 22-row span.
    let t = tables(&doc);
    assert_eq!(t.len(), 3);
    let corner = &t[1].rows[0].cells[0];
    assert_eq!((corner.row_span, corner.col_span), (3, 3));
    assert!(
        t[1].rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| c.row_span == 22)
    );
    let a = gongkai::pipeline::analyze_document(&doc);
    let expected = numbered_seed();
    for (table, rows) in &expected.tables {
        for (row, cols) in rows {
            for (col, v) in cols {
                assert_eq!(
                    a.report.get(table, row, col),
                    Some(v),
                    "tables.{table}.{row}.{col}"
                );
            }
        }
    }
    assert_eq!(a.report, expected);
}

#[test]
fn word_processor_page_headers_and_footers_are_not_text() {
    let page = r#"<html><body>
<div title="header"><p>某某区人民政府</p></div>
<p>正文第一段。</p>
<div style="mso-element:footer" id="f1"><p>— 1 —</p></div>
<div title="Footer"><p>— 2 —</p></div>
<p>正文第二段。</p>
</body></html>"#;
    let doc = html::read(page.as_bytes(), &ReadOptions::default()).expect("reads");
    assert_eq!(doc.plain_text(), "正文第一段。\n正文第二段。\n");
}
