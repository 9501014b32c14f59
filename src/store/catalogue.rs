//! Loading the bundled food dataset into the shared catalogue.

use super::foods::{insert_servings, search_text};
use super::{Store, StoreResult, now, on_pool};
use crate::domain::food_catalogue::FoodDef;

/// Rows per INSERT: 11 parameters each stays far below both engines' limits.
const BATCH: usize = 400;

impl Store {
    /// Whether this release of a bundled dataset is already loaded.
    pub async fn catalogue_release_loaded(&self, release: &str) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM catalogue_releases WHERE name = $1")
                .bind(release)
                .fetch_one(pool)
                .await
                .map(|n| n > 0)
        })
    }

    /// Loads (or upgrades to) a release of a bundled dataset: shared foods
    /// are inserted or updated by their dataset id, their servings replaced.
    /// Idempotent and safe when replicas start together: the work is one
    /// transaction, serialised by an advisory lock (PostgreSQL) or the write
    /// lock (SQLite; hold `setup_lock` too, or a waiting process may time
    /// out), and skipped when the release is already recorded.
    /// Answers whether this call loaded it.
    pub async fn load_food_catalogue(&self, release: &str, foods: &[FoodDef]) -> StoreResult<bool> {
        if self.catalogue_release_loaded(release).await? {
            return Ok(false);
        }
        let at = now();
        let dialect = self.dialect();
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            if let Some(lock) = dialect.catalogue_lock {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            // Taking the write lock first: an SQLite reader cannot upgrade later.
            sqlx::query("DELETE FROM catalogue_releases WHERE name = $1 AND foods < 0")
                .bind(release)
                .execute(&mut *tx)
                .await?;
            let done: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM catalogue_releases WHERE name = $1")
                    .bind(release)
                    .fetch_one(&mut *tx)
                    .await?;
            if done > 0 {
                return Ok(false);
            }
            let source = release.split('-').next().unwrap_or(release);
            for chunk in foods.chunks(BATCH) {
                let mut sql = String::from(
                    "INSERT INTO foods (account_id, source, source_ref, name, brand, calories,
                         protein_g, fat_g, carbs_g, fibre_g, sugars_g, saturated_fat_g, sodium_mg,
                         created_at, updated_at, search_text) VALUES ",
                );
                for i in 0..chunk.len() {
                    let p = i * 11;
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!(
                        "(NULL, $1, ${}, ${}, NULL, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, $2, $2, ${})",
                        p + 3, p + 4, p + 5, p + 6, p + 7, p + 8, p + 9, p + 10, p + 11, p + 12, p + 13,
                    ));
                }
                sql.push_str(
                    " ON CONFLICT (source, source_ref) WHERE source_ref IS NOT NULL DO UPDATE SET
                         name = excluded.name, calories = excluded.calories,
                         protein_g = excluded.protein_g, fat_g = excluded.fat_g,
                         carbs_g = excluded.carbs_g, fibre_g = excluded.fibre_g,
                         sugars_g = excluded.sugars_g, saturated_fat_g = excluded.saturated_fat_g,
                         sodium_mg = excluded.sodium_mg, updated_at = excluded.updated_at,
                         search_text = excluded.search_text
                     RETURNING id, source_ref",
                );
                // Not kept in the connection's statement cache: these big
                // statements are run once, and cached they held ~13 MiB for
                // the life of the process.
                let mut q = sqlx::query_as::<_, (i64, String)>(&sql)
                    .persistent(false)
                    .bind(source)
                    .bind(at);
                for f in chunk {
                    q = q
                        .bind(&f.usda_id)
                        .bind(&f.name)
                        .bind(f.kcal)
                        .bind(f.protein_g)
                        .bind(f.fat_g)
                        .bind(f.carbs_g)
                        .bind(f.fibre_g)
                        .bind(f.sugars_g)
                        .bind(f.saturated_fat_g)
                        .bind(f.sodium_mg)
                        .bind(search_text(&f.name, None));
                }
                let ids = q.fetch_all(&mut *tx).await?;
                let id_of =
                    |usda_id: &str| ids.iter().find(|(_, r)| r == usda_id).map(|(id, _)| *id);
                let mut servings: Vec<(i64, &str, f64)> = Vec::new();
                for f in chunk {
                    let Some(id) = id_of(&f.usda_id) else {
                        continue;
                    };
                    sqlx::query("DELETE FROM food_servings WHERE food_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    servings.extend(
                        f.measures
                            .iter()
                            .map(|(label, grams)| (id, label.as_str(), *grams)),
                    );
                }
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
            Ok::<_, sqlx::Error>(())
        })?;
        if let Some(sql) = dialect.after_catalogue_load {
            on_pool!(self, |pool| sqlx::query(sql)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        Ok(true)
    }
}
