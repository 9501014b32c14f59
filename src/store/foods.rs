//! The food catalogue: shared items (account_id NULL) and custom ones.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use super::cells::{Cells, Param};
use super::details::{
    DETAIL_COLUMNS, bind_details, detail_assignments, detail_columns_of, detail_placeholders,
};
use super::owned::Owned;
use super::{
    Store, StoreError, StoreResult, begin_for_account, begin_write, now, on_pool, on_write_pool,
};
use crate::domain::nutrients::{DETAIL_COUNT, Details};
use crate::domain::quotas::Quota;
use crate::domain::text::fold;

/// Every column of a food, in `Food`'s order.
pub(super) static FOOD_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "id, account_id, source, name, brand, calories, protein_g, fat_g, carbs_g, {}, \
         created_at, updated_at",
        *DETAIL_COLUMNS
    )
});

/// `… FROM …` of foods (alias `f`) each with its servings (alias `s`): one
/// row per serving, or one with NULL serving columns for a food with none.
pub(super) static FOOD_WITH_SERVINGS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "f.id, f.account_id, f.source, f.name, f.brand, f.calories, f.protein_g, f.fat_g, \
         f.carbs_g, {}, f.created_at, f.updated_at, s.label AS serving_label, \
         s.grams AS serving_grams FROM foods f LEFT JOIN food_servings s ON s.food_id = f.id",
        detail_columns_of("f")
    )
});

pub(super) struct FoodServingRow {
    food: Food,
    serving_label: Option<String>,
    serving_grams: Option<f64>,
}

/// How many columns `FOOD_COLUMNS` has.
const FOOD_COLUMN_COUNT: usize = 11 + DETAIL_COUNT;

/// Reads a food in `FOOD_COLUMNS`' order, starting at column `from`.
pub(super) fn food_at(row: &dyn Cells, from: usize) -> StoreResult<Food> {
    let mut details = Details::UNKNOWN;
    for (i, slot) in details.0.iter_mut().enumerate() {
        *slot = row.maybe_real(from + 9 + i)?;
    }
    let account_id = row.maybe_int(from + 1)?;
    let after = from + 9 + DETAIL_COUNT;
    Ok(Food {
        id: row.int(from)?,
        account_id,
        source: row.text(from + 2)?,
        name: row.text(from + 3)?,
        brand: row.maybe_text(from + 4)?,
        calories: row.real(from + 5)?,
        protein_g: row.real(from + 6)?,
        fat_g: row.real(from + 7)?,
        carbs_g: row.real(from + 8)?,
        details,
        servings: Vec::new(),
        custom: account_id.is_some(),
        created_at: row.time(after)?,
        updated_at: row.time(after + 1)?,
    })
}

/// Reads a row of `FOOD_WITH_SERVINGS`.
pub(super) fn food_serving_row(row: &dyn Cells) -> StoreResult<FoodServingRow> {
    Ok(FoodServingRow {
        food: food_at(row, 0)?,
        serving_label: row.maybe_text(FOOD_COLUMN_COUNT)?,
        serving_grams: row.maybe_real(FOOD_COLUMN_COUNT + 1)?,
    })
}

/// Every id as a parameter, after `before`.
pub(super) fn id_params(before: Vec<Param>, ids: impl IntoIterator<Item = i64>) -> Vec<Param> {
    let mut params = before;
    params.extend(ids.into_iter().map(Param::Int));
    params
}

/// Folds rows of `FOOD_WITH_SERVINGS`, ordered by food, into foods with
/// their servings in the order of the rows.
pub(super) fn group_servings(rows: Vec<FoodServingRow>) -> Vec<Food> {
    let mut foods: Vec<Food> = Vec::new();
    for row in rows {
        let serving = match (row.serving_label, row.serving_grams) {
            (Some(label), Some(grams)) => Some(Serving { label, grams }),
            _ => None,
        };
        let food = match foods.last_mut() {
            Some(last) if last.id == row.food.id => last,
            _ => {
                let mut food = row.food;
                food.custom = food.account_id.is_some();
                foods.push(food);
                foods.last_mut().expect("just pushed")
            }
        };
        food.servings.extend(serving);
    }
    foods
}

/// Rows of servings per INSERT: 3 parameters each stays far below both
/// engines' limits.
pub(super) const SERVINGS_BATCH: usize = 1200;

/// `INSERT INTO food_servings …` of `rows` rows.
pub(super) fn servings_insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
        .collect();
    format!(
        "INSERT INTO food_servings (food_id, label, grams) VALUES {}",
        values.join(",")
    )
}

