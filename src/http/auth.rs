//! Registering, logging in and out.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::ApiJson;
use crate::app::Input;
use crate::app::accounts;
use crate::edge::{ClientAddr, removal_cookie, session_cookie, session_hash_in};
use crate::state::AppState;
use crate::store::Account;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
}

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

/// A new account: credentials, and optionally its time zone and language.
#[derive(Deserialize, ToSchema)]
pub struct RegistrationInput {
    #[serde(default)]
    /// 3–32 characters of a-z, 0-9, `_`, `.` and `-`; folded to lowercase.
    #[schema(value_type = String, example = "alice", pattern = "^[A-Za-z0-9_.-]{3,32}$")]
    username: Input<String>,
    #[serde(default)]
    #[schema(value_type = String, format = Password, min_length = 8, max_length = 128)]
    password: Input<String>,
    /// IANA time zone name (default `UTC`).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "Europe/Madrid")]
    time_zone: Input<String>,
    /// `en`, `es` or `de` (default: the first of them in `Accept-Language`, else `en`).
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "es")]
    language: Input<String>,
}

impl From<Credentials> for accounts::Credentials {
    fn from(c: Credentials) -> accounts::Credentials {
        accounts::Credentials {
            username: c.username,
            password: c.password,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AccountRef {
    pub id: i64,
    pub username: String,
}

impl From<Account> for AccountRef {
    fn from(a: Account) -> AccountRef {
        AccountRef {
            id: a.id,
            username: a.username,
        }
    }
}

/// Create an account. It does not log in.
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = RegistrationInput,
    responses(
        (status = 201, description = "Account created", body = AccountRef),
        (status = 409, description = "Username taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid username or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many accounts registered from this address (NUTRINUBE_REGISTER_PER_HOUR, default 10 an hour)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the limit lifts"))),
        (status = 503, description = "Password hashing is saturated: try again after `Retry-After`",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
async fn register(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RegistrationInput>,
) -> ApiResult<(StatusCode, Json<AccountRef>)> {
    let cmd = accounts::Registration {
        credentials: accounts::Credentials {
            username: body.username,
            password: body.password,
        },
        time_zone: body.time_zone,
        language: body.language,
        accept_language: accept_language(&headers),
    };
    let account = state.app.register(&client, cmd).await?;
    Ok((StatusCode::CREATED, Json(account.into())))
}

/// Log in: sets the session cookie (HttpOnly, SameSite=Lax).
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = Credentials,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = AccountRef),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins: more than 10 in 15 minutes for the username, or 50 from the client address",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the limit lifts"))),
        (status = 503, description = "Password hashing is saturated: try again after `Retry-After`",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    ApiJson(body): ApiJson<Credentials>,
) -> ApiResult<impl IntoResponse> {
    let previous = session_hash_in(&jar, state.config.cookie_secure);
    let session = state
        .app
        .log_in(&client, body.into(), previous.as_deref())
        .await?;
    let cookie = session_cookie(&session, state.config.cookie_secure);
    Ok((jar.add(cookie), Json(AccountRef::from(session.account))))
}

/// Log out: ends this session.
#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Logged out"),
    ),
    security(("session" = []), ("token" = [])))]
async fn logout(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    jar: CookieJar,
) -> ApiResult<impl IntoResponse> {
    state.app.log_out(&actor).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.remove(removal_cookie(state.config.cookie_secure)),
    ))
}

/// The `Accept-Language` header, if readable.
fn accept_language(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
