//! Recipes: a custom food (source `recipe`) with its servings and cooked
//! weight in `recipes` and its ingredients, in order, in
//! `recipe_ingredients`.

use super::details::bind_details;
use super::foods::{
    FOOD_COLUMNS, FOOD_INSERT, FOOD_UPDATE, Food, FoodInput, bind_food, insert_servings,
    search_text, servings_of,
};
use super::{Store, StoreError, StoreResult, begin_for_account, now, on_pool, on_write_pool};
use crate::domain::quotas::Quota;

/// The `source` of a recipe's food.
pub const RECIPE_SOURCE: &str = "recipe";

/// One ingredient as written: grams, and the household measure it was
/// given in, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct IngredientWrite {
    pub food_id: i64,
    pub quantity_g: f64,
    pub serving: Option<String>,
    pub serving_count: Option<f64>,
}

/// A recipe as written: its food (per-100 g values and servings computed
/// by the caller), servings, cooked weight and ingredients.
#[derive(Clone, Debug, PartialEq)]
pub struct RecipeWrite {
    pub food: FoodInput,
    pub servings: f64,
    pub cooked_weight_g: Option<f64>,
    pub ingredients: Vec<IngredientWrite>,
}

/// An ingredient as read: the food it is (its values per 100 g as they are
/// now), and how much.
#[derive(Clone, Debug, PartialEq)]
pub struct Ingredient {
    pub food: Food,
    pub quantity_g: f64,
    pub serving: Option<String>,
    pub serving_count: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Recipe {
    pub food: Food,
    pub servings: f64,
    pub cooked_weight_g: Option<f64>,
    pub ingredients: Vec<Ingredient>,
}

#[derive(sqlx::FromRow)]
struct IngredientRow {
    recipe_id: i64,
    #[sqlx(flatten)]
    food: Food,
    quantity_g: f64,
    serving: Option<String>,
    serving_count: Option<f64>,
}

macro_rules! insert_ingredients {
    ($tx:ident, $recipe_id:expr, $ingredients:expr) => {
        for (position, i) in $ingredients.iter().enumerate() {
            sqlx::query(
                "INSERT INTO recipe_ingredients (recipe_id, position, food_id, quantity_g,
                     serving, serving_count)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind($recipe_id)
            .bind(position as i64)
            .bind(i.food_id)
            .bind(i.quantity_g)
            .bind(&i.serving)
            .bind(i.serving_count)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

impl Store {
    /// Adds a recipe unless the account holds `quota`'s custom foods
    /// already (`StoreError::OverQuota`): its food, servings and
    /// ingredients in one transaction. Answers its id.
    pub async fn create_recipe(
        &self,
        account_id: i64,
        r: &RecipeWrite,
        quota: Quota,
    ) -> StoreResult<i64> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM foods WHERE account_id = $1")
                    .bind(account_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if !quota.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let food: Food = bind_food!(
                sqlx::query_as(&FOOD_INSERT)
                    .bind(account_id)
                    .bind(RECIPE_SOURCE),
                r.food
            )
            .fetch_one(&mut *tx)
            .await?;
            insert_servings!(tx, servings_of(food.id, &r.food.servings));
            sqlx::query(
                "INSERT INTO recipes (food_id, account_id, servings, cooked_weight_g)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(food.id)
            .bind(account_id)
            .bind(r.servings)
            .bind(r.cooked_weight_g)
            .execute(&mut *tx)
            .await?;
            insert_ingredients!(tx, food.id, r.ingredients);
            tx.commit().await?;
            Ok::<_, StoreError>(food.id)
        })
    }

    /// Replaces a recipe of the account as a whole; whether it had one.
    pub async fn replace_recipe(
        &self,
        account_id: i64,
        id: i64,
        r: &RecipeWrite,
    ) -> StoreResult<bool> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let updated = sqlx::query(
                "UPDATE recipes SET servings = $3, cooked_weight_g = $4
                 WHERE food_id = $1 AND account_id = $2",
            )
            .bind(id)
            .bind(account_id)
            .bind(r.servings)
            .bind(r.cooked_weight_g)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if !updated {
                return Ok(false);
            }
            bind_food!(sqlx::query(&FOOD_UPDATE).bind(id).bind(account_id), r.food)
                .execute(&mut *tx)
                .await?;
            for table in [
                "food_servings WHERE food_id",
                "recipe_ingredients WHERE recipe_id",
            ] {
                sqlx::query(&format!("DELETE FROM {table} = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            insert_servings!(tx, servings_of(id, &r.food.servings));
            insert_ingredients!(tx, id, r.ingredients);
            tx.commit().await?;
            Ok::<_, StoreError>(true)
        })
    }

    /// Rewrites only a recipe's computed values (its food's amounts and
    /// servings), after an ingredient changed.
    pub async fn refresh_recipe_food(
        &self,
        account_id: i64,
        id: i64,
        food: &FoodInput,
    ) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            bind_food!(sqlx::query(&FOOD_UPDATE).bind(id).bind(account_id), food)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM food_servings WHERE food_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_servings!(tx, servings_of(id, &food.servings));
            tx.commit().await?;
            Ok::<_, StoreError>(())
        })
    }

