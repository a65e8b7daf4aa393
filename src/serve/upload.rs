//! Uploaded files: read from a multipart body within the size limits, and saved for the readers
//! (which work on paths) under names the server makes — a client's file name is shown, never
//! used on disk.

use super::Limits;
use super::error::ApiError;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The multipart field it came in (`file`, `previous`).
    pub field: String,
    /// Its name as the client gave it: for display only.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What a multipart body held: files and short text fields.
#[derive(Debug, Default)]
pub struct Form {
    /// Every file, in order.
    pub files: Vec<Upload>,
    /// Text fields (`allow`, `organ`, `year`, …), in order.
    pub texts: Vec<(String, String)>,
    /// The share of the upload memory the files hold (given back when the form is dropped).
    pub memory: Option<OwnedSemaphorePermit>,
}

impl Form {
    /// The files of one field.
    pub fn files_of<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Upload> + 'a {
        self.files.iter().filter(move |u| u.field == field)
    }

    /// The values of one text field.
    pub fn texts_of<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.texts
            .iter()
            .filter(move |(k, _)| k == field)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a whole multipart body, stopping at the first file over the per-file limit.
///
/// # Errors
/// [`ApiError::FileTooLarge`], [`ApiError::RequestTooLarge`], [`ApiError::TooManyFiles`], or
/// [`ApiError::BadRequest`] for a body that is not multipart.
pub async fn read_form(
    mut multipart: Multipart,
    limits: &Limits,
    memory: &Arc<Semaphore>,
) -> Result<Form, ApiError> {
    let mut form = Form::default();
    // Bytes covered by the permits held, taken a megabyte at a time.
    let mut covered = 0usize;
    let mut held = 0usize;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| broken(&e, limits))?
    {
        let key = field.name().unwrap_or_default().to_string();
        let Some(name) = field.file_name().map(str::to_string) else {
            let text = field.text().await.map_err(|e| broken(&e, limits))?;
            if text.len() > 4096 {
                return Err(ApiError::BadRequest(format!("字段“{key}”过长")));
            }
            form.texts.push((key, text));
            continue;
        };
        if form.files.len() >= limits.files {
            return Err(ApiError::TooManyFiles {
                limit: limits.files,
            });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| broken(&e, limits))? {
            if bytes.len() + chunk.len() > limits.upload {
                return Err(ApiError::FileTooLarge {
                    name,
                    limit_mb: limits.upload >> 20,
                });
            }
            held += chunk.len();
            while held > covered {
                let more = memory
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                match &mut form.memory {
                    Some(p) => p.merge(more),
                    None => form.memory = Some(more),
                }
                covered += 1 << 20;
            }
            bytes.extend_from_slice(&chunk);
        }
        form.files.push(Upload {
            field: key,
            name,
            bytes,
        });
    }
    Ok(form)
}

fn broken(e: &MultipartError, limits: &Limits) -> ApiError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::RequestTooLarge {
            limit_mb: limits.request >> 20,
        }
    } else {
        ApiError::BadRequest(format!("multipart 格式有误：{}", e.body_text()))
    }
}

/// The extension a saved copy gets: the client's, when it is short plain ASCII letters and
/// digits (the readers tell formats by it), else none.
pub fn safe_extension(name: &str) -> Option<String> {
    let ext = Path::new(name).extension()?.to_str()?;
    (!ext.is_empty() && ext.len() <= 5 && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| ext.to_ascii_lowercase())
}

/// Saves an upload in `dir` as `<n>.<ext>` and returns the path.
///
/// # Errors
/// When the file cannot be written.
pub fn save(dir: &Path, n: usize, upload: &Upload) -> std::io::Result<PathBuf> {
    let file = match safe_extension(&upload.name) {
        Some(ext) => format!("{n:04}.{ext}"),
        None => format!("{n:04}"),
    };
    let path = dir.join(file);
    std::fs::write(&path, &upload.bytes)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_plain_extensions() {
        assert_eq!(safe_extension("报告.DOCX").as_deref(), Some("docx"));
        assert_eq!(safe_extension("../../etc/passwd"), None);
        assert_eq!(safe_extension("a.tar/../../x"), None);
        assert_eq!(safe_extension("a.d o c"), None);
        assert_eq!(safe_extension("a.verylongext"), None);
    }

    #[test]
    fn saves_under_a_name_of_its_own() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let up = Upload {
            field: "file".into(),
            name: "../../outside.txt".into(),
            bytes: b"x".to_vec(),
        };
        let path = save(dir.path(), 7, &up).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(path, dir.path().join("0007.txt"));
        assert!(path.exists());
    }
}
