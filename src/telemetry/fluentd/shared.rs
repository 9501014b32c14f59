//! Bookkeeping of the bounded queue, shared by the layer, the handle and the
//! sender thread: counters that the layer reads without locking, and the
//! progress that `flush` waits on.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use super::DROPPED_METRIC;

/// State shared by the layer, the handle and the sender thread.
#[derive(Debug, Default)]
pub(super) struct Shared {
    pub(super) dropped: AtomicU64,
    /// Records accepted into the queue.
    pub(super) enqueued: AtomicU64,
    /// Records taken out of the queue by the sender thread.
    pub(super) taken: AtomicU64,
    progress: Mutex<Progress>,
    pub(super) changed: Condvar,
}

#[derive(Debug, Default)]
pub(super) struct Progress {
    /// Records taken and then sent or given up.
    pub(super) settled: u64,
    /// Set by `flush`: skip the reconnect back-off.
    pub(super) wake: bool,
}

impl Shared {
    pub(super) fn drop_events(&self, n: u64) {
        self.dropped.fetch_add(n, Ordering::Relaxed);
        metrics::counter!(DROPPED_METRIC).increment(n);
    }

    /// Never more than the real queue length: `enqueued` is read first and
    /// only counts completed sends.
    pub(super) fn queued(&self) -> u64 {
        let enqueued = self.enqueued.load(Ordering::SeqCst);
        let taken = self.taken.load(Ordering::SeqCst);
        enqueued.saturating_sub(taken)
    }

    pub(super) fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn settle(&self, n: u64) {
        self.progress().settled += n;
        self.changed.notify_all();
    }

    /// Sleeps until `until`, or until a flush asks to hurry.
    pub(super) fn sleep_until(&self, until: Instant) {
        let mut progress = self.progress();
        while !progress.wake {
            let now = Instant::now();
            if now >= until {
                break;
            }
            progress = self
                .changed
                .wait_timeout(progress, until - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}
