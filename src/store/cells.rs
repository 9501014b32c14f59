//! A row's values by position, read alike from a PostgreSQL row (sqlx) and
//! a SQLite one (rusqlite, `sqlite_readers`), so that a read decodes its
//! rows once for both engines.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::postgres::PgRow;

use super::{Pool, Store, StoreError, StoreResult};

pub(super) trait Cells {
    fn maybe_real(&self, i: usize) -> StoreResult<Option<f64>>;
    fn maybe_int(&self, i: usize) -> StoreResult<Option<i64>>;
    fn maybe_text(&self, i: usize) -> StoreResult<Option<String>>;
    fn maybe_date(&self, i: usize) -> StoreResult<Option<NaiveDate>>;
    fn maybe_time(&self, i: usize) -> StoreResult<Option<DateTime<Utc>>>;

    fn real(&self, i: usize) -> StoreResult<f64> {
        self.maybe_real(i)?.ok_or_else(|| null(i))
    }
    fn int(&self, i: usize) -> StoreResult<i64> {
        self.maybe_int(i)?.ok_or_else(|| null(i))
    }
    fn date(&self, i: usize) -> StoreResult<NaiveDate> {
        self.maybe_date(i)?.ok_or_else(|| null(i))
    }
    fn text(&self, i: usize) -> StoreResult<String> {
        self.maybe_text(i)?.ok_or_else(|| null(i))
    }
    fn time(&self, i: usize) -> StoreResult<DateTime<Utc>> {
        self.maybe_time(i)?.ok_or_else(|| null(i))
    }
}

fn null(i: usize) -> StoreError {
    StoreError::Other(format!("unexpected NULL in column {i}").into())
}

impl Cells for PgRow {
    fn maybe_real(&self, i: usize) -> StoreResult<Option<f64>> {
        Ok(self.try_get(i)?)
    }
    fn maybe_int(&self, i: usize) -> StoreResult<Option<i64>> {
        Ok(self.try_get(i)?)
    }
    fn maybe_text(&self, i: usize) -> StoreResult<Option<String>> {
        Ok(self.try_get(i)?)
    }
    fn maybe_date(&self, i: usize) -> StoreResult<Option<NaiveDate>> {
        Ok(self.try_get(i)?)
    }
    fn maybe_time(&self, i: usize) -> StoreResult<Option<DateTime<Utc>>> {
        Ok(self.try_get(i)?)
    }
}

impl Cells for rusqlite::Row<'_> {
    fn maybe_real(&self, i: usize) -> StoreResult<Option<f64>> {
        Ok(self.get(i)?)
    }
    fn maybe_int(&self, i: usize) -> StoreResult<Option<i64>> {
        Ok(self.get(i)?)
    }
    fn maybe_text(&self, i: usize) -> StoreResult<Option<String>> {
        Ok(self.get(i)?)
    }
    fn maybe_date(&self, i: usize) -> StoreResult<Option<NaiveDate>> {
        Ok(self.get(i)?)
    }
    /// Timestamps as sqlx writes them on SQLite (RFC 3339), or as SQLite's
    /// own functions do (`YYYY-MM-DD HH:MM:SS`, UTC).
    fn maybe_time(&self, i: usize) -> StoreResult<Option<DateTime<Utc>>> {
        let Some(text) = self
            .get_ref(i)?
            .as_str_or_null()
            .map_err(|e| StoreError::Other(e.into()))?
        else {
            return Ok(None);
        };
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(Some(t.to_utc()));
        }
        Ok(self.get(i)?)
    }
}

/// A statement's parameter, bound alike by both drivers.
#[derive(Clone, Debug)]
pub(super) enum Param {
    Int(i64),
    Text(String),
    Date(NaiveDate),
    Time(DateTime<Utc>),
}

impl Store {
    /// Runs a read whose answer has many values, `$1`, `$2`, … bound to
    /// `params`, each row decoded by `decode`: on SQLite through
    /// `sqlite_readers`, on PostgreSQL through sqlx.
    pub(super) async fn read_rows<T: Send + 'static>(
        &self,
        sql: Cow<'static, str>,
        params: Vec<Param>,
        decode: fn(&dyn Cells) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        match (&self.reader, &self.large_reads) {
            (Pool::Postgres(pool), _) => {
                let mut query = sqlx::query(&sql);
                for param in params {
                    query = match param {
                        Param::Int(v) => query.bind(v),
                        Param::Text(v) => query.bind(v),
                        Param::Date(v) => query.bind(v),
                        Param::Time(v) => query.bind(v),
                    };
                }
                let rows = query.fetch_all(pool).await?;
                rows.iter().map(|row| decode(row)).collect()
            }
            (Pool::Sqlite(_), Some(readers)) => readers.rows(sql, params, decode).await,
            (Pool::Sqlite(_), None) => unreachable!("a SQLite store has its large readers"),
        }
    }
}
