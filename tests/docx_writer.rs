//! The Word writer's output as XML: the standard tables' merged structure, every value in its
//! cell, styles (fonts, language, margins, footers), verbatim prose, and the `--template` option.

#[path = "docx_writer/xml.rs"]
mod xml;

use gongkai::model::{Report, Section, Value};
use gongkai::pipeline;
use gongkai::standard::{self, Standard};
use gongkai::write::docx::{self, Style};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use xml::{XBlock, XCell, XTable, body, unzip};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn seed() -> Report {
    pipeline::analyze_path(&sample("zhangdian-2023.orig.gbk.txt"), &Default::default())
        .expect("seed reads")
        .report
}

fn std() -> &'static Standard {
    standard::current()
}

fn export(r: &Report) -> Vec<u8> {
    docx::write(r, std(), &Style::default()).expect("docx")
}

fn blocks(r: &Report) -> Vec<XBlock> {
    body(&unzip(&export(r))["word/document.xml"])
}

fn tables(r: &Report) -> Vec<XTable> {
    blocks(r)
        .into_iter()
        .filter_map(|b| match b {
            XBlock::Table(t) => Some(t),
            XBlock::Para(..) => None,
        })
        .collect()
}

fn paragraphs(r: &Report) -> Vec<(String, String)> {
    blocks(r)
        .into_iter()
        .filter_map(|b| match b {
            XBlock::Para(s, t) => Some((s, t)),
            XBlock::Table(_) => None,
        })
        .collect()
}

fn texts(cells: &[XCell]) -> Vec<&str> {
    cells.iter().map(|c| c.text.as_str()).collect()
}

fn spans(cells: &[XCell]) -> Vec<(usize, Option<&str>)> {
    cells
        .iter()
        .map(|c| (c.span, c.vmerge.as_deref()))
        .collect()
}

/// A report where each of the 200 cells holds its own number (1001, 1002 …).
fn numbered() -> Report {
    let mut r = seed();
    let mut n = 1000;
    for t in r.tables.values_mut() {
        for row in t.values_mut() {
            for v in row.values_mut() {
                n += 1;
                *v = Value::int(n);
            }
        }
    }
    r
}

#[test]
fn table_three_header_follows_the_standard_groups() {
    let ts = tables(&seed());
    assert_eq!(ts.len(), 3);
    let t = &ts[1];
    assert_eq!(t.grid.len(), 10);
    let corner = std().table("requests").and_then(|t| t.corner.clone());
    assert_eq!(t.rows[0].cells[0].text, corner.expect("corner"));
    assert_eq!(
        spans(&t.rows[0].cells),
        vec![(3, Some("restart")), (7, None)]
    );
    assert_eq!(texts(&t.rows[0].cells)[1], "申请人情况");
    assert_eq!(
        texts(&t.rows[1].cells),
        vec!["", "自然人", "法人或其他组织", "总计"]
    );
    assert_eq!(
        spans(&t.rows[1].cells),
        vec![
            (3, Some("continue")),
            (1, Some("restart")),
            (5, None),
            (1, Some("restart"))
        ]
    );
    assert_eq!(
        texts(&t.rows[2].cells),
        vec![
            "",
            "",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            ""
        ]
    );
    assert_eq!(t.rows[2].cells[0].vmerge.as_deref(), Some("continue"));
    assert_eq!(t.rows[2].cells[7].vmerge.as_deref(), Some("continue"));
    assert_eq!(t.rows.len(), 3 + 25);
    assert!(t.rows.iter().take(3).all(|r| r.header));
    assert!(t.rows.iter().skip(3).all(|r| !r.header));
}

