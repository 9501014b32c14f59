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

use super::AppState;
use super::auth::{check_password, removal_cookie, verify_password_limited};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{AuthUser, ClientAddr};
use super::input::{ApiJson, Check, Input};
use crate::auth::hash_password;
use crate::store::Account;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me, delete_me))
        .routes(routes!(change_password))
}

/// The account, or 401 (a deleted account's session finds none).
pub(crate) async fn load(state: &AppState, user: &AuthUser) -> ApiResult<Account> {
    state
        .store
        .account(user.account_id)
        .await?
        .ok_or(ApiError::Unauthorized)
}

/// The signed-in account.
#[utoipa::path(get, path = "/me", tag = "account",
    responses(
        (status = 200, body = Account),
    ),
    security(("session" = []), ("token" = [])))]
async fn me(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Account>> {
    Ok(Json(load(&state, &user).await?))
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

/// Change the password; every other session of the account ends.
#[utoipa::path(put, path = "/me/password", tag = "account", request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password or invalid new one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords (shared with the login limits: 10 in 15 minutes for the account, 50 from the client address)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until the limit lifts"))),
    ),
    security(("session" = []), ("token" = [])))]
async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    change_password_of(&state, &user, &client, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks and changes the password (shared with the web pages).
pub(crate) async fn change_password_of(
    state: &AppState,
    user: &AuthUser,
    client: &str,
    body: PasswordChange,
) -> ApiResult<()> {
    let mut check = Check::new();
    let current = check.required("current_password", body.current_password);
    let new = check.required("new_password", body.new_password);
    let new = check_password(&mut check, "new_password", new);
    check.finish()?;
    let account = load(state, user).await?;
    let current = current.unwrap_or_default();
    if !verify_password_limited(
        state,
        &account.username,
        client,
        current,
        Some(account.password_hash),
    )
    .await?
    {
        return Err(ApiError::invalid(
            "current_password",
            "is not the current password",
        ));
    }
    let hash = hash_password(new.unwrap_or_default()).await?;
    state
        .store
        .set_password(user.account_id, &hash, user.session_hash.as_deref())
        .await?;
    tracing::info!(account_id = user.account_id, "password changed");
    Ok(())
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
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_me(
    State(state): State<AppState>,
    user: AuthUser,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    ApiJson(body): ApiJson<AccountDeletion>,
) -> ApiResult<impl IntoResponse> {
    delete_account_of(&state, &user, &client, body).await?;
    Ok((StatusCode::NO_CONTENT, jar.remove(removal_cookie())))
}

/// Checks the password and deletes the account (shared with the web pages).
pub(crate) async fn delete_account_of(
    state: &AppState,
    user: &AuthUser,
    client: &str,
    body: AccountDeletion,
) -> ApiResult<()> {
    let mut check = Check::new();
    let password = check.required("password", body.password);
    check.finish()?;
    let account = load(state, user).await?;
    let password = password.unwrap_or_default();
    if !verify_password_limited(
        state,
        &account.username,
        client,
        password,
        Some(account.password_hash),
    )
    .await?
    {
        return Err(ApiError::invalid(
            "password",
            "is not the account's password",
        ));
    }
    state.store.delete_account(user.account_id).await?;
    tracing::info!(account_id = user.account_id, "account deleted");
    Ok(())
}
