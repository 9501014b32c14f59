//! Password hashing (argon2id) and the random secrets behind sessions and
//! API tokens (stored only as SHA-256 hashes).

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::domain::legacy::LegacyHash;

/// Why a password could not be hashed or verified.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// Every hashing thread is busy and the queue is full: the caller should
    /// answer 503 at once rather than wait behind a flood.
    #[error("the password hashing queue is full")]
    Busy,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

pub const HASHES_METRIC: &str = "nutrinube_password_hashes_total";
pub const HASHES_ABANDONED_METRIC: &str = "nutrinube_password_hashes_abandoned_total";
pub const HASHES_REFUSED_METRIC: &str = "nutrinube_password_hashes_refused_total";

/// Jobs waiting per hashing thread before new ones are refused. In the
/// release build one argon2id computation takes ~25 ms, so a full queue is
/// under a second of waiting: a burst of honest logins fits, a flood gets
/// 503 at once instead of delaying everyone's login by minutes.
const QUEUE_PER_THREAD: usize = 32;

/// Hashes a password with argon2id (OWASP's parameters: 19 MiB, 2 passes).
/// Runs on the hashing threads: it takes tens of milliseconds on purpose.
pub async fn hash_password(password: String) -> Result<String, HashingError> {
    on_hashing_thread(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await?
    .map_err(HashingError::Failed)
}

type HashJob = Box<dyn FnOnce() + Send>;

/// Password hashing runs on a few dedicated threads, half the cores (at least
/// one), rather than on tokio's blocking pool. Each argon2id computation holds
/// 19 MiB: on the blocking pool a burst of 16 logins ran 16 at once (300 MiB)
/// and every pool thread kept its allocator arena's 19 MiB afterwards (the
/// load benchmark saw 1.4 GB resident). Here memory stays at one 19 MiB block
/// per hashing thread, a burst of logins waits its turn instead of taking
/// every core from the other requests, and throughput is what the cores
/// allow anyway. The queue in front is bounded (`QUEUE_PER_THREAD`).
fn hashing_queue() -> &'static std::sync::mpsc::SyncSender<HashJob> {
    static QUEUE: LazyLock<std::sync::mpsc::SyncSender<HashJob>> = LazyLock::new(|| {
        let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
        let (tx, rx) = std::sync::mpsc::sync_channel::<HashJob>(threads * QUEUE_PER_THREAD);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking job loses only its own answer.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(_) => return,
                        }
                    }
                })
                .expect("starting a password hashing thread");
        }
        tx
    });
    &QUEUE
}

/// Runs `f` on a hashing thread and answers its result; `Busy` at once when
/// the queue is full. A job whose caller has gone (the client hung up and
/// its request was dropped) is skipped when its turn comes.
async fn on_hashing_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashingError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        if tx.is_closed() {
            metrics::counter!(HASHES_ABANDONED_METRIC).increment(1);
            return;
        }
        metrics::counter!(HASHES_METRIC).increment(1);
        let _ = tx.send(f());
    });
    match hashing_queue().try_send(job) {
        Ok(()) => {}
        Err(std::sync::mpsc::TrySendError::Full(_)) => {
            metrics::counter!(HASHES_REFUSED_METRIC).increment(1);
            return Err(HashingError::Busy);
        }
        Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
            return Err(anyhow::anyhow!("the password hashing threads are gone").into());
        }
    }
    rx.await
        .map_err(|_| anyhow::anyhow!("a password hashing job was dropped").into())
}

/// A hash of a password nobody has, verified for unknown usernames so that
/// the response time does not tell which usernames exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"no account has this password")
        .expect("hashing the dummy password")
        .to_string()
});

/// Whether `password` matches `hash` (argon2id, or a predecessor's Werkzeug
/// hash); `None` verifies against a dummy hash
/// and answers false, taking the same time.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, HashingError> {
    on_hashing_thread(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        // An account moved from the predecessor keeps its Werkzeug hash
        // until its first login (data.md §2), verified here like ours.
        if LegacyHash::is_legacy(&hash) {
            let legacy = LegacyHash::parse(&hash)
                .ok_or_else(|| anyhow::anyhow!("a stored legacy hash is invalid"))?;
            return Ok(known && legacy.verify(&password));
        }
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| anyhow::anyhow!("a stored hash is invalid: {e}"))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await?
    .map_err(HashingError::Failed)
}

/// A new random secret with a recognisable prefix, and its hash for storage.
pub fn new_secret(prefix: &str) -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_secret(&secret);
    (secret, hash)
}

/// SHA-256 of a high-entropy secret, hex-encoded. (A slow hash is needed only
/// for low-entropy passwords.)
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_hash_is_argon2id_and_verifies() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(
            verify_password("correct horse".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("no account has this password".into(), None)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn werkzeug_hashes_verify_on_the_hashing_threads() {
        // Werkzeug 3.1.3's generate_password_hash("legacy pw", "pbkdf2:sha256:1000").
        let legacy = "pbkdf2:sha256:1000$SKp9VNE29zG2Pzff$6cb0ec53b60d1e995edd5e90fa8835c12704fc78f4ed237c94f66e4e93b973bc";
        assert!(
            verify_password("legacy pw".into(), Some(legacy.into()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("legacy pX".into(), Some(legacy.into()))
                .await
                .unwrap()
        );
        assert!(
            verify_password("x".into(), Some("pbkdf2:sha256:1000$s$zz".into()))
                .await
                .is_err()
        );
    }

    #[test]
    fn secrets_are_unique_and_hashed() {
        let (a, hash_a) = new_secret("nn_");
        let (b, _) = new_secret("nn_");
        assert_ne!(a, b);
        assert!(a.starts_with("nn_") && a.len() > 40);
        assert_eq!(hash_a, hash_secret(&a));
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a));
    }
}
