//! The database: one `Store` over PostgreSQL or SQLite.
//!
//! Each query is written once in SQL both engines accept (`$1` placeholders,
//! `RETURNING`, `ON CONFLICT`), and `on_pool!` (reads) or `on_write_pool!`
//! (anything that writes, and every transaction) runs it on the configured
//! backend. Queries are plain strings, checked at run time on both
//! engines by the tests (not at compile time). What differs between the
//! engines (connecting, migration locking, text search, error codes) lives
//! in `postgres.rs` and `sqlite.rs`, each with its own `migrations/`
//! directory. Methods answer store records (plain data, no serde) or a
//! [`StoreError`].
//!
//! Reads and writes are on separate pools because SQLite has one writer: its
//! reads go to a pool of read-only connections (a write sent there fails,
//! so the tests catch it), its writes queue for one connection (sqlx's pool
//! hands it out first come, first served, where ten connections fighting
//! for the file's lock slept in SQLite's busy handler: a write's p99 of
//! 48–95 ms at 16 clients). PostgreSQL has one pool for both.
//!
//! The reads of the hot paths (a diary day, a range's per-day totals,
//! search, recent foods, saved meals, sessions) go through
//! `Store::read_rows`: on SQLite it runs them on rusqlite connections of a
//! blocking pool (`sqlite_readers`), because sqlx's SQLite driver copies
//! every value of every row apart and hands each answer over a channel; on
//! PostgreSQL on sqlx. Their rows are decoded once for both engines, by
//! position (`cells::Cells`).

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sqlx::{PgPool, SqlitePool};

mod accounts;
mod activities;
mod branded;
mod catalogue;
mod cells;
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
mod sqlite_readers;
mod targets;
mod text_enums;
mod tokens;
mod water;
mod weekday_goals;

pub use accounts::{Account, LoginFailures, SessionRecord};
pub use activities::{Activity, ActivityEntry, ActivityEntryInsert};
pub use branded::BrandedLoad;
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

/// Runs `$body` with `$pool` bound to `$pool_value`'s engine's pool; its
/// error becomes a [`StoreError`].
macro_rules! match_pool {
    ($pool_value:expr, |$pool:ident| $body:expr) => {
        match $pool_value {
            $crate::store::Pool::Postgres($pool) => $body,
            $crate::store::Pool::Sqlite($pool) => $body,
        }
        .map_err($crate::store::StoreError::from)
    };
}
pub(crate) use match_pool;

/// Runs `$body` (a query's `sqlx::Result`) with `$pool` bound to the pool
/// for reads; its error becomes a [`StoreError`]. A statement that writes
/// fails there on SQLite: use `on_write_pool!`.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        $crate::store::match_pool!(&$store.reader, |$pool| $body)
    };
}
pub(crate) use on_pool;

/// Runs `$body` with `$pool` bound to the pool for writes (on SQLite its
/// one connection: hold it no longer than the write, and acquire no other
/// connection of it meanwhile); for any statement that writes and every
/// transaction, which begins with `begin_write!`.
macro_rules! on_write_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        $crate::store::match_pool!(&$store.writer, |$pool| $body)
    };
}
pub(crate) use on_write_pool;

/// Begins a write transaction on `$pool` (inside an `on_write_pool!` body):
/// on SQLite `BEGIN IMMEDIATE`, which takes the file's write lock up front
/// (a deferred one that read first could not upgrade to writing if another
/// process wrote meanwhile).
macro_rules! begin_write {
    ($store:expr, $pool:ident) => {
        $pool.begin_with($store.dialect().begin_write).await?
    };
}
pub(crate) use begin_write;

