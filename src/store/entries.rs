//! Food diary entries.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};

use super::cells::{Cells, Param};
use super::details::{DETAIL_COLUMNS, bind_details, detail_assignments, detail_placeholders};
use super::owned::Owned;
use super::{Store, StoreError, StoreResult, begin_for_account, now, on_pool, on_write_pool};
use crate::domain::meal::Meal;
use crate::domain::nutrients::{DETAIL_COUNT, DETAIL_KEYS, Details, Nutrients};
use crate::domain::quotas::Quota;

/// Counts the account's (`$1`) food entries of a day (`$2`), but one (`$3`).
const COUNT_DAY: &str =
    "SELECT COUNT(*) FROM food_entries WHERE account_id = $1 AND date = $2 AND id <> $3";

static FOOD_ENTRY_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "id, date, meal, name, calories, protein_g, fat_g, carbs_g, {}, food_id, quantity_g, \
         created_at, updated_at, source",
        *DETAIL_COLUMNS
    )
});

/// Orders a day's entries as the diary shows them.
pub(super) const MEAL_ORDER: &str = "CASE meal WHEN 'breakfast' THEN 0 WHEN 'lunch' THEN 1 \
     WHEN 'dinner' THEN 2 ELSE 3 END";

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct FoodEntry {
    pub id: i64,
    pub date: NaiveDate,
    pub meal: Meal,
    pub name: String,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    /// As logged; unknown amounts are `None`.
    #[sqlx(flatten)]
    pub details: Details,
    pub food_id: Option<i64>,
    pub quantity_g: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Where an imported entry came from (`mfp`, `apple-health`, …); `None`
    /// for one logged here.
    pub source: Option<String>,
}

impl FoodEntry {
    pub fn nutrients(&self) -> Nutrients {
        Nutrients {
            calories: self.calories,
            protein_g: self.protein_g,
            fat_g: self.fat_g,
            carbs_g: self.carbs_g,
        }
    }
}

/// Binds an entry's values: date, meal, name, calories, protein_g, fat_g,
/// carbs_g, food_id, quantity_g, then every detail column (the order of the
/// insert and update below).
macro_rules! bind_food_entry {
    ($query:expr, $e:expr) => {
        bind_details!(
            $query
                .bind($e.date)
                .bind($e.meal)
                .bind(&$e.name)
                .bind($e.nutrients.calories)
                .bind($e.nutrients.protein_g)
                .bind($e.nutrients.fat_g)
                .bind($e.nutrients.carbs_g)
                .bind($e.food_id)
                .bind($e.quantity_g),
            $e.details
        )
    };
}
pub(super) use bind_food_entry;

/// A food entry's values, as written to the diary.
#[derive(Clone, Debug, PartialEq)]
pub struct FoodEntryInsert {
    pub date: NaiveDate,
    pub meal: Meal,
    pub name: String,
    pub nutrients: Nutrients,
    pub details: Details,
    pub food_id: Option<i64>,
    pub quantity_g: Option<f64>,
}

/// One day's food: the sums, and for each detail key how many of the
/// day's entries knew it (its sum is `None` when none did).
#[derive(Clone, Debug, PartialEq)]
pub struct DayFoodTotals {
    pub date: NaiveDate,
    pub nutrients: Nutrients,
    pub details: Details,
    pub known: [i64; DETAIL_COUNT],
    pub entries: i64,
}

/// Per logged day: date, the four sums, the entry count, then each detail
/// key's sum and how many entries knew it, as the triggers of migration
/// 20261204000030 keep them in `food_day_totals`: one row a day, so a
/// range's cost does not grow with the entries each day holds.
static DAILY_TOTALS_SQL: LazyLock<String> = LazyLock::new(|| {
    let details: Vec<String> = DETAIL_KEYS
        .iter()
        .map(|k| format!("{k}, {k}_known"))
        .collect();
    format!(
        "SELECT date, calories, protein_g, fat_g, carbs_g, entries, {}
         FROM food_day_totals WHERE account_id = $1 AND date >= $2 AND date <= $3
         ORDER BY date",
        details.join(", ")
    )
});

