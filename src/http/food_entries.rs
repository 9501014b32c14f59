//! The food diary.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::details::DetailInput;
use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Id, QueryParams, date_range};
use super::schema::{FoodEntry, Items, Meal};
use crate::app::Input;
use crate::app::food_entries::{FoodEntryCopy, FoodEntryFields};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_entry, list_entries))
        .routes(routes!(copy_entries))
        .routes(routes!(get_entry, patch_entry, delete_entry))
}

/// A food entry as sent. From the catalogue: `food_id` and either
/// `quantity_g` or a `serving` (and `serving_count`); the nutrients are
/// computed (and must be left out). By hand: `calories`, macros default to
/// 0, and `name` to "Quick add".
#[derive(Deserialize, ToSchema)]
pub struct FoodEntryInput {
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    date: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<Meal>)]
    meal: Input<String>,
    /// 1–200 characters; defaults to the catalogue item's name, and by hand
    /// to "Quick add" (quick add: only `calories` given). An empty string
    /// is refused, not taken for a quick add.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    name: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 10000)]
    calories: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 10000)]
    protein_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 10000)]
    fat_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 10000)]
    carbs_g: Input<f64>,
    /// By hand only: grams at most 10,000 (milligrams 10⁷, micrograms
    /// 10¹⁰); from the catalogue they are computed.
    #[serde(flatten)]
    details: DetailInput,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    food_id: Input<i64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0.05, maximum = 5000)]
    quantity_g: Input<f64>,
    /// Instead of `quantity_g`: the label of one of the food's servings
    /// (household measures), e.g. "1 cup, chopped".
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    serving: Input<String>,
    /// How many of `serving` (default 1).
    #[serde(default)]
    #[schema(value_type = Option<f64>, exclusive_minimum = 0, maximum = 100)]
    serving_count: Input<f64>,
}

impl From<FoodEntryInput> for FoodEntryFields {
    fn from(b: FoodEntryInput) -> FoodEntryFields {
        FoodEntryFields {
            date: b.date,
            meal: b.meal,
            name: b.name,
            calories: b.calories,
            protein_g: b.protein_g,
            fat_g: b.fat_g,
            carbs_g: b.carbs_g,
            details: b.details.into(),
            food_id: b.food_id,
            quantity_g: b.quantity_g,
            serving: b.serving,
            serving_count: b.serving_count,
        }
    }
}

/// Log a food: by hand, or from the catalogue by `food_id` and `quantity_g`.
#[utoipa::path(post, path = "/food-entries", operation_id = "create_food_entry", tag = "diary", request_body = FoodEntryInput,
    responses(
        (status = 201, body = FoodEntry),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<FoodEntryInput>,
) -> ApiResult<(StatusCode, Json<FoodEntry>)> {
    let created = state.app.create_food_entry(&actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct DayOrRange {
    /// One day (YYYY-MM-DD); or give `from` and `to`.
    #[param(value_type = Option<NaiveDate>)]
    date: Option<String>,
    /// First day of a range, inclusive.
    #[param(value_type = Option<NaiveDate>)]
    from: Option<String>,
    /// Last day of a range, inclusive (at most 366 days).
    #[param(value_type = Option<NaiveDate>)]
    to: Option<String>,
}

/// The entries of a day or range, by date, meal and creation.
#[utoipa::path(get, path = "/food-entries", operation_id = "list_food_entries", tag = "diary", params(DayOrRange),
    responses(
        (status = 200, body = Items<FoodEntry>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn list_entries(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<FoodEntry>>> {
    let (from, to) = date_range(&query)?;
    Ok(Json(Items::of(
        state.app.food_entries(&actor, from, to).await?,
    )))
}

/// One entry.
#[utoipa::path(get, path = "/food-entries/{id}", operation_id = "get_food_entry", tag = "diary",
    params(("id" = i64, Path, description = "Entry id")),
    responses(
        (status = 200, body = FoodEntry),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn get_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<Json<FoodEntry>> {
    Ok(Json(state.app.food_entry(&actor, id).await?.into()))
}

/// Change any subset of an entry's fields. A new `quantity_g` rescales the
/// nutrients stored with the entry, unless they are given too.
#[utoipa::path(patch, path = "/food-entries/{id}", operation_id = "patch_food_entry", tag = "diary", request_body = FoodEntryInput,
    params(("id" = i64, Path, description = "Entry id")),
    responses(
        (status = 200, body = FoodEntry),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn patch_entry(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<FoodEntryInput>,
) -> ApiResult<Json<FoodEntry>> {
    let updated = state.app.update_food_entry(&actor, id, body.into()).await?;
    Ok(Json(updated.into()))
}

/// Delete an entry.
#[utoipa::path(delete, path = "/food-entries/{id}", operation_id = "delete_food_entry", tag = "diary",
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
    state.app.delete_food_entry(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct CopyInput {
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    from_date: Input<String>,
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    to_date: Input<String>,
    /// Only this meal; all of the day when left out. Required with `to_meal`.
    #[serde(default)]
    #[schema(value_type = Option<Meal>)]
    meal: Input<String>,
    /// Into this meal: the copies of `meal` are logged in `to_meal` of
    /// `to_date`. With it, `to_date` may equal `from_date` (a meal copied
    /// into another meal of the same day; `to_meal` must then differ from
    /// `meal`). Each copy keeps its own meal when left out.
    #[serde(default)]
    #[schema(value_type = Option<Meal>)]
    to_meal: Input<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CopiedEntries {
    /// The new entries, in diary order.
    pub items: Vec<FoodEntry>,
}

/// Copy a day's food (or one meal of it) to another day, or one meal into
/// another meal (`to_meal`) of the same day or another, with the values as
/// logged, in one transaction.
#[utoipa::path(post, path = "/food-entries/copy", tag = "diary", request_body = CopyInput,
    responses(
        (status = 201, body = CopiedEntries),
        (status = 422, description = "Invalid dates or meals; `to_date` equal to `from_date` without `to_meal`, or `to_meal` equal to `meal` on the same day; `to_meal` without `meal`; nothing to copy; or more than 200 food entries on `to_date` after the copy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn copy_entries(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<CopyInput>,
) -> ApiResult<(StatusCode, Json<CopiedEntries>)> {
    let cmd = FoodEntryCopy {
        from_date: body.from_date,
        to_date: body.to_date,
        meal: body.meal,
        to_meal: body.to_meal,
    };
    let items = state.app.copy_food_entries(&actor, cmd).await?;
    let items = items.into_iter().map(FoodEntry::from).collect();
    Ok((StatusCode::CREATED, Json(CopiedEntries { items })))
}
