//! SQLite reads of the hot paths, on rusqlite connections of a blocking
//! pool.
//!
//! sqlx's SQLite driver copies every column value of every row
//! (`sqlite3_value_dup` and an `Arc`: two allocations each) on its
//! connection's thread and hands the rows over a channel. For a 366-day
//! range (367 rows of 62 columns) that took 8.5 ms a query, against 1.2 ms
//! with rusqlite reading each value in place from the statement (one
//! thread, the same file, the same statement: README, Benchmarks). The reads
//! of the hot paths run here, in `spawn_blocking`, each on a connection of
//! its own; the writes and the other reads stay on sqlx.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::SecondsFormat;
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{Connection, OpenFlags, ToSql};
use tokio::sync::Semaphore;

use super::cells::{Cells, Param};
use super::{StoreError, StoreResult};

/// How long a read waits for a connection before the database counts as
/// unavailable, as sqlx's pools do.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Read-only connections to one database, opened on first use and kept.
pub(crate) struct Readers {
    /// The file, or sqlx's name of a shared in-memory database.
    target: PathBuf,
    in_memory: bool,
    cache_kib: i64,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers")
            .field("target", &self.target)
            .field("available", &self.permits.available_permits())
            .finish()
    }
}

impl Readers {
    pub(super) fn new(target: PathBuf, in_memory: bool, size: u32, cache_kib: i64) -> Readers {
        Readers {
            target,
            in_memory,
            cache_kib,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(size as usize)),
        }
    }

    /// Runs `read` on a connection of the pool, on tokio's blocking
    /// threads. A request dropped meanwhile leaves the read to finish and
    /// its connection to come back.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, read: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let permit = tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| StoreError::Unavailable("no SQLite reader came free in time".into()))?
            .map_err(|e| StoreError::Unavailable(e.into()))?;
        let readers = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let idle = readers.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let conn = match idle {
                Some(conn) => conn,
                None => readers.open()?,
            };
            let answer = read(&conn);
            let mut idle = readers.idle.lock().unwrap_or_else(|e| e.into_inner());
            // A read that ran across `close` drops its connection rather
            // than keep it open past the store.
            if !readers.permits.is_closed() {
                idle.push(conn);
            }
            answer
        })
        .await
        .map_err(|e| StoreError::Other(e.into()))?
    }

    /// Runs `sql` with `$1`, `$2`, … bound to `params` (by name: a
    /// placeholder may come twice or out of order) and decodes each row.
    pub(super) async fn rows<T: Send + 'static>(
        self: &Arc<Self>,
        sql: Cow<'static, str>,
        params: Vec<Param>,
        decode: fn(&dyn Cells) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            for (i, param) in params.iter().enumerate() {
                let name = format!("${}", i + 1);
                if let Some(index) = statement.parameter_index(&name)? {
                    statement.raw_bind_parameter(index, param)?;
                }
            }
            let mut rows = statement.raw_query();
            let mut answer = Vec::new();
            while let Some(row) = rows.next()? {
                answer.push(decode(row)?);
            }
            // As sqlx logs its statements (target `sqlx::query`), so that
            // `NUTRINUBE_LOG=…,nutrinube::sql=debug` shows these too.
            tracing::debug!(
                target: "nutrinube::sql",
                summary = %summary(&sql),
                rows_returned = answer.len(),
                "statement"
            );
            Ok(answer)
        })
        .await
    }

    /// Closes the idle connections and stops handing out new ones, so that
    /// the writer, closing last, can fold the write-ahead log into the file.
    pub(super) fn close(&self) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        self.permits.close();
        idle.clear();
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        if self.in_memory {
            flags |= OpenFlags::SQLITE_OPEN_MEMORY | OpenFlags::SQLITE_OPEN_SHARED_CACHE;
        }
        let conn = Connection::open_with_flags(&self.target, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "cache_size", -self.cache_kib)?;
        // A shared in-memory database lets a read-only connection write.
        conn.pragma_update(None, "query_only", true)?;
        Ok(conn)
    }
}

/// The statement's first words, whitespace folded, for the log.
fn summary(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().take(6).collect();
    format!("{} …", words.join(" "))
}

/// As sqlx writes them on SQLite, so that stored and bound values compare
/// as text: dates `YYYY-MM-DD`, timestamps RFC 3339 (`…T…+00:00`).
impl ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Param::Int(v) => ToSqlOutput::Owned(Value::Integer(*v)),
            Param::Text(v) => ToSqlOutput::from(v.as_str()),
            Param::Date(v) => ToSqlOutput::Owned(Value::Text(v.format("%F").to_string())),
            Param::Time(v) => {
                ToSqlOutput::Owned(Value::Text(v.to_rfc3339_opts(SecondsFormat::AutoSi, false)))
            }
        })
    }
}
