//! What both front ends share at the HTTP edge: the credentials a request
//! presents, the client's address, the session cookie, and the status of
//! each kind of operation error.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::app::AppError;
use crate::app::accounts::{Credential, NewSession};
use crate::auth::hash_secret;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "nutrinube_session";

/// What the request presents to authenticate: `Authorization: Bearer
/// <token>` first, else the session cookie. `Err` for an `Authorization`
/// header that is not a bearer token, `Ok(None)` for nothing presented.
pub fn credential(parts: &Parts) -> Result<Option<Credential>, MalformedAuthorization> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .ok_or(MalformedAuthorization)?;
        return Ok(Some(Credential::Token(hash_secret(token))));
    }
    Ok(session_secret(parts).map(|secret| Credential::Session(hash_secret(&secret))))
}

/// An `Authorization` header of another scheme, or unreadable.
#[derive(Debug)]
pub struct MalformedAuthorization;

/// The session cookie's secret, if the request carries one.
pub fn session_secret(parts: &Parts) -> Option<String> {
    CookieJar::from_headers(&parts.headers)
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
}

/// The cookie that carries a new session: HttpOnly, SameSite=Lax, and
/// Secure when configured.
pub fn session_cookie(session: &NewSession, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, session.secret.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(
            session.lifetime.num_seconds(),
        ))
        .build()
}

/// The cookie that clears the session cookie in the browser.
pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

/// The client's address: the connection's peer, or the first address of
/// `X-Forwarded-For` when the operator trusts the proxy in front.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
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

/// The HTTP status of an operation's error.
pub fn status_of(err: &AppError) -> StatusCode {
    match err {
        AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
