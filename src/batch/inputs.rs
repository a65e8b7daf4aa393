//! Turning command-line arguments (files, folders, glob patterns) into the list of reports to read.
//!
//! Patterns are expanded here, not by the shell, because Windows shells do not expand them.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

pub use super::skip::REPORT_EXTENSIONS;
use super::skip::reason_to_skip;

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
    /// Arguments that could not be used (and folders that could not be opened), with the
    /// reason in Chinese.
    pub problems: Vec<(PathBuf, String)>,
    /// Files found in a folder or by a pattern and not read, with the reason in Chinese
    /// (see [`reason_to_skip`]).
    pub skipped: Vec<(PathBuf, String)>,
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
/// - a folder is walked recursively; every file in it is read unless [`reason_to_skip`] gives a
///   reason, and then it is listed in [`Expansion::skipped`]; outputs mirror the paths below the
///   folder; symbolic links to folders are not followed (and listed as skipped);
/// - an argument that does not exist but contains `*`, `?` or `[` is a glob pattern (`**` crosses
///   folders); matches are sorted like folder entries and mirror the paths below the
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
            walk(arg, exclude.as_deref(), &mut found, &mut out);
            found.sort();
            let found = keep_readable(found, &mut out.skipped);
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
                .filter(|p| p.is_file())
                .filter(|p| !inside(p, exclude.as_deref()))
                .collect();
            found.sort();
            let found = keep_readable(found, &mut out.skipped);
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

/// The files to read; the others go to `skipped` with their reason.
fn keep_readable(found: Vec<PathBuf>, skipped: &mut Vec<(PathBuf, String)>) -> Vec<PathBuf> {
    let mut keep = Vec::with_capacity(found.len());
    for path in found {
        match reason_to_skip(&path) {
            Some(why) => skipped.push((path, why)),
            None => keep.push(path),
        }
    }
    keep
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

/// Collects every file below `dir` into `found`; a folder that cannot be opened is a problem, a
/// link to a folder (not followed) a skipped entry.
fn walk(dir: &Path, exclude: Option<&Path>, found: &mut Vec<PathBuf>, out: &mut Expansion) {
    if let (Some(ex), Ok(canon)) = (exclude, dir.canonicalize())
        && canon == ex
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.problems.push((
                dir.to_path_buf(),
                format!("无法打开文件夹：{}", crate::os_error::describe(&e)),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, exclude, found, out);
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            found.push(path);
        } else if kind.is_symlink() && path.is_dir() {
            out.skipped
                .push((path, "指向文件夹的符号链接，未进入".into()));
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
    fn pattern_base_stops_at_first_wildcard() {
        assert_eq!(
            pattern_base(Path::new("in/sub/**/*.txt")),
            PathBuf::from("in/sub")
        );
    }
}
