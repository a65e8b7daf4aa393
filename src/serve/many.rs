//! The many-report endpoints: a folder's worth of files checked at once (a table of reports with
//! duplicates and unreadable files marked, each with its reason), the collected data set, and
//! the merged report.

use super::State;
use super::api::{self, Checked, checked_json, counts, download, output_format};
use super::error::ApiError;
use super::upload::{self, Form, Upload};
use crate::batch::collect;
use crate::batch::inputs::{Expansion, Input};
use crate::batch::merge::{self, MergeOptions};
use crate::batch::run::{Settings, analyze_all, analyze_one};
use crate::model::Report;
use crate::standard;
use crate::write;
use axum::Json;
use axum::extract::{FromRequest, Multipart, Query, Request, State as Shared};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

async fn form(state: &Arc<State>, req: Request) -> Result<Form, ApiError> {
    let multipart = Multipart::from_request(req, state)
        .await
        .map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let form = upload::read_form(multipart, &state.limits, &state.memory).await?;
    if form.files_of("file").next().is_none() {
        return Err(ApiError::NoFile);
    }
    Ok(form)
}

/// Saves every `file` of a form in `dir` as the inputs of a batch.
fn save_all(files: &[Upload], dir: &Path) -> Result<Expansion, ApiError> {
    let mut inputs = Vec::with_capacity(files.len());
    for (n, u) in files.iter().enumerate() {
        let path = upload::save(dir, n, u)
            .map_err(|e| ApiError::Internal(format!("无法保存上传的文件：{e}")))?;
        let rel = PathBuf::from(path.file_name().unwrap_or_default());
        inputs.push(Input { path, rel });
    }
    Ok(Expansion {
        inputs,
        ..Expansion::default()
    })
}

/// `POST /api/collect?to=json|xlsx|csv` with the files as multipart fields `file`:
/// `json` (the default) lists every file — `{file, organ, year, errors, warnings, duplicate,
/// error}` plus the `report`, `findings`, `places` and `origins` of [`api::check`] for each file
/// read; a report whose organ has last year's report among the files is checked against it.
/// `xlsx` and `csv` are the data set of `gongkai collect`.
///
/// # Errors
/// [`ApiError::UnknownFormat`], [`ApiError::NoFile`], size errors.
pub async fn collect(
    Shared(state): Shared<Arc<State>>,
    Query(to): Query<api::To>,
    req: Request,
) -> Result<Response, ApiError> {
    let to = to.to.unwrap_or_else(|| "json".into()).to_ascii_lowercase();
    if !["json", "xlsx", "csv"].contains(&to.as_str()) {
        return Err(ApiError::UnknownFormat {
            found: to,
            expected: "json、xlsx、csv",
        });
    }
    let mut form = form(&state, req).await?;
    let memory = form.memory.take();
    let files: Vec<Upload> = form
        .files
        .into_iter()
        .filter(|u| u.field == "file")
        .collect();
    if to == "json" {
        let listed = state.blocking(move |dir| list(&files, dir)).await?;
        drop(memory);
        return Ok(Json(listed).into_response());
    }
    let bytes = state
        .blocking(move |dir| data_set(&files, dir, to == "csv"))
        .await?;
    drop(memory);
    let ext = if bytes.starts_with(b"PK") {
        "xlsx"
    } else {
        "csv"
    };
    Ok(download(&format!("gongkai-collect.{ext}"), bytes))
}

fn data_set(files: &[Upload], dir: &Path, csv: bool) -> Result<Vec<u8>, ApiError> {
    let expansion = save_all(files, dir)?;
    let std = standard::current();
    let settings = Settings {
        to_format: Some(std.id.clone()),
        ..Settings::default()
    };
    let mut c = collect::collect(&expansion, std, &settings, &|| {});
    // Rows and findings name the files as the client did, never by the server's paths.
    let names: HashMap<String, &str> = expansion
        .inputs
        .iter()
        .zip(files)
        .map(|(i, u)| (i.path.display().to_string(), u.name.as_str()))
        .collect();
    let rename = |s: &mut String| {
        if let Some(n) = names.get(s.as_str()) {
            *s = (*n).to_string();
        }
    };
    c.rows.iter_mut().for_each(|r| rename(&mut r.file));
    c.findings.iter_mut().for_each(|(f, _)| rename(f));
    if csv {
        Ok(c.to_csv(collect::CsvHeader::default()))
    } else {
        c.to_xlsx().map_err(|e| ApiError::Write(e.to_string()))
    }
}

