//! The activity catalogue (Compendium of Physical Activities MET values).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::QueryParams;
use super::schema::{Activity, Items};
use crate::app::foods::SEARCH_TEXT_MAX;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct ActivityQuery {
    /// Words to find in the name; empty lists the catalogue.
    q: Option<String>,
    /// Most items to return: default 20, at most 100.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// Search the activity catalogue.
#[utoipa::path(get, path = "/activities", operation_id = "search_activities", tag = "activities", params(ActivityQuery),
    responses(
        (status = 200, body = Items<Activity>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn search(
    State(state): State<AppState>,
    _user: AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<Activity>>> {
    let limit = query.integer("limit", 1..=100)?.unwrap_or(20);
    let q = query.search_text("q", SEARCH_TEXT_MAX)?;
    Ok(Json(Items::of(
        state.app.search_activities(q, limit).await?,
    )))
}
