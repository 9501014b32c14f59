//! Share links: a read-only report page (`/shared/<secret>`) for a coach.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Id};
use super::schema::Items;
use crate::app::Input;
use crate::app::shares::{CreatedShare, NewShare};
use crate::state::AppState;
use crate::store;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_share, list_shares))
        .routes(routes!(delete_share))
}

#[derive(Deserialize, ToSchema)]
pub struct ShareInput {
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 100)]
    name: Input<String>,
    /// First day the report shows (`YYYY-MM-DD`); absent: 30 days before `to`.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    from: Input<String>,
    /// Last day (`YYYY-MM-DD`, not before `from`, at most 366 days after);
    /// absent: the account's today.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    to: Input<String>,
    /// In the future: a moment in RFC 3339, or a date (`YYYY-MM-DD`) for the
    /// end of that day in the account's time zone; absent: the link works until revoked.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    expires_at: Input<String>,
}

/// A share link, without its secret.
#[derive(Serialize, ToSchema)]
pub struct Share {
    pub id: i64,
    pub name: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<store::ShareLink> for Share {
    fn from(s: store::ShareLink) -> Share {
        Share {
            id: s.id,
            name: s.name,
            from: s.date_from,
            to: s.date_to,
            expires_at: s.expires_at,
            created_at: s.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedShareLink {
    pub id: i64,
    pub name: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The report page's path, `/shared/<secret>`: shown only in this answer.
    pub url: String,
}

impl From<CreatedShare> for CreatedShareLink {
    fn from(c: CreatedShare) -> CreatedShareLink {
        let url = c.url();
        let s = Share::from(c.share);
        CreatedShareLink {
            id: s.id,
            name: s.name,
            from: s.from,
            to: s.to,
            expires_at: s.expires_at,
            created_at: s.created_at,
            url,
        }
    }
}

/// Create a share link; its secret (in `url`) is in this answer only.
#[utoipa::path(post, path = "/shares", tag = "shares", request_body = ShareInput,
    responses(
        (status = 201, body = CreatedShareLink),
        (status = 403, description = "A token whose scope is too narrow", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_share(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<ShareInput>,
) -> ApiResult<(StatusCode, Json<CreatedShareLink>)> {
    let cmd = NewShare {
        name: body.name,
        from: body.from,
        to: body.to,
        expires_at: body.expires_at,
    };
    let created = state.app.create_share(&actor, cmd).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// The account's share links, without their secrets.
#[utoipa::path(get, path = "/shares", tag = "shares",
    responses(
        (status = 200, body = Items<Share>),
    ),
    security(("session" = []), ("token" = [])))]
async fn list_shares(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Items<Share>>> {
    Ok(Json(Items::of(state.app.shares(&actor).await?)))
}

/// Revoke a share link: its page answers 404 from now on.
#[utoipa::path(delete, path = "/shares/{id}", tag = "shares",
    params(("id" = i64, Path, description = "Share link id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_share(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state.app.delete_share(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
