//! What the api, web and process test crates share: fresh databases on
//! SQLite and PostgreSQL (`database`, `postgres`), the real application
//! spawned in-process on one of them (`app`), and a private PostgreSQL
//! server for outage tests (`pg_server`). Included from each test crate:
//!
//! ```ignore
//! #[path = "../common/mod.rs"] // from tests/<suite>/main.rs
//! mod common;                  // from tests/<name>.rs
//! ```
//!
//! Every database a test makes is removed when its guard drops: a SQLite
//! one with its temp dir, a PostgreSQL one with `DROP DATABASE … WITH
//! (FORCE)`. The per-process templates they are copied from are removed by
//! the next test process that starts (see `database` and `postgres`).

// Not every suite uses every helper.
#![allow(dead_code)]

pub mod app;
pub mod database;
pub mod pg_server;
pub mod postgres;

/// What a test that needs PostgreSQL says when there is none, whichever
/// part is missing (`TEST_DATABASE_URL`, its server, the server binaries).
pub const NEEDS_POSTGRES: &str = "these tests need PostgreSQL: run them with `bash scripts/test.sh` \
     (it starts a throwaway server and sets TEST_DATABASE_URL and PG_BIN_DIR)";

/// Fails the test with `NEEDS_POSTGRES` and what exactly is missing.
#[track_caller]
pub fn needs_postgres(missing: impl std::fmt::Display) -> ! {
    panic!("{NEEDS_POSTGRES}\n    missing: {missing}")
}
