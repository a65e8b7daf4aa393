//! What an API request can fail with: each error a JSON answer `{"error", "code"}` with the HTTP
//! status that fits, so scripts can tell a bad request from an unreadable file from a busy server.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why a request was not answered with a result.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The multipart body had no field `file`.
    #[error("请求中没有文件（应在 multipart 字段“file”中上传报告）")]
    NoFile,
    /// One uploaded file is larger than the limit.
    #[error("文件“{name}”超过单个文件的大小上限 {limit_mb} MB")]
    FileTooLarge {
        /// The file's name as the client gave it.
        name: String,
        /// The limit in MB.
        limit_mb: usize,
    },
    /// The whole request is larger than the limit.
    #[error("请求超过大小上限 {limit_mb} MB")]
    RequestTooLarge {
        /// The limit in MB.
        limit_mb: usize,
    },
    /// More files than one request may carry.
    #[error("一次最多上传 {limit} 个文件")]
    TooManyFiles {
        /// The limit.
        limit: usize,
    },
    /// The body could not be understood (broken multipart, JSON that is no report, …).
    #[error("请求无法解析：{0}")]
    BadRequest(String),
    /// An output format the endpoint does not write.
    #[error("不支持的输出格式“{found}”（可选：{expected}）")]
    UnknownFormat {
        /// What the client asked for.
        found: String,
        /// The formats the endpoint knows.
        expected: &'static str,
    },
    /// The file is not a report gongkai can read; the reader's message.
    #[error("{name}：{message}")]
    Unreadable {
        /// The file's name as the client gave it.
        name: String,
        /// The reader's message.
        message: String,
    },
    /// Merging the reports was refused (mixed years or formats, none given).
    #[error("{0}")]
    Merge(String),
    /// A writer failed.
    #[error("{0}")]
    Write(String),
    /// The request took longer than the time limit.
    #[error("处理超时（上限 {secs} 秒）")]
    Timeout {
        /// The limit in seconds.
        secs: u64,
    },
    /// Host or Origin of the request is not this server's.
    #[error("拒绝访问：{0}")]
    Forbidden(String),
    /// The access token is missing or wrong.
    #[error("需要访问令牌：请使用服务启动时显示的完整网址（含 ?token=…）")]
    Unauthorized,
    /// No such endpoint.
    #[error("没有这个地址：{0}")]
    NotFound(String),
    /// The endpoint exists but not for this method.
    #[error("此地址不接受 {0} 请求")]
    MethodNotAllowed(String),
    /// Something inside the server failed (a task panicked, the temporary folder is gone).
    #[error("服务器内部错误：{0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NoFile
            | ApiError::BadRequest(_)
            | ApiError::UnknownFormat { .. }
            | ApiError::TooManyFiles { .. } => StatusCode::BAD_REQUEST,
            ApiError::FileTooLarge { .. } | ApiError::RequestTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::Unreadable { .. } | ApiError::Merge(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Timeout { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Write(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short stable code for scripts (`no_file`, `too_large`, …).
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NoFile => "no_file",
            ApiError::FileTooLarge { .. } | ApiError::RequestTooLarge { .. } => "too_large",
            ApiError::TooManyFiles { .. } => "too_many_files",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::UnknownFormat { .. } => "unknown_format",
            ApiError::Unreadable { .. } => "unreadable",
            ApiError::Merge(_) => "merge_refused",
            ApiError::Write(_) => "write_failed",
            ApiError::Timeout { .. } => "timeout",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::Unauthorized => "unauthorized",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.to_string(), "code": self.code() });
        (self.status(), Json(body)).into_response()
    }
}
