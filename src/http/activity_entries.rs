//! The activity diary.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::AuthUser;
use super::food_entries::{DayOrRange, MAX_LIST_DAYS};
use super::input::{ApiJson, Check, Id, Input, QueryParams, date_range};
use super::{AppState, Items};
use crate::domain::energy::{DEFAULT_WEIGHT_KG, closest_weight, met_kcal};
use crate::store::{Activity, ActivityEntry, ActivityEntryInsert};

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
    #[serde(default)]
    #[schema(value_type = i64, minimum = 1, maximum = 1440)]
    duration_min: Input<i64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 20000)]
    kcal_burned: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    activity_id: Input<i64>,
}

const KCAL_MAX: f64 = 20000.0;

async fn catalogue_activity(
    state: &AppState,
    check: &mut Check,
    activity_id: Option<i64>,
) -> ApiResult<Option<Activity>> {
    let Some(id) = activity_id else {
        return Ok(None);
    };
    let activity = state.store.activity(id).await?;
    if activity.is_none() {
        check.fail("activity_id", "no such activity in the catalogue");
    }
    Ok(activity)
}

/// The burned energy from the MET value, with the weight used.
async fn met_energy(
    state: &AppState,
    account_id: i64,
    date: NaiveDate,
    met: f64,
    duration_min: i64,
) -> ApiResult<(f64, f64)> {
    let candidates = state.store.weights_around(account_id, date).await?;
    let weight = closest_weight(date, &candidates).unwrap_or(DEFAULT_WEIGHT_KG);
    Ok((met_kcal(met, weight, duration_min), weight))
}

/// Log an activity: by hand with `kcal_burned`, or from the catalogue.
#[utoipa::path(post, path = "/activity-entries", operation_id = "create_activity_entry", tag = "diary", request_body = ActivityEntryInput,
    responses(
        (status = 201, body = ActivityEntry),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_entry(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<ActivityEntryInput>,
) -> ApiResult<(StatusCode, Json<ActivityEntry>)> {
    let created = create_activity_entry(&state, &user, body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Validates and logs an activity entry (shared with the web pages).
pub(crate) async fn create_activity_entry(
    state: &AppState,
    user: &AuthUser,
    body: ActivityEntryInput,
) -> ApiResult<ActivityEntry> {
    let mut check = Check::new();
    let date = check.required("date", body.date);
    let date = check.date("date", date);
    let name = check.optional("name", body.name);
    let name = check.text("name", name, 200);
    let duration = check.required("duration_min", body.duration_min);
    let duration = check.integer("duration_min", duration, 1..=1440);
    let kcal_given = !matches!(body.kcal_burned, Input::Absent | Input::Null);
    let kcal = check.optional("kcal_burned", body.kcal_burned);
    let kcal = check.decimal("kcal_burned", kcal, 0.0..=KCAL_MAX);
    let activity_id = check.optional("activity_id", body.activity_id);
    let activity = catalogue_activity(state, &mut check, activity_id).await?;
    if activity_id.is_none() {
        if !kcal_given {
            check.fail(
                "kcal_burned",
                "is required (or log from the catalogue with activity_id)",
            );
        }
        if name.is_none() && check.is_ok() {
            check.fail(
                "name",
                "is required (or log from the catalogue with activity_id)",
            );
        }
    }
    check.finish()?;
    let (Some(date), Some(duration_min)) = (date, duration) else {
        return Err(ApiError::invalid("date", "is required"));
    };
    let (kcal_burned, met, weight_kg_used) = match (&activity, kcal) {
        (Some(a), None) => {
            let (kcal, weight) =
                met_energy(state, user.account_id, date, a.met, duration_min).await?;
            (kcal, Some(a.met), Some(weight))
        }
        (a, kcal) => (kcal.unwrap_or_default(), a.as_ref().map(|a| a.met), None),
    };
    let entry = ActivityEntryInsert {
        date,
        name: name
            .or_else(|| activity.map(|a| a.name))
            .unwrap_or_default(),
        duration_min,
        kcal_burned,
        activity_id,
        met,
        weight_kg_used,
    };
    Ok(state
        .store
        .insert_activity_entry(user.account_id, &entry)
        .await?)
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
    user: AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<ActivityEntry>>> {
    let (from, to) = date_range(&query, MAX_LIST_DAYS)?;
    let items = state
        .store
        .activity_entries(user.account_id, from, to)
        .await?;
    Ok(Json(Items { items }))
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
    user: AuthUser,
    Id(id): Id,
) -> ApiResult<Json<ActivityEntry>> {
    let entry = state.store.activity_entry(user.account_id, id).await?;
    Ok(Json(entry.ok_or(ApiError::NotFound)?))
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
    user: AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<ActivityEntryInput>,
) -> ApiResult<Json<ActivityEntry>> {
    Ok(Json(update_activity_entry(&state, &user, id, body).await?))
}

/// Validates and applies a change to an activity entry (shared with the web
/// pages).
pub(crate) async fn update_activity_entry(
    state: &AppState,
    user: &AuthUser,
    id: i64,
    body: ActivityEntryInput,
) -> ApiResult<ActivityEntry> {
    let old = state
        .store
        .activity_entry(user.account_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut check = Check::new();
    let mut new = ActivityEntryInsert {
        date: old.date,
        name: old.name.clone(),
        duration_min: old.duration_min,
        kcal_burned: old.kcal_burned,
        activity_id: old.activity_id,
        met: old.met,
        weight_kg_used: old.weight_kg_used,
    };
    let mut recompute = false;
    if !body.date.is_absent() {
        let date = check.required("date", body.date);
        new.date = check.date("date", date).unwrap_or(new.date);
        recompute = true;
    }
    if !body.name.is_absent() {
        let name = check.required("name", body.name);
        new.name = check.text("name", name, 200).unwrap_or_default();
    }
    if !body.duration_min.is_absent() {
        let d = check.required("duration_min", body.duration_min);
        new.duration_min = check
            .integer("duration_min", d, 1..=1440)
            .unwrap_or(new.duration_min);
        recompute = true;
    }
    match body.activity_id {
        Input::Absent => {}
        Input::Null => {
            new.activity_id = None;
            new.met = None;
            new.weight_kg_used = None;
            recompute = false;
        }
        activity_id => {
            let activity_id = check.required("activity_id", activity_id);
            if let Some(a) = catalogue_activity(state, &mut check, activity_id).await? {
                new.activity_id = Some(a.id);
                new.met = Some(a.met);
                recompute = true;
            }
        }
    }
    if body.kcal_burned.is_absent() {
        // Only energy that was computed is recomputed; a typed-in figure stays.
        let computed = old.weight_kg_used.is_some() || old.activity_id != new.activity_id;
        if let (true, true, Some(met)) = (recompute, computed, new.met) {
            let (kcal, weight) =
                met_energy(state, user.account_id, new.date, met, new.duration_min).await?;
            new.kcal_burned = kcal;
            new.weight_kg_used = Some(weight);
        }
    } else {
        let kcal = check.required("kcal_burned", body.kcal_burned);
        new.kcal_burned = check
            .decimal("kcal_burned", kcal, 0.0..=KCAL_MAX)
            .unwrap_or_default();
        new.weight_kg_used = None;
    }
    check.finish()?;
    let updated = state
        .store
        .update_activity_entry(user.account_id, id, &new)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(updated)
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
    user: AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    if state
        .store
        .delete_activity_entry(user.account_id, id)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
