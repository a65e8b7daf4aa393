//! `template --from`, `diff` and `check --parts` as a user meets them: files written, exit
//! codes, what is printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gongkai(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs gongkai")
}

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
