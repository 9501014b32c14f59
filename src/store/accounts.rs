//! Accounts, sessions and the failed-login log.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use super::cells::{Cells, Param};
use super::{
    Store, StoreError, StoreResult, StoredSettings, begin_write, now, on_pool, on_write_pool,
};
use crate::domain::settings::{EnergyUnit, Language, LengthUnit, WeightUnit};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    /// The predecessor's Werkzeug hash, until the first login replaces it.
    pub legacy_password_hash: Option<String>,
    /// The predecessor's user id, for accounts `import-legacy` created.
    pub legacy_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// Columns of the same row, read with it (a page needs them anyway).
    #[sqlx(flatten)]
    pub settings: StoredSettings,
}

/// The columns of an `Account`.
pub(super) const ACCOUNT_COLUMNS: &str = "id, username, password_hash, legacy_password_hash, legacy_user_id, created_at, \
     time_zone, language, energy_unit, weight_unit, length_unit";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRecord {
    pub account_id: i64,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
}

/// The condition a live session meets, with `$1` its token hash, `$2` now
/// and `$3` the instant before which an unused session has ended: every
/// statement that accepts a session uses it.
pub(super) const LIVE_SESSION: &str = "token_hash = $1 AND expires_at > $2 AND last_used_at > $3";

/// Reads an account in `ACCOUNT_COLUMNS`' order.
fn account_row(row: &dyn Cells) -> StoreResult<Account> {
    fn named<T>(row: &dyn Cells, i: usize, parse: fn(&str) -> Option<T>) -> StoreResult<T> {
        let text = row.text(i)?;
        parse(&text).ok_or_else(|| {
            StoreError::Other(format!("`{text}` is not a value of column {i}").into())
        })
    }
    Ok(Account {
        id: row.int(0)?,
        username: row.text(1)?,
        password_hash: row.text(2)?,
        legacy_password_hash: row.maybe_text(3)?,
        legacy_user_id: row.maybe_int(4)?,
        created_at: row.time(5)?,
        settings: StoredSettings {
            time_zone: row.text(6)?,
            language: named(row, 7, Language::parse)?,
            energy_unit: named(row, 8, EnergyUnit::parse)?,
            weight_unit: named(row, 9, WeightUnit::parse)?,
            length_unit: named(row, 10, LengthUnit::parse)?,
        },
    })
}

/// The columns of `ACCOUNT_COLUMNS` after which a session's read puts its
/// `last_used_at`.
const ACCOUNT_COLUMN_COUNT: usize = 11;

static SESSION_SQL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT account_id, expires_at, last_used_at FROM sessions WHERE {LIVE_SESSION}")
});

static ACCOUNT_BY_SESSION_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {}, s.last_used_at FROM accounts a JOIN \
         (SELECT account_id, last_used_at FROM sessions WHERE {LIVE_SESSION}) s \
         ON a.id = s.account_id",
        ACCOUNT_COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
});

