//! What our own export holds besides the diary (data.md §1, `nutrinube`):
//! goals with their weekdays, profile, settings, nutrient targets, custom
//! foods, recipes and saved meals, applied through the same operations as
//! the API's, each item checked by their rules. Foods, recipes and saved
//! meals already held under the same name are kept, not doubled, so that a
//! second import adds nothing. Ids in the file are the exporting account's:
//! a custom food or recipe used by a recipe, a saved meal or an entry is
//! found by its new id; a catalogue food by its id when this server has it.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::foods::{FoodFields, ServingFields};
use super::goals::{DayGoalsFields, DayGoalsInput, GoalsFields, ProfileFields, WeekdaysInput};
use super::imports::SkippedRow;
use super::recipes::{IngredientFields, RecipeFields};
use super::saved_meals::{SavedMealFields, SavedMealItemFields};
use super::settings::SettingsFields;
use super::targets::{TargetInput, TargetsFields};
use super::{Actor, App, AppError, AppResult, DetailFields, Input};
use crate::domain::nutrients::{EXTRA_KEYS, MICRONUTRIENT_KEYS};
use crate::locale::msg;

type Item = Map<String, Value>;

/// Places of the account's items in the answer's `skipped` lines, after the
/// diary's (see `domain::imports::nutrinube`).
const LINE_GOALS: u64 = 5_000_001;
const LINE_PROFILE: u64 = 5_000_002;
const LINE_SETTINGS: u64 = 5_000_003;
const LINE_TARGETS: u64 = 5_000_004;
const LINE_CUSTOM_FOODS: u64 = 6_000_000;
const LINE_RECIPES: u64 = 7_000_000;
const LINE_SAVED_MEALS: u64 = 8_000_000;

/// What was applied of the account's items, and the food ids of the file
/// mapped to this account's.
#[derive(Debug, Default)]
pub(super) struct AccountApplied {
    pub custom_foods: u64,
    pub recipes: u64,
    pub saved_meals: u64,
    pub skipped: Vec<SkippedRow>,
    pub food_ids: HashMap<i64, i64>,
}

fn number(v: Option<&Value>) -> Input<f64> {
    match v {
        None => Input::Absent,
        Some(Value::Null) => Input::Null,
        Some(v) => v
            .as_f64()
            .map_or_else(|| Input::Invalid(msg("not-a-number")), Input::Value),
    }
}

fn integer(v: Option<&Value>) -> Input<i64> {
    match v {
        None => Input::Absent,
        Some(Value::Null) => Input::Null,
        Some(v) => v
            .as_i64()
            .map_or_else(|| Input::Invalid(msg("not-a-number")), Input::Value),
    }
}

fn text(v: Option<&Value>) -> Input<String> {
    match v {
        None => Input::Absent,
        Some(Value::Null) => Input::Null,
        Some(Value::String(s)) => Input::Value(s.clone()),
        Some(_) => Input::Invalid(msg("json-value").arg("detail", "not text")),
    }
}

/// The four extras and the `micronutrients` object, as an entry's by hand.
fn details(item: &Item) -> DetailFields {
    let mut fields = DetailFields::default();
    for (i, key) in EXTRA_KEYS.into_iter().enumerate() {
        fields.extras[i] = number(item.get(key));
    }
    if let Some(Value::Object(m)) = item.get("micronutrients") {
        let members = m
            .iter()
            .filter(|(k, v)| MICRONUTRIENT_KEYS.contains(&k.as_str()) && !v.is_null())
            .map(|(k, v)| (k.clone(), number(Some(v))))
            .collect();
        fields.micronutrients = Input::Value(members);
    }
    fields
}

fn reason(err: AppError) -> String {
    match err {
        AppError::Validation(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message.english()))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.detail(),
    }
}

fn goals_fields(goals: &Item) -> GoalsFields {
    let weekdays = match goals.get("weekdays") {
        Some(Value::Object(days)) => WeekdaysInput::Days(
            days.iter()
                .map(|(day, g)| {
                    let input = match g.as_object() {
                        Some(g) if !g.is_empty() => DayGoalsInput::Fields(DayGoalsFields {
                            calories: number(g.get("calories")),
                            protein_g: number(g.get("protein_g")),
                            fat_g: number(g.get("fat_g")),
                            carbs_g: number(g.get("carbs_g")),
                        }),
                        _ => DayGoalsInput::None,
                    };
                    (day.clone(), input)
                })
                .collect(),
        ),
        _ => WeekdaysInput::Null,
    };
    GoalsFields {
        calories: number(goals.get("calories")),
        protein_g: number(goals.get("protein_g")),
        fat_g: number(goals.get("fat_g")),
        carbs_g: number(goals.get("carbs_g")),
        water_ml: integer(goals.get("water_ml")),
        weekdays,
    }
}

