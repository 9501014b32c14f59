//! Ships `tracing` events to Fluentd over the Forward protocol, as a
//! [`tracing_subscriber::Layer`].
//!
//! Hand-written because no maintained crate fits: `tracing-fluentd` feeds an
//! unbounded channel and keeps unsent records in memory while Fluentd is down.
//! Here memory stays bounded at all times and a dead Fluentd costs the caller
//! next to nothing.
//!
//! How it works:
//! * `FluentdLayer`'s `on_event` turns the event into a record: the event fields
//!   flattened at top level under their own names (numbers stay numbers,
//!   bools stay bools, `message` is a string), plus `level` (`"INFO"`…),
//!   `target` and `time` (RFC 3339 UTC with milliseconds). It then
//!   `try_send`s the record into a bounded queue of `capacity` records and
//!   never blocks: when the queue is full the record is dropped and counted
//!   (see [`FluentdHandle::dropped`] and [`DROPPED_METRIC`]).
//! * A dedicated std thread named `fluentd-forward` (no tokio runtime needed)
//!   drains the queue in batches of up to 256 records and sends each batch in
//!   Forward mode, `[tag, [[time, record], ...], {"chunk": "<base64 id>"}]`,
//!   then waits for `{"ack": "<same id>"}` (at-least-once delivery).
//!   The entry time is the Forward protocol's EventTime, msgpack ext type 0
//!   with 8 bytes (seconds u32 big-endian, nanoseconds u32 big-endian),
//!   written through rmp-serde's `_ExtStruct` convention; the record also
//!   carries the `time` string.
//! * Connect timeout 1 s, write/read (ack) timeout 2 s, name lookup 2 s (on
//!   a helper thread, one at a time), and 5 s for the whole batch, both
//!   attempts included, so that a peer trickling bytes cannot hold the
//!   thread; an ack over 4 KiB is refused unread. When a send or its
//!   ack fails the connection is dropped and the batch is retried once on a
//!   new connection, then dropped (every record counted). Reconnect attempts
//!   then back off from 100 ms doubling to 5 s; meanwhile the queue simply
//!   fills up and further events are dropped at `try_send`, without even
//!   being formatted. At most `capacity` queued records plus one batch in
//!   flight are ever held.
//! * The sender thread never logs through `tracing` (it would feed itself);
//!   it writes one line to stderr when Fluentd becomes unavailable and one
//!   when it is reachable again.
//!
//! Files: `layer` (the layer, its handle and the constructor), `shared` (the
//! bounded queue's bookkeeping), `record` (event to record), `forward`
//! (msgpack encoding of the Forward protocol), `forwarder` (the sender
//! thread and its connection).

mod forward;
mod forwarder;
mod layer;
mod record;
mod shared;
#[cfg(test)]
mod testing;

pub use layer::{FluentdHandle, FluentdLayer, fluentd_layer};

/// Counter of log events that never reached Fluentd (queue full, or unsent
/// after the retry).
pub const DROPPED_METRIC: &str = "nutrinube_log_events_dropped_total";

/// Where and how to forward log events.
#[derive(Debug, Clone)]
pub struct FluentdConfig {
    /// Fluentd `in_forward` address, `"host:port"` (resolved on every connect).
    pub addr: String,
    /// Fluentd tag of every record, e.g. `"nutrinube.app"`.
    pub tag: String,
    /// Bounded queue size in records, e.g. 8192 (at least 1 is used).
    pub capacity: usize,
}
