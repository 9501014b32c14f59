//! Registering, logging in and out.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{AuthUser, ClientAddr, SESSION_COOKIE};
use super::input::{ApiJson, Check, Input};
use crate::auth::{hash_password, new_secret, verify_password};
use crate::store::Account;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
}

/// Failed logins allowed in the window, per username and per client address.
pub const MAX_FAILURES_PER_USERNAME: i64 = 10;
pub const MAX_FAILURES_PER_CLIENT: i64 = 50;
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);

#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    #[serde(default)]
    /// 3–32 characters of a-z, 0-9, `_`, `.` and `-`; folded to lowercase.
    #[schema(value_type = String, example = "alice", pattern = "^[A-Za-z0-9_.-]{3,32}$")]
    username: Input<String>,
    #[serde(default)]
    #[schema(value_type = String, format = Password, min_length = 8, max_length = 128)]
    password: Input<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountRef {
    pub id: i64,
    pub username: String,
}

impl From<&Account> for AccountRef {
    fn from(a: &Account) -> AccountRef {
        AccountRef {
            id: a.id,
            username: a.username.clone(),
        }
    }
}

/// Folds a username to lowercase and checks its form.
pub fn check_username(check: &mut Check, raw: Option<String>) -> Option<String> {
    let name = raw?.trim().to_lowercase();
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
    if !(3..=32).contains(&name.chars().count()) || !valid_chars {
        check.fail(
            "username",
            "must be 3 to 32 characters of a-z, 0-9, _ . and -",
        );
        return None;
    }
    Some(name)
}

pub fn check_password(check: &mut Check, field: &str, raw: Option<String>) -> Option<String> {
    let password = raw?;
    if !(8..=128).contains(&password.chars().count()) {
        check.fail(field, "must be 8 to 128 characters");
        return None;
    }
    Some(password)
}

/// Create an account. It does not log in.
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = Credentials,
    responses(
        (status = 201, description = "Account created", body = AccountRef),
        (status = 409, description = "Username taken", body = Problem, content_type = "application/problem+json"),
    ))]
async fn register(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Credentials>,
) -> ApiResult<(StatusCode, Json<AccountRef>)> {
    let account = register_account(&state, body).await?;
    Ok((StatusCode::CREATED, Json(AccountRef::from(&account))))
}

/// Validates and creates an account (shared with the web pages).
pub(crate) async fn register_account(state: &AppState, body: Credentials) -> ApiResult<Account> {
    let mut check = Check::new();
    let username = check.required("username", body.username);
    let username = check_username(&mut check, username);
    let password = check.required("password", body.password);
    let password = check_password(&mut check, "password", password);
    check.finish()?;
    let (username, password) = (username.unwrap_or_default(), password.unwrap_or_default());
    let hash = hash_password(password).await?;
    let account = state
        .store
        .create_account(&username, &hash)
        .await?
        .ok_or_else(|| ApiError::Conflict(format!("the username `{username}` is taken")))?;
    tracing::info!(account_id = account.id, "account registered");
    Ok(account)
}

/// Log in: sets the session cookie (HttpOnly, SameSite=Lax).
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = Credentials,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = AccountRef),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins: more than 10 in 15 minutes for the username, or 50 from the client address",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the limit lifts"))),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    ApiJson(body): ApiJson<Credentials>,
) -> ApiResult<impl IntoResponse> {
    let (account, cookie) = log_in(&state, &client, body).await?;
    Ok((jar.add(cookie), Json(AccountRef::from(&account))))
}

/// Whether `password` matches `hash` (`None`: an unknown username), under
/// the failed-password limits: 429 once `username` or `client` has failed too
/// often within the window, and a failure counted otherwise. Logging in,
/// changing the password and deleting the account share these counts, so
/// none of them is a way around the others' limit.
pub(crate) async fn verify_password_limited(
    state: &AppState,
    username: &str,
    client: &str,
    password: String,
    hash: Option<String>,
) -> ApiResult<bool> {
    let now = Utc::now();
    let failures = state
        .store
        .login_failures_since(username, client, now - FAILURE_WINDOW)
        .await?;
    for ((count, oldest), limit) in [
        (failures.by_username, MAX_FAILURES_PER_USERNAME),
        (failures.by_client, MAX_FAILURES_PER_CLIENT),
    ] {
        if count >= limit {
            let lifts_at = oldest.unwrap_or(now) + FAILURE_WINDOW;
            let retry_after_secs = (lifts_at - now).num_seconds().max(1) as u64;
            return Err(ApiError::TooManyRequests { retry_after_secs });
        }
    }
    let matches = verify_password(password, hash).await?;
    if !matches {
        state.store.record_login_failure(username, client).await?;
    }
    Ok(matches)
}

/// Checks the credentials under the rate limits and starts a session,
/// answering the account and its session cookie (shared with the web pages).
pub(crate) async fn log_in(
    state: &AppState,
    client: &str,
    body: Credentials,
) -> ApiResult<(Account, Cookie<'static>)> {
    let mut check = Check::new();
    let username = check.required("username", body.username);
    if username
        .as_deref()
        .is_some_and(|u| u.contains(char::is_control))
    {
        // No account has such a name, and PostgreSQL text cannot hold NUL.
        check.fail("username", "must not contain control characters");
    }
    let password = check.required("password", body.password);
    check.finish()?;
    let username = username.unwrap_or_default().trim().to_lowercase();
    let password = password.unwrap_or_default();

    let account = state.store.account_by_username(&username).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    if !verify_password_limited(state, &username, client, password, hash).await? {
        tracing::info!(client_addr = %client, "login failed");
        return Err(ApiError::Unauthorized);
    }
    let account = account.ok_or(ApiError::Unauthorized)?;

    let (secret, secret_hash) = new_secret("");
    let lifetime = Duration::days(i64::from(state.config.session_days));
    state
        .store
        .create_session(&secret_hash, account.id, Utc::now() + lifetime)
        .await?;
    let cookie = Cookie::build((SESSION_COOKIE, secret))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.cookie_secure)
        .max_age(time_duration(lifetime))
        .build();
    tracing::info!(account_id = account.id, "logged in");
    Ok((account, cookie))
}

/// Log out: ends this session.
#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Logged out"),
    ),
    security(("session" = []), ("token" = [])))]
async fn logout(
    State(state): State<AppState>,
    user: AuthUser,
    jar: CookieJar,
) -> ApiResult<impl IntoResponse> {
    if let Some(hash) = &user.session_hash {
        state.store.delete_session(hash).await?;
    }
    Ok((StatusCode::NO_CONTENT, jar.remove(removal_cookie())))
}

/// The cookie that clears the session cookie in the browser.
pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

fn time_duration(d: Duration) -> cookie::time::Duration {
    cookie::time::Duration::seconds(d.num_seconds())
}
