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

// ---------------------------------------------------------------- package builders

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docx_parts(document_xml: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec(),
        ),
        ("word/document.xml", document_xml.to_vec()),
    ]
}

fn xlsx_parts(sheet_xml: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec(),
        ),
        ("xl/worksheets/sheet1.xml", sheet_xml.to_vec()),
    ]
}

/// A zip of stored (uncompressed) parts.
fn zip_stored(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    for (name, bytes) in parts {
        zip.start_file(*name, opts).expect("zip entry");
        zip.write_all(bytes).expect("zip data");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// A zip whose part `bomb` holds `head` followed by `mib` MiB of the letter `a`, deflated to a
/// few hundred bytes per MiB; the other parts are stored. Written by hand so that making a
/// gigabyte-sized part costs milliseconds: the compressed form of one MiB of `a` after a window
/// of `a` is the same every time, so it is compressed once and repeated.
fn zip_bomb(parts: &[(&str, Vec<u8>)], bomb: &str, head: &[u8], mib: u32) -> Vec<u8> {
    zip_bomb_declaring(parts, bomb, head, mib, None)
}

/// As [`zip_bomb`], with the part's size in the zip headers set to `declared` bytes when given
/// (a bomb that lies about its size).
fn zip_bomb_declaring(
    parts: &[(&str, Vec<u8>)],
    bomb: &str,
    head: &[u8],
    mib: u32,
    declared: Option<u32>,
) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    const MIB: usize = 1 << 20;
    let deflate = |c: &mut Compress, input: &[u8], flush: FlushCompress| -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len() / 100 + 1024);
        let mut pos = 0;
        loop {
            let before = c.total_in();
            c.compress_vec(&input[pos..], &mut out, flush)
                .expect("deflate");
            pos += (c.total_in() - before) as usize;
            if pos >= input.len() && out.len() < out.capacity() {
                return out;
            }
            out.reserve(64 * 1024);
        }
    };
    let mut first = head.to_vec();
    first.resize(MIB, b'a');
    let chunk = vec![b'a'; MIB];
    let mut c = Compress::new(Compression::best(), false);
    let a = deflate(&mut c, &first, FlushCompress::Sync);
    let b = deflate(&mut c, &chunk, FlushCompress::Sync);
    let b2 = deflate(&mut c, &chunk, FlushCompress::Sync);
    assert_eq!(b, b2, "one MiB of `a` must deflate the same way each time");
    let end = deflate(&mut c, &[], FlushCompress::Finish);
    let mut data = a;
    for _ in 1..mib {
        data.extend_from_slice(&b);
    }
    data.extend_from_slice(&end);
    let size = u64::from(mib) * MIB as u64;
    let size32 = declared.unwrap_or(u32::try_from(size).expect("bomb under 4 GiB"));
    // CRC of the whole part: the head MiB, then copies of the chunk's CRC combined by doubling.
    let mut crc = crc32fast::Hasher::new();
    crc.update(&first);
    let mut rest = mib - 1;
    let mut power = crc32fast::Hasher::new();
    power.update(&chunk);
    while rest > 0 {
        if rest & 1 == 1 {
            crc.combine(&power);
        }
        let copy = power.clone();
        power.combine(&copy);
        rest >>= 1;
    }
    let bomb_crc = crc.finalize();

    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut entry = |name: &str, method: u16, crc: u32, csize: u32, usize_: u32, body: &[u8]| {
        let offset = u32::try_from(out.len()).expect("small zip");
        let n = u16::try_from(name.len()).expect("short name");
        for (v, len) in [
            (0x0403_4b50u32, 4),
            (20, 2),
            (0, 2),
            (u32::from(method), 2),
            (0, 2),
            (0x21, 2),
            (crc, 4),
            (csize, 4),
            (usize_, 4),
            (u32::from(n), 2),
            (0, 2),
        ] {
            out.extend_from_slice(&v.to_le_bytes()[..len]);
        }
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body);
        for (v, len) in [
            (0x0201_4b50u32, 4),
            (20, 2),
            (20, 2),
            (0, 2),
            (u32::from(method), 2),
            (0, 2),
            (0x21, 2),
            (crc, 4),
            (csize, 4),
            (usize_, 4),
            (u32::from(n), 2),
            (0, 2),
            (0, 2),
            (0, 2),
            (0, 2),
            (0, 4),
            (offset, 4),
        ] {
            central.extend_from_slice(&v.to_le_bytes()[..len]);
        }
        central.extend_from_slice(name.as_bytes());
    };
    let mut count = 0u16;
    for (name, body) in parts {
        let len = u32::try_from(body.len()).expect("small part");
        entry(name, 0, crc32fast::hash(body), len, len, body);
        count += 1;
    }
    let csize = u32::try_from(data.len()).expect("small compressed part");
    entry(bomb, 8, bomb_crc, csize, size32, &data);
    count += 1;
    let cd_offset = u32::try_from(out.len()).expect("small zip");
    let cd_len = u32::try_from(central.len()).expect("small directory");
    out.extend_from_slice(&central);
    for (v, len) in [
        (0x0605_4b50u32, 4),
        (0, 2),
        (0, 2),
        (u32::from(count), 2),
        (u32::from(count), 2),
        (cd_len, 4),
        (cd_offset, 4),
        (0, 2),
    ] {
        out.extend_from_slice(&v.to_le_bytes()[..len]);
    }
    out
}

