//! API tokens: only a hash of each secret is kept.

use chrono::{DateTime, Utc};

use super::owned::Owned;
use super::{Store, StoreError, StoreResult, begin_for_account, now, on_pool, on_write_pool};
use crate::domain::quotas::Quota;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// `full`, `read` or `health` (see `app::TokenScope`).
    pub scope: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

const TOKEN_COLUMNS: &str = "id, name, scope, expires_at, created_at, last_used_at";

impl Store {
    /// Adds a token unless the account already has `quota`'s limit
    /// (`StoreError::OverQuota`), counted and written in one transaction.
    pub async fn create_token(
        &self,
        account_id: i64,
        name: &str,
        token_hash: &str,
        scope: &str,
        expires_at: Option<DateTime<Utc>>,
        quota: Quota,
    ) -> StoreResult<ApiToken> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            let present: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE account_id = $1")
                    .bind(account_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if !quota.allows(present, 1) {
                return Err(StoreError::OverQuota);
            }
            let token = sqlx::query_as(&format!(
                "INSERT INTO api_tokens (account_id, name, token_hash, created_at, scope, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING {TOKEN_COLUMNS}"
            ))
            .bind(account_id)
            .bind(name)
            .bind(token_hash)
            .bind(now())
            .bind(scope)
            .bind(expires_at)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, StoreError>(token)
        })
    }

    pub async fn tokens(&self, account_id: i64) -> StoreResult<Vec<ApiToken>> {
        on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {TOKEN_COLUMNS} FROM api_tokens
                 WHERE account_id = $1 ORDER BY created_at, id"
            ))
            .bind(account_id)
            .fetch_all(pool)
            .await
        })
    }

    pub async fn delete_token(&self, account_id: i64, id: i64) -> StoreResult<bool> {
        self.delete_owned(Owned::ApiTokens, account_id, id).await
    }

    /// The account and scope of an unexpired token secret's hash, marking
    /// the token used at most once a minute (`last_used_at` is for a person
    /// to see, and a write per request would put every token's reads behind
    /// SQLite's one writer).
    pub async fn use_token(&self, token_hash: &str) -> StoreResult<Option<(i64, String)>> {
        let at = now();
        let found: Option<(i64, String, Option<DateTime<Utc>>)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT account_id, scope, last_used_at FROM api_tokens
                 WHERE token_hash = $1 AND (expires_at IS NULL OR expires_at > $2)",
            )
            .bind(token_hash)
            .bind(at)
            .fetch_optional(pool)
            .await
        })?;
        let Some((account_id, scope, last_used_at)) = found else {
            return Ok(None);
        };
        if last_used_at.is_none_or(|used| used < at - chrono::Duration::minutes(1)) {
            on_write_pool!(self, |pool| {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1")
                    .bind(token_hash)
                    .bind(at)
                    .execute(pool)
                    .await
                    .map(|_| ())
            })?;
        }
        Ok(Some((account_id, scope)))
    }
}
