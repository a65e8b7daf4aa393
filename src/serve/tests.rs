//! The server in-process with a short time limit: a request that takes too long is answered 503
//! (a client trickling its body is cut off) and the server goes on serving.

use super::{Limits, State, router};
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn answer(stream: &mut TcpStream) -> String {
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if raw.windows(4).any(|w| w == b"\r\n\r\n") && raw.ends_with(b"}") {
            break;
        }
    }
    String::from_utf8_lossy(&raw).into_owned()
}

/// A server with these limits on a runtime of its own (kept alive by the caller).
fn start(limits: Limits) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let state = State::new(limits, Default::default(), None, vec![addr.to_string()])
        .unwrap_or_else(|e| panic!("{e}"));
    let app = router(Arc::new(state));
    runtime.spawn(async move { axum::serve(listener, app).await });
    (runtime, addr)
}

#[test]
fn a_request_over_the_time_limit_is_answered_503_and_serving_goes_on() {
    let (_runtime, addr) = start(Limits {
        timeout: Duration::from_millis(500),
        ..Limits::default()
    });
    let mut slow = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"
    );
    slow.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    let text = answer(&mut slow);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("\"timeout\""), "{text}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );

    let mut next = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let get = format!("GET /api/standard HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    next.write_all(get.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = answer(&mut next);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[test]
fn uploads_wait_for_the_memory_budget() {
    // A budget of 1 MB: a 3 MB upload cannot be held and waits until its time is up.
    let (_runtime, addr) = start(Limits {
        timeout: Duration::from_millis(800),
        memory: 1 << 20,
        ..Limits::default()
    });
    let boundary = "b0undary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
    )
    .into_bytes();
    body.extend(std::iter::repeat_n(b'x', 3 << 20));
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = s.write_all(&body);
    let text = answer(&mut s);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
}
