//! The web pages (spec §4): server-rendered HTML on the same binary, calling
//! the same validation and summary functions as the JSON API.
//!
//! - Templates: askama, compiled into the binary from `templates/`.
//! - Static assets: `static/`, embedded, served as `/static/<name>.<hash>.<ext>`
//!   with a year-long immutable cache.
//! - CSRF: every state-changing form carries a `csrf` field. Signed in, it is
//!   derived from the session's secret (SHA-256 of a fixed label and the
//!   cookie value, which the database never holds); before login it is a
//!   double-submit cookie `nutrinube_csrf`. A missing or wrong token is a 403.
//! - Forms work without JavaScript (post-redirect-get; on a validation error
//!   the page is rendered again, 422, with the entered values and the
//!   messages next to their fields).

use std::collections::HashMap;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::auth::hash_secret;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{AuthUser, SESSION_COOKIE};

mod account;
mod activities;
mod assets;
mod chart;
mod diary;
mod session;

/// The double-submit cookie of the forms shown before login.
pub const CSRF_COOKIE: &str = "nutrinube_csrf";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(session::login_page).post(session::login))
        .route(
            "/register",
            get(session::register_page).post(session::register),
        )
        .route("/logout", post(session::logout))
        .route("/", get(diary::dashboard))
        .route("/diary", get(diary::diary_page))
        .route("/diary/food", post(diary::add_food))
        .route(
            "/diary/food/{id}",
            get(diary::edit_food_page).post(diary::edit_food),
        )
        .route("/diary/food/{id}/delete", post(diary::delete_food))
        .route("/diary/activity", post(diary::add_activity))
        .route(
            "/diary/activity/{id}",
            get(activities::edit_activity_page).post(activities::edit_activity),
        )
        .route("/diary/activity/{id}/delete", post(diary::delete_activity))
        .route("/goals", get(account::goals_page).post(account::save_goals))
        .route("/goals/suggested", post(account::apply_suggestion))
        .route("/history", get(diary::history))
        .route("/settings", get(account::settings_page))
        .route("/settings/profile", post(account::save_profile))
        .route("/settings/password", post(account::change_password))
        .route("/settings/tokens", post(account::create_token))
        .route("/settings/tokens/{id}/delete", post(account::delete_token))
        .route("/settings/delete", post(account::delete_account))
        .route("/static/{name}", get(assets::serve))
}

/// An error while serving a page, shown as a small HTML page.
pub enum WebError {
    Api(ApiError),
    Forbidden,
    NotFound,
}

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> WebError {
        WebError::Api(e)
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> WebError {
        WebError::Api(ApiError::Internal(anyhow::anyhow!("rendering a page: {e}")))
    }
}

impl From<sqlx::Error> for WebError {
    fn from(e: sqlx::Error) -> WebError {
        WebError::Api(e.into())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            WebError::Forbidden => (
                StatusCode::FORBIDDEN,
                "The form was out of date or did not come from NutriNube (CSRF check failed). \
                 Go back, reload the page and try again."
                    .to_owned(),
            ),
            WebError::NotFound | WebError::Api(ApiError::NotFound) => (
                StatusCode::NOT_FOUND,
                "There is no such page or entry.".into(),
            ),
            WebError::Api(e) => {
                let status = e.status();
                if let ApiError::Internal(err) = &e {
                    tracing::error!(error = format!("{err:#}"), "page failed");
                }
                (status, e.problem().detail)
            }
        };
        let page = assets::ErrorPage {
            css: assets::css_path(),
            status: status.as_u16(),
            message,
        };
        let body = askama::Template::render(&page).unwrap_or_else(|_| "error".into());
        page_response(status, body)
    }
}

pub type WebResult<T = Response> = Result<T, WebError>;

/// A form as the user filled it, and the message for each invalid field:
/// what a page shows again after a refused submission.
#[derive(Default)]
pub struct Entered {
    pub values: HashMap<String, String>,
    pub errors: HashMap<String, String>,
}

