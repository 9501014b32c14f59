//! Share links: a read-only report of the diary for a coach, reached by a
//! secret link with no login (data.md §4). The secret is shown once, at
//! creation, and kept only as a hash; a revoked or expired link answers
//! nothing at once (every page request looks it up).

use chrono::NaiveDate;

use super::tokens::future_moment;
use super::{Actor, App, AppError, AppResult, Check, Input, TokenScope};
use crate::auth::{hash_secret, new_secret};
use crate::domain::quotas::SHARE_LINKS;
use crate::locale::msg;
use crate::store::ShareLink;

/// What every share secret starts with.
pub const SHARE_PREFIX: &str = "ns_";

/// Days a report shows when its link names no range: the last 30 up to the
/// account's today.
pub const DEFAULT_DAYS: i64 = 30;

/// Days a report shows at most.
pub const MAX_DAYS: i64 = 366;

#[derive(Debug, Default)]
pub struct NewShare {
    pub name: Input<String>,
    /// `YYYY-MM-DD`, optional.
    pub from: Input<String>,
    pub to: Input<String>,
    /// RFC 3339 or a date (through that day), in the future; absent: never.
    pub expires_at: Input<String>,
}

/// A share link just created, with its secret (never stored, never shown
/// again).
#[derive(Debug)]
pub struct CreatedShare {
    pub share: ShareLink,
    pub secret: String,
}

impl CreatedShare {
    /// The page's path: `/shared/<secret>`.
    pub fn url(&self) -> String {
        format!("/shared/{}", self.secret)
    }
}

/// A live link, opened: who the report is of and the days it shows.
#[derive(Debug)]
pub struct OpenedShare {
    pub share: ShareLink,
    /// Acts for the link's account (read-only: the report only reads).
    pub actor: Actor,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl App {
    pub async fn create_share(&self, actor: &Actor, cmd: NewShare) -> AppResult<CreatedShare> {
        let mut check = Check::new();
        let name = check.required("name", cmd.name);
        let name = check.text("name", name, 100);
        let from = check.optional("from", cmd.from);
        let from = check.date("from", from);
        let to = check.optional("to", cmd.to);
        let to = check.date("to", to);
        let expires_at = check.optional("expires_at", cmd.expires_at);
        let zone = self.settings(actor).await?.time_zone;
        let expires_at =
            future_moment(&mut check, "expires_at", expires_at, self.clock.now(), zone);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                check.fail("to", msg("not-before-from"));
            } else if (t - f).num_days() + 1 > MAX_DAYS {
                check.fail("to", msg("range-too-long").arg("days", MAX_DAYS as f64));
            }
        }
        check.finish()?;
        let (secret, hash) = new_secret(SHARE_PREFIX);
        let share = self
            .store
            .create_share(
                actor.account_id,
                &name.unwrap_or_default(),
                &hash,
                from,
                to,
                expires_at,
                SHARE_LINKS,
            )
            .await
            .map_err(AppError::within(SHARE_LINKS))?;
        Ok(CreatedShare { share, secret })
    }

    /// The actor's share links, without their secrets.
    pub async fn shares(&self, actor: &Actor) -> AppResult<Vec<ShareLink>> {
        Ok(self.store.shares(actor.account_id).await?)
    }

    /// Revokes a link at once; `NotFound` for another account's.
    pub async fn delete_share(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if self.store.delete_share(actor.account_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The live link `secret` opens, with the days its report shows:
    /// `NotFound` for an unknown, revoked or expired one. A link without a
    /// range shows the last 30 days up to the account's today; one with
    /// only `from` runs to today (at most 366 days), one with only `to`
    /// the 30 days up to it.
    pub async fn open_share(&self, secret: &str) -> AppResult<OpenedShare> {
        if !secret.starts_with(SHARE_PREFIX) || secret.len() > 100 {
            return Err(AppError::NotFound);
        }
        let share = self
            .store
            .live_share(&hash_secret(secret))
            .await?
            .ok_or(AppError::NotFound)?;
        let actor = Actor {
            account_id: share.account_id,
            session_hash: None,
            scope: TokenScope::Read,
        };
        let today = self.today(&actor).await?;
        let (from, to) = report_range(share.date_from, share.date_to, today);
        Ok(OpenedShare {
            share,
            actor,
            from,
            to,
        })
    }
}

/// The days a report shows: see [`App::open_share`].
pub fn report_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let span = |days: i64| chrono::Duration::days(days - 1);
    match (from, to) {
        (Some(f), Some(t)) => (f, t.min(f + span(MAX_DAYS))),
        (Some(f), None) => {
            let t = today.max(f);
            (f, t.min(f + span(MAX_DAYS)))
        }
        (None, Some(t)) => (t - span(DEFAULT_DAYS), t),
        (None, None) => (today - span(DEFAULT_DAYS), today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_report_shows_its_range_or_the_last_thirty_days() {
        let today = d("2026-12-03");
        assert_eq!(report_range(None, None, today), (d("2026-11-04"), today));
        assert_eq!(
            report_range(Some(d("2026-01-01")), Some(d("2026-01-31")), today),
            (d("2026-01-01"), d("2026-01-31"))
        );
        assert_eq!(
            report_range(Some(d("2026-11-30")), None, today),
            (d("2026-11-30"), today)
        );
        // At most 366 days.
        assert_eq!(
            report_range(Some(d("2020-01-01")), None, today),
            (d("2020-01-01"), d("2020-12-31"))
        );
        assert_eq!(
            report_range(None, Some(d("2026-02-28")), today),
            (d("2026-01-30"), d("2026-02-28"))
        );
    }
}
