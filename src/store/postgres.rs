//! PostgreSQL specifics: pool options and migrations.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

pub(super) fn connect_lazy(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        // A request waits at most this long for the database, then gets a 503.
        .acquire_timeout(Duration::from_secs(3))
        .connect_lazy(url)?)
}

pub(super) async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    // sqlx takes a PostgreSQL advisory lock for the run, so replicas starting
    // together apply each migration exactly once.
    sqlx::migrate!("migrations/postgres").run(pool).await?;
    Ok(())
}

/// Error codes that mean the server cannot serve right now: connection
/// exceptions (08…), shutting down or not yet accepting connections (57P…).
pub(super) fn is_unavailable_code(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("08") || c.starts_with("57P"))
}
