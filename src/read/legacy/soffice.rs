//! Running LibreOffice: finding the program, one private profile and folder per conversion,
//! a time limit enforced by killing the whole process group.

use super::{
    SOFFICE_ENV, Target, input_extension, missing_message, target_for, usual_locations,
    word_says_encrypted,
};
use crate::read::ReadError;
use std::ffi::OsString;
use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A LibreOffice program and the time limit for one conversion.
#[derive(Debug, Clone)]
pub struct Converter {
    program: PathBuf,
    timeout: Duration,
}

/// A converted file inside its temporary folder; the folder is removed when this is dropped.
#[derive(Debug)]
pub struct Converted {
    // Kept for its Drop: removes the folder with the copy, the profile and the result.
    _dir: tempfile::TempDir,
    path: PathBuf,
    target: Target,
}

impl Converted {
    /// Path of the converted .docx or .xlsx.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the file was converted to.
    pub fn target(&self) -> Target {
        self.target
    }
}

impl Converter {
    /// A converter running `program` with the default time limit.
    pub fn new(program: impl Into<PathBuf>) -> Self {
        Converter {
            program: program.into(),
            timeout: Duration::from_secs(super::DEFAULT_TIMEOUT_SECS),
        }
    }

    /// The same converter with another time limit per file.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The LibreOffice program to use: `GONGKAI_SOFFICE` if set (when it names no file,
    /// LibreOffice counts as absent), else `soffice` or `libreoffice` on `PATH`, else the usual
    /// install folders (/usr/lib/libreoffice/program, /opt/libreoffice*/program, …).
    ///
    /// # Errors
    /// [`ReadError::Converter`] saying how to install LibreOffice or to save the file as
    /// .docx/.xlsx.
    pub fn find() -> Result<Converter, ReadError> {
        locate(
            std::env::var_os(SOFFICE_ENV),
            std::env::var_os("PATH"),
            &usual_locations(),
        )
        .map(Converter::new)
    }

    /// The program this converter runs.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Converts the file at `path` to `target` in a new temporary folder.
    ///
    /// # Errors
    /// As [`Converter::convert_bytes`], and [`ReadError::Io`] when the file cannot be read.
    pub fn convert(&self, path: &Path, target: Target) -> Result<Converted, ReadError> {
        let bytes = std::fs::read(path)?;
        self.run(path, &bytes, target)
    }

    /// Converts `bytes` (the content of `path`) to .docx or .xlsx, deciding which by
    /// [`target_for`].
    ///
    /// # Errors
    /// [`ReadError::Converter`] when LibreOffice fails, produces nothing, or runs past the time
    /// limit (it is then killed with all its child processes); [`ReadError::Encrypted`] when it
    /// failed on a Word file marked as encrypted.
    pub fn convert_bytes(&self, path: &Path, bytes: &[u8]) -> Result<Converted, ReadError> {
        self.run(path, bytes, target_for(path, bytes))
    }

    fn run(&self, path: &Path, bytes: &[u8], target: Target) -> Result<Converted, ReadError> {
        let dir = tempfile::Builder::new().prefix("gongkai-lo-").tempdir()?;
        let input = dir
            .path()
            .join(format!("input.{}", input_extension(path, bytes, target)));
        std::fs::write(&input, bytes)?;
        let out_dir = dir.path().join("out");
        let profile = dir.path().join("profile");
        let log_path = dir.path().join("soffice.log");
        let log = File::create(&log_path)?;
        let mut cmd = Command::new(&self.program);
        cmd.arg(format!("-env:UserInstallation={}", file_url(&profile)))
            .args([
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                target.convert_to(),
                "--outdir",
            ])
            .arg(&out_dir)
            .arg(&input)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let child = spawn(&mut cmd).map_err(|e| ReadError::Converter {
            detail: format!(
                "无法启动 LibreOffice（{}）：{e}；{}",
                self.program.display(),
                missing_message(None)
            ),
        })?;
        let finished = wait_or_kill(child, self.timeout)?;
        let output = out_dir.join(format!("input.{}", target.extension()));
        let made = std::fs::metadata(&output).is_ok_and(|m| m.len() > 0);
        if made {
            return Ok(Converted {
                _dir: dir,
                path: output,
                target,
            });
        }
        if !finished {
            return Err(ReadError::Converter {
                detail: format!(
                    "LibreOffice 转换超时（超过 {} 秒），已终止；文件可能已加密、损坏或过大。\
                     请在 Word/WPS 中另存为 .docx/.xlsx 后再导入",
                    self.timeout.as_secs()
                ),
            });
        }
        if target == Target::Docx && word_says_encrypted(bytes) {
            return Err(ReadError::Encrypted {
                what: "Word 97-2003 文档设置了打开密码".into(),
            });
        }
        let said = log_tail(&log_path);
        let reason = if said.contains("could not be loaded") {
            "LibreOffice 无法打开此文件，文件可能已损坏、加密或不是 Word/WPS/Excel 文件".to_string()
        } else if said.is_empty() {
            "LibreOffice 没有生成转换结果".to_string()
        } else {
            format!("LibreOffice 没有生成转换结果（{said}）")
        };
        Err(ReadError::Converter {
            detail: format!("{reason}；请在 Word/WPS 中另存为 .docx/.xlsx 后再导入"),
        })
    }
}

