//! `template --from`, `diff` and `check --parts` as a user meets them: files written, exit
//! codes, what is printed.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "common/run.rs"]
mod run;
use run::gongkai;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn template_from_last_year_writes_a_workbook_that_passes_check_previous() {
    let dir = tempfile::tempdir().expect("tempdir");
    let last = fixture("years/organ-2023.json");
    let last = last.to_str().expect("utf-8 path");
    let o = gongkai(dir.path(), &["template", "--from", last, "-o", "2024.xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let o = gongkai(dir.path(), &["check", "2024.xlsx", "--previous", last]);
    assert!(!out(&o).contains("cross_year"), "{}", out(&o));
    assert!(out(&o).contains("2024年"), "{}", out(&o));
    let o = gongkai(
        dir.path(),
        &[
            "template",
            "--from",
            last,
            "--to",
            "docx",
            "-o",
            "2024.docx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(dir.path().join("2024.docx").is_file());
}

#[test]
fn diff_prints_changed_cells_and_repeated_sections_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (
        fixture("years/organ-2023.json"),
        fixture("years/organ-2024.json"),
    );
    let args = [
        "diff",
        a.to_str().expect("path"),
        b.to_str().expect("path"),
        "--format",
        "json",
    ];
    let o = gongkai(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["cells"].as_array().map(Vec::len), Some(11));
    assert!(out(&o).contains("text.repeated"));
    let mut xlsx = args.to_vec();
    xlsx[4] = "xlsx";
    let o = gongkai(dir.path(), &xlsx);
    assert_ne!(o.status.code(), Some(0), "xlsx needs -o");
    xlsx.extend(["-o", "diff.xlsx"]);
    let o = gongkai(dir.path(), &xlsx);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(dir.path().join("diff.xlsx").is_file());
}

#[test]
fn check_parts_counts_the_cells_that_agree_and_exits_1_on_a_wrong_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let levels = fixture("levels");
    let parent = levels.join("parent.json");
    let parts = levels.join("part-*.json");
    let o = gongkai(
        dir.path(),
        &[
            "check",
            parent.to_str().expect("path"),
            "--parts",
            parts.to_str().expect("path"),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    assert!(text.contains("hierarchy.sum"), "{text}");
    assert!(
        text.contains("200 格中一致 198 格，不一致 1 格，无法判断 1 格"),
        "{text}"
    );
}

#[test]
fn collect_over_two_years_adds_cross_year_findings_and_the_repetition_share() {
    let dir = tempfile::tempdir().expect("tempdir");
    for year in ["2023", "2024"] {
        let name = format!("organ-{year}.json");
        std::fs::copy(fixture(&format!("years/{name}")), dir.path().join(&name)).expect("copy");
    }
    let o = gongkai(dir.path(), &["collect", ".", "-o", "data.csv"]);
    assert!(o.status.code() != Some(2), "{}", out(&o));
    let text = std::fs::read_to_string(dir.path().join("data.csv")).expect("csv");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    let last_two = |line: &str| -> (String, String) {
        let f: Vec<&str> = line.rsplitn(3, ',').collect();
        (f[1].to_string(), f[0].to_string())
    };
    // One header row of ids.
    assert_eq!(
        last_two(lines[0]),
        ("cross_year.findings".into(), "prose.repeated_share".into())
    );
    let row = |year: &str| {
        lines
            .iter()
            .find(|l| l.contains(&format!("organ-{year}.json")))
            .map(|l| last_two(l))
            .expect("row")
    };
    assert_eq!(row("2023"), ("0".into(), String::new()), "no year before");
    let (cross, share) = row("2024");
    assert_eq!(cross, "1", "现行有效件数 23 where 22 follows");
    let share: f64 = share.parse().expect("a share");
    assert!(share > 0.9 && share < 1.0, "{share}");
}

/// Copies `levels/part-{name}.json` into `dir` with its organ renamed; returns the copy.
fn part_as(dir: &Path, name: &str, organ: &str) -> PathBuf {
    let text = std::fs::read_to_string(fixture(&format!("levels/part-{name}.json"))).expect("read");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["meta"]["organ"] = organ.into();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, v.to_string()).expect("write");
    path
}

const MEMO: &str = "关于报送2023年度政府信息公开工作年度报告的通知\n\
各镇人民政府、街道办事处，区政府各部门：\n\
请于2024年1月20日前报送本单位2023年度政府信息公开工作年度报告。\n\
某某区人民政府办公室\n2024年1月5日\n";

#[test]
fn check_parts_refuses_one_organ_written_with_and_without_its_city_with_exit_4() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = part_as(dir.path(), "a", "某某市某某区人民政府");
    let b = part_as(dir.path(), "b", "某某区人民政府");
    let parent = fixture("levels/parent.json");
    let args = ["check", parent.to_str().expect("path"), "--parts"];
    let mut args: Vec<&str> = args.to_vec();
    args.extend([a.to_str().expect("path"), b.to_str().expect("path")]);
    let o = gongkai(dir.path(), &args);
    assert_eq!(
        o.status.code(),
        Some(4),
        "a refusal, as merge's: {}",
        out(&o)
    );
    assert!(out(&o).contains("重复的报告"), "{}", out(&o));
    assert!(out(&o).contains("同一机关"), "{}", out(&o));
}

#[test]
fn check_parts_refuses_a_part_of_another_year_with_exit_4() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("levels/part-a.json")).expect("read");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["meta"]["year"] = 2022.into();
    std::fs::write(dir.path().join("a.json"), v.to_string()).expect("write");
    let parent = fixture("levels/parent.json");
    let o = gongkai(
        dir.path(),
        &["check", parent.to_str().expect("path"), "--parts", "a.json"],
    );
    assert_eq!(o.status.code(), Some(4), "{}", out(&o));
    assert!(out(&o).contains("a.json（2022年）"), "{}", out(&o));
}

