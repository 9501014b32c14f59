//! Recipes: the list, a new recipe started from its first ingredient, and
//! the editor (name, servings, cooked weight; ingredients found by search,
//! changed or taken out), each change a form that saves the whole recipe
//! (post-redirect-get, no JavaScript needed). A meal of the diary becomes a
//! recipe from the diary page.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use super::diary::{FoodResult, date_param, diary_view, food_result};
use crate::app::foods::SEARCH_TEXT_MAX;
use crate::app::recipes::{IngredientFields, RecipeFields, RecipeFromMeal, RecipeView};
use crate::app::{AppError, Input};
use crate::domain::quotas::CUSTOM_FOODS;
use crate::domain::recipes::Amounts;
use crate::locale::msg;
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::form::{FormState, Submitted, redirect_or_again, shown_beside};
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render, see_other};

pub struct RecipeRow {
    pub id: i64,
    pub name: String,
    /// "2 servings · 242 kcal a serving".
    pub summary: String,
}

pub struct IngredientRow {
    pub index: usize,
    pub name: String,
    /// The amount as given: grams, or a count of a serving.
    pub amount: String,
    pub unit: String,
    pub energy: String,
}

fn recipe_url(id: i64) -> String {
    format!("/recipes/{id}")
}

fn search_text(q: &HashMap<String, String>) -> String {
    q.get("q")
        .map(|s| s.trim().chars().take(SEARCH_TEXT_MAX).collect())
        .unwrap_or_default()
}

async fn search(
    state: &AppState,
    user: &WebUser,
    p: &Presentation,
    q: &str,
) -> WebResult<Vec<FoodResult>> {
    if q.is_empty() {
        return Ok(Vec::new());
    }
    Ok(state
        .app
        .search_foods(&user.actor(), q, Some(8))
        .await?
        .into_iter()
        .map(|f| food_result(p, f))
        .collect())
}

fn energy_text(p: &Presentation, a: &Amounts) -> String {
    p.energy_with_unit(a.nutrients.calories)
}

#[derive(Template)]
#[template(path = "recipes.html")]
struct RecipesPage {
    l: Layout,
    recipes: Vec<RecipeRow>,
    q: String,
    results: Vec<FoodResult>,
    searched: bool,
    f: FormState,
}

async fn recipes_view(
    state: &AppState,
    user: &WebUser,
    q: &HashMap<String, String>,
    f: FormState,
) -> WebResult<RecipesPage> {
    let p = user.shown();
    let q_text = search_text(q);
    let recipes = state
        .app
        .recipes(&user.actor())
        .await?
        .into_iter()
        .map(|r| RecipeRow {
            id: r.recipe.food.id,
            summary: p.t2(
                "recipes-summary",
                "servings",
                r.recipe.servings,
                "energy",
                energy_text(&p, &r.nutrition.per_serving),
            ),
            name: r.recipe.food.name,
        })
        .collect();
    let mut f = f;
    for field in ["name", "servings"] {
        if let Some(v) = q.get(field) {
            f.values
                .entry(field.to_owned())
                .or_insert_with(|| v.clone());
        }
    }
    Ok(RecipesPage {
        l: Layout::signed_in(user, p.t("title-recipes"), "recipes"),
        recipes,
        results: search(state, user, &p, &q_text).await?,
        searched: !q_text.is_empty(),
        q: q_text,
        f,
    })
}

pub async fn recipes_page(
    State(state): State<AppState>,
    user: WebUser,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let page = recipes_view(&state, &user, &q, FormState::default()).await?;
    render(StatusCode::OK, &page)
}

/// One ingredient as a form sends it: `amount` of `unit` (grams, or one of
/// the food's servings).
fn ingredient_from(fields: &Submitted<'_>, form: &HashMap<String, String>) -> IngredientFields {
    let mut i = IngredientFields {
        food_id: fields.integer("food_id"),
        ..IngredientFields::default()
    };
    match form.get("unit").map(String::as_str) {
        Some("g") | None => i.quantity_g = fields.number("amount"),
        Some(label) => {
            i.serving = Input::Value(label.to_owned());
            i.serving_count = fields.number("amount");
        }
    }
    i
}

/// The ingredient errors of a one-ingredient form shown at its fields.
fn at_amount(mut errors: HashMap<String, String>) -> HashMap<String, String> {
    for field in ["quantity_g", "serving", "serving_count", "food_id"] {
        if let Some(m) = errors.remove(&format!("ingredients[0].{field}")) {
            let to = if field == "food_id" {
                "food_id"
            } else {
                "amount"
            };
            errors.insert(to.into(), m);
        }
    }
    errors
}

