//! Body measurements: one record a day per account (body.md §4).

use chrono::NaiveDate;

use super::{Rows, Store, StoreError, StoreResult, begin_for_account, now, on_pool, on_write_pool};
use crate::domain::measurements::{Change, Values, merged};
use crate::domain::quotas::Quota;

pub(super) const MEASUREMENT_COLUMNS: &str =
    "date, waist_cm, hips_cm, chest_cm, neck_cm, thigh_cm, arm_cm, body_fat_pct";

/// One day's record; at least one value is set.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Measurement {
    pub date: NaiveDate,
    pub waist_cm: Option<f64>,
    pub hips_cm: Option<f64>,
    pub chest_cm: Option<f64>,
    pub neck_cm: Option<f64>,
    pub thigh_cm: Option<f64>,
    pub arm_cm: Option<f64>,
    pub body_fat_pct: Option<f64>,
}

impl Measurement {
    pub fn values(&self) -> Values {
        Values([
            self.waist_cm,
            self.hips_cm,
            self.chest_cm,
            self.neck_cm,
            self.thigh_cm,
            self.arm_cm,
            self.body_fat_pct,
        ])
    }

    pub fn of(date: NaiveDate, v: Values) -> Measurement {
        let [
            waist_cm,
            hips_cm,
            chest_cm,
            neck_cm,
            thigh_cm,
            arm_cm,
            body_fat_pct,
        ] = v.0;
        Measurement {
            date,
            waist_cm,
            hips_cm,
            chest_cm,
            neck_cm,
            thigh_cm,
            arm_cm,
            body_fat_pct,
        }
    }
}

impl Store {
    /// Applies `changes` to the day's record (creating it, within
    /// `days`' limit of recorded days: `StoreError::OverQuota`), in one
    /// transaction that holds the account's write lock, so that two merges
    /// of the same day cannot lose each other's values. A record left with
    /// no value is deleted; the answer is the day as it now stands.
    pub async fn merge_measurement(
        &self,
        account_id: i64,
        date: NaiveDate,
        changes: [Change; 7],
        days: Quota,
    ) -> StoreResult<Measurement> {
        let read = format!(
            "SELECT {MEASUREMENT_COLUMNS} FROM body_measurements WHERE account_id = $1 AND date = $2"
        );
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let held: Option<Measurement> = sqlx::query_as(&read)
                .bind(account_id)
                .bind(date)
                .fetch_optional(&mut *tx)
                .await?;
            let values = merged(
                held.as_ref().map(Measurement::values).unwrap_or_default(),
                changes,
            );
            let record = Measurement::of(date, values);
            if values.is_empty() {
                sqlx::query("DELETE FROM body_measurements WHERE account_id = $1 AND date = $2")
                    .bind(account_id)
                    .bind(date)
                    .execute(&mut *tx)
                    .await?;
            } else {
                if held.is_none() {
                    let present: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM body_measurements WHERE account_id = $1",
                    )
                    .bind(account_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    if !days.allows(present, 1) {
                        return Err(StoreError::OverQuota);
                    }
                }
                sqlx::query(
                    "INSERT INTO body_measurements (account_id, date, waist_cm, hips_cm,
                         chest_cm, neck_cm, thigh_cm, arm_cm, body_fat_pct, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                     ON CONFLICT (account_id, date) DO UPDATE SET
                         waist_cm = excluded.waist_cm, hips_cm = excluded.hips_cm,
                         chest_cm = excluded.chest_cm, neck_cm = excluded.neck_cm,
                         thigh_cm = excluded.thigh_cm, arm_cm = excluded.arm_cm,
                         body_fat_pct = excluded.body_fat_pct, updated_at = excluded.updated_at",
                )
                .bind(account_id)
                .bind(date)
                .bind(record.waist_cm)
                .bind(record.hips_cm)
                .bind(record.chest_cm)
                .bind(record.neck_cm)
                .bind(record.thigh_cm)
                .bind(record.arm_cm)
                .bind(record.body_fat_pct)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(record)
        })
    }

    /// Whether the account had a record of that day (now deleted).
    pub async fn delete_measurement(&self, account_id: i64, date: NaiveDate) -> StoreResult<bool> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM body_measurements WHERE account_id = $1 AND date = $2")
                .bind(account_id)
                .bind(date)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() > 0)
        })
    }

    /// Every record of the account, by date, for export.
    pub fn all_measurements(&self, account_id: i64) -> Rows<Measurement, Measurement> {
        let sql = format!(
            "SELECT {MEASUREMENT_COLUMNS} FROM body_measurements WHERE account_id = $1 ORDER BY date"
        );
        self.rows(sql, account_id, Ok)
    }

    /// The records of `from..=to`, by date.
    pub async fn measurements(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Measurement>> {
        let sql = format!(
            "SELECT {MEASUREMENT_COLUMNS} FROM body_measurements
             WHERE account_id = $1 AND date >= $2 AND date <= $3 ORDER BY date"
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
