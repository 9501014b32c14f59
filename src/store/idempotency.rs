//! The answers remembered for `Idempotency-Key`s, per account.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, now, on_write_pool};

/// An answer as it went out, to be sent again.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// What claiming a key found.
#[derive(Debug)]
pub enum Claim {
    /// The key is new (or expired): this request runs, and its answer is
    /// stored with `complete_idempotency_key`.
    Claimed,
    /// The key is in use: by a request with this hash, answered with this
    /// response (`None` while it still runs).
    Taken {
        request_hash: String,
        response: Option<StoredResponse>,
    },
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    request_hash: String,
    status: Option<i32>,
    content_type: Option<String>,
    location: Option<String>,
    body: Option<Vec<u8>>,
}

impl Store {
    /// Claims `key` for a request of `request_hash`, after forgetting the
    /// account's use of it if that was answered before `expired_before` or
    /// is still unanswered since `abandoned_before` (its request died).
    pub async fn claim_idempotency_key(
        &self,
        account_id: i64,
        key: &str,
        request_hash: &str,
        expired_before: DateTime<Utc>,
        abandoned_before: DateTime<Utc>,
    ) -> StoreResult<Claim> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "DELETE FROM idempotency_keys
                 WHERE account_id = $1 AND idempotency_key = $2
                   AND (created_at < $3 OR (status IS NULL AND created_at < $4))",
            )
            .bind(account_id)
            .bind(key)
            .bind(expired_before)
            .bind(abandoned_before)
            .execute(pool)
            .await?;
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash, created_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (account_id, idempotency_key) DO NOTHING",
            )
            .bind(account_id)
            .bind(key)
            .bind(request_hash)
            .bind(now())
            .execute(pool)
            .await?
            .rows_affected();
            if inserted == 1 {
                return Ok(Claim::Claimed);
            }
            let row: Option<KeyRow> = sqlx::query_as(
                "SELECT request_hash, status, content_type, location, body FROM idempotency_keys
                 WHERE account_id = $1 AND idempotency_key = $2",
            )
            .bind(account_id)
            .bind(key)
            .fetch_optional(pool)
            .await?;
            // Gone between the two statements (released): taken by nobody,
            // which the caller sees as still running and asks again.
            Ok::<_, sqlx::Error>(match row {
                None => Claim::Taken {
                    request_hash: request_hash.to_owned(),
                    response: None,
                },
                Some(row) => Claim::Taken {
                    request_hash: row.request_hash,
                    response: row.status.map(|status| StoredResponse {
                        status: u16::try_from(status).unwrap_or(500),
                        content_type: row.content_type,
                        location: row.location,
                        body: row.body.unwrap_or_default(),
                    }),
                },
            })
        })
    }

    /// Stores the answer to a claimed key.
    pub async fn complete_idempotency_key(
        &self,
        account_id: i64,
        key: &str,
        response: &StoredResponse,
    ) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "UPDATE idempotency_keys SET status = $3, content_type = $4, location = $5, body = $6
                 WHERE account_id = $1 AND idempotency_key = $2",
            )
            .bind(account_id)
            .bind(key)
            .bind(i32::from(response.status))
            .bind(response.content_type.as_deref())
            .bind(response.location.as_deref())
            .bind(response.body.as_slice())
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// Frees a claimed key whose request stored nothing (it failed).
    pub async fn release_idempotency_key(&self, account_id: i64, key: &str) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "DELETE FROM idempotency_keys
                 WHERE account_id = $1 AND idempotency_key = $2 AND status IS NULL",
            )
            .bind(account_id)
            .bind(key)
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// Forgets keys used before `before`.
    pub async fn prune_idempotency_keys(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(before)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })
    }
}