/// Inserts servings `(food_id, label, grams)`, many rows a statement, on the
/// transaction `$tx` of an `on_pool!` body.
macro_rules! insert_servings {
    ($tx:ident, $rows:expr) => {
        for batch in $rows.chunks($crate::store::foods::SERVINGS_BATCH) {
            let sql = $crate::store::foods::positional(
                &$tx,
                $crate::store::foods::servings_insert_sql(batch.len()),
            );
            // Not kept in the connection's statement cache: the catalogue's
            // are big and run once (cached they held ~13 MiB).
            let mut q = sqlx::query(&sql).persistent(false);
            for (id, label, grams) in batch {
                q = q.bind(*id).bind(*label).bind(*grams);
            }
            q.execute(&mut *$tx).await?;
        }
    };
}
pub(super) use insert_servings;

/// Binds a custom food's values: name, brand, calories, protein_g, fat_g,
/// carbs_g, the time now, the search text, then every detail column (the
/// order of the insert and update below).
macro_rules! bind_food {
    ($query:expr, $f:expr) => {
        bind_details!(
            $query
                .bind(&$f.name)
                .bind(&$f.brand)
                .bind($f.calories)
                .bind($f.protein_g)
                .bind($f.fat_g)
                .bind($f.carbs_g)
                .bind(now())
                .bind(search_text(&$f.name, $f.brand.as_deref())),
            $f.details
        )
    };
}
pub(super) use bind_food;

/// Inserts a food: `$1` account, `$2` source, then the values of
/// `bind_food!`; returns `FOOD_COLUMNS`.
pub(super) static FOOD_INSERT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO foods (account_id, source, name, brand, calories, protein_g, fat_g,
             carbs_g, created_at, updated_at, search_text, {})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, {})
         RETURNING {}",
        *DETAIL_COLUMNS,
        detail_placeholders(11),
        *FOOD_COLUMNS
    )
});

/// Replaces a food's values: `$1` id, `$2` account, then the values of
/// `bind_food!`.
pub(super) static FOOD_UPDATE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE foods SET name = $3, brand = $4, calories = $5, protein_g = $6, fat_g = $7,
             carbs_g = $8, updated_at = $9, search_text = $10, {}
         WHERE id = $1 AND account_id = $2",
        detail_assignments(11)
    )
});

/// A food's servings as rows to insert.
pub(super) fn servings_of(food_id: i64, servings: &[Serving]) -> Vec<(i64, &str, f64)> {
    servings
        .iter()
        .map(|s| (food_id, s.label.as_str(), s.grams))
        .collect()
}

/// The folded text a food is found by.
pub(super) fn search_text(name: &str, brand: Option<&str>) -> String {
    fold(&format!("{name} {}", brand.unwrap_or_default()))
}

/// A statement of many parameters, `$1`, `$2`, … each once and in order,
/// as the engine of `_tx` takes it best: on SQLite as anonymous `?`.
/// SQLite finds each `$N` among the names seen before it (a linear scan
/// with `strncmp`), and sqlx asks each parameter's name back (another), so
/// a statement of n named ones costs O(n²): the branded foods' load (8,000
/// parameters a statement) spent over 80 % of its time there.
pub(super) fn positional<DB: sqlx::Database>(
    _tx: &sqlx::Transaction<'_, DB>,
    sql: String,
) -> String {
    if DB::NAME == "SQLite" {
        anonymous(&sql)
    } else {
        sql
    }
}

/// `sql` with each `$N` as `?`; its parameters must be `$1`, `$2`, … in order.
fn anonymous(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut expected = 1;
    while let Some(c) = chars.next() {
        if c != '$' || !chars.peek().is_some_and(char::is_ascii_digit) {
            out.push(c);
            continue;
        }
        let mut n = 0usize;
        while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
            n = n * 10 + d as usize;
            chars.next();
        }
        assert_eq!(n, expected, "parameters out of order in {sql}");
        expected += 1;
        out.push('?');
    }
    out
}

