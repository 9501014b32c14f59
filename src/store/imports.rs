//! Imported rows, written all at once, and the record of each import.
//!
//! Every row of an import is written in one transaction holding the
//! account's write lock: all of it or (on any error) none. A row whose key
//! the account already holds is not written again (or, for pushes of
//! health data, replaces the one held); a row over a day's quota, or a
//! weight or measurement that contradicts the one of its day, is refused
//! and reported, the rest written. A dry run does the same and rolls back,
//! so that it answers exactly what the import would do.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::activities::bind_activity_entry;
use super::details::{DETAIL_COLUMNS, bind_details, detail_placeholders};
use super::entries::bind_food_entry;
use super::{
    ActivityEntryInsert, FoodEntryInsert, Store, StoreError, StoreResult, Weight,
    begin_for_account, now, on_pool, on_write_pool,
};
use crate::domain::measurements::Kind;
use crate::domain::quotas::{
    ACTIVITY_ENTRIES_PER_DAY, FOOD_ENTRIES_PER_DAY, MEASUREMENT_DAYS, Quota, WATER_ENTRIES_PER_DAY,
};

/// One row to write.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportWrite {
    Food(Box<FoodEntryInsert>),
    Activity(ActivityEntryInsert),
    Water {
        date: NaiveDate,
        ml: i64,
    },
    Weight(Weight),
    Measurement {
        date: NaiveDate,
        kind: Kind,
        value: f64,
    },
}

/// A row and its key (entries only: weights and measurements are keyed by
/// their day).
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedWrite {
    pub key: String,
    /// The entry's `source`.
    pub source: Option<String>,
    pub write: ImportWrite,
}

/// What a row whose key (or day) is held already does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// Nothing (a file imported again).
    Keep,
    /// Replaces what is held (health data sent again for a day or workout).
    Replace,
}

/// What became of one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    Added,
    Replaced,
    /// Held already, the same.
    Unchanged,
    /// Its day holds the quota's limit.
    OverQuota(Quota),
    /// The day holds another weight or measurement of the kind, kept.
    Contradicts {
        held: f64,
    },
}

/// The record of one import, its answer's members kept as JSON.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ImportRecord {
    pub id: i64,
    pub format: String,
    pub status: String,
    pub dry_run: bool,
    pub report: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

const IMPORT_COLUMNS: &str = "id, format, status, dry_run, report, started_at, finished_at";

/// Most imports listed: the newest.
const IMPORTS_LISTED: i64 = 100;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Counted {
    Food,
    Activity,
    Water,
}

