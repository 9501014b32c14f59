//! The food catalogue: search, custom foods, recently logged foods.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Check, Id, Input, QueryParams};
use super::{AppState, Items};
use crate::store::{Food, FoodInput, RecentFood, Serving};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search, create_food))
        .routes(routes!(recent))
        .routes(routes!(get_food, patch_food, delete_food))
}

pub const SEARCH_LIMIT_DEFAULT: i64 = 20;
pub const SEARCH_LIMIT_MAX: i64 = 50;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct SearchQuery {
    /// Words to find in the name or brand.
    q: Option<String>,
    /// Most items to return: default 20; more than 50 is capped at 50.
    #[param(minimum = 1)]
    limit: Option<i64>,
}

/// Search the catalogue, best match first; the account's custom foods included.
#[utoipa::path(get, path = "/foods", operation_id = "search_foods", tag = "foods", params(SearchQuery),
    responses(
        (status = 200, body = Items<Food>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn search(
    State(state): State<AppState>,
    user: AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<Food>>> {
    // A larger limit is capped, not refused: it asks for "as many as you give".
    let limit = query
        .integer("limit", 1..=i64::from(u32::MAX))?
        .map_or(SEARCH_LIMIT_DEFAULT, |l| l.min(SEARCH_LIMIT_MAX));
    let q = query.search_text("q", 200)?;
    let items = state.store.search_foods(user.account_id, q, limit).await?;
    Ok(Json(Items { items }))
}

/// The account's most recently and most often logged foods.
#[utoipa::path(get, path = "/foods/recent", tag = "foods",
    responses(
        (status = 200, body = Items<RecentFood>),
    ),
    security(("session" = []), ("token" = [])))]
async fn recent(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<Items<RecentFood>>> {
    let items = state.store.recent_foods(user.account_id, 20).await?;
    Ok(Json(Items { items }))
}

#[derive(Clone, Deserialize, ToSchema)]
pub struct ServingInput {
    /// A household measure, e.g. "1 cup".
    #[schema(min_length = 1, max_length = 100)]
    label: String,
    #[schema(minimum = 0.05, maximum = 5000)]
    grams: f64,
}

/// A custom food; amounts per 100 g.
#[derive(Deserialize, ToSchema)]
pub struct FoodBody {
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    name: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 200)]
    brand: Input<String>,
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0, maximum = 1000)]
    calories: Input<f64>,
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0, maximum = 100)]
    protein_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0, maximum = 100)]
    fat_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0, maximum = 100)]
    carbs_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 100)]
    fibre_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 100)]
    sugars_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 100)]
    saturated_fat_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 100000)]
    sodium_mg: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<ServingInput>>)]
    servings: Input<Vec<ServingInput>>,
}

const MAX_SERVINGS: usize = 20;

