//! API tokens for scripts and apps: `Authorization: Bearer <token>`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Check, Id, Input};
use super::{AppState, Items};
use crate::auth::new_secret;
use crate::store::ApiToken;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_token, list_tokens))
        .routes(routes!(delete_token))
}

/// Prefix of every token secret, so that leaked ones are easy to recognise.
pub const TOKEN_PREFIX: &str = "nn_";

#[derive(Deserialize, ToSchema)]
pub struct TokenInput {
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 100)]
    name: Input<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    pub name: String,
    /// The secret: shown only in this answer.
    pub token: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Create a token; its secret is in this answer only.
#[utoipa::path(post, path = "/tokens", tag = "tokens", request_body = TokenInput,
    responses(
        (status = 201, body = CreatedToken),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_token(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<TokenInput>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let created = create_token_for(&state, &user, body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Validates and creates a token (shared with the web pages).
pub(crate) async fn create_token_for(
    state: &AppState,
    user: &AuthUser,
    body: TokenInput,
) -> ApiResult<CreatedToken> {
    let mut check = Check::new();
    let name = check.required("name", body.name);
    let name = check.text("name", name, 100);
    check.finish()?;
    let (secret, hash) = new_secret(TOKEN_PREFIX);
    let token = state
        .store
        .create_token(user.account_id, &name.unwrap_or_default(), &hash)
        .await?;
    Ok(CreatedToken {
        id: token.id,
        name: token.name,
        token: secret,
        created_at: token.created_at,
    })
}

/// The account's tokens, without their secrets.
#[utoipa::path(get, path = "/tokens", tag = "tokens",
    responses(
        (status = 200, body = Items<ApiToken>),
    ),
    security(("session" = []), ("token" = [])))]
async fn list_tokens(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<Items<ApiToken>>> {
    let items = state.store.tokens(user.account_id).await?;
    Ok(Json(Items { items }))
}

/// Revoke a token.
#[utoipa::path(delete, path = "/tokens/{id}", tag = "tokens",
    params(("id" = i64, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_token(
    State(state): State<AppState>,
    user: AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    if state.store.delete_token(user.account_id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