fn without(parts: Vec<(&'static str, Vec<u8>)>, name: &str) -> Vec<(&'static str, Vec<u8>)> {
    parts.into_iter().filter(|(n, _)| *n != name).collect()
}

/// A row of three cells as Word table XML.
fn docx_row(cells: [&str; 3]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str("<w:tc><w:p><w:r><w:t>");
        s.push_str(c);
        s.push_str("</w:t></w:r></w:p></w:tc>");
    }
    s.push_str("</w:tr>");
    s
}

fn docx_body(inner: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>"#
    )
    .into_bytes()
}

fn sheet_xml(rows: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
    .into_bytes()
}

fn sheet_row(r: usize, cells: [&str; 3]) -> String {
    let mut s = format!(r#"<row r="{r}">"#);
    for (c, text) in ["A", "B", "C"].iter().zip(cells) {
        s.push_str(&format!(
            r#"<c r="{c}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#
        ));
    }
    s.push_str("</row>");
    s
}

// ---------------------------------------------------------------- zip bombs

#[test]
fn zip_bomb_docx_is_refused_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>"#
    );
    // 3 GiB of document text in a file of a few MB.
    let bytes = zip_bomb(
        &without(docx_parts(b""), "word/document.xml"),
        "word/document.xml",
        head.as_bytes(),
        3 * 1024,
    );
    assert!(bytes.len() < 8 << 20, "the bomb is small: {}", bytes.len());
    let file = write(dir.path(), "bomb.docx", &bytes);
    let run = check(dir.path(), &file);
    run.assert_refused("docx zip bomb", "安全上限");
    // The declared size is enough to refuse it: nothing is unzipped.
    assert!(
        run.max_rss_mib < 100.0,
        "peak RSS {:.0} MiB",
        run.max_rss_mib
    );
}

#[test]
fn zip_bomb_docx_lying_about_its_size_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>"#
    );
    let bytes = zip_bomb_declaring(
        &without(docx_parts(b""), "word/document.xml"),
        "word/document.xml",
        head.as_bytes(),
        3 * 1024,
        Some(4096),
    );
    let file = write(dir.path(), "liar.docx", &bytes);
    let run = check(dir.path(), &file);
    run.assert_orderly("docx zip bomb declaring 4 KB");
    assert_eq!(run.code, Some(2), "{}", run.out());
}

#[test]
fn zip_bomb_xlsx_is_refused_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#;
    let bytes = zip_bomb(
        &without(xlsx_parts(b""), "xl/worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml",
        head,
        3 * 1024,
    );
    assert!(bytes.len() < 8 << 20, "the bomb is small: {}", bytes.len());
    let file = write(dir.path(), "bomb.xlsx", &bytes);
    check(dir.path(), &file).assert_refused("xlsx zip bomb", "安全上限");
}