    /// The account's recipe `id`, or all its recipes (`None`), by name.
    pub async fn recipes(&self, account_id: i64, id: Option<i64>) -> StoreResult<Vec<Recipe>> {
        let heads: Vec<(i64, f64, Option<f64>)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT food_id, servings, cooked_weight_g FROM recipes
                 WHERE account_id = $1 AND ($2 IS NULL OR food_id = $2)",
            )
            .bind(account_id)
            .bind(id)
            .fetch_all(pool)
            .await
        })?;
        if heads.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = heads.iter().map(|(id, ..)| *id).collect();
        let foods = self.foods_in_order(&ids).await?;
        let sql = format!(
            "SELECT ri.recipe_id, {}, ri.quantity_g, ri.serving, ri.serving_count
             FROM recipe_ingredients ri JOIN recipes r ON r.food_id = ri.recipe_id
             JOIN foods f ON f.id = ri.food_id
             WHERE r.account_id = $1 AND ($2 IS NULL OR r.food_id = $2)
             ORDER BY ri.recipe_id, ri.position",
            food_columns_of_f()
        );
        let rows: Vec<IngredientRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(account_id)
                .bind(id)
                .fetch_all(pool)
                .await
        })?;
        let mut recipes: Vec<Recipe> = foods
            .into_iter()
            .filter_map(|food| {
                let (_, servings, cooked_weight_g) =
                    *heads.iter().find(|(id, ..)| *id == food.id)?;
                let ingredients = rows
                    .iter()
                    .filter(|r| r.recipe_id == food.id)
                    .map(|r| Ingredient {
                        food: r.food.clone(),
                        quantity_g: r.quantity_g,
                        serving: r.serving.clone(),
                        serving_count: r.serving_count,
                    })
                    .collect();
                Some(Recipe {
                    food,
                    servings,
                    cooked_weight_g,
                    ingredients,
                })
            })
            .collect();
        recipes.sort_by(|a, b| {
            a.food
                .name
                .cmp(&b.food.name)
                .then(a.food.id.cmp(&b.food.id))
        });
        Ok(recipes)
    }

    /// The account's recipes that use food `food_id` directly, by name.
    pub async fn recipes_using(
        &self,
        account_id: i64,
        food_id: i64,
    ) -> StoreResult<Vec<(i64, String)>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT f.id, f.name FROM recipe_ingredients ri
                 JOIN recipes r ON r.food_id = ri.recipe_id
                 JOIN foods f ON f.id = r.food_id
                 WHERE r.account_id = $1 AND ri.food_id = $2
                 ORDER BY f.name, f.id",
            )
            .bind(account_id)
            .bind(food_id)
            .fetch_all(pool)
            .await
        })
    }

    /// Every (recipe, ingredient food) pair of the account's recipes.
    pub async fn recipe_edges(&self, account_id: i64) -> StoreResult<Vec<(i64, i64)>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT ri.recipe_id, ri.food_id FROM recipe_ingredients ri
                 JOIN recipes r ON r.food_id = ri.recipe_id WHERE r.account_id = $1",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await
        })
    }
}

/// Every column of a food, of the alias `f`, as `Food` reads them.
fn food_columns_of_f() -> String {
    FOOD_COLUMNS
        .split(", ")
        .map(|c| format!("f.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}
