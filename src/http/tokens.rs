//! API tokens for scripts and apps: `Authorization: Bearer <token>`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Id};
use super::schema::{ApiToken, Items};
use crate::app::Input;
use crate::app::tokens::{self, NewToken};
use crate::edge::ClientAddr;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_token, list_tokens))
        .routes(routes!(delete_token))
}

#[derive(Deserialize, ToSchema)]
pub struct TokenInput {
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 100)]
    name: Input<String>,
    /// `full` (default), `read` or `health`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    scope: Input<String>,
    /// In the future: a moment in RFC 3339, or a date (`YYYY-MM-DD`) for the
    /// end of that day in the account's time zone; absent: the token never expires.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    expires_at: Input<String>,
    /// The account's current password (403 when missing or wrong).
    #[serde(default)]
    #[schema(value_type = String)]
    password: Input<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    pub id: i64,
    pub name: String,
    pub scope: String,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The secret: shown only in this answer.
    pub token: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<tokens::CreatedToken> for CreatedToken {
    fn from(c: tokens::CreatedToken) -> CreatedToken {
        CreatedToken {
            id: c.token.id,
            name: c.token.name,
            scope: c.token.scope,
            expires_at: c.token.expires_at,
            token: c.secret,
            created_at: c.token.created_at,
        }
    }
}

/// Create a token; its secret is in this answer only.
#[utoipa::path(post, path = "/tokens", tag = "tokens", request_body = TokenInput,
    responses(
        (status = 201, body = CreatedToken),
        (status = 403, description = "The password is missing or wrong, or this token's scope is too narrow", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords (shared with the login limits)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_token(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<TokenInput>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let cmd = NewToken {
        name: body.name,
        scope: body.scope,
        expires_at: body.expires_at,
        password: body.password,
    };
    let created = state.app.create_token(&actor, &client, cmd).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// The account's tokens, without their secrets.
#[utoipa::path(get, path = "/tokens", tag = "tokens",
    responses(
        (status = 200, body = Items<ApiToken>),
    ),
    security(("session" = []), ("token" = [])))]
async fn list_tokens(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Items<ApiToken>>> {
    Ok(Json(Items::of(state.app.tokens(&actor).await?)))
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
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state.app.delete_token(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