impl App {
    /// Applies the account's items of `export` (all but the diary); a dry
    /// run only counts what it would create.
    pub(super) async fn apply_account_items(
        &self,
        actor: &Actor,
        export: &Item,
        dry_run: bool,
    ) -> AppResult<AccountApplied> {
        let mut applied = AccountApplied::default();
        let skip = |applied: &mut AccountApplied, line: u64, what: &str, err: AppError| {
            applied.skipped.push(SkippedRow {
                line,
                reason: format!("{what}: {}", reason(err)),
            });
        };
        let object = |key: &str| export.get(key).and_then(Value::as_object);
        let list = |key: &str| {
            export
                .get(key)
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(Value::as_object).collect::<Vec<_>>())
                .unwrap_or_default()
        };

        if !dry_run {
            if let Some(goals) = object("goals")
                && let Err(e) = self.set_goals(actor, goals_fields(goals)).await
            {
                skip(&mut applied, LINE_GOALS, "goals", e);
            }
            if let Some(p) = object("profile") {
                let fields = ProfileFields {
                    sex: text(p.get("sex")),
                    birth_date: text(p.get("birth_date")),
                    height_cm: number(p.get("height_cm")),
                    // The weight log is imported as the diary.
                    weight_kg: Input::Absent,
                    activity_level: text(p.get("activity_level")),
                };
                if let Err(e) = self.set_profile(actor, fields).await {
                    skip(&mut applied, LINE_PROFILE, "profile", e);
                }
            }
            if let Some(s) = object("settings") {
                let fields = SettingsFields {
                    time_zone: text(s.get("time_zone")),
                    language: text(s.get("language")),
                    energy_unit: text(s.get("energy_unit")),
                    weight_unit: text(s.get("weight_unit")),
                    length_unit: text(s.get("length_unit")),
                };
                if let Err(e) = self.update_settings(actor, fields).await {
                    skip(&mut applied, LINE_SETTINGS, "settings", e);
                }
            }
            let targets: Vec<(String, TargetInput)> = list("nutrient_targets")
                .into_iter()
                .filter_map(|t| {
                    let key = t.get("key")?.as_str()?.to_owned();
                    Some((
                        key,
                        TargetInput::Bounds {
                            min: number(t.get("min")),
                            max: number(t.get("max")),
                        },
                    ))
                })
                .collect();
            if !targets.is_empty()
                && let Err(e) = self
                    .set_nutrient_targets(actor, TargetsFields { keys: targets })
                    .await
            {
                skip(&mut applied, LINE_TARGETS, "nutrient_targets", e);
            }
        }

        // Custom foods, then recipes (each after the recipes it uses), then
        // saved meals: so that every food an item names exists by then.
        let held = self.store.custom_foods(actor.account_id).await?;
        let mut by_name: HashMap<String, i64> =
            held.iter().map(|f| (f.name.clone(), f.id)).collect();
        for recipe in self.recipes(actor).await? {
            by_name.insert(recipe.recipe.food.name.clone(), recipe.recipe.food.id);
        }
        for (i, food) in list("custom_foods").into_iter().enumerate() {
            let line = LINE_CUSTOM_FOODS + i as u64 + 1;
            let (Some(old_id), Some(name)) = (
                food.get("id").and_then(Value::as_i64),
                food.get("name").and_then(Value::as_str),
            ) else {
                skip(
                    &mut applied,
                    line,
                    "custom_foods",
                    AppError::invalid("name", msg("required")),
                );
                continue;
            };
            if let Some(id) = by_name.get(name) {
                applied.food_ids.insert(old_id, *id);
                continue;
            }
            applied.custom_foods += 1;
            if dry_run {
                continue;
            }
            match self.create_food(actor, food_fields(food)).await {
                Ok(created) => {
                    by_name.insert(created.name.clone(), created.id);
                    applied.food_ids.insert(old_id, created.id);
                }
                Err(e) => {
                    applied.custom_foods -= 1;
                    skip(&mut applied, line, &format!("custom food {name:?}"), e);
                }
            }
        }

