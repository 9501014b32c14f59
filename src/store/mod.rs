//! The database: one `Store` over PostgreSQL or SQLite.
//!
//! Each query is written once in SQL both engines accept (`$1` placeholders,
//! `RETURNING`, `ON CONFLICT`), and `on_pool!` runs it on whichever pool is
//! configured. Queries are plain strings, checked at run time on both
//! engines by the tests (not at compile time). What differs between the
//! engines (connecting, migration locking, text search, error codes) lives
//! in `postgres.rs` and `sqlite.rs`, each with its own `migrations/`
//! directory. Methods answer store records (plain data, no serde) or a
//! [`StoreError`].

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sqlx::{PgPool, SqlitePool};

mod accounts;
mod activities;
mod catalogue;
mod day;
mod details;
mod entries;
mod error;
mod export;
mod foods;
mod idempotency;
mod imports;
mod intake;
pub mod legacy;
mod measurements;
mod owned;
mod postgres;
mod profile;
mod recent;
mod recipes;
mod saved_meals;
mod search;
mod settings;
mod shares;
mod sqlite;
mod targets;
mod text_enums;
mod tokens;
mod water;
mod weekday_goals;

pub use accounts::{Account, LoginFailures, SessionRecord};
pub use activities::{Activity, ActivityEntry, ActivityEntryInsert};
pub use day::Day;
pub use entries::{FoodEntry, FoodEntryInsert};
pub use error::{StoreError, StoreResult};
pub use export::{DiaryRecord, RowStream, Rows};
pub use foods::{Food, FoodInput, Serving};
pub use idempotency::{Claim, StoredResponse};
pub use imports::{ImportRecord, ImportWrite, KeyedWrite, Repeat, Written};
pub use measurements::Measurement;
pub use profile::{Profile, Weight};
pub use recent::RecentFood;
pub use recipes::{Ingredient, IngredientWrite, RECIPE_SOURCE, Recipe, RecipeWrite};
pub use saved_meals::{ItemFood, SavedMeal, SavedMealItem, SavedMealItemInsert};
pub use search::FoodCandidate;
pub use settings::StoredSettings;
pub use shares::ShareLink;
pub use targets::{TargetChange, TargetOverride};
pub use tokens::ApiToken;
pub use water::WaterEntry;

/// Runs `$body` (a query's `sqlx::Result`) with `$pool` bound to the
/// configured backend's pool; its error becomes a [`StoreError`].
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            $crate::store::Pool::Postgres($pool) => $body,
            $crate::store::Pool::Sqlite($pool) => $body,
        }
        .map_err($crate::store::StoreError::from)
    };
}
pub(crate) use on_pool;

/// Begins, on `$pool` (inside an `on_pool!` body), a transaction that holds
/// account `$account_id`'s write lock until it ends: a quota's count and the
/// insert it allows run in it, so that concurrent requests take turns.
macro_rules! begin_for_account {
    ($store:expr, $pool:ident, $account_id:expr) => {{
        let dialect = $store.dialect();
        let mut tx = $pool.begin_with(dialect.begin_write).await?;
        if let Some(lock) = dialect.lock_account {
            sqlx::query(lock)
                .bind($account_id)
                .execute(&mut *tx)
                .await?;
        }
        tx
    }};
}
pub(crate) use begin_for_account;

#[derive(Clone, Debug)]
pub enum Pool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: Pool,
    /// The SQLite file, beside which set-up work takes a file lock.
    sqlite_file: Option<PathBuf>,
}