/// Applies the given fields of `body` over `base` (all of them for a new food).
fn read_food(body: FoodBody, base: Option<&Food>, check: &mut Check) -> FoodInput {
    let creating = base.is_none();
    let text = |check: &mut Check, field: &str, input: Input<String>, fallback: Option<&String>| {
        if input.is_absent() && !creating {
            return fallback.cloned().unwrap_or_default();
        }
        let v = check.required(field, input);
        check.text(field, v, 200).unwrap_or_default()
    };
    let name = text(check, "name", body.name, base.map(|b| &b.name));
    let brand = if body.brand.is_absent() && !creating {
        base.and_then(|b| b.brand.clone())
    } else {
        let v = check.optional("brand", body.brand);
        check.text("brand", v.filter(|b| !b.trim().is_empty()), 200)
    };
    let amount = |check: &mut Check, field: &str, input: Input<f64>, max: f64, fallback: f64| {
        if input.is_absent() && !creating {
            return fallback;
        }
        let v = check.required(field, input);
        check.decimal(field, v, 0.0..=max).unwrap_or_default()
    };
    let optional =
        |check: &mut Check, field: &str, input: Input<f64>, max: f64, fallback: Option<f64>| {
            if input.is_absent() && !creating {
                return fallback;
            }
            let v = check.optional(field, input);
            check.decimal(field, v, 0.0..=max)
        };
    let b = base.cloned();
    let b = b.as_ref();
    let servings = if body.servings.is_absent() && !creating {
        b.map(|b| b.servings.clone()).unwrap_or_default()
    } else {
        let list = check
            .optional("servings", body.servings)
            .unwrap_or_default();
        if list.len() > MAX_SERVINGS {
            check.fail("servings", format!("at most {MAX_SERVINGS} servings"));
        }
        let mut servings = Vec::new();
        for s in list {
            let label = check.text("servings", Some(s.label), 100);
            let grams = check.positive("servings", Some(s.grams), 5000.0);
            if let (Some(label), Some(grams)) = (label, grams) {
                servings.push(Serving { label, grams });
            }
        }
        servings
    };
    FoodInput {
        name,
        brand,
        calories: amount(
            check,
            "calories",
            body.calories,
            1000.0,
            b.map_or(0.0, |b| b.calories),
        ),
        protein_g: amount(
            check,
            "protein_g",
            body.protein_g,
            100.0,
            b.map_or(0.0, |b| b.protein_g),
        ),
        fat_g: amount(
            check,
            "fat_g",
            body.fat_g,
            100.0,
            b.map_or(0.0, |b| b.fat_g),
        ),
        carbs_g: amount(
            check,
            "carbs_g",
            body.carbs_g,
            100.0,
            b.map_or(0.0, |b| b.carbs_g),
        ),
        fibre_g: optional(
            check,
            "fibre_g",
            body.fibre_g,
            100.0,
            b.and_then(|b| b.fibre_g),
        ),
        sugars_g: optional(
            check,
            "sugars_g",
            body.sugars_g,
            100.0,
            b.and_then(|b| b.sugars_g),
        ),
        saturated_fat_g: optional(
            check,
            "saturated_fat_g",
            body.saturated_fat_g,
            100.0,
            b.and_then(|b| b.saturated_fat_g),
        ),
        sodium_mg: optional(
            check,
            "sodium_mg",
            body.sodium_mg,
            100000.0,
            b.and_then(|b| b.sodium_mg),
        ),
        servings,
    }
}

/// Add a custom food, visible only to this account.
#[utoipa::path(post, path = "/foods", tag = "foods", request_body = FoodBody,
    responses(
        (status = 201, body = Food),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_food(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<FoodBody>,
) -> ApiResult<(StatusCode, Json<Food>)> {
    let mut check = Check::new();
    let input = read_food(body, None, &mut check);
    check.finish()?;
    let food = state.store.create_food(user.account_id, &input).await?;
    Ok((StatusCode::CREATED, Json(food)))
}

/// One catalogue item.
#[utoipa::path(get, path = "/foods/{id}", tag = "foods",
    params(("id" = i64, Path, description = "Food id")),
    responses(
        (status = 200, body = Food),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn get_food(
    State(state): State<AppState>,
    user: AuthUser,
    Id(id): Id,
) -> ApiResult<Json<Food>> {
    let food = state.store.visible_food(user.account_id, id).await?;
    Ok(Json(food.ok_or(ApiError::NotFound)?))
}

/// A custom food of this account, 403 for a shared item, else 404.
async fn own_food(state: &AppState, account_id: i64, id: i64) -> ApiResult<Food> {
    match state.store.visible_food(account_id, id).await? {
        Some(food) if food.custom => Ok(food),
        Some(_) => Err(ApiError::Forbidden(
            "shared catalogue items are read-only; add a custom food instead".into(),
        )),
        None => Err(ApiError::NotFound),
    }
}

/// Change a custom food. Diary entries logged from it keep their values.
#[utoipa::path(patch, path = "/foods/{id}", tag = "foods", request_body = FoodBody,
    params(("id" = i64, Path, description = "Food id")),
    responses(
        (status = 200, body = Food),
        (status = 403, description = "A shared item", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn patch_food(
    State(state): State<AppState>,
    user: AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<FoodBody>,
) -> ApiResult<Json<Food>> {
    let old = own_food(&state, user.account_id, id).await?;
    let mut check = Check::new();
    let input = read_food(body, Some(&old), &mut check);
    check.finish()?;
    let food = state.store.update_food(user.account_id, id, &input).await?;
    Ok(Json(food.ok_or(ApiError::NotFound)?))
}

/// Delete a custom food. Diary entries logged from it stay as they are.
#[utoipa::path(delete, path = "/foods/{id}", tag = "foods",
    params(("id" = i64, Path, description = "Food id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "A shared item", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_food(
    State(state): State<AppState>,
    user: AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    own_food(&state, user.account_id, id).await?;
    if state.store.delete_food(user.account_id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
