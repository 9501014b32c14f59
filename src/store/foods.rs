//! The food catalogue: shared items (account_id NULL) and custom ones.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::activities::escape_like;
use super::{Store, now, on_pool};

const FOOD_COLUMNS: &str = "id, account_id, source, name, brand, calories, protein_g, fat_g, \
     carbs_g, fibre_g, sugars_g, saturated_fat_g, sodium_mg, created_at, updated_at";

/// A catalogue item; nutrient amounts are per 100 g.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Food {
    pub id: i64,
    /// The owning account for a custom food; absent for shared items.
    #[serde(skip)]
    pub account_id: Option<i64>,
    /// `custom` for an account's own food, else the dataset it comes from.
    pub source: String,
    pub name: String,
    pub brand: Option<String>,
    pub calories: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    pub fibre_g: Option<f64>,
    pub sugars_g: Option<f64>,
    pub saturated_fat_g: Option<f64>,
    pub sodium_mg: Option<f64>,
    #[sqlx(skip)]
    pub servings: Vec<Serving>,
    /// False for shared items, which are read-only.
    #[sqlx(skip)]
    pub custom: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, sqlx::FromRow, ToSchema)]
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
    pub fibre_g: Option<f64>,
    pub sugars_g: Option<f64>,
    pub saturated_fat_g: Option<f64>,
    pub sodium_mg: Option<f64>,
    pub servings: Vec<Serving>,
}

/// A food the account logged, with how often and when last.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct RecentFood {
    #[serde(flatten)]
    pub food: Food,
    pub times_logged: i64,
    pub last_logged_at: DateTime<Utc>,
    /// The quantity last logged, to re-log in one tap.
    pub last_quantity_g: Option<f64>,
}

