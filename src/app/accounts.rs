//! Accounts and sessions: registering, logging in and out, the password
//! limits, changing the password, deleting the account.

use crate::locale::{Message, msg};
use chrono::{Duration, Utc};

use super::settings::{check_time_zone, to_stored};
use super::{Actor, App, AppError, AppResult, Check, Input, RateLimit, TokenScope};
use crate::auth::{hash_password, new_secret, verify_password};
use crate::domain::settings::{Language, Settings};
use crate::store::Account;

/// Failed logins allowed in the window, per username and per client address.
pub const MAX_FAILURES_PER_USERNAME: i64 = 10;
pub const MAX_FAILURES_PER_CLIENT: i64 = 50;
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// The window of the per-address registration limit.
pub const REGISTRATION_WINDOW: Duration = Duration::hours(1);

/// Longest username and password, in characters (spec: 3–32 and 8–128).
pub const USERNAME_MAX: usize = 32;
pub const PASSWORD_MAX: usize = 128;

/// A username and password as sent, to register or to log in.
#[derive(Debug, Default)]
pub struct Credentials {
    pub username: Input<String>,
    pub password: Input<String>,
}

/// A new account: its credentials, and optionally its time zone and
/// language; without a language, the browser's `Accept-Language` picks.
#[derive(Debug, Default)]
pub struct Registration {
    pub credentials: Credentials,
    pub time_zone: Input<String>,
    pub language: Input<String>,
    pub accept_language: Option<String>,
}

#[derive(Debug, Default)]
pub struct PasswordChange {
    pub current_password: Input<String>,
    pub new_password: Input<String>,
}

#[derive(Debug, Default)]
pub struct AccountDeletion {
    pub password: Input<String>,
}

/// A secret a request presents, already hashed (SHA-256): only hashes are
/// stored, so the lookup needs nothing else.
#[derive(Clone, Debug)]
pub enum Credential {
    /// An API token (`Authorization: Bearer`).
    Token(String),
    /// A session cookie.
    Session(String),
}

/// A session just started: the secret goes into the cookie, once.
#[derive(Debug)]
pub struct NewSession {
    pub account: Account,
    pub secret: String,
    pub lifetime: Duration,
}

/// Whole seconds from `now` to `then`, at least 1 (for `Retry-After`).
fn seconds_until(then: chrono::DateTime<Utc>, now: chrono::DateTime<Utc>) -> u64 {
    (then - now).num_seconds().max(1) as u64
}

/// The hash a password is checked against: the predecessor's while an
/// account moved from it has not logged in yet, ours otherwise.
fn effective_hash(account: &Account) -> String {
    account
        .legacy_password_hash
        .clone()
        .unwrap_or_else(|| account.password_hash.clone())
}

/// Folds a username to lowercase and checks its form.
fn check_username(check: &mut Check, raw: Option<String>) -> Option<String> {
    let name = raw?.trim().to_lowercase();
    if !crate::domain::legacy::username_is_valid(&name) {
        check.fail("username", msg("username-format"));
        return None;
    }
    Some(name)
}

fn check_password(check: &mut Check, field: &str, raw: Option<String>) -> Option<String> {
    let password = raw?;
    if !(8..=PASSWORD_MAX).contains(&password.chars().count()) {
        check.fail(field, msg("password-length"));
        return None;
    }
    Some(password)
}

impl App {
    /// The account a credential belongs to, or `Unauthenticated`.
    pub async fn authenticate(&self, credential: &Credential) -> AppResult<Actor> {
        match credential {
            Credential::Token(hash) => {
                let (account_id, scope) = self
                    .store
                    .use_token(hash)
                    .await?
                    .ok_or(AppError::Unauthenticated)?;
                Ok(Actor {
                    account_id,
                    session_hash: None,
                    scope: TokenScope::parse(&scope).unwrap_or(TokenScope::Read),
                })
            }
            Credential::Session(hash) => Ok(Actor {
                account_id: self
                    .store
                    .session(hash, self.idle_since())
                    .await?
                    .ok_or(AppError::Unauthenticated)?
                    .account_id,
                session_hash: Some(hash.clone()),
                scope: TokenScope::Full,
            }),
        }
    }

    /// The signed-in account of a session, for the pages; `None` when the
    /// session or its account is gone.
    pub async fn session_account(&self, session_hash: &str) -> AppResult<Option<Account>> {
        Ok(self
            .store
            .account_by_session(session_hash, self.idle_since())
            .await?)
    }

