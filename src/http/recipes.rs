//! Recipes: custom foods made of other foods, with their ingredients.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::details::DetailAmounts;
use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Id};
use super::schema::{FoodEntry, Items, Meal};
use crate::app::Input;
use crate::app::recipes::{self, IngredientFields, RecipeFields, RecipeFromMeal, RecipeView};
use crate::domain::recipes::Amounts;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_recipe, list_recipes))
        .routes(routes!(recipe_from_meal))
        .routes(routes!(get_recipe, replace_recipe, delete_recipe))
}

/// One ingredient: a food the account can see (a recipe too, never the
/// recipe itself or one that contains it) and its grams, or one of its
/// servings and a count.
#[derive(Clone, Deserialize, ToSchema)]
pub struct IngredientInput {
    #[serde(default)]
    #[schema(value_type = i64)]
    food_id: Input<i64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0.05, maximum = 5000)]
    quantity_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    serving: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, exclusive_minimum = 0, maximum = 100)]
    serving_count: Input<f64>,
}

/// A recipe, whole.
#[derive(Deserialize, ToSchema)]
pub struct RecipeInput {
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    name: Input<String>,
    #[serde(default)]
    #[schema(value_type = f64, exclusive_minimum = 0, maximum = 100)]
    servings: Input<f64>,
    /// The dish's weight after cooking, when water is lost or gained;
    /// without it the dish weighs its ingredients' grams.
    #[serde(default)]
    #[schema(value_type = Option<f64>, exclusive_minimum = 0, maximum = 100000)]
    cooked_weight_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Vec<IngredientInput>, min_items = 1, max_items = 100)]
    ingredients: Input<Vec<IngredientInput>>,
}

impl From<RecipeInput> for RecipeFields {
    fn from(b: RecipeInput) -> RecipeFields {
        let ingredients = match b.ingredients {
            Input::Value(list) => Input::Value(
                list.into_iter()
                    .map(|i| IngredientFields {
                        food_id: i.food_id,
                        quantity_g: i.quantity_g,
                        serving: i.serving,
                        serving_count: i.serving_count,
                    })
                    .collect(),
            ),
            Input::Absent => Input::Absent,
            Input::Null => Input::Null,
            Input::Invalid(message) => Input::Invalid(message),
        };
        RecipeFields {
            name: b.name,
            servings: b.servings,
            cooked_weight_g: b.cooked_weight_g,
            ingredients,
        }
    }
}

/// Amounts in the shape of a food's.
#[derive(Serialize, ToSchema)]
pub struct RecipeAmounts {
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    #[serde(flatten)]
    pub details: DetailAmounts,
}

