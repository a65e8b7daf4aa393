//! Spreadsheet reader: workbooks made here with rust_xlsxwriter for each layout, plus the
//! LibreOffice samples of the seed report.

use gongkai::document::{Block, Document, Place, Table};
use gongkai::read::sheet::{self, FormulaCell};
use gongkai::read::{Kind, ReadError, ReadOptions, read_path};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Saves the workbook in a temp dir and reads the file back with the sheet reader (one table
/// per sheet; the registry's `read_path` also splits prose rows off, see the end-to-end test).
fn save_and_read(wb: &mut Workbook) -> Document {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.xlsx");
    wb.save(&path).expect("save workbook");
    let bytes = std::fs::read(&path).expect("read file");
    assert_eq!(gongkai::read::sniff(&bytes, None), Kind::Xlsx);
    sheet::read(&bytes, Kind::Xlsx).expect("read workbook")
}

fn read_sample(name: &str) -> Document {
    let bytes = std::fs::read(sample(name)).expect("sample");
    let kind = gongkai::read::sniff(&bytes, None);
    sheet::read(&bytes, kind).expect("read sample")
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

/// One line per row: `text@col` with `rN`/`cN` for spans, cells separated by ` | `.
fn render(t: &Table) -> Vec<String> {
    t.rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    let mut s = format!("{}@{}", c.text.replace('\n', "\\n"), c.col);
                    if c.row_span > 1 {
                        s.push_str(&format!(" r{}", c.row_span));
                    }
                    if c.col_span > 1 {
                        s.push_str(&format!(" c{}", c.col_span));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

fn at(sheet: &str, row: usize, col: usize) -> Place {
    Place::SheetCell {
        sheet: sheet.into(),
        row,
        col,
    }
}

#[test]
fn reads_one_table_per_sheet_with_wrapped_headers() {
    let mut wb = Workbook::new();
    let s1 = wb.add_worksheet().set_name("主动公开").expect("name");
    s1.write_string(0, 0, "信息内容").expect("w");
    s1.write_string(0, 1, "本年\n制发件数").expect("w");
    s1.write_string(1, 0, "规章").expect("w");
    s1.write_number(1, 1, 3).expect("w");
    let s2 = wb.add_worksheet().set_name("申请").expect("name");
    s2.write_string(2, 1, "自然人").expect("w");
    s2.write_number(3, 1, 12).expect("w");
    let doc = save_and_read(&mut wb);

    let ts = tables(&doc);
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].name.as_deref(), Some("主动公开"));
    assert_eq!(
        render(ts[0]),
        ["信息内容@0 | 本年\\n制发件数@1", "规章@0 | 3@1"]
    );
    assert_eq!(ts[0].rows[1].cells[1].place, at("主动公开", 2, 2));
    assert_eq!(ts[1].name.as_deref(), Some("申请"));
    assert_eq!(render(ts[1]), ["自然人@0", "12@0"]);
    assert_eq!(ts[1].place, at("申请", 3, 2));
    assert_eq!(ts[1].rows[1].cells[0].place, at("申请", 4, 2));
    assert!(doc.notes.is_empty(), "{:?}", doc.notes);
}

#[test]
fn keeps_blank_rows_between_tables_stacked_in_one_sheet() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_string(0, 0, "表一").expect("w");
    s.write_number(1, 0, 1).expect("w");
    s.write_string(4, 0, "表二").expect("w");
    s.write_number(5, 1, 2).expect("w");
    s.write_string(7, 0, "表三").expect("w");
    // Formatting far away without values must not stretch the table.
    s.write_blank(30, 10, &Format::new().set_bold()).expect("w");
    let doc = save_and_read(&mut wb);

    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    assert_eq!(
        render(ts[0]),
        ["表一@0", "1@0", "", "", "表二@0", "2@1", "", "表三@0"]
    );
    assert_eq!(ts[0].width(), 2);
}

#[test]
fn keeps_repeated_labels_when_nothing_is_merged() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    for (r, (a, b, v)) in [
        ("本年度办理结果", "予以公开", 5),
        ("本年度办理结果", "部分公开", 0),
        ("本年度办理结果", "不予公开", 2),
    ]
    .into_iter()
    .enumerate()
    {
        let r = r as u32;
        s.write_string(r, 0, a).expect("w");
        s.write_string(r, 1, b).expect("w");
        s.write_number(r, 2, v).expect("w");
    }
    let doc = save_and_read(&mut wb);

    let t = tables(&doc)[0];
    assert_eq!(
        render(t),
        [
            "本年度办理结果@0 | 予以公开@1 | 5@2",
            "本年度办理结果@0 | 部分公开@1 | 0@2",
            "本年度办理结果@0 | 不予公开@1 | 2@2",
        ]
    );
    assert!(
        t.rows
            .iter()
            .flat_map(|r| &r.cells)
            .all(|c| c.row_span == 1 && c.col_span == 1)
    );
}