/// Starts the command, retrying briefly while the program file is still open for writing
/// somewhere (ETXTBSY: a program being installed or updated).
fn spawn(cmd: &mut Command) -> std::io::Result<Child> {
    let mut tries = 0;
    loop {
        match cmd.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 20 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Waits for the child; past `timeout` kills its whole process group (LibreOffice's launcher
/// starts `soffice.bin` as a child). Returns whether it finished on its own.
fn wait_or_kill(mut child: Child, timeout: Duration) -> Result<bool, ReadError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(20);
    loop {
        if child.try_wait()?.is_some() {
            return Ok(true);
        }
        if start.elapsed() >= timeout {
            kill_all(&mut child);
            return Ok(false);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(200));
    }
}

fn kill_all(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(group) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group the child leads (it was
        // spawned with process_group(0)); it touches no memory of ours.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The last line LibreOffice printed, without its noise about Java.
fn log_tail(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(f) = File::open(path) {
        let _ = f.take(64 * 1024).read_to_string(&mut text);
    }
    text.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.contains("javaldx"))
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect()
}

/// A `file://` URL for a local path, as LibreOffice's `-env:UserInstallation` wants it.
pub(super) fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    };
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Finds the program: the override first, then `PATH`, then `usual` places.
fn locate(
    override_path: Option<OsString>,
    path_var: Option<OsString>,
    usual: &[PathBuf],
) -> Result<PathBuf, ReadError> {
    if let Some(p) = override_path.filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(ReadError::Converter {
                detail: missing_message(Some(&p)),
            })
        };
    }
    let names: &[&str] = if cfg!(windows) {
        &["soffice.exe", "soffice.com", "libreoffice.exe"]
    } else {
        &["soffice", "libreoffice"]
    };
    if let Some(paths) = path_var {
        for dir in std::env::split_paths(&paths) {
            for name in names {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Ok(candidate);
                }
            }
        }
    }
    usual
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| ReadError::Converter {
            detail: missing_message(None),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_url_escapes_spaces_and_keeps_drive_letters() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/profile")),
            "file:///tmp/a%20b/profile"
        );
        assert_eq!(
            file_url(Path::new(r"C:\Temp\p")),
            if cfg!(windows) {
                "file:///C:/Temp/p"
            } else {
                "file:///C:%5CTemp%5Cp"
            }
        );
    }

    #[test]
    fn override_wins_even_when_a_program_is_on_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fake = dir.path().join("soffice");
        std::fs::write(&fake, "").expect("write");
        let path_var = Some(dir.path().as_os_str().to_owned());
        assert_eq!(locate(None, path_var.clone(), &[]).ok(), Some(fake.clone()));
        let missing = dir.path().join("nowhere");
        let err = locate(Some(missing.clone().into_os_string()), path_var, &[fake])
            .expect_err("override names no file");
        assert!(err.to_string().contains(SOFFICE_ENV), "{err}");
    }

    #[test]
    fn falls_back_to_usual_places() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fake = dir.path().join("program-soffice");
        std::fs::write(&fake, "").expect("write");
        let found = locate(None, None, &[dir.path().join("absent"), fake.clone()]);
        assert_eq!(found.ok(), Some(fake));
        assert!(matches!(
            locate(None, None, &[]),
            Err(ReadError::Converter { .. })
        ));
    }
}
