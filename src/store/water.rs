//! Water entries: what an account drank, in ml.

use chrono::{DateTime, NaiveDate, Utc};

use super::owned::Owned;
use super::{Store, StoreError, StoreResult, begin_for_account, now, on_pool, on_write_pool};
use crate::domain::quotas::Quota;

pub(super) const WATER_ENTRY_COLUMNS: &str = "id, date, ml, created_at, source";

/// Counts the account's (`$1`) water entries of a day (`$2`).
const COUNT_DAY: &str = "SELECT COUNT(*) FROM water_entries WHERE account_id = $1 AND date = $2";

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct WaterEntry {
    pub id: i64,
    pub date: NaiveDate,
    pub ml: i64,
    pub created_at: DateTime<Utc>,
    /// Where an imported entry came from (`mfp`, `apple-health`, …); `None`
    /// for one logged here.
    pub source: Option<String>,
}

impl Store {
    /// Logs a drink unless its day already holds `per_day`'s limit
    /// (`StoreError::OverQuota`), counted and written in one transaction.
    pub async fn insert_water_entry(
        &self,
        account_id: i64,
        date: NaiveDate,
        ml: i64,
        per_day: Quota,
    ) -> StoreResult<WaterEntry> {
        let sql = format!(
            "INSERT INTO water_entries (account_id, date, ml, created_at)
             VALUES ($1, $2, $3, $4)
             RETURNING {WATER_ENTRY_COLUMNS}"
        );
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 = sqlx::query_scalar(COUNT_DAY)
                .bind(account_id)
                .bind(date)
                .fetch_one(&mut *tx)
                .await?;
            if !per_day.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let entry = sqlx::query_as(&sql)
                .bind(account_id)
                .bind(date)
                .bind(ml)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(entry)
        })
    }

    /// Whether a water entry of this account was deleted.
    pub async fn delete_water_entry(&self, account_id: i64, id: i64) -> StoreResult<bool> {
        self.delete_owned(Owned::WaterEntries, account_id, id).await
    }

    /// Drinks from `from` to `to` inclusive, by date and creation.
    pub async fn water_entries(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<WaterEntry>> {
        let sql = format!(
            "SELECT {WATER_ENTRY_COLUMNS} FROM water_entries
             WHERE account_id = $1 AND date >= $2 AND date <= $3
             ORDER BY date, created_at, id"
        );
        on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(account_id)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await
        })
    }
}
