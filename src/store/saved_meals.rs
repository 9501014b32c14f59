//! Saved meals (nutrition.md §4): named lists of items, logged together.
//! Each item keeps the name and amounts it was saved with; an item from the
//! catalogue is read with its food's current values (per 100 g), which the
//! operations compute it from.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use super::cells::{Cells, Param};
use super::details::{DETAIL_COLUMNS, bind_details, detail_columns_of, detail_placeholders};
use super::{Store, StoreError, StoreResult, begin_for_account, now, on_write_pool};
use crate::domain::nutrients::{DETAIL_COUNT, Details, Nutrients};
use crate::domain::quotas::Quota;

/// A saved meal and its items, in their order.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedMeal {
    pub id: i64,
    pub name: String,
    pub items: Vec<SavedMealItem>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One item as stored; `food` is its catalogue food as it is now (absent
/// for an item by hand, and once the food was deleted).
#[derive(Clone, Debug, PartialEq)]
pub struct SavedMealItem {
    pub food_id: Option<i64>,
    pub quantity_g: Option<f64>,
    pub name: String,
    /// As saved: typed by hand, or computed when the meal was saved.
    pub nutrients: Nutrients,
    pub details: Details,
    pub food: Option<ItemFood>,
}

/// A catalogue food's current values per 100 g.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemFood {
    pub per_100g: Nutrients,
    pub details: Details,
}

/// An item's values, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedMealItemInsert {
    pub food_id: Option<i64>,
    pub quantity_g: Option<f64>,
    pub name: String,
    pub nutrients: Nutrients,
    pub details: Details,
}

const MEAL_COLUMNS: &str = "id, name, created_at, updated_at";

/// The items of the account's (`$1`) meals, each with its food's current
/// values where it still has a visible food; by meal and position. The
/// caller appends a filter on `m.id` or nothing.
static ITEM_SELECT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT i.saved_meal_id, i.food_id, i.quantity_g, i.name, i.calories, i.protein_g,
             i.fat_g, i.carbs_g, {}, f.id, f.calories, f.protein_g, f.fat_g, f.carbs_g, {}
         FROM saved_meal_items i
         JOIN saved_meals m ON m.id = i.saved_meal_id
         LEFT JOIN foods f ON f.id = i.food_id
             AND (f.account_id IS NULL OR f.account_id = m.account_id)
         WHERE m.account_id = $1",
        detail_columns_of("i"),
        detail_columns_of("f")
    )
});

static ITEM_INSERT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO saved_meal_items (saved_meal_id, position, food_id, quantity_g, name,
             calories, protein_g, fat_g, carbs_g, {})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, {})",
        *DETAIL_COLUMNS,
        detail_placeholders(10)
    )
});

/// Reads one row of `ITEM_SELECT`: the meal's id and the item.
fn item_row(row: &dyn Cells) -> StoreResult<(i64, SavedMealItem)> {
    let details_at = |from: usize| -> StoreResult<Details> {
        let mut d = Details::UNKNOWN;
        for (i, slot) in d.0.iter_mut().enumerate() {
            *slot = row.maybe_real(from + i)?;
        }
        Ok(d)
    };
    let food_base = 8 + DETAIL_COUNT;
    let food = match row.maybe_int(food_base)? {
        Some(_) => Some(ItemFood {
            per_100g: Nutrients {
                calories: row.real(food_base + 1)?,
                protein_g: row.real(food_base + 2)?,
                fat_g: row.real(food_base + 3)?,
                carbs_g: row.real(food_base + 4)?,
            },
            details: details_at(food_base + 5)?,
        }),
        None => None,
    };
    let item = SavedMealItem {
        food_id: row.maybe_int(1)?,
        quantity_g: row.maybe_real(2)?,
        name: row.text(3)?,
        nutrients: Nutrients {
            calories: row.real(4)?,
            protein_g: row.real(5)?,
            fat_g: row.real(6)?,
            carbs_g: row.real(7)?,
        },
        details: details_at(8)?,
        food,
    };
    Ok((row.int(0)?, item))
}

fn head_row(row: &dyn Cells) -> StoreResult<MealHead> {
    Ok((row.int(0)?, row.text(1)?, row.time(2)?, row.time(3)?))
}

/// Writes `items` of meal `meal_id` inside `$tx`.
macro_rules! insert_items {
    ($tx:expr, $meal_id:expr, $items:expr) => {
        for (position, item) in $items.iter().enumerate() {
            let q = sqlx::query(&ITEM_INSERT)
                .bind($meal_id)
                .bind(position as i64)
                .bind(item.food_id)
                .bind(item.quantity_g)
                .bind(&item.name)
                .bind(item.nutrients.calories)
                .bind(item.nutrients.protein_g)
                .bind(item.nutrients.fat_g)
                .bind(item.nutrients.carbs_g);
            bind_details!(q, item.details).execute(&mut *$tx).await?;
        }
    };
}

