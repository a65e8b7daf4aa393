//! Writing an output safely: a temporary file in the target folder, then a rename, so that an
//! interrupted run never leaves half a file; an existing file is kept unless overwriting is asked.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// What happened to one output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file was written.
    Written,
    /// The file already existed and was kept (no `--force`).
    Exists,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(target: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.gongkai-{}-{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `target` through a temporary file in the same folder and a rename. Creates
/// missing folders. Without `overwrite`, an existing `target` is left untouched and
/// [`Outcome::Exists`] returned — also when another process creates it meanwhile (the final step
/// is a hard link, which never replaces a file; on file systems without hard links, a check then
/// a rename).
///
/// # Errors
/// Any I/O error (folder not writable, disk full …); the temporary file is removed.
pub fn write_atomic(target: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<Outcome> {
    if !overwrite && target.exists() {
        return Ok(Outcome::Exists);
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = temp_path(target);
    let result = write_then_place(&tmp, target, bytes, overwrite);
    // Gone already after a rename; still there after a hard link or a failure.
    let _ = std::fs::remove_file(&tmp);
    result
}

fn write_then_place(
    tmp: &Path,
    target: &Path,
    bytes: &[u8],
    overwrite: bool,
) -> std::io::Result<Outcome> {
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
    }
    if overwrite {
        std::fs::rename(tmp, target)?;
        return Ok(Outcome::Written);
    }
    match std::fs::hard_link(tmp, target) {
        Ok(()) => Ok(Outcome::Written),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Outcome::Exists),
        Err(_) => {
            if target.exists() {
                return Ok(Outcome::Exists);
            }
            std::fs::rename(tmp, target)?;
            Ok(Outcome::Written)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_existing_file_without_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("a.json");
        std::fs::write(&target, b"old").expect("write");
        let outcome = write_atomic(&target, b"new", false).expect("runs");
        assert_eq!(outcome, Outcome::Exists);
        assert_eq!(std::fs::read(&target).expect("read"), b"old");
        let outcome = write_atomic(&target, b"new", true).expect("runs");
        assert_eq!(outcome, Outcome::Written);
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
    }

    #[test]
    fn leaves_no_temporary_files_and_creates_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("x/y/b.json");
        assert_eq!(
            write_atomic(&target, b"1", false).expect("runs"),
            Outcome::Written
        );
        let names: Vec<_> = std::fs::read_dir(dir.path().join("x/y"))
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("b.json")]);
    }
}
