//! Hostile sizes: tables of 100,000 rows, merged ranges over huge grids, a 200 MB text file,
//! a cell of 10 MB, and paths with Chinese characters and spaces.

use super::*;

// ---------------------------------------------------------------- big tables

const ROWS: usize = 100_000;

#[test]
fn table_of_100000_rows_in_text_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("一、总体情况\n\n信息内容\t本年新制作数量\t本年新公开数量\n");
    for i in 0..ROWS {
        text.push_str(&format!("第{i}项\t{i}\t{}\n", i % 7));
    }
    let file = write(dir.path(), "rows.txt", text.as_bytes());
    check(dir.path(), &file).assert_read("text table of 100,000 rows");
}

#[test]
fn table_of_100000_rows_in_html_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut page = String::from("<!DOCTYPE html><html><body><h1>一、总体情况</h1><table>");
    for i in 0..ROWS {
        page.push_str(&format!(
            "<tr><td>第{i}项</td><td>{i}</td><td>{}</td></tr>",
            i % 7
        ));
    }
    page.push_str("</table></body></html>");
    let file = write(dir.path(), "rows.html", page.as_bytes());
    check(dir.path(), &file).assert_read("html table of 100,000 rows");
}

#[test]
fn table_of_100000_rows_in_docx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut inner = String::from("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><w:tbl>");
    for i in 0..ROWS {
        inner.push_str(&docx_row([&format!("第{i}项"), &i.to_string(), "0"]));
    }
    inner.push_str("</w:tbl>");
    let file = write(
        dir.path(),
        "rows.docx",
        &zip_stored(&docx_parts(&docx_body(&inner))),
    );
    check(dir.path(), &file).assert_read("docx table of 100,000 rows");
}

#[test]
fn table_of_100000_rows_in_xlsx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = String::new();
    for i in 0..ROWS {
        rows.push_str(&sheet_row(
            i + 1,
            [&format!("第{i}项"), &i.to_string(), "0"],
        ));
    }
    let file = write(
        dir.path(),
        "rows.xlsx",
        &zip_stored(&xlsx_parts(&sheet_xml(&rows))),
    );
    check(dir.path(), &file).assert_read_through("xlsx table of 100,000 rows");
}

/// A worksheet of `rows` whose merged regions are `merges` (A1 references).
fn sheet_xml_merged(rows: &str, merges: &[String]) -> Vec<u8> {
    let list: String = merges
        .iter()
        .map(|m| format!(r#"<mergeCell ref="{m}"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData><mergeCells count="{}">{list}</mergeCells></worksheet>"#,
        merges.len()
    )
    .into_bytes()
}

/// 50,000 labels in column A, each merged over two rows and `last` columns.
fn merged_labels(last: &str) -> Vec<u8> {
    let mut rows = String::new();
    let mut merges = Vec::new();
    for i in 0..50_000 {
        let r = 2 * i + 1;
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>第{i}项</t></is></c></row>"#
        ));
        merges.push(format!("A{r}:{last}{}", r + 1));
    }
    zip_stored(&xlsx_parts(&sheet_xml_merged(&rows, &merges)))
}

#[test]
fn xlsx_with_50000_merged_ranges_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "merges.xlsx", &merged_labels("P"));
    check(dir.path(), &file).assert_read_through("xlsx with 50,000 merged ranges");
}

#[test]
fn xlsx_with_merges_over_a_billion_positions_is_refused_within_limits() {
    // Expanding the spans into a grid would take tens of GB: 50,000 merges over whole rows,
    // and a single cell merged over A1:XFD60000 (a file of 1.5 KB).
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "wide.xlsx", &merged_labels("XFD"));
    check(dir.path(), &file).assert_refused("xlsx with 50,000 whole-row merges", "安全上限");
    let one = sheet_xml_merged(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>"#,
        &["A1:XFD60000".to_string()],
    );
    let file = write(dir.path(), "one.xlsx", &zip_stored(&xlsx_parts(&one)));
    check(dir.path(), &file)
        .assert_refused("xlsx with one cell merged over A1:XFD60000", "16384 列");
}

// ---------------------------------------------------------------- big files and cells

