//! `gongkai serve`'s HTTP API: every endpoint answers what the CLI would, every bad request gets
//! a clear JSON error with the right status, and the server keeps serving afterwards.

mod serve_support;

use serve_support::{Server, cli_findings, sample};

const TXT: &str = "zhangdian-2023.utf8.txt";
const DOCX: &str = "zhangdian-2023.lo.docx";

fn assert_error(reply: &serve_support::Reply, status: u16, code: &str) {
    assert_eq!(
        reply.status,
        status,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let v = reply.json();
    assert_eq!(v["code"], code, "{v}");
    assert!(v["error"].as_str().is_some_and(|s| !s.is_empty()), "{v}");
}

/// A sample is still checked.
fn assert_still_serving(server: &Server) {
    let (_, txt) = sample(TXT);
    let reply = server.post_files("/api/check", &[("file", TXT, &txt)], &[]);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
}

/// Bytes that are no report of any kind.
fn junk() -> Vec<u8> {
    (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect()
}

#[test]
fn check_answers_the_report_and_the_findings_of_the_cli() {
    let server = Server::start(&[]);
    for name in [TXT, DOCX] {
        let (path, bytes) = sample(name);
        let reply = server.post_files("/api/check", &[("file", name, &bytes)], &[]);
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let v = reply.json();
        assert_eq!(v["findings"], cli_findings(&path), "{name}");
        assert_eq!(v["file"], name);
        assert_eq!(v["report"]["meta"]["year"], 2023);
        assert_eq!(
            v["places"].as_array().map(Vec::len),
            v["findings"].as_array().map(Vec::len)
        );
    }
}

#[test]
fn an_edited_report_is_checked_again() {
    let server = Server::start(&[]);
    let (_, bytes) = sample(DOCX);
    let v = server
        .post_files("/api/check", &[("file", DOCX, &bytes)], &[])
        .json();
    let mut report = v["report"].clone();
    let before = v["findings"]
        .as_array()
        .map_or(0, |f| f.iter().filter(|f| f["severity"] == "error").count());
    assert_eq!(before, 0);
    // A part larger than its total breaks the sum rule of its row.
    report["tables"]["requests"]["new"]["natural"] = serde_json::json!(999_999);
    let reply = server.post_json("/api/check", &serde_json::json!({ "report": report }));
    assert_eq!(reply.status, 200);
    let after = reply.json();
    let on_cell = after["findings"].as_array().into_iter().flatten().any(|f| {
        f["severity"] == "error" && f["cell"]["table"] == "requests" && f["cell"]["row"] == "new"
    });
    assert!(on_cell, "{}", after["findings"]);
    // A bare report is accepted too.
    let bare = server.post_json("/api/check", &report);
    assert_eq!(bare.status, 200);
}

#[test]
fn last_years_report_adds_the_cross_year_checks() {
    let server = Server::start(&[]);
    let (_, bytes) = sample(DOCX);
    let this = server
        .post_files("/api/check", &[("file", DOCX, &bytes)], &[])
        .json();
    let mut last = this["report"].clone();
    last["meta"]["year"] = serde_json::json!(2022);
    // Last year's requests carried forward differ from this year's carried over.
    last["tables"]["requests"]["carried_forward"]["total"] = serde_json::json!(77);
    let reply = server.post_json(
        "/api/check",
        &serde_json::json!({ "report": this["report"], "previous": last }),
    );
    assert_eq!(reply.status, 200);
    let v = reply.json();
    let cross = v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| {
            f["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("cross_year"))
        })
        .count();
    assert!(cross > 0, "{}", v["findings"]);
}

#[test]
fn convert_writes_each_format_and_refuses_others() {
    let server = Server::start(&[]);
    let (_, bytes) = sample(TXT);
    for (to, magic) in [("docx", &b"PK"[..]), ("xlsx", b"PK"), ("json", b"{")] {
        let reply = server.post_files(
            &format!("/api/convert?to={to}"),
            &[("file", TXT, &bytes)],
            &[],
        );
        assert_eq!(reply.status, 200, "{to}");
        assert!(reply.body.starts_with(magic), "{to}");
        let cd = reply.header("content-disposition").unwrap_or_default();
        assert!(cd.contains(&format!(".{to}")), "{cd}");
    }
    let reply = server.post_files("/api/convert?to=pdf", &[("file", TXT, &bytes)], &[]);
    assert_error(&reply, 400, "unknown_format");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("back.docx");
    let reply = server.post_files("/api/convert?to=docx", &[("file", TXT, &bytes)], &[]);
    std::fs::write(&out, &reply.body).unwrap_or_else(|e| panic!("{e}"));
    let (txt, _) = sample(TXT);
    let a = gongkai::pipeline::analyze_path(&out, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let b = gongkai::pipeline::analyze_path(&txt, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.report.tables, b.report.tables);
}

#[test]
fn template_standard_and_page_are_served() {
    let server = Server::start(&[]);
    let t = server.get("/api/template?organ=%E6%9F%90%E5%B1%80&year=2024");
    assert_eq!(t.status, 200);
    assert!(t.body.starts_with(b"PK"));
    assert_error(&server.get("/api/template?year=abc"), 400, "bad_request");
    let s = server.get("/api/standard").json();
    assert_eq!(s["cells"], 200);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let html = String::from_utf8_lossy(&page.body);
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page loads nothing from outside"
    );
    for asset in ["/app.js", "/many.js", "/app.css"] {
        let r = server.get(asset);
        assert_eq!(r.status, 200);
        let text = String::from_utf8_lossy(&r.body);
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{asset}"
        );
    }
}

#[test]
fn collect_lists_every_file_with_duplicates_and_unreadable_ones() {
    let server = Server::start(&[]);
    let (_, txt) = sample(TXT);
    let (_, docx) = sample(DOCX);
    let junk = junk();
    let files: [(&str, &str, &[u8]); 4] = [
        ("file", TXT, &txt),
        ("file", DOCX, &docx),
        ("file", "copy.txt", &txt),
        ("file", "junk.docx", &junk),
    ];
    let v = server.post_files("/api/collect", &files, &[]).json();
    let rows = v["reports"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 4);
    assert!(rows[0]["duplicate"].is_null() && rows[0]["error"].is_null());
    assert!(
        rows[1]["duplicate"]
            .as_str()
            .is_some_and(|s| s.contains("同一机关同一年度")),
        "{}",
        rows[1]
    );
    assert!(
        rows[2]["duplicate"]
            .as_str()
            .is_some_and(|s| s.contains("内容完全相同")),
        "{}",
        rows[2]
    );
    assert!(rows[3]["error"].as_str().is_some(), "{}", rows[3]);
    assert_eq!(rows[3]["file"], "junk.docx");
    for (to, magic) in [("xlsx", &b"PK"[..]), ("csv", b"\xEF\xBB\xBF")] {
        let r = server.post_files(&format!("/api/collect?to={to}"), &files[..2], &[]);
        assert_eq!(r.status, 200, "{to}");
        assert!(r.body.starts_with(magic), "{to}");
    }
    let csv = server.post_files("/api/collect?to=csv", &files[..2], &[]);
    let text = String::from_utf8_lossy(&csv.body);
    assert!(
        text.contains(TXT) && !text.contains("/tmp"),
        "client names, no server paths"
    );
    assert_error(
        &server.post_files("/api/collect?to=pdf", &files[..1], &[]),
        400,
        "unknown_format",
    );
}

#[test]
fn merge_sums_reports_given_as_files_or_json() {
    let server = Server::start(&[]);
    let (_, txt) = sample(TXT);
    let r = server.post_files(
        "/api/merge?to=json",
        &[("file", "a.txt", &txt), ("file", "b.txt", &txt)],
        &[("organ", "某某县"), ("year", "2023")],
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let merged: serde_json::Value = r.json();
    let one = server
        .post_files("/api/check", &[("file", TXT, &txt)], &[])
        .json();
    let single = one["report"]["tables"]["requests"]["new"]["total"]
        .as_i64()
        .unwrap_or(-1);
    assert_eq!(
        merged["tables"]["requests"]["new"]["total"].as_i64(),
        Some(single * 2)
    );
    let body = serde_json::json!({ "reports": [one["report"], one["report"]], "organ": "某某县", "year": 2023 });
    let r = server.post_json("/api/merge?to=docx", &body);
    assert_eq!(r.status, 200);
    assert!(r.body.starts_with(b"PK"));
    let wrong_year =
        serde_json::json!({ "reports": [one["report"]], "organ": "某某县", "year": 2020 });
    assert_error(
        &server.post_json("/api/merge?to=json", &wrong_year),
        422,
        "merge_refused",
    );
}

#[test]
fn bad_requests_get_clear_json_errors_and_the_server_keeps_serving() {
    let server = Server::start(&[]);
    // No file at all.
    assert_error(
        &server.post_files("/api/check", &[], &[("allow", "text")]),
        400,
        "no_file",
    );
    // Not multipart, not JSON.
    assert_error(
        &server.send(
            "POST",
            "/api/check",
            &[("Content-Type", "text/plain")],
            b"hello",
        ),
        400,
        "bad_request",
    );
    // JSON that is no report.
    assert_error(
        &server.post_json("/api/check", &serde_json::json!({"a": 1})),
        400,
        "bad_request",
    );
    // Wrong method, unknown path.
    assert_error(&server.get("/api/check"), 405, "method_not_allowed");
    assert_error(
        &server.send("DELETE", "/api/convert", &[], b""),
        405,
        "method_not_allowed",
    );
    assert_error(&server.get("/api/nothing"), 404, "not_found");
    // Junk bytes under report names.
    for name in ["junk.docx", "junk.xlsx", "junk.pdf", "junk.bin", "junk"] {
        let junk = junk();
        let r = server.post_files("/api/check", &[("file", name, &junk)], &[]);
        assert_error(&r, 422, "unreadable");
        assert!(
            r.json()["error"]
                .as_str()
                .is_some_and(|e| e.starts_with(name)),
            "{}",
            r.json()
        );
    }
    // Still serving.
    assert_still_serving(&server);
}

#[test]
fn oversize_uploads_are_refused_with_413() {
    let server = Server::start(&[]);
    // 51 MB: over the 50 MB per-file limit, under the 200 MB per-request one.
    let big = vec![b'a'; 51 << 20];
    let r = server.post_files("/api/check", &[("file", "big.txt", &big)], &[]);
    assert_error(&r, 413, "too_large");
    // Over the per-request limit, sent as a plain body.
    let huge = vec![b'{'; 201 << 20];
    let r = server.send(
        "POST",
        "/api/check",
        &[("Content-Type", "application/json")],
        &huge,
    );
    assert_eq!(r.status, 413, "{}", String::from_utf8_lossy(&r.body));
    assert_still_serving(&server);
}

#[test]
fn foreign_host_or_origin_is_refused() {
    let server = Server::start(&[]);
    let r = serve_support::request(
        &server.addr,
        "GET",
        "/api/standard",
        &[("Host", "evil.example:80")],
        b"",
    );
    assert_error(&r, 403, "forbidden");
    let r = server.send(
        "GET",
        "/api/standard",
        &[("Origin", "http://evil.example")],
        b"",
    );
    assert_error(&r, 403, "forbidden");
    let (_, txt) = sample(TXT);
    let (ctype, body) = serve_support::multipart(&[("file", TXT, &txt)], &[]);
    let r = server.send(
        "POST",
        "/api/check",
        &[("Content-Type", &ctype), ("Origin", "http://evil.example")],
        &body,
    );
    assert_error(&r, 403, "forbidden");
    // The page's own origin is welcome; so are localhost names of the same port.
    let own = format!("http://{}", server.addr);
    let r = server.send(
        "POST",
        "/api/check",
        &[("Content-Type", &ctype), ("Origin", &own)],
        &body,
    );
    assert_eq!(r.status, 200);
    let port = server.addr.rsplit(':').next().unwrap_or_default();
    let r = serve_support::request(
        &server.addr,
        "GET",
        "/",
        &[("Host", &format!("localhost:{port}"))],
        b"",
    );
    assert_eq!(r.status, 200);
}

#[test]
fn beyond_loopback_every_request_needs_the_token() {
    let server = Server::start(&["--bind", "0.0.0.0"]);
    let token = server
        .url
        .split("token=")
        .nth(1)
        .unwrap_or_else(|| panic!("no token in {}", server.url))
        .to_string();
    assert_eq!(token.len(), 32);
    assert_error(&server.get("/"), 401, "unauthorized");
    assert_error(&server.get("/api/standard"), 401, "unauthorized");
    assert_error(
        &server.get("/api/standard?token=wrong"),
        401,
        "unauthorized",
    );
    let first = server.get(&format!("/?token={token}"));
    assert_eq!(first.status, 200);
    let cookie = first.header("set-cookie").unwrap_or_default().to_string();
    assert!(
        cookie.contains(&token) && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap_or_default();
    assert_eq!(
        server
            .send("GET", "/api/standard", &[("Cookie", pair)], b"")
            .status,
        200
    );
    let bearer = format!("Bearer {token}");
    assert_eq!(
        server
            .send("GET", "/api/standard", &[("Authorization", &bearer)], b"")
            .status,
        200
    );
}

/// Stops a server that has checked a file with a signal: it exits 0 and leaves nothing behind.
fn stops_cleanly_on(signal: i32) {
    let server = Server::start(&[]);
    assert_still_serving(&server);
    let tmp = server.tmp_path();
    let made = std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
    assert_eq!(made, 1, "one working folder while running");
    // The folder that held the server's temporary folder outlives the server.
    let (code, holder) = server.stop_with(signal);
    assert_eq!(code, Some(0));
    assert!(tmp.is_dir());
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
    drop(holder);
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_the_temporary_folder() {
    stops_cleanly_on(libc::SIGINT);
}

#[test]
fn sigterm_stops_cleanly_too() {
    stops_cleanly_on(libc::SIGTERM);
}

#[test]
fn docx_downloads_use_the_template_the_server_was_started_with() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let gov = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/style-gov.toml");
    let style = std::fs::read_to_string(gov)
        .unwrap_or_else(|e| panic!("{e}"))
        .replace("font = \"仿宋_GB2312\"", "font = \"OfficeTestSerif\"");
    let path = dir.path().join("style.toml");
    std::fs::write(&path, style).unwrap_or_else(|e| panic!("{e}"));
    let (_, txt) = sample(TXT);
    let fonts_in = |server: &Server| {
        let reply = server.post_files("/api/convert?to=docx", &[("file", TXT, &txt)], &[]);
        assert_eq!(reply.status, 200);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(reply.body))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            let _ = std::io::Read::read_to_string(&mut f, &mut all);
        }
        all.contains("OfficeTestSerif")
    };
    let styled = Server::start(&["--template", &path.display().to_string()]);
    assert!(fonts_in(&styled));
    let plain = Server::start(&[]);
    assert!(!fonts_in(&plain));
}
