//! The two backends' migrations (`migrations/sqlite`, `migrations/postgres`)
//! make the same tables with the same columns, and the same columns may be
//! NULL. Column types are not compared: they differ by design (TEXT dates on
//! SQLite, DATE and TIMESTAMPTZ on PostgreSQL; see the migrations' heads).

use std::collections::{BTreeMap, BTreeSet};

use sqlx::Connection;

use crate::helpers::*;

/// Whether each (table, column) may hold NULL.
type Columns = BTreeMap<(String, String), bool>;

/// Only on SQLite: the food search indexes, FTS5 virtual tables (and their
/// shadow tables `foods_fts_*`, `branded_fts_*`). PostgreSQL's are
/// `POSTGRES_ONLY`'s generated column with GIN indexes (in
/// `*_catalogue_search.sql` and `*_branded_foods.sql`).
const SQLITE_ONLY_TABLES: [&str; 2] = ["foods_fts", "branded_fts"];
/// Only on PostgreSQL: the food search index's tsvector column.
const POSTGRES_ONLY: (&str, &str) = ("foods", "search_vector");
/// sqlx's bookkeeping, on both.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

async fn sqlite_columns(url: &str) -> Columns {
    let mut conn = sqlx::SqliteConnection::connect(url)
        .await
        .expect("opening the SQLite database");
    let rows: Vec<(String, String, i64, i64, String)> = sqlx::query_as(
        r#"SELECT m.name, p.name, p."notnull", p.pk, p.type
             FROM sqlite_master AS m, pragma_table_info(m.name) AS p
            WHERE m.type = 'table'"#,
    )
    .fetch_all(&mut conn)
    .await
    .expect("reading the SQLite schema");
    conn.close().await.unwrap();
    rows.into_iter()
        .filter(|(table, ..)| {
            !table.starts_with("sqlite_") // SQLite's own (sqlite_sequence)
                && table != MIGRATIONS_TABLE
                && !SQLITE_ONLY_TABLES
                    .iter()
                    .any(|t| table == t || table.starts_with(&format!("{t}_")))
        })
        // SQLite reports notnull = 0 for a PRIMARY KEY column not declared
        // NOT NULL; PostgreSQL's keys are NOT NULL. An INTEGER PRIMARY KEY
        // (the rowid) cannot be NULL anyway, so it counts as NOT NULL; any
        // other key would take a NULL on SQLite (its quirk) and must be
        // declared NOT NULL (sessions and catalogue_releases were rebuilt so).
        .map(|(table, column, not_null, pk, kind)| {
            let rowid = pk > 0 && kind.eq_ignore_ascii_case("INTEGER");
            ((table, column), not_null == 0 && !rowid)
        })
        .collect()
}

async fn postgres_columns(url: &str) -> Columns {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .expect("connecting to the PostgreSQL database");
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text
           FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name <> $1",
    )
    .bind(MIGRATIONS_TABLE)
    .fetch_all(&mut conn)
    .await
    .expect("reading the PostgreSQL schema");
    conn.close().await.unwrap();
    rows.into_iter()
        .filter(|(table, column, _)| (table.as_str(), column.as_str()) != POSTGRES_ONLY)
        .map(|(table, column, nullable)| ((table, column), nullable == "YES"))
        .collect()
}

fn tables(columns: &Columns) -> BTreeSet<&str> {
    columns.keys().map(|(table, _)| table.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    crate::common::postgres::require_test_database_url();
    // Databases as `prepare_once` leaves them: all migrations applied.
    let sqlite = TestDatabase::create(Backend::Sqlite).await;
    let postgres = TestDatabase::create(Backend::Postgres).await;
    let on_sqlite = sqlite_columns(&sqlite.url).await;
    let on_postgres = postgres_columns(&postgres.url).await;

    let mut differences = Vec::new();
    let (sqlite_tables, postgres_tables) = (tables(&on_sqlite), tables(&on_postgres));
    for table in sqlite_tables.difference(&postgres_tables) {
        differences.push(format!("table {table}: only on SQLite"));
    }
    for table in postgres_tables.difference(&sqlite_tables) {
        differences.push(format!("table {table}: only on PostgreSQL"));
    }
    let common: BTreeSet<_> = sqlite_tables.intersection(&postgres_tables).collect();
    let columns: BTreeSet<_> = on_sqlite.keys().chain(on_postgres.keys()).collect();
    for key in columns {
        let (table, column) = key;
        if !common.contains(&table.as_str()) {
            continue;
        }
        match (on_sqlite.get(key), on_postgres.get(key)) {
            (Some(_), None) => differences.push(format!("column {table}.{column}: only on SQLite")),
            (None, Some(_)) => {
                differences.push(format!("column {table}.{column}: only on PostgreSQL"))
            }
            (Some(s), Some(p)) if s != p => {
                let says = |nullable: bool| if nullable { "NULL" } else { "NOT NULL" };
                differences.push(format!(
                    "column {table}.{column}: {} on SQLite, {} on PostgreSQL",
                    says(*s),
                    says(*p)
                ));
            }
            _ => {}
        }
    }
    assert!(
        differences.is_empty(),
        "the migrations of the two backends differ:\n  {}",
        differences.join("\n  ")
    );
    assert!(
        on_sqlite.len() > 50 && sqlite_tables.contains("food_entries"),
        "the schema was read: {on_sqlite:?}"
    );
}
