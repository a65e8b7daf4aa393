//! A machine without LibreOffice, simulated by pointing `GONGKAI_SOFFICE` at a missing file.
//! Only one test here sets the variable in this process (the other sets it for a child process
//! it starts), so setting it races with nothing.

use gongkai::read::legacy::SOFFICE_ENV;
use gongkai::read::{ReadError, ReadOptions, read_path};
use std::path::Path;

#[test]
fn missing_libreoffice_says_how_to_install_or_resave() {
    // SAFETY: the only test in this process; no other thread reads the environment.
    unsafe { std::env::set_var(SOFFICE_ENV, "/nonexistent/gongkai-test/soffice") };
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.lo.doc");
    let err = read_path(&sample, &ReadOptions::default()).expect_err("no LibreOffice");
    let ReadError::Converter { detail } = &err else {
        panic!("expected a converter error, got {err:?}");
    };
    assert!(
        detail.contains("apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"),
        "{detail}"
    );
    assert!(detail.contains("另存为 .docx"), "{detail}");
    assert!(
        detail.contains("/nonexistent/gongkai-test/soffice"),
        "{detail}"
    );
}

#[test]
fn cli_exits_2_with_the_install_or_resave_message_without_libreoffice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/zhangdian-2023.lo.doc");
    let out = dir.path().join("out.docx");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env(SOFFICE_ENV, "/nonexistent/gongkai-test/soffice")
        .arg("convert")
        .arg(&sample)
        .args(["--to", "docx", "-o"])
        .arg(&out)
        .output()
        .expect("runs gongkai");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("需要 LibreOffice"), "{err}");
    assert!(
        err.contains("apt-get install libreoffice-writer-nogui"),
        "{err}"
    );
    assert!(err.contains("另存为 .docx"), "{err}");
    assert!(!out.exists(), "nothing written");
}
