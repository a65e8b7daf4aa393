//! Turning command-line arguments (files, folders, glob patterns) into the list of reports to read.
//!
//! Patterns are expanded here, not by the shell, because Windows shells do not expand them.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// File extensions read when walking a folder or expanding a pattern (compared without case).
pub const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "docx", "docm", "xlsx", "xlsm", "xls", "ods", "html", "htm", "doc", "wps", "et", "odt",
    "rtf", "json",
];

/// One input file and the path its outputs take under the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file as it can be opened.
    pub path: PathBuf,
    /// Its path relative to the folder (or pattern base) it was found under; its file name when
    /// it was named directly. Never absolute, never containing `..`.
    pub rel: PathBuf,
}

/// The inputs found, and the arguments that named nothing readable.
#[derive(Debug, Clone, Default)]
pub struct Expansion {
    /// Files to read, in a stable order (arguments in order, each folder sorted), without repeats.
    pub inputs: Vec<Input>,
    /// Arguments that could not be used, with the reason in Chinese.
    pub problems: Vec<(PathBuf, String)>,
}

/// True when a file name has one of [`REPORT_EXTENSIONS`] and is not a lock or hidden file
/// (`~$报告.docx` is Word's lock file, `.name` a hidden file).
pub fn is_report_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with("~$") || name.starts_with('.') {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|k| k.eq_ignore_ascii_case(e)))
}

/// Keeps only the plain components of a path: drops roots, drive prefixes, `.` and `..`, so that
/// the result joined to a folder stays inside it.
pub fn sanitize_rel(path: &Path) -> PathBuf {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect()
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// The literal folder a pattern starts from: its components before the first one with a wildcard.
fn pattern_base(pattern: &Path) -> PathBuf {
    let mut base = PathBuf::new();
    for c in pattern.components() {
        if has_glob_chars(&c.as_os_str().to_string_lossy()) {
            break;
        }
        base.push(c);
    }
    base
}

/// Expands arguments into input files.
///
/// - a file is taken as it is, whatever its extension (its outputs are named by its file name);
/// - a folder is walked recursively for files with [`REPORT_EXTENSIONS`]; outputs mirror the
///   paths below the folder; symbolic links to folders are not followed;
/// - an argument that does not exist but contains `*`, `?` or `[` is a glob pattern (`**` crosses
///   folders); matches are filtered like folder entries and mirror the paths below the
///   pattern's literal part.
///
/// `exclude` (the output folder) is never walked into, so a second run does not read the first
/// run's outputs. The same file named twice is read once.
pub fn expand(args: &[PathBuf], exclude: Option<&Path>) -> Expansion {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut out = Expansion::default();
    let mut seen = HashSet::new();
    let mut push = |out: &mut Expansion, path: PathBuf, rel: PathBuf| {
        let key = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            out.inputs.push(Input {
                rel: sanitize_rel(&rel),
                path,
            });
        }
    };
    for arg in args {
        let text = arg.to_string_lossy();
        if arg.is_dir() {
            let mut found = Vec::new();
            walk(arg, exclude.as_deref(), &mut found);
            found.sort();
            if found.is_empty() {
                out.problems
                    .push((arg.clone(), "文件夹中没有可读取的报告文件".into()));
            }
            for path in found {
                let rel = path.strip_prefix(arg).map(Path::to_path_buf);
                let rel = rel.unwrap_or_else(|_| file_name(&path));
                push(&mut out, path, rel);
            }
        } else if arg.exists() {
            push(&mut out, arg.clone(), file_name(arg));
        } else if has_glob_chars(&text) {
            let base = pattern_base(arg);
            let opts = glob::MatchOptions {
                case_sensitive: false,
                require_literal_separator: true,
                require_literal_leading_dot: true,
            };
            let paths = match glob::glob_with(&text, opts) {
                Ok(p) => p,
                Err(e) => {
                    out.problems
                        .push((arg.clone(), format!("通配符写法有误：{}", e.msg)));
                    continue;
                }
            };
            let mut found: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file() && is_report_name(p))
                .filter(|p| !inside(p, exclude.as_deref()))
                .collect();
            found.sort();
            if found.is_empty() {
                out.problems
                    .push((arg.clone(), "没有与通配符相符的报告文件".into()));
            }
            for path in found {
                let rel = path.strip_prefix(&base).map(Path::to_path_buf);
                let rel = rel.unwrap_or_else(|_| file_name(&path));
                push(&mut out, path, rel);
            }
        } else {
            out.problems
                .push((arg.clone(), "无法读取：文件或文件夹不存在".into()));
        }
    }
    out
}

fn file_name(path: &Path) -> PathBuf {
    path.file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("report"))
}

fn inside(path: &Path, folder: Option<&Path>) -> bool {
    let Some(folder) = folder else { return false };
    path.canonicalize()
        .map(|p| p.starts_with(folder))
        .unwrap_or(false)
}

fn walk(dir: &Path, exclude: Option<&Path>, found: &mut Vec<PathBuf>) {
    if let (Some(ex), Ok(canon)) = (exclude, dir.canonicalize())
        && canon == ex
    {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, exclude, found);
        } else if (kind.is_file() || (kind.is_symlink() && path.is_file())) && is_report_name(&path)
        {
            found.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_drops_parent_and_root_components() {
        assert_eq!(
            sanitize_rel(Path::new("/etc/../a/./b.txt")),
            PathBuf::from("etc/a/b.txt")
        );
        assert_eq!(
            sanitize_rel(Path::new("../../x.json")),
            PathBuf::from("x.json")
        );
    }

    #[test]
    fn report_names_skip_lock_hidden_and_unknown_files() {
        assert!(is_report_name(Path::new("a/报告.DOCX")));
        assert!(!is_report_name(Path::new("a/~$报告.docx")));
        assert!(!is_report_name(Path::new("a/.hidden.txt")));
        assert!(!is_report_name(Path::new("a/notes.md")));
    }

    #[test]
    fn pattern_base_stops_at_first_wildcard() {
        assert_eq!(
            pattern_base(Path::new("in/sub/**/*.txt")),
            PathBuf::from("in/sub")
        );
    }
}
