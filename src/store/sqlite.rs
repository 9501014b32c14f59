//! SQLite specifics: the file, pool options, migrations, its SQL where the
//! engines differ, and the result codes that mean "unavailable".

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::Dialect;

pub(super) fn connect_lazy(
    url: &str,
    max_connections: u32,
) -> anyhow::Result<(SqlitePool, Option<PathBuf>)> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL with NORMAL keeps every committed transaction across a process
        // crash; only an OS crash may lose the last ones.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let file = options.get_filename();
    let file =
        (file != Path::new(":memory:") && !file.as_os_str().is_empty()).then(|| file.to_path_buf());
    if let Some(dir) = file.as_ref().and_then(|f| f.parent())
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the database directory {}", dir.display()))?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(options);
    Ok((pool, file))
}

/// Applies migrations; sqlx's SQLite migrator takes no lock of its own, so
/// callers hold `setup_lock`.
pub(super) async fn migrate(pool: &SqlitePool) -> anyhow::Result<()> {
    sqlx::migrate!("migrations/sqlite").run(pool).await?;
    Ok(())
}

/// An exclusive lock on a file beside the database, held while a process
/// migrates and loads the bundled catalogues, so that processes starting
/// together take turns instead of failing on SQLite's busy timeout.
pub(super) async fn setup_lock(db: Option<&Path>) -> std::io::Result<Option<File>> {
    let Some(db) = db else {
        return Ok(None);
    };
    let mut path = db.as_os_str().to_owned();
    path.push(".setup-lock");
    let path = PathBuf::from(path);
    tokio::task::spawn_blocking(move || {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        file.lock()?;
        Ok(Some(file))
    })
    .await?
}

/// Result codes that mean the file is busy or locked past the busy timeout
/// (SQLITE_BUSY 5, SQLITE_LOCKED 6, SQLITE_BUSY_SNAPSHOT 517).
pub(super) fn is_unavailable_code(code: Option<&str>) -> bool {
    matches!(code, Some("5" | "6" | "517"))
}

pub(super) const DIALECT: Dialect = Dialect {
    matching_foods: "FROM foods_fts JOIN foods f ON f.id = foods_fts.rowid
                     WHERE foods_fts MATCH $2 AND (f.account_id IS NULL OR f.account_id = $1)",
    prefix_term: |t| format!("\"{t}\"*"),
    and: " AND ",
    or: " OR ",
    begin_write: "BEGIN IMMEDIATE",
    lock_account: None,
    catalogue_lock: None,
    after_catalogue_load: None,
    // The write-ahead log into the main file, so that the file alone is the
    // whole database (for a copy or a backup) and no -wal file is left
    // behind, even if a connection is still open.
    before_close: Some("PRAGMA wal_checkpoint(TRUNCATE)"),
};