#[test]
fn keeps_numbers_stored_as_text_as_written() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_string(0, 0, "0件").expect("w");
    s.write_string(0, 1, "/").expect("w");
    s.write_string(0, 2, "1,234").expect("w");
    s.write_string(0, 3, "007").expect("w");
    s.write_string(0, 4, "").expect("w");
    s.write_string(0, 5, "12.50").expect("w");
    let doc = save_and_read(&mut wb);

    assert_eq!(
        render(tables(&doc)[0]),
        ["0件@0 | /@1 | 1,234@2 | 007@3 | 12.50@5"]
    );
}

#[test]
fn prints_numbers_as_the_cell_shows_them() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_number(0, 0, 0.1 + 0.2).expect("w");
    s.write_number(0, 1, 96171.6).expect("w");
    s.write_number(0, 2, 24252.311082).expect("w");
    s.write_number(0, 3, 12.0).expect("w");
    s.write_number(0, 4, -3.5).expect("w");
    s.write_number(0, 5, 1_000_000_000.0).expect("w");
    s.write_number(0, 6, 0.07).expect("w");
    s.write_boolean(1, 0, true).expect("w");
    let date = ExcelDateTime::from_ymd(2023, 12, 31).expect("date");
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    s.write_datetime_with_format(1, 1, &date, &date_format)
        .expect("w");
    let stamp = ExcelDateTime::from_ymd(2024, 1, 2)
        .expect("date")
        .and_hms(8, 30, 0)
        .expect("time");
    let stamp_format = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    s.write_datetime_with_format(1, 2, &stamp, &stamp_format)
        .expect("w");
    let doc = save_and_read(&mut wb);

    assert_eq!(
        render(tables(&doc)[0]),
        [
            "0.3@0 | 96171.6@1 | 24252.311082@2 | 12@3 | -3.5@4 | 1000000000@5 | 0.07@6",
            "TRUE@0 | 2023-12-31@1 | 2024-01-02 08:30:00@2",
        ]
    );
}

#[test]
fn uses_cached_formula_results() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("合计").expect("name");
    s.write_number(0, 0, 1).expect("w");
    s.write_number(0, 1, 2).expect("w");
    s.write_formula(0, 2, Formula::new("=SUM(A1:B1)").set_result("3"))
        .expect("w");
    s.write_formula(1, 0, Formula::new("=A1/10").set_result("0.1"))
        .expect("w");
    s.write_formula(1, 1, Formula::new("=\"共\"&A1").set_result("共1"))
        .expect("w");
    let doc = save_and_read(&mut wb);

    assert_eq!(
        render(tables(&doc)[0]),
        ["1@0 | 2@1 | 3@2", "0.1@0 | 共1@1"]
    );
    assert!(doc.notes.is_empty(), "{:?}", doc.notes);
}

#[test]
fn reports_formula_error_values_with_a_note() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_number(0, 0, 0).expect("w");
    s.write_formula(0, 1, Formula::new("=1/A1").set_result("#DIV/0!"))
        .expect("w");
    let doc = save_and_read(&mut wb);

    assert_eq!(render(tables(&doc)[0]), ["0@0 | #DIV/0!@1"]);
    assert_eq!(doc.notes.len(), 1);
    assert_eq!(doc.notes[0].place, at("Sheet1", 1, 2));
    assert!(doc.notes[0].message.contains("#DIV/0!"));
}

/// Removes the cached `<v>` of every formula cell of the first sheet, as openpyxl and other
/// generators write formulas.
fn strip_formula_results(bytes: &[u8]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let re = regex::Regex::new(r"</f><v>[^<]*</v>").expect("regex");
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).expect("utf8");
            data = re
                .replace_all(&xml, "</f>")
                .replace(" t=\"str\"", "")
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

