//! Batch commands end to end: `convert`/`check` over a folder of mixed inputs, `collect` and
//! `merge`, run as the real binary in a temporary folder.
//!
//! The inputs are generated from the bundled sample reports: the organ renamed and every table
//! number multiplied by a factor (the standard's rules are sums, so a multiple of a consistent
//! report is consistent), written in GB18030, UTF-8 or UTF-16 and in the samples' layouts, plus
//! gongkai's own JSON, and two copies of the bundled Word samples. Generated Word and Excel inputs
//! join in by themselves once gongkai can write and read them back ([`round_trip_formats`]).

use gongkai::model::{Report, Value};
use gongkai::pipeline::analyze_path;
use gongkai::standard;
use gongkai::write::{self, Format};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLES: [&str; 4] = [
    "zhangdian-2023.orig.gbk.txt",
    "zhangdian-2023.tika.gbk.txt",
    "zhangdian-2023.savetext.gbk.txt",
    "zhangdian-2023.notepad.utf16.txt",
];
const ORGAN: &str = "山东张店经济开发区管理委员会";

fn sample_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let bytes = std::fs::read(&path).expect("sample exists");
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(&bytes);
        assert!(!bad);
        text.into_owned()
    } else {
        let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
        assert!(!bad);
        text.into_owned()
    }
}

