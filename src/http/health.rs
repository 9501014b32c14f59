//! Liveness, readiness and Prometheus metrics.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppError;
use crate::http::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(live))
        .routes(routes!(ready))
        .routes(routes!(metrics))
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, `ready` or `unavailable`.
    pub status: &'static str,
    pub version: &'static str,
    /// Why the service is not ready, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

/// The process is up.
#[utoipa::path(get, path = "/health/live", tag = "operations",
    responses((status = 200, body = Health)))]
async fn live() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        reason: None,
    })
}

/// The database is reachable and migrated, and the bundled catalogue loaded.
#[utoipa::path(get, path = "/health/ready", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let reason = not_ready_reason(&state).await;
    let status = if reason.is_none() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let health = Health {
        status: if reason.is_none() {
            "ready"
        } else {
            "unavailable"
        },
        version: env!("CARGO_PKG_VERSION"),
        reason,
    };
    (status, Json(health))
}

/// The readiness check of `/health/ready` (and of `nutrinube_ready` in
/// `/metrics`): why the service is not ready, or `None` when it is.
async fn not_ready_reason(state: &AppState) -> Option<&'static str> {
    if !state.is_ready() {
        Some("migrations or catalogue loading not finished")
    } else {
        match tokio::time::timeout(Duration::from_secs(2), state.app.database_reachable()).await {
            Ok(true) => None,
            _ => Some("database unreachable"),
        }
    }
}

/// Prometheus metrics: requests by route and status, latency histograms,
/// database pool, log events dropped, readiness. With `NUTRINUBE_METRICS_TOKEN` set,
/// only for a request bearing it (`Authorization: Bearer <token>`).
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 401, description = "A metrics token is configured and the request does not bear it")))]
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = state
        .config
        .metrics_token
        .as_deref()
        .filter(|t| !t.is_empty())
        && !bears_token(&headers, token)
    {
        return ApiError::App(AppError::Unauthenticated).into_response();
    }
    let (size, idle) = state.app.pool_stats();
    metrics::gauge!("nutrinube_db_pool_connections", "state" => "idle").set(idle as f64);
    metrics::gauge!("nutrinube_db_pool_connections", "state" => "in_use")
        .set(size.saturating_sub(idle as u32) as f64);
    metrics::gauge!("nutrinube_db_pool_max_connections")
        .set(f64::from(state.config.db_max_connections));
    if let Some(fluentd) = &state.fluentd {
        metrics::counter!(crate::telemetry::fluentd::DROPPED_METRIC).absolute(fluentd.dropped());
    }
    let ready = not_ready_reason(&state).await.is_none();
    let mut text = state.metrics.render();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&crate::telemetry::ready_gauge(ready));
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// Whether the request's bearer token is `token`. Both are hashed first so
/// that the constant-time comparison also hides the token's length.
fn bears_token(headers: &HeaderMap, token: &str) -> bool {
    let Some(presented) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
    else {
        return false;
    };
    let presented = Sha256::digest(presented);
    let expected = Sha256::digest(token.as_bytes());
    presented.ct_eq(&expected).into()
}
