//! The one-report endpoints: check a file (or an edited report) and convert it to each output
//! format, and the blank fill-in template. A report comes either as an uploaded file (multipart
//! field `file`) or as gongkai's own JSON (what `/api/check` answered, possibly edited).

use super::State;
use super::error::ApiError;
use super::upload::{self, Form, Upload};
use crate::batch::run::{Settings, analyze_one};
use crate::finding::Finding;
use crate::model::Report;
use crate::pipeline::{self, Analysis};
use crate::standard;
use crate::write::{self, Format};
use axum::Json;
use axum::extract::{FromRequest, Multipart, Query, Request, State as Shared};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// What a request asks to be checked.
#[derive(Debug)]
pub enum Subject {
    /// An uploaded file, with last year's file when given.
    File {
        /// This year's report.
        file: Upload,
        /// Last year's report.
        previous: Option<Upload>,
        /// The upload memory the files hold, given back when they are dropped.
        memory: Option<tokio::sync::OwnedSemaphorePermit>,
    },
    /// gongkai's JSON of a report, with last year's report when given.
    Report {
        /// The report.
        report: Box<Report>,
        /// Last year's report.
        previous: Option<Box<Report>>,
    },
}

/// A JSON request body: `{report, previous?, allow?}`, or a bare report.
#[derive(Debug, Deserialize)]
struct Edited {
    report: Box<Report>,
    #[serde(default)]
    previous: Option<Box<Report>>,
    #[serde(default)]
    allow: Vec<String>,
}

/// Reads the subject of a request: multipart (`file`, `previous`, `allow`) or JSON.
///
/// # Errors
/// [`ApiError::NoFile`], size errors, or [`ApiError::BadRequest`] for a body that is neither.
pub async fn subject(state: &Arc<State>, req: Request) -> Result<(Subject, Vec<String>), ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::RequestTooLarge {
                limit_mb: state.limits.request >> 20,
            })?;
        let edited = parse_edited(&bytes)?;
        return Ok((
            Subject::Report {
                report: edited.report,
                previous: edited.previous,
            },
            edited.allow,
        ));
    }
    let multipart = Multipart::from_request(req, state)
        .await
        .map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let mut form = upload::read_form(multipart, &state.limits, &state.memory).await?;
    let allow = allow_of(&form);
    let memory = form.memory.take();
    let mut files = form.files.into_iter();
    let (mut file, mut previous) = (None, None);
    for u in files.by_ref() {
        match u.field.as_str() {
            "file" if file.is_none() => file = Some(u),
            "previous" if previous.is_none() => previous = Some(u),
            _ => {}
        }
    }
    let file = file.ok_or(ApiError::NoFile)?;
    Ok((
        Subject::File {
            file,
            previous,
            memory,
        },
        allow,
    ))
}

fn allow_of(form: &Form) -> Vec<String> {
    form.texts_of("allow")
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_edited(bytes: &[u8]) -> Result<Edited, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("不是 JSON：{e}")))?;
    let wrapped = value.get("report").is_some();
    let parsed = if wrapped {
        serde_json::from_value(value)
    } else {
        serde_json::from_value(value).map(|report| Edited {
            report,
            previous: None,
            allow: Vec::new(),
        })
    };
    parsed.map_err(|e| ApiError::BadRequest(format!("不是 gongkai 的报告 JSON：{e}")))
}

/// A checked report with the name it is shown under.
#[derive(Debug)]
pub struct Checked {
    /// The file's name as the client gave it (or the report's title).
    pub name: String,
    /// The report and its findings.
    pub analysis: Analysis,
}

/// Reads (when a file) and checks a subject, in `dir`; runs on a blocking thread.
///
/// # Errors
/// [`ApiError::Unreadable`] when a file is not a report gongkai can read.
pub fn analyze(subject: Subject, allow: Vec<String>, dir: &Path) -> Result<Checked, ApiError> {
    match subject {
        Subject::Report { report, previous } => {
            let opts = crate::check::Options {
                previous: previous.as_deref(),
                allow: &allow,
            };
            let name = report.meta.title.clone().unwrap_or_default();
            Ok(Checked {
                name,
                analysis: pipeline::analyze_report_with(*report, &opts),
            })
        }
        Subject::File {
            file,
            previous,
            memory,
        } => {
            // Held until the files are read.
            let _memory = memory;
            let previous = match previous {
                Some(p) => Some(read_upload(&p, 1, dir, &Settings::default())?.report),
                None => None,
            };
            let settings = Settings {
                previous,
                allow,
                ..Settings::default()
            };
            let analysis = read_upload(&file, 0, dir, &settings)?;
            Ok(Checked {
                name: file.name,
                analysis,
            })
        }
    }
}

