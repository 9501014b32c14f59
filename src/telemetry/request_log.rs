//! One log event and metrics sample per request, labelled by matched route.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{Extensions, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const REQUESTS_METRIC: &str = "nutrinube_http_requests_total";
pub const LATENCY_METRIC: &str = "nutrinube_http_request_duration_seconds";

const REQUEST_ID: &str = "x-request-id";

/// The account a request acted for: set by whichever front end
/// authenticated it, read when the request is logged.
#[derive(Clone, Debug, Default)]
pub struct RequestAccount(Arc<OnceLock<i64>>);

impl RequestAccount {
    /// The slot of the request being served (none outside `log_request`).
    pub fn of(extensions: &Extensions) -> Option<RequestAccount> {
        extensions.get::<RequestAccount>().cloned()
    }

    pub fn record(&self, account_id: i64) {
        let _ = self.0.set(account_id);
    }
}

/// Names the account of the request being served, for its log line.
pub fn record_account(extensions: &Extensions, account_id: i64) {
    if let Some(slot) = extensions.get::<RequestAccount>() {
        slot.record(account_id);
    }
}

/// Removes an incoming `X-Request-Id` that is unfit to log (too long or odd
/// characters), so a fresh one is generated instead.
pub async fn drop_unusable_request_id(mut req: Request) -> Request {
    let usable = req.headers().get(REQUEST_ID).is_none_or(usable_request_id);
    if !usable {
        req.headers_mut().remove(REQUEST_ID);
    }
    req
}

/// The method as a metrics label and log field: one of a fixed set, so that
/// invented methods cannot grow `/metrics` (each label set is kept forever).
fn method_label(method: &axum::http::Method) -> String {
    use axum::http::Method;
    let known = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
    ];
    if known.contains(method) {
        method.as_str().to_owned()
    } else {
        "other".to_owned()
    }
}

fn usable_request_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// Logs method, route, status, latency, request id and account id; never
/// headers or bodies, so no password, cookie or token reaches a log line.
pub async fn log_request(mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = method_label(req.method());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let request_id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let account = RequestAccount::default();
    req.extensions_mut().insert(account.clone());

    let response = next.run(req).await;

    let latency = start.elapsed();
    let status = response.status().as_u16();
    metrics::counter!(REQUESTS_METRIC, "method" => method.clone(), "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!(LATENCY_METRIC, "method" => method.clone(), "route" => route.clone())
        .record(latency.as_secs_f64());
    tracing::info!(
        target: "nutrinube::request",
        request_id,
        method,
        route,
        status,
        latency_ms = (latency.as_secs_f64() * 1e6).round() / 1e3,
        account_id = account.0.get().copied(),
        "request"
    );
    response
}