/// Where the engines' SQL differs: one value in `postgres.rs`, one in
/// `sqlite.rs`.
pub(crate) struct Dialect {
    /// `FROM … WHERE …` of the foods visible to account `$1` whose search
    /// text matches the full-text query `$2`, driven by the text index.
    matching_foods: &'static str,
    /// The full-text query term for words starting with a folded word.
    prefix_term: fn(&str) -> String,
    /// How full-text terms are joined: all of them, or any.
    and: &'static str,
    or: &'static str,
    /// Opens a transaction that writes: SQLite's `BEGIN IMMEDIATE` takes the
    /// one write lock up front (a deferred one that reads first could not
    /// upgrade to writing if another wrote meanwhile).
    begin_write: &'static str,
    /// Run first in such a transaction with the account id as `$1`, to
    /// serialise it with the account's other writes that check a quota;
    /// SQLite needs none (its write lock serialises every writer).
    lock_account: Option<&'static str>,
    /// Run first in the transaction that loads the bundled catalogue.
    catalogue_lock: Option<&'static str>,
    /// Run once the catalogue is loaded.
    after_catalogue_load: Option<&'static str>,
    /// Run before the pool closes.
    before_close: Option<&'static str>,
}

/// The database backend chosen by `DATABASE_URL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Store {
    /// Creates the pool without connecting: the process starts and answers
    /// `/health/live` even while the database is still down.
    pub fn connect_lazy(database_url: &str, max_connections: u32) -> anyhow::Result<Store> {
        if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            Ok(Store {
                pool: Pool::Postgres(postgres::connect_lazy(database_url, max_connections)?),
                sqlite_file: None,
            })
        } else if database_url.starts_with("sqlite:") {
            let (pool, file) = sqlite::connect_lazy(database_url, max_connections)?;
            Ok(Store {
                pool: Pool::Sqlite(pool),
                sqlite_file: file,
            })
        } else {
            anyhow::bail!("DATABASE_URL must start with postgres://, postgresql:// or sqlite:")
        }
    }

    /// The SQL and statements that differ between the engines.
    fn dialect(&self) -> &'static Dialect {
        match self.pool {
            Pool::Postgres(_) => &postgres::DIALECT,
            Pool::Sqlite(_) => &sqlite::DIALECT,
        }
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Postgres(_) => Backend::Postgres,
            Pool::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Applies pending migrations. PostgreSQL serialises concurrent runs with
    /// an advisory lock; on SQLite, hold `setup_lock` around this.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Postgres(pool) => postgres::migrate(pool).await,
            Pool::Sqlite(pool) => sqlite::migrate(pool).await,
        }
    }

    /// Serialises set-up work (migrations, catalogue loading) across processes
    /// on one SQLite file, until the returned guard drops; PostgreSQL needs no
    /// file (it has advisory locks).
    pub async fn setup_lock(&self) -> std::io::Result<Option<std::fs::File>> {
        sqlite::setup_lock(self.sqlite_file.as_deref()).await
    }

    /// Answers whether the database can be reached right now.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// The most connections the pool opens.
    pub fn max_connections(&self) -> u32 {
        match &self.pool {
            Pool::Postgres(pool) => pool.options().get_max_connections(),
            Pool::Sqlite(pool) => pool.options().get_max_connections(),
        }
    }

    /// Connections open and idle, for `/metrics`.
    pub fn pool_stats(&self) -> (u32, usize) {
        match &self.pool {
            Pool::Postgres(pool) => (pool.size(), pool.num_idle()),
            Pool::Sqlite(pool) => (pool.size(), pool.num_idle()),
        }
    }

    pub async fn close(&self) {
        if let Some(sql) = self.dialect().before_close
            && let Err(e) = on_pool!(self, |pool| sqlx::query(sql)
                .execute(pool)
                .await
                .map(|_| ()))
        {
            tracing::warn!(error = %e, "preparing the database file for closing failed");
        }
        match &self.pool {
            Pool::Postgres(pool) => pool.close().await,
            Pool::Sqlite(pool) => pool.close().await,
        }
    }
}

/// Bounds that include every diary date (both engines compare these correctly;
/// chrono's own extremes are outside PostgreSQL's range).
pub const ALL_DATES: (NaiveDate, NaiveDate) = (
    NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
);

/// The current time at the precision both databases keep.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