/// Begins, on `$pool` (inside an `on_write_pool!` body), a transaction that
/// holds account `$account_id`'s write lock until it ends: a quota's count
/// and the insert it allows run in it, so that concurrent requests take turns.
macro_rules! begin_for_account {
    ($store:expr, $pool:ident, $account_id:expr) => {{
        let mut tx = $crate::store::begin_write!($store, $pool);
        if let Some(lock) = $store.dialect().lock_account {
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
    /// For reads: on SQLite, read-only connections.
    pub(crate) reader: Pool,
    /// For writes and transactions: on SQLite, one connection; on
    /// PostgreSQL, the reader's pool.
    pub(crate) writer: Pool,
    /// The SQLite file, beside which set-up work takes a file lock.
    sqlite_file: Option<PathBuf>,
    /// On SQLite, the reads of many values (`sqlite_readers`).
    large_reads: Option<std::sync::Arc<sqlite_readers::Readers>>,
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
    /// Opens a transaction that writes (`begin_write!`).
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
    /// Creates the pools without connecting: the process starts and answers
    /// `/health/live` even while the database is still down. At most
    /// `max_connections` connections in all (on SQLite one writer and the
    /// rest readers, at least one).
    pub fn connect_lazy(database_url: &str, max_connections: u32) -> anyhow::Result<Store> {
        if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            let pool = Pool::Postgres(postgres::connect_lazy(database_url, max_connections)?);
            Ok(Store {
                reader: pool.clone(),
                writer: pool,
                sqlite_file: None,
                large_reads: None,
            })
        } else if database_url.starts_with("sqlite:") {
            let pools = sqlite::connect_lazy(database_url, max_connections)?;
            Ok(Store {
                reader: Pool::Sqlite(pools.reader),
                writer: Pool::Sqlite(pools.writer),
                sqlite_file: pools.file,
                large_reads: Some(std::sync::Arc::new(pools.large_reads)),
            })
        } else {
            anyhow::bail!("DATABASE_URL must start with postgres://, postgresql:// or sqlite:")
        }
    }

    /// The SQL and statements that differ between the engines.
    fn dialect(&self) -> &'static Dialect {
        match self.writer {
            Pool::Postgres(_) => &postgres::DIALECT,
            Pool::Sqlite(_) => &sqlite::DIALECT,
        }
    }

    pub fn backend(&self) -> Backend {
        match self.writer {
            Pool::Postgres(_) => Backend::Postgres,
            Pool::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Applies pending migrations. PostgreSQL serialises concurrent runs with
    /// an advisory lock; on SQLite, hold `setup_lock` around this.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.writer {
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

    /// Answers whether the database can be reached right now (for reads: a
    /// ping queued behind the writes would measure them, not the database).
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// The pools, once each (on PostgreSQL the reader is the writer).
    fn pools(&self) -> impl Iterator<Item = &Pool> {
        let writer = match self.writer {
            Pool::Postgres(_) => None,
            Pool::Sqlite(_) => Some(&self.writer),
        };
        std::iter::once(&self.reader).chain(writer)
    }

    /// The most connections the pools open, in all.
    pub fn max_connections(&self) -> u32 {
        self.pools()
            .map(|p| match p {
                Pool::Postgres(pool) => pool.options().get_max_connections(),
                Pool::Sqlite(pool) => pool.options().get_max_connections(),
            })
            .sum()
    }

    /// Connections open and idle, in all, for `/metrics`.
    pub fn pool_stats(&self) -> (u32, usize) {
        self.pools()
            .map(|p| match p {
                Pool::Postgres(pool) => (pool.size(), pool.num_idle()),
                Pool::Sqlite(pool) => (pool.size(), pool.num_idle()),
            })
            .fold((0, 0), |(size, idle), (s, i)| (size + s, idle + i))
    }

    /// Closes the readers, then the writer: SQLite's last connection to close
    /// folds the write-ahead log into the file, which a read-only one cannot.
    pub async fn close(&self) {
        if let Pool::Sqlite(pool) = &self.reader {
            pool.close().await;
        }
        if let Some(readers) = &self.large_reads {
            readers.close();
        }
        if let Some(sql) = self.dialect().before_close
            && let Err(e) = on_write_pool!(self, |pool| sqlx::query(sql)
                .execute(pool)
                .await
                .map(|_| ()))
        {
            tracing::warn!(error = %e, "preparing the database file for closing failed");
        }
        match &self.writer {
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