    /// Validates and creates an account, under the per-address limit. It
    /// does not log in. A taken name is answered without hashing.
    pub async fn register(&self, client: &str, cmd: Registration) -> AppResult<Account> {
        let mut check = Check::new();
        let username = check.required("username", cmd.credentials.username);
        let username = check_username(&mut check, username);
        let password = check.required("password", cmd.credentials.password);
        let password = check_password(&mut check, "password", password);
        let time_zone = check.optional("time_zone", cmd.time_zone);
        let time_zone = check_time_zone(&mut check, "time_zone", time_zone);
        let language = check.optional("language", cmd.language);
        let language = match language {
            Some(name) => {
                let language = Language::parse(name.trim());
                if language.is_none() {
                    check.fail(
                        "language",
                        msg("must-be-one-of").arg("allowed", Language::names()),
                    );
                }
                language
            }
            None => Some(Language::from_accept_language(
                cmd.accept_language.as_deref().unwrap_or(""),
            )),
        };
        check.finish()?;
        let settings = Settings {
            time_zone: time_zone.unwrap_or(chrono_tz::Tz::UTC),
            language: language.unwrap_or_default(),
            ..Settings::default()
        };
        let (username, password) = (username.unwrap_or_default(), password.unwrap_or_default());
        let taken =
            || AppError::Conflict(msg("username-taken-named").arg("username", username.as_str()));
        if self.store.account_by_username(&username).await?.is_some() {
            return Err(taken());
        }
        let reservation = self.reserve_registration(client).await?;
        let created = async {
            let hash = hash_password(password).await?;
            self.store
                .create_account(&username, &hash, &to_stored(&settings))
                .await?
                .ok_or_else(taken)
        }
        .await;
        match (&created, reservation) {
            (Ok(account), _) => tracing::info!(account_id = account.id, "account registered"),
            (Err(_), Some(id)) => self.store.forget_registration(id).await?,
            (Err(_), None) => {}
        }
        created
    }

    /// Counts a registration from `client` against the hourly limit
    /// (`RateLimited` past it); the reservation to forget if no account
    /// comes of it. `None` when the limit is off.
    async fn reserve_registration(&self, client: &str) -> AppResult<Option<i64>> {
        let limit = self.limits.register_per_hour;
        if limit == 0 {
            return Ok(None);
        }
        let now = Utc::now();
        let (id, count, oldest) = self
            .store
            .begin_registration(client, now - REGISTRATION_WINDOW)
            .await?;
        if count > i64::from(limit) {
            self.store.forget_registration(id).await?;
            return Err(AppError::RateLimited {
                retry_after: seconds_until(oldest.unwrap_or(now) + REGISTRATION_WINDOW, now),
                limit: RateLimit::Registrations,
            });
        }
        Ok(Some(id))
    }

    /// Checks the credentials under the rate limits and starts a session,
    /// which replaces `previous` (the session the browser held, if any).
    pub async fn log_in(
        &self,
        client: &str,
        cmd: Credentials,
        previous: Option<&str>,
    ) -> AppResult<NewSession> {
        let mut check = Check::new();
        let username = check.required("username", cmd.username);
        if username
            .as_deref()
            .is_some_and(|u| u.contains(char::is_control))
        {
            // No account has such a name, and PostgreSQL text cannot hold NUL.
            check.fail("username", msg("no-control-characters"));
        }
        let password = check.required("password", cmd.password);
        check.finish()?;
        let username = username.unwrap_or_default().trim().to_lowercase();
        let password = password.unwrap_or_default();
        // No account has a longer name or password: refused as a wrong
        // password, before any database work or hashing (a huge username
        // never reaches an index, a huge password never the hasher).
        if username.chars().count() > USERNAME_MAX || password.chars().count() > PASSWORD_MAX {
            return Err(AppError::Unauthenticated);
        }

        let account = self.store.account_by_username(&username).await?;
        // Kept only to rehash a predecessor's password once it verifies.
        let password_again = account
            .as_ref()
            .filter(|a| a.legacy_password_hash.is_some())
            .map(|_| password.clone());
        let hash = account.as_ref().map(effective_hash);
        if !self
            .verify_password_limited(&username, client, password, hash)
            .await?
        {
            tracing::info!(client_addr = %client, "login failed");
            return Err(AppError::Unauthenticated);
        }
        let account = account.ok_or(AppError::Unauthenticated)?;
        if let Some(legacy) = &account.legacy_password_hash {
            // Verified once: from now on the password is ours (argon2id).
            let hash = hash_password(password_again.unwrap_or_default()).await?;
            self.store
                .replace_legacy_password(account.id, legacy, &hash)
                .await?;
            tracing::info!(account_id = account.id, "legacy password rehashed");
        }

        let (secret, secret_hash) = new_secret("");
        let lifetime = Duration::days(i64::from(self.limits.session_days));
        self.store
            .create_session(&secret_hash, account.id, Utc::now() + lifetime, previous)
            .await?;
        tracing::info!(account_id = account.id, "logged in");
        Ok(NewSession {
            account,
            secret,
            lifetime,
        })
    }

