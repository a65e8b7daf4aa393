//! Output names for a batch: mirror each input's relative path, and never let two inputs share one.
//!
//! The rule: `sub/a.docx` → `sub/a.json`. When several inputs would get the same output name
//! (`a.docx` and `a.txt` → `a.json`; compared without case, as Windows and macOS file systems do),
//! each of them keeps its whole file name instead: `a.docx.json`, `a.txt.json`. Should that still
//! clash (`A.docx` and `a.docx`), a number is added: `a (2).docx.json`.

use crate::write::Format;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::inputs::{Input, sanitize_rel};

/// The output path of `rel` in `format` without the clash rule: the extension replaced.
fn natural(rel: &Path, format: Format) -> PathBuf {
    rel.with_extension(format.extension())
}

/// The output path keeping the input's whole file name: `a.docx` → `a.docx.json`.
fn long(rel: &Path, format: Format) -> PathBuf {
    let mut name = rel.as_os_str().to_os_string();
    name.push(".");
    name.push(format.extension());
    PathBuf::from(name)
}

fn key(p: &Path) -> String {
    p.to_string_lossy().to_lowercase()
}

/// `a.docx.json` → `a (n).docx.json`: the number goes before the first dot of the file name.
fn numbered(p: &Path, n: usize) -> PathBuf {
    let name = p
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, rest) = match name.find('.') {
        Some(0) | None => (name.as_str(), ""),
        Some(i) => name.split_at(i),
    };
    p.with_file_name(format!("{stem} ({n}){rest}"))
}

/// Plans the output paths, relative to the output folder: `result[i][f]` is the path of input `i`
/// in `formats[f]`. Every path is distinct (without case) and stays inside the output folder.
pub fn plan(inputs: &[Input], formats: &[Format]) -> Vec<Vec<PathBuf>> {
    let mut out: Vec<Vec<PathBuf>> = vec![Vec::with_capacity(formats.len()); inputs.len()];
    for &format in formats {
        let rels: Vec<PathBuf> = inputs.iter().map(|i| sanitize_rel(&i.rel)).collect();
        let mut count: HashMap<String, usize> = HashMap::new();
        for rel in &rels {
            *count.entry(key(&natural(rel, format))).or_default() += 1;
        }
        let mut taken: HashSet<String> = HashSet::new();
        for (i, rel) in rels.iter().enumerate() {
            let nat = natural(rel, format);
            let first = if count.get(&key(&nat)).copied().unwrap_or(0) > 1 {
                long(rel, format)
            } else {
                nat
            };
            let mut chosen = first.clone();
            let mut n = 2;
            while taken.contains(&key(&chosen)) {
                chosen = numbered(&first, n);
                n += 1;
            }
            taken.insert(key(&chosen));
            if let Some(slot) = out.get_mut(i) {
                slot.push(chosen);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(rel: &str) -> Input {
        Input {
            path: PathBuf::from("in").join(rel),
            rel: PathBuf::from(rel),
        }
    }

    #[test]
    fn mirrors_relative_paths_and_replaces_extension() {
        let p = plan(&[input("sub/a.docx")], &[Format::Json, Format::Xlsx]);
        assert_eq!(
            p[0],
            vec![PathBuf::from("sub/a.json"), PathBuf::from("sub/a.xlsx")]
        );
    }

    #[test]
    fn clashing_names_keep_their_whole_file_name() {
        let p = plan(
            &[input("a.docx"), input("a.txt"), input("b.txt")],
            &[Format::Json],
        );
        assert_eq!(p[0][0], PathBuf::from("a.docx.json"));
        assert_eq!(p[1][0], PathBuf::from("a.txt.json"));
        assert_eq!(p[2][0], PathBuf::from("b.json"));
    }

    #[test]
    fn names_differing_only_in_case_get_a_number() {
        let p = plan(&[input("A.docx"), input("a.docx")], &[Format::Json]);
        assert_eq!(p[0][0], PathBuf::from("A.docx.json"));
        assert_eq!(p[1][0], PathBuf::from("a (2).docx.json"));
    }

    #[test]
    fn long_name_clashing_with_a_natural_name_gets_a_number() {
        let p = plan(
            &[input("a.docx.txt"), input("a.docx"), input("a.txt")],
            &[Format::Json],
        );
        let names: HashSet<String> = p.iter().map(|v| key(&v[0])).collect();
        assert_eq!(names.len(), 3);
    }

    #[test]
    fn escaping_paths_stay_inside() {
        let p = plan(&[input("../../etc/passwd.txt")], &[Format::Json]);
        assert_eq!(p[0][0], PathBuf::from("etc/passwd.json"));
    }
}
