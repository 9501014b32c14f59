//! Water: drinks in whole millilitres (nutrition.md §6).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::food_entries::DayOrRange;
use super::input::{ApiJson, Id, QueryParams, date_range};
use super::schema::{Items, WaterEntry};
use crate::app::Input;
use crate::app::water::WaterEntryFields;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_entry, list_entries))
        .routes(routes!(delete_entry))
}

/// A drink as sent.
#[derive(Deserialize, ToSchema)]
pub struct WaterEntryInput {
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    date: Input<String>,
    /// Whole millilitres, 1–5000.
    #[serde(default)]
    #[schema(value_type = i64, minimum = 1, maximum = 5000)]
    ml: Input<i64>,
}

impl From<WaterEntryInput> for WaterEntryFields {
    fn from(b: WaterEntryInput) -> WaterEntryFields {
        WaterEntryFields {
            date: b.date,
            ml: b.ml,
        }
    }
}

/// Log a drink. At most 100 a day (422 naming `water_entries_per_day`).
/// Takes an `Idempotency-Key`.
#[utoipa::path(post, path = "/water-entries", operation_id = "create_water_entry", tag = "water", request_body = WaterEntryInput,
    responses(
        (status = 201, body = WaterEntry),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<WaterEntryInput>,
) -> ApiResult<(StatusCode, Json<WaterEntry>)> {
    let created = state.app.create_water_entry(&actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// The drinks of a day or range, by date and creation.
#[utoipa::path(get, path = "/water-entries", operation_id = "list_water_entries", tag = "water", params(DayOrRange),
    responses(
        (status = 200, body = Items<WaterEntry>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn list_entries(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<WaterEntry>>> {
    let (from, to) = date_range(&query)?;
    let entries = state.app.water_entries(&actor, from, to).await?;
    Ok(Json(Items::of(entries)))
}

/// Delete a drink.
#[utoipa::path(delete, path = "/water-entries/{id}", operation_id = "delete_water_entry", tag = "water",
    params(("id" = i64, Path, description = "Entry id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state.app.delete_water_entry(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