// ---------------------------------------------------------------- entities

#[test]
fn billion_laughs_in_xlsx_shared_strings_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = check(dir.path(), &fixture("poi__poc-xmlbomb.xlsx"));
    run.assert_orderly("poi poc-xmlbomb.xlsx");
    assert!(
        !run.stdout.contains("lollollol"),
        "entities must not be expanded\n{}",
        run.out()
    );
}

#[test]
fn billion_laughs_in_docx_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut dtd =
        String::from(r#"<!DOCTYPE w:document [<!ENTITY lol0 "lollollollollollollollollollol">"#);
    for i in 1..=9 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        dtd.push_str(&format!(r#"<!ENTITY lol{i} "{refs}">"#));
    }
    dtd.push_str("]>");
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{dtd}<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let file = write(
        dir.path(),
        "laughs.docx",
        &zip_stored(&docx_parts(xml.as_bytes())),
    );
    let run = run_limited(
        dir.path(),
        [
            OsStr::new("convert"),
            file.as_os_str(),
            OsStr::new("-o"),
            OsStr::new("-"),
        ],
        LIMITS,
    );
    run.assert_orderly("docx billion laughs");
    assert!(
        !run.stdout.contains("lollollol"),
        "entities must not be expanded\n{}",
        run.out()
    );
}

#[test]
fn external_entity_in_docx_from_poi_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = check(dir.path(), &fixture("poi__ExternalEntityInText.docx"));
    run.assert_orderly("poi ExternalEntityInText.docx");
}

#[test]
fn external_entity_naming_a_local_file_is_not_read_into_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = write(dir.path(), "secret.txt", "机密内容XYZZY".as_bytes());
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{}">]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>一、总体情况&xxe;</w:t></w:r></w:p></w:body></w:document>"#,
        secret.display()
    );
    let file = write(
        dir.path(),
        "xxe.docx",
        &zip_stored(&docx_parts(xml.as_bytes())),
    );
    let run = run_limited(
        dir.path(),
        [
            OsStr::new("convert"),
            file.as_os_str(),
            OsStr::new("-o"),
            OsStr::new("-"),
        ],
        LIMITS,
    );
    run.assert_orderly("docx local external entity");
    assert!(!run.stdout.contains("XYZZY"), "{}", run.out());
    assert!(!run.stderr.contains("XYZZY"), "{}", run.out());
}

// ---------------------------------------------------------------- deep nesting

#[test]
fn xml_nested_100000_deep_in_docx_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    let mut inner = "<w:tbl><w:tr><w:tc>".repeat(depth);
    inner.push_str("<w:p><w:r><w:t>深</w:t></w:r></w:p>");
    inner.push_str(&"</w:tc></w:tr></w:tbl>".repeat(depth));
    let file = write(
        dir.path(),
        "deep.docx",
        &zip_stored(&docx_parts(&docx_body(&inner))),
    );
    check(dir.path(), &file).assert_refused("docx nested 100,000 deep", "安全上限");
}

#[test]
fn xml_nested_100000_deep_in_xlsx_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    let mut rows = "<x>".repeat(depth);
    rows.push_str(&"</x>".repeat(depth));
    let file = write(
        dir.path(),
        "deep.xlsx",
        &zip_stored(&xlsx_parts(&sheet_xml(&rows))),
    );
    check(dir.path(), &file).assert_orderly("xlsx nested 100,000 deep");
}

#[test]
fn html_nested_100000_deep_ends_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 100_000;
    let mut page = String::from("<!DOCTYPE html><html><body>");
    page.push_str(&"<div><table><tr><td>".repeat(depth / 4));
    page.push_str(&"<span>".repeat(depth));
    page.push('深');
    let file = write(dir.path(), "deep.html", page.as_bytes());
    check(dir.path(), &file).assert_orderly("html nested 100,000 deep");
}

// ---------------------------------------------------------------- big tables