#[test]
fn table_three_row_labels_span_their_groups() {
    let ts = tables(&seed());
    let rows = &ts[1].rows[3..];
    // Rows without groups span the three label columns.
    assert_eq!(rows[0].cells[0].text, "一、本年新收政府信息公开申请数量");
    assert_eq!(rows[0].cells[0].span, 3);
    assert_eq!(rows[24].cells[0].text, "四、结转下年度继续办理");
    assert_eq!(rows[24].cells[0].span, 3);
    // 三、本年度办理结果 runs down 22 rows.
    assert_eq!(rows[2].cells[0].text, "三、本年度办理结果");
    assert_eq!(rows[2].cells[0].vmerge.as_deref(), Some("restart"));
    for r in &rows[3..24] {
        assert_eq!(r.cells[0].vmerge.as_deref(), Some("continue"));
    }
    assert_eq!(rows[24].cells[0].vmerge, None);
    // （一）予以公开 and （七）总计 span two columns.
    assert_eq!(
        (rows[2].cells[1].text.as_str(), rows[2].cells[1].span),
        ("（一）予以公开", 2)
    );
    assert_eq!(
        (rows[23].cells[1].text.as_str(), rows[23].cells[1].span),
        ("（七）总计", 2)
    );
    // Sub-groups （三）…（六） run down their rows.
    let sub = |first: usize, n: usize, label: &str| {
        assert_eq!(rows[first].cells[1].text, label);
        assert_eq!(rows[first].cells[1].vmerge.as_deref(), Some("restart"));
        for r in &rows[first + 1..first + n] {
            assert_eq!(r.cells[1].vmerge.as_deref(), Some("continue"));
        }
    };
    sub(4, 8, "（三）不予公开");
    sub(12, 3, "（四）无法提供");
    sub(15, 5, "（五）不予处理");
    sub(20, 3, "（六）其他处理");
    assert_eq!(rows[4].cells[2].text, "1.属于国家秘密");
    // Every data row has 3 label columns and 7 values.
    for r in rows {
        let width: usize = r.cells.iter().map(|c| c.span).sum();
        assert_eq!(width, 10);
    }
}

#[test]
fn table_two_has_a_group_row_and_a_header_per_block() {
    let ts = tables(&seed());
    let t = &ts[0];
    assert_eq!(t.grid.len(), 4);
    let rows: Vec<Vec<&str>> = t.rows.iter().map(|r| texts(&r.cells)).collect();
    assert_eq!(rows[0], vec!["第二十条第（一）项"]);
    assert_eq!(t.rows[0].cells[0].span, 4);
    assert_eq!(
        rows[1],
        vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    );
    assert_eq!(rows[2][0], "规章");
    assert_eq!(rows[4], vec!["第二十条第（五）项"]);
    assert_eq!(rows[5], vec!["信息内容", "本年处理决定数量"]);
    assert_eq!(t.rows[5].cells[1].span, 3);
    assert_eq!(rows[6][0], "行政许可");
    assert_eq!(rows[12], vec!["信息内容", "本年收费金额（单位：万元）"]);
    assert_eq!(rows[13][0], "行政事业性收费");
    assert_eq!(t.rows.len(), 14);
    for r in &t.rows {
        assert_eq!(r.cells.iter().map(|c| c.span).sum::<usize>(), 4);
    }
}

#[test]
fn table_four_header_has_review_and_litigation_blocks() {
    let ts = tables(&seed());
    let t = &ts[2];
    assert_eq!(t.grid.len(), 15);
    assert_eq!(texts(&t.rows[0].cells), vec!["行政复议", "行政诉讼"]);
    assert_eq!(spans(&t.rows[0].cells), vec![(5, None), (10, None)]);
    assert_eq!(
        texts(&t.rows[1].cells),
        vec![
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "复议后起诉"
        ]
    );
    assert!(
        t.rows[1].cells[..5]
            .iter()
            .all(|c| c.vmerge.as_deref() == Some("restart"))
    );
    assert_eq!(t.rows[1].cells[5].span, 5);
    assert_eq!(t.rows[2].cells.len(), 15);
    assert!(
        t.rows[2].cells[..5]
            .iter()
            .all(|c| c.vmerge.as_deref() == Some("continue"))
    );
    assert_eq!(t.rows[2].cells[5].text, "结果维持");
    assert_eq!(t.rows[3].cells.len(), 15);
    assert_eq!(t.rows.len(), 4);
    assert!(t.rows[..3].iter().all(|r| r.header) && !t.rows[3].header);
}

#[test]
fn every_value_is_written_once_in_its_cell() {
    let r = numbered();
    let ts = tables(&r);
    let all: Vec<&str> = ts
        .iter()
        .flat_map(|t| t.rows.iter().flat_map(|row| texts(&row.cells)))
        .collect();
    for (n, v) in (1001..=1200).zip(
        r.tables
            .values()
            .flat_map(|t| t.values().flat_map(|row| row.values())),
    ) {
        assert_eq!(v, &Value::int(n));
        let s = n.to_string();
        assert_eq!(all.iter().filter(|t| **t == s).count(), 1, "value {s}");
    }
    // Row new of table 三 holds its seven values after the label, in column order.
    let new = &ts[1].rows[3].cells;
    let natural = r.get("requests", "new", "natural").expect("cell").display();
    let total = r.get("requests", "new", "total").expect("cell").display();
    assert_eq!(new[1].text, natural);
    assert_eq!(new[7].text, total);
    // Table 四's data row: review first, then the two litigation blocks.
    let data = &ts[2].rows[3].cells;
    assert_eq!(
        data[0].text,
        r.get("appeals", "review", "upheld")
            .expect("cell")
            .display()
    );
    assert_eq!(
        data[14].text,
        r.get("appeals", "litigation_after_review", "total")
            .expect("cell")
            .display()
    );
}

