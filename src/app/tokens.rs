//! API tokens: created with a secret shown once, listed, revoked. A token
//! has a scope (everything, reading only, or the health push) and may
//! expire; creating one needs the account's password, since a token
//! outlives sessions (data.md §4).

use chrono::{DateTime, Utc};

use super::{Actor, App, AppError, AppResult, Check, Input, TokenScope};
use crate::auth::new_secret;
use crate::domain::quotas::API_TOKENS;
use crate::locale::msg;
use crate::store::ApiToken;

/// What every token's secret starts with, so a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "nn_";

#[derive(Debug, Default)]
pub struct NewToken {
    pub name: Input<String>,
    /// `full` (when absent), `read` or `health`.
    pub scope: Input<String>,
    /// RFC 3339, in the future; absent: never.
    pub expires_at: Input<String>,
    /// The account's current password.
    pub password: Input<String>,
}

/// A token just created, with its secret (never stored, never shown again).
#[derive(Debug)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
}

/// A moment in RFC 3339 that is still to come, or a failure on `field`.
pub(super) fn future_moment(
    check: &mut Check,
    field: &str,
    raw: Option<String>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let raw = raw?;
    match DateTime::parse_from_rfc3339(raw.trim()) {
        Err(_) => {
            check.fail(field, msg("moment-format"));
            None
        }
        Ok(at) if at.with_timezone(&Utc) <= now => {
            check.fail(field, msg("moment-in-past"));
            None
        }
        Ok(at) => Some(at.with_timezone(&Utc)),
    }
}

impl App {
    /// Creates a token once `cmd.password` proves the signed-in person
    /// knows the account's password (403 otherwise; wrong passwords count
    /// towards the login limits), from `client`.
    pub async fn create_token(
        &self,
        actor: &Actor,
        client: &str,
        cmd: NewToken,
    ) -> AppResult<CreatedToken> {
        let mut check = Check::new();
        let password = check.optional("password", cmd.password);
        let name = check.required("name", cmd.name);
        let name = check.text("name", name, 100);
        let scope = check.optional("scope", cmd.scope);
        let scope = check
            .one_of("scope", scope, TokenScope::parse, "full, read, health")
            .unwrap_or_default();
        let expires_at = check.optional("expires_at", cmd.expires_at);
        let expires_at = future_moment(&mut check, "expires_at", expires_at, Utc::now());
        let Some(password) = password.filter(|p| !p.is_empty()) else {
            return Err(AppError::Forbidden(msg("token-password-required")));
        };
        check.finish()?;
        match self
            .confirm_password(
                actor,
                client,
                Some(password),
                "password",
                msg("token-password-wrong"),
            )
            .await
        {
            Ok(()) => {}
            Err(AppError::Validation(_)) => {
                return Err(AppError::Forbidden(msg("token-password-wrong")));
            }
            Err(e) => return Err(e),
        }
        let (secret, hash) = new_secret(TOKEN_PREFIX);
        let token = self
            .store
            .create_token(
                actor.account_id,
                &name.unwrap_or_default(),
                &hash,
                scope.as_str(),
                expires_at,
                API_TOKENS,
            )
            .await
            .map_err(AppError::within(API_TOKENS))?;
        Ok(CreatedToken { token, secret })
    }

    /// The actor's tokens, without their secrets.
    pub async fn tokens(&self, actor: &Actor) -> AppResult<Vec<ApiToken>> {
        Ok(self.store.tokens(actor.account_id).await?)
    }

    pub async fn delete_token(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if self.store.delete_token(actor.account_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