const ROWS: usize = 100_000;

#[test]
fn table_of_100000_rows_in_text_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("一、总体情况\n\n信息内容\t本年新制作数量\t本年新公开数量\n");
    for i in 0..ROWS {
        text.push_str(&format!("第{i}项\t{i}\t{}\n", i % 7));
    }
    let file = write(dir.path(), "rows.txt", text.as_bytes());
    check(dir.path(), &file).assert_read("text table of 100,000 rows");
}

#[test]
fn table_of_100000_rows_in_html_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut page = String::from("<!DOCTYPE html><html><body><h1>一、总体情况</h1><table>");
    for i in 0..ROWS {
        page.push_str(&format!(
            "<tr><td>第{i}项</td><td>{i}</td><td>{}</td></tr>",
            i % 7
        ));
    }
    page.push_str("</table></body></html>");
    let file = write(dir.path(), "rows.html", page.as_bytes());
    check(dir.path(), &file).assert_read("html table of 100,000 rows");
}

#[test]
fn table_of_100000_rows_in_docx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut inner = String::from("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><w:tbl>");
    for i in 0..ROWS {
        inner.push_str(&docx_row([&format!("第{i}项"), &i.to_string(), "0"]));
    }
    inner.push_str("</w:tbl>");
    let file = write(
        dir.path(),
        "rows.docx",
        &zip_stored(&docx_parts(&docx_body(&inner))),
    );
    check(dir.path(), &file).assert_read("docx table of 100,000 rows");
}

#[test]
fn table_of_100000_rows_in_xlsx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = String::new();
    for i in 0..ROWS {
        rows.push_str(&sheet_row(
            i + 1,
            [&format!("第{i}项"), &i.to_string(), "0"],
        ));
    }
    let file = write(
        dir.path(),
        "rows.xlsx",
        &zip_stored(&xlsx_parts(&sheet_xml(&rows))),
    );
    check(dir.path(), &file).assert_read("xlsx table of 100,000 rows");
}

/// A worksheet of `rows` whose merged regions are `merges` (A1 references).
fn sheet_xml_merged(rows: &str, merges: &[String]) -> Vec<u8> {
    let list: String = merges
        .iter()
        .map(|m| format!(r#"<mergeCell ref="{m}"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData><mergeCells count="{}">{list}</mergeCells></worksheet>"#,
        merges.len()
    )
    .into_bytes()
}

/// 50,000 labels in column A, each merged over two rows and `last` columns.
fn merged_labels(last: &str) -> Vec<u8> {
    let mut rows = String::new();
    let mut merges = Vec::new();
    for i in 0..50_000 {
        let r = 2 * i + 1;
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>第{i}项</t></is></c></row>"#
        ));
        merges.push(format!("A{r}:{last}{}", r + 1));
    }
    zip_stored(&xlsx_parts(&sheet_xml_merged(&rows, &merges)))
}

#[test]
fn xlsx_with_50000_merged_ranges_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "merges.xlsx", &merged_labels("P"));
    check(dir.path(), &file).assert_read("xlsx with 50,000 merged ranges");
}

#[test]
fn xlsx_with_merges_over_a_billion_positions_is_refused_within_limits() {
    // Expanding the spans into a grid would take tens of GB: 50,000 merges over whole rows,
    // and a single cell merged over A1:XFD60000 (a file of 1.5 KB).
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "wide.xlsx", &merged_labels("XFD"));
    check(dir.path(), &file).assert_refused("xlsx with 50,000 whole-row merges", "安全上限");
    let one = sheet_xml_merged(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>"#,
        &["A1:XFD60000".to_string()],
    );
    let file = write(dir.path(), "one.xlsx", &zip_stored(&xlsx_parts(&one)));
    check(dir.path(), &file)
        .assert_refused("xlsx with one cell merged over A1:XFD60000", "16384 列");
}

// ---------------------------------------------------------------- big files and cells