#[test]
fn notes_formulas_without_a_saved_result_and_reads_them_empty() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_number(0, 0, 4).expect("w");
    s.write_formula(0, 1, Formula::new("=A1*2").set_result("8"))
        .expect("w");
    s.write_formula(1, 1, "=SUM(A1:B1)").expect("w");
    let bytes = strip_formula_results(&wb.save_to_buffer().expect("save"));
    let doc = sheet::read(&bytes, Kind::Xlsx).expect("read");

    // The formula cells keep their position with empty text; nothing reads as 0.
    assert_eq!(render(tables(&doc)[0]), ["4@0 | @1", "@1"]);
    assert_eq!(doc.notes.len(), 2, "{:?}", doc.notes);
    assert_eq!(doc.notes[0].place, at("Sheet1", 1, 2));
    assert!(doc.notes[0].message.contains("=A1*2"));
    assert!(doc.notes[1].message.contains("=SUM(A1:B1)"));
    for n in &doc.notes {
        assert!(n.message.contains("没有保存计算结果"), "{}", n.message);
        assert!(n.message.contains("Excel 或 WPS"), "{}", n.message);
    }
}

#[test]
fn notes_placeholder_zero_results_of_generated_workbooks() {
    // rust_xlsxwriter writes 0 as the result of a formula without one, and asks Excel to
    // recalculate on load: the 0 was never computed.
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_number(0, 0, 5).expect("w");
    s.write_formula(0, 1, "=A1+1").expect("w");
    s.write_formula(0, 2, Formula::new("=A1*2").set_result("10"))
        .expect("w");
    let doc = save_and_read(&mut wb);

    assert_eq!(render(tables(&doc)[0]), ["5@0 | 0@1 | 10@2"]);
    assert_eq!(doc.notes.len(), 1, "{:?}", doc.notes);
    assert_eq!(doc.notes[0].place, at("Sheet1", 1, 2));
    assert!(doc.notes[0].message.contains("=A1+1"));
    assert!(doc.notes[0].message.contains("可能从未计算"));
}

#[test]
fn lists_formulas_with_their_cells() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("表三").expect("name");
    s.write_number(0, 0, 1).expect("w");
    s.write_formula(0, 1, Formula::new("=A1+1").set_result("2"))
        .expect("w");
    let h = wb.add_worksheet().set_name("隐藏").expect("name");
    h.write_formula(4, 2, "=表三!B1*2").expect("w");
    h.set_hidden(true);
    let bytes = wb.save_to_buffer().expect("save");

    let got = sheet::formulas(&bytes, Kind::Xlsx).expect("formulas");
    assert_eq!(
        got,
        [
            FormulaCell {
                sheet: "表三".into(),
                row: 1,
                col: 2,
                formula: "A1+1".into()
            },
            FormulaCell {
                sheet: "隐藏".into(),
                row: 5,
                col: 3,
                formula: "表三!B1*2".into()
            },
        ]
    );
}

#[test]
fn reads_values_and_formulas_of_visible_sheets_in_one_go() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("表三").expect("name");
    s.write_number(0, 0, 1).expect("w");
    s.write_formula(0, 1, Formula::new("=A1+1").set_result("2"))
        .expect("w");
    s.write_formula(3, 0, "=SUM(A1:B1)").expect("w");
    let h = wb.add_worksheet().set_name("隐藏").expect("name");
    h.write_formula(4, 2, "=表三!B1*2").expect("w");
    h.set_hidden(true);
    let xlsx = wb.save_to_buffer().expect("save");
    let filled = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled-template.openpyxl.xlsx"),
    )
    .expect("fixture");
    let xls = std::fs::read(sample("zhangdian-2023.lo.xls")).expect("sample");
    for (bytes, kind) in [
        (&xlsx, Kind::Xlsx),
        (&filled, Kind::Xlsx),
        (&xls, Kind::Xls),
    ] {
        let (doc, formulas) = sheet::read_with_formulas(bytes, kind).expect("read");
        assert_eq!(doc, sheet::read(bytes, kind).expect("read"));
        let visible: Vec<&str> = tables(&doc)
            .iter()
            .filter_map(|t| t.name.as_deref())
            .collect();
        let listed: Vec<FormulaCell> = sheet::formulas(bytes, kind)
            .expect("formulas")
            .into_iter()
            .filter(|f| visible.contains(&f.sheet.as_str()))
            .collect();
        assert_eq!(formulas, listed);
    }
    let (_, formulas) = sheet::read_with_formulas(&xlsx, Kind::Xlsx).expect("read");
    assert_eq!(formulas.len(), 2, "{formulas:?}");
    let (_, formulas) = sheet::read_with_formulas(&filled, Kind::Xlsx).expect("read");
    assert!(!formulas.is_empty(), "the template's totals are formulas");
}