impl Entered {
    pub fn new(values: HashMap<String, String>, errors: HashMap<String, String>) -> Entered {
        Entered { values, errors }
    }
    /// The value entered in `field`, or empty.
    pub fn v(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }
    /// The error for `field`, if any.
    pub fn e(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// An HTML answer with the page headers (no caching, a strict CSP).
pub fn page_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, Html(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

/// Renders a template as a page.
pub fn render(status: StatusCode, template: &impl askama::Template) -> WebResult {
    Ok(page_response(status, template.render()?))
}

/// A signed-in person on a page. Without a valid session, pages redirect
/// to `/login?next=<this page>`.
pub struct WebUser {
    pub account_id: i64,
    pub username: String,
    pub session_hash: String,
    /// The CSRF token of this session's forms.
    pub csrf: String,
}

impl WebUser {
    pub fn auth(&self) -> AuthUser {
        AuthUser {
            account_id: self.account_id,
            session_hash: Some(self.session_hash.clone()),
        }
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
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(secret) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Err(to_login());
        };
        let session_hash = hash_secret(&secret);
        let session = match state.store.session(&session_hash).await {
            Ok(Some(s)) => s,
            Ok(None) => return Err(to_login()),
            Err(e) => return Err(WebError::from(e).into_response()),
        };
        let account = match state.store.account(session.account_id).await {
            Ok(Some(a)) => a,
            Ok(None) => return Err(to_login()),
            Err(e) => return Err(WebError::from(e).into_response()),
        };
        if let Some(slot) = parts
            .extensions
            .get::<crate::http::extract::RequestAccount>()
        {
            let _ = slot.0.set(account.id);
        }
        Ok(WebUser {
            account_id: account.id,
            username: account.username,
            session_hash,
            csrf: csrf_token(&secret),
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
    if let Some(c) = jar.get(CSRF_COOKIE) {
        let token = csrf_token(c.value());
        return (jar, token);
    }
    let (value, _) = crate::auth::new_secret("");
    let token = csrf_token(&value);
    let cookie = Cookie::build((CSRF_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    (jar.add(cookie), token)
}

/// Checks a pre-login form against the double-submit cookie.
pub fn check_anonymous(jar: &CookieJar, form: &HashMap<String, String>) -> WebResult<()> {
    let cookie = jar.get(CSRF_COOKIE).ok_or(WebError::Forbidden)?;
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

/// A local path to return to after login; anything else goes home.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// How a form field becomes a JSON member of the API's input.
#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Number,
    Integer,
}

/// Turns form fields into the JSON body the API would take, so the same
/// input types and checks apply: empty fields are absent, numbers are
/// parsed (a comma works as the decimal point), anything unparseable is
/// passed as text for the API's check to refuse.
pub fn form_json<T: serde::de::DeserializeOwned>(
    form: &HashMap<String, String>,
    fields: &[(&str, Kind)],
) -> WebResult<T> {
    let mut map = Map::new();
    for &(name, kind) in fields {
        let Some(raw) = form.get(name) else { continue };
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let value = match kind {
            Kind::Text => Value::String(raw.to_owned()),
            Kind::Number => raw
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(raw.to_owned())),
            Kind::Integer => raw
                .parse::<i64>()
                .map(|v| Value::Number(v.into()))
                .unwrap_or_else(|_| Value::String(raw.to_owned())),
        };
        map.insert(name.to_owned(), value);
    }
    serde_json::from_value(Value::Object(map))
        .map_err(|e| WebError::Api(ApiError::Internal(anyhow::anyhow!("form shape: {e}"))))
}

/// Field messages of a validation error, for showing next to the fields;
/// other errors pass through.
pub fn field_errors(err: ApiError) -> WebResult<HashMap<String, String>> {
    match err {
        ApiError::Validation(errors) => Ok(errors
            .into_iter()
            .map(|e| {
                let message = if e.message.starts_with("invalid type") {
                    "must be a number".to_owned()
                } else {
                    e.message
                };
                (e.field, message)
            })
            .collect()),
        other => Err(WebError::Api(other)),
    }
}

/// A redirect after a successful POST (303 See Other).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Whole kcal; "−0" shows as 0.
pub fn kcal(x: f64) -> String {
    let r = x.round();
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r:.0}")
    }
}

/// Grams to one decimal.
pub fn grams(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        "0.0".into()
    } else {
        format!("{r:.1}")
    }
}

/// A number as typed back into a form: no trailing ".0".
pub fn plain(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_for_people() {
        assert_eq!(kcal(-0.4), "0");
        assert_eq!(kcal(1234.5), "1235");
        assert_eq!(grams(12.34), "12.3");
        assert_eq!(grams(-0.04), "0.0");
        assert_eq!(plain(60.0), "60");
        assert_eq!(plain(7.25), "7.3");
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/diary?date=2026-01-01")),
            "/diary?date=2026-01-01"
        );
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
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