/// Every file read and checked (pairs of consecutive years of one organ checked against each
/// other), with duplicates marked: the same bytes as an earlier file, or the same organ and
/// year as an earlier report.
fn list(files: &[Upload], dir: &Path) -> Result<Value, ApiError> {
    let expansion = save_all(files, dir)?;
    let settings = Settings::default();
    let mut results: Vec<Result<Checked, String>> =
        analyze_all(&expansion.inputs, &settings, &|| {}, |n, _, r| {
            r.map(|analysis| Checked {
                name: files[n].name.clone(),
                analysis,
            })
        });
    // Last year's report among the files: exactly one report of the organ for the year before.
    let mut by_key: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        if let Ok(c) = r
            && let (Some(o), Some(y)) = (&c.analysis.report.meta.organ, c.analysis.report.meta.year)
        {
            by_key.entry((o.clone(), y)).or_default().push(i);
        }
    }
    for i in 0..results.len() {
        let Ok(c) = &results[i] else { continue };
        let (Some(o), Some(y)) = (&c.analysis.report.meta.organ, c.analysis.report.meta.year)
        else {
            continue;
        };
        let ([last], Some([_])) = (
            by_key
                .get(&(o.clone(), y - 1))
                .map_or(&[][..], Vec::as_slice),
            by_key.get(&(o.clone(), y)).map(Vec::as_slice),
        ) else {
            continue;
        };
        let previous = match &results[*last] {
            Ok(p) => p.analysis.report.clone(),
            Err(_) => continue,
        };
        let with_last = Settings {
            previous: Some(previous),
            ..Settings::default()
        };
        if let Ok(a) = analyze_one(&expansion.inputs[i].path, &with_last)
            && let Ok(c) = &mut results[i]
        {
            c.analysis = a;
        }
    }
    let mut seen_key: HashMap<(String, i32), usize> = HashMap::new();
    let mut rows = Vec::with_capacity(files.len());
    for (n, (u, r)) in files.iter().zip(&results).enumerate() {
        let same_bytes = files[..n].iter().position(|e| e.bytes == u.bytes);
        let mut row = match r {
            Ok(c) => {
                let (errors, warnings) = counts(&c.analysis.findings);
                let meta = &c.analysis.report.meta;
                let mut row = checked_json(c);
                row["organ"] = json!(meta.organ);
                row["year"] = json!(meta.year);
                row["errors"] = json!(errors);
                row["warnings"] = json!(warnings);
                if let (Some(o), Some(y)) = (&meta.organ, meta.year)
                    && same_bytes.is_none()
                    && let Some(first) = seen_key.insert((o.clone(), y), n)
                {
                    row["duplicate"] = json!(format!(
                        "与第 {} 个文件“{}”是同一机关同一年度的报告",
                        first + 1,
                        files[first].name
                    ));
                }
                row
            }
            Err(e) => json!({ "file": u.name, "error": e }),
        };
        if let Some(k) = same_bytes {
            row["duplicate"] = json!(format!(
                "与第 {} 个文件“{}”内容完全相同",
                k + 1,
                files[k].name
            ));
        }
        rows.push(row);
    }
    Ok(json!({ "reports": rows }))
}

/// The reports to merge and how, made on a blocking thread (files are read there).
type MergeJob =
    Box<dyn FnOnce(&Path) -> Result<(Vec<(String, Report)>, MergeOptions), ApiError> + Send>;

/// A merge request as JSON: the reports (as `/api/check` answered them), the organ and year of
/// the sum.
#[derive(Debug, Deserialize)]
struct MergeBody {
    reports: Vec<Report>,
    organ: String,
    year: i32,
    #[serde(default)]
    allow_mixed: bool,
}

/// `POST /api/merge?to=docx|xlsx|json`: the reports summed cell by cell into one (what `gongkai
/// merge` does), from JSON `{reports, organ, year, allow_mixed?}` or multipart files `file` with
/// text fields `organ`, `year` (and `allow_mixed`).
///
/// # Errors
/// [`ApiError::Merge`] when the reports may not be summed, [`ApiError::Unreadable`] for a file
/// that cannot be read, and the request errors.
pub async fn merge(
    Shared(state): Shared<Arc<State>>,
    Query(to): Query<api::To>,
    req: Request,
) -> Result<Response, ApiError> {
    let format = output_format(to.to.as_deref())?;
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let options = state.write.clone();
    let job: MergeJob = if is_json {
        let bytes = axum::body::Bytes::from_request(req, &state)
            .await
            .map_err(|_| ApiError::RequestTooLarge {
                limit_mb: state.limits.request >> 20,
            })?;
        let body: MergeBody = serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::BadRequest(format!("合计请求应为 {{reports, organ, year}}：{e}"))
        })?;
        let inputs: Vec<(String, Report)> = body
            .reports
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    r.meta
                        .organ
                        .clone()
                        .unwrap_or_else(|| format!("第{}份", i + 1)),
                    r,
                )
            })
            .collect();
        let opts = MergeOptions {
            organ: body.organ,
            year: body.year,
            allow_mixed: body.allow_mixed,
        };
        Box::new(move |_| Ok((inputs, opts)))
    } else {
        let mut form = form(&state, req).await?;
        let memory = form.memory.take();
        let organ = form
            .texts_of("organ")
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let year = form
            .texts_of("year")
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let year: i32 = year
            .parse()
            .map_err(|_| ApiError::BadRequest(format!("年度“{year}”不是数字")))?;
        if organ.is_empty() {
            return Err(ApiError::BadRequest(
                "缺少合计后报告的机关名称（字段 organ）".into(),
            ));
        }
        let opts = MergeOptions {
            organ,
            year,
            allow_mixed: form
                .texts_of("allow_mixed")
                .any(|v| v == "true" || v == "1"),
        };
        let files: Vec<Upload> = form
            .files
            .into_iter()
            .filter(|u| u.field == "file")
            .collect();
        Box::new(move |dir: &Path| {
            // Held until the files are read.
            let _memory = memory;
            let std = standard::current();
            let settings = Settings {
                to_format: Some(std.id.clone()),
                ..Settings::default()
            };
            let mut inputs = Vec::with_capacity(files.len());
            for (n, u) in files.iter().enumerate() {
                let a = api::read_upload(u, n, dir, &settings)?;
                inputs.push((u.name.clone(), a.report));
            }
            Ok((inputs, opts))
        })
    };
    let (name, bytes) = state
        .blocking(move |dir| {
            let (inputs, opts) = job(dir)?;
            let merged =
                merge::merge(&inputs, &opts).map_err(|e| ApiError::Merge(e.to_string()))?;
            let bytes = write::write_with(&merged.report, &merged.findings, format, &options)
                .map_err(|e| ApiError::Write(e.to_string()))?;
            Ok((api::report_name(&merged.report, "merged"), bytes))
        })
        .await?;
    Ok(download(&format!("{name}.{}", format.extension()), bytes))
}
