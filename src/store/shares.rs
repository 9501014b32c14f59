//! Share links: read-only report pages; only a hash of each secret is kept.

use chrono::{DateTime, NaiveDate, Utc};

use super::owned::Owned;
use super::{Store, StoreError, StoreResult, begin_for_account, now, on_pool, on_write_pool};
use crate::domain::quotas::Quota;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ShareLink {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const SHARE_COLUMNS: &str = "id, account_id, name, date_from, date_to, expires_at, created_at";

impl Store {
    /// Adds a share link unless the account already has `quota`'s limit
    /// (`StoreError::OverQuota`), counted and written in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_share(
        &self,
        account_id: i64,
        name: &str,
        secret_hash: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        expires_at: Option<DateTime<Utc>>,
        quota: Quota,
    ) -> StoreResult<ShareLink> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM share_links WHERE account_id = $1")
                    .bind(account_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if !quota.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let share = sqlx::query_as(&format!(
                "INSERT INTO share_links
                     (account_id, name, secret_hash, date_from, date_to, expires_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {SHARE_COLUMNS}"
            ))
            .bind(account_id)
            .bind(name)
            .bind(secret_hash)
            .bind(from)
            .bind(to)
            .bind(expires_at)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(share)
        })
    }

    pub async fn shares(&self, account_id: i64) -> StoreResult<Vec<ShareLink>> {
        on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {SHARE_COLUMNS} FROM share_links
                 WHERE account_id = $1 ORDER BY created_at, id"
            ))
            .bind(account_id)
            .fetch_all(pool)
            .await
        })
    }

    /// Deletes the account's share link `id`: whether there was one.
    pub async fn delete_share(&self, account_id: i64, id: i64) -> StoreResult<bool> {
        self.delete_owned(Owned::ShareLinks, account_id, id).await
    }

    /// The unexpired share link whose secret hashes to `secret_hash`.
    pub async fn live_share(&self, secret_hash: &str) -> StoreResult<Option<ShareLink>> {
        on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {SHARE_COLUMNS} FROM share_links
                 WHERE secret_hash = $1 AND (expires_at IS NULL OR expires_at > $2)"
            ))
            .bind(secret_hash)
            .bind(now())
            .fetch_optional(pool)
            .await
        })
    }
}
