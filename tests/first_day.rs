//! What a new user meets on the first day (issue 18, points 1–6), run as the real binary in a
//! temporary folder: no file passed over in silence, the same report given twice, a memo that is
//! not a report, wrong bytes under a report's name, exit codes, summaries that name names.
//!
//! The report is the bundled seed (`samples/`); the PDFs are the seed's LibreOffice export
//! (`tests/fixtures/first_day/`) and an image-only PDF built here. Whether PDFs are read depends
//! on the readers registered: the tests only ask that every file is accounted for.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED_DOCX: &str = "samples/zhangdian-2023.lo.docx";
const SEED_TXT: &str = "samples/zhangdian-2023.orig.gbk.txt";
const SEED_PDF: &str = "tests/fixtures/first_day/zhangdian-2023.lo.pdf";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// An empty folder `name` under `root`.
fn folder(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// The seed report's text (GB18030 on disk).
fn seed_text() -> String {
    let bytes = std::fs::read(repo(SEED_TXT)).expect("read");
    encoding_rs::GB18030.decode(&bytes).0.into_owned()
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    for a in args {
        c.arg(a);
    }
    c.output().expect("runs gongkai")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `merge INPUTS --organ 某某区 --year 2023 --to json -o OUT EXTRA…`.
fn merge_to_json(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.arg("merge").args(inputs);
    c.args(["--organ", "某某区", "--year", "2023", "--to", "json", "-o"]);
    c.arg(out).args(extra);
    c.output().expect("runs gongkai")
}

/// A PDF of one page holding one grey image and no text: what a scanner gives.
fn image_only_pdf() -> Vec<u8> {
    let (w, h) = (32usize, 32usize);
    let pixels: Vec<u8> = (0..w * h).map(|i| (i % 251) as u8).collect();
    let content = b"q 200 0 0 200 100 500 cm /Im1 Do Q".to_vec();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(&content);
    stream.extend(b"\nendstream");
    objects.push(stream);
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>\nstream\n",
        pixels.len()
    )
    .into_bytes();
    image.extend(&pixels);
    image.extend(b"\nendstream");
    objects.push(image);
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

const MEMO: &str = "关于报送2023年度政府信息公开工作年度报告的通知\n\
各镇人民政府、街道办事处，区政府各部门：\n\
请于2024年1月20日前报送本单位2023年度政府信息公开工作年度报告，逾期不报的予以通报。\n\
某某区人民政府办公室\n2024年1月5日\n";

/// The folder of the issue: a report, the same report as text, two PDFs (one image only), a
/// note in Markdown, Word's lock file and a memo. Returns the folder and its file names.
fn first_day_folder(root: &Path) -> (PathBuf, Vec<&'static str>) {
    let dir = folder(root, "收到的报告");
    let copy = |from: &str, to: &str| {
        std::fs::copy(repo(from), dir.join(to)).expect("copy");
    };
    copy(SEED_DOCX, "张店开发区2023.docx");
    copy(SEED_TXT, "张店开发区2023副本.txt");
    copy(SEED_PDF, "张店开发区2023.pdf");
    std::fs::write(dir.join("扫描件.pdf"), image_only_pdf()).expect("write");
    std::fs::write(dir.join("说明.md"), "# 说明\n各单位报告汇总。\n").expect("write");
    std::fs::write(
        dir.join("~$开发区2023.docx"),
        b"\x0bAdministrator\x00\x00\x00\x00",
    )
    .expect("write");
    std::fs::write(dir.join("通知.txt"), MEMO).expect("write");
    let names = vec![
        "张店开发区2023.docx",
        "张店开发区2023副本.txt",
        "张店开发区2023.pdf",
        "扫描件.pdf",
        "说明.md",
        "~$开发区2023.docx",
        "通知.txt",
    ];
    (dir, names)
}

/// The numbers of a summary's first line: (共 N 份, 已读取, 失败, 另跳过).
fn counts(summary: &str) -> (usize, usize, usize, usize) {
    let line = summary
        .lines()
        .find(|l| l.starts_with("共 "))
        .unwrap_or_else(|| panic!("no summary line in {summary}"));
    let number_after = |mark: &str| -> usize {
        line.split(mark)
            .nth(1)
            .map(|rest| {
                rest.trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|d| d.parse().ok())
            .unwrap_or(0)
    };
    (
        number_after("共"),
        number_after("已读取"),
        number_after("失败"),
        number_after("另跳过"),
    )
}

/// Every file of the folder is read, failed with a reason or skipped with a reason: the counts
/// add up, and every file not read is named.
fn assert_accounts_for_every_file(out: &str, names: &[&str]) {
    let (total, read, failed, skipped) = counts(out);
    assert_eq!(total, read + failed, "{out}");
    assert_eq!(total + skipped, names.len(), "{out}");
    // The .md and Word's lock file; both PDFs are read (the scan then fails with its reason).
    assert_eq!(skipped, 2, "the .md and the lock file are skipped: {out}");
    let named = names.iter().filter(|n| out.contains(*n)).count();
    assert!(named >= failed + skipped, "{out}");
    for must in ["说明.md", "~$开发区2023.docx", "通知.txt"] {
        assert!(out.contains(must), "{must} not named in {out}");
    }
}

#[test]
fn every_command_accounts_for_every_file_of_the_first_day_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (dir, names) = first_day_folder(tmp.path());

    let o = run(&[&"check", &dir]);
    let out = text(&o);
    assert_accounts_for_every_file(&out, &names);
    assert!(
        out.contains("通知.txt：错误：这不是政府信息公开工作年度报告"),
        "{out}"
    );
    assert!(out.contains("该 PDF 是扫描图片，没有文字层"), "{out}");
    assert!(
        out.contains("张店开发区2023.pdf：山东张店经济开发区管理委员会"),
        "{out}"
    );
    assert!(out.contains("重复的报告"), "{out}");
    assert_eq!(o.status.code(), Some(2), "the memo is not a report: {out}");

    let dest = tmp.path().join("输出");
    let o = run(&[&"convert", &dir, &"-o", &dest]);
    let out = text(&o);
    assert_accounts_for_every_file(&out, &names);
    assert!(out.contains(&format!("写到 {}", dest.display())), "{out}");
    assert!(!dest.join("通知.json").exists(), "no output for a memo");
    // Both copies converted, and said to be the same report (as check says).
    assert!(out.contains("重复的报告 1 组"), "{out}");
    assert_eq!(o.status.code(), Some(2), "{out}");

    let csv = tmp.path().join("汇总.csv");
    let o = run(&[&"collect", &dir, &"-o", &csv]);
    let out = text(&o);
    assert_accounts_for_every_file(&out, &names);
    let data = std::fs::read_to_string(&csv).expect("csv written");
    assert!(!data.contains("通知.txt"), "no data-set row for a memo");
    assert!(data.contains("batch.duplicate"), "duplicates are marked");
    assert_eq!(o.status.code(), Some(2), "{out}");

    let merged = tmp.path().join("合计.json");
    let o = merge_to_json(&[&dir], &merged, &[]);
    let out = text(&o);
    for must in [
        "说明.md",
        "~$开发区2023.docx",
        "通知.txt",
        "张店开发区2023副本.txt",
    ] {
        assert!(out.contains(must), "{must} not named in {out}");
    }
    assert!(out.contains("同一份报告出现了不止一次"), "{out}");
    assert_eq!(o.status.code(), Some(4), "refused: {out}");
    assert!(!merged.exists());
}

#[test]
fn a_pdf_in_a_folder_is_accounted_for() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), "in");
    std::fs::write(dir.join("扫描件.pdf"), image_only_pdf()).expect("write");
    std::fs::copy(repo(SEED_PDF), dir.join("报告.pdf")).expect("copy");
    let o = run(&[&"check", &dir]);
    let out = text(&o);
    let (total, read, failed, skipped) = counts(&out);
    assert_eq!(total, read + failed, "{out}");
    // A folder where nothing could be read is a failure of its own, beside its files.
    assert_eq!(
        (total, read, failed, skipped),
        (2, 1, 1, 0),
        "both PDFs are read: {out}"
    );
    assert!(
        out.contains("扫描件.pdf：错误：该 PDF 是扫描图片") && out.contains("报告.pdf"),
        "{out}"
    );
    // JSON says the same: one entry per file, each read, failed or skipped.
    let o = run(&[&"check", &dir, &"--format", &"json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let entries: Vec<&serde_json::Value> = list
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e["file"].as_str().is_some_and(|f| f.ends_with(".pdf")))
        .collect();
    assert_eq!(entries.len(), 2, "{list}");
    for e in entries {
        assert!(
            e.get("findings").is_some() || e.get("error").is_some() || e.get("skipped").is_some(),
            "{e}"
        );
    }
}