#[test]
fn turns_merged_header_regions_into_spans() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let f = Format::new();
    s.merge_range(0, 0, 2, 0, "（本列数据的勾稽关系）", &f)
        .expect("m");
    s.merge_range(0, 1, 0, 3, "申请人情况", &f).expect("m");
    s.merge_range(1, 1, 2, 1, "自然人", &f).expect("m");
    s.merge_range(1, 2, 1, 3, "法人或其他组织", &f).expect("m");
    s.write_string(2, 2, "商业企业").expect("w");
    s.write_string(2, 3, "科研机构").expect("w");
    s.write_string(3, 0, "新收").expect("w");
    for c in 1..4 {
        s.write_number(3, c, f64::from(c)).expect("w");
    }
    // An empty merged region inside the table keeps its origin cell.
    s.merge_range(4, 1, 4, 2, "", &f).expect("m");
    s.write_string(4, 3, "尾").expect("w");
    let doc = save_and_read(&mut wb);

    let t = tables(&doc)[0];
    assert_eq!(
        render(t),
        [
            "（本列数据的勾稽关系）@0 r3 | 申请人情况@1 c3",
            "自然人@1 r2 | 法人或其他组织@2 c2",
            "商业企业@2 | 科研机构@3",
            "新收@0 | 1@1 | 2@2 | 3@3",
            "@1 c2 | 尾@3",
        ]
    );
    assert_eq!(t.rows[1].cells[1].place, at("Sheet1", 2, 3));
}

#[test]
fn drops_values_hidden_under_a_merge() {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.merge_range(0, 0, 0, 2, "标题", &Format::new())
        .expect("m");
    s.write_string(0, 1, "藏在合并区域里").expect("w");
    s.write_number(1, 0, 1).expect("w");
    let doc = save_and_read(&mut wb);

    assert_eq!(render(tables(&doc)[0]), ["标题@0 c3", "1@0"]);
}

#[test]
fn skips_hidden_sheets_with_a_note_and_empty_and_chart_sheets_silently() {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("可见")
        .expect("name")
        .write_string(0, 0, "看得见")
        .expect("w");
    let h = wb.add_worksheet().set_name("隐藏页").expect("name");
    h.write_string(0, 0, "看不见").expect("w");
    h.set_hidden(true);
    wb.add_worksheet().set_name("空白").expect("name");
    let mut chart = rust_xlsxwriter::Chart::new_column();
    chart.add_series().set_values("可见!$A$1:$A$1");
    wb.add_chartsheet()
        .set_name("图表")
        .expect("name")
        .insert_chart(0, 0, &chart)
        .expect("chart");
    let doc = save_and_read(&mut wb);

    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].name.as_deref(), Some("可见"));
    assert_eq!(doc.notes.len(), 1);
    assert!(doc.notes[0].message.contains("隐藏页"));
}

/// Fastest of three reads, in seconds.
fn fastest_read(bytes: &[u8]) -> f64 {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            sheet::read(bytes, Kind::Xlsx).expect("read");
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn reads_many_merged_regions_in_bounded_time() {
    // 10,000 merged regions against the same cells unmerged: merges may cost the second pass
    // over the sheet that lists them, no more (the grid's unit test pins the sweep itself).
    let f = Format::new();
    let mut merged = Workbook::new();
    let mut plain = Workbook::new();
    let (m, p) = (merged.add_worksheet(), plain.add_worksheet());
    for i in 0..10_000u32 {
        m.merge_range(i * 2, 0, i * 2 + 1, 3, "合并", &f)
            .expect("m");
        p.write_string(i * 2, 0, "合并").expect("w");
        for c in 1..4 {
            p.write_blank(i * 2, c, &f).expect("w");
            p.write_blank(i * 2 + 1, c - 1, &f).expect("w");
        }
        p.write_blank(i * 2 + 1, 3, &f).expect("w");
    }
    let merged = merged.save_to_buffer().expect("save");
    let plain = plain.save_to_buffer().expect("save");
    let (t_merged, t_plain) = (fastest_read(&merged), fastest_read(&plain));
    assert!(
        t_merged < 3.0 * t_plain + 0.2,
        "merged {t_merged:.3} s vs plain {t_plain:.3} s"
    );

    let doc = sheet::read(&merged, Kind::Xlsx).expect("read");
    let t = tables(&doc)[0];
    assert_eq!(t.rows.len(), 20_000);
    assert_eq!(render(t)[18_000], "合并@0 r2 c4");
    assert_eq!(render(t)[18_001], "");
}

#[test]
fn rejects_a_word_document_named_xlsx() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.xlsx");
    let file = std::fs::File::create(&path).expect("create");
    docx_rs::Docx::new()
        .add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text("正文")))
        .build()
        .pack(file)
        .expect("pack");
    let bytes = std::fs::read(&path).expect("read");
    match sheet::read(&bytes, Kind::Xlsx) {
        Err(e @ ReadError::WrongKind { .. }) => assert!(e.to_string().contains("Word"), "{e}"),
        other => panic!("expected WrongKind, got {other:?}"),
    }
}