/// A report text: `organ` instead of the sample's, every table number (a line holding only
/// digits) times `k`, every "2023" replaced by `year`.
fn variant(sample: &str, organ: &str, k: u64, year: i32) -> String {
    let text = sample_text(sample).replace(ORGAN, organ);
    let text = text.replace("2023", &year.to_string());
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\r', '\n']);
        let ending = &line[body.len()..];
        let digits = body.trim_matches([' ', '\t']);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let n: u64 = digits.parse().expect("digits");
            let lead = &body[..body.len() - body.trim_start_matches([' ', '\t']).len()];
            out.push_str(lead);
            out.push_str(&(n * k).to_string());
            out.push_str(ending);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Text bytes in one of three encodings.
fn encode(text: &str, which: usize) -> Vec<u8> {
    match which % 3 {
        0 => encoding_rs::GB18030.encode(text).0.into_owned(),
        1 => text.as_bytes().to_vec(),
        _ => {
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = bin();
    for a in args {
        c.arg(a);
    }
    c.output().expect("runs gongkai")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes one generated report of kind `ext` (txt, json, docx, xlsx) at `path`.
fn write_report(path: &Path, ext: &str, text: &str, n: usize) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    if ext == "txt" {
        std::fs::write(path, encode(text, n)).expect("write text");
        return;
    }
    let staging = path.with_extension("staging.txt");
    std::fs::write(&staging, encode(text, n)).expect("write staging");
    let a = analyze_path(&staging, &Default::default()).expect("staging reads");
    std::fs::remove_file(&staging).expect("rm staging");
    let format: Format = ext.parse().expect("format");
    let bytes = write::write(&a.report, &a.findings, format).expect("writes");
    std::fs::write(path, bytes).expect("write report");
}

/// The input kinds that gongkai writes and reads back with the same table values: text and
/// JSON always; Word and Excel once their writers and readers are in.
fn round_trip_formats(dir: &Path) -> Vec<&'static str> {
    let mut kinds = vec!["txt", "json"];
    let text = variant(SAMPLES[0], "往返单位", 3, 2023);
    let staging = dir.join("probe.txt");
    std::fs::write(&staging, text).expect("write probe");
    let original = analyze_path(&staging, &Default::default()).expect("probe reads");
    for (ext, format) in [("docx", Format::Docx), ("xlsx", Format::Xlsx)] {
        let Ok(bytes) = write::write(&original.report, &original.findings, format) else {
            continue;
        };
        let file = dir.join(format!("probe.{ext}"));
        std::fs::write(&file, bytes).expect("write probe");
        if analyze_path(&file, &Default::default())
            .is_ok_and(|back| back.report.tables == original.report.tables)
        {
            kinds.push(ext);
        }
    }
    eprintln!("batch inputs use: {kinds:?}");
    kinds
}

/// The folder of 50 inputs: 49 readable reports (one pair sharing a name) and one corrupt file.
/// Returns the input folder and the relative output names expected for `--to json`.
fn fifty_inputs(root: &Path) -> (PathBuf, Vec<PathBuf>) {
    let probe = root.join("probe");
    std::fs::create_dir_all(&probe).expect("mkdir");
    let kinds = round_trip_formats(&probe);
    let input = root.join("in");
    let mut expected = Vec::new();
    // Until gongkai writes Word files, two inputs are the bundled Word samples themselves.
    let word_copies: &[&str] = if kinds.contains(&"docx") {
        &[]
    } else {
        &["zhangdian-2023.lo.docx", "zhangdian-2023.pydocx.docx"]
    };
    for (n, name) in word_copies.iter().enumerate() {
        let rel = PathBuf::from(format!("部门/word{n}.docx"));
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name);
        std::fs::create_dir_all(input.join("部门")).expect("mkdir");
        std::fs::copy(sample, input.join(&rel)).expect("copy sample");
        expected.push(rel.with_extension("json"));
    }
    for n in 0..47 - word_copies.len() {
        // Every folder gets every kind (n / 3 walks the kinds independently of the folder, n % 3).
        let ext = kinds[(n / 3) % kinds.len()];
        let folder = match n % 3 {
            0 => "部门",
            1 => "乡镇/东区",
            _ => "乡镇/西区",
        };
        let rel = PathBuf::from(folder).join(format!("r{n:02}.{ext}"));
        let text = variant(
            SAMPLES[n % 4],
            &format!("测试单位{n:02}"),
            n as u64 + 1,
            2023,
        );
        write_report(&input.join(&rel), ext, &text, n);
        expected.push(rel.with_extension("json"));
    }
    for (n, ext) in [(47, "txt"), (48, "json")] {
        let text = variant(SAMPLES[n % 4], &format!("同名单位{n}"), 2, 2023);
        write_report(&input.join(format!("同名/报告.{ext}")), ext, &text, n);
        expected.push(PathBuf::from(format!("同名/报告.{ext}.json")));
    }
    std::fs::write(
        input.join("部门/损坏.json"),
        b"{\"format\": \"gov-2021\", \"meta\": {",
    )
    .expect("write corrupt");
    std::fs::write(input.join("说明.md"), "不是报告").expect("write md");
    expected.sort();
    (input, expected)
}

/// Every file below `dir`, relative, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("inside").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

#[test]
fn converts_folder_reporting_the_corrupt_file_and_writing_the_other_49() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (input, expected) = fifty_inputs(tmp.path());
    let before = snapshot(&input);
    let out = tmp.path().join("out");
    let o = run(&[
        &"convert", &input, &"--to", &"json", &"-o", &out, &"-j", &"2",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("损坏.json"), "{err}");
    assert!(err.contains("失败 1 份"), "{err}");
    assert!(err.contains("写出 49 个文件"), "{err}");
    assert!(
        !err.contains("预计剩余"),
        "no progress bar when stderr is not a terminal"
    );
    let written: Vec<PathBuf> = snapshot(&out).into_keys().collect();
    assert_eq!(written, expected);
    assert_eq!(snapshot(&input), before, "inputs are never modified");
    let same_txt = std::fs::read_to_string(out.join("同名/报告.txt.json")).expect("read");
    let same_json = std::fs::read_to_string(out.join("同名/报告.json.json")).expect("read");
    assert!(same_txt.contains("同名单位47") && same_json.contains("同名单位48"));
}

#[test]
fn second_run_without_force_writes_nothing_and_says_why() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (input, _) = fifty_inputs(tmp.path());
    let out = tmp.path().join("out");
    run(&[&"convert", &input, &"-o", &out]);
    // Mark one output so that a rewrite would show.
    let marked = out.join("部门/r00.json");
    std::fs::write(&marked, "marked").expect("mark");
    let first = snapshot(&out);
    let o = run(&[&"convert", &input, &"-o", &out]);
    let err = stderr(&o);
    assert!(err.contains("写出 0 个文件"), "{err}");
    assert!(err.contains("跳过 49 个输出文件"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(err.contains("r00.json：文件已存在"), "{err}");
    assert_eq!(
        snapshot(&out),
        first,
        "nothing rewritten, no temporary files left"
    );
    let o = run(&[&"convert", &input, &"-o", &out, &"--force"]);
    assert!(stderr(&o).contains("写出 49 个文件"), "{}", stderr(&o));
    let rewritten = std::fs::read_to_string(&marked).expect("read");
    assert!(rewritten.contains("测试单位00"));
}

#[test]
fn single_output_file_is_kept_without_force_and_never_replaces_its_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("a.json");
    write_report(&input, "json", &variant(SAMPLES[0], "甲单位", 1, 2023), 0);
    let original = std::fs::read(&input).expect("read");
    let out = tmp.path().join("b.json");
    std::fs::write(&out, "old").expect("write");
    let o = run(&[&"convert", &input, &"-o", &out]);
    // An output kept because it exists: exit 3, as in folder mode.
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "old");
    let o = run(&[&"convert", &input, &"-o", &out, &"--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("甲单位")
    );
    let o = run(&[&"convert", &input, &"-o", &input, &"--force"]);
    // Never over an input: not written, exit 3, as in folder mode.
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(std::fs::read(&input).expect("read"), original);
}

#[test]
fn output_folder_inside_the_input_folder_is_not_read_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    let text = variant(SAMPLES[0], "甲单位", 1, 2023);
    write_report(&input.join("a.txt"), "txt", &text, 0);
    let out = input.join("out");
    for _ in 0..2 {
        let o = run(&[&"convert", &input, &"-o", &out]);
        assert!(stderr(&o).contains("共 1 份"), "{}", stderr(&o));
    }
    assert_eq!(snapshot(&out).len(), 1);
}

