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

/// A cookie's name: with the `__Host-` prefix when cookies are Secure, so
/// that browsers accept it only from this host over HTTPS, on Path=/ and
/// without Domain (a sibling subdomain or a plain-HTTP page cannot plant or
/// overwrite it). Plain HTTP cannot carry the prefix, so a laptop on
/// http://127.0.0.1 uses the bare name.
pub fn cookie_name(base: &'static str, secure: bool) -> &'static str {
    match (base, secure) {
        (SESSION_COOKIE, true) => "__Host-nutrinube_session",
        (crate::web::CSRF_COOKIE, true) => "__Host-nutrinube_csrf",
        (base, _) => base,
    }
}

/// What the request presents to authenticate: `Authorization: Bearer
/// <token>` first, else the session cookie. `Err` for an `Authorization`
/// header that is not a bearer token, `Ok(None)` for nothing presented.
pub fn credential(
    parts: &Parts,
    secure_cookies: bool,
) -> Result<Option<Credential>, MalformedAuthorization> {
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
    Ok(session_secret(parts, secure_cookies)
        .map(|secret| Credential::Session(hash_secret(&secret))))
}

/// An `Authorization` header of another scheme, or unreadable.
#[derive(Debug)]
pub struct MalformedAuthorization;

/// The session cookie's secret, if the request carries one (only under the
/// prefixed name when cookies are Secure).
pub fn session_secret(parts: &Parts, secure_cookies: bool) -> Option<String> {
    CookieJar::from_headers(&parts.headers)
        .get(cookie_name(SESSION_COOKIE, secure_cookies))
        .map(|c| c.value().to_owned())
}

/// The hash of the session a browser's cookies carry, if any: logging in
/// replaces it.
pub fn session_hash_in(jar: &CookieJar, secure_cookies: bool) -> Option<String> {
    jar.get(cookie_name(SESSION_COOKIE, secure_cookies))
        .map(|c| hash_secret(c.value()))
}

/// The cookie that carries a new session: HttpOnly, SameSite=Lax, and
/// Secure when configured.
pub fn session_cookie(session: &NewSession, secure: bool) -> Cookie<'static> {
    Cookie::build((cookie_name(SESSION_COOKIE, secure), session.secret.clone()))
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
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    Cookie::build((cookie_name(SESSION_COOKIE, secure), ""))
        .path("/")
        .secure(secure)
        .build()
}

/// The client's address, as the rate limits key it: the connection's peer,
/// or, behind trusted proxies, the address the outermost trusted proxy
/// added to `X-Forwarded-For`. IPv6 addresses are cut to their /64 (one
/// household or server usually holds a whole /64).
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = state.config.trust_forwarded_for.then(|| {
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",")
        });
        let ip = forwarded
            .and_then(|list| forwarded_client(&list, state.config.trusted_proxy_hops))
            .or(peer);
        Ok(ClientAddr(ip.map_or_else(|| "unknown".into(), limit_key)))
    }
}

/// The client in an `X-Forwarded-For` list behind `hops` trusted proxies,
/// each of which appended the address it saw: the `hops`-th entry from the
/// right. Entries left of it were written by the client and prove nothing.
/// A list shorter than `hops` holds only trusted entries: its first.
fn forwarded_client(list: &str, hops: u32) -> Option<IpAddr> {
    let entries: Vec<&str> = list.split(',').map(str::trim).collect();
    let index = entries.len().saturating_sub(hops.max(1) as usize);
    entries.get(index)?.parse().ok()
}

/// The key of an address for the limits: IPv4 as it is, IPv6 as its /64.
fn limit_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
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
        AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Unavailable | AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_what_the_outermost_trusted_proxy_added() {
        // The client wrote "6.6.6.6"; one proxy appended the real peer.
        assert_eq!(forwarded_client("6.6.6.6, 1.2.3.4", 1), Some(ip("1.2.3.4")));
        assert_eq!(
            forwarded_client("6.6.6.6, 1.2.3.4, 10.0.0.2", 2),
            Some(ip("1.2.3.4"))
        );
        assert_eq!(forwarded_client("1.2.3.4", 1), Some(ip("1.2.3.4")));
        assert_eq!(forwarded_client("1.2.3.4", 3), Some(ip("1.2.3.4")));
        assert_eq!(forwarded_client("6.6.6.6, garbage", 1), None);
        assert_eq!(forwarded_client("", 1), None);
    }

    #[test]
    fn ipv6_clients_are_limited_per_64() {
        assert_eq!(limit_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(
            limit_key(ip("2001:db8:1:2:ffff:1:2:3")),
            limit_key(ip("2001:db8:1:2::9"))
        );
        assert_ne!(
            limit_key(ip("2001:db8:1:3::1")),
            limit_key(ip("2001:db8:1:2::1"))
        );
        assert_eq!(limit_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
        assert_eq!(limit_key(ip("192.0.2.7")), "192.0.2.7");
    }
}