/// `$from, $from+1, …` for `n` bound values.
pub(super) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A catalogue item; nutrient amounts are per 100 g.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Food {
    pub id: i64,
    /// The owning account for a custom food; absent for shared items.
    pub account_id: Option<i64>,
    /// `custom` for an account's own food, else the dataset it comes from.
    pub source: String,
    pub name: String,
    pub brand: Option<String>,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    /// Per 100 g; unknown amounts are `None`.
    #[sqlx(flatten)]
    pub details: Details,
    #[sqlx(skip)]
    pub servings: Vec<Serving>,
    /// False for shared items, which are read-only.
    #[sqlx(skip)]
    pub custom: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Serving {
    pub label: String,
    pub grams: f64,
}

/// The writable fields of a custom food.
#[derive(Clone, Debug, PartialEq)]
pub struct FoodInput {
    pub name: String,
    pub brand: Option<String>,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    pub details: Details,
    pub servings: Vec<Serving>,
}

impl Store {
    /// A food this account may see: shared, or its own.
    pub async fn visible_food(&self, account_id: i64, id: i64) -> StoreResult<Option<Food>> {
        // The food and its servings in one statement (logging from the
        // catalogue reads this on every entry).
        let sql = format!(
            "SELECT {} WHERE f.id = $1 AND (f.account_id IS NULL OR f.account_id = $2)
             ORDER BY s.id",
            *FOOD_WITH_SERVINGS
        );
        let rows = self
            .read_rows(
                sql.into(),
                vec![Param::Int(id), Param::Int(account_id)],
                food_serving_row,
            )
            .await?;
        Ok(group_servings(rows).pop())
    }

    /// Adds a custom food unless the account already has `quota`'s limit
    /// (`StoreError::OverQuota`), counted and written in one transaction.
    pub async fn create_food(
        &self,
        account_id: i64,
        f: &FoodInput,
        quota: Quota,
    ) -> StoreResult<Food> {
        let id = on_write_pool!(self, |pool| {
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
                sqlx::query_as(&FOOD_INSERT).bind(account_id).bind("custom"),
                f
            )
            .fetch_one(&mut *tx)
            .await?;
            insert_servings!(tx, servings_of(food.id, &f.servings));
            tx.commit().await?;
            Ok::<_, StoreError>(food.id)
        })?;
        self.visible_food(account_id, id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Replaces a custom food of this account; `None` when it has none such.
    pub async fn update_food(
        &self,
        account_id: i64,
        id: i64,
        f: &FoodInput,
    ) -> StoreResult<Option<Food>> {
        let updated = on_write_pool!(self, |pool| {
            let mut tx = begin_write!(self, pool);
            let updated = bind_food!(sqlx::query(&FOOD_UPDATE).bind(id).bind(account_id), f)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
            if updated {
                sqlx::query("DELETE FROM food_servings WHERE food_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                insert_servings!(tx, servings_of(id, &f.servings));
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(updated)
        })?;
        if updated {
            self.visible_food(account_id, id).await
        } else {
            Ok(None)
        }
    }

    /// Deletes a custom food of this account. Diary entries logged from it
    /// keep their own copy of the nutrients.
    pub async fn delete_food(&self, account_id: i64, id: i64) -> StoreResult<bool> {
        self.delete_owned(Owned::Foods, account_id, id).await
    }

    /// Fills `search_text` where it is empty (rows from before it existed).
    pub async fn backfill_search_text(&self) -> StoreResult<u64> {
        let rows: Vec<(i64, String, Option<String>)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT id, name, brand FROM foods WHERE search_text = ''")
                .fetch_all(pool)
                .await
        })?;
        for (id, name, brand) in &rows {
            on_write_pool!(self, |pool| {
                sqlx::query("UPDATE foods SET search_text = $1 WHERE id = $2")
                    .bind(search_text(name, brand.as_deref()))
                    .bind(id)
                    .execute(pool)
                    .await
                    .map(|_| ())
            })?;
        }
        Ok(rows.len() as u64)
    }

    pub(super) async fn with_servings(&self, mut foods: Vec<Food>) -> StoreResult<Vec<Food>> {
        if foods.is_empty() {
            return Ok(foods);
        }
        let sql = format!(
            "SELECT food_id, label, grams FROM food_servings WHERE food_id IN ({}) ORDER BY id",
            placeholders(1, foods.len())
        );
        let rows = self
            .read_rows(
                sql.into(),
                id_params(Vec::new(), foods.iter().map(|f| f.id)),
                |row| Ok((row.int(0)?, row.text(1)?, row.real(2)?)),
            )
            .await?;
        for food in &mut foods {
            food.custom = food.account_id.is_some();
            food.servings = rows
                .iter()
                .filter(|(id, _, _)| *id == food.id)
                .map(|(_, label, grams)| Serving {
                    label: label.clone(),
                    grams: *grams,
                })
                .collect();
        }
        Ok(foods)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_in_order_become_anonymous() {
        assert_eq!(
            anonymous(&servings_insert_sql(2)),
            "INSERT INTO food_servings (food_id, label, grams) VALUES (?, ?, ?),(?, ?, ?)"
        );
        assert_eq!(anonymous("SELECT '$x', $1, $2"), "SELECT '$x', ?, ?");
    }

    #[test]
    #[should_panic(expected = "out of order")]
    fn a_parameter_used_twice_is_refused() {
        anonymous("SELECT $1, $1");
    }
}
