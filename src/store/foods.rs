//! The food catalogue: shared items (account_id NULL) and custom ones.

use chrono::{DateTime, Utc};

use super::{Pool, Store, StoreError, StoreResult, now, on_pool};
use crate::domain::search;
use crate::domain::text::{fold, words};

const FOOD_COLUMNS: &str = "id, account_id, source, name, brand, calories, protein_g, fat_g, \
     carbs_g, fibre_g, sugars_g, saturated_fat_g, sodium_mg, created_at, updated_at";

/// `… FROM …` of foods (alias `f`) each with its servings (alias `s`): one
/// row per serving, or one with NULL serving columns for a food with none.
const FOOD_WITH_SERVINGS: &str = "f.id, f.account_id, f.source, f.name, f.brand, f.calories, \
     f.protein_g, f.fat_g, f.carbs_g, f.fibre_g, f.sugars_g, f.saturated_fat_g, f.sodium_mg, \
     f.created_at, f.updated_at, s.label AS serving_label, s.grams AS serving_grams \
     FROM foods f LEFT JOIN food_servings s ON s.food_id = f.id";

#[derive(sqlx::FromRow)]
struct FoodServingRow {
    #[sqlx(flatten)]
    food: Food,
    serving_label: Option<String>,
    serving_grams: Option<f64>,
}

