//! `gongkai serve` under load on loopback: 200 uploads from 16 concurrent clients, every one
//! answered with exactly the CLI's findings for the same file, within a time bound and a memory
//! bound; and a slow client does not hold up the others.

mod serve_support;

use serve_support::{Server, cli_findings, multipart, request, sample};
use std::io::Write as _;
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Every sample that does not need LibreOffice.
const FILES: [&str; 9] = [
    "zhangdian-2023.utf8.txt",
    "zhangdian-2023.orig.gbk.txt",
    "zhangdian-2023.notepad.utf16.txt",
    "zhangdian-2023.page.gbk.html",
    "zhangdian-2023.lo.docx",
    "zhangdian-2023.pydocx.docx",
    "zhangdian-2023.lo.xlsx",
    "zhangdian-2023.lo.ods",
    "zhangdian-2023.lo.xls",
];
const UPLOADS: usize = 200;
const CLIENTS: usize = 16;
/// Generous for a debug build on two shared cores; a release build takes a few seconds.
const TIME_BOUND: Duration = Duration::from_secs(600);
/// The server's peak resident memory may not pass this.
const MEMORY_BOUND_KB: u64 = 1 << 20;

#[test]
fn two_hundred_uploads_from_sixteen_clients_all_match_the_cli() {
    let server = Arc::new(Server::start(&[]));
    let cases: Arc<Vec<(&str, Vec<u8>, serde_json::Value)>> = Arc::new(
        FILES
            .iter()
            .map(|name| {
                let (path, bytes) = sample(name);
                (*name, bytes, cli_findings(&path))
            })
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (server, cases, next) = (server.clone(), cases.clone(), next.clone());
            std::thread::spawn(move || {
                let mut answered = 0;
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= UPLOADS {
                        return answered;
                    }
                    let (name, bytes, expected) = &cases[n % cases.len()];
                    let reply = server.post_files("/api/check", &[("file", name, bytes)], &[]);
                    assert_eq!(
                        reply.status,
                        200,
                        "{name}: {}",
                        String::from_utf8_lossy(&reply.body)
                    );
                    assert_eq!(&reply.json()["findings"], expected, "upload {n}: {name}");
                    answered += 1;
                }
            })
        })
        .collect();
    let answered: usize = clients
        .into_iter()
        .map(|c| c.join().unwrap_or_else(|_| panic!("a client failed")))
        .sum();
    let elapsed = start.elapsed();
    let peak = server.peak_kb().unwrap_or(0);
    println!(
        "{answered} uploads from {CLIENTS} clients in {:.1} s; server peak memory {} MB",
        elapsed.as_secs_f64(),
        peak / 1024
    );
    assert_eq!(answered, UPLOADS);
    assert!(elapsed < TIME_BOUND, "took {elapsed:?}");
    assert!(peak < MEMORY_BOUND_KB, "peak memory {peak} kB");
}

#[test]
fn a_slow_client_does_not_block_the_others() {
    let server = Server::start(&[]);
    // One client sends its head and then a byte now and then; another stops mid-head.
    let (ctype, body) = multipart(&[("file", "slow.txt", &[b'x'; 100_000])], &[]);
    let mut slow = TcpStream::connect(&server.addr).unwrap_or_else(|e| panic!("{e}"));
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        body.len()
    );
    slow.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    slow.write_all(&body[..10])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut half = TcpStream::connect(&server.addr).unwrap_or_else(|e| panic!("{e}"));
    half.write_all(b"POST /api/check HTTP/1.1\r\nHost: ")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, txt) = sample("zhangdian-2023.utf8.txt");
    for _ in 0..5 {
        let _ = slow.write_all(b"x");
        let t = Instant::now();
        let (ctype, body) = multipart(&[("file", "a.txt", &txt)], &[]);
        let reply = request(
            &server.addr,
            "POST",
            "/api/check",
            &[("Host", &server.addr), ("Content-Type", &ctype)],
            &body,
        );
        assert_eq!(reply.status, 200);
        assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    }
    drop((slow, half));
}
