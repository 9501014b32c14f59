//! Accounts, sessions and the failed-login log.

use chrono::{DateTime, Utc};

use super::{Store, StoreError, StoreResult, now, on_pool};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRecord {
    pub account_id: i64,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Creates an account; `None` when the username is taken.
    pub async fn create_account(
        &self,
        username: &str,
        password_hash: &str,
    ) -> StoreResult<Option<Account>> {
        let result = on_pool!(self, |pool| {
            sqlx::query_as::<_, Account>(
                "INSERT INTO accounts (username, password_hash, created_at) VALUES ($1, $2, $3)
                 RETURNING id, username, password_hash, created_at",
            )
            .bind(username)
            .bind(password_hash)
            .bind(now())
            .fetch_one(pool)
            .await
        });
        match result {
            Ok(account) => Ok(Some(account)),
            Err(StoreError::Unique(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn account_by_username(&self, username: &str) -> StoreResult<Option<Account>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, username, password_hash, created_at FROM accounts WHERE username = $1",
            )
            .bind(username)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn account(&self, id: i64) -> StoreResult<Option<Account>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, username, password_hash, created_at FROM accounts WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    /// Sets a new password hash and ends every session but `keep_session`.
    pub async fn set_password(
        &self,
        account_id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
                .bind(account_id)
                .bind(keep_session.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        })
    }

    /// Deletes the account; every row it owns goes with it (ON DELETE CASCADE).
    pub async fn delete_account(&self, account_id: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM accounts WHERE id = $1")
                .bind(account_id)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, account_id, created_at, expires_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(account_id)
            .bind(now())
            .bind(expires_at)
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// The live session with this token hash, if any.
    pub async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT account_id, expires_at FROM sessions
                 WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now())
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    pub async fn record_login_failure(&self, username: &str, client_addr: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO login_failures (username, client_addr, at) VALUES ($1, $2, $3)",
            )
            .bind(username)
            .bind(client_addr)
            .bind(now())
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// Failed logins since `since` for this username and for this client
    /// address, with the oldest of each (to tell when the limit lifts).
    pub async fn login_failures_since(
        &self,
        username: &str,
        client_addr: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<LoginFailures> {
        on_pool!(self, |pool| {
            let by_username: (i64, Option<DateTime<Utc>>) = sqlx::query_as(
                "SELECT COUNT(*), MIN(at) FROM login_failures WHERE username = $1 AND at > $2",
            )
            .bind(username)
            .bind(since)
            .fetch_one(pool)
            .await?;
            let by_client: (i64, Option<DateTime<Utc>>) = sqlx::query_as(
                "SELECT COUNT(*), MIN(at) FROM login_failures WHERE client_addr = $1 AND at > $2",
            )
            .bind(client_addr)
            .bind(since)
            .fetch_one(pool)
            .await?;
            Ok::<_, sqlx::Error>(LoginFailures {
                by_username,
                by_client,
            })
        })
    }

    /// Forgets failures older than `before` and expired sessions.
    pub async fn prune(&self, before: DateTime<Utc>) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM login_failures WHERE at < $1")
                .bind(before)
                .execute(pool)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(now())
                .execute(pool)
                .await
                .map(|_| ())
        })
    }
}

/// Counts of recent failed logins, and the time of the oldest in the window.
#[derive(Clone, Copy, Debug)]
pub struct LoginFailures {
    pub by_username: (i64, Option<DateTime<Utc>>),
    pub by_client: (i64, Option<DateTime<Utc>>),
}