impl Store {
    /// A food this account may see: shared, or its own.
    pub async fn visible_food(&self, account_id: i64, id: i64) -> sqlx::Result<Option<Food>> {
        let sql = format!(
            "SELECT {FOOD_COLUMNS} FROM foods WHERE id = $1 AND (account_id IS NULL OR account_id = $2)"
        );
        let food: Option<Food> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(account_id)
                .fetch_optional(pool)
                .await
        })?;
        match food {
            Some(food) => Ok(Some(self.with_servings(vec![food]).await?.remove(0))),
            None => Ok(None),
        }
    }

    pub async fn create_food(&self, account_id: i64, f: &FoodInput) -> sqlx::Result<Food> {
        let sql = format!(
            "INSERT INTO foods (account_id, source, name, brand, calories, protein_g, fat_g,
                 carbs_g, fibre_g, sugars_g, saturated_fat_g, sodium_mg, created_at, updated_at)
             VALUES ($1, 'custom', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
             RETURNING {FOOD_COLUMNS}"
        );
        let id = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let food: Food = sqlx::query_as(&sql)
                .bind(account_id)
                .bind(&f.name)
                .bind(&f.brand)
                .bind(f.calories)
                .bind(f.protein_g)
                .bind(f.fat_g)
                .bind(f.carbs_g)
                .bind(f.fibre_g)
                .bind(f.sugars_g)
                .bind(f.saturated_fat_g)
                .bind(f.sodium_mg)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
            for s in &f.servings {
                sqlx::query(
                    "INSERT INTO food_servings (food_id, label, grams) VALUES ($1, $2, $3)",
                )
                .bind(food.id)
                .bind(&s.label)
                .bind(s.grams)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            food.id
        });
        self.visible_food(account_id, id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    /// Replaces a custom food of this account; `None` when it has none such.
    pub async fn update_food(
        &self,
        account_id: i64,
        id: i64,
        f: &FoodInput,
    ) -> sqlx::Result<Option<Food>> {
        let updated = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let updated = sqlx::query(
                "UPDATE foods SET name = $3, brand = $4, calories = $5, protein_g = $6,
                     fat_g = $7, carbs_g = $8, fibre_g = $9, sugars_g = $10,
                     saturated_fat_g = $11, sodium_mg = $12, updated_at = $13
                 WHERE id = $1 AND account_id = $2",
            )
            .bind(id)
            .bind(account_id)
            .bind(&f.name)
            .bind(&f.brand)
            .bind(f.calories)
            .bind(f.protein_g)
            .bind(f.fat_g)
            .bind(f.carbs_g)
            .bind(f.fibre_g)
            .bind(f.sugars_g)
            .bind(f.saturated_fat_g)
            .bind(f.sodium_mg)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0;
            if updated {
                sqlx::query("DELETE FROM food_servings WHERE food_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                for s in &f.servings {
                    sqlx::query(
                        "INSERT INTO food_servings (food_id, label, grams) VALUES ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(&s.label)
                    .bind(s.grams)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            updated
        });
        if updated {
            self.visible_food(account_id, id).await
        } else {
            Ok(None)
        }
    }

    /// Deletes a custom food of this account. Diary entries logged from it
    /// keep their own copy of the nutrients.
    pub async fn delete_food(&self, account_id: i64, id: i64) -> sqlx::Result<bool> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM foods WHERE id = $1 AND account_id = $2")
                .bind(id)
                .bind(account_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() > 0)
        })
    }

    /// Foods whose name or brand contains every word of `query`: names that
    /// start with the query first, then shorter names.
    pub async fn search_foods(
        &self,
        account_id: i64,
        query: &str,
        limit: i64,
    ) -> sqlx::Result<Vec<Food>> {
        let query = query.trim().to_lowercase();
        let words: Vec<String> = query
            .split_whitespace()
            .map(|w| format!("%{}%", escape_like(w)))
            .collect();
        let mut sql = format!(
            "SELECT {FOOD_COLUMNS} FROM foods WHERE (account_id IS NULL OR account_id = $1)"
        );
        for i in 0..words.len() {
            let n = i + 4;
            sql.push_str(&format!(
                " AND (LOWER(name) LIKE ${n} ESCAPE '\\' OR LOWER(COALESCE(brand, '')) LIKE ${n} ESCAPE '\\')"
            ));
        }
        sql.push_str(
            " ORDER BY CASE WHEN LOWER(name) LIKE $3 ESCAPE '\\' THEN 0 ELSE 1 END,
                 LENGTH(name), name, id
             LIMIT $2",
        );
        let prefix = format!("{}%", escape_like(&query));
        let foods: Vec<Food> = on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql)
                .bind(account_id)
                .bind(limit)
                .bind(&prefix);
            for w in &words {
                q = q.bind(w);
            }
            q.fetch_all(pool).await
        })?;
        self.with_servings(foods).await
    }

    /// The account's logged catalogue foods: the most recent, then the most
    /// frequent, without repeats.
    pub async fn recent_foods(&self, account_id: i64, limit: i64) -> sqlx::Result<Vec<RecentFood>> {
        type Row = (i64, i64, DateTime<Utc>);
        let (by_recency, by_count): (Vec<Row>, Vec<Row>) = on_pool!(self, |pool| {
            let base = "SELECT food_id, COUNT(*), MAX(created_at) FROM food_entries
                 WHERE account_id = $1 AND food_id IS NOT NULL GROUP BY food_id";
            let recent = sqlx::query_as(&format!("{base} ORDER BY MAX(created_at) DESC LIMIT $2"))
                .bind(account_id)
                .bind(limit)
                .fetch_all(pool)
                .await?;
            let frequent = sqlx::query_as(&format!(
                "{base} ORDER BY COUNT(*) DESC, MAX(created_at) DESC LIMIT $2"
            ))
            .bind(account_id)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            (recent, frequent)
        });
        let mut out: Vec<RecentFood> = Vec::new();
        for (food_id, times_logged, last_logged_at) in by_recency.into_iter().chain(by_count) {
            if out.len() as i64 >= limit || out.iter().any(|r| r.food.id == food_id) {
                continue;
            }
            let Some(food) = self.visible_food(account_id, food_id).await? else {
                continue; // deleted since
            };
            let last_quantity_g: Option<f64> = on_pool!(self, |pool| {
                sqlx::query_scalar(
                    "SELECT quantity_g FROM food_entries WHERE account_id = $1 AND food_id = $2
                     ORDER BY created_at DESC, id DESC LIMIT 1",
                )
                .bind(account_id)
                .bind(food_id)
                .fetch_one(pool)
                .await?
            });
            out.push(RecentFood {
                food,
                times_logged,
                last_logged_at,
                last_quantity_g,
            });
        }
        Ok(out)
    }

    async fn with_servings(&self, mut foods: Vec<Food>) -> sqlx::Result<Vec<Food>> {
        for food in &mut foods {
            food.custom = food.account_id.is_some();
            food.servings = on_pool!(self, |pool| {
                sqlx::query_as(
                    "SELECT label, grams FROM food_servings WHERE food_id = $1 ORDER BY id",
                )
                .bind(food.id)
                .fetch_all(pool)
                .await?
            });
        }
        Ok(foods)
    }
}
