//! The operations of NutriNube, the one layer that both front ends (the JSON
//! API in `http/`, the pages in `web/`) call. An operation takes a command as
//! sent (fields still unchecked, see [`Input`]) and the [`Actor`] it acts
//! for, checks every field, applies the rules of `domain/` and reads or
//! writes through `store/`; it answers store records or an [`AppError`],
//! and knows no transport.

mod error;
mod input;

pub mod accounts;
pub mod activity_entries;
pub mod export;
mod food_amounts;
pub mod food_entries;
pub mod foods;
pub mod goals;
pub mod summaries;
pub mod tokens;
pub mod weights;

pub use error::{AppError, AppResult, FieldError};
pub use input::{Check, DATE_YEARS, Input, POSITIVE_MIN, parse_date};
use input::{check_order, check_range};

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::store::Store;

/// The operations, over one store.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    session_days: u32,
    /// Exports being sent: each holds a database connection while its client
    /// downloads, so only some of the pool's may, and the rest serve
    /// everything else however slowly exports are read.
    exports: Arc<Semaphore>,
}

/// The account an operation acts for, as its credentials proved.
#[derive(Clone, Debug)]
pub struct Actor {
    pub account_id: i64,
    /// Hash of the session's secret when signed in by cookie (not by token).
    pub session_hash: Option<String>,
}

impl App {
    pub fn new(store: Store, session_days: u32) -> App {
        let exports = export::exports_at_once(store.max_connections());
        App {
            store,
            session_days,
            exports: Arc::new(Semaphore::new(exports)),
        }
    }

    /// Whether the database answers right now.
    pub async fn database_reachable(&self) -> bool {
        self.store.ping().await.is_ok()
    }

    /// Connections open and idle, for `/metrics`.
    pub fn pool_stats(&self) -> (u32, usize) {
        self.store.pool_stats()
    }
}

/// Today's date in UTC: the diary day when a client gives none.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
