//! Saved meals (nutrition.md §4): named lists of items logged together.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::details::{DetailAmounts, DetailInput};
use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Id};
use super::schema::{FoodEntry, Items, Meal};
use crate::app::Input;
use crate::app::saved_meals::{
    ItemView, SavedMealFields, SavedMealFromDay, SavedMealItemFields, SavedMealLog, SavedMealView,
};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_meal, list_meals))
        .routes(routes!(create_from_day))
        .routes(routes!(get_meal, put_meal, delete_meal))
        .routes(routes!(log_meal))
}

/// One item as sent, as a food entry takes it: from the catalogue,
/// `food_id` and `quantity_g` or a `serving` (and `serving_count`), the
/// nutrients left out (they are computed); by hand, `calories`, the
/// macros (default 0) and any detail nutrients, `name` defaulting to
/// "Quick add".
#[derive(Deserialize, ToSchema)]
pub struct SavedMealItemInput {
    /// 1–200 characters; from the catalogue it defaults to the food's name.
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
    /// By hand only.
    #[serde(flatten)]
    details: DetailInput,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    food_id: Input<i64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0.05, maximum = 5000)]
    quantity_g: Input<f64>,
    /// Instead of `quantity_g`: the label of one of the food's servings.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    serving: Input<String>,
    /// How many of `serving` (default 1).
    #[serde(default)]
    #[schema(value_type = Option<f64>, exclusive_minimum = 0, maximum = 100)]
    serving_count: Input<f64>,
}