fn day_totals(row: &dyn Cells) -> StoreResult<DayFoodTotals> {
    let mut totals = DayFoodTotals {
        date: row.date(0)?,
        nutrients: Nutrients {
            calories: row.real(1)?,
            protein_g: row.real(2)?,
            fat_g: row.real(3)?,
            carbs_g: row.real(4)?,
        },
        details: Details::UNKNOWN,
        known: [0; DETAIL_COUNT],
        entries: row.int(5)?,
    };
    for i in 0..DETAIL_COUNT {
        totals.details.0[i] = row.maybe_real(6 + 2 * i)?;
        totals.known[i] = row.int(7 + 2 * i)?;
    }
    Ok(totals)
}

impl Store {
    /// Logs an entry unless its day already holds `per_day`'s limit
    /// (`StoreError::OverQuota`), counted and written in one transaction.
    pub async fn insert_food_entry(
        &self,
        account_id: i64,
        e: &FoodEntryInsert,
        per_day: Quota,
    ) -> StoreResult<FoodEntry> {
        let sql = format!(
            "INSERT INTO food_entries (account_id, date, meal, name, calories, protein_g, fat_g,
                 carbs_g, food_id, quantity_g, {}, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, {}, $42, $42)
             RETURNING {}",
            *DETAIL_COLUMNS,
            detail_placeholders(11),
            *FOOD_ENTRY_COLUMNS
        );
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 = sqlx::query_scalar(COUNT_DAY)
                .bind(account_id)
                .bind(e.date)
                .bind(0_i64)
                .fetch_one(&mut *tx)
                .await?;
            if !per_day.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let entry = bind_food_entry!(sqlx::query_as(&sql).bind(account_id), e)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(entry)
        })
    }

    /// Logs several entries of one day in one transaction, all or none:
    /// none when the day would then hold more than `per_day` allows
    /// (`StoreError::OverQuota`). Answers them in the order given.
    pub async fn insert_food_entries(
        &self,
        account_id: i64,
        date: NaiveDate,
        entries: &[FoodEntryInsert],
        per_day: Quota,
    ) -> StoreResult<Vec<FoodEntry>> {
        let sql = format!(
            "INSERT INTO food_entries (account_id, date, meal, name, calories, protein_g, fat_g,
                 carbs_g, food_id, quantity_g, {}, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, {}, $42, $42)
             RETURNING {}",
            *DETAIL_COLUMNS,
            detail_placeholders(11),
            *FOOD_ENTRY_COLUMNS
        );
        let added = i64::try_from(entries.len()).unwrap_or(i64::MAX);
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 = sqlx::query_scalar(COUNT_DAY)
                .bind(account_id)
                .bind(date)
                .bind(0_i64)
                .fetch_one(&mut *tx)
                .await?;
            if !per_day.allows(present, added) {
                return Err(StoreError::OverQuota);
            }
            let at = now();
            let mut logged = Vec::with_capacity(entries.len());
            for e in entries {
                let entry = bind_food_entry!(sqlx::query_as(&sql).bind(account_id), e)
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await?;
                logged.push(entry);
            }
            tx.commit().await?;
            Ok::<_, StoreError>(logged)
        })
    }

    /// Replaces every field of an entry of this account; `None` when there is
    /// no such entry of theirs. An entry moved to another day (`moved`) must
    /// find room there within `per_day` (`StoreError::OverQuota`).
    pub async fn update_food_entry(
        &self,
        account_id: i64,
        id: i64,
        e: &FoodEntryInsert,
        moved: bool,
        per_day: Quota,
    ) -> StoreResult<Option<FoodEntry>> {
        let sql = format!(
            "UPDATE food_entries SET date = $3, meal = $4, name = $5, calories = $6,
                 protein_g = $7, fat_g = $8, carbs_g = $9, food_id = $10, quantity_g = $11, {},
                 updated_at = $43
             WHERE account_id = $1 AND id = $2
             RETURNING {}",
            detail_assignments(12),
            *FOOD_ENTRY_COLUMNS
        );
        if !moved {
            return on_write_pool!(self, |pool| {
                bind_food_entry!(sqlx::query_as(&sql).bind(account_id).bind(id), e)
                    .bind(now())
                    .fetch_optional(pool)
                    .await
            });
        }
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 = sqlx::query_scalar(COUNT_DAY)
                .bind(account_id)
                .bind(e.date)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            if !per_day.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let entry = bind_food_entry!(sqlx::query_as(&sql).bind(account_id).bind(id), e)
                .bind(now())
                .fetch_optional(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(entry)
        })
    }

    pub async fn food_entry(&self, account_id: i64, id: i64) -> StoreResult<Option<FoodEntry>> {
        self.owned_row(Owned::FoodEntries, &FOOD_ENTRY_COLUMNS, account_id, id)
            .await
    }

    /// Whether an entry of this account was deleted.
    pub async fn delete_food_entry(&self, account_id: i64, id: i64) -> StoreResult<bool> {
        self.delete_owned(Owned::FoodEntries, account_id, id).await
    }

    /// Entries from `from` to `to` inclusive, by date, meal and creation.
    pub async fn food_entries(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<FoodEntry>> {
        let sql = format!(
            "SELECT {} FROM food_entries
             WHERE account_id = $1 AND date >= $2 AND date <= $3
             ORDER BY date, {MEAL_ORDER}, created_at, id",
            *FOOD_ENTRY_COLUMNS
        );
        on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(account_id)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await
        })
    }
}