        let recipes = list("recipes");
        let recipe_ids: Vec<Option<i64>> = recipes
            .iter()
            .map(|r| r.get("id").and_then(Value::as_i64))
            .collect();
        let mut pending: Vec<usize> = (0..recipes.len()).collect();
        // Each pass creates the recipes whose ingredients all exist now.
        while !pending.is_empty() {
            let mut left = Vec::new();
            let mut progressed = false;
            for &i in &pending {
                let recipe = recipes[i];
                let line = LINE_RECIPES + i as u64 + 1;
                let name = recipe
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let old_id = recipe_ids[i];
                if let Some(id) = by_name.get(name) {
                    if let Some(old) = old_id {
                        applied.food_ids.insert(old, *id);
                    }
                    progressed = true;
                    continue;
                }
                let waits = ingredients(recipe).iter().any(|g| {
                    g.get("food_id").and_then(Value::as_i64).is_some_and(|f| {
                        recipe_ids.contains(&Some(f)) && !applied.food_ids.contains_key(&f)
                    })
                });
                if waits && !dry_run {
                    left.push(i);
                    continue;
                }
                progressed = true;
                applied.recipes += 1;
                if dry_run {
                    continue;
                }
                match self
                    .create_recipe(actor, recipe_fields(recipe, &applied.food_ids))
                    .await
                {
                    Ok(created) => {
                        by_name.insert(created.recipe.food.name.clone(), created.recipe.food.id);
                        if let Some(old) = old_id {
                            applied.food_ids.insert(old, created.recipe.food.id);
                        }
                    }
                    Err(e) => {
                        applied.recipes -= 1;
                        skip(&mut applied, line, &format!("recipe {name:?}"), e);
                    }
                }
            }
            if !progressed {
                for i in left {
                    let name = recipes[i]
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    skip(
                        &mut applied,
                        LINE_RECIPES + i as u64 + 1,
                        &format!("recipe {name:?}"),
                        AppError::invalid("ingredients", msg("recipe-cycle")),
                    );
                }
                break;
            }
            pending = left;
        }

        let held_meals: Vec<String> = self
            .saved_meals(actor)
            .await?
            .into_iter()
            .map(|m| m.name)
            .collect();
        for (i, meal) in list("saved_meals").into_iter().enumerate() {
            let line = LINE_SAVED_MEALS + i as u64 + 1;
            let name = meal.get("name").and_then(Value::as_str).unwrap_or_default();
            if held_meals.iter().any(|h| h == name) {
                continue;
            }
            applied.saved_meals += 1;
            if dry_run {
                continue;
            }
            if let Err(e) = self
                .create_saved_meal(actor, saved_meal_fields(meal, &applied.food_ids))
                .await
            {
                applied.saved_meals -= 1;
                skip(&mut applied, line, &format!("saved meal {name:?}"), e);
            }
        }
        Ok(applied)
    }
}

fn food_fields(food: &Item) -> FoodFields {
    let servings = food
        .get("servings")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| {
                    Some(ServingFields {
                        label: s.get("label")?.as_str()?.to_owned(),
                        grams: s.get("grams")?.as_f64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    FoodFields {
        name: text(food.get("name")),
        brand: text(food.get("brand")),
        calories: number(food.get("calories")),
        protein_g: number(food.get("protein_g")),
        fat_g: number(food.get("fat_g")),
        carbs_g: number(food.get("carbs_g")),
        details: details(food),
        servings: Input::Value(servings),
    }
}

fn ingredients(recipe: &Item) -> Vec<&Item> {
    recipe
        .get("ingredients")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default()
}

/// A food id of the file as this account's: a mapped custom food or
/// recipe, else the id itself (a catalogue food, checked when used).
fn mapped(ids: &HashMap<i64, i64>, v: Option<&Value>) -> Input<i64> {
    match v.and_then(Value::as_i64) {
        Some(id) => Input::Value(*ids.get(&id).unwrap_or(&id)),
        None => integer(v),
    }
}

fn recipe_fields(recipe: &Item, ids: &HashMap<i64, i64>) -> RecipeFields {
    let ingredients = ingredients(recipe)
        .into_iter()
        .map(|g| {
            let serving = text(g.get("serving"));
            let by_serving = matches!(serving, Input::Value(_));
            IngredientFields {
                food_id: mapped(ids, g.get("food_id")),
                quantity_g: if by_serving {
                    Input::Absent
                } else {
                    number(g.get("quantity_g"))
                },
                serving_count: if by_serving {
                    number(g.get("serving_count"))
                } else {
                    Input::Absent
                },
                serving: if by_serving { serving } else { Input::Absent },
            }
        })
        .collect();
    RecipeFields {
        name: text(recipe.get("name")),
        servings: number(recipe.get("servings")),
        cooked_weight_g: number(recipe.get("cooked_weight_g")),
        ingredients: Input::Value(ingredients),
    }
}

fn saved_meal_fields(meal: &Item, ids: &HashMap<i64, i64>) -> SavedMealFields {
    let items = meal
        .get("items")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_object).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|item| {
            let from_food = item.get("food_id").is_some_and(|v| !v.is_null());
            if from_food {
                SavedMealItemFields {
                    name: text(item.get("name")),
                    food_id: mapped(ids, item.get("food_id")),
                    quantity_g: number(item.get("quantity_g")),
                    ..SavedMealItemFields::default()
                }
            } else {
                SavedMealItemFields {
                    name: text(item.get("name")),
                    calories: number(item.get("calories")),
                    protein_g: number(item.get("protein_g")),
                    fat_g: number(item.get("fat_g")),
                    carbs_g: number(item.get("carbs_g")),
                    details: details(item),
                    ..SavedMealItemFields::default()
                }
            }
        })
        .collect();
    SavedMealFields {
        name: text(meal.get("name")),
        items: Input::Value(items),
    }
}
