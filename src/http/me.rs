//! The signed-in account: details, password change, deletion.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::ApiJson;
use super::schema::Account;
use crate::app::Input;
use crate::app::accounts;
use crate::edge::{ClientAddr, removal_cookie};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me, delete_me))
        .routes(routes!(change_password))
}

/// The signed-in account.
#[utoipa::path(get, path = "/me", tag = "account",
    responses(
        (status = 200, body = Account),
    ),
    security(("session" = []), ("token" = [])))]
async fn me(State(state): State<AppState>, AuthUser(actor): AuthUser) -> ApiResult<Json<Account>> {
    Ok(Json(state.app.account(&actor).await?.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    #[serde(default)]
    #[schema(value_type = String, format = Password)]
    current_password: Input<String>,
    #[serde(default)]
    #[schema(value_type = String, format = Password, min_length = 8, max_length = 128)]
    new_password: Input<String>,
}

/// Change the password; every other session of the account ends and every
/// API token is revoked (through a token: every session and token, that one
/// included).
#[utoipa::path(put, path = "/me/password", tag = "account", request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password or invalid new one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords (shared with the login limits: 10 in 15 minutes for the account, 50 from the client address)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the limit lifts"))),
        (status = 503, description = "Password hashing is saturated: try again after `Retry-After`",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("session" = []), ("token" = [])))]
async fn change_password(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let cmd = accounts::PasswordChange {
        current_password: body.current_password,
        new_password: body.new_password,
    };
    state.app.change_password(&actor, &client, cmd).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct AccountDeletion {
    #[serde(default)]
    #[schema(value_type = String, format = Password)]
    password: Input<String>,
}

/// Delete the account and all its data.
#[utoipa::path(delete, path = "/me", tag = "account", request_body = AccountDeletion,
    responses(
        (status = 204, description = "Deleted"),
        (status = 422, description = "Wrong password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords (shared with the login limits: 10 in 15 minutes for the account, 50 from the client address)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the limit lifts"))),
        (status = 503, description = "Password hashing is saturated: try again after `Retry-After`",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_me(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    ApiJson(body): ApiJson<AccountDeletion>,
) -> ApiResult<impl IntoResponse> {
    let cmd = accounts::AccountDeletion {
        password: body.password,
    };
    state.app.delete_account(&actor, &client, cmd).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.remove(removal_cookie(state.config.cookie_secure)),
    ))
}
