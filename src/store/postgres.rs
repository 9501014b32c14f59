//! PostgreSQL specifics: pool options, migrations, its SQL where the
//! engines differ, and the error codes that mean "unavailable".

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::Dialect;
use super::branded::BrandedDialect;

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
/// exceptions (08…), terminated by an administrator, shutting down or not
/// yet accepting connections (57P…), and a write refused as read-only
/// (25006), which is what a primary demoted in a fail-over answers.
pub(super) fn is_unavailable_code(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c == "25006")
}

pub(super) const DIALECT: Dialect = Dialect {
    // The branded foods have an index of their own (`BRANDED`): this
    // clause is the predicate of the partial index `foods_search`.
    matching_foods: "FROM foods f WHERE f.search_vector @@ to_tsquery('simple', $2)
                       AND f.source <> 'fdc-branded'
                       AND (f.account_id IS NULL OR f.account_id = $1)",
    prefix_term: |t| format!("{t}:*"),
    and: " & ",
    or: " | ",
    begin_write: "BEGIN",
    lock_account: Some("SELECT id FROM accounts WHERE id = $1 FOR UPDATE"),
    // Replicas loading the catalogue at once take turns (SQLite has one
    // writer anyway).
    catalogue_lock: Some("SELECT pg_advisory_xact_lock(7262021)"),
    // Fresh statistics, or the planner guesses badly for search.
    after_catalogue_load: Some("ANALYZE foods, food_servings"),
    before_close: None,
};

pub(super) const BRANDED: BrandedDialect = BrandedDialect {
    // The predicate of the partial index `foods_search_branded`. With no
    // ORDER BY, a LIMIT stops the heap scan early; rows come in the table's
    // order, which is the load's (plainest name first) but for rows updated
    // since, a heuristic only ranking relies on.
    matching: "FROM foods f WHERE f.search_vector @@ to_tsquery('simple', $2)
                 AND f.source = 'fdc-branded'",
    after_load: &[
        "SELECT gin_clean_pending_list('foods_search_branded')",
        "ANALYZE foods, food_servings",
    ],
};

#[cfg(test)]
mod tests {
    use super::is_unavailable_code;

    #[test]
    fn fail_over_errors_are_unavailability_and_others_are_not() {
        for code in ["08006", "08001", "57P01", "57P02", "57P03", "25006"] {
            assert!(is_unavailable_code(Some(code)), "{code}");
        }
        for code in ["23505", "22003", "40001", "42P01", "25P02"] {
            assert!(!is_unavailable_code(Some(code)), "{code}");
        }
        assert!(!is_unavailable_code(None));
    }
}
