//! Recipes (nutrition.md §3): custom foods made of other foods. A recipe is
//! searched and logged as its food (servings `1 serving` and `whole
//! recipe`); its per-100 g values are computed from its ingredients when it
//! is saved, and again whenever a food it uses changes. Changing or
//! deleting a recipe never rewrites the diary.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::food_amounts::{check_quantity, grams_logged, per_100g};
use super::{Actor, App, AppError, AppResult, Check, Input};
use crate::domain::meal::Meal;
use crate::domain::nutrients::round1;
use crate::domain::quotas::CUSTOM_FOODS;
use crate::domain::recipes::{self, Amounts, Nutrition, least_dish_weight_g};
use crate::locale::msg;
use crate::store::{Food, FoodEntry, FoodInput, IngredientWrite, Recipe, RecipeWrite, Serving};

/// Most servings a recipe makes.
pub const SERVINGS_MAX: f64 = 100.0;
/// Most ingredients of one recipe.
pub const INGREDIENTS_MAX: usize = 100;
/// The heaviest dish, in grams.
pub const COOKED_WEIGHT_MAX: f64 = 100_000.0;
/// The servings every recipe's food has: one serving, and all of it.
pub const ONE_SERVING: &str = "1 serving";
pub const WHOLE_RECIPE: &str = "whole recipe";

/// A recipe as sent, whole (to create or to replace).
#[derive(Debug, Default)]
pub struct RecipeFields {
    pub name: Input<String>,
    pub servings: Input<f64>,
    pub cooked_weight_g: Input<f64>,
    pub ingredients: Input<Vec<IngredientFields>>,
}

/// One ingredient as sent: a visible food and its grams, or one of its
/// servings and a count.
#[derive(Clone, Debug, Default)]
pub struct IngredientFields {
    pub food_id: Input<i64>,
    pub quantity_g: Input<f64>,
    pub serving: Input<String>,
    pub serving_count: Input<f64>,
}

/// A recipe from the entries of one meal of a day.
#[derive(Debug, Default)]
pub struct RecipeFromMeal {
    pub date: Input<String>,
    pub meal: Input<String>,
    pub name: Input<String>,
    pub servings: Input<f64>,
}

/// A recipe with its figures computed from its ingredients as they are now.
#[derive(Clone, Debug)]
pub struct RecipeView {
    pub recipe: Recipe,
    pub nutrition: Nutrition,
    /// What each ingredient's grams hold, in the order of
    /// `recipe.ingredients`.
    pub ingredient_amounts: Vec<Amounts>,
}

/// A recipe made from a meal, and the meal's entries left out of it (by
/// hand, or of a food since deleted).
#[derive(Clone, Debug)]
pub struct FromMeal {
    pub recipe: RecipeView,
    pub skipped: Vec<FoodEntry>,
}

fn ingredient_of(food: &Food, quantity_g: f64) -> recipes::Ingredient {
    recipes::Ingredient {
        quantity_g,
        per_100g: per_100g(food),
        details_per_100g: food.details,
    }
}

fn view(recipe: Recipe) -> RecipeView {
    let parts: Vec<recipes::Ingredient> = recipe
        .ingredients
        .iter()
        .map(|i| ingredient_of(&i.food, i.quantity_g))
        .collect();
    let nutrition = recipes::nutrition(&parts, recipe.servings, recipe.cooked_weight_g);
    let ingredient_amounts = parts
        .iter()
        .map(|p| {
            let (nutrients, details) = p.amounts();
            Amounts { nutrients, details }
        })
        .collect();
    RecipeView {
        recipe,
        nutrition,
        ingredient_amounts,
    }
}

/// The food a recipe is stored as: its per-100 g values and its servings.
fn recipe_food(name: String, n: &Nutrition) -> FoodInput {
    let p = n.per_100g;
    FoodInput {
        name,
        brand: None,
        calories: p.nutrients.calories,
        protein_g: p.nutrients.protein_g,
        fat_g: p.nutrients.fat_g,
        carbs_g: p.nutrients.carbs_g,
        details: p.details,
        servings: vec![
            Serving {
                label: ONE_SERVING.to_owned(),
                grams: n.serving_g,
            },
            Serving {
                label: WHOLE_RECIPE.to_owned(),
                grams: round1(n.dish_g),
            },
        ],
    }
}

/// Whether `target` is `from` or among the foods `from` is made of, through
/// the recipes' edges `(recipe, ingredient)`.
fn reaches(edges: &HashMap<i64, Vec<i64>>, from: i64, target: i64) -> bool {
    let mut seen = HashSet::new();
    let mut todo = vec![from];
    while let Some(id) = todo.pop() {
        if id == target {
            return true;
        }
        if seen.insert(id) {
            todo.extend(edges.get(&id).into_iter().flatten().copied());
        }
    }
    false
}