/// Saves an upload as file number `n` in `dir` and analyses it.
///
/// # Errors
/// [`ApiError::Unreadable`] with the reader's message.
pub fn read_upload(
    upload: &Upload,
    n: usize,
    dir: &Path,
    settings: &Settings,
) -> Result<Analysis, ApiError> {
    let path = upload::save(dir, n, upload)
        .map_err(|e| ApiError::Internal(format!("无法保存上传的文件：{e}")))?;
    analyze_one(&path, settings).map_err(|message| ApiError::Unreadable {
        name: upload.name.clone(),
        message,
    })
}

/// The JSON answer for a checked report: `{file, report, findings, places, origins}` — the
/// report as `convert --to json` writes it, the findings as `check --format json` lists them,
/// each finding's source place in words, and where each cell came from in the source.
pub fn checked_json(checked: &Checked) -> Value {
    let a = &checked.analysis;
    let places: Vec<String> = a.findings.iter().map(|f| f.place.to_string()).collect();
    let origins: serde_json::Map<String, Value> = a
        .origins
        .iter()
        .map(|(cell, place)| (cell.path(), json!(place.to_string())))
        .collect();
    json!({
        "file": checked.name,
        "report": a.report,
        "findings": a.findings,
        "places": places,
        "origins": origins,
    })
}

/// `POST /api/check`: a file (multipart `file`, optional `previous` and `allow`) or an edited
/// report (JSON `{report, previous?, allow?}`) → `{file, report, findings, places, origins}`.
///
/// # Errors
/// [`ApiError`] as JSON with its status.
pub async fn check(Shared(state): Shared<Arc<State>>, req: Request) -> Result<Response, ApiError> {
    let (subject, allow) = subject(&state, req).await?;
    let checked = state
        .blocking(move |dir| analyze(subject, allow, dir))
        .await?;
    Ok(Json(checked_json(&checked)).into_response())
}

/// The `to` of a query.
#[derive(Debug, Deserialize)]
pub struct To {
    /// Output format.
    #[serde(default)]
    pub to: Option<String>,
}

/// `POST /api/convert?to=docx|xlsx|json`: the report of a file or of an edited report, written
/// in that format (the Word style of `--template` when the server has one), as a download.
///
/// # Errors
/// [`ApiError::UnknownFormat`] and the errors of [`check`].
pub async fn convert(
    Shared(state): Shared<Arc<State>>,
    Query(to): Query<To>,
    req: Request,
) -> Result<Response, ApiError> {
    let format = output_format(to.to.as_deref())?;
    let (subject, allow) = subject(&state, req).await?;
    let options = state.write.clone();
    let (name, bytes) = state
        .blocking(move |dir| {
            let checked = analyze(subject, allow, dir)?;
            let a = &checked.analysis;
            let bytes = write::write_with(&a.report, &a.findings, format, &options)
                .map_err(|e| ApiError::Write(e.to_string()))?;
            Ok((report_name(&a.report, &checked.name), bytes))
        })
        .await?;
    Ok(download(&format!("{name}.{}", format.extension()), bytes))
}

/// The output format of `?to=` (json when absent).
///
/// # Errors
/// [`ApiError::UnknownFormat`].
pub fn output_format(to: Option<&str>) -> Result<Format, ApiError> {
    to.unwrap_or("json")
        .parse()
        .map_err(|_| ApiError::UnknownFormat {
            found: to.unwrap_or_default().to_string(),
            expected: "json、docx、xlsx",
        })
}

/// The name a download of a report gets: 机关 + 年度 + the standard's title, else the upload's
/// name without its extension.
pub fn report_name(report: &Report, fallback: &str) -> String {
    let std = standard::get(&report.format).unwrap_or_else(standard::current);
    match (&report.meta.organ, report.meta.year) {
        (Some(o), Some(y)) => format!("{o}{y}年{}", std.title_suffix),
        _ => Path::new(fallback)
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| !s.is_empty())
            .unwrap_or("gongkai")
            .to_string(),
    }
}

/// A file download: its content type from the extension, its name in the
/// `Content-Disposition` header (UTF-8, percent-encoded).
pub fn download(name: &str, bytes: Vec<u8>) -> Response {
    let kind = match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition =
        format!("attachment; filename=\"gongkai-download\"; filename*=UTF-8''{encoded}");
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// `GET /api/template?organ=&year=`: the blank fill-in workbook (what `gongkai template` writes).
///
/// # Errors
/// [`ApiError::BadRequest`] for a year that is no number; [`ApiError::Write`].
pub async fn template(
    Shared(state): Shared<Arc<State>>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let organ = q
        .get("organ")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let year = match q.get("year").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(y) => Some(
            y.parse::<i32>()
                .map_err(|_| ApiError::BadRequest(format!("年度“{y}”不是数字")))?,
        ),
        None => None,
    };
    let bytes = state
        .blocking(move |_| {
            write::xlsx::template(standard::current(), organ.as_deref(), year)
                .map_err(|e| ApiError::Write(e.to_string()))
        })
        .await?;
    Ok(download("gongkai-template.xlsx", bytes))
}

/// Findings of errors and warnings, counted.
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    use crate::finding::Severity;
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning))
}