/// Folds rows of `FOOD_WITH_SERVINGS`, ordered by food, into foods with
/// their servings in the order of the rows.
fn group_servings(rows: Vec<FoodServingRow>) -> Vec<Food> {
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

/// Most candidates one search step fetches for ranking.
const CANDIDATES: i64 = 500;

/// How many of an account's latest catalogue entries the recent foods (and
/// their `times_logged`) are read from.
const RECENT_WINDOW: i64 = 1000;

/// The folded text a food is found by.
pub(super) fn search_text(name: &str, brand: Option<&str>) -> String {
    fold(&format!("{name} {}", brand.unwrap_or_default()))
}

/// What search ranks a food by.
#[derive(sqlx::FromRow)]
struct Candidate {
    id: i64,
    account_id: Option<i64>,
    name: String,
    brand: Option<String>,
}

/// `$from, $from+1, …` for `n` bound values.
fn placeholders(from: usize, n: usize) -> String {
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
    pub fibre_g: Option<f64>,
    pub sugars_g: Option<f64>,
    pub saturated_fat_g: Option<f64>,
    pub sodium_mg: Option<f64>,
    pub servings: Vec<Serving>,
}

/// A food the account logged, with how often and when last.
#[derive(Clone, Debug, PartialEq)]
pub struct RecentFood {
    pub food: Food,
    /// How often it was logged among the account's latest 1,000 catalogue
    /// entries.
    pub times_logged: i64,
    pub last_logged_at: DateTime<Utc>,
    /// The quantity last logged, to re-log in one tap.
    pub last_quantity_g: Option<f64>,
}

impl Store {
    /// A food this account may see: shared, or its own.
    pub async fn visible_food(&self, account_id: i64, id: i64) -> StoreResult<Option<Food>> {
        // The food and its servings in one statement (logging from the
        // catalogue reads this on every entry).
        let sql = format!(
            "SELECT {FOOD_WITH_SERVINGS} WHERE f.id = $1 AND (f.account_id IS NULL OR f.account_id = $2)
             ORDER BY s.id"
        );
        let rows: Vec<FoodServingRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(account_id)
                .fetch_all(pool)
                .await
        })?;
        Ok(group_servings(rows).pop())
    }

    pub async fn create_food(&self, account_id: i64, f: &FoodInput) -> StoreResult<Food> {
        let sql = format!(
            "INSERT INTO foods (account_id, source, name, brand, calories, protein_g, fat_g,
                 carbs_g, fibre_g, sugars_g, saturated_fat_g, sodium_mg, created_at, updated_at,
                 search_text)
             VALUES ($1, 'custom', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
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
                .bind(search_text(&f.name, f.brand.as_deref()))
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
            Ok::<_, sqlx::Error>(food.id)
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
        let updated = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let updated = sqlx::query(
                "UPDATE foods SET name = $3, brand = $4, calories = $5, protein_g = $6,
                     fat_g = $7, carbs_g = $8, fibre_g = $9, sugars_g = $10,
                     saturated_fat_g = $11, sodium_mg = $12, updated_at = $13, search_text = $14
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
            .bind(search_text(&f.name, f.brand.as_deref()))
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
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM foods WHERE id = $1 AND account_id = $2")
                .bind(id)
                .bind(account_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() > 0)
        })
    }

    /// Catalogue search, best match first: the database finds candidates by
    /// word prefixes (PostgreSQL full-text, SQLite FTS5), `domain::search`
    /// ranks them. Candidates widen step by step: every typed word as a
    /// prefix; then, while fewer than `limit` match, with the words no food
    /// has (typos) cut to their first three letters; and only when no food
    /// has all the words, any typed word (that broad step costs milliseconds).
    pub async fn search_foods(
        &self,
        account_id: i64,
        query: &str,
        limit: i64,
    ) -> StoreResult<Vec<Food>> {
        let folded = fold(query);
        let typed: Vec<&str> = words(&folded);
        if typed.is_empty() {
            return self.list_foods(account_id, limit).await;
        }
        let whole: Vec<String> = typed.iter().map(|w| (*w).to_owned()).collect();
        let mut seen = std::collections::HashSet::new();
        // (score, name length, id) of every candidate that matches at all.
        let mut matches: Vec<(f64, usize, i64)> = Vec::new();
        let mut add = |candidates: Vec<Candidate>, matches: &mut Vec<(f64, usize, i64)>| {
            for c in candidates {
                if !seen.insert(c.id) {
                    continue;
                }
                let item = search::Searchable {
                    name: &c.name,
                    brand: c.brand.as_deref(),
                    own: c.account_id.is_some(),
                };
                let score = search::score_item(&typed, &item);
                if score > 0.0 {
                    matches.push((score, c.name.chars().count(), c.id));
                }
            }
        };
        add(
            self.food_candidates(account_id, &whole, true, CANDIDATES)
                .await?,
            &mut matches,
        );
        if (matches.len() as i64) < limit {
            // Words no food has are likely typos: keep their first letters.
            let mut loose = Vec::new();
            let mut typos = false;
            for w in &whole {
                let known = self.word_known(account_id, w).await?;
                if known || w.chars().count() < 4 {
                    loose.push(w.clone());
                } else {
                    loose.push(w.chars().take(3).collect());
                    typos = true;
                }
            }
            if typos {
                // Three letters match broadly: the plainest names suffice.
                let candidates = self
                    .food_candidates(account_id, &loose, true, CANDIDATES / 2)
                    .await?;
                add(candidates, &mut matches);
            }
        }
        if matches.is_empty() && whole.len() > 1 {
            // No food has all the words: any of them.
            add(
                self.food_candidates(account_id, &whole, false, CANDIDATES)
                    .await?,
                &mut matches,
            );
        }
        matches.sort_by(|a, b| search::best_first((a.0, a.1), (b.0, b.1)));
        matches.truncate(limit as usize);
        let ids: Vec<i64> = matches.iter().map(|m| m.2).collect();
        let mut foods = self.foods_by_id(&ids).await?;
        foods.sort_by_key(|f| ids.iter().position(|id| *id == f.id));
        self.with_servings(foods).await
    }

    /// Candidates visible to the account whose folded text has a word
    /// starting with each term (`all`) or with any term; plainest first.
    async fn food_candidates(
        &self,
        account_id: i64,
        terms: &[String],
        all: bool,
        limit: i64,
    ) -> StoreResult<Vec<Candidate>> {
        let sql = format!(
            "SELECT f.id, f.account_id, f.name, f.brand {} ORDER BY LENGTH(f.name), f.id LIMIT $3",
            self.matching_foods()
        );
        let query = self.prefix_query(terms, all);
        on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(account_id)
                .bind(&query)
                .bind(limit)
                .fetch_all(pool)
                .await
        })
    }

    /// Whether a food visible to the account has a word starting with `word`.
    async fn word_known(&self, account_id: i64, word: &str) -> StoreResult<bool> {
        let sql = format!("SELECT EXISTS (SELECT 1 {})", self.matching_foods());
        let query = self.prefix_query(&[word.to_owned()], true);
        on_pool!(self, |pool| {
            sqlx::query_scalar(&sql)
                .bind(account_id)
                .bind(&query)
                .fetch_one(pool)
                .await
        })
    }

    /// `FROM … WHERE …` of the foods visible to account `$1` whose search
    /// text matches the full-text query `$2`, driven by the text index.
    fn matching_foods(&self) -> &'static str {
        match self.pool {
            Pool::Postgres(_) => {
                "FROM foods f WHERE f.search_vector @@ to_tsquery('simple', $2)
                   AND (f.account_id IS NULL OR f.account_id = $1)"
            }
            Pool::Sqlite(_) => {
                "FROM foods_fts JOIN foods f ON f.id = foods_fts.rowid
                 WHERE foods_fts MATCH $2 AND (f.account_id IS NULL OR f.account_id = $1)"
            }
        }
    }

    /// A full-text query for words starting with each term (`all`) or any.
    /// Terms are folded words (letters and digits only), safe in either syntax.
    fn prefix_query(&self, terms: &[String], all: bool) -> String {
        let (pattern, and, or): (fn(&String) -> String, _, _) = match self.pool {
            Pool::Postgres(_) => (|t| format!("{t}:*"), " & ", " | "),
            Pool::Sqlite(_) => (|t| format!("\"{t}\"*"), " AND ", " OR "),
        };
        terms
            .iter()
            .map(pattern)
            .collect::<Vec<_>>()
            .join(if all { and } else { or })
    }

    /// Whole rows of the given foods, in no particular order. (Their
    /// servings come in a second statement: joined in, each food's row came
    /// once per serving, and the load benchmark measured search no faster.)
    async fn foods_by_id(&self, ids: &[i64]) -> StoreResult<Vec<Food>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {FOOD_COLUMNS} FROM foods WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(pool).await
        })
    }

    /// With nothing typed: the account's own foods first, then by name.
    async fn list_foods(&self, account_id: i64, limit: i64) -> StoreResult<Vec<Food>> {
        let sql = format!(
            "SELECT {FOOD_COLUMNS} FROM foods WHERE (account_id IS NULL OR account_id = $1)
             ORDER BY CASE WHEN account_id IS NULL THEN 1 ELSE 0 END, name, id LIMIT $2"
        );
        let foods: Vec<Food> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(account_id)
                .bind(limit)
                .fetch_all(pool)
                .await
        })?;
        self.with_servings(foods).await
    }

    /// Fills `search_text` where it is empty (rows from before it existed).
    pub async fn backfill_search_text(&self) -> StoreResult<u64> {
        let rows: Vec<(i64, String, Option<String>)> = on_pool!(self, |pool| {
            sqlx::query_as("SELECT id, name, brand FROM foods WHERE search_text = ''")
                .fetch_all(pool)
                .await
        })?;
        for (id, name, brand) in &rows {
            on_pool!(self, |pool| {
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

    /// The account's logged catalogue foods: the most recent, then the most
    /// frequent, without repeats.
    pub async fn recent_foods(&self, account_id: i64, limit: i64) -> StoreResult<Vec<RecentFood>> {
        // The distinct foods of the account's latest catalogue entries, newest
        // first, with how often each appears among them. Only the last
        // RECENT_WINDOW such entries are read (through the index
        // food_entries_account_logged), so the cost of the diary page does
        // not grow with the account's history; the first entry seen of a food
        // is its latest, which gives its last time and quantity.
        type Row = (i64, DateTime<Utc>, Option<f64>);
        let window: Vec<Row> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT food_id, created_at, quantity_g FROM food_entries
                 WHERE account_id = $1 AND food_id IS NOT NULL
                 ORDER BY created_at DESC, id DESC LIMIT $2",
            )
            .bind(account_id)
            .bind(RECENT_WINDOW)
            .fetch_all(pool)
            .await
        })?;
        // (food id, times in the window, last time, last quantity) of the
        // first `limit` distinct foods; later ones are only counted.
        let limit = usize::try_from(limit).unwrap_or(0);
        let mut latest: Vec<(i64, i64, DateTime<Utc>, Option<f64>)> = Vec::new();
        for (food_id, at, quantity_g) in window {
            match latest.iter().position(|(id, ..)| *id == food_id) {
                Some(i) => latest[i].1 += 1,
                None if latest.len() < limit => latest.push((food_id, 1, at, quantity_g)),
                None => {}
            }
        }
        if latest.is_empty() {
            return Ok(Vec::new());
        }
        // The foods themselves, with their servings, in one statement.
        let sql = format!(
            "SELECT {FOOD_WITH_SERVINGS}
             WHERE (f.account_id IS NULL OR f.account_id = $1) AND f.id IN ({})
             ORDER BY f.id, s.id",
            placeholders(2, latest.len())
        );
        let rows: Vec<FoodServingRow> = on_pool!(self, |pool| {
            let mut query = sqlx::query_as(&sql).bind(account_id);
            for (id, ..) in &latest {
                query = query.bind(*id);
            }
            query.fetch_all(pool).await
        })?;
        let mut foods = group_servings(rows);
        let mut out = Vec::new();
        for (food_id, times_logged, last_logged_at, last_quantity_g) in latest {
            // A food deleted since is left out.
            let Some(at) = foods.iter().position(|f| f.id == food_id) else {
                continue;
            };
            out.push(RecentFood {
                food: foods.swap_remove(at),
                times_logged,
                last_logged_at,
                last_quantity_g,
            });
        }
        Ok(out)
    }

    async fn with_servings(&self, mut foods: Vec<Food>) -> StoreResult<Vec<Food>> {
        if foods.is_empty() {
            return Ok(foods);
        }
        let sql = format!(
            "SELECT food_id, label, grams FROM food_servings WHERE food_id IN ({}) ORDER BY id",
            placeholders(1, foods.len())
        );
        let rows: Vec<(i64, String, f64)> = on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql);
            for f in &foods {
                q = q.bind(f.id);
            }
            q.fetch_all(pool).await
        })?;
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