impl From<Amounts> for RecipeAmounts {
    fn from(a: Amounts) -> RecipeAmounts {
        RecipeAmounts {
            calories: a.nutrients.calories,
            protein_g: a.nutrients.protein_g,
            fat_g: a.nutrients.fat_g,
            carbs_g: a.nutrients.carbs_g,
            details: a.details.into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Ingredient {
    pub food_id: i64,
    pub name: String,
    pub quantity_g: f64,
    /// The household measure it was given in, if any, and how many.
    pub serving: Option<String>,
    pub serving_count: Option<f64>,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
}

/// A recipe: `id` is also its food's, found by `GET /foods?q=` and logged
/// like any food (servings `1 serving` and `whole recipe`).
#[derive(Serialize, ToSchema)]
pub struct Recipe {
    pub id: i64,
    pub name: String,
    pub servings: f64,
    /// The ingredients' grams summed.
    pub weight_g: f64,
    pub cooked_weight_g: Option<f64>,
    pub ingredients: Vec<Ingredient>,
    pub total: RecipeAmounts,
    pub per_serving: RecipeAmounts,
    pub per_100g: RecipeAmounts,
}

impl From<RecipeView> for Recipe {
    fn from(v: RecipeView) -> Recipe {
        let n = v.nutrition;
        Recipe {
            id: v.recipe.food.id,
            name: v.recipe.food.name,
            servings: v.recipe.servings,
            weight_g: n.weight_g,
            cooked_weight_g: v.recipe.cooked_weight_g,
            ingredients: v
                .recipe
                .ingredients
                .into_iter()
                .zip(v.ingredient_amounts)
                .map(|(i, a)| Ingredient {
                    food_id: i.food.id,
                    name: i.food.name,
                    quantity_g: i.quantity_g,
                    serving: i.serving,
                    serving_count: i.serving_count,
                    calories: a.nutrients.calories,
                    protein_g: a.nutrients.protein_g,
                    fat_g: a.nutrients.fat_g,
                    carbs_g: a.nutrients.carbs_g,
                })
                .collect(),
            total: n.total.into(),
            per_serving: n.per_serving.into(),
            per_100g: n.per_100g.into(),
        }
    }
}

/// Add a recipe (counted among the account's custom foods).
#[utoipa::path(post, path = "/recipes", tag = "recipes", request_body = RecipeInput,
    responses(
        (status = 201, body = Recipe),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_recipe(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<RecipeInput>,
) -> ApiResult<(StatusCode, Json<Recipe>)> {
    let recipe = state.app.create_recipe(&actor, body.into()).await?;
    Ok((StatusCode::CREATED, Json(recipe.into())))
}

/// The account's recipes, by name.
#[utoipa::path(get, path = "/recipes", tag = "recipes",
    responses((status = 200, body = Items<Recipe>)),
    security(("session" = []), ("token" = [])))]
async fn list_recipes(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Items<Recipe>>> {
    Ok(Json(Items::of(state.app.recipes(&actor).await?)))
}

#[utoipa::path(get, path = "/recipes/{id}", tag = "recipes",
    params(("id" = i64, Path, description = "Recipe (food) id")),
    responses(
        (status = 200, body = Recipe),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn get_recipe(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<Json<Recipe>> {
    Ok(Json(state.app.recipe(&actor, id).await?.into()))
}

/// Replace a recipe whole. The diary keeps what was logged from it; the
/// recipes made with it follow.
#[utoipa::path(put, path = "/recipes/{id}", tag = "recipes", request_body = RecipeInput,
    params(("id" = i64, Path, description = "Recipe (food) id")),
    responses(
        (status = 200, body = Recipe),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn replace_recipe(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
    ApiJson(body): ApiJson<RecipeInput>,
) -> ApiResult<Json<Recipe>> {
    Ok(Json(
        state
            .app
            .replace_recipe(&actor, id, body.into())
            .await?
            .into(),
    ))
}

/// Delete a recipe; refused while another recipe uses it. The diary keeps
/// what was logged from it.
#[utoipa::path(delete, path = "/recipes/{id}", tag = "recipes",
    params(("id" = i64, Path, description = "Recipe (food) id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An ingredient of recipes, named", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_recipe(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    state.app.delete_recipe(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct FromMealInput {
    #[serde(default)]
    #[schema(value_type = NaiveDate)]
    date: Input<String>,
    #[serde(default)]
    #[schema(value_type = Meal)]
    meal: Input<String>,
    #[serde(default)]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    name: Input<String>,
    #[serde(default)]
    #[schema(value_type = f64, exclusive_minimum = 0, maximum = 100)]
    servings: Input<f64>,
}

/// The recipe made, and the meal's entries left out of it: entries by hand
/// (and of foods since deleted) are not ingredients.
#[derive(Serialize, ToSchema)]
pub struct FromMeal {
    #[serde(flatten)]
    pub recipe: Recipe,
    pub skipped: Vec<FoodEntry>,
}

/// A recipe from the entries of one meal that were logged from a food, with
/// their grams.
#[utoipa::path(post, path = "/recipes/from-meal", tag = "recipes", request_body = FromMealInput,
    responses(
        (status = 201, body = FromMeal),
        (status = 422, description = "No entry of the meal is from a food (they are listed), or a field is wrong", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn recipe_from_meal(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<FromMealInput>,
) -> ApiResult<(StatusCode, Json<FromMeal>)> {
    let made: recipes::FromMeal = state
        .app
        .recipe_from_meal(
            &actor,
            RecipeFromMeal {
                date: body.date,
                meal: body.meal,
                name: body.name,
                servings: body.servings,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(FromMeal {
            recipe: made.recipe.into(),
            skipped: made.skipped.into_iter().map(FoodEntry::from).collect(),
        }),
    ))
}