#[test]
fn reports_a_truncated_workbook_as_corrupt() {
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "内容").expect("w");
    let bytes = wb.save_to_buffer().expect("save");
    for cut in [bytes.len() / 2, bytes.len() - 30, 100] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cut.xlsx");
        std::fs::write(&path, &bytes[..cut]).expect("write");
        match read_path(&path, &ReadOptions::default()) {
            Err(ReadError::Corrupt { .. }) => {}
            other => panic!("cut at {cut}: expected Corrupt, got {other:?}"),
        }
    }
}

#[test]
fn rejects_an_encrypted_package() {
    // An OLE container holding an EncryptedPackage stream, as Excel saves with a password.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    bytes.resize(2048, 0);
    for kind in [Kind::Xlsx, Kind::Xls] {
        match sheet::read(&bytes, kind) {
            Err(ReadError::Encrypted { .. }) => {}
            other => panic!("expected Encrypted, got {other:?}"),
        }
    }
}

/// A minimal OpenDocument spreadsheet with one visible and one hidden sheet.
fn minimal_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2">
<office:automatic-styles>
<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="表格" table:style-name="ta1">
<table:table-row>
<table:table-cell office:value-type="string"><text:p>信息内容</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="0.30000000000000004"><text:p>0.3</text:p></table:table-cell>
</table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row>
<table:table-cell table:number-columns-repeated="2"/>
<table:table-cell office:value-type="float" office:value="17"><text:p>17</text:p></table:table-cell>
</table:table-row>
</table:table>
<table:table table:name="隐藏" table:style-name="ta2">
<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).expect("start");
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("write");
    out.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("start");
    out.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .expect("write");
    out.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .expect("start");
    // Written on one line as office suites do (calamine's ODS parser expects no whitespace
    // between row and cell elements).
    out.write_all(content.replace('\n', "").as_bytes())
        .expect("write");
    out.finish().expect("finish").into_inner()
}

