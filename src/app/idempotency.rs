//! `Idempotency-Key`s (everywhere.md §3): a create sent twice — a retry
//! after a lost answer, an off-line queue replayed — creates once. The
//! front end claims the key with a fingerprint of the request before it
//! runs the create, and stores the answer after; a repeat within 24 hours
//! gets that answer again.

use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};

use super::{Actor, App, AppError, AppResult};
use crate::locale::msg;
use crate::store::{Claim, StoredResponse};

/// How long a key's answer is replayed.
pub const KEY_LIFETIME: Duration = Duration::hours(24);
/// An unanswered key older than this belongs to a request that died (the
/// process was killed mid-request): it is claimed afresh.
const ABANDONED_AFTER: Duration = Duration::seconds(60);
/// How long a repeat waits for the first request with its key to finish.
const WAIT_FOR_FIRST: StdDuration = StdDuration::from_secs(10);
const POLL: StdDuration = StdDuration::from_millis(25);

pub const KEY_FIELD: &str = "Idempotency-Key";

/// A key as sent: 1 to 255 visible ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &[u8]) -> AppResult<IdempotencyKey> {
        let visible = raw.iter().all(|b| (0x21..=0x7e).contains(b));
        if raw.is_empty() || raw.len() > 255 || !visible {
            return Err(AppError::invalid(KEY_FIELD, msg("idempotency-key-format")));
        }
        Ok(IdempotencyKey(String::from_utf8_lossy(raw).into_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What to do with a request bearing a key.
#[derive(Debug)]
pub enum Replay {
    /// First use: run it, then `remember_answer`.
    Run,
    /// A repeat: answer this again.
    Answer(StoredResponse),
}

impl App {
    /// Claims `key` for the actor's request of fingerprint `request_hash`:
    /// `Run` for its first use, the stored answer for a repeat (waiting
    /// for the first to finish when they run at once), a 422 naming the
    /// key when it was used for another request, a 409 when the first is
    /// still running after a while.
    pub async fn claim_idempotency_key(
        &self,
        actor: &Actor,
        key: &IdempotencyKey,
        request_hash: &str,
    ) -> AppResult<Replay> {
        let deadline = tokio::time::Instant::now() + WAIT_FOR_FIRST;
        loop {
            let now = Utc::now();
            let claim = self
                .store
                .claim_idempotency_key(
                    actor.account_id,
                    key.as_str(),
                    request_hash,
                    now - KEY_LIFETIME,
                    now - ABANDONED_AFTER,
                )
                .await?;
            match claim {
                Claim::Claimed => return Ok(Replay::Run),
                Claim::Taken {
                    request_hash: first,
                    ..
                } if first != request_hash => {
                    return Err(AppError::invalid(KEY_FIELD, msg("idempotency-key-reused")));
                }
                Claim::Taken {
                    response: Some(answer),
                    ..
                } => return Ok(Replay::Answer(answer)),
                Claim::Taken { response: None, .. } => {
                    if tokio::time::Instant::now() >= deadline {
                        return Err(AppError::Conflict(msg("idempotency-key-running")));
                    }
                    tokio::time::sleep(POLL).await;
                }
            }
        }
    }

    /// Stores the answer to a claimed key; `None` (the request failed)
    /// frees the key, so the same request can be tried again.
    pub async fn remember_answer(
        &self,
        actor: &Actor,
        key: &IdempotencyKey,
        answer: Option<StoredResponse>,
    ) -> AppResult<()> {
        match answer {
            Some(answer) => {
                self.store
                    .complete_idempotency_key(actor.account_id, key.as_str(), &answer)
                    .await?
            }
            None => {
                self.store
                    .release_idempotency_key(actor.account_id, key.as_str())
                    .await?
            }
        }
        Ok(())
    }

    /// Forgets keys past their lifetime (the hourly maintenance).
    pub async fn prune_idempotency_keys(&self) -> AppResult<u64> {
        Ok(self
            .store
            .prune_idempotency_keys(Utc::now() - KEY_LIFETIME)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_to_255_visible_ascii_characters() {
        assert!(IdempotencyKey::parse(b"a").is_ok());
        assert!(IdempotencyKey::parse(&[b'~'; 255]).is_ok());
        assert!(IdempotencyKey::parse(b"3f2c-41aa_!#").is_ok());
        for bad in [
            &b""[..],
            &[b'x'; 256],
            b"with space",
            b"tab\t",
            "é".as_bytes(),
            b"\x7f",
        ] {
            match IdempotencyKey::parse(bad) {
                Err(AppError::Validation(errors)) => assert_eq!(errors[0].field, KEY_FIELD),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
