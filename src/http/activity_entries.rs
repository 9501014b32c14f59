//! The activity diary.

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
use super::schema::{ActivityEntry, Items};
use crate::app::Input;
use crate::app::activity_entries::ActivityEntryFields;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_entry, list_entries))
        .routes(routes!(get_entry, patch_entry, delete_entry))
}

/// An activity entry as sent. With `activity_id` and no `kcal_burned`, the
/// energy is MET × weight × minutes / 60, with the weight entry closest in
/// time (70 kg when there is none).
#[derive(Deserialize, ToSchema)]
pub struct ActivityEntryInput {
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    date: Input<String>,
    /// 1–200 characters; defaults to the catalogue activity's name.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    name: Input<String>,
    /// Minutes. Required when the energy is computed from the activity's
    /// MET value (`activity_id` without `kcal_burned`); may be left out (or
    /// `null`) when `kcal_burned` is given.
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 1440)]
    duration_min: Input<i64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 20000)]
    kcal_burned: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    activity_id: Input<i64>,
}

impl From<ActivityEntryInput> for ActivityEntryFields {
    fn from(b: ActivityEntryInput) -> ActivityEntryFields {
        ActivityEntryFields {
            date: b.date,
            name: b.name,
            duration_min: b.duration_min,
            kcal_burned: b.kcal_burned,
            activity_id: b.activity_id,
        }
    }
}

/// Log an activity: by hand with `kcal_burned`, or from the catalogue.
#[utoipa::path(post, path = "/activity-entries", operation_id = "create_activity_entry", tag = "diary", request_body = ActivityEntryInput,
    responses(
        (status = 201, body = ActivityEntry),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<ActivityEntryInput>,
) -> ApiResult<(StatusCode, Json<ActivityEntry>)> {
    let created = state.app.create_activity_entry(&actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// The activities of a day or range, by date and creation.
#[utoipa::path(get, path = "/activity-entries", operation_id = "list_activity_entries", tag = "diary", params(DayOrRange),
    responses(
        (status = 200, body = Items<ActivityEntry>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn list_entries(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<ActivityEntry>>> {
    let (from, to) = date_range(&query)?;
    let entries = state.app.activity_entries(&actor, from, to).await?;
    Ok(Json(Items::of(entries)))
}

/// One entry.
#[utoipa::path(get, path = "/activity-entries/{id}", operation_id = "get_activity_entry", tag = "diary",
    params(("id" = i64, Path, description = "Entry id")),
    responses(
        (status = 200, body = ActivityEntry),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn get_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<Json<ActivityEntry>> {
    Ok(Json(state.app.activity_entry(&actor, id).await?.into()))
}

/// Change any subset of an entry's fields. An entry whose energy was computed
/// from a MET value is recomputed when its date, duration or activity changes,
/// unless `kcal_burned` is given.
#[utoipa::path(patch, path = "/activity-entries/{id}", operation_id = "patch_activity_entry", tag = "diary", request_body = ActivityEntryInput,
    params(("id" = i64, Path, description = "Entry id")),
    responses(
        (status = 200, body = ActivityEntry),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn patch_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<ActivityEntryInput>,
) -> ApiResult<Json<ActivityEntry>> {
    let updated = state
        .app
        .update_activity_entry(&actor, id, body.into())
        .await?;
    Ok(Json(updated.into()))
}

/// Delete an entry.
#[utoipa::path(delete, path = "/activity-entries/{id}", operation_id = "delete_activity_entry", tag = "diary",
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
    state.app.delete_activity_entry(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
