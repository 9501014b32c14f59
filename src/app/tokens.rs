//! API tokens: created with a secret shown once, listed, revoked. A token
//! has a scope (everything, reading only, or the health push) and may
//! expire; creating one needs the account's password, since a token
//! outlives sessions (data.md §4).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

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
    /// RFC 3339 or a date (through that day), in the future; absent: never.
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

/// A moment still to come, or a failure on `field`: RFC 3339, or a date
/// (`YYYY-MM-DD`) meaning "through that day" in the account's `zone`, so
/// the end of that day there (what a form's date field gives).
pub(super) fn future_moment(
    check: &mut Check,
    field: &str,
    raw: Option<String>,
    now: DateTime<Utc>,
    zone: Tz,
) -> Option<DateTime<Utc>> {
    let raw = raw?;
    match parse_moment(raw.trim(), zone) {
        None => {
            check.fail(field, msg("moment-format"));
            None
        }
        Some(at) if at <= now => {
            check.fail(field, msg("moment-in-past"));
            None
        }
        Some(at) => Some(at),
    }
}

fn parse_moment(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    let midnight = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
    // A midnight skipped by a clock change: the first moment after it.
    let local = zone.from_local_datetime(&midnight).earliest().or_else(|| {
        zone.from_local_datetime(&(midnight + Duration::hours(1)))
            .earliest()
    })?;
    Some(local.with_timezone(&Utc))
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
        let zone = self.settings(actor).await?.time_zone;
        let expires_at =
            future_moment(&mut check, "expires_at", expires_at, self.clock.now(), zone);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_moment_is_rfc_3339_or_the_end_of_a_day_where_the_account_is() {
        let madrid: Tz = "Europe/Madrid".parse().unwrap();
        assert_eq!(
            parse_moment("2027-01-31T12:00:00+01:00", madrid),
            Some(at("2027-01-31T11:00:00Z"))
        );
        // Through 31 January in Madrid (UTC+1 in winter).
        assert_eq!(
            parse_moment("2027-01-31", madrid),
            Some(at("2027-01-31T23:00:00Z"))
        );
        // Summer time there: UTC+2.
        assert_eq!(
            parse_moment("2027-07-01", madrid),
            Some(at("2027-07-01T22:00:00Z"))
        );
        // Where midnight is skipped by the clock change (Santiago, 2026-09-06).
        let santiago: Tz = "America/Santiago".parse().unwrap();
        assert_eq!(
            parse_moment("2026-09-05", santiago),
            Some(at("2026-09-06T04:00:00Z"))
        );
        for bad in [
            "",
            "tomorrow",
            "2027-02-30",
            "2027-01-31 12:00",
            "31/01/2027",
        ] {
            assert_eq!(parse_moment(bad, madrid), None, "{bad}");
        }
    }

    #[test]
    fn a_moment_must_be_to_come() {
        let mut check = Check::new();
        let now = at("2027-02-01T00:30:00Z");
        let zone: Tz = "UTC".parse().unwrap();
        assert_eq!(
            future_moment(
                &mut check,
                "expires_at",
                Some("2027-01-31".into()),
                now,
                zone
            ),
            None
        );
        assert_eq!(
            future_moment(
                &mut check,
                "expires_at",
                Some("2027-02-01".into()),
                now,
                zone
            ),
            Some(at("2027-02-02T00:00:00Z"))
        );
        assert!(check.finish().is_err());
    }
}
