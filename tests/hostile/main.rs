//! Hostile inputs through the command line, each under a stated time and memory limit.
//!
//! Every input here must end in a result or a clear Chinese error, never a panic, a hang or an
//! exhausted machine. The CLI runs as a child process with its address space capped by
//! `setrlimit(RLIMIT_AS)`; its CPU time (user + system, from `wait4`) must stay under the limit,
//! and a wall-clock deadline catches hangs even on a machine loaded by other jobs. Peak RSS is
//! sampled from `/proc/<pid>/status` (VmHWM). The limits are those of README's
//! "Limits / 安全上限" section, stated for the debug build `cargo test` runs.

#![cfg(unix)]

use std::ffi::OsStr;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod archives;
mod packages;
mod pdf;
mod pdfgen;
mod sizes;

use packages::*;

/// CPU-time and address-space limits for one run.
#[derive(Clone, Copy)]
struct Limits {
    cpu_secs: f64,
    mem_mib: u64,
}

/// The default for every hostile input: 20 s of CPU time, 1 GiB of address space.
const LIMITS: Limits = Limits {
    cpu_secs: 20.0,
    mem_mib: 1024,
};

/// Wall-clock time after which a run counts as hung, whatever the machine's load.
const HANG: Duration = Duration::from_secs(180);

/// How a limited run ended.
struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    cpu_secs: f64,
    cpu_limit: f64,
    max_rss_mib: f64,
}

impl Run {
    /// Panics unless the run ended by itself with one of gongkai's exit codes and no panic.
    fn assert_orderly(&self, what: &str) {
        assert_eq!(
            self.signal, None,
            "{what}: killed by signal {:?}\n{}",
            self.signal, self.stderr
        );
        assert!(
            matches!(self.code, Some(0..=2)),
            "{what}: exit code {:?} (101 = panic)\n{}",
            self.code,
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{what}: panicked\n{}",
            self.stderr
        );
        eprintln!(
            "{what}: exit {:?}, CPU {:.2} s (wall {:.2} s), peak RSS {:.0} MiB",
            self.code,
            self.cpu_secs,
            self.elapsed.as_secs_f64(),
            self.max_rss_mib
        );
        assert!(
            self.cpu_secs <= self.cpu_limit,
            "{what}: {:.2} s of CPU time, over the {} s limit",
            self.cpu_secs,
            self.cpu_limit
        );
    }

    /// Panics unless the run failed with a Chinese error message containing `needle`.
    fn assert_refused(&self, what: &str, needle: &str) {
        self.assert_orderly(what);
        assert_eq!(
            self.code,
            Some(2),
            "{what}: expected a refusal\n{}",
            self.out()
        );
        assert!(
            self.stderr.contains("错误：") && self.stderr.contains(needle),
            "{what}: expected an error naming “{needle}”\n{}",
            self.stderr
        );
    }

    /// Panics unless the input was read through: a report with or without findings, or a file
    /// read in full and then refused because it holds nothing of a report (a sheet of junk).
    fn assert_read_through(&self, what: &str) {
        if self.code == Some(2) && self.stderr.contains("这不是政府信息公开工作年度报告")
        {
            self.assert_orderly(what);
            return;
        }
        self.assert_read(what);
    }

    /// Panics unless the input was read (a report with or without findings).
    fn assert_read(&self, what: &str) {
        self.assert_orderly(what);
        assert!(
            matches!(self.code, Some(0 | 1)),
            "{what}: expected the file to be read\n{}",
            self.out()
        );
    }

    fn out(&self) -> String {
        format!("stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr)
    }
}

/// Peak resident set of a running process (VmHWM), in MiB; 0 once it has exited.
fn peak_rss_mib(pid: libc::pid_t) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Runs the CLI in `dir` under `limits`; fails the test when it hangs.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also gives its CPU time"
)]
fn run_limited<I, S>(dir: &Path, args: I, limits: Limits) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    use std::os::unix::process::CommandExt as _;
    let bytes = limits.mem_mib * 1024 * 1024;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.current_dir(dir)
        .args(args)
        // glibc reserves 64 MiB of address space per thread arena; keep that out of the cap.
        .env("MALLOC_ARENA_MAX", "2")
        .env("RAYON_NUM_THREADS", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: only async-signal-safe setrlimit runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("starts gongkai");
    let pid = child.id() as libc::pid_t;
    let mut out_pipe = child.stdout.take().expect("stdout pipe");
    let mut err_pipe = child.stderr.take().expect("stderr pipe");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let mut max_rss_mib: f64 = 0.0;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our child; status and usage are valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        max_rss_mib = max_rss_mib.max(peak_rss_mib(pid));
        if start.elapsed() > HANG {
            let _ = child.kill();
            // SAFETY: as above; reaps the killed child.
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            let stderr =
                String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
            panic!(
                "gongkai {:?} hung: still running after {} s\n{stderr}",
                cmd.get_args().collect::<Vec<_>>(),
                HANG.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    let (code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    Run {
        code,
        signal,
        stdout,
        stderr,
        elapsed,
        cpu_secs: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        cpu_limit: limits.cpu_secs,
        max_rss_mib,
    }
}

fn seconds(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

/// `gongkai check FILE` under [`LIMITS`].
fn check(dir: &Path, file: &Path) -> Run {
    run_limited(dir, [OsStr::new("check"), file.as_os_str()], LIMITS)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("writes input");
    p
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}
