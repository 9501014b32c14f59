//! Attack tests (spec hardening.md): each sends what a hostile or broken
//! client would to the compiled binary, run as a child process on SQLite
//! and on PostgreSQL, checks the answer, and then checks that the server is
//! unharmed: its memory, the size of `/metrics`, and a bystander account's
//! login and daily summary (see `target`).

mod amounts;
mod api;
#[path = "../common/mod.rs"]
mod common;
mod connections;
mod export;
#[allow(dead_code)]
#[path = "../process/harness.rs"]
mod harness;
mod logins;
mod metrics;
mod quotas;
mod search;
mod sessions;
mod startup;
#[allow(dead_code)]
mod target;

/// Runs each named `async fn(Backend)` once per backend, as
/// `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::database::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::common::postgres::require_test_database_url();
                    super::$name($crate::common::database::Backend::Postgres).await
                }
            )*
        }
    };
}
