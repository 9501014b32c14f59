//! Loading the bundled food dataset into the shared catalogue.

use super::details::DETAIL_COLUMNS;
use super::foods::{insert_servings, placeholders, positional};
use super::{Store, StoreResult, begin_write, now, on_pool, on_write_pool};
use crate::domain::food_catalogue::FoodDef;
use crate::domain::nutrients::DETAIL_KEYS;

/// Parameters of one row: source, dataset id, name, the four core values,
/// every detail, release, created and updated time, search text; each once
/// and in order (bound by `bind_catalogue_row!`), so that SQLite takes them
/// as anonymous ones (`foods::positional`).
const PARAMETERS_PER_ROW: usize = 11 + DETAIL_KEYS.len();
/// Rows per INSERT: 200 × 42 = 8,400 parameters, a quarter of SQLite's
/// limit (32,766; PostgreSQL's is 65,535) and statements of a size the
/// engines parse quickly.
pub(super) const BATCH: usize = 200;
const _: () = assert!(BATCH * PARAMETERS_PER_ROW <= 32_766);

/// Inserts `rows` shared foods, or updates them by (source, dataset id):
/// [`PARAMETERS_PER_ROW`] per row, bound by `bind_catalogue_row!`.
pub(super) fn upsert_sql(rows: usize) -> String {
    let mut sql = format!(
        "INSERT INTO foods (account_id, source, source_ref, name, brand, calories,
             protein_g, fat_g, carbs_g, {}, catalogue_release, created_at, updated_at,
             search_text) VALUES ",
        *DETAIL_COLUMNS
    );
    for i in 0..rows {
        let p = 1 + i * PARAMETERS_PER_ROW;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(NULL, {}, NULL, {}, {})",
            placeholders(p, 3),
            placeholders(p + 3, 4),
            placeholders(p + 7, DETAIL_KEYS.len() + 4),
        ));
    }
    let details: Vec<String> = DETAIL_KEYS
        .iter()
        .map(|k| format!("{k} = excluded.{k}"))
        .collect();
    sql.push_str(&format!(
        " ON CONFLICT (source, source_ref) WHERE source_ref IS NOT NULL DO UPDATE SET
             name = excluded.name, calories = excluded.calories,
             protein_g = excluded.protein_g, fat_g = excluded.fat_g,
             carbs_g = excluded.carbs_g, {},
             catalogue_release = excluded.catalogue_release,
             updated_at = excluded.updated_at, search_text = excluded.search_text
         RETURNING id, source_ref",
        details.join(", ")
    ));
    sql
}

/// Binds one row of [`upsert_sql`]: `$source`, `$release` and `$at` (the
/// time) are the same for every row, the rest the food's: dataset id,
/// name, kcal, protein, fat, carbs (grams per 100 g), details.
macro_rules! bind_catalogue_row {
    ($q:expr, $source:expr, $release:expr, $at:expr, $key:expr, $name:expr,
     $kcal:expr, $protein:expr, $fat:expr, $carbs:expr, $details:expr) => {
        $crate::store::details::bind_details!(
            $q.bind($source)
                .bind($key)
                .bind($name)
                .bind($kcal)
                .bind($protein)
                .bind($fat)
                .bind($carbs),
            $details
        )
        .bind($release)
        .bind($at)
        .bind($at)
        .bind($crate::store::foods::search_text($name, None))
    };
}
pub(super) use bind_catalogue_row;

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
    /// are inserted or updated by their dataset id (keeping their row id),
    /// their servings replaced, each marked with `release`; foods of an
    /// earlier release that this one lacks are left as they are, still
    /// marked with theirs. Food entries are never touched.
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
        on_write_pool!(self, |pool| {
            let mut tx = begin_write!(self, pool);
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
                let sql = positional(&tx, upsert_sql(chunk.len()));
                // Not kept in the connection's statement cache: these big
                // statements are run once, and cached they held ~13 MiB for
                // the life of the process.
                let mut q = sqlx::query_as::<_, (i64, String)>(&sql).persistent(false);
                for f in chunk {
                    q = bind_catalogue_row!(
                        q,
                        source,
                        release,
                        at,
                        &f.usda_id,
                        &f.name,
                        f.kcal,
                        f.protein_g,
                        f.fat_g,
                        f.carbs_g,
                        f.details
                    );
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
            on_write_pool!(self, |pool| sqlx::query(sql)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_parameter_of_the_upsert_appears_once_in_order() {
        let sql = upsert_sql(3);
        let numbers: Vec<usize> = sql
            .split('$')
            .skip(1)
            .map(|s| {
                s.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(numbers, (1..=3 * PARAMETERS_PER_ROW).collect::<Vec<_>>());
    }
}