/// The head of a meal, before its items are attached.
type MealHead = (i64, String, DateTime<Utc>, DateTime<Utc>);

fn assemble(heads: Vec<MealHead>, items: Vec<(i64, SavedMealItem)>) -> Vec<SavedMeal> {
    let mut by_meal: BTreeMap<i64, Vec<SavedMealItem>> = BTreeMap::new();
    for (meal_id, item) in items {
        by_meal.entry(meal_id).or_default().push(item);
    }
    heads
        .into_iter()
        .map(|(id, name, created_at, updated_at)| SavedMeal {
            id,
            name,
            items: by_meal.remove(&id).unwrap_or_default(),
            created_at,
            updated_at,
        })
        .collect()
}

impl Store {
    /// Saves a meal unless the account already holds `quota`'s limit
    /// (`StoreError::OverQuota`), counted and written in one transaction.
    pub async fn create_saved_meal(
        &self,
        account_id: i64,
        name: &str,
        items: &[SavedMealItemInsert],
        quota: Quota,
    ) -> StoreResult<i64> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM saved_meals WHERE account_id = $1")
                    .bind(account_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if !quota.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let at = now();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO saved_meals (account_id, name, created_at, updated_at)
                 VALUES ($1, $2, $3, $3) RETURNING id",
            )
            .bind(account_id)
            .bind(name)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            insert_items!(tx, id, items);
            tx.commit().await?;
            Ok::<_, StoreError>(id)
        })
    }

    /// Replaces a meal's name and items; whether the account has it.
    pub async fn replace_saved_meal(
        &self,
        account_id: i64,
        id: i64,
        name: &str,
        items: &[SavedMealItemInsert],
    ) -> StoreResult<bool> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let found = sqlx::query(
                "UPDATE saved_meals SET name = $3, updated_at = $4
                 WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .bind(name)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if !found {
                return Ok(false);
            }
            sqlx::query("DELETE FROM saved_meal_items WHERE saved_meal_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            insert_items!(tx, id, items);
            tx.commit().await?;
            Ok::<_, StoreError>(true)
        })
    }

    /// Renames a meal; whether the account has it.
    pub async fn rename_saved_meal(
        &self,
        account_id: i64,
        id: i64,
        name: &str,
    ) -> StoreResult<bool> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "UPDATE saved_meals SET name = $3, updated_at = $4
                 WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .bind(name)
            .bind(now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected() > 0)
        })
    }

    /// Whether a meal of this account was deleted (its items go with it).
    pub async fn delete_saved_meal(&self, account_id: i64, id: i64) -> StoreResult<bool> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM saved_meals WHERE account_id = $1 AND id = $2")
                .bind(account_id)
                .bind(id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() > 0)
        })
    }

    /// One meal of this account, with its items.
    pub async fn saved_meal(&self, account_id: i64, id: i64) -> StoreResult<Option<SavedMeal>> {
        let head_sql =
            format!("SELECT {MEAL_COLUMNS} FROM saved_meals WHERE account_id = $1 AND id = $2");
        let items_sql = format!("{} AND m.id = $2 ORDER BY i.position", *ITEM_SELECT);
        let params = vec![Param::Int(account_id), Param::Int(id)];
        let heads = self
            .read_rows(head_sql.into(), params.clone(), head_row)
            .await?;
        if heads.is_empty() {
            return Ok(None);
        }
        let items = self.read_rows(items_sql.into(), params, item_row).await?;
        Ok(assemble(heads, items).pop())
    }

    /// Every meal of this account, in the order they were saved.
    pub async fn saved_meals(&self, account_id: i64) -> StoreResult<Vec<SavedMeal>> {
        let head_sql =
            format!("SELECT {MEAL_COLUMNS} FROM saved_meals WHERE account_id = $1 ORDER BY id");
        let items_sql = format!("{} ORDER BY i.saved_meal_id, i.position", *ITEM_SELECT);
        let params = vec![Param::Int(account_id)];
        let heads = self
            .read_rows(head_sql.into(), params.clone(), head_row)
            .await?;
        if heads.is_empty() {
            return Ok(Vec::new());
        }
        let items = self.read_rows(items_sql.into(), params, item_row).await?;
        Ok(assemble(heads, items))
    }
}