/// `LIVE_SESSION`'s parameters.
fn live_session_params(
    token_hash: &str,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Vec<Param> {
    vec![
        Param::Text(token_hash.to_owned()),
        Param::Time(now),
        Param::Time(idle_since),
    ]
}

impl Store {
    /// Creates an account; `None` when the username is taken.
    pub async fn create_account(
        &self,
        username: &str,
        password_hash: &str,
        settings: &StoredSettings,
    ) -> StoreResult<Option<Account>> {
        let result = on_write_pool!(self, |pool| {
            sqlx::query_as::<_, Account>(&format!(
                "INSERT INTO accounts (username, password_hash, created_at,
                                       time_zone, language, energy_unit, weight_unit, length_unit)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 RETURNING {ACCOUNT_COLUMNS}"
            ))
            .bind(username)
            .bind(password_hash)
            .bind(now())
            .bind(&settings.time_zone)
            .bind(settings.language)
            .bind(settings.energy_unit)
            .bind(settings.weight_unit)
            .bind(settings.length_unit)
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
            sqlx::query_as(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = $1"
            ))
            .bind(username)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn account(&self, id: i64) -> StoreResult<Option<Account>> {
        on_pool!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    /// Replaces a predecessor's hash, verified at a login, by ours; nothing
    /// when it was replaced meanwhile (two first logins at once).
    pub async fn replace_legacy_password(
        &self,
        account_id: i64,
        legacy_hash: &str,
        password_hash: &str,
    ) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "UPDATE accounts SET password_hash = $1, legacy_password_hash = NULL
                 WHERE id = $2 AND legacy_password_hash = $3",
            )
            .bind(password_hash)
            .bind(account_id)
            .bind(legacy_hash)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Sets a new password hash, ends every session but `keep_session` (all
    /// of them when it is `None`) and deletes every API token.
    pub async fn set_password(
        &self,
        account_id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
    ) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_write!(self, pool);
            sqlx::query(
                "UPDATE accounts SET password_hash = $1, legacy_password_hash = NULL WHERE id = $2",
            )
            .bind(password_hash)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
            match keep_session {
                Some(keep) => {
                    sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
                        .bind(account_id)
                        .bind(keep)
                        .execute(&mut *tx)
                        .await?
                }
                None => {
                    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                        .bind(account_id)
                        .execute(&mut *tx)
                        .await?
                }
            };
            sqlx::query("DELETE FROM api_tokens WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            // Share links outlive sessions as tokens do: a thief's go too.
            sqlx::query("DELETE FROM share_links WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        })
    }

    /// Deletes the account; every row it owns goes with it (ON DELETE CASCADE).
    pub async fn delete_account(&self, account_id: i64) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM accounts WHERE id = $1")
                .bind(account_id)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    /// Starts a session, ending `replaces` (whosever it was: the browser
    /// that presents it holds its secret) in the same transaction.
    pub async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        expires_at: DateTime<Utc>,
        replaces: Option<&str>,
    ) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            let mut tx = begin_write!(self, pool);
            if let Some(old) = replaces {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(old)
                    .execute(&mut *tx)
                    .await?;
            }
            let now = now();
            sqlx::query(
                "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_used_at)
                 VALUES ($1, $2, $3, $4, $3)",
            )
            .bind(token_hash)
            .bind(account_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await
        })
    }

    /// The live session with this token hash, if any: not expired and used
    /// since `idle_since`. Marks it used (`touch_session`).
    pub async fn session(
        &self,
        token_hash: &str,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<SessionRecord>> {
        let now = now();
        let session = self
            .read_rows(
                SESSION_SQL.as_str().into(),
                live_session_params(token_hash, now, idle_since),
                |row| {
                    Ok(SessionRecord {
                        account_id: row.int(0)?,
                        expires_at: row.time(1)?,
                        last_used_at: row.time(2)?,
                    })
                },
            )
            .await?
            .pop();
        if let Some(s) = &session {
            self.touch_session(token_hash, s.last_used_at, now).await?;
        }
        Ok(session)
    }

    /// The account of a live session, read with it in one statement, and
    /// the session marked used as `session` does.
    pub async fn account_by_session(
        &self,
        token_hash: &str,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<Account>> {
        let now = now();
        let found = self
            .read_rows(
                ACCOUNT_BY_SESSION_SQL.as_str().into(),
                live_session_params(token_hash, now, idle_since),
                |row| Ok((account_row(row)?, row.time(ACCOUNT_COLUMN_COUNT)?)),
            )
            .await?
            .pop();
        let Some((account, last_used_at)) = found else {
            return Ok(None);
        };
        self.touch_session(token_hash, last_used_at, now).await?;
        Ok(Some(account))
    }

    /// Marks a session used at `now`, at most once a minute (`last_used_at`
    /// is when it was last marked), so that a busy session does not write on
    /// every request.
    pub(super) async fn touch_session(
        &self,
        token_hash: &str,
        last_used_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        if last_used_at >= now - chrono::Duration::minutes(1) {
            return Ok(());
        }
        on_write_pool!(self, |pool| {
            sqlx::query("UPDATE sessions SET last_used_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    /// Records a password check about to happen, counted as a failure
    /// until `forget_login_attempt` says it succeeded, and answers the
    /// counts in the window since `since`, this attempt included. Recording
    /// before counting is what makes the limit hold under concurrency: of
    /// any number of simultaneous attempts, the last one recorded sees all
    /// the others, so at most the limit of them see a count within it. Each
    /// counts only the attempts recorded before it (by id), so that the
    /// first ones of a burst pass rather than none.
    pub async fn begin_login_attempt(
        &self,
        username: &str,
        client_addr: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, LoginFailures)> {
        on_write_pool!(self, |pool| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO login_failures (username, client_addr, at) VALUES ($1, $2, $3)
                 RETURNING id",
            )
            .bind(username)
            .bind(client_addr)
            .bind(now())
            .fetch_one(pool)
            .await?;
            let (by_username_count, by_username_oldest, by_client_count, by_client_oldest): (
                i64,
                Option<DateTime<Utc>>,
                i64,
                Option<DateTime<Utc>>,
            ) = sqlx::query_as(
                "SELECT
                   (SELECT COUNT(*) FROM login_failures
                     WHERE username = $1 AND at > $3 AND id <= $4),
                   (SELECT MIN(at) FROM login_failures WHERE username = $1 AND at > $3),
                   (SELECT COUNT(*) FROM login_failures
                     WHERE client_addr = $2 AND at > $3 AND id <= $4),
                   (SELECT MIN(at) FROM login_failures WHERE client_addr = $2 AND at > $3)",
            )
            .bind(username)
            .bind(client_addr)
            .bind(since)
            .bind(id)
            .fetch_one(pool)
            .await?;
            Ok::<_, sqlx::Error>((
                id,
                LoginFailures {
                    by_username: (by_username_count, by_username_oldest),
                    by_client: (by_client_count, by_client_oldest),
                },
            ))
        })
    }

    /// Removes an attempt: the password was right, or it was never checked.
    pub async fn forget_login_attempt(&self, id: i64) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM login_failures WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    /// Records a registration about to happen from `client_addr` and answers
    /// how many there were since `since` (this one included) and the oldest;
    /// as for logins, recording first keeps the limit under concurrency.
    pub async fn begin_registration(
        &self,
        client_addr: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, i64, Option<DateTime<Utc>>)> {
        on_write_pool!(self, |pool| {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO registrations (client_addr, at) VALUES ($1, $2) RETURNING id",
            )
            .bind(client_addr)
            .bind(now())
            .fetch_one(pool)
            .await?;
            let (count, oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
                "SELECT COUNT(*), MIN(at) FROM registrations
                 WHERE client_addr = $1 AND at > $2 AND id <= $3",
            )
            .bind(client_addr)
            .bind(since)
            .bind(id)
            .fetch_one(pool)
            .await?;
            Ok::<_, sqlx::Error>((id, count, oldest))
        })
    }

    /// Removes a registration that did not create an account.
    pub async fn forget_registration(&self, id: i64) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM registrations WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
        })
    }

    /// Forgets failures and registrations older than `before`, and sessions
    /// expired or unused since `idle_since`.
    pub async fn prune(&self, before: DateTime<Utc>, idle_since: DateTime<Utc>) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM login_failures WHERE at < $1")
                .bind(before)
                .execute(pool)
                .await?;
            sqlx::query("DELETE FROM registrations WHERE at < $1")
                .bind(before)
                .execute(pool)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1 OR last_used_at < $2")
                .bind(now())
                .bind(idle_since)
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