    /// Sessions unused since this instant have ended.
    pub(super) fn idle_since(&self) -> chrono::DateTime<Utc> {
        Utc::now() - Duration::days(i64::from(self.limits.session_idle_days))
    }

    /// Ends the actor's session (nothing to end for a token).
    pub async fn log_out(&self, actor: &Actor) -> AppResult<()> {
        if let Some(hash) = &actor.session_hash {
            self.store.delete_session(hash).await?;
        }
        Ok(())
    }

    /// The actor's account, or `Unauthenticated` (a deleted account's session
    /// finds none).
    pub async fn account(&self, actor: &Actor) -> AppResult<Account> {
        self.store
            .account(actor.account_id)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    /// Whether `password` matches `hash` (`None`: an unknown username), under
    /// the failed-password limits: `RateLimited` once `username` or `client`
    /// has failed too often within the window, and a failure counted
    /// otherwise. Logging in, changing the password and deleting the account
    /// share these counts, so none of them is a way around the others' limit.
    async fn verify_password_limited(
        &self,
        username: &str,
        client: &str,
        password: String,
        hash: Option<String>,
    ) -> AppResult<bool> {
        let now = Utc::now();
        let (attempt, failures) = self
            .store
            .begin_login_attempt(username, client, now - FAILURE_WINDOW)
            .await?;
        // The count includes this attempt: it may be the limit-th.
        for ((count, oldest), limit) in [
            (failures.by_username, MAX_FAILURES_PER_USERNAME),
            (failures.by_client, MAX_FAILURES_PER_CLIENT),
        ] {
            if count > limit {
                // Refused attempts are not counted: an attacker who keeps
                // trying does not push the end of the lockout further.
                self.store.forget_login_attempt(attempt).await?;
                return Err(AppError::RateLimited {
                    retry_after: seconds_until(oldest.unwrap_or(now) + FAILURE_WINDOW, now),
                    limit: RateLimit::FailedLogins,
                });
            }
        }
        let matches = match verify_password(password, hash).await {
            Ok(matches) => matches,
            Err(err) => {
                // Not checked (the queue was full): not a failure.
                self.store.forget_login_attempt(attempt).await?;
                return Err(err.into());
            }
        };
        if matches {
            self.store.forget_login_attempt(attempt).await?;
        }
        Ok(matches)
    }

    /// That the signed-in person knows the account's password (under the
    /// login limits): a validation error on `field` otherwise.
    pub(super) async fn confirm_password(
        &self,
        actor: &Actor,
        client: &str,
        password: Option<String>,
        field: &str,
        wrong: Message,
    ) -> AppResult<()> {
        let account = self.account(actor).await?;
        let hash = Some(effective_hash(&account));
        let password = password.unwrap_or_default();
        if self
            .verify_password_limited(&account.username, client, password, hash)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::invalid(field, wrong))
        }
    }

    /// Checks the current password and sets the new one. Every other
    /// session of the account ends and every API token and share link is revoked (the
    /// token this request came with, too), so that someone who changes a
    /// stolen password locks everyone else out.
    pub async fn change_password(
        &self,
        actor: &Actor,
        client: &str,
        cmd: PasswordChange,
    ) -> AppResult<()> {
        let mut check = Check::new();
        let current = check.required("current_password", cmd.current_password);
        let new = check.required("new_password", cmd.new_password);
        let new = check_password(&mut check, "new_password", new);
        check.finish()?;
        self.confirm_password(
            actor,
            client,
            current,
            "current_password",
            msg("password-not-current"),
        )
        .await?;
        let hash = hash_password(new.unwrap_or_default()).await?;
        self.store
            .set_password(actor.account_id, &hash, actor.session_hash.as_deref())
            .await?;
        tracing::info!(account_id = actor.account_id, "password changed");
        Ok(())
    }

    /// Checks the password and deletes the account and all its data.
    pub async fn delete_account(
        &self,
        actor: &Actor,
        client: &str,
        cmd: AccountDeletion,
    ) -> AppResult<()> {
        let mut check = Check::new();
        let password = check.required("password", cmd.password);
        check.finish()?;
        self.confirm_password(
            actor,
            client,
            password,
            "password",
            msg("password-not-accounts"),
        )
        .await?;
        self.store.delete_account(actor.account_id).await?;
        tracing::info!(account_id = actor.account_id, "account deleted");
        Ok(())
    }
}
