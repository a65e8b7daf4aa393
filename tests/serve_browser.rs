//! `gongkai serve` in a real browser: headless Chromium driven over WebDriver (chromedriver),
//! with a WebDriver client of a few calls written here over the plain-socket HTTP client of
//! `serve_support`. Upload a sample, see its 200 cells and as many findings as `gongkai check`,
//! break a sum by editing a cell and see the error on it, download the .docx and read the edited
//! value back. Skips, saying so, when chromium or chromedriver is not installed (`.ci/run`
//! installs both).
//!
//! With GONGKAI_BLESS=1 the screenshot of the page with the finding shown is written to
//! docs/img/serve.png (the README shows it); otherwise to target/serve-screenshot.png.

mod serve_support;

use serde_json::{Value, json};
use serve_support::{Server, cli_findings, request, sample};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &str = "zhangdian-2023.lo.docx";
const EDITED: &str = "tables.requests.new.natural";
const EDITED_VALUE: i64 = 999_999;

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// A chromedriver process and one browser session.
struct Driver {
    child: Child,
    addr: String,
    session: String,
}

impl Driver {
    fn start(chromium: &Path, chromedriver: &Path, profile: &Path, downloads: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port: {e}"));
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromedriver: {e}"));
        let addr = format!("127.0.0.1:{port}");
        let mut driver = Driver {
            child,
            addr,
            session: String::new(),
        };
        wait_for(Duration::from_secs(30), "chromedriver to listen", || {
            std::net::TcpStream::connect(&driver.addr).is_ok()
        });
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1500,1100",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let v = driver.call("POST", "/session", Some(&caps));
        driver.session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        driver
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let reply = request(
            &self.addr,
            method,
            path,
            &[
                ("Host", &self.addr),
                ("Content-Type", "application/json; charset=utf-8"),
            ],
            &bytes,
        );
        let v = reply.json();
        assert_eq!(reply.status, 200, "WebDriver {method} {path}: {v}");
        v
    }