#[test]
fn a_memo_given_to_diff_template_from_or_check_parts_is_not_a_report_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("通知.txt"), MEMO).expect("write");
    let report = fixture("years/organ-2024.json");
    let report = report.to_str().expect("path");
    let parent = fixture("levels/parent.json");
    let parent = parent.to_str().expect("path");
    for args in [
        vec!["diff", "通知.txt", report],
        vec!["template", "--from", "通知.txt", "-o", "t.xlsx"],
        vec!["check", parent, "--parts", "通知.txt"],
    ] {
        let o = gongkai(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", out(&o));
        assert!(
            out(&o).contains("通知.txt：错误：这不是政府信息公开工作年度报告"),
            "{args:?}: told as check tells it: {}",
            out(&o)
        );
    }
    assert!(!dir.path().join("t.xlsx").exists());
}

#[test]
fn check_parts_over_a_folder_counts_the_files_it_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).expect("mkdir");
    for name in ["a", "b", "c"] {
        let from = fixture(&format!("levels/part-{name}.json"));
        std::fs::copy(from, parts.join(format!("{name}.json"))).expect("copy");
    }
    std::fs::write(parts.join("说明.md"), "# 各部门报告\n").expect("write");
    let parent = fixture("levels/parent.json");
    let parent = parent.to_str().expect("path");
    let o = gongkai(dir.path(), &["check", parent, "--parts", "parts"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("说明.md：跳过"), "{}", out(&o));
    assert!(out(&o).contains("另跳过 1 个文件"), "{}", out(&o));
    let o = gongkai(
        dir.path(),
        &["check", parent, "--parts", "parts", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let skipped = v["skipped"].as_array().expect("skipped listed");
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("说明.md"))
    );
}

#[test]
fn diff_says_when_the_reports_are_of_other_organs_or_the_same_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let last = fixture("years/organ-2023.json");
    let this = fixture("years/organ-2024.json");
    let text = std::fs::read_to_string(&this).expect("read");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["meta"]["organ"] = "某县财政局".into();
    std::fs::write(dir.path().join("other.json"), v.to_string()).expect("write");
    let last = last.to_str().expect("path");
    let o = gongkai(dir.path(), &["diff", last, "other.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("不是同一机关"), "{}", out(&o));
    let o = gongkai(
        dir.path(),
        &["diff", last, "other.json", "--format", "json"],
    );
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(
        j["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("不是同一机关"))
    );
    let o = gongkai(dir.path(), &["diff", last, last]);
    assert!(out(&o).contains("同一年度（2023年）"), "{}", out(&o));
    assert!(!out(&o).contains("不是同一机关"), "{}", out(&o));
}

#[test]
fn diff_refuses_a_swing_factor_below_one_with_exit_4() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (
        fixture("years/organ-2023.json"),
        fixture("years/organ-2024.json"),
    );
    let o = gongkai(
        dir.path(),
        &[
            "diff",
            a.to_str().expect("path"),
            b.to_str().expect("path"),
            "--swing-factor",
            "0.5",
        ],
    );
    assert_eq!(o.status.code(), Some(4), "{}", out(&o));
}
