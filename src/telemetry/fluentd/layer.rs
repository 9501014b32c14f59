//! The layer (formats events and queues them without ever blocking) and the
//! handle that observes and flushes the queue.

use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use chrono::Utc;
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

use super::FluentdConfig;
use super::forwarder;
use super::record::Record;
use super::shared::Shared;

/// The layer: formats events and queues them for the `fluentd-forward` thread.
#[derive(Debug)]
pub struct FluentdLayer {
    tx: SyncSender<Record>,
    capacity: u64,
    shared: Arc<Shared>,
}

/// Observes and flushes the forwarder; cheap to clone.
#[derive(Debug, Clone)]
pub struct FluentdHandle {
    shared: Arc<Shared>,
}

/// Builds the layer and starts its `fluentd-forward` sender thread. The
/// thread ends once the layer is dropped and the queue is drained.
pub fn fluentd_layer(config: FluentdConfig) -> (FluentdLayer, FluentdHandle) {
    let capacity = config.capacity.max(1);
    let (tx, rx) = mpsc::sync_channel(capacity);
    let shared = Arc::new(Shared::default());
    forwarder::spawn(config.addr, config.tag, rx, Arc::clone(&shared));
    let layer = FluentdLayer {
        tx,
        capacity: capacity as u64,
        shared: Arc::clone(&shared),
    };
    (layer, FluentdHandle { shared })
}

impl FluentdHandle {
    /// Events dropped so far: queue full, or unsent after the retry.
    pub fn dropped(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }

    /// Records waiting in the queue now (not counting the batch in flight);
    /// never more than the configured capacity.
    pub fn queued(&self) -> usize {
        usize::try_from(self.shared.queued()).unwrap_or(usize::MAX)
    }

    /// Best effort, for shutdown: blocks up to `timeout` while the events
    /// queued so far are sent (or given up). Cuts a pending reconnect back-off
    /// short so that a Fluentd that came back in the meantime gets them.
    pub fn flush(&self, timeout: Duration) {
        let target = self.shared.enqueued.load(Ordering::SeqCst);
        let deadline = Instant::now().checked_add(timeout);
        let mut progress = self.shared.progress();
        progress.wake = true;
        self.shared.changed.notify_all();
        while progress.settled < target {
            progress = match deadline {
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        break;
                    }
                    self.shared
                        .changed
                        .wait_timeout(progress, deadline - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self
                    .shared
                    .changed
                    .wait(progress)
                    .unwrap_or_else(PoisonError::into_inner),
            };
        }
        progress.wake = false;
    }
}

impl<S> Layer<S> for FluentdLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        // Full queue (Fluentd down or slow): drop before doing any formatting.
        if self.shared.queued() >= self.capacity {
            self.shared.drop_events(1);
            return;
        }
        let record = Record::from_event(event, Utc::now());
        match self.tx.try_send(record) {
            Ok(()) => {
                self.shared.enqueued.fetch_add(1, Ordering::SeqCst);
            }
            // Full, or the sender thread is gone.
            Err(_) => self.shared.drop_events(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::sync::atomic::AtomicUsize;
    use std::thread;

    use tracing_subscriber::layer::SubscriberExt;

    use super::*;
    use crate::telemetry::fluentd::forwarder::BATCH_MAX;
    use crate::telemetry::fluentd::testing::{config, dead_addr, wait_for};

    #[test]
    fn dead_fluentd_drops_without_blocking() {
        let capacity = 1024;
        let (layer, handle) = fluentd_layer(config(dead_addr(), capacity));
        let total = 50_000u64;
        let mut max_queued = 0;

        let started = Instant::now();
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
            for i in 0..total {
                tracing::info!(i, user = "bob", "event while Fluentd is down");
                max_queued = max_queued.max(handle.queued());
            }
        });
        let elapsed = started.elapsed();
        assert!(
            elapsed < Duration::from_secs(2),
            "emitting took {elapsed:?}"
        );
        assert!(max_queued <= capacity, "queue reached {max_queued}");
        assert!(
            handle.dropped() >= total - 10_000,
            "dropped {}",
            handle.dropped()
        );
        // Nothing is delivered: every event is dropped, queued or in flight.
        assert!(handle.dropped() + handle.queued() as u64 + BATCH_MAX as u64 >= total);

        let started = Instant::now();
        handle.flush(Duration::from_millis(200));
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn stalled_fluentd_drops_without_blocking() {
        // Accepts connections, never reads them nor acks.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepted);
        thread::spawn(move || {
            let mut held = Vec::new();
            for conn in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                held.push(conn);
            }
        });

        let capacity = 512;
        let (layer, handle) = fluentd_layer(config(addr, capacity));
        let mut max_queued = 0;
        let started = Instant::now();
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
            tracing::info!("first");
            assert!(
                wait_for(Duration::from_secs(2), || accepted.load(Ordering::SeqCst)
                    > 0),
                "the forwarder connects"
            );
            for i in 0..20_000 {
                tracing::info!(
                    i,
                    padding = "x".repeat(100),
                    "event while Fluentd is stalled"
                );
                max_queued = max_queued.max(handle.queued());
            }
        });
        let elapsed = started.elapsed();
        assert!(
            elapsed < Duration::from_secs(3),
            "emitting took {elapsed:?}"
        );
        assert!(max_queued <= capacity, "queue reached {max_queued}");
        assert!(handle.dropped() > 0);

        let started = Instant::now();
        handle.flush(Duration::from_millis(200));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