#[test]
fn text_file_of_200_mb_is_refused_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.txt");
    {
        let f = std::fs::File::create(&path).expect("creates big.txt");
        let mut w = std::io::BufWriter::new(f);
        let line = "本年新制作数量\t1\t2\t3\n".repeat(1000);
        for _ in 0..(200 << 20) / line.len() + 1 {
            w.write_all(line.as_bytes()).expect("writes big.txt");
        }
        w.flush().expect("flushes big.txt");
    }
    let run = check(dir.path(), &path);
    run.assert_refused("200 MB text", "安全上限");
    // Refused from its first bytes, without reading it all.
    assert!(
        run.max_rss_mib < 100.0,
        "peak RSS {:.0} MiB",
        run.max_rss_mib
    );
    assert!(run.cpu_secs < 2.0, "{:.2} s of CPU", run.cpu_secs);
}

/// Ten MiB of Chinese text with digits and spaces mixed in, as one cell.
fn big_cell() -> String {
    "本年新制作数量 123 规章，".repeat(10 << 20 >> 5)
}

#[test]
fn cell_with_10_mb_of_text_in_text_file_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!("一、总体情况\n\n信息内容\t{}\t1\n规章\t0\t1\n", big_cell());
    let file = write(dir.path(), "cell.txt", text.as_bytes());
    check(dir.path(), &file).assert_read("10 MB cell in text");
}

#[test]
fn cell_with_10_mb_of_text_in_html_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = format!(
        "<!DOCTYPE html><html><body><table><tr><td>信息内容</td><td>{}</td></tr></table></body></html>",
        big_cell()
    );
    let file = write(dir.path(), "cell.html", page.as_bytes());
    check(dir.path(), &file).assert_read("10 MB cell in html");
}

#[test]
fn cell_with_10_mb_of_text_in_docx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inner = format!(
        "<w:tbl>{}{}</w:tbl>",
        docx_row(["信息内容", &big_cell(), "1"]),
        docx_row(["规章", "0", "1"])
    );
    let file = write(
        dir.path(),
        "cell.docx",
        &zip_stored(&docx_parts(&docx_body(&inner))),
    );
    check(dir.path(), &file).assert_read("10 MB cell in docx");
}

#[test]
fn cell_with_10_mb_of_text_in_xlsx_is_read_within_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = format!(
        "{}{}",
        sheet_row(1, ["信息内容", &big_cell(), "1"]),
        sheet_row(2, ["规章", "0", "1"])
    );
    let file = write(
        dir.path(),
        "cell.xlsx",
        &zip_stored(&xlsx_parts(&sheet_xml(&rows))),
    );
    check(dir.path(), &file).assert_read("10 MB cell in xlsx");
}

// ---------------------------------------------------------------- paths

#[test]
fn path_with_chinese_characters_and_spaces_is_read_and_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("测试 目录");
    std::fs::create_dir(&sub).expect("creates 测试 目录");
    let seed = include_str!("../samples/zhangdian-2023.utf8.txt");
    let file = write(&sub, "报告 一.txt", seed.as_bytes());
    let run = run_limited(
        dir.path(),
        [OsStr::new("check"), OsStr::new("测试 目录/报告 一.txt")],
        LIMITS,
    );
    run.assert_read("Chinese path");
    assert!(run.stdout.contains("报告 一.txt"), "{}", run.out());

    std::fs::create_dir(dir.path().join("输出 目录")).expect("creates 输出 目录");
    let run = run_limited(
        dir.path(),
        [
            OsStr::new("convert"),
            file.as_os_str(),
            OsStr::new("-o"),
            OsStr::new("输出 目录/报告 一.json"),
        ],
        LIMITS,
    );
    run.assert_read("Chinese output path");
    let out = dir.path().join("输出 目录").join("报告 一.json");
    let json = std::fs::read_to_string(&out).expect("writes 输出 目录/报告 一.json");
    assert!(json.contains("\"requests\""), "{json}");
}

#[test]
fn missing_file_with_chinese_name_gives_a_chinese_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = check(dir.path(), Path::new("不存在 的文件.docx"));
    run.assert_refused("missing file", "不存在");
}
