//! Request extractors: the authenticated account and the client address.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;

use super::AppState;
use super::error::ApiError;
use crate::auth::hash_secret;

pub const SESSION_COOKIE: &str = "nutrinube_session";

/// The account a request acts for, from the session cookie or an API token.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub account_id: i64,
    /// Hash of the session's secret when authenticated by cookie.
    pub session_hash: Option<String>,
}

/// Filled in by `AuthUser` so the request log can name the account.
#[derive(Clone, Debug, Default)]
pub struct RequestAccount(pub Arc<OnceLock<i64>>);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = authenticate(parts, state).await?;
        if let Some(slot) = parts.extensions.get::<RequestAccount>() {
            let _ = slot.0.set(user.account_id);
        }
        Ok(user)
    }
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<AuthUser, ApiError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .ok_or(ApiError::Unauthorized)?;
        let account_id = state
            .store
            .use_token(&hash_secret(token))
            .await?
            .ok_or(ApiError::Unauthorized)?;
        return Ok(AuthUser {
            account_id,
            session_hash: None,
        });
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let cookie = jar.get(SESSION_COOKIE).ok_or(ApiError::Unauthorized)?;
    let session_hash = hash_secret(cookie.value());
    let session = state
        .store
        .session(&session_hash)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(AuthUser {
        account_id: session.account_id,
        session_hash: Some(session_hash),
    })
}

/// The client's address: the connection's peer, or the first address of
/// `X-Forwarded-For` when the operator trusts the proxy in front.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.config.trust_forwarded_for
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        {
            return Ok(ClientAddr(ip.to_string()));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientAddr(peer))
    }
}