impl App {
    /// Checks a whole recipe as sent; `editing` is the id of the recipe it
    /// replaces, which none of its ingredients may be or contain.
    async fn read_recipe(
        &self,
        actor: &Actor,
        cmd: RecipeFields,
        editing: Option<i64>,
    ) -> AppResult<RecipeWrite> {
        let mut check = Check::new();
        let name = check.required("name", cmd.name);
        let name = check.text("name", name, 200);
        let servings = check.required("servings", cmd.servings);
        let servings = check.positive("servings", servings, SERVINGS_MAX);
        let cooked = check.optional("cooked_weight_g", cmd.cooked_weight_g);
        let cooked = check.positive("cooked_weight_g", cooked, COOKED_WEIGHT_MAX);
        let list = check
            .required("ingredients", cmd.ingredients)
            .unwrap_or_default();
        if check.is_ok() && list.is_empty() {
            check.fail(
                "ingredients",
                msg("ingredients-count").arg("max", INGREDIENTS_MAX as f64),
            );
        }
        if list.len() > INGREDIENTS_MAX {
            // Refused before any of them is looked up.
            return Err(AppError::invalid(
                "ingredients",
                msg("ingredients-count").arg("max", INGREDIENTS_MAX as f64),
            ));
        }
        let edges = match editing {
            Some(_) => {
                let mut edges: HashMap<i64, Vec<i64>> = HashMap::new();
                for (recipe, food) in self.store.recipe_edges(actor.account_id).await? {
                    edges.entry(recipe).or_default().push(food);
                }
                edges
            }
            None => HashMap::new(),
        };
        let mut ingredients = Vec::new();
        let mut parts = Vec::new();
        for (i, item) in list.into_iter().enumerate() {
            let mut inner = Check::new();
            let food_id = inner.required("food_id", item.food_id);
            let food = match food_id {
                Some(id) => self.store.visible_food(actor.account_id, id).await?,
                None => None,
            };
            if food_id.is_some() && food.is_none() {
                inner.fail("food_id", msg("no-such-food"));
            }
            if let (Some(editing), Some(id)) = (editing, food_id)
                && reaches(&edges, id, editing)
            {
                // Named `ingredients` as a whole: the loop is the recipe's.
                check.fail("ingredients", msg("recipe-cycle"));
            }
            let quantity = inner.optional("quantity_g", item.quantity_g);
            let quantity = check_quantity(&mut inner, quantity);
            let serving = inner.optional("serving", item.serving);
            let serving_count = inner.optional("serving_count", item.serving_count);
            let given = quantity.is_some() || serving.is_some();
            let grams = grams_logged(
                &mut inner,
                food.as_ref(),
                quantity,
                serving.clone(),
                serving_count,
            );
            if !given && inner.is_ok() {
                inner.fail("quantity_g", msg("grams-or-serving-required"));
            }
            let ok = inner.is_ok();
            check.nest(&format!("ingredients[{i}]"), inner);
            if let (true, Some(food), Some(grams)) = (ok, food, grams) {
                parts.push(ingredient_of(&food, grams));
                ingredients.push(IngredientWrite {
                    food_id: food.id,
                    quantity_g: grams,
                    serving_count: serving.as_ref().map(|_| serving_count.unwrap_or(1.0)),
                    serving: serving.map(|s| s.trim().to_owned()),
                });
            }
        }
        let (Some(name), Some(servings)) = (name, servings) else {
            check.finish()?;
            return Err(AppError::invalid("name", msg("required")));
        };
        let nutrition = recipes::nutrition(&parts, servings, cooked);
        if let Some(cooked) = cooked {
            let least = least_dish_weight_g(&nutrition.total.nutrients);
            if cooked < least {
                check.fail(
                    "cooked_weight_g",
                    msg("cooked-weight-too-low").arg("min", least),
                );
            }
        }
        check.finish()?;
        Ok(RecipeWrite {
            food: recipe_food(name, &nutrition),
            servings,
            cooked_weight_g: cooked,
            ingredients,
        })
    }

    pub async fn create_recipe(&self, actor: &Actor, cmd: RecipeFields) -> AppResult<RecipeView> {
        let write = self.read_recipe(actor, cmd, None).await?;
        let id = self
            .store
            .create_recipe(actor.account_id, &write, CUSTOM_FOODS)
            .await
            .map_err(AppError::within(CUSTOM_FOODS))?;
        self.recipe(actor, id).await
    }

    /// Replaces a recipe whole; the recipes that use it follow.
    pub async fn replace_recipe(
        &self,
        actor: &Actor,
        id: i64,
        cmd: RecipeFields,
    ) -> AppResult<RecipeView> {
        self.recipe(actor, id).await?;
        let write = self.read_recipe(actor, cmd, Some(id)).await?;
        if !self
            .store
            .replace_recipe(actor.account_id, id, &write)
            .await?
        {
            return Err(AppError::NotFound);
        }
        self.refresh_recipes_using(actor, id).await?;
        self.recipe(actor, id).await
    }

