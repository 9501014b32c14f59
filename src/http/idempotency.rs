//! The `Idempotency-Key` header of the creates, as a middleware on their
//! routes (the API's, and the diary's add forms that the web page's
//! off-line queue sends again): it reads the body, claims the key
//! (`app::idempotency`), runs the create once and remembers its answer, or
//! answers a repeat with the remembered one (marked `Idempotency-Replayed:
//! true`).

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::BODY_LIMIT;
use super::error::ApiError;
use crate::app::idempotency::{IdempotencyKey, Replay};
use crate::app::{Actor, App};
use crate::edge;
use crate::state::AppState;
use crate::store::StoredResponse;

pub const HEADER: &str = "idempotency-key";

/// The creates that take the header: method and matched route template.
/// Logins and token creation do not: a replayed token would have to be kept
/// in clear. A day's weight is a `PUT` (a second one replaces the first),
/// keyed all the same so that a client's retry is told apart from another
/// weight. The diary's add forms are the web page's creates: its off-line
/// queue sends them with a key (everywhere.md §3).
pub const CREATES: &[(&str, &str)] = &[
    ("POST", "/api/v1/food-entries"),
    ("POST", "/api/v1/food-entries/copy"),
    ("POST", "/api/v1/activity-entries"),
    ("POST", "/api/v1/foods"),
    ("PUT", "/api/v1/weights/{date}"),
    ("POST", "/api/v1/water-entries"),
    ("POST", "/api/v1/recipes"),
    ("POST", "/api/v1/recipes/from-meal"),
    ("POST", "/api/v1/saved-meals"),
    ("POST", "/api/v1/saved-meals/from-day"),
    ("POST", "/api/v1/saved-meals/{id}/log"),
    ("POST", "/diary/food"),
    ("POST", "/diary/activity"),
    ("POST", "/diary/water"),
];

/// Largest answer remembered; a create's answer is far smaller.
const ANSWER_LIMIT: usize = 1024 * 1024;

pub async fn idempotent_creates(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let applies = req
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|p| CREATES.contains(&(req.method().as_str(), p.as_str())));
    let Some(raw_key) = req.headers().get(HEADER).filter(|_| applies).cloned() else {
        return next.run(req).await;
    };
    let key = match IdempotencyKey::parse(raw_key.as_bytes()) {
        Ok(key) => key,
        Err(e) => return ApiError::App(e).into_response(),
    };
    // Keys are the account's own: without valid credentials the handler
    // answers (401) as it would without the header.
    let (parts, body) = req.into_parts();
    let credential = match edge::credential(&parts, state.config.cookie_secure) {
        Ok(Some(credential)) => credential,
        _ => return next.run(Request::from_parts(parts, body)).await,
    };
    let actor = match state.app.authenticate(&credential).await {
        // A token whose scope refuses the request: the handler says so.
        Ok(actor) if super::extract::check_scope(&actor, &parts).is_ok() => actor,
        _ => return next.run(Request::from_parts(parts, body)).await,
    };
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return ApiError::PayloadTooLarge.into_response();
    };
    let fingerprint = fingerprint(&parts, &bytes);
    match state
        .app
        .claim_idempotency_key(&actor, &key, &fingerprint)
        .await
    {
        Err(e) => ApiError::App(e).into_response(),
        Ok(Replay::Answer(answer)) => replayed(answer),
        Ok(Replay::Run) => {
            // Frees the key if this future is dropped (the client hung up)
            // before the answer is remembered.
            let mut guard = Claimed {
                app: state.app.clone(),
                actor,
                key,
                done: false,
            };
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            let (head, body) = response.into_parts();
            let Ok(body) = axum::body::to_bytes(body, ANSWER_LIMIT).await else {
                return ApiError::App(crate::app::AppError::Internal(anyhow::anyhow!(
                    "an answer too large to remember"
                )))
                .into_response();
            };
            // Only a success is remembered (for a form, its redirect to the
            // page that shows the result): a refused request created
            // nothing, and may be corrected and sent again with its key.
            let succeeded = head.status.is_success() || head.status == StatusCode::SEE_OTHER;
            let answer = succeeded.then(|| StoredResponse {
                status: head.status.as_u16(),
                content_type: header_text(&head.headers, header::CONTENT_TYPE),
                location: header_text(&head.headers, header::LOCATION),
                body: body.to_vec(),
            });
            let remembered = guard
                .app
                .remember_answer(&guard.actor, &guard.key, answer)
                .await;
            guard.done = true;
            if let Err(e) = remembered {
                // The create happened; its answer goes out even though a
                // repeat could not be recognised.
                tracing::warn!(error = %e, "remembering an idempotent answer failed");
            }
            Response::from_parts(head, Body::from(body))
        }
    }
}

/// SHA-256 of what makes two requests the same: method, path and query,
/// content type and body.
fn fingerprint(parts: &axum::http::request::Parts, body: &Bytes) -> String {
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .map(HeaderValue::as_bytes)
        .unwrap_or_default();
    let target = parts.uri.path_and_query().map_or("", |p| p.as_str());
    let digest = Sha256::new()
        .chain_update(parts.method.as_str())
        .chain_update(b"\0")
        .chain_update(target)
        .chain_update(b"\0")
        .chain_update(content_type)
        .chain_update(b"\0")
        .chain_update(body)
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn header_text(headers: &axum::http::HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A remembered answer, sent again.
fn replayed(answer: StoredResponse) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_TYPE);
    for (name, value) in [
        (header::CONTENT_TYPE, answer.content_type),
        (header::LOCATION, answer.location),
    ] {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, value);
        }
    }
    headers.insert("idempotency-replayed", HeaderValue::from_static("true"));
    response
}

/// A claimed key not yet answered; dropped unanswered, it is freed in the
/// background.
struct Claimed {
    app: App,
    actor: Actor,
    key: IdempotencyKey,
    done: bool,
}

impl Drop for Claimed {
    fn drop(&mut self) {
        if !self.done {
            let (app, actor, key) = (self.app.clone(), self.actor.clone(), self.key.clone());
            tokio::spawn(async move {
                let _ = app.remember_answer(&actor, &key, None).await;
            });
        }
    }
}
