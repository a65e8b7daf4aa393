//! A machine without LibreOffice, simulated by pointing `GONGKAI_SOFFICE` at a missing file.
//! This binary holds one test only, so setting the variable races with nothing.

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