    pub async fn recipe(&self, actor: &Actor, id: i64) -> AppResult<RecipeView> {
        self.store
            .recipes(actor.account_id, Some(id))
            .await?
            .pop()
            .map(view)
            .ok_or(AppError::NotFound)
    }

    /// The account's recipes, by name.
    pub async fn recipes(&self, actor: &Actor) -> AppResult<Vec<RecipeView>> {
        Ok(self
            .store
            .recipes(actor.account_id, None)
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// Deletes a recipe (its food); refused while another recipe uses it.
    pub async fn delete_recipe(&self, actor: &Actor, id: i64) -> AppResult<()> {
        self.recipe(actor, id).await?;
        self.delete_food(actor, id).await
    }

    /// Refuses, naming them, while recipes use food `id` (nothing is
    /// deleted from under a recipe).
    pub(super) async fn check_not_an_ingredient(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let using = self.store.recipes_using(actor.account_id, id).await?;
        if using.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = using.into_iter().map(|(_, name)| name).collect();
        Err(AppError::Conflict(
            msg("food-in-recipes").arg("recipes", names.join(", ")),
        ))
    }

    /// Recomputes the recipes made with food `id`, and the recipes made of
    /// those, after it changed.
    pub(super) async fn refresh_recipes_using(&self, actor: &Actor, id: i64) -> AppResult<()> {
        let mut todo = vec![id];
        let mut done = HashSet::new();
        while let Some(changed) = todo.pop() {
            for (recipe_id, _) in self.store.recipes_using(actor.account_id, changed).await? {
                if !done.insert(recipe_id) {
                    continue;
                }
                let recipe = self.recipe(actor, recipe_id).await?;
                let food = recipe_food(recipe.recipe.food.name.clone(), &recipe.nutrition);
                self.store
                    .refresh_recipe_food(actor.account_id, recipe_id, &food)
                    .await?;
                todo.push(recipe_id);
            }
        }
        Ok(())
    }

    /// A recipe of the entries of one meal that were logged from a food the
    /// account can still see, with their grams; the others are skipped and
    /// answered. Refused (naming `meal` and listing them) when no entry of
    /// the meal is from a food.
    pub async fn recipe_from_meal(
        &self,
        actor: &Actor,
        cmd: RecipeFromMeal,
    ) -> AppResult<FromMeal> {
        let mut check = Check::new();
        let date = check.required("date", cmd.date);
        let date: Option<NaiveDate> = check.date("date", date);
        let meal = check.required("meal", cmd.meal);
        let meal = check.one_of("meal", meal, Meal::parse, "breakfast, lunch, dinner, snack");
        check.finish()?;
        let (Some(date), Some(meal)) = (date, meal) else {
            return Err(AppError::invalid("date", msg("required")));
        };
        let entries: Vec<FoodEntry> = self
            .store
            .food_entries(actor.account_id, date, date)
            .await?
            .into_iter()
            .filter(|e| e.meal == meal)
            .collect();
        if entries.is_empty() {
            return Err(AppError::invalid(
                "meal",
                msg("nothing-to-copy-in-meal").arg("meal", meal.as_str()),
            ));
        }
        let mut ingredients = Vec::new();
        let mut skipped = Vec::new();
        for e in entries {
            let visible = match e.food_id {
                Some(id) => self.store.visible_food(actor.account_id, id).await?,
                None => None,
            };
            match (visible, e.quantity_g) {
                (Some(food), Some(grams)) if grams > 0.0 => ingredients.push(IngredientFields {
                    food_id: Input::Value(food.id),
                    quantity_g: Input::Value(grams),
                    ..IngredientFields::default()
                }),
                _ => skipped.push(e),
            }
        }
        if ingredients.is_empty() {
            let names: Vec<&str> = skipped.iter().map(|e| e.name.as_str()).collect();
            return Err(AppError::invalid(
                "meal",
                msg("recipe-needs-catalogue-entries").arg("entries", names.join(", ")),
            ));
        }
        let recipe = self
            .create_recipe(
                actor,
                RecipeFields {
                    name: cmd.name,
                    servings: cmd.servings,
                    cooked_weight_g: Input::Absent,
                    ingredients: Input::Value(ingredients),
                },
            )
            .await?;
        Ok(FromMeal { recipe, skipped })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaching_follows_recipes_made_of_recipes() {
        // 3 is made of 2, which is made of 1; 4 of 5.
        let edges: HashMap<i64, Vec<i64>> =
            HashMap::from([(3, vec![2, 7]), (2, vec![1]), (4, vec![5])]);
        assert!(reaches(&edges, 3, 1));
        assert!(reaches(&edges, 2, 2));
        assert!(!reaches(&edges, 1, 3));
        assert!(!reaches(&edges, 4, 3));
    }
}