impl Store {
    /// Writes `rows` (see the module) in one transaction, rolled back for a
    /// dry run; answers what became of each, in order.
    pub async fn write_imported(
        &self,
        account_id: i64,
        rows: &[KeyedWrite],
        repeat: Repeat,
        dry_run: bool,
    ) -> StoreResult<Vec<Written>> {
        let insert_food = format!(
            "INSERT INTO food_entries (account_id, date, meal, name, calories, protein_g, fat_g,
                 carbs_g, food_id, quantity_g, {}, created_at, updated_at, source, import_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, {}, $42, $42, $43, $44)",
            *DETAIL_COLUMNS,
            detail_placeholders(11)
        );
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let mut per_day: HashMap<(Counted, NaiveDate), i64> = HashMap::new();
            let mut measurement_days: Option<i64> = None;
            let mut outcomes = Vec::with_capacity(rows.len());
            let at = now();
            for row in rows {
                let key = row.key.as_str();
                let source = row.source.as_deref();
                let outcome = match &row.write {
                    ImportWrite::Food(e) => {
                        let held: Option<i64> = sqlx::query_scalar(
                            "SELECT id FROM food_entries WHERE account_id = $1 AND import_key = $2",
                        )
                        .bind(account_id)
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if held.is_some() {
                            Written::Unchanged
                        } else {
                            let count = match per_day.entry((Counted::Food, e.date)) {
                                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                                std::collections::hash_map::Entry::Vacant(v) => {
                                    let n: i64 = sqlx::query_scalar(
                                        "SELECT COUNT(*) FROM food_entries
                                         WHERE account_id = $1 AND date = $2",
                                    )
                                    .bind(account_id)
                                    .bind(e.date)
                                    .fetch_one(&mut *tx)
                                    .await?;
                                    v.insert(n)
                                }
                            };
                            if !FOOD_ENTRIES_PER_DAY.allows(*count, 1) {
                                Written::OverQuota(FOOD_ENTRIES_PER_DAY)
                            } else {
                                bind_food_entry!(sqlx::query(&insert_food).bind(account_id), e)
                                    .bind(at)
                                    .bind(source)
                                    .bind(key)
                                    .execute(&mut *tx)
                                    .await?;
                                *count += 1;
                                Written::Added
                            }
                        }
                    }
                    ImportWrite::Activity(e) => {
                        let held: Option<(i64, String, Option<i64>, f64)> = sqlx::query_as(
                            "SELECT id, name, duration_min, kcal_burned FROM activity_entries
                             WHERE account_id = $1 AND import_key = $2",
                        )
                        .bind(account_id)
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?;
                        match held {
                            Some((_, name, duration, kcal))
                                if repeat == Repeat::Keep
                                    || (name == e.name
                                        && duration == e.duration_min
                                        && kcal == e.kcal_burned) =>
                            {
                                Written::Unchanged
                            }
                            Some((id, ..)) => {
                                sqlx::query(
                                    "UPDATE activity_entries SET date = $3, name = $4,
                                         duration_min = $5, kcal_burned = $6, updated_at = $7
                                     WHERE account_id = $1 AND id = $2",
                                )
                                .bind(account_id)
                                .bind(id)
                                .bind(e.date)
                                .bind(&e.name)
                                .bind(e.duration_min)
                                .bind(e.kcal_burned)
                                .bind(at)
                                .execute(&mut *tx)
                                .await?;
                                Written::Replaced
                            }
                            None => {
                                let count = match per_day.entry((Counted::Activity, e.date)) {
                                    std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                                    std::collections::hash_map::Entry::Vacant(v) => {
                                        let n: i64 = sqlx::query_scalar(
                                            "SELECT COUNT(*) FROM activity_entries
                                             WHERE account_id = $1 AND date = $2",
                                        )
                                        .bind(account_id)
                                        .bind(e.date)
                                        .fetch_one(&mut *tx)
                                        .await?;
                                        v.insert(n)
                                    }
                                };
                                if !ACTIVITY_ENTRIES_PER_DAY.allows(*count, 1) {
                                    Written::OverQuota(ACTIVITY_ENTRIES_PER_DAY)
                                } else {
                                    bind_activity_entry!(
                                        sqlx::query(
                                            "INSERT INTO activity_entries (account_id, date, name,
                                                 duration_min, kcal_burned, activity_id, met,
                                                 weight_kg_used, created_at, updated_at, source,
                                                 import_key)
                                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10,
                                                 $11)"
                                        )
                                        .bind(account_id),
                                        e
                                    )
                                    .bind(at)
                                    .bind(source)
                                    .bind(key)
                                    .execute(&mut *tx)
                                    .await?;
                                    *count += 1;
                                    Written::Added
                                }
                            }
                        }
                    }
                    ImportWrite::Water { date, ml } => {
                        let held: Option<(i64, i64)> = sqlx::query_as(
                            "SELECT id, ml FROM water_entries
                             WHERE account_id = $1 AND import_key = $2",
                        )
                        .bind(account_id)
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?;
                        match held {
                            Some((_, held_ml)) if repeat == Repeat::Keep || held_ml == *ml => {
                                Written::Unchanged
                            }
                            Some((id, _)) => {
                                sqlx::query(
                                    "UPDATE water_entries SET date = $3, ml = $4
                                     WHERE account_id = $1 AND id = $2",
                                )
                                .bind(account_id)
                                .bind(id)
                                .bind(date)
                                .bind(ml)
                                .execute(&mut *tx)
                                .await?;
                                Written::Replaced
                            }
                            None => {
                                let count = match per_day.entry((Counted::Water, *date)) {
                                    std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                                    std::collections::hash_map::Entry::Vacant(v) => {
                                        let n: i64 = sqlx::query_scalar(
                                            "SELECT COUNT(*) FROM water_entries
                                             WHERE account_id = $1 AND date = $2",
                                        )
                                        .bind(account_id)
                                        .bind(date)
                                        .fetch_one(&mut *tx)
                                        .await?;
                                        v.insert(n)
                                    }
                                };
                                if !WATER_ENTRIES_PER_DAY.allows(*count, 1) {
                                    Written::OverQuota(WATER_ENTRIES_PER_DAY)
                                } else {
                                    sqlx::query(
                                        "INSERT INTO water_entries (account_id, date, ml,
                                             created_at, source, import_key)
                                         VALUES ($1, $2, $3, $4, $5, $6)",
                                    )
                                    .bind(account_id)
                                    .bind(date)
                                    .bind(ml)
                                    .bind(at)
                                    .bind(source)
                                    .bind(key)
                                    .execute(&mut *tx)
                                    .await?;
                                    *count += 1;
                                    Written::Added
                                }
                            }
                        }
                    }
                    ImportWrite::Weight(w) => {
                        let held: Option<f64> = sqlx::query_scalar(
                            "SELECT weight_kg FROM weights WHERE account_id = $1 AND date = $2",
                        )
                        .bind(account_id)
                        .bind(w.date)
                        .fetch_optional(&mut *tx)
                        .await?;
                        match held {
                            Some(h) if h == w.weight_kg => Written::Unchanged,
                            Some(h) if repeat == Repeat::Keep => Written::Contradicts { held: h },
                            _ => {
                                sqlx::query(
                                    "INSERT INTO weights (account_id, date, weight_kg, updated_at)
                                     VALUES ($1, $2, $3, $4)
                                     ON CONFLICT (account_id, date) DO UPDATE SET
                                         weight_kg = excluded.weight_kg,
                                         updated_at = excluded.updated_at",
                                )
                                .bind(account_id)
                                .bind(w.date)
                                .bind(w.weight_kg)
                                .bind(at)
                                .execute(&mut *tx)
                                .await?;
                                if held.is_some() {
                                    Written::Replaced
                                } else {
                                    Written::Added
                                }
                            }
                        }
                    }
                    ImportWrite::Measurement { date, kind, value } => {
                        // The column's name is one of `Kind`'s, never input.
                        let column = kind.field();
                        let held: Option<Option<f64>> = sqlx::query_scalar(&format!(
                            "SELECT {column} FROM body_measurements
                             WHERE account_id = $1 AND date = $2"
                        ))
                        .bind(account_id)
                        .bind(date)
                        .fetch_optional(&mut *tx)
                        .await?;
                        match held {
                            Some(Some(h)) if h == *value => Written::Unchanged,
                            Some(Some(h)) if repeat == Repeat::Keep => {
                                Written::Contradicts { held: h }
                            }
                            Some(h) => {
                                sqlx::query(&format!(
                                    "UPDATE body_measurements SET {column} = $3, updated_at = $4
                                     WHERE account_id = $1 AND date = $2"
                                ))
                                .bind(account_id)
                                .bind(date)
                                .bind(value)
                                .bind(at)
                                .execute(&mut *tx)
                                .await?;
                                if h.is_some() {
                                    Written::Replaced
                                } else {
                                    Written::Added
                                }
                            }
                            None => {
                                let days = match measurement_days {
                                    Some(n) => n,
                                    None => {
                                        sqlx::query_scalar(
                                            "SELECT COUNT(*) FROM body_measurements
                                             WHERE account_id = $1",
                                        )
                                        .bind(account_id)
                                        .fetch_one(&mut *tx)
                                        .await?
                                    }
                                };
                                if !MEASUREMENT_DAYS.allows(days, 1) {
                                    measurement_days = Some(days);
                                    Written::OverQuota(MEASUREMENT_DAYS)
                                } else {
                                    sqlx::query(&format!(
                                        "INSERT INTO body_measurements (account_id, date, {column},
                                             updated_at)
                                         VALUES ($1, $2, $3, $4)"
                                    ))
                                    .bind(account_id)
                                    .bind(date)
                                    .bind(value)
                                    .bind(at)
                                    .execute(&mut *tx)
                                    .await?;
                                    measurement_days = Some(days + 1);
                                    Written::Added
                                }
                            }
                        }
                    }
                };
                outcomes.push(outcome);
            }
            if dry_run {
                tx.rollback().await?;
            } else {
                tx.commit().await?;
            }
            Ok::<_, StoreError>(outcomes)
        })
    }

    /// Records an import begun (`running`) or already ended; answers it.
    pub async fn insert_import(
        &self,
        account_id: i64,
        record: &ImportRecord,
    ) -> StoreResult<ImportRecord> {
        on_write_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "INSERT INTO imports (account_id, format, status, dry_run, report, started_at,
                     finished_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 RETURNING {IMPORT_COLUMNS}"
            ))
            .bind(account_id)
            .bind(&record.format)
            .bind(&record.status)
            .bind(record.dry_run)
            .bind(&record.report)
            .bind(record.started_at)
            .bind(record.finished_at)
            .fetch_one(pool)
            .await
        })
    }

    /// Ends a running import with its status and report.
    pub async fn finish_import(
        &self,
        account_id: i64,
        id: i64,
        status: &str,
        report: &str,
    ) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "UPDATE imports SET status = $3, report = $4, finished_at = $5
                 WHERE account_id = $1 AND id = $2",
            )
            .bind(account_id)
            .bind(id)
            .bind(status)
            .bind(report)
            .bind(now())
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// Marks imports left running by a process that stopped as failed.
    pub async fn fail_running_imports(&self, started_before: DateTime<Utc>) -> StoreResult<u64> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "UPDATE imports SET status = 'failed', finished_at = $2,
                     report = '{\"counts\":{},\"problem\":\"the server stopped while importing\"}'
                 WHERE status = 'running' AND started_at < $1",
            )
            .bind(started_before)
            .bind(now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })
    }

    pub async fn import_record(
        &self,
        account_id: i64,
        id: i64,
    ) -> StoreResult<Option<ImportRecord>> {
        on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {IMPORT_COLUMNS} FROM imports WHERE account_id = $1 AND id = $2"
            ))
            .bind(account_id)
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    /// The newest imports, newest first.
    pub async fn import_records(&self, account_id: i64) -> StoreResult<Vec<ImportRecord>> {
        on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {IMPORT_COLUMNS} FROM imports WHERE account_id = $1
                 ORDER BY id DESC LIMIT $2"
            ))
            .bind(account_id)
            .bind(IMPORTS_LISTED)
            .fetch_all(pool)
            .await
        })
    }
}