#[test]
fn check_json_lists_skipped_files_with_their_reason() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), "in");
    std::fs::copy(repo(SEED_TXT), dir.join("报告.txt")).expect("copy");
    std::fs::write(dir.join("说明.md"), "# 说明").expect("write");
    std::fs::write(dir.join("照片.png"), b"\x89PNG\r\n\x1a\n0000").expect("write");
    let o = run(&[&"check", &dir, &"--format", &"json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let skipped: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e.get("skipped").is_some())
        .filter_map(|e| e["file"].as_str())
        .collect();
    assert_eq!(skipped.len(), 2, "{list}");
    assert!(skipped.iter().any(|f| f.ends_with("说明.md")), "{list}");
    assert_eq!(o.status.code(), Some(0), "skips leave the exit code alone");
}

#[test]
fn merge_refuses_the_same_report_twice() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a.docx");
    let b = tmp.path().join("b.txt");
    std::fs::copy(repo(SEED_DOCX), &a).expect("copy");
    std::fs::copy(repo(SEED_TXT), &b).expect("copy");
    let out = tmp.path().join("合计.json");
    let o = merge_to_json(&[&a, &b], &out, &[]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("--allow-duplicates"), "{}", text(&o));
    assert!(!out.exists());
    let o = merge_to_json(&[&a, &b], &out, &["--allow-duplicates"]);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", text(&o));
    assert!(out.exists());
}

