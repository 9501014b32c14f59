//! The activity catalogue and activity diary entries.

use chrono::{DateTime, NaiveDate, Utc};

use super::owned::Owned;
use super::{
    Store, StoreError, StoreResult, begin_for_account, begin_write, now, on_pool, on_write_pool,
};
use crate::domain::activity_catalogue::ActivityDef;
use crate::domain::quotas::Quota;

/// Counts the account's (`$1`) activity entries of a day (`$2`), but one (`$3`).
const COUNT_DAY: &str =
    "SELECT COUNT(*) FROM activity_entries WHERE account_id = $1 AND date = $2 AND id <> $3";

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Activity {
    pub id: i64,
    /// Code in the Compendium of Physical Activities.
    pub code: String,
    pub name: String,
    pub met: f64,
}

const ACTIVITY_ENTRY_COLUMNS: &str = "id, date, name, duration_min, kcal_burned, activity_id, \
     met, weight_kg_used, created_at, updated_at, source";

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ActivityEntry {
    pub id: i64,
    pub date: NaiveDate,
    pub name: String,
    /// Minutes; `None` for an entry by hand given only its energy.
    pub duration_min: Option<i64>,
    pub kcal_burned: f64,
    pub activity_id: Option<i64>,
    /// The MET value the burned energy was computed from.
    pub met: Option<f64>,
    /// The body weight the burned energy was computed with.
    pub weight_kg_used: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Where an imported entry came from (`mfp`, `apple-health`, …); `None`
    /// for one logged here.
    pub source: Option<String>,
}

/// Binds an entry's values: date, name, duration_min, kcal_burned,
/// activity_id, met, weight_kg_used (the order of the insert and update).
macro_rules! bind_activity_entry {
    ($query:expr, $e:expr) => {
        $query
            .bind($e.date)
            .bind(&$e.name)
            .bind($e.duration_min)
            .bind($e.kcal_burned)
            .bind($e.activity_id)
            .bind($e.met)
            .bind($e.weight_kg_used)
    };
}
pub(super) use bind_activity_entry;

#[derive(Clone, Debug, PartialEq)]
pub struct ActivityEntryInsert {
    pub date: NaiveDate,
    pub name: String,
    pub duration_min: Option<i64>,
    pub kcal_burned: f64,
    pub activity_id: Option<i64>,
    pub met: Option<f64>,
    pub weight_kg_used: Option<f64>,
}

impl Store {
    /// Loads the bundled activity table; idempotent, so replicas may race.
    pub async fn load_activity_catalogue(&self, defs: &[ActivityDef]) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_write!(self, pool);
            for def in defs {
                sqlx::query(
                    "INSERT INTO activities (code, name, met) VALUES ($1, $2, $3)
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, met = excluded.met",
                )
                .bind(&def.code)
                .bind(&def.name)
                .bind(def.met)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        })
    }

    pub async fn activity(&self, id: i64) -> StoreResult<Option<Activity>> {
        on_pool!(self, |pool| {
            sqlx::query_as("SELECT id, code, name, met FROM activities WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }

    /// Activities whose name contains every one of `words` (lowercase),
    /// shortest first.
    pub async fn search_activities(
        &self,
        words: &[String],
        limit: i64,
    ) -> StoreResult<Vec<Activity>> {
        let words: Vec<String> = words
            .iter()
            .map(|w| format!("%{}%", escape_like(w)))
            .collect();
        let mut sql = String::from("SELECT id, code, name, met FROM activities WHERE 1 = 1");
        for i in 0..words.len() {
            sql.push_str(&format!(" AND LOWER(name) LIKE ${} ESCAPE '\\'", i + 2));
        }
        sql.push_str(" ORDER BY LENGTH(name), name LIMIT $1");
        on_pool!(self, |pool| {
            let mut q = sqlx::query_as(&sql).bind(limit);
            for w in &words {
                q = q.bind(w);
            }
            q.fetch_all(pool).await
        })
    }

    /// Logs an entry unless its day already holds `per_day`'s limit
    /// (`StoreError::OverQuota`), counted and written in one transaction.
    pub async fn insert_activity_entry(
        &self,
        account_id: i64,
        e: &ActivityEntryInsert,
        per_day: Quota,
    ) -> StoreResult<ActivityEntry> {
        let sql = format!(
            "INSERT INTO activity_entries (account_id, date, name, duration_min, kcal_burned,
                 activity_id, met, weight_kg_used, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
             RETURNING {ACTIVITY_ENTRY_COLUMNS}"
        );
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 = sqlx::query_scalar(COUNT_DAY)
                .bind(account_id)
                .bind(e.date)
                .bind(0_i64)
                .fetch_one(&mut *tx)
                .await?;
            if !per_day.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let entry = bind_activity_entry!(sqlx::query_as(&sql).bind(account_id), e)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(entry)
        })
    }

    /// Replaces an entry of this account; `None` when it has none such. An
    /// entry moved to another day (`moved`) must find room there within
    /// `per_day` (`StoreError::OverQuota`).
    pub async fn update_activity_entry(
        &self,
        account_id: i64,
        id: i64,
        e: &ActivityEntryInsert,
        moved: bool,
        per_day: Quota,
    ) -> StoreResult<Option<ActivityEntry>> {
        let sql = format!(
            "UPDATE activity_entries SET date = $3, name = $4, duration_min = $5,
                 kcal_burned = $6, activity_id = $7, met = $8, weight_kg_used = $9,
                 updated_at = $10
             WHERE account_id = $1 AND id = $2
             RETURNING {ACTIVITY_ENTRY_COLUMNS}"
        );
        if !moved {
            return on_write_pool!(self, |pool| {
                bind_activity_entry!(sqlx::query_as(&sql).bind(account_id).bind(id), e)
                    .bind(now())
                    .fetch_optional(pool)
                    .await
            });
        }
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 = sqlx::query_scalar(COUNT_DAY)
                .bind(account_id)
                .bind(e.date)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            if !per_day.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let entry = bind_activity_entry!(sqlx::query_as(&sql).bind(account_id).bind(id), e)
                .bind(now())
                .fetch_optional(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(entry)
        })
    }

    pub async fn activity_entry(
        &self,
        account_id: i64,
        id: i64,
    ) -> StoreResult<Option<ActivityEntry>> {
        self.owned_row(
            Owned::ActivityEntries,
            ACTIVITY_ENTRY_COLUMNS,
            account_id,
            id,
        )
        .await
    }

    pub async fn delete_activity_entry(&self, account_id: i64, id: i64) -> StoreResult<bool> {
        self.delete_owned(Owned::ActivityEntries, account_id, id)
            .await
    }

    pub async fn activity_entries(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ActivityEntry>> {
        let sql = format!(
            "SELECT {ACTIVITY_ENTRY_COLUMNS} FROM activity_entries
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

/// Escapes `%`, `_` and `\` so user text matches literally in LIKE.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
