//! The optional branded foods (`domain::fdc_branded`): loading a file of
//! them into the shared catalogue, and what search asks of their own text
//! index (`branded_fts` on SQLite, the partial index `foods_search_branded`
//! on PostgreSQL; migrations 20261203000037).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::catalogue::{BATCH, bind_catalogue_row, upsert_sql};
use super::foods::{insert_servings, placeholders, positional};
use super::{Store, StoreResult, begin_write, now, on_pool, on_write_pool};
use crate::domain::fdc_branded::{BrandedFood, SOURCE};

/// Where the engines differ for branded foods: one value in `postgres.rs`,
/// one in `sqlite.rs`.
pub(super) struct BrandedDialect {
    /// `FROM … WHERE …` of the branded foods whose search text matches the
    /// full-text query `$2`, driven by their own text index, in the order
    /// that index hands them out: by id, near enough, and ids were handed
    /// out plainest name first (`fdc_branded::Dataset::foods`), so a LIMIT
    /// takes the plainest matches without sorting every match.
    pub(super) matching: &'static str,
    /// Run once a load is committed.
    pub(super) after_load: &'static [&'static str],
}

/// What a load did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrandedLoad {
    /// False when this release was already loaded: nothing was done.
    pub loaded: bool,
    /// Items of the file inserted as new foods.
    pub inserted: usize,
    /// Items of the file that updated a food loaded before (same id).
    pub updated: usize,
    /// Branded foods in the catalogue afterwards.
    pub total: i64,
}

impl Store {
    fn branded_dialect(&self) -> &'static BrandedDialect {
        match self.backend() {
            super::Backend::Postgres => &super::postgres::BRANDED,
            super::Backend::Sqlite => &super::sqlite::BRANDED,
        }
    }

    /// `FROM … WHERE …` of branded foods matching `$2` (see
    /// [`BrandedDialect::matching`]).
    pub(super) fn branded_matching(&self) -> &'static str {
        self.branded_dialect().matching
    }

    /// How many branded foods the catalogue holds.
    pub async fn branded_food_count(&self) -> StoreResult<i64> {
        on_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM foods WHERE source = $1")
                .bind(SOURCE)
                .fetch_one(pool)
                .await
        })
    }

    /// Loads a release of the branded foods: each item is inserted, or
    /// updates the food of the same key (keeping its id, so diary entries,
    /// recipes and saved meals that name it stay valid), its servings
    /// replaced; foods of an earlier release this one lacks stay, marked
    /// with theirs. One transaction: a failure leaves the catalogue as it
    /// was. Nothing is done when `release` is already recorded.
    pub async fn load_branded_foods(
        &self,
        release: &str,
        foods: &[BrandedFood],
    ) -> StoreResult<BrandedLoad> {
        let at = now();
        let dialect = self.dialect();
        let before = self.branded_food_count().await?;
        let counts = on_write_pool!(self, |pool| {
            let mut tx = begin_write!(self, pool);
            if let Some(lock) = dialect.catalogue_lock {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            let done: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM catalogue_releases WHERE name = $1")
                    .bind(release)
                    .fetch_one(&mut *tx)
                    .await?;
            if done > 0 {
                // (A plain block: this returns from the method.)
                return Ok(BrandedLoad {
                    loaded: false,
                    inserted: 0,
                    updated: 0,
                    total: before,
                });
            }
            let mut updated = 0;
            for chunk in foods.chunks(BATCH) {
                let sql = upsert_sql(chunk.len());
                // Created now, or an item loaded before.
                let sql = sql.replace(
                    "RETURNING id, source_ref",
                    "RETURNING id, source_ref, created_at",
                );
                let sql = positional(&tx, sql);
                // Run once each: not kept in the statement cache.
                let mut q =
                    sqlx::query_as::<_, (i64, String, DateTime<Utc>)>(&sql).persistent(false);
                for f in chunk {
                    q = bind_catalogue_row!(
                        q,
                        SOURCE,
                        release,
                        at,
                        &f.key,
                        &f.name,
                        f.kcal,
                        f.protein_g,
                        f.fat_g,
                        f.carbs_g,
                        f.details
                    );
                }
                let rows = q.fetch_all(&mut *tx).await?;
                let old: Vec<i64> = rows
                    .iter()
                    .filter(|(_, _, created)| *created != at)
                    .map(|(id, _, _)| *id)
                    .collect();
                updated += old.len();
                if !old.is_empty() {
                    let sql = positional(
                        &tx,
                        format!(
                            "DELETE FROM food_servings WHERE food_id IN ({})",
                            placeholders(1, old.len())
                        ),
                    );
                    let mut q = sqlx::query(&sql).persistent(false);
                    for id in &old {
                        q = q.bind(id);
                    }
                    q.execute(&mut *tx).await?;
                }
                let id_of: HashMap<&str, i64> = rows
                    .iter()
                    .map(|(id, key, _)| (key.as_str(), *id))
                    .collect();
                let servings: Vec<(i64, &str, f64)> = chunk
                    .iter()
                    .filter_map(|f| id_of.get(f.key.as_str()).map(|id| (*id, f)))
                    .flat_map(|(id, f)| f.servings.iter().map(move |(l, g)| (id, l.as_str(), *g)))
                    .collect();
                insert_servings!(tx, servings);
            }
            sqlx::query(
                "INSERT INTO catalogue_releases (name, foods, loaded_at) VALUES ($1, $2, $3)",
            )
            .bind(release)
            .bind(foods.len() as i64)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>((foods.len() - updated, updated))
        })?;
        let (inserted, updated) = counts;
        for sql in self.branded_dialect().after_load {
            on_write_pool!(self, |pool| sqlx::query(sql)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        Ok(BrandedLoad {
            loaded: true,
            inserted,
            updated,
            total: self.branded_food_count().await?,
        })
    }
}
