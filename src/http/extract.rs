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
    Credentials::of(parts)?.check(state).await
}

/// What a request presents to authenticate, not yet checked against the
/// database: for handlers that check it in the same statement as their read
/// (the daily summary), saving a round trip. Missing or malformed credentials
/// are refused here, with 401, like `AuthUser` does.
pub struct Credentials {
    kind: CredentialKind,
    account_slot: Option<RequestAccount>,
}

/// The SHA-256 hash of the secret presented, and how it came.
pub enum CredentialKind {
    /// `Authorization: Bearer <API token>`.
    Token(String),
    /// The session cookie.
    Session(String),
}

impl Credentials {
    fn of(parts: &Parts) -> Result<Credentials, ApiError> {
        let kind = if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            // The scheme name is case-insensitive (RFC 9110 §11.1).
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim())
                .ok_or(ApiError::Unauthorized)?;
            CredentialKind::Token(hash_secret(token))
        } else {
            let jar = CookieJar::from_headers(&parts.headers);
            let cookie = jar.get(SESSION_COOKIE).ok_or(ApiError::Unauthorized)?;
            CredentialKind::Session(hash_secret(cookie.value()))
        };
        Ok(Credentials {
            kind,
            account_slot: parts.extensions.get::<RequestAccount>().cloned(),
        })
    }

    pub fn kind(&self) -> &CredentialKind {
        &self.kind
    }

    /// Checks the credentials against the database (what `AuthUser` does).
    pub async fn check(&self, state: &AppState) -> Result<AuthUser, ApiError> {
        let user = match &self.kind {
            CredentialKind::Token(hash) => AuthUser {
                account_id: state
                    .store
                    .use_token(hash)
                    .await?
                    .ok_or(ApiError::Unauthorized)?,
                session_hash: None,
            },
            CredentialKind::Session(hash) => AuthUser {
                account_id: state
                    .store
                    .session(hash)
                    .await?
                    .ok_or(ApiError::Unauthorized)?
                    .account_id,
                session_hash: Some(hash.clone()),
            },
        };
        self.authenticated(user.account_id);
        Ok(user)
    }

    /// Records the account the credentials turned out to belong to, for the
    /// request log.
    pub fn authenticated(&self, account_id: i64) {
        if let Some(slot) = &self.account_slot {
            let _ = slot.0.set(account_id);
        }
    }
}

impl FromRequestParts<AppState> for Credentials {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        Credentials::of(parts)
    }
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
