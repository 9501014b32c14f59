//! The food catalogue: search, custom foods, recently logged foods.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::details::DetailInput;
use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Id, QueryParams};
use super::schema::{Food, Items, RecentFood};
use crate::app::Input;
use crate::app::foods::{FoodFields, RECENT_FOODS, SEARCH_TEXT_MAX, ServingFields};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search, create_food))
        .routes(routes!(recent))
        .routes(routes!(get_food, patch_food, delete_food))
}

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
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<Food>>> {
    let limit = query.integer("limit", 1..=i64::from(u32::MAX))?;
    let q = query.search_text("q", SEARCH_TEXT_MAX)?;
    Ok(Json(Items::of(
        state.app.search_foods(&actor, q, limit).await?,
    )))
}

/// The account's most recently and most often logged foods.
#[utoipa::path(get, path = "/foods/recent", tag = "foods",
    responses(
        (status = 200, body = Items<RecentFood>),
    ),
    security(("session" = []), ("token" = [])))]
async fn recent(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Items<RecentFood>>> {
    let foods = state.app.recent_foods(&actor, RECENT_FOODS).await?;
    Ok(Json(Items::of(foods)))
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
    /// Per 100 g: grams at most 100, milligrams 100,000, micrograms 10⁸.
    #[serde(flatten)]
    details: DetailInput,
    #[serde(default)]
    #[schema(value_type = Option<Vec<ServingInput>>)]
    servings: Input<Vec<ServingInput>>,
}

impl From<FoodBody> for FoodFields {
    fn from(b: FoodBody) -> FoodFields {
        let servings = match b.servings {
            Input::Value(list) => Input::Value(
                list.into_iter()
                    .map(|s| ServingFields {
                        label: s.label,
                        grams: s.grams,
                    })
                    .collect(),
            ),
            Input::Absent => Input::Absent,
            Input::Null => Input::Null,
            Input::Invalid(message) => Input::Invalid(message),
        };
        FoodFields {
            name: b.name,
            brand: b.brand,
            calories: b.calories,
            protein_g: b.protein_g,
            fat_g: b.fat_g,
            carbs_g: b.carbs_g,
            details: b.details.into(),
            servings,
        }
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
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<FoodBody>,
) -> ApiResult<(StatusCode, Json<Food>)> {
    let food = state.app.create_food(&actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(food.into())))
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
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<Json<Food>> {
    Ok(Json(state.app.food(&actor, id).await?.into()))
}

/// Change a custom food. Diary entries logged from it keep their values.
#[utoipa::path(patch, path = "/foods/{id}", tag = "foods", request_body = FoodBody,
    params(("id" = i64, Path, description = "Food id")),
    responses(
        (status = 200, body = Food),
        (status = 403, description = "A shared item", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A recipe: change it through /recipes/{id}", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn patch_food(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<FoodBody>,
) -> ApiResult<Json<Food>> {
    Ok(Json(
        state.app.update_food(&actor, id, body.into()).await?.into(),
    ))
}

/// Delete a custom food (or a recipe). Diary entries logged from it stay as
/// they are. Refused while a recipe uses it.
#[utoipa::path(delete, path = "/foods/{id}", tag = "foods",
    params(("id" = i64, Path, description = "Food id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "A shared item", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An ingredient of recipes, named", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_food(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state.app.delete_food(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