#[test]
fn glob_patterns_are_expanded_by_gongkai_and_mirror_below_their_base() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (input, _) = fifty_inputs(tmp.path());
    let out = tmp.path().join("globbed");
    let pattern = input.join("乡镇").join("**").join("*.TXT");
    let o = run(&[&"convert", &pattern, &"-o", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written: Vec<PathBuf> = snapshot(&out).into_keys().collect();
    let wanted: Vec<PathBuf> = snapshot(&input.join("乡镇"))
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.with_extension("json"))
        .collect();
    assert!(!wanted.is_empty());
    assert_eq!(written, wanted);
}

#[test]
fn check_exit_code_follows_the_worst_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    for (n, sample) in SAMPLES.iter().take(3).enumerate() {
        let text = variant(sample, &format!("单位{n}"), n as u64 + 1, 2023);
        write_report(&dir.join(format!("r{n}.txt")), "txt", &text, n);
    }
    let o = run(&[&"check", &dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("共 3 份"));
    // One number changed alone breaks a sum rule.
    let broken = sample_text(SAMPLES[0]).replacen("\t1\n", "\t7\n", 1);
    std::fs::write(dir.join("broken.txt"), broken).expect("write");
    let o = run(&[&"check", &dir]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    std::fs::write(dir.join("empty.docx"), b"").expect("write");
    let o = run(&[&"check", &dir]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("empty.docx"), "{}", stderr(&o));
}

/// Splits CSV text (RFC 4180 quoting) into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The value at a dotted JSON path, as the CSV prints it ("" for null).
fn json_at(json: &serde_json::Value, path: &str) -> String {
    let mut v = json;
    for part in path.split('.') {
        v = &v[part];
    }
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn collect_has_49_rows_equal_to_each_files_own_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (input, _) = fifty_inputs(tmp.path());
    let csv = tmp.path().join("汇总.csv");
    let o = run(&[&"collect", &input, &"-o", &csv]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("损坏.json"));
    let bytes = std::fs::read(&csv).expect("csv written");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with BOM");
    let text = String::from_utf8(bytes).expect("utf-8");
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    // One header row of ids, as pandas.read_csv and R expect.
    assert_eq!(rows.len(), 1 + 49);
    let ids = &rows[0];
    assert_eq!(ids[..3], ["file", "meta.organ", "meta.year"]);
    // The labels are in the columns' dictionary.
    let dictionary = std::fs::read_to_string(tmp.path().join("汇总.columns.csv")).expect("dict");
    let dictionary = parse_csv(dictionary.trim_start_matches('\u{feff}'));
    assert_eq!(dictionary[0], ["id", "label"]);
    assert!(dictionary[1..].iter().map(|r| &r[0]).eq(ids.iter()));
    let labels: Vec<String> = dictionary[1..].iter().map(|r| r[1].clone()).collect();
    let std = standard::current();
    let value_ids: Vec<&String> = ids.iter().filter(|i| i.starts_with("tables.")).collect();
    assert_eq!(value_ids.len(), std.cell_count());
    let total = ids
        .iter()
        .position(|i| i == "tables.requests.new.total")
        .expect("id row");
    assert_eq!(
        labels[total],
        std.cell_labels("requests", "new", "total")
            .split(" · ")
            .skip(1)
            .collect::<Vec<_>>()
            .join(" · ")
    );
    for (n, row) in rows[1..].iter().enumerate() {
        let single = tmp.path().join(format!("single{n}.json"));
        let o = run(&[&"convert", &row[0], &"--to", &"json", &"-o", &single]);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&single).expect("read")).expect("json");
        for (id, field) in ids.iter().zip(row) {
            if id.starts_with("tables.") || id.starts_with("meta.") || id == "format" {
                assert_eq!(field, &json_at(&json, id), "{} {id}", row[0]);
            }
        }
    }
    let findings = std::fs::read(tmp.path().join("汇总.findings.csv")).expect("findings csv");
    assert!(findings.starts_with("\u{feff}文件,规则,级别".as_bytes()));
    // --labels: the Chinese labels as a row above the ids.
    let labelled = tmp.path().join("带表头.csv");
    let o = run(&[&"collect", &input, &"-o", &labelled, &"--labels"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let text = std::fs::read_to_string(&labelled).expect("csv written");
    let two = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!((two.len(), &two[0], &two[1]), (2 + 49, &labels, ids));
}

#[test]
fn collect_csv_reads_into_pandas_with_numeric_value_columns() {
    let probe = Command::new("python3")
        .args(["-c", "import pandas"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with pandas is not installed");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    for (n, sample) in SAMPLES.iter().enumerate() {
        let text = variant(sample, &format!("单位{n}"), n as u64 + 2, 2023);
        write_report(&dir.join(format!("r{n}.txt")), "txt", &text, n);
    }
    let csv = tmp.path().join("x.csv");
    let o = run(&[&"collect", &dir, &"-o", &csv]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let script = "import sys, pandas\n\
d = pandas.read_csv(sys.argv[1])\n\
print(len(d), d['meta.year'].dtype, d['tables.requests.new.total'].dtype, d['tables.requests.new.total'].sum())";
    let o = Command::new("python3")
        .args([&"-c" as &dyn AsRef<std::ffi::OsStr>, &script, &csv].map(|a| a.as_ref().to_owned()))
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let fields: Vec<&str> = out.split_whitespace().collect();
    assert_eq!(fields[..3], ["4", "int64", "int64"], "{out}");
    assert!(fields[3].parse::<i64>().is_ok_and(|s| s > 0), "{out}");
}

#[test]
fn collect_workbook_has_reports_findings_and_totals() {
    use calamine::{Data, DataType as _, Reader, Xlsx};
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    for (n, sample) in SAMPLES.iter().enumerate() {
        let text = variant(sample, &format!("单位{n}"), n as u64 + 2, 2023);
        write_report(&dir.join(format!("r{n}.txt")), "txt", &text, n);
    }
    let xlsx = tmp.path().join("汇总.xlsx");
    let o = run(&[&"collect", &dir, &"-o", &xlsx]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx).expect("opens");
    assert_eq!(wb.sheet_names(), vec!["报告", "问题清单", "合计"]);
    let reports = wb.worksheet_range("报告").expect("sheet");
    let rows: Vec<&[Data]> = reports.rows().collect();
    assert_eq!(rows.len(), 2 + 4);
    let col = rows[1]
        .iter()
        .position(|d| d.get_string() == Some("tables.requests.new.total"))
        .expect("id row");
    let sum: f64 = rows[2..]
        .iter()
        .map(|r| r[col].as_f64().expect("number"))
        .sum();
    assert!(sum > 0.0);
    let totals = wb.worksheet_range("合计").expect("sheet");
    let line = totals
        .rows()
        .find(|r| r[0].get_string() == Some("tables.requests.new.total"))
        .expect("totals row");
    assert_eq!(line[2].as_f64(), Some(sum));
    // The totals are formulas over the 报告 sheet, their results cached.
    let formulas = wb.worksheet_formula("合计").expect("formulas");
    let (y, _) = (totals.rows())
        .enumerate()
        .find(|(_, r)| r[0].get_string() == Some("tables.requests.new.total"))
        .expect("totals row");
    let letter = rust_xlsxwriter::utility::column_number_to_name(col as u16);
    let f = formulas.get_value((y as u32, 2)).expect("formula");
    assert_eq!(f, &format!("SUM(报告!{letter}3:{letter}6)"));
    // 报告 prints landscape with its two header rows and the organ column on every page, and
    // keeps its panes frozen at the organ column.
    let parts = package_parts(&xlsx);
    let text = |name: &str| String::from_utf8_lossy(&parts[name]).into_owned();
    let sheet = text("xl/worksheets/sheet1.xml");
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("topLeftCell=\"C3\""), "frozen panes");
    assert!(text("xl/workbook.xml").contains("报告!$B:$B,报告!$1:$2"));
}

fn report_of(path: &Path) -> Report {
    analyze_path(path, &Default::default())
        .expect("reads")
        .report
}

#[test]
fn merge_of_three_equals_the_cellwise_sum_and_passes_check() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    for (n, k) in [2u64, 3, 5].into_iter().enumerate() {
        let text = variant(SAMPLES[n], &format!("部门{n}"), k, 2023);
        let path = tmp.path().join(format!("部门{n}.txt"));
        write_report(&path, "txt", &text, n);
        let o = run(&[&"check", &path]);
        assert_eq!(o.status.code(), Some(0), "input passes check");
        files.push(path);
    }
    let merged = tmp.path().join("本级.json");
    let o = run(&[
        &"merge",
        &files[0],
        &files[1],
        &files[2],
        &"--organ",
        &"某某县人民政府",
        &"--year",
        &"2023",
        &"--to",
        &"json",
        &"-o",
        &merged,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = Report::from_json(&std::fs::read_to_string(&merged).expect("read")).expect("json");
    let inputs: Vec<Report> = files.iter().map(|f| report_of(f)).collect();
    let mut nonzero = 0;
    for (t, rows) in &m.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                let parts: Vec<&Value> = inputs
                    .iter()
                    .map(|i| i.get(t, r, c).expect("cell"))
                    .collect();
                let expected = if parts.iter().all(|p| p.is_blank()) {
                    Value::Blank
                } else {
                    Value::Number(parts.iter().map(|p| p.numeric().expect("number")).sum())
                };
                assert_eq!(v, &expected, "{t}.{r}.{c}");
                nonzero += usize::from(v.numeric().is_some_and(|d| d > Decimal::ZERO));
            }
        }
    }
    assert!(nonzero > 0);
    assert_eq!(m.meta.organ.as_deref(), Some("某某县人民政府"));
    let overview = m.section("overview").expect("overview");
    assert_eq!(
        overview.paragraphs,
        vec!["（本部分由本级机关填写）".to_string()]
    );
    let o = run(&[&"check", &merged]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn merge_refuses_other_years_unless_allowed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a.txt");
    let b = tmp.path().join("b.txt");
    write_report(&a, "txt", &variant(SAMPLES[0], "甲", 1, 2023), 0);
    write_report(&b, "txt", &variant(SAMPLES[1], "乙", 1, 2022), 1);
    let out = tmp.path().join("m.json");
    let args: Vec<std::ffi::OsString> = vec![
        "merge".into(),
        a.into(),
        b.into(),
        "--organ".into(),
        "县".into(),
        "--year".into(),
        "2023".into(),
        "--to".into(),
        "json".into(),
        "-o".into(),
        out.clone().into(),
    ];
    let o = bin().args(&args).output().expect("runs");
    // A refused merge is not an unreadable input: exit 4.
    assert_eq!(o.status.code(), Some(4));
    assert!(stderr(&o).contains("2022年"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = bin()
        .args(&args)
        .arg("--allow-mixed")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.exists());
}

/// A fixture of tests/fixtures/checks (the seed edited), copied into `dir`.
fn checks_fixture(dir: &Path, name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checks")
        .join(name);
    let to = dir.join(name);
    std::fs::copy(&from, &to).expect("copy fixture");
    to
}

/// (file name, rule) of every cross_year finding of a collect run's findings CSV.
fn cross_year_findings(csv: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(csv.with_file_name("汇总.findings.csv")).expect("findings");
    parse_csv(text.trim_start_matches('\u{feff}'))
        .into_iter()
        .skip(1)
        .filter(|r| r[1].starts_with("cross_year"))
        .map(|r| {
            let file = Path::new(&r[0])
                .file_name()
                .map(|f| f.to_string_lossy().into_owned());
            (file.unwrap_or_default(), format!("{} {}", r[1], r[3]))
        })
        .collect()
}

#[test]
fn collect_compares_consecutive_years_of_one_organ() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).expect("mkdir");
    // 2023 carries over nothing; the 2022 report carried 1 (商业企业) forward.
    checks_fixture(&dir, "base.txt");
    checks_fixture(&dir, "previous_inconsistent.txt");
    let csv = tmp.path().join("汇总.csv");
    let o = run(&[&"collect", &dir, &"-o", &csv]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want = |rule: &str| -> Vec<(String, String)> {
        ["commercial", "total"]
            .iter()
            .map(|c| {
                (
                    "base.txt".to_string(),
                    format!("{rule} tables.requests.carried_over.{c}"),
                )
            })
            .collect()
    };
    assert_eq!(cross_year_findings(&csv), want("cross_year.carried_over"));
    let text = std::fs::read_to_string(&csv).expect("csv");
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    let rules = rows[0]
        .iter()
        .position(|i| i == "rules")
        .expect("rules column");
    let base = rows
        .iter()
        .find(|r| r[0].ends_with("base.txt"))
        .expect("base row");
    assert_eq!(base[rules], "cross_year.carried_over");

    let o = run(&[
        &"collect",
        &dir,
        &"-o",
        &csv,
        &"--force",
        &"--allow",
        &"cross_year",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(cross_year_findings(&csv).is_empty());
}

#[test]
fn collect_leaves_consistent_or_unrelated_years_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).expect("mkdir");
    checks_fixture(&dir, "base.txt");
    checks_fixture(&dir, "previous_consistent.txt");
    // The inconsistent 2022 report under another organ's name: not this organ's last year.
    let other = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/checks/previous_inconsistent.txt"),
    )
    .expect("fixture");
    assert!(other.contains(ORGAN));
    let other = other.replace(ORGAN, "淄博市张店区某某局");
    std::fs::write(dir.join("other.txt"), other).expect("write");
    let csv = tmp.path().join("汇总.csv");
    let o = run(&[&"collect", &dir, &"-o", &csv]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(cross_year_findings(&csv).is_empty());
}

/// The parts of a written .docx/.xlsx with their bytes, but for the creation time in
/// `docProps/core.xml`.
fn package_parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("open package");
    let mut zip = zip::ZipArchive::new(file).expect("a zip package");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        let name = part.name().expect("part name").to_string();
        if name == "docProps/core.xml" {
            continue;
        }
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).expect("read part");
        out.insert(name, bytes);
    }
    out
}

