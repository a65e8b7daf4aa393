//! `gongkai serve`: a local web server with one embedded page and a JSON API, for the clerks who
//! never open a terminal. Drop a report, see its tables with every finding on its cell, correct
//! a number, download the official files. Nothing leaves the machine: the server listens on
//! loopback unless told otherwise (then only with an access token), and everything it writes
//! lives in one temporary folder removed when it stops.
//!
//! The pieces: [`guard`] (Host, Origin, token, time limit, security headers), [`upload`]
//! (multipart within limits, saved under names of the server's own), [`api`] (one report),
//! [`many`] (many reports), [`layout`] (the standard's tables as the page draws them), [`page`]
//! (the embedded HTML, CSS and JS).

pub mod api;
pub mod error;
pub mod guard;
pub mod layout;
pub mod many;
pub mod page;
#[cfg(test)]
mod tests;
pub mod upload;

use crate::write;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use error::ApiError;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Size, count and time limits of the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest uploaded file, bytes.
    pub upload: usize,
    /// Largest request body, bytes.
    pub request: usize,
    /// Most files in one request.
    pub files: usize,
    /// Longest a request about one report may take, reading its body included.
    pub timeout: Duration,
    /// Longest a request about many reports (`/api/collect`, `/api/merge`) may take.
    pub batch_timeout: Duration,
    /// Bytes of uploads held in memory by all requests together; a request needing more
    /// waits for others to finish (within its time limit).
    pub memory: usize,
    /// Files parsed at once (the rest wait their turn): bounds memory and CPU.
    pub parsers: usize,
}

impl Default for Limits {
    /// 50 MB a file, 200 MB and 500 files a request, 120 s a request (600 s for many reports),
    /// 1 GB of uploads in memory at once, one parser per core.
    fn default() -> Self {
        Limits {
            upload: 50 << 20,
            request: 200 << 20,
            files: 500,
            timeout: Duration::from_secs(120),
            batch_timeout: Duration::from_secs(600),
            memory: 1 << 30,
            parsers: std::thread::available_parallelism().map_or(2, usize::from),
        }
    }
}

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; loopback by default.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Writer options (the Word style of `--template`).
    pub write: write::Options,
    /// Size, count and time limits.
    pub limits: Limits,
}

/// Why the server could not start or run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("无法监听 {addr}：{source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The temporary folder, the runtime or the random source failed.
    #[error("无法启动服务：{0}")]
    Start(String),
    /// The server stopped with an error.
    #[error("服务出错：{0}")]
    Run(std::io::Error),
}

/// What the handlers share.
#[derive(Debug)]
pub struct State {
    /// Limits.
    pub limits: Limits,
    /// Writer options.
    pub write: write::Options,
    /// The access token required on every request, when listening beyond loopback.
    pub token: Option<String>,
    /// The Host values a request on loopback may carry (`127.0.0.1:8080`, `localhost:8080`).
    pub hosts: Vec<String>,
    /// The one folder the server writes in; removed when the server stops.
    work: tempfile::TempDir,
    /// Permits to parse (see [`Limits::parsers`]).
    parsers: Arc<tokio::sync::Semaphore>,
    /// Megabytes of upload memory (see [`Limits::memory`]).
    pub memory: Arc<tokio::sync::Semaphore>,
}

impl State {
    /// The shared state of a server with these limits and writer options; `token` is required
    /// on every request when given, else the Host must be one of `hosts`.
    ///
    /// # Errors
    /// [`ServeError::Start`] when the temporary folder cannot be made.
    pub fn new(
        limits: Limits,
        write: write::Options,
        token: Option<String>,
        hosts: Vec<String>,
    ) -> Result<State, ServeError> {
        let work = tempfile::Builder::new()
            .prefix("gongkai-serve-")
            .tempdir()
            .map_err(|e| ServeError::Start(format!("无法建立临时文件夹：{e}")))?;
        Ok(State {
            parsers: Arc::new(tokio::sync::Semaphore::new(limits.parsers.max(1))),
            memory: Arc::new(tokio::sync::Semaphore::new((limits.memory >> 20).max(1))),
            limits,
            write,
            token,
            hosts,
            work,
        })
    }

    /// Runs `job` off the async threads, after waiting for a parser permit, with a fresh
    /// folder inside the server's temporary folder (removed afterwards).
    ///
    /// # Errors
    /// The job's error, or [`ApiError::Internal`] when it panicked or the folder failed.
    pub async fn blocking<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Path) -> Result<T, ApiError> + Send + 'static,
    {
        // The permit goes with the job: a request that timed out gives its permit back only
        // when its parsing thread is done, so runaway parses cannot pile up.
        let permit = self
            .parsers
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let dir = tempfile::tempdir_in(self.work.path())
            .map_err(|e| ApiError::Internal(format!("无法建立临时文件夹：{e}")))?;
        tokio::task::spawn_blocking(move || {
            let out = job(dir.path());
            drop((dir, permit));
            out
        })
        .await
        .map_err(|e| ApiError::Internal(format!("处理时发生内部错误：{e}")))?
    }
}

/// The router: the page, its assets and the API, behind the [`guard`].
pub fn router(state: Arc<State>) -> Router {
    let request_limit = state.limits.request;
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/many.js", get(page::many))
        .route("/app.css", get(page::style))
        .route("/api/standard", get(layout::standard))
        .route("/api/check", post(api::check))
        .route("/api/convert", post(api::convert))
        .route("/api/template", get(api::template))
        .route("/api/collect", post(many::collect))
        .route("/api/merge", post(many::merge))
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(request_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::gate,
        ))
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(uri.path().to_string())
}

async fn wrong_method(method: axum::http::Method) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string())
}

/// Runs the server until Ctrl-C; `ready` is called once with the URL to open (with the token in
/// it when one is required) before the first request is served.
///
/// # Errors
/// [`ServeError`] when the address cannot be bound or the runtime cannot start.
pub fn run(config: Config, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Start(e.to_string()))?;
    let out = runtime.block_on(serve(config, ready));
    // A parse still running on a worker thread is not waited for past this.
    runtime.shutdown_timeout(Duration::from_secs(10));
    out
}

/// Ctrl-C, or (on Unix) SIGTERM as a service manager sends it. Without signal handlers it never
/// comes: the process then ends as any other, its folder left to the system's temporary cleaning.
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

async fn serve(config: Config, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
    let addr = SocketAddr::new(config.bind, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?;
    let loopback = config.bind.is_loopback();
    let token = if loopback {
        None
    } else {
        Some(guard::new_token().map_err(|e| ServeError::Start(e.to_string()))?)
    };
    let port = local.port();
    let shown = match config.bind {
        IpAddr::V4(v4) if v4.is_unspecified() => format!("127.0.0.1:{port}"),
        IpAddr::V6(v6) if v6.is_unspecified() => format!("[::1]:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        IpAddr::V4(v4) => format!("{v4}:{port}"),
    };
    let hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        shown.clone(),
    ];
    let url = match &token {
        Some(t) => format!("http://{shown}/?token={t}"),
        None => format!("http://{shown}/"),
    };
    let state = Arc::new(State::new(config.limits, config.write, token, hosts)?);
    ready(&url);
    let app = router(state.clone());
    axum::serve(listener, app)
        .with_graceful_shutdown(stop_signal())
        .await
        .map_err(ServeError::Run)?;
    drop(state);
    Ok(())
}
