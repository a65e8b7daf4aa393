//! The command line as a user meets it: exit codes, messages, output files, in a temp dir.

use std::path::{Path, PathBuf};
use std::process::Output;

const SEED: &str = include_str!("../samples/zhangdian-2023.utf8.txt");

#[path = "common/run.rs"]
mod run;
use run::gongkai;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("writes fixture");
    p
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_passes_the_seed_with_exit_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gbk, _, _) = encoding_rs::GB18030.encode(SEED);
    write(dir.path(), "seed.txt", &gbk);
    let o = gongkai(dir.path(), &["check", "seed.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("核对通过"));
}

#[test]
fn check_names_rule_labels_expected_and_found_with_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 4.保护第三方合法权益: the commercial column goes from 1 to 2, breaking (七)总计.
    let changed = SEED.replacen(
        "4.保护第三方合法权益\n\t0\n\t1\n",
        "4.保护第三方合法权益\n\t0\n\t2\n",
        1,
    );
    assert!(changed != SEED, "the fixture edit must apply");
    write(dir.path(), "changed.txt", changed.as_bytes());
    let o = gongkai(dir.path(), &["check", "changed.txt"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("requests.results_total"), "{out}");
    assert!(out.contains("（七）总计 · 商业企业"), "{out}");
    assert!(out.contains("应为 2，实为 1"), "{out}");
    assert!(out.contains("changed.txt：第"), "{out}");

    let o = gongkai(dir.path(), &["check", "--format", "json", "changed.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let findings = json[0]["findings"].as_array().expect("findings");
    let f = findings
        .iter()
        .find(|f| f["rule"] == "requests.results_total" && f["cell"]["col"] == "commercial")
        .expect("finding on the commercial column");
    assert_eq!(f["expected"], "2");
    assert_eq!(f["found"], "1");
    assert_eq!(f["place"]["kind"], "line");
}

#[test]
fn unreadable_inputs_exit_2_with_a_chinese_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    write(dir.path(), "random.txt", &random);
    write(dir.path(), "empty.txt", b"");
    write(
        dir.path(),
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    );
    for (name, words) in [
        ("random.txt", "不是文本文件"),
        ("empty.txt", "空"),
        ("image.txt", "PNG"),
        ("missing.txt", "无法读取"),
    ] {
        let o = gongkai(dir.path(), &["check", name]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(name) && err.contains(words), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "good.txt", SEED.as_bytes());
    write(dir.path(), "bad.txt", b"");
    let o = gongkai(
        dir.path(),
        &["convert", "bad.txt", "good.txt", "--to", "json"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(dir.path().join("out/good.json").exists());
}

#[test]
fn convert_writes_json_to_stdout_and_to_a_named_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "seed.txt", SEED.as_bytes());
    let o = gongkai(
        dir.path(),
        &["convert", "seed.txt", "--to", "json", "-o", "-"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["meta"]["organ"], "山东张店经济开发区管理委员会");
    assert_eq!(json["tables"]["requests"]["new"]["total"], 1);

    let o = gongkai(dir.path(), &["convert", "seed.txt", "-o", "named.json"]);
    assert_eq!(o.status.code(), Some(0));
    let back = gongkai(dir.path(), &["check", "named.json"]);
    assert_eq!(back.status.code(), Some(0), "{}", stdout(&back));
}

#[test]
fn help_speaks_chinese_and_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = gongkai(dir.path(), &["--help"]);
    let out = stdout(&o);
    assert!(out.contains("年度报告") && out.contains("annual"), "{out}");
    let o = gongkai(dir.path(), &["check", "--help"]);
    let out = stdout(&o);
    assert!(
        out.contains("退出码") && out.contains("Exit codes"),
        "{out}"
    );
}

#[test]
fn unreadable_workbooks_exit_2_with_a_chinese_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = |name: &str| {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name),
        )
        .expect("sample")
    };
    let xlsx = sample("zhangdian-2023.lo.xlsx");
    let xls = sample("zhangdian-2023.lo.xls");
    // An OLE container holding an EncryptedPackage stream, as Excel saves with a password.
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.resize(512, 0);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    encrypted.resize(2048, 0);
    write(dir.path(), "加密.xlsx", &encrypted);
    write(dir.path(), "半截.xlsx", &xlsx[..xlsx.len() / 2]);
    write(dir.path(), "少了结尾.xlsx", &xlsx[..xlsx.len() - 100]);
    // A truncated .xls loses its directory (the stream names) at the end of the file.
    write(dir.path(), "半截.xls", &xls[..xls.len() / 3]);
    write(dir.path(), "开头.xls", &xls[..600]);
    for (name, words) in [
        ("加密.xlsx", "已加密"),
        ("半截.xlsx", "已损坏或不完整"),
        ("少了结尾.xlsx", "已损坏或不完整"),
        ("半截.xls", "已损坏或不完整"),
        ("开头.xls", "已损坏或不完整"),
    ] {
        let o = gongkai(dir.path(), &["check", name]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}{}", stdout(&o));
        assert!(err.contains(name) && err.contains(words), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}
