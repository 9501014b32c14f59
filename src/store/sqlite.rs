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
use super::branded::BrandedDialect;

/// The pools of one database: see the module comment of `store`.
pub(super) struct Pools {
    pub(super) reader: SqlitePool,
    pub(super) writer: SqlitePool,
    /// The same readers' reads of many values, on rusqlite.
    pub(super) large_reads: super::sqlite_readers::Readers,
    /// The file, or `None` in memory.
    pub(super) file: Option<PathBuf>,
}

/// Turns off SQLite's count of the memory it holds, before its first
/// connection. The count takes one process-wide mutex on every allocation:
/// catalogue search with the branded foods loaded (16 clients, then 9 reader
/// threads) spent ~20 % of its time in that mutex's futex waits and wakes,
/// most from sqlx copying each column value (`sqlite3_value_dup`).
fn skip_memory_count() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    const SQLITE_CONFIG_MEMSTATUS: std::ffi::c_int = 9;
    unsafe extern "C" {
        fn sqlite3_config(op: std::ffi::c_int, ...) -> std::ffi::c_int;
    }
    ONCE.call_once(|| {
        // SAFETY: MEMSTATUS takes one int; before SQLite is initialised
        // (no connection yet: the pools connect lazily) it only sets a
        // flag, and after it SQLite refuses it (SQLITE_MISUSE), harmlessly.
        unsafe {
            sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int);
        }
    });
}

/// Page cache of each reader connection, in KiB (SQLite's default is
/// 2,000): the file's pages are in the operating system's cache anyway, and
/// the readers' caches (nine then) filled up by search over the branded foods' text
/// index were most of the server's growth under load.
const READER_CACHE_KIB: i64 = 1024;

/// Rows a sqlx reader connection's thread hands over without waiting. The
/// reads of many rows that wanted a large buffer (search candidates, the
/// day, a range) run on rusqlite (`sqlite_readers`); what stays on sqlx and
/// can be long is the export's stream, where 1,024 rows of ~50 columns in
/// flight grew the server by 8–9 MiB in 3 of 8 runs of
/// `hostile::export::exports_stream_in_bounded_memory` (a 22 MiB CSV; its
/// limit is a quarter of that); with 64, at most 2.4 MiB in 6 of 6.
const READER_ROW_BUFFER: usize = 64;

pub(super) fn connect_lazy(url: &str, max_connections: u32) -> anyhow::Result<Pools> {
    skip_memory_count();
    let options = SqliteConnectOptions::from_str(url)?
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    // sqlx names an in-memory database (`sqlite::memory:`) once, here, and
    // opens it in shared-cache mode: the readers' options, cloned from the
    // same value, open the writer's database.
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let target = options.get_filename().to_path_buf();
    let file = options.get_filename();
    let file = (!in_memory && !file.as_os_str().is_empty()).then(|| file.to_path_buf());
    if let Some(dir) = file.as_ref().and_then(|f| f.parent())
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the database directory {}", dir.display()))?;
    }
    let writer = options
        .clone()
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // WAL with NORMAL keeps every committed transaction across a process
        // crash; only an OS crash may lose the last ones.
        .synchronous(SqliteSynchronous::Normal);
    // The journal mode is the file's (the writer sets it); a read-only
    // connection could not.
    let reader = options
        .read_only(true)
        .pragma("cache_size", (-READER_CACHE_KIB).to_string())
        .row_buffer_size(READER_ROW_BUFFER);
    let pool = || {
        SqlitePoolOptions::new()
            .acquire_timeout(Duration::from_secs(5))
            // A connection to a file does not drop; sqlx's check would cost
            // a trip to the connection's thread on every acquire.
            .test_before_acquire(false)
    };
    Ok(Pools {
        // Kept open for the life of the process: an in-memory database lasts
        // while a connection to it does, and a file's write-ahead log is
        // folded in by the last connection to close, which a read-only one
        // cannot do.
        writer: pool()
            .max_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_release(|conn, _| Box::pin(async move { Ok(!in_transaction(conn).await?) }))
            .connect_lazy_with(writer),
        reader: pool()
            .max_connections(readers(max_connections))
            .connect_lazy_with(reader),
        large_reads: super::sqlite_readers::Readers::new(
            target,
            in_memory,
            readers(max_connections),
            READER_CACHE_KIB,
        ),
        file,
    })
}

/// Whether the connection is inside a transaction, as SQLite itself tells.
///
/// A write whose request is dropped (its client went away) while sqlx waits
/// for `BEGIN IMMEDIATE` to be acknowledged can leave the connection in that
/// transaction with no `Transaction` to end it; every later `begin_with`
/// then fails ("non-zero transaction depth"), and with one writer that is
/// every write: the load benchmark saw all food-entry posts answered 500
/// after its warm-up's connections closed. The writer's pool closes such a
/// connection when it comes back (closing rolls the transaction back) and
/// opens a fresh one.
async fn in_transaction(conn: &mut sqlx::SqliteConnection) -> Result<bool, sqlx::Error> {
    unsafe extern "C" {
        fn sqlite3_get_autocommit(db: *mut std::ffi::c_void) -> std::ffi::c_int;
    }
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is locked for us, open, and only read.
    let autocommit = unsafe { sqlite3_get_autocommit(handle.as_raw_handle().as_ptr().cast()) };
    Ok(autocommit == 0)
}