#[test]
fn text_file_of_200_mb_is_refused_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.txt");
    {
        let f = std::fs::File::create(&path).expect("creates big.txt");
        let mut w = std::io::BufWriter::new(f);
        let line = "本年新制作数量\t1\t2\t3\n".repeat(1000);
        for _ in 0..(200 << 20) / line.len() + 1 {
            w.write_all(line.as_bytes()).expect("writes big.txt");
        }
        w.flush().expect("flushes big.txt");
    }
    let run = check(dir.path(), &path);
    run.assert_refused("200 MB text", "安全上限");
    // Refused from its first bytes, without reading it all.
    assert!(
        run.max_rss_mib < 100.0,
        "peak RSS {:.0} MiB",
        run.max_rss_mib
    );
    assert!(run.cpu_secs < 2.0, "{:.2} s of CPU", run.cpu_secs);
}

/// Ten MiB of Chinese text with digits and spaces mixed in, as one cell.
fn big_cell() -> String {
    "本年新制作数量 123 规章，".repeat(10 << 20 >> 5)
}

#[test]
fn cell_with_10_mb_of_text_in_text_file_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!("一、总体情况\n\n信息内容\t{}\t1\n规章\t0\t1\n", big_cell());
    let file = write(dir.path(), "cell.txt", text.as_bytes());
    check(dir.path(), &file).assert_read("10 MB cell in text");
}

#[test]
fn cell_with_10_mb_of_text_in_html_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = format!(
        "<!DOCTYPE html><html><body><table><tr><td>信息内容</td><td>{}</td></tr></table></body></html>",
        big_cell()
    );
    let file = write(dir.path(), "cell.html", page.as_bytes());
    check(dir.path(), &file).assert_read_through("10 MB cell in html");
}

#[test]
fn cell_with_10_mb_of_text_in_docx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inner = format!(
        "<w:tbl>{}{}</w:tbl>",
        docx_row(["信息内容", &big_cell(), "1"]),
        docx_row(["规章", "0", "1"])
    );
    let file = write(
        dir.path(),
        "cell.docx",
        &zip_stored(&docx_parts(&docx_body(&inner))),
    );
    check(dir.path(), &file).assert_read("10 MB cell in docx");
}

#[test]
fn cell_with_10_mb_of_text_in_xlsx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = format!(
        "{}{}",
        sheet_row(1, ["信息内容", &big_cell(), "1"]),
        sheet_row(2, ["规章", "0", "1"])
    );
    let file = write(
        dir.path(),
        "cell.xlsx",
        &zip_stored(&xlsx_parts(&sheet_xml(&rows))),
    );
    check(dir.path(), &file).assert_read("10 MB cell in xlsx");
}

// ---------------------------------------------------------------- paths

#[test]
fn path_with_chinese_characters_and_spaces_is_read_and_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("测试 目录");
    std::fs::create_dir(&sub).expect("creates 测试 目录");
    let seed = include_str!("../../samples/zhangdian-2023.utf8.txt");
    let file = write(&sub, "报告 一.txt", seed.as_bytes());
    let run = run_limited(
        dir.path(),
        [OsStr::new("check"), OsStr::new("测试 目录/报告 一.txt")],
        LIMITS,
    );
    run.assert_read("Chinese path");
    assert!(run.stdout.contains("报告 一.txt"), "{}", run.out());

    std::fs::create_dir(dir.path().join("输出 目录")).expect("creates 输出 目录");
    let run = run_limited(
        dir.path(),
        [
            OsStr::new("convert"),
            file.as_os_str(),
            OsStr::new("-o"),
            OsStr::new("输出 目录/报告 一.json"),
        ],
        LIMITS,
    );
    run.assert_read("Chinese output path");
    let out = dir.path().join("输出 目录").join("报告 一.json");
    let json = std::fs::read_to_string(&out).expect("writes 输出 目录/报告 一.json");
    assert!(json.contains("\"requests\""), "{json}");
}

#[test]
fn missing_file_with_chinese_name_gives_a_chinese_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = check(dir.path(), Path::new("不存在 的文件.docx"));
    run.assert_refused("missing file", "不存在");
}
