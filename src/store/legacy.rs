//! Reading the Flask predecessor's database (data.md §2; tables `user`,
//! `food_log`, `fitness_log` as its `models.py` defines them), and creating
//! the accounts moved from it.

use sqlx::postgres::PgPoolOptions;

use super::accounts::ACCOUNT_COLUMNS;
use super::{Account, Store, StoreError, StoreResult, StoredSettings, now, on_write_pool};

/// A row of the predecessor's `user` table.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LegacyUser {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub calorie_goal: Option<i64>,
    pub protein_goal: Option<i64>,
    pub fat_goal: Option<i64>,
    pub carbs_goal: Option<i64>,
}

/// A row of `food_log` (integer nutrients, the date as text).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LegacyFood {
    pub id: i64,
    pub user_id: i64,
    pub date: String,
    pub food: Option<String>,
    pub calories: Option<i64>,
    pub protein: Option<i64>,
    pub fat: Option<i64>,
    pub carbs: Option<i64>,
}

/// A row of `fitness_log` (no duration).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LegacyFitness {
    pub id: i64,
    pub user_id: i64,
    pub date: String,
    pub exercise: Option<String>,
    pub kcal_burned: Option<i64>,
}

/// Everything the predecessor's database holds that moves.
#[derive(Clone, Debug, Default)]
pub struct LegacyData {
    pub users: Vec<LegacyUser>,
    pub food: Vec<LegacyFood>,
    pub fitness: Vec<LegacyFitness>,
}

/// Reads the predecessor's database at `url` (PostgreSQL), read-only, in
/// one snapshot.
pub async fn read_legacy(url: &str) -> anyhow::Result<LegacyData> {
    use anyhow::Context;
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .context("connecting to the predecessor's database")?;
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    let users = sqlx::query_as::<_, LegacyUser>(
        "SELECT id::BIGINT AS id, username, password_hash,
                calorie_goal::BIGINT AS calorie_goal, protein_goal::BIGINT AS protein_goal,
                fat_goal::BIGINT AS fat_goal, carbs_goal::BIGINT AS carbs_goal
         FROM \"user\" ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await
    .context("reading the predecessor's table \"user\"")?;
    let food = sqlx::query_as::<_, LegacyFood>(
        "SELECT id::BIGINT AS id, user_id::BIGINT AS user_id, date, food,
                calories::BIGINT AS calories, protein::BIGINT AS protein,
                fat::BIGINT AS fat, carbs::BIGINT AS carbs
         FROM food_log ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await
    .context("reading the predecessor's table food_log")?;
    let fitness = sqlx::query_as::<_, LegacyFitness>(
        "SELECT id::BIGINT AS id, user_id::BIGINT AS user_id, date, exercise,
                kcal_burned::BIGINT AS kcal_burned
         FROM fitness_log ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await
    .context("reading the predecessor's table fitness_log")?;
    tx.rollback().await?;
    pool.close().await;
    Ok(LegacyData {
        users,
        food,
        fitness,
    })
}

impl Store {
    /// Creates an account moved from the predecessor: its Werkzeug hash kept
    /// (`password_hash` the marker no password verifies) and its old id
    /// remembered; `None` when the username is taken.
    pub async fn create_legacy_account(
        &self,
        username: &str,
        legacy_hash: &str,
        legacy_user_id: i64,
        settings: &StoredSettings,
    ) -> StoreResult<Option<Account>> {
        let result = on_write_pool!(self, |pool| {
            sqlx::query_as::<_, Account>(&format!(
                "INSERT INTO accounts (username, password_hash, legacy_password_hash,
                                       legacy_user_id, created_at, time_zone, language,
                                       energy_unit, weight_unit, length_unit)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 RETURNING {ACCOUNT_COLUMNS}"
            ))
            .bind(username)
            .bind(LEGACY_PASSWORD_MARKER)
            .bind(legacy_hash)
            .bind(legacy_user_id)
            .bind(now())
            .bind(&settings.time_zone)
            .bind(settings.language)
            .bind(settings.energy_unit)
            .bind(settings.weight_unit)
            .bind(settings.length_unit)
            .fetch_one(pool)
            .await
        });
        match result {
            Ok(account) => Ok(Some(account)),
            Err(StoreError::Unique(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// What `password_hash` holds while the predecessor's hash is kept: not a
/// PHC string, so no password verifies against it.
pub const LEGACY_PASSWORD_MARKER: &str = "!legacy";
