//! The gate every request passes: Host and Origin must be this server's (no DNS rebinding, no
//! cross-site POST), the access token must be shown when the server listens beyond loopback, the
//! whole request must finish within the time limit, and every answer carries a strict Content
//! Security Policy.

use super::State;
use super::error::ApiError;
use axum::extract::{Request, State as Shared};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The page may load only its own script and style, talk only to its own server, and be framed
/// by nobody.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The cookie that carries the access token after the first visit with `?token=`.
pub const TOKEN_COOKIE: &str = "gongkai_token";

/// Checks Host, Origin and token, runs the request under the time limit and adds the security
/// headers to whatever it answers.
pub async fn gate(Shared(state): Shared<Arc<State>>, req: Request, next: Next) -> Response {
    if let Err(e) = admit(&state, &req) {
        return secure(e.into_response());
    }
    let set_cookie = match (&state.token, req.method(), req.uri().path()) {
        (Some(t), &Method::GET, "/") if query_token(req.uri().query()) == Some(t.as_str()) => {
            HeaderValue::from_str(&format!(
                "{TOKEN_COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict"
            ))
            .ok()
        }
        _ => None,
    };
    let limit = if req.uri().path().starts_with("/api/collect")
        || req.uri().path().starts_with("/api/merge")
    {
        state.limits.batch_timeout
    } else {
        state.limits.timeout
    };
    let mut response = match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::Timeout {
            secs: limit.as_secs(),
        }
        .into_response(),
    };
    if let Some(cookie) = set_cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    secure(response)
}

fn secure(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Whether a request may be served: its Host is one of this server's names (on loopback), its
/// Origin (when sent) is the page's own, and it shows the token (when one is required).
fn admit(state: &State, req: &Request) -> Result<(), ApiError> {
    let headers = req.headers();
    let host = header_str(headers, header::HOST)
        .ok_or_else(|| ApiError::Forbidden("请求没有 Host 头".into()))?
        .to_ascii_lowercase();
    if state.token.is_none() && !state.hosts.contains(&host) {
        return Err(ApiError::Forbidden(format!(
            "Host“{host}”不是本服务的地址（防止 DNS 重绑定）"
        )));
    }
    if let Some(origin) = header_str(headers, header::ORIGIN) {
        let own = format!("http://{host}");
        if !origin.eq_ignore_ascii_case(&own) {
            return Err(ApiError::Forbidden(format!(
                "来源“{origin}”不是本页面（拒绝跨站请求）"
            )));
        }
    }
    if header_str(headers, "sec-fetch-site") == Some("cross-site") {
        return Err(ApiError::Forbidden("拒绝跨站请求".into()));
    }
    if let Some(token) = &state.token {
        let shown = query_token(req.uri().query())
            .or_else(|| bearer(headers))
            .or_else(|| cookie_token(headers));
        if !shown.is_some_and(|s| same(s.as_bytes(), token.as_bytes())) {
            return Err(ApiError::Unauthorized);
        }
    }
    Ok(())
}

fn header_str(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn query_token(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    header_str(headers, header::AUTHORIZATION)?.strip_prefix("Bearer ")
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(TOKEN_COOKIE)?.strip_prefix('='))
}

/// Compares in time independent of where the strings differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A fresh access token: 128 random bits as hex.
///
/// # Errors
/// When the system's random source fails.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_in_query_and_cookie() {
        assert_eq!(query_token(Some("a=1&token=abc")), Some("abc"));
        assert_eq!(query_token(Some("a=1")), None);
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("x=1; gongkai_token=t0k"),
        );
        assert_eq!(cookie_token(&h), Some("t0k"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abcd", b"abcd"));
        assert!(!same(b"abcd", b"abce"));
        assert!(!same(b"abc", b"abcd"));
        assert_eq!(new_token().map(|t| t.len()).ok(), Some(32));
    }
}
