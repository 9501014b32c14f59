//! The operations of NutriNube, the one layer that both front ends (the JSON
//! API in `http/`, the pages in `web/`) call. An operation takes a command as
//! sent (fields still unchecked, see [`Input`]) and the [`Actor`] it acts
//! for, checks every field, applies the rules of `domain/` and reads or
//! writes through `store/`; it answers store records or an [`AppError`],
//! and knows no transport.

mod details;
mod error;
mod input;

pub mod accounts;
pub mod activity_entries;
pub mod branded;
pub mod energy;
pub mod export;
mod food_amounts;
pub mod food_entries;
pub mod foods;
pub mod goals;
pub mod health_data;
pub mod idempotency;
mod import_account;
pub mod imports;
pub mod legacy;
pub mod measurements;
pub mod recipes;
pub mod saved_meals;
pub mod settings;
pub mod shares;
pub mod summaries;
pub mod targets;
pub mod tokens;
pub mod water;
pub mod weights;

pub use details::DetailFields;
pub use error::{AppError, AppResult, FieldError, RateLimit};
pub use input::{Check, DATE_YEARS, Input, Measure, POSITIVE_MIN, parse_date};
use input::{check_order, check_range};

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::store::Store;

/// The operations, over one store.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    limits: Limits,
    clock: settings::Clock,
    /// Exports being sent: each holds a database connection while its client
    /// downloads, so only some of the pool's may, and the rest serve
    /// everything else however slowly exports are read.
    exports: Arc<Semaphore>,
    /// Imports being read: each holds a file and a blocking thread.
    imports: Arc<Semaphore>,
    /// Accounts with an import running in this process: one at a time each.
    importing: imports::Importing,
}

/// What the operator configures about sessions and registrations.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Days a session lasts at most.
    pub session_days: u32,
    /// Days a session lasts without use.
    pub session_idle_days: u32,
    /// Accounts one client address may register per hour; 0: no limit.
    pub register_per_hour: u32,
}

impl Default for Limits {
    /// The configuration's defaults.
    fn default() -> Limits {
        Limits {
            session_days: 30,
            session_idle_days: 7,
            register_per_hour: 10,
        }
    }
}

/// The account an operation acts for, as its credentials proved.
#[derive(Clone, Debug)]
pub struct Actor {
    pub account_id: i64,
    /// Hash of the session's secret when signed in by cookie (not by token).
    pub session_hash: Option<String>,
    /// What the credentials may do: `Full` for a session.
    pub scope: TokenScope,
}

/// What an API token may do (data.md §4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenScope {
    /// Everything a session may.
    #[default]
    Full,
    /// Only reading: GET and HEAD.
    Read,
    /// Only pushing health data (`POST /api/v1/health-data`).
    Health,
}

/// The one request a `health` token may make.
pub const HEALTH_PUSH: (&str, &str) = ("POST", "/api/v1/health-data");

impl TokenScope {
    pub const ALL: [TokenScope; 3] = [TokenScope::Full, TokenScope::Read, TokenScope::Health];

    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Full => "full",
            TokenScope::Read => "read",
            TokenScope::Health => "health",
        }
    }

    pub fn parse(raw: &str) -> Option<TokenScope> {
        match raw {
            "full" => Some(TokenScope::Full),
            "read" => Some(TokenScope::Read),
            "health" => Some(TokenScope::Health),
            _ => None,
        }
    }

    /// Whether a request of `method` to `path` (the whole path, from
    /// `/api/v1/`) is within the scope.
    pub fn allows(self, method: &str, path: &str) -> bool {
        match self {
            TokenScope::Full => true,
            TokenScope::Read => method == "GET" || method == "HEAD",
            TokenScope::Health => {
                method == HEALTH_PUSH.0 && path.trim_end_matches('/') == HEALTH_PUSH.1
            }
        }
    }
}

impl App {
    pub fn new(store: Store, limits: Limits) -> App {
        let exports = export::exports_at_once(store.max_connections());
        App {
            store,
            limits,
            clock: settings::Clock::System,
            exports: Arc::new(Semaphore::new(exports)),
            imports: Arc::new(Semaphore::new(imports::IMPORTS_AT_ONCE)),
            importing: imports::Importing::default(),
        }
    }

    /// The same operations with "now" from `clock` (for tests of dates).
    pub fn with_clock(self, clock: settings::Clock) -> App {
        App { clock, ..self }
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