#[test]
fn one_report_written_in_three_formats_side_by_side_equals_one_at_a_time() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("报告.json");
    write_report(&input, "json", &variant(SAMPLES[0], "甲单位", 3, 2023), 0);
    let side_by_side = tmp.path().join("two");
    let one_by_one = tmp.path().join("one");
    for (out, jobs) in [(&side_by_side, "2"), (&one_by_one, "1")] {
        let o = run(&[
            &"convert",
            &input,
            &"--to",
            &"json,docx,xlsx",
            &"-o",
            out,
            &"-j",
            &jobs,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains("写出 3 个文件"), "{}", stderr(&o));
    }
    let names = |dir: &Path| snapshot(dir).into_keys().collect::<Vec<_>>();
    assert_eq!(names(&side_by_side), names(&one_by_one));
    assert_eq!(
        std::fs::read(side_by_side.join("报告.json")).expect("json"),
        std::fs::read(one_by_one.join("报告.json")).expect("json")
    );
    for ext in ["docx", "xlsx"] {
        let name = format!("报告.{ext}");
        assert_eq!(
            package_parts(&side_by_side.join(&name)),
            package_parts(&one_by_one.join(&name)),
            "{name}"
        );
    }
}

#[test]
fn one_existing_output_is_skipped_while_the_other_formats_are_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("a.json");
    write_report(&input, "json", &variant(SAMPLES[0], "甲单位", 1, 2023), 0);
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("a.docx"), "old").expect("write");
    let o = run(&[&"convert", &input, &"--to", &"xlsx,docx,json", &"-o", &out]);
    let err = stderr(&o);
    assert!(err.contains("写出 2 个文件"), "{err}");
    assert!(err.contains("a.docx：文件已存在"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("a.docx")).expect("read"),
        "old"
    );
    assert!(out.join("a.xlsx").exists() && out.join("a.json").exists());
}