    fn at(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.at("/url"), Some(&json!({ "url": url })));
    }

    fn run(&self, script: &str) -> Value {
        self.call(
            "POST",
            &self.at("/execute/sync"),
            Some(&json!({ "script": script, "args": [] })),
        )["value"]
            .clone()
    }

    fn element(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.at("/element"),
            Some(&json!({ "using": "css selector", "value": css })),
        );
        v["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.call(
            "POST",
            &self.at(&format!("/element/{id}/value")),
            Some(&json!({ "text": text })),
        );
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.call(
            "POST",
            &self.at(&format!("/element/{id}/click")),
            Some(&json!({})),
        );
    }

    fn screenshot(&self) -> Vec<u8> {
        let v = self.call("GET", &self.at("/screenshot"), None);
        base64(v["value"].as_str().unwrap_or_default())
    }

    /// Polls a script until it returns true.
    fn wait_true(&self, what: &str, script: &str) {
        wait_for(Duration::from_secs(120), what, || {
            self.run(script) == Value::Bool(true)
        });
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = self.at("");
            let _ = request(&self.addr, "DELETE", &path, &[("Host", &self.addr)], b"");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(limit: Duration, what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

#[test]
fn a_clerk_uploads_edits_sees_the_error_and_downloads_the_docx() {
    let (Some(chromium), Some(chromedriver)) = (
        which("chromium").or_else(|| which("chromium-browser")),
        which("chromedriver"),
    ) else {
        eprintln!(
            "SKIPPED serve_browser: chromium and chromedriver are not installed \
             (apt-get install chromium chromium-driver; .ci/run installs them)"
        );
        return;
    };
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let downloads = work.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap_or_else(|e| panic!("{e}"));
    let server = Server::start(&[]);
    let driver = Driver::start(
        &chromium,
        &chromedriver,
        &work.path().join("profile"),
        &downloads,
    );
    driver.go(&server.url);
    driver.wait_true("the page", "return document.body.dataset.ready === '1'");

    // Upload: 200 cells, as many findings as the CLI.
    let (path, _) = sample(SAMPLE);
    driver.type_into("#file", &path.display().to_string());
    driver.wait_true(
        "the tables",
        "return document.querySelectorAll('td.value').length === 200",
    );
    let expected = cli_findings(&path).as_array().map_or(0, Vec::len);
    let shown = driver.run("return Number(document.getElementById('summary').dataset.total)");
    assert_eq!(shown, json!(expected));
    let listed = driver.run("return document.querySelectorAll('#findings li').length");
    assert_eq!(listed, json!(expected));
    assert_eq!(
        driver.run("return document.querySelectorAll('td.sev-error').length"),
        json!(0)
    );

    // Edit a part so that its row's total no longer adds up: the error appears on the row.
    let cell = format!("td[data-cell='{EDITED}'] input");
    driver.run(&format!(
        "document.querySelector(\"{cell}\").value = ''; return true"
    ));
    driver.type_into(&cell, &format!("{EDITED_VALUE}\u{E004}"));
    driver.wait_true(
        "the error on the edited row",
        "return document.querySelector('td.sev-error[data-cell^=\"tables.requests.new.\"]') !== null",
    );
    let message = driver.run(
        "return document.querySelector('td.sev-error[data-cell^=\"tables.requests.new.\"]').title",
    );
    assert!(message.as_str().is_some_and(|m| !m.is_empty()), "{message}");

    // A total that the prose contradicts: the sentence is marked where it stands.
    let total = "td[data-cell='tables.requests.new.total'] input";
    driver.run(&format!(
        "document.querySelector(\"{total}\").value = ''; return true"
    ));
    driver.type_into(total, "5\u{E004}");
    driver.wait_true(
        "the prose sentence marked",
        "return [...document.querySelectorAll('#body mark')].some(m => m.textContent.includes('1起'))",
    );

    // Show the finding as a clerk would (click it in the list) and keep a screenshot.
    driver.run(
        "const i = [...document.querySelectorAll('#findings li')].findIndex(li => li.classList.contains('sev-error')); \
         document.querySelectorAll('#findings li')[i].click(); return i",
    );
    driver.wait_true(
        "the detail",
        "return !document.getElementById('detail').hidden",
    );
    let png = driver.screenshot();
    assert!(png.starts_with(b"\x89PNG"), "screenshot is no PNG");
    let shot = if std::env::var_os("GONGKAI_BLESS").is_some() {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/img/serve.png")
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-screenshot.png")
    };
    std::fs::write(&shot, &png).unwrap_or_else(|e| panic!("{}: {e}", shot.display()));

    // Download the .docx of the edited report and read the edited value back.
    driver.click("#download-docx");
    let mut docx = None;
    wait_for(Duration::from_secs(120), "the .docx download", || {
        docx = std::fs::read_dir(&downloads).ok().and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "docx"))
        });
        docx.is_some()
    });
    let docx = docx.unwrap_or_default();
    let back = gongkai::pipeline::analyze_path(&docx, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
    assert_eq!(
        back.report.get("requests", "new", "natural"),
        Some(&gongkai::model::Value::int(EDITED_VALUE))
    );
    assert_eq!(
        back.report.get("requests", "new", "total"),
        Some(&gongkai::model::Value::int(5))
    );

    // Many files at once: a table of reports, the same report again and a junk file marked.
    let junk = work.path().join("junk.docx");
    std::fs::write(
        &junk,
        (0..4000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (txt, _) = sample("zhangdian-2023.utf8.txt");
    let many = [path.clone(), txt, junk]
        .map(|p| p.display().to_string())
        .join("\n");
    driver.type_into("#file", &many);
    driver.wait_true(
        "the table of reports",
        "return document.querySelectorAll('#batch-table tbody tr').length === 3",
    );
    let classes = driver.run(
        "return [...document.querySelectorAll('#batch-table tbody tr')].map(r => r.className)",
    );
    assert_eq!(classes, json!(["", "duplicate", "unreadable"]));
    driver.click("#batch-table tbody tr:first-child");
    driver.wait_true(
        "the first report of the table",
        "return !document.getElementById('report').hidden && document.querySelectorAll('td.value').length === 200",
    );

    // A folder: its hidden files and Word's lock files are left out, the reports listed.
    let folder = work.path().join("folder");
    std::fs::create_dir_all(folder.join("sub")).unwrap_or_else(|e| panic!("{e}"));
    for (name, to) in [(SAMPLE, "a.docx"), ("zhangdian-2023.utf8.txt", "sub/b.txt")] {
        std::fs::write(folder.join(to), sample(name).1).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(folder.join(".hidden"), b"x").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("~$a.docx"), b"x").unwrap_or_else(|e| panic!("{e}"));
    driver.type_into("#folder", &folder.display().to_string());
    driver.wait_true(
        "the table of the folder's reports",
        "const rows = [...document.querySelectorAll('#batch-table tbody tr')]; \
         return rows.length === 2 && rows.every(r => !r.classList.contains('unreadable'))",
    );
    driver.click("#batch-table tbody tr:first-child");
    driver.wait_true(
        "the folder's first report",
        "return !document.getElementById('report').hidden && document.querySelectorAll('td.value').length === 200",
    );

    // Last year's report beside it: the cross-year finding lands on this year's carried-over cell.
    let mut last = gongkai::pipeline::analyze_path(&path, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .report;
    last.meta.year = Some(2022);
    last.set(
        "requests",
        "carried_forward",
        "total",
        gongkai::model::Value::int(77),
    );
    let last_path = work.path().join("last.json");
    std::fs::write(&last_path, last.to_json().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    driver.type_into("#previous", &last_path.display().to_string());
    driver.wait_true(
        "the cross-year finding on its cell",
        "return document.querySelector('td[data-cell=\"tables.requests.carried_over.total\"]').title.length > 0",
    );
}