/// Starts a recipe from its first ingredient.
pub async fn create_recipe(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let fields = Submitted::new(&form, user.shown());
    let body = RecipeFields {
        name: fields.text("name"),
        servings: fields.number("servings"),
        cooked_weight_g: Input::Absent,
        ingredients: Input::Value(vec![ingredient_from(&fields, &form)]),
    };
    let which = format!("food-{}", form.get("food_id").map_or("", String::as_str));
    let result = state
        .app
        .create_recipe(&user.actor(), body)
        .await
        .map_err(|e| shown_beside(e, CUSTOM_FOODS.name, "name"));
    redirect_or_again(
        result,
        &user.shown(),
        |r| recipe_url(r.recipe.food.id),
        async |errors| {
            let f = FormState::refused(which, form.clone(), at_amount(errors));
            recipes_view(&state, &user, &form, f).await
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "recipe.html")]
struct RecipePage {
    l: Layout,
    id: i64,
    /// Not `name`: the input macro has a parameter of that name.
    recipe_name: String,
    servings: String,
    cooked: String,
    weight: String,
    ingredients: Vec<IngredientRow>,
    per_serving: String,
    per_100g: String,
    total: String,
    q: String,
    results: Vec<FoodResult>,
    searched: bool,
    f: FormState,
}

fn amounts_line(p: &Presentation, a: &Amounts) -> String {
    p.message(
        &msg("recipe-amounts")
            .arg("energy", energy_text(p, a))
            .arg("protein", p.grams(a.nutrients.protein_g))
            .arg("fat", p.grams(a.nutrients.fat_g))
            .arg("carbs", p.grams(a.nutrients.carbs_g)),
    )
}

async fn recipe_view(
    state: &AppState,
    user: &WebUser,
    id: i64,
    q: &str,
    f: FormState,
) -> WebResult<RecipePage> {
    let p = user.shown();
    let r = state.app.recipe(&user.actor(), id).await?;
    let n = r.nutrition;
    let ingredients = r
        .recipe
        .ingredients
        .iter()
        .zip(&r.ingredient_amounts)
        .enumerate()
        .map(|(index, (i, a))| {
            let (amount, unit) = match (&i.serving, i.serving_count) {
                (Some(serving), Some(count)) => (p.input(count), serving.clone()),
                _ => (p.input(i.quantity_g), "g".to_owned()),
            };
            IngredientRow {
                index,
                name: i.food.name.clone(),
                amount,
                unit,
                energy: energy_text(&p, a),
            }
        })
        .collect();
    Ok(RecipePage {
        l: Layout::signed_in(user, r.recipe.food.name.clone(), "recipes"),
        id,
        recipe_name: r.recipe.food.name.clone(),
        servings: p.input(r.recipe.servings),
        cooked: r
            .recipe
            .cooked_weight_g
            .map(|g| p.input(g))
            .unwrap_or_default(),
        weight: p.t1("recipe-weight", "grams", p.grams(n.weight_g)),
        ingredients,
        per_serving: amounts_line(&p, &n.per_serving),
        per_100g: amounts_line(&p, &n.per_100g),
        total: amounts_line(&p, &n.total),
        results: search(state, user, &p, q).await?,
        searched: !q.is_empty(),
        q: q.to_owned(),
        f,
    })
}

pub async fn recipe_page(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let page = recipe_view(&state, &user, id, &search_text(&q), FormState::default()).await?;
    render(StatusCode::OK, &page)
}

/// The recipe as it is, as fields to save again with a change.
fn as_fields(r: &RecipeView) -> RecipeFields {
    RecipeFields {
        name: Input::Value(r.recipe.food.name.clone()),
        servings: Input::Value(r.recipe.servings),
        cooked_weight_g: r.recipe.cooked_weight_g.map_or(Input::Absent, Input::Value),
        ingredients: Input::Value(
            r.recipe
                .ingredients
                .iter()
                .map(|i| match (&i.serving, i.serving_count) {
                    (Some(serving), Some(count)) => IngredientFields {
                        food_id: Input::Value(i.food.id),
                        serving: Input::Value(serving.clone()),
                        serving_count: Input::Value(count),
                        ..IngredientFields::default()
                    },
                    _ => IngredientFields {
                        food_id: Input::Value(i.food.id),
                        quantity_g: Input::Value(i.quantity_g),
                        ..IngredientFields::default()
                    },
                })
                .collect(),
        ),
    }
}

/// What a form of the editor changes.
enum Change {
    /// Name, servings, cooked weight.
    Details,
    Add,
    Amount(usize),
    Remove(usize),
}

async fn change_recipe(
    state: AppState,
    user: WebUser,
    id: i64,
    form: HashMap<String, String>,
    change: Change,
) -> WebResult {
    user.check(&form)?;
    let current = state.app.recipe(&user.actor(), id).await?;
    let fields = Submitted::edit(&form, user.shown());
    let mut body = as_fields(&current);
    let mut list = match std::mem::take(&mut body.ingredients) {
        Input::Value(list) => list,
        _ => Vec::new(),
    };
    let which = match change {
        Change::Details => {
            body.name = fields.text("name");
            body.servings = fields.number("servings");
            body.cooked_weight_g = fields.number("cooked_weight_g");
            "details".to_owned()
        }
        Change::Add => {
            list.push(ingredient_from(&fields, &form));
            format!("food-{}", form.get("food_id").map_or("", String::as_str))
        }
        Change::Amount(index) => {
            if let Some(item) = list.get_mut(index) {
                let food_id = std::mem::take(&mut item.food_id);
                let serving = std::mem::take(&mut item.serving);
                *item = IngredientFields {
                    food_id,
                    ..IngredientFields::default()
                };
                match serving {
                    Input::Value(label) => {
                        item.serving = Input::Value(label);
                        item.serving_count = fields.number("amount");
                    }
                    _ => item.quantity_g = fields.number("amount"),
                }
            }
            format!("ingredient-{index}")
        }
        Change::Remove(index) => {
            if index < list.len() {
                list.remove(index);
            }
            "ingredients".to_owned()
        }
    };
    let index_of_change = match change {
        Change::Add => list.len().checked_sub(1),
        Change::Amount(i) => Some(i),
        _ => None,
    };
    body.ingredients = Input::Value(list);
    let result = state.app.replace_recipe(&user.actor(), id, body).await;
    let q = form.get("q").cloned().unwrap_or_default();
    redirect_or_again(
        result,
        &user.shown(),
        |_| recipe_url(id),
        async |mut errors| {
            if let Some(i) = index_of_change {
                for field in ["quantity_g", "serving", "serving_count", "food_id"] {
                    if let Some(m) = errors.remove(&format!("ingredients[{i}].{field}")) {
                        errors.insert("amount".into(), m);
                    }
                }
            }
            let f = FormState::refused(which, form, errors);
            recipe_view(&state, &user, id, &q, f).await
        },
    )
    .await
}

pub async fn save_recipe(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    change_recipe(state, user, id, form, Change::Details).await
}

pub async fn add_ingredient(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    change_recipe(state, user, id, form, Change::Add).await
}

pub async fn change_ingredient(
    State(state): State<AppState>,
    user: WebUser,
    Path((id, index)): Path<(i64, usize)>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    change_recipe(state, user, id, form, Change::Amount(index)).await
}

pub async fn remove_ingredient(
    State(state): State<AppState>,
    user: WebUser,
    Path((id, index)): Path<(i64, usize)>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    change_recipe(state, user, id, form, Change::Remove(index)).await
}

pub async fn delete_recipe(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    match state.app.delete_recipe(&user.actor(), id).await {
        Ok(()) => Ok(see_other("/recipes")),
        Err(AppError::Conflict(message)) => {
            let errors = HashMap::from([("delete".to_owned(), user.shown().message(&message))]);
            let f = FormState::refused("delete", form, errors);
            let page = recipe_view(&state, &user, id, "", f).await?;
            render(StatusCode::CONFLICT, &page)
        }
        Err(other) => Err(other.into()),
    }
}

/// A recipe from a meal of the diary's day; refused on the diary page.
pub async fn recipe_from_meal(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form, &user);
    let fields = Submitted::new(&form, user.shown());
    let result = state
        .app
        .recipe_from_meal(
            &user.actor(),
            RecipeFromMeal {
                date: fields.text("date"),
                meal: fields.text("meal"),
                name: fields.text("name"),
                servings: fields.number("servings"),
            },
        )
        .await
        .map_err(|e| shown_beside(e, CUSTOM_FOODS.name, "name"));
    redirect_or_again(
        result,
        &user.shown(),
        |made| recipe_url(made.recipe.recipe.food.id),
        async |errors| {
            let f = FormState::refused("recipe", form, errors);
            diary_view(&state, &user, date, "", "", f).await
        },
    )
    .await
}