#[test]
fn a_memo_is_not_a_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let memo = tmp.path().join("通知.txt");
    std::fs::write(&memo, MEMO).expect("write");
    let out = tmp.path().join("通知.json");
    let o = run(&[&"convert", &memo, &"-o", &out]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o);
    assert!(err.contains("这不是政府信息公开工作年度报告"), "{err}");
    assert!(
        err.contains("任何一张表格（第二、三、四部分的表格）") && err.contains("一、总体情况"),
        "says what was looked for: {err}"
    );
    assert!(!out.exists());
    // Another program's JSON is no report either.
    let other = tmp.path().join("budget.json");
    std::fs::write(&other, r#"{"budget": [1, 2, 3]}"#).expect("write");
    let o = run(&[&"check", &other]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("这不是政府信息公开工作年度报告"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_blank_template_converted_back_is_reported_as_unfilled() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let t = tmp.path().join("模板.xlsx");
    assert_eq!(run(&[&"template", &"-o", &t]).status.code(), Some(0));
    let o = run(&[&"check", &t]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("import.unfilled"),
        "{}",
        text(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn random_bytes_named_docx_say_not_a_word_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Bytes of no kind and not text (a fixed pseudo-random sequence).
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    for (name, says) in [
        ("a.docx", "不是 Word 文件"),
        ("a.xlsx", "不是 Excel 文件"),
        ("a.txt", "不是文本文件"),
    ] {
        let path = tmp.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let o = run(&[&"check", &path]);
        let err = text(&o);
        assert!(
            err.contains("文件已损坏或") && err.contains(says),
            "{name}: {err}"
        );
        assert!(
            !err.contains("--encoding"),
            "no encoding hint for {name}: {err}"
        );
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn an_existing_output_gives_the_same_code_in_folder_and_single_file_mode() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), "in");
    let input = dir.join("r.txt");
    std::fs::copy(repo(SEED_TXT), &input).expect("copy");
    let out = folder(tmp.path(), "out");
    std::fs::write(out.join("r.json"), "old").expect("write");
    let folder = run(&[&"convert", &dir, &"-o", &out]);
    let single = run(&[&"convert", &input, &"-o", &out.join("r.json")]);
    assert_eq!(folder.status.code(), Some(3), "{}", text(&folder));
    assert_eq!(single.status.code(), Some(3), "{}", text(&single));
}

#[test]
fn several_formats_with_a_file_name_for_o_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("r.txt");
    std::fs::copy(repo(SEED_TXT), &input).expect("copy");
    let out = tmp.path().join("r.json");
    let o = run(&[&"convert", &input, &"--to", &"json,docx", &"-o", &out]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("-o 应是输出文件夹"), "{}", text(&o));
    assert!(!out.exists(), "no folder named r.json");
}

#[test]
fn a_template_option_without_docx_output_is_said_to_be_ignored() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("r.txt");
    std::fs::copy(repo(SEED_TXT), &input).expect("copy");
    let o = run(&[
        &"convert",
        &input,
        &"--template",
        &repo("templates/style-gov.toml"),
        &"-o",
        &tmp.path().join("r.json"),
    ]);
    assert!(text(&o).contains("--template 只用于 Word"), "{}", text(&o));
}

#[test]
fn template_refuses_a_five_digit_year() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("t.xlsx");
    let o = run(&[&"template", &"--year", &"20245", &"-o", &out]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(text(&o).contains("参数值无效"), "{}", text(&o));
    assert!(!out.exists());
}

#[test]
fn argument_errors_are_told_in_chinese_and_english() {
    let o = run(&[&"convert", &"--bogus", &"a.txt"]);
    let err = text(&o);
    assert!(err.contains("不认识的参数：--bogus"), "{err}");
    assert!(err.contains("unexpected argument"), "{err}");
    assert_eq!(o.status.code(), Some(4));
}

#[test]
fn folder_summaries_name_the_reports_with_errors_and_their_rules() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), "in");
    std::fs::copy(repo(SEED_TXT), dir.join("好.txt")).expect("copy");
    // One number changed alone breaks a sum rule.
    let seed = seed_text();
    let broken = seed.replacen("\t1\n", "\t7\n", 1);
    assert_ne!(broken, seed);
    std::fs::write(dir.join("坏.txt"), broken).expect("write");
    for args in [
        vec!["check"],
        vec![
            "convert",
            "-o",
            tmp.path().join("out").to_str().expect("utf-8"),
        ],
    ] {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = args
            .iter()
            .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
            .collect();
        all.insert(1, &dir);
        let o = run(&all);
        let out = text(&o);
        let listed: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("有错误的报告 1 份"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect();
        assert_eq!(listed.len(), 1, "{args:?}: {out}");
        assert!(
            listed[0].contains("坏.txt") && listed[0].contains("requests.row_total"),
            "{args:?}: {out}"
        );
        assert_eq!(o.status.code(), Some(1), "{args:?}: {out}");
    }
}

