//! Who is on a page: the signed-in person behind the session cookie, and
//! the CSRF tokens of the forms (signed in, and before login).

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;
use sha2::{Digest, Sha256};

use super::{WebError, WebResult};
use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use crate::app::{Actor, App};
use crate::auth::hash_secret;
use crate::domain::settings::Settings;
use crate::edge::{cookie_name, session_secret};
use crate::state::AppState;
use crate::telemetry::request_log::record_account;
use crate::web::present::Presentation;
use crate::web::reader::set_reader;

/// The double-submit cookie of the forms shown before login.
pub const CSRF_COOKIE: &str = "nutrinube_csrf";

/// A signed-in person on a page. Without a valid session, pages redirect
/// to `/login?next=<this page>`.
pub struct WebUser {
    pub account_id: i64,
    pub username: String,
    pub session_hash: String,
    /// The CSRF token of this session's forms.
    pub csrf: String,
    pub settings: Settings,
    /// The time where the person is (the account's time zone).
    pub now: DateTime<Tz>,
}

impl WebUser {
    /// The account the page's operations act for.
    pub fn actor(&self) -> Actor {
        Actor {
            account_id: self.account_id,
            session_hash: Some(self.session_hash.clone()),
            scope: crate::app::TokenScope::Full,
        }
    }

    /// How their pages speak: language and units.
    pub fn shown(&self) -> Presentation {
        Presentation::of(&self.settings)
    }

    /// Today where the person is.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Checks a submitted form's token.
    pub fn check(&self, form: &HashMap<String, String>) -> WebResult<()> {
        check_token(form, &self.csrf)
    }
}

impl FromRequestParts<AppState> for WebUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || {
            let here = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let target = if parts.method == axum::http::Method::GET && here != "/" {
                format!("/login?next={}", percent_encode(here))
            } else {
                "/login".to_owned()
            };
            Redirect::to(&target).into_response()
        };
        let Some(secret) = session_secret(parts, state.config.cookie_secure) else {
            return Err(to_login());
        };
        let session_hash = hash_secret(&secret);
        let account = match state.app.session_account(&session_hash).await {
            Ok(Some(a)) => a,
            Ok(None) => return Err(to_login()),
            Err(e) => return Err(WebError::from(e).into_response()),
        };
        record_account(&parts.extensions, account.id);
        let settings = App::settings_of(&account);
        set_reader(Presentation::of(&settings));
        Ok(WebUser {
            account_id: account.id,
            username: account.username,
            session_hash,
            csrf: csrf_token(&secret),
            now: state.app.now_in(settings.time_zone),
            settings,
        })
    }
}

/// The CSRF token bound to a cookie value (session secret or CSRF cookie).
pub fn csrf_token(secret: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"nutrinube csrf v1\0")
        .chain_update(secret.as_bytes())
        .finalize();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

fn check_token(form: &HashMap<String, String>, expected: &str) -> WebResult<()> {
    let given = form.get("csrf").map(String::as_bytes).unwrap_or_default();
    let expected = expected.as_bytes();
    // Constant-time comparison.
    let same = given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(WebError::Forbidden)
    }
}

/// The pre-login token: from the `nutrinube_csrf` cookie, set if missing.
pub fn anonymous_csrf(jar: CookieJar, secure: bool) -> (CookieJar, String) {
    let name = cookie_name(CSRF_COOKIE, secure);
    if let Some(c) = jar.get(name) {
        let token = csrf_token(c.value());
        return (jar, token);
    }
    let (value, _) = crate::auth::new_secret("");
    let token = csrf_token(&value);
    let cookie = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    (jar.add(cookie), token)
}

/// Checks a pre-login form against the double-submit cookie.
pub fn check_anonymous(
    jar: &CookieJar,
    secure: bool,
    form: &HashMap<String, String>,
) -> WebResult<()> {
    let cookie = jar
        .get(cookie_name(CSRF_COOKIE, secure))
        .ok_or(WebError::Forbidden)?;
    check_token(form, &csrf_token(cookie.value()))
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A local path to return to after login; anything else goes home. A path
/// on this site starts with one `/` not followed by `/` or `\`, and holds no
/// backslash, control character or white space: browsers drop a tab or a
/// newline, so `/\t/evil.example/` would lead to `//evil.example/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n[1..].starts_with(['/', '\\'])
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/diary?date=2026-01-01")),
            "/diary?date=2026-01-01"
        );
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        // What browsers turn into another site once they drop the white space.
        for evil in [
            "/\t/evil.example/",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\\evil.example",
            "/\u{2028}/evil.example",
            "/\u{0}x",
        ] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil:?}");
        }
        assert_eq!(safe_next(Some("/goals?saved=1")), "/goals?saved=1");
    }

    #[test]
    fn tokens_compare_exactly() {
        let mut form = HashMap::new();
        assert!(check_token(&form, "abc").is_err());
        form.insert("csrf".to_owned(), "abd".to_owned());
        assert!(check_token(&form, "abc").is_err());
        form.insert("csrf".to_owned(), "abc".to_owned());
        assert!(check_token(&form, "abc").is_ok());
    }
}