#[test]
fn blank_cells_stay_empty_and_text_values_are_kept() {
    let mut r = seed();
    r.set("requests", "new", "natural", Value::Blank);
    r.set("requests", "new", "commercial", Value::Text("/".into()));
    let amount = Decimal::from_str("24252.311082").expect("decimal");
    r.set("active", "fees", "amount", Value::Number(amount));
    let ts = tables(&r);
    assert_eq!(ts[1].rows[3].cells[1].text, "");
    assert_eq!(ts[1].rows[3].cells[2].text, "/");
    assert_eq!(ts[0].rows[13].cells[1].text, "24252.311082");
}

#[test]
fn tables_fit_the_text_block_with_fixed_widths() {
    let width = Style::default().text_width_twips();
    for t in tables(&seed()) {
        assert!(t.fixed);
        assert_eq!(t.grid.iter().sum::<u32>(), width);
        assert!(t.grid.iter().all(|w| *w >= 300), "{:?}", t.grid);
    }
}

#[test]
fn fonts_are_set_for_every_script_and_language_is_chinese() {
    let parts = unzip(&export(&seed()));
    let styles = &parts["word/styles.xml"];
    let fonts: Vec<&str> = styles.split("<w:rFonts ").skip(1).collect();
    assert!(fonts.len() >= 6);
    for f in fonts {
        let f = &f[..f.find("/>").expect("closed")];
        for slot in ["w:ascii=", "w:hAnsi=", "w:eastAsia=", "w:cs="] {
            assert!(f.contains(slot), "{slot} missing in {f}");
        }
    }
    assert!(styles.contains("w:eastAsia=\"zh-CN\""));
    let s = Style::default();
    assert!(styles.contains(&format!("w:eastAsia=\"{}\"", s.body.font)));
    assert!(styles.contains(&format!("w:eastAsia=\"{}\"", s.title.font)));
    assert!(styles.contains(&format!("w:eastAsia=\"{}\"", s.heading1.font)));
    assert!(styles.contains(&format!("w:eastAsia=\"{}\"", s.heading2.font)));
    // 三号 body on a fixed 28.9 pt pitch, 10.5 pt tables.
    assert!(styles.contains("<w:sz w:val=\"32\"/>"));
    assert!(styles.contains("w:line=\"578\" w:lineRule=\"exact\""));
    assert!(styles.contains("<w:sz w:val=\"21\"/>"));
    assert!(parts["word/fontTable.xml"].contains(&s.body.font));
}

#[test]
fn page_size_and_margins_come_from_the_style() {
    let parts = unzip(&export(&seed()));
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(
        doc.contains("<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\"")
    );
    let src = docx::style::DEFAULT_TEMPLATE.replace("margin_top_mm = 37", "margin_top_mm = 25.4");
    let style = Style::from_toml(&src).expect("template");
    let bytes = docx::write(&seed(), std(), &style).expect("docx");
    assert!(unzip(&bytes)["word/document.xml"].contains("<w:pgMar w:top=\"1440\""));
}

#[test]
fn footers_number_pages_odd_right_even_left() {
    let parts = unzip(&export(&seed()));
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("<w:footerReference w:type=\"even\""));
    assert!(doc.contains("<w:footerReference w:type=\"default\""));
    for (part, side) in [("word/footer1.xml", "right"), ("word/footer2.xml", "left")] {
        let f = &parts[part];
        assert!(f.contains(&format!("<w:jc w:val=\"{side}\"/>")), "{part}");
        assert!(f.contains(" PAGE "), "{part}");
        assert!(f.contains(">— </w:t>") && f.contains("> —</w:t>"), "{part}");
    }
}