/// How many connections read at once: the pool size less the writer, but
/// at most twice the cores (four at least). A read runs in this process on
/// its connection's own thread, so more readers than that only add threads
/// to switch between and one page cache and statement cache each: on two
/// cores, 9 readers gave 84 MiB peak and 4 gave 61 MiB, and more requests a
/// second (issue 17's benchmark).
fn readers(max_connections: u32) -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = u32::try_from(cores.saturating_mul(2))
        .unwrap_or(u32::MAX)
        .max(4);
    max_connections.saturating_sub(1).clamp(1, cap)
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

pub(super) const BRANDED: BrandedDialect = BrandedDialect {
    // FTS5 hands out matches in rowid (food id) order and a LIMIT stops it.
    matching: "FROM branded_fts JOIN foods f ON f.id = branded_fts.rowid
                 WHERE branded_fts MATCH $2",
    // The index's segments merged into one, for reads.
    after_load: &["INSERT INTO branded_fts (branded_fts) VALUES ('optimize')"],
};

#[cfg(test)]
mod tests {
    use super::super::{Pool, Store, on_pool, on_write_pool};

    use crate::store::cells::Param;
    use crate::store::{StoreError, StoreResult};

    const INSERT: &str = "INSERT INTO accounts (username, password_hash, created_at)
                          VALUES ($1, 'x', '2026-12-03T00:00:00Z')";
    const COUNT: &str = "SELECT COUNT(*) FROM accounts WHERE username = $1";

    async fn migrated(url: &str) -> Store {
        let store = Store::connect_lazy(url, 4).unwrap();
        store.migrate().await.unwrap();
        store
    }

    /// Writes a row on the writer and answers how many the readers see.
    async fn write_then_count(store: &Store, username: &str) -> i64 {
        on_write_pool!(store, |pool| sqlx::query(INSERT)
            .bind(username)
            .execute(pool)
            .await
            .map(|_| ()))
        .unwrap();
        on_pool!(store, |pool| sqlx::query_scalar(COUNT)
            .bind(username)
            .fetch_one(pool)
            .await)
        .unwrap()
    }

    #[tokio::test]
    async fn a_write_sent_to_the_readers_fails_and_the_writer_takes_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = migrated(&format!("sqlite://{}", dir.path().join("t.db").display())).await;
        let refused = on_pool!(store, |pool| sqlx::query(INSERT)
            .bind("misrouted")
            .execute(pool)
            .await
            .map(|_| ()));
        let Err(super::super::StoreError::Other(e)) = &refused else {
            panic!("a write on a reader: {refused:?}");
        };
        let Some(sqlx::Error::Database(e)) = e.downcast_ref::<sqlx::Error>() else {
            panic!("a write on a reader: {refused:?}");
        };
        // SQLITE_READONLY: a programming error, not "unavailable".
        assert_eq!(e.code().as_deref(), Some("8"), "{e}");
        assert_eq!(write_then_count(&store, "routed").await, 1);
        assert_eq!(store.max_connections(), 4, "3 readers and the writer");
        store.close().await;
        assert!(
            !dir.path().join("t.db-wal").exists(),
            "the writer, closed last, folds the log into the file"
        );
    }

    #[tokio::test]
    async fn an_in_memory_database_is_one_database_for_readers_and_writer() {
        let store = migrated("sqlite::memory:").await;
        assert_eq!(write_then_count(&store, "remembered").await, 1);
        // The readers' first connection opened after the write; a second one
        // (the first is busy) sees it too.
        let Pool::Sqlite(readers) = &store.reader else {
            unreachable!()
        };
        let (a, b) = tokio::join!(readers.acquire(), readers.acquire());
        let (mut a, mut b) = (a.unwrap(), b.unwrap());
        for conn in [&mut a, &mut b] {
            let n: i64 = sqlx::query_scalar(COUNT)
                .bind("remembered")
                .fetch_one(&mut **conn)
                .await
                .unwrap();
            assert_eq!(n, 1);
        }
        // Another in-memory store is another database.
        let other = migrated("sqlite::memory:").await;
        assert_eq!(write_then_count(&other, "elsewhere").await, 1);
        let n: i64 = on_pool!(other, |pool| sqlx::query_scalar(COUNT)
            .bind("remembered")
            .fetch_one(pool)
            .await)
        .unwrap();
        assert_eq!(n, 0);
    }

    /// Counts through the large readers (rusqlite).
    async fn large_count(store: &Store, username: &str) -> StoreResult<i64> {
        let rows = store
            .read_rows(
                COUNT.into(),
                vec![Param::Text(username.to_owned())],
                |row| row.int(0),
            )
            .await?;
        Ok(rows[0])
    }

    #[tokio::test]
    async fn the_large_readers_read_the_writers_rows_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let file = format!("sqlite://{}", dir.path().join("t.db").display());
        for url in [file.as_str(), "sqlite::memory:"] {
            let store = migrated(url).await;
            assert_eq!(large_count(&store, "seen").await.unwrap(), 0, "{url}");
            assert_eq!(write_then_count(&store, "seen").await, 1, "{url}");
            assert_eq!(large_count(&store, "seen").await.unwrap(), 1, "{url}");
            let refused = store
                .read_rows(
                    INSERT.into(),
                    vec![Param::Text("misrouted".to_owned())],
                    |row| row.int(0),
                )
                .await;
            assert!(
                matches!(refused, Err(StoreError::Other(_))),
                "{url}: {refused:?}"
            );
            assert_eq!(large_count(&store, "misrouted").await.unwrap(), 0, "{url}");
            store.close().await;
            let closed = large_count(&store, "seen").await;
            assert!(
                matches!(closed, Err(StoreError::Unavailable(_))),
                "{url}: the large readers close with the store: {closed:?}"
            );
        }
    }
}
