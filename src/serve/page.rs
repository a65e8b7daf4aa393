//! The one page, embedded in the binary: HTML, CSS and JS with nothing loaded from elsewhere, so
//! it works offline and under the strict Content Security Policy of [`super::guard`].

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const MANY: &str = include_str!("page/many.js");
const STYLE: &str = include_str!("page/app.css");

fn asset(body: &'static str, kind: &'static str) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}

/// `GET /`: the page.
pub async fn index() -> Response {
    asset(INDEX, "text/html; charset=utf-8")
}

/// `GET /app.js`: the page's script.
pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

/// `GET /many.js`: the page's many-report script.
pub async fn many() -> Response {
    asset(MANY, "text/javascript; charset=utf-8")
}

/// `GET /app.css`: the page's style.
pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}