#[test]
fn reads_ods_sheets_without_merges() {
    let bytes = minimal_ods();
    assert_eq!(gongkai::read::sniff(&bytes, None), Kind::Ods);
    let doc = sheet::read(&bytes, Kind::Ods).expect("read");
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].name.as_deref(), Some("表格"));
    assert_eq!(render(ts[0]), ["信息内容@0 | 0.3@1", "", "", "17@2"]);
    assert_eq!(ts[0].rows[3].cells[0].place, at("表格", 4, 3));
    assert_eq!(doc.notes.len(), 1);
    assert!(doc.notes[0].message.contains("隐藏"));
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// The seed report as LibreOffice wrote it: the whole report on one sheet, 27 grid columns.
fn check_seed_workbook(doc: &Document) {
    let ts = tables(doc);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!(t.name.as_deref(), Some("Sheet1"));
    assert_eq!(t.rows.len(), 83);
    assert_eq!(t.width(), 27);
    let lines = render(t);
    assert_eq!(lines[0], "山东张店经济开发区管理委员会@0 c27");
    assert_eq!(lines[1], "2023年政府信息公开工作年度报告@0 c27");
    assert_eq!(lines[16], "第二十条第（一）项@0 c27");
    assert_eq!(
        lines[17],
        "信息内容@0 c6 | 本年制发件数@6 c7 | 本年废止件数@13 c7 | 现行有效件数@20 c7"
    );
    assert_eq!(lines[18], "规章@0 c6 | 0@6 c7 | 0@13 c7 | 0@20 c7");
    assert_eq!(
        lines[32],
        "自然人@8 r2 c3 | 法人或其他组织@11 c13 | 总计@24 r2 c3"
    );
    assert_eq!(
        lines[33],
        "商业\\n企业@11 c2 | 科研\\n机构@13 c3 | 社会公益组织@16 c2 | 法律服务机构@18 c4 | 其他@22 c2"
    );
    assert_eq!(
        lines[34],
        "一、本年新收政府信息公开申请数量@0 c8 | 0@8 c3 | 1@11 c2 | 0@13 c3 | 0@16 c2 | 0@18 c4 | 0@22 c2 | 1@24 c3"
    );
    assert_eq!(
        lines[41],
        "4.保护第三方合法权益@5 c3 | 0@8 c3 | 1@11 c2 | 0@13 c3 | 0@16 c2 | 0@18 c4 | 0@22 c2 | 1@24 c3"
    );
    assert!(lines[36].starts_with("三、本年度办理结果@0 r22 c2 | （一）予以公开@2 c6 | "));
    assert_eq!(
        lines[61],
        "结果维持@0 r2 | 结果纠正@1 r2 c2 | 其他结果@3 r2 | 尚未审结@4 r2 c3 | 总计@7 r2 c2 | 未经复议直接起诉@9 c8 | 复议后起诉@17 c9"
    );
    assert!(lines[31].starts_with(
        "（本列数据的勾稽关系为：第一项加第二项之和，\\n等于第三项加第四项之和）@0 r3 c8"
    ));
    // The 200 numbers of the three statistics tables, all whole counts.
    let numbers: Vec<&str> = t.rows[17..64]
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.text.as_str())
        .filter(|s| s.parse::<u32>().is_ok())
        .collect();
    assert_eq!(numbers.len(), 200);
    assert_eq!(numbers.iter().filter(|s| **s == "1").count(), 6);
    assert_eq!(t.rows[32].cells[2].place, at("Sheet1", 33, 25));
    assert!(doc.notes.is_empty(), "{:?}", doc.notes);
}

#[test]
fn reads_the_seed_report_written_by_libreoffice_as_xlsx() {
    check_seed_workbook(&read_sample("zhangdian-2023.lo.xlsx"));
}

#[test]
fn reads_the_seed_report_written_by_libreoffice_as_xls() {
    check_seed_workbook(&read_sample("zhangdian-2023.lo.xls"));
}

#[test]
fn reads_the_same_document_from_xlsx_and_xls() {
    assert_eq!(
        read_sample("zhangdian-2023.lo.xlsx"),
        read_sample("zhangdian-2023.lo.xls")
    );
}

#[test]
fn reads_the_merged_regions_of_an_ods_file_from_its_content() {
    // calamine reports no merges for .ods: they come from content.xml, in calamine's positions.
    let xlsx = read_sample("zhangdian-2023.lo.xlsx");
    let ods = read_sample("zhangdian-2023.lo.ods");
    let (x, o) = (tables(&xlsx)[0], tables(&ods)[0]);
    assert_eq!(render(o), render(x));
    assert_eq!(o.rows[17].cells[1].place, x.rows[17].cells[1].place);
}

#[test]
fn seed_workbooks_convert_with_all_values_and_no_findings() {
    for name in [
        "zhangdian-2023.lo.xlsx",
        "zhangdian-2023.lo.xls",
        "zhangdian-2023.lo.ods",
    ] {
        let doc = read_path(&sample(name), &ReadOptions::default()).expect("read");
        // Title, headings and prose rows (one cell across the sheet) come out as paragraphs.
        let first = doc.blocks.first().expect("blocks");
        assert!(
            matches!(first, Block::Paragraph(p) if p.text == "山东张店经济开发区管理委员会"),
            "{first:?}"
        );
        let analysis = gongkai::pipeline::analyze_document(&doc);
        let report = &analysis.report;
        assert_eq!(
            report.meta.organ.as_deref(),
            Some("山东张店经济开发区管理委员会")
        );
        assert_eq!(report.meta.year, Some(2023));
        let values: Vec<String> = report
            .tables
            .values()
            .flat_map(|t| t.values())
            .flat_map(|r| r.values())
            .filter(|v| !v.is_blank())
            .map(|v| v.display())
            .collect();
        assert_eq!(values.len(), 200, "{name}");
        assert_eq!(values.iter().filter(|v| *v == "1").count(), 6, "{name}");
        // Notes of severity info (the seed's long 总体情况, "原则上" 1,000 字) are not findings.
        let problems: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| f.severity != gongkai::finding::Severity::Info)
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
}
