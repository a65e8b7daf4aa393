//! LibreOffice conversion of legacy files: real conversions when `soffice` is installed (skipped
//! with a note otherwise), and the time limit and failure paths with a stand-in program.

use gongkai::read::ReadError;
use gongkai::read::legacy::{Converter, Target};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn soffice(test: &str) -> Option<Converter> {
    match Converter::find() {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("note: {test} skipped, LibreOffice is not installed: {e}");
            None
        }
    }
}

/// The text of one part of a zip package.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open converted file");
    let mut zip = zip::ZipArchive::new(file).expect("converted file is a zip package");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part present")
        .read_to_string(&mut text)
        .expect("part is text");
    text
}

#[test]
fn converts_doc_sample_to_a_docx_package() {
    let Some(c) = soffice("converts_doc_sample_to_a_docx_package") else {
        return;
    };
    let out = c
        .convert(&repo("samples/zhangdian-2023.lo.doc"), Target::Docx)
        .expect("converts");
    assert_eq!(out.target(), Target::Docx);
    assert_eq!(
        out.path().extension().and_then(|e| e.to_str()),
        Some("docx")
    );
    let body = part(out.path(), "word/document.xml");
    assert!(body.contains("申请人情况"), "table text survives");
    assert!(body.contains("<w:gridSpan"), "merged cells survive");
}

#[test]
fn converts_odt_sample_by_content_to_docx() {
    let Some(c) = soffice("converts_odt_sample_by_content_to_docx") else {
        return;
    };
    let path = repo("samples/zhangdian-2023.lo.odt");
    let bytes = std::fs::read(&path).expect("sample");
    let out = c.convert_bytes(&path, &bytes).expect("converts");
    assert_eq!(out.target(), Target::Docx);
    assert!(part(out.path(), "word/document.xml").contains("行政复议"));
}

#[test]
fn converts_xls_to_an_xlsx_package() {
    let Some(c) = soffice("converts_xls_to_an_xlsx_package") else {
        return;
    };
    let path = repo("samples/zhangdian-2023.lo.xls");
    if !path.exists() {
        eprintln!("note: converts_xls_to_an_xlsx_package skipped, {path:?} absent");
        return;
    }
    let bytes = std::fs::read(&path).expect("sample");
    let out = c.convert_bytes(&path, &bytes).expect("converts");
    assert_eq!(out.target(), Target::Xlsx);
    assert!(part(out.path(), "xl/workbook.xml").contains("<sheet"));
}

#[test]
fn encrypted_doc_gives_a_clean_error_without_hanging() {
    let Some(c) = soffice("encrypted_doc_gives_a_clean_error_without_hanging") else {
        return;
    };
    let path = repo("tests/fixtures/hostile/poi__PasswordProtected.doc");
    if !path.exists() {
        eprintln!("note: encrypted doc test skipped, {path:?} absent");
        return;
    }
    let start = Instant::now();
    let err = c
        .with_timeout(Duration::from_secs(60))
        .convert(&path, Target::Docx)
        .expect_err("an encrypted file does not convert");
    assert!(matches!(err, ReadError::Encrypted { .. }), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(60));
}

#[test]
fn parallel_conversions_do_not_collide() {
    let Some(c) = soffice("parallel_conversions_do_not_collide") else {
        return;
    };
    let path = repo("samples/zhangdian-2023.lo.doc");
    let outs: Vec<_> = std::thread::scope(|s| {
        let jobs: Vec<_> = (0..3)
            .map(|_| s.spawn(|| c.convert(&path, Target::Docx)))
            .collect();
        jobs.into_iter()
            .map(|j| j.join().expect("thread").expect("each conversion succeeds"))
            .collect()
    });
    assert_ne!(outs[0].path(), outs[1].path());
    for out in &outs {
        assert!(part(out.path(), "word/document.xml").contains("申请人情况"));
    }
}

#[cfg(unix)]
fn fake_program(dir: &Path, script: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fake-soffice");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

#[cfg(unix)]
#[test]
fn kills_the_whole_process_group_on_timeout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pid_file = dir.path().join("child.pid");
    let program = fake_program(
        dir.path(),
        &format!("sleep 120 &\necho $! > '{}'\nwait", pid_file.display()),
    );
    let input = dir.path().join("a.doc");
    std::fs::write(&input, b"not really a doc").expect("write input");
    let start = Instant::now();
    let err = Converter::new(program)
        .with_timeout(Duration::from_secs(1))
        .convert(&input, Target::Docx)
        .expect_err("times out");
    assert!(start.elapsed() < Duration::from_secs(10));
    match err {
        ReadError::Converter { detail } => assert!(detail.contains("超时"), "{detail}"),
        other => panic!("expected a converter error, got {other:?}"),
    }
    let pid = std::fs::read_to_string(&pid_file).expect("child wrote its pid");
    let stat = Path::new("/proc").join(pid.trim()).join("stat");
    std::thread::sleep(Duration::from_millis(200));
    if let Ok(stat) = std::fs::read_to_string(&stat) {
        // Killed and not yet reaped by its new parent is fine; still sleeping is not.
        let state = stat.rsplit(')').next().unwrap_or("").trim_start();
        assert!(state.starts_with('Z'), "grandchild still alive: {stat}");
    }
}

#[cfg(unix)]
#[test]
fn reports_a_program_that_converts_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let program = fake_program(
        dir.path(),
        "echo 'Error: source file could not be loaded' >&2\nexit 0",
    );
    let input = dir.path().join("a.rtf");
    std::fs::write(&input, b"{\\rtf1 hello}").expect("write input");
    let err = Converter::new(program)
        .convert(&input, Target::Docx)
        .expect_err("no output");
    match err {
        ReadError::Converter { detail } => assert!(detail.contains("无法打开"), "{detail}"),
        other => panic!("expected a converter error, got {other:?}"),
    }
}