#[test]
fn every_part_is_well_formed_and_declared() {
    let parts = unzip(&export(&seed()));
    let types = &parts["[Content_Types].xml"];
    for (name, text) in &parts {
        let mut reader = quick_xml::Reader::from_str(text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
        if name.ends_with(".xml") && name != "[Content_Types].xml" {
            assert!(types.contains(&format!("PartName=\"/{name}\"")), "{name}");
        }
    }
    assert!(parts.contains_key("word/theme/theme1.xml"));
}

#[test]
fn prose_is_written_verbatim_and_sub_headings_get_level_two() {
    let mut r = seed();
    r.sections[0].paragraphs = vec![
        "（一）主动公开方面".into(),
        "含 <标记> & “引号” 的段落\n第二行\t制表".into(),
    ];
    let ps = paragraphs(&r);
    let at = ps
        .iter()
        .position(|(_, t)| t == "（一）主动公开方面")
        .expect("sub-heading");
    assert_eq!(ps[at].0, "Heading2");
    assert_eq!(ps[at + 1].0, "Normal");
    assert_eq!(ps[at + 1].1, "含 <标记> & “引号” 的段落\n第二行\t制表");
}

#[test]
fn headings_are_numbered_by_the_standard_and_unknown_sections_continue() {
    let mut r = seed();
    r.sections.push(Section {
        id: None,
        heading: "附件说明".into(),
        paragraphs: vec!["附件一份。".into()],
        other_tables: vec![vec![vec!["甲".into(), "乙".into()], vec!["丙".into()]]],
    });
    let bs = blocks(&r);
    let headings: Vec<&str> = bs
        .iter()
        .filter_map(|b| match b {
            XBlock::Para(s, t) if s == "Heading1" => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let expected: Vec<String> = std()
        .sections
        .iter()
        .zip(&r.sections)
        .map(|(d, s)| format!("{}、{}", d.number, s.heading))
        .chain(["七、附件说明".to_string()])
        .collect();
    assert_eq!(headings, expected);
    // The other table closes the document: two columns, the short row's cell spanning both.
    let last = bs
        .iter()
        .rev()
        .find_map(|b| match b {
            XBlock::Table(t) => Some(t),
            XBlock::Para(..) => None,
        })
        .expect("a table");
    assert_eq!(last.grid.len(), 2);
    assert_eq!(texts(&last.rows[0].cells), vec!["甲", "乙"]);
    assert_eq!(spans(&last.rows[1].cells), vec![(2, None)]);
}

#[test]
fn title_is_printed_as_organ_line_and_year_line() {
    let ps = paragraphs(&seed());
    assert_eq!(
        ps[0],
        ("Title".into(), "山东张店经济开发区管理委员会".into())
    );
    assert_eq!(
        ps[1],
        ("Title".into(), "2023年政府信息公开工作年度报告".into())
    );
    assert!(ps[2].1.starts_with("本年度报告中所列数据的统计期限"));
    assert_eq!(ps[3], ("Heading1".into(), "一、总体情况".into()));
}

#[test]
fn tables_of_missing_sections_are_still_written() {
    let mut r = numbered();
    r.sections.retain(|s| s.id.as_deref() != Some("appeals"));
    let ts = tables(&r);
    assert_eq!(ts.len(), 3);
    assert_eq!(texts(&ts[2].rows[0].cells), vec!["行政复议", "行政诉讼"]);
}

fn run_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn convert_uses_the_template_given_on_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = dir.path().join("style.toml");
    let src = docx::style::DEFAULT_TEMPLATE
        .replace("font = \"黑体\"", "font = \"微软雅黑\"")
        .replace("margin_left_mm = 28", "margin_left_mm = 30");
    std::fs::write(&template, src).expect("write template");
    let out = dir.path().join("out.docx");
    let seed = sample("zhangdian-2023.orig.gbk.txt");
    let o = run_cli(&[
        "convert",
        seed.to_str().expect("utf-8 path"),
        "--to",
        "docx",
        "--template",
        template.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{o:?}");
    let parts = unzip(&std::fs::read(&out).expect("output"));
    assert!(parts["word/styles.xml"].contains("w:eastAsia=\"微软雅黑\""));
    assert!(parts["word/document.xml"].contains("w:left=\"1701\""));
}

#[test]
fn convert_rejects_a_broken_template_with_a_chinese_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = dir.path().join("style.toml");
    std::fs::write(&template, "[page]\nwidth_mm = 210\n").expect("write template");
    let seed = sample("zhangdian-2023.orig.gbk.txt");
    let o = run_cli(&[
        "convert",
        seed.to_str().expect("utf-8 path"),
        "--to",
        "docx",
        "--template",
        template.to_str().expect("utf-8 path"),
        "-o",
        dir.path().join("x.docx").to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Word 样式模板"), "{err}");
    assert!(!dir.path().join("x.docx").exists());
}

/// The `w:style` element of styles.xml with the given id.
fn style_xml<'a>(styles: &'a str, id: &str) -> &'a str {
    let at = styles
        .find(&format!("w:styleId=\"{id}\""))
        .unwrap_or_else(|| panic!("style {id}"));
    let end = styles[at..].find("</w:style>").expect("closed") + at;
    &styles[at..end]
}

#[test]
fn paragraph_styles_follow_the_official_layout() {
    let parts = unzip(&export(&seed()));
    let styles = &parts["word/styles.xml"];
    let fonts = |f: &str| {
        format!("<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/>")
    };
    // Body: 仿宋_GB2312 三号 on a fixed pitch, first line indented two characters, justified.
    let body = style_xml(styles, "Normal");
    assert!(body.contains(&fonts("仿宋_GB2312")), "{body}");
    assert!(body.contains("<w:sz w:val=\"32\"/>"), "{body}");
    assert!(
        body.contains("w:line=\"578\" w:lineRule=\"exact\""),
        "{body}"
    );
    assert!(
        body.contains("<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"),
        "{body}"
    );
    assert!(body.contains("<w:jc w:val=\"both\"/>"), "{body}");
    // Title: 方正小标宋简体 二号, centred, no indent.
    let title = style_xml(styles, "Title");
    assert!(title.contains(&fonts("方正小标宋简体")), "{title}");
    assert!(title.contains("<w:sz w:val=\"44\"/>"), "{title}");
    assert!(title.contains("<w:jc w:val=\"center\"/>"), "{title}");
    assert!(!title.contains("<w:ind "), "{title}");
    // Headings: 黑体 and 楷体_GB2312 三号, outline levels 1 and 2, kept with what follows.
    for (id, font, level) in [("Heading1", "黑体", 0), ("Heading2", "楷体_GB2312", 1)] {
        let h = style_xml(styles, id);
        assert!(h.contains(&fonts(font)), "{h}");
        assert!(h.contains("<w:sz w:val=\"32\"/>"), "{h}");
        assert!(
            h.contains(&format!("<w:outlineLvl w:val=\"{level}\"/>")),
            "{h}"
        );
        assert!(h.contains("<w:keepNext/>"), "{h}");
        assert!(h.contains("w:firstLineChars=\"200\""), "{h}");
    }
    // Table text: smaller type, centred.
    let cell = style_xml(styles, "TableText");
    assert!(cell.contains("<w:sz w:val=\"21\"/>"), "{cell}");
    assert!(cell.contains("<w:jc w:val=\"center\"/>"), "{cell}");
    // Page numbers: 宋体 四号.
    let footer = style_xml(styles, "Footer");
    assert!(footer.contains(&fonts("宋体")), "{footer}");
    assert!(footer.contains("<w:sz w:val=\"28\"/>"), "{footer}");
    // The language of the defaults, so Word picks Chinese fonts.
    assert!(styles.contains("<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\""));
}

#[test]
fn every_table_has_borders_on_every_cell_and_left_aligned_row_labels() {
    let doc = &unzip(&export(&seed()))["word/document.xml"];
    let parts: Vec<&str> = doc.split("<w:tbl>").skip(1).collect();
    assert_eq!(parts.len(), 3);
    for t in parts {
        let props = &t[..t.find("</w:tblPr>").expect("tblPr")];
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            assert!(
                props.contains(&format!("<w:{side} w:val=\"single\" w:sz=\"4\"")),
                "{side} border missing: {props}"
            );
        }
        // No cell switches its borders off.
        assert!(!t.contains("<w:tcBorders>"));
    }
    // Row labels are left-aligned, numbers take the table style's centring.
    let ts = tables(&seed());
    let row = &ts[1].rows[3];
    assert_eq!(row.cells[0].text, "一、本年新收政府信息公开申请数量");
    let at = doc.find("一、本年新收政府信息公开申请数量").expect("label");
    let cell_start = doc[..at].rfind("<w:tc>").expect("cell");
    assert!(doc[cell_start..at].contains("<w:jc w:val=\"left\"/>"));
    let value_start = at + doc[at..].find("<w:tc>").expect("next cell");
    let value_end = value_start + doc[value_start..].find("</w:tc>").expect("end");
    assert!(!doc[value_start..value_end].contains("<w:jc "));
}