impl From<SavedMealItemInput> for SavedMealItemFields {
    fn from(b: SavedMealItemInput) -> SavedMealItemFields {
        SavedMealItemFields {
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

/// A saved meal as sent.
#[derive(Deserialize, ToSchema)]
pub struct SavedMealInput {
    /// 1–200 characters.
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    name: Input<String>,
    /// 1–50 items, in the order they are logged, each as a food entry takes
    /// it (`POST /food-entries` without `date` and `meal`): from the
    /// catalogue `food_id` with `quantity_g` or `serving` (and
    /// `serving_count`); by hand `calories`, the macros, the detail
    /// nutrients and `name`. Described as plain objects: the item's
    /// flattened schema (an `allOf`) left schemathesis unable to generate
    /// lists of them.
    #[serde(default)]
    #[schema(value_type = Vec<Object>, min_items = 1, max_items = 50)]
    items: Input<Vec<SavedMealItemInput>>,
}

impl From<SavedMealInput> for SavedMealFields {
    fn from(b: SavedMealInput) -> SavedMealFields {
        let items = match b.items {
            Input::Value(items) => Input::Value(items.into_iter().map(Into::into).collect()),
            Input::Absent => Input::Absent,
            Input::Null => Input::Null,
            Input::Invalid(message) => Input::Invalid(message),
        };
        SavedMealFields {
            name: b.name,
            items,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct FromDayInput {
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    date: Input<String>,
    #[serde(default)]
    #[schema(value_type = Meal)]
    meal: Input<String>,
    /// The saved meal's name, 1–200 characters.
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    name: Input<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct LogInput {
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    date: Input<String>,
    #[serde(default)]
    #[schema(value_type = Meal)]
    meal: Input<String>,
}

/// One item with the nutrients it is logged with now: a catalogue item's
/// are computed from its food's current values and its grams.
#[derive(Serialize, ToSchema)]
pub struct SavedMealItem {
    /// The catalogue food; `null` for an item by hand (also once its custom
    /// food was deleted: the item keeps the amounts it was saved with).
    pub food_id: Option<i64>,
    /// Grams of the food; `null` by hand.
    pub quantity_g: Option<f64>,
    pub name: String,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    #[serde(flatten)]
    pub details: DetailAmounts,
}

impl From<ItemView> for SavedMealItem {
    fn from(i: ItemView) -> SavedMealItem {
        SavedMealItem {
            food_id: i.food_id,
            quantity_g: i.quantity_g,
            name: i.name,
            calories: i.nutrients.calories,
            protein_g: i.nutrients.protein_g,
            fat_g: i.nutrients.fat_g,
            carbs_g: i.nutrients.carbs_g,
            details: i.details.into(),
        }
    }
}

/// The sum of a saved meal's items (a detail is `null` or absent when no
/// item knows it; a sum of the items that do otherwise).
#[derive(Serialize, ToSchema)]
pub struct SavedMealTotal {
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    #[serde(flatten)]
    pub details: DetailAmounts,
}

#[derive(Serialize, ToSchema)]
pub struct SavedMeal {
    pub id: i64,
    pub name: String,
    pub items: Vec<SavedMealItem>,
    pub total: SavedMealTotal,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<SavedMealView> for SavedMeal {
    fn from(m: SavedMealView) -> SavedMeal {
        SavedMeal {
            id: m.id,
            name: m.name,
            items: m.items.into_iter().map(SavedMealItem::from).collect(),
            total: SavedMealTotal {
                calories: m.total.calories,
                protein_g: m.total.protein_g,
                fat_g: m.total.fat_g,
                carbs_g: m.total.carbs_g,
                details: m.total_details.into(),
            },
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LoggedEntries {
    /// The new food entries, in the saved meal's order.
    pub items: Vec<FoodEntry>,
}

/// Save a meal: 1–50 items from the catalogue or by hand. At most 1000
/// saved meals (422 naming `saved_meals`). A bad item's fields are named
/// `items[i].field`. Takes an `Idempotency-Key`.
#[utoipa::path(post, path = "/saved-meals", operation_id = "create_saved_meal", tag = "saved meals", request_body = SavedMealInput,
    responses(
        (status = 201, body = SavedMeal),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_meal(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<SavedMealInput>,
) -> ApiResult<(StatusCode, Json<SavedMeal>)> {
    let created = state.app.create_saved_meal(&actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Save what a meal of a day holds: entries from the catalogue as
/// catalogue items with their grams, the others as items by hand with the
/// amounts they were logged with. Takes an `Idempotency-Key`.
#[utoipa::path(post, path = "/saved-meals/from-day", operation_id = "create_saved_meal_from_day", tag = "saved meals", request_body = FromDayInput,
    responses(
        (status = 201, body = SavedMeal),
        (status = 422, description = "Invalid values; the meal has no entries, or more than 50; or 1000 saved meals already", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_from_day(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<FromDayInput>,
) -> ApiResult<(StatusCode, Json<SavedMeal>)> {
    let cmd = SavedMealFromDay {
        date: body.date,
        meal: body.meal,
        name: body.name,
    };
    let created = state.app.save_meal_from_day(&actor, cmd).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Every saved meal, in the order they were saved.
#[utoipa::path(get, path = "/saved-meals", operation_id = "list_saved_meals", tag = "saved meals",
    responses(
        (status = 200, body = Items<SavedMeal>),
    ),
    security(("session" = []), ("token" = [])))]
async fn list_meals(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Items<SavedMeal>>> {
    Ok(Json(Items::of(state.app.saved_meals(&actor).await?)))
}

/// One saved meal.
#[utoipa::path(get, path = "/saved-meals/{id}", operation_id = "get_saved_meal", tag = "saved meals",
    params(("id" = i64, Path, description = "Saved meal id")),
    responses(
        (status = 200, body = SavedMeal),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn get_meal(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<Json<SavedMeal>> {
    Ok(Json(state.app.saved_meal(&actor, id).await?.into()))
}

/// Replace a saved meal's name and items.
#[utoipa::path(put, path = "/saved-meals/{id}", operation_id = "put_saved_meal", tag = "saved meals", request_body = SavedMealInput,
    params(("id" = i64, Path, description = "Saved meal id")),
    responses(
        (status = 200, body = SavedMeal),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_meal(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<SavedMealInput>,
) -> ApiResult<Json<SavedMeal>> {
    let updated = state
        .app
        .replace_saved_meal(&actor, id, body.into())
        .await?;
    Ok(Json(updated.into()))
}

/// Delete a saved meal (the entries logged from it stay).
#[utoipa::path(delete, path = "/saved-meals/{id}", operation_id = "delete_saved_meal", tag = "saved meals",
    params(("id" = i64, Path, description = "Saved meal id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_meal(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state.app.delete_saved_meal(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Log a saved meal into a meal of a day: one food entry per item, with
/// the nutrients shown for it, in one transaction. Refused whole (422
/// naming `food_entries_per_day`) when the day would hold more than 200
/// food entries. Takes an `Idempotency-Key`.
#[utoipa::path(post, path = "/saved-meals/{id}/log", operation_id = "log_saved_meal", tag = "saved meals", request_body = LogInput,
    params(("id" = i64, Path, description = "Saved meal id")),
    responses(
        (status = 201, body = LoggedEntries),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn log_meal(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<LogInput>,
) -> ApiResult<(StatusCode, Json<LoggedEntries>)> {
    let cmd = SavedMealLog {
        date: body.date,
        meal: body.meal,
    };
    let items = state.app.log_saved_meal(&actor, id, cmd).await?;
    let items = items.into_iter().map(FoodEntry::from).collect();
    Ok((StatusCode::CREATED, Json(LoggedEntries { items })))
}