#[test]
fn collect_pairs_each_year_once_with_a_duplicate_present() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), "in");
    let seed = seed_text();
    let organ = "山东张店经济开发区管理委员会";
    // Last year's report, its organ written with the city before it; this year's twice.
    let last = seed
        .replace("2023", "2022")
        .replace(organ, &format!("淄博市{organ}"));
    std::fs::write(dir.join("2022.txt"), last).expect("write");
    std::fs::copy(repo(SEED_TXT), dir.join("2023.txt")).expect("copy");
    std::fs::copy(repo(SEED_DOCX), dir.join("2023.docx")).expect("copy");
    let csv = tmp.path().join("x.csv");
    let o = run(&[&"collect", &dir, &"-o", &csv]);
    let findings = std::fs::read_to_string(tmp.path().join("x.findings.csv")).expect("read");
    assert!(findings.contains("batch.duplicate"), "{findings}");
    // Paired despite the duplicate, and the city written before the organ gets a note only.
    let pairing: Vec<&str> = findings
        .lines()
        .filter(|l| l.contains("cross_year.pairing"))
        .collect();
    assert_eq!(pairing.len(), 1, "{findings}\n{}", text(&o));
    assert!(pairing[0].contains("提示"), "{}", pairing[0]);
}

#[test]
fn a_full_disk_is_told_in_chinese_with_exit_3() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full on this system
    };
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["template", "-o", "-"])
        .stdout(full)
        .output()
        .expect("runs gongkai");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("无法写入 标准输出：磁盘空间不足"), "{err}");
    assert_eq!(o.status.code(), Some(3), "{err}");
}

#[test]
fn check_lists_the_same_report_twice_and_exits_1() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), "in");
    std::fs::copy(repo(SEED_DOCX), dir.join("报告.docx")).expect("copy");
    std::fs::copy(repo(SEED_TXT), dir.join("报告副本.txt")).expect("copy");
    let o = run(&[&"check", &dir]);
    let out = text(&o);
    assert!(out.contains("重复的报告 1 组"), "{out}");
    assert!(
        out.contains("报告.docx") && out.contains("报告副本.txt"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1), "{out}");
    let o = run(&[&"check", &dir, &"--format", &"json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let marked = list
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e.get("duplicate_of").is_some())
        .count();
    assert_eq!(marked, 2, "{list}");
}
