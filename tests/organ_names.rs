//! The organ is a name or nothing: over every report fixture in the repository (the samples, the
//! variety, textshape, check and HTML fixtures), the organ read ends in one of the organ suffixes
//! of the standard data and holds no sentence punctuation — or is absent, and a note says so.
//! A fragment of the preamble ("员会", "我单位", a sentence) is never the organ.

use gongkai::pipeline::analyze_path;
use gongkai::read::ReadOptions;
use gongkai::standard;
use std::path::{Path, PathBuf};

/// Report files under `dir`, recursively (expectations, manifests, scripts and licences left out).
fn reports(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let path = e.expect("entry").path();
        let name = path.to_string_lossy().to_string();
        if path.is_dir() {
            if !name.ends_with("fuzz") && !name.ends_with("hostile") {
                reports(&path, out);
            }
            continue;
        }
        let skip = [
            ".expect.json",
            ".py",
            ".sh",
            ".tsv",
            "MANIFEST.md",
            "README.md",
            "LICENSE",
        ];
        if !skip.iter().any(|s| name.ends_with(s)) && !name.ends_with(".doc") {
            out.push(path);
        }
    }
}

fn is_name(organ: &str) -> bool {
    let suffixes = &standard::current().organ_suffixes;
    !organ.contains(|c: char| c.is_whitespace() || "，。；：！？,.;:!?“”《》".contains(c))
        && suffixes
            .iter()
            .any(|s| organ.ends_with(s.as_str()) && organ.chars().count() > s.chars().count())
}

#[test]
fn the_organ_of_every_fixture_is_a_name_or_absent_with_a_note() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    reports(&root.join("samples"), &mut files);
    reports(&root.join("tests/fixtures"), &mut files);
    files.sort();
    assert!(files.len() >= 80, "{} files", files.len());
    assert!(!standard::current().organ_suffixes.is_empty());
    let mut bad = Vec::new();
    let mut named = 0;
    for file in &files {
        let Ok(a) = analyze_path(file, &ReadOptions::default()) else {
            continue;
        };
        match &a.report.meta.organ {
            Some(organ) if is_name(organ) => named += 1,
            Some(organ) => bad.push(format!("{}: organ {organ:?}", file.display())),
            None if a.findings.iter().any(|f| f.rule == "import.organ") => {}
            None => bad.push(format!("{}: no organ and no note", file.display())),
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(
        named * 2 > files.len(),
        "{named} of {} files name their organ",
        files.len()
    );
}