impl Store {
    /// Sums of food per day in the range, for days that have entries, with
    /// how many entries knew each detail nutrient.
    pub async fn daily_food_totals(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<DayFoodTotals>> {
        self.read_rows(
            DAILY_TOTALS_SQL.as_str().into(),
            vec![Param::Int(account_id), Param::Date(from), Param::Date(to)],
            day_totals,
        )
        .await
    }

    /// Energy burned per day in the range, for days that have activities.
    pub async fn daily_burned(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(NaiveDate, f64)>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT date, SUM(kcal_burned) FROM activity_entries
                 WHERE account_id = $1 AND date >= $2 AND date <= $3
                 GROUP BY date ORDER BY date",
            )
            .bind(account_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })
    }
}

impl Store {
    /// Copies the entries of a day (or of one meal) to another day, or into
    /// `to_meal` (of the same day or another), in one transaction; answers the copies in diary order. Nothing is copied when
    /// the target day would hold more than `per_day` allows
    /// (`StoreError::OverQuota`).
    pub async fn copy_food_entries(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        meal: Option<Meal>,
        to_meal: Option<Meal>,
        per_day: Quota,
    ) -> StoreResult<Vec<FoodEntry>> {
        let sql = format!(
            "INSERT INTO food_entries (account_id, date, meal, name, calories, protein_g, fat_g,
                 carbs_g, food_id, quantity_g, {details}, created_at, updated_at)
             SELECT account_id, $3, COALESCE($6, meal), name, calories, protein_g, fat_g,
                 carbs_g, food_id, quantity_g, {details}, $5, $5
             FROM food_entries
             WHERE account_id = $1 AND date = $2 AND ($4 IS NULL OR meal = $4)
             ORDER BY {MEAL_ORDER}, created_at, id
             RETURNING {columns}",
            details = *DETAIL_COLUMNS,
            columns = *FOOD_ENTRY_COLUMNS
        );
        let meal = meal.map(Meal::as_str);
        let to_meal = to_meal.map(Meal::as_str);
        let mut copies: Vec<FoodEntry> = on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let (present, copied): (i64, i64) = sqlx::query_as(
                "SELECT
                     (SELECT COUNT(*) FROM food_entries WHERE account_id = $1 AND date = $3),
                     (SELECT COUNT(*) FROM food_entries
                      WHERE account_id = $1 AND date = $2 AND ($4 IS NULL OR meal = $4))",
            )
            .bind(account_id)
            .bind(from)
            .bind(to)
            .bind(meal)
            .fetch_one(&mut *tx)
            .await?;
            if copied > 0 && !per_day.allows(present, copied) {
                return Err(StoreError::OverQuota);
            }
            let copies = sqlx::query_as(&sql)
                .bind(account_id)
                .bind(from)
                .bind(to)
                .bind(meal)
                .bind(now())
                .bind(to_meal)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(copies)
        })?;
        // RETURNING order is not guaranteed; ids follow the insertion order.
        copies.sort_by_key(|e| (e.meal, e.id));
        Ok(copies)
    }
}
