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
//! * Connect timeout 1 s, write/read (ack) timeout 2 s. When a send or its
//!   ack fails the connection is dropped and the batch is retried once on a
//!   new connection, then dropped (every record counted). Reconnect attempts
//!   then back off from 100 ms doubling to 5 s; meanwhile the queue simply
//!   fills up and further events are dropped at `try_send`, without even
//!   being formatted. At most `capacity` queued records plus one batch in
//!   flight are ever held.
//! * The sender thread never logs through `tracing` (it would feed itself);
//!   it writes one line to stderr when Fluentd becomes unavailable and one
//!   when it is reachable again.

use std::fmt;
use std::io::{self, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeMap, SerializeTuple, Serializer};
use serde::{Deserialize, Serialize};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// Counter of log events that never reached Fluentd (queue full, or unsent
/// after the retry).
pub const DROPPED_METRIC: &str = "nutrinube_log_events_dropped_total";

const THREAD_NAME: &str = "fluentd-forward";
const BATCH_MAX: usize = 256;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const IO_TIMEOUT: Duration = Duration::from_secs(2);
const BACKOFF_MIN: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(5);

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
    let forwarder = Forwarder {
        addr: config.addr,
        tag: config.tag,
        rx,
        shared: Arc::clone(&shared),
        backoff: BACKOFF_MIN,
        retry_at: None,
        conn: None,
        link: Link::Unknown,
    };
    if let Err(err) = std::thread::Builder::new()
        .name(THREAD_NAME.to_owned())
        .spawn(move || forwarder.run())
    {
        // The receiver is gone with the closure: every event counts as dropped.
        eprintln!(
            "nutrinube: cannot start the {THREAD_NAME} thread ({err}); log events will not reach Fluentd"
        );
    }
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

/// State shared by the layer, the handle and the sender thread.
#[derive(Debug, Default)]
struct Shared {
    dropped: AtomicU64,
    /// Records accepted into the queue.
    enqueued: AtomicU64,
    /// Records taken out of the queue by the sender thread.
    taken: AtomicU64,
    progress: Mutex<Progress>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct Progress {
    /// Records taken and then sent or given up.
    settled: u64,
    /// Set by `flush`: skip the reconnect back-off.
    wake: bool,
}

impl Shared {
    fn drop_events(&self, n: u64) {
        self.dropped.fetch_add(n, Ordering::Relaxed);
        metrics::counter!(DROPPED_METRIC).increment(n);
    }

    /// Never more than the real queue length: `enqueued` is read first and
    /// only counts completed sends.
    fn queued(&self) -> u64 {
        let enqueued = self.enqueued.load(Ordering::SeqCst);
        let taken = self.taken.load(Ordering::SeqCst);
        enqueued.saturating_sub(taken)
    }

    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn settle(&self, n: u64) {
        self.progress().settled += n;
        self.changed.notify_all();
    }

    /// Sleeps until `until`, or until a flush asks to hurry.
    fn sleep_until(&self, until: Instant) {
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

/// One event, ready to be encoded as a Forward entry `[time, record]`.
#[derive(Debug)]
struct Record {
    time: EventTime,
    fields: Vec<(&'static str, Value)>,
}

#[derive(Debug)]
enum Value {
    Str(String),
    Static(&'static str),
    I64(i64),
    U64(u64),
    F64(f64),
    Bool(bool),
}

impl Record {
    fn from_event(event: &Event<'_>, now: DateTime<Utc>) -> Self {
        let meta = event.metadata();
        let mut visitor = FieldVisitor {
            fields: Vec::with_capacity(meta.fields().len() + 3),
            log_target: None,
        };
        event.record(&mut visitor);
        let mut fields = visitor.fields;
        // Events bridged from the `log` crate carry their real target in
        // `log.target`; tracing-subscriber's JSON output reports that one too.
        let target = match visitor.log_target {
            Some(target) if meta.target() == "log" => Value::Str(target),
            _ => Value::Static(meta.target()),
        };
        set(&mut fields, "level", Value::Static(meta.level().as_str()));
        set(&mut fields, "target", target);
        set(
            &mut fields,
            "time",
            Value::Str(now.to_rfc3339_opts(SecondsFormat::Millis, true)),
        );
        Record {
            time: EventTime::from(now),
            fields,
        }
    }
}

/// Inserts or replaces, so that the record never has duplicate keys.
fn set(fields: &mut Vec<(&'static str, Value)>, name: &'static str, value: Value) {
    match fields.iter_mut().find(|(key, _)| *key == name) {
        Some(slot) => slot.1 = value,
        None => fields.push((name, value)),
    }
}

struct FieldVisitor {
    fields: Vec<(&'static str, Value)>,
    log_target: Option<String>,
}

impl Visit for FieldVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        set(
            &mut self.fields,
            field.name(),
            Value::Str(format!("{value:?}")),
        );
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "log.target" {
            self.log_target = Some(value.to_owned());
        }
        set(&mut self.fields, field.name(), Value::Str(value.to_owned()));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        set(&mut self.fields, field.name(), Value::I64(value));
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        set(&mut self.fields, field.name(), Value::U64(value));
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        let value = match (i64::try_from(value), u64::try_from(value)) {
            (Ok(v), _) => Value::I64(v),
            (_, Ok(v)) => Value::U64(v),
            _ => Value::Str(value.to_string()),
        };
        set(&mut self.fields, field.name(), value);
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        let value = match u64::try_from(value) {
            Ok(v) => Value::U64(v),
            Err(_) => Value::Str(value.to_string()),
        };
        set(&mut self.fields, field.name(), value);
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        set(&mut self.fields, field.name(), Value::F64(value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        set(&mut self.fields, field.name(), Value::Bool(value));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        set(
            &mut self.fields,
            field.name(),
            Value::Str(value.to_string()),
        );
    }
}

/// Forward protocol EventTime: msgpack ext type 0, seconds and nanoseconds
/// as big-endian u32.
#[derive(Debug, Clone, Copy)]
struct EventTime {
    secs: u32,
    nanos: u32,
}

impl From<DateTime<Utc>> for EventTime {
    fn from(time: DateTime<Utc>) -> Self {
        EventTime {
            secs: u32::try_from(time.timestamp()).unwrap_or(0),
            // Above 999_999_999 only during a leap second.
            nanos: time.timestamp_subsec_nanos().min(999_999_999),
        }
    }
}

impl Serialize for EventTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut data = [0u8; 8];
        data[..4].copy_from_slice(&self.secs.to_be_bytes());
        data[4..].copy_from_slice(&self.nanos.to_be_bytes());
        serializer
            .serialize_newtype_struct(rmp_serde::MSGPACK_EXT_STRUCT_NAME, &(0i8, Bytes(&data)))
    }
}

struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Str(v) => serializer.serialize_str(v),
            Value::Static(v) => serializer.serialize_str(v),
            Value::I64(v) => serializer.serialize_i64(*v),
            Value::U64(v) => serializer.serialize_u64(*v),
            Value::F64(v) => serializer.serialize_f64(*v),
            Value::Bool(v) => serializer.serialize_bool(*v),
        }
    }
}

/// A Forward entry: `[time, {field: value, ...}]`.
impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entry = serializer.serialize_tuple(2)?;
        entry.serialize_element(&self.time)?;
        entry.serialize_element(&Fields(&self.fields))?;
        entry.end()
    }
}

struct Fields<'a>(&'a [(&'static str, Value)]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A Forward mode message: `[tag, [entry, ...], {"chunk": id}]`.
struct ForwardMessage<'a> {
    tag: &'a str,
    records: &'a [Record],
    chunk: &'a str,
}

impl Serialize for ForwardMessage<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut message = serializer.serialize_tuple(3)?;
        message.serialize_element(self.tag)?;
        message.serialize_element(self.records)?;
        message.serialize_element(&ChunkOption(self.chunk))?;
        message.end()
    }
}

struct ChunkOption<'a>(&'a str);

impl Serialize for ChunkOption<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A map by hand: rmp-serde writes derived structs as arrays.
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("chunk", self.0)?;
        map.end()
    }
}

/// Fluentd's answer, `{"ack": "<chunk id>"}`; other keys are ignored.
#[derive(Deserialize)]
struct Ack {
    ack: AckId,
}

/// The acked chunk id, whether Fluentd sent it as str or bin.
struct AckId(Vec<u8>);

impl<'de> Deserialize<'de> for AckId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AckIdVisitor;
        impl Visitor<'_> for AckIdVisitor {
            type Value = AckId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a chunk id as string or bytes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AckId, E> {
                Ok(AckId(v.as_bytes().to_vec()))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<AckId, E> {
                Ok(AckId(v.to_vec()))
            }
        }
        deserializer.deserialize_any(AckIdVisitor)
    }
}

fn encode_forward(
    tag: &str,
    records: &[Record],
    chunk: &str,
) -> Result<Vec<u8>, rmp_serde::encode::Error> {
    rmp_serde::to_vec(&ForwardMessage {
        tag,
        records,
        chunk,
    })
}

fn new_chunk_id() -> String {
    base64::engine::general_purpose::STANDARD.encode(uuid::Uuid::new_v4().as_bytes())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Unknown,
    Up,
    Down,
}

/// The `fluentd-forward` thread's state.
struct Forwarder {
    addr: String,
    tag: String,
    rx: Receiver<Record>,
    shared: Arc<Shared>,
    backoff: Duration,
    /// No reconnect attempt before this instant.
    retry_at: Option<Instant>,
    conn: Option<TcpStream>,
    link: Link,
}

impl Forwarder {
    fn run(mut self) {
        let mut batch = Vec::with_capacity(BATCH_MAX);
        // Ends when the layer is dropped and the queue is empty.
        while let Ok(first) = self.rx.recv() {
            batch.push(first);
            while batch.len() < BATCH_MAX {
                match self.rx.try_recv() {
                    Ok(record) => batch.push(record),
                    Err(_) => break,
                }
            }
            let n = batch.len() as u64;
            self.shared.taken.fetch_add(n, Ordering::SeqCst);
            if !self.deliver(&batch) {
                self.shared.drop_events(n);
            }
            batch.clear();
            self.shared.settle(n);
        }
    }

    /// Sends the batch and waits for its ack, retrying once on a fresh
    /// connection. False when the batch is given up.
    fn deliver(&mut self, batch: &[Record]) -> bool {
        let chunk = new_chunk_id();
        let payload = match encode_forward(&self.tag, batch, &chunk) {
            Ok(payload) => payload,
            Err(_) => return false,
        };
        if self.conn.is_none()
            && let Some(retry_at) = self.retry_at
        {
            self.shared.sleep_until(retry_at);
        }
        let mut last_err = None;
        for _ in 0..2 {
            match self.send_once(&payload, &chunk) {
                Ok(()) => {
                    self.backoff = BACKOFF_MIN;
                    self.retry_at = None;
                    self.set_link(Link::Up, None);
                    return true;
                }
                Err(err) => last_err = Some(err),
            }
        }
        self.retry_at = Some(Instant::now() + self.backoff);
        self.backoff = (self.backoff * 2).min(BACKOFF_MAX);
        self.set_link(Link::Down, last_err);
        false
    }

    /// One attempt on the current connection, or a new one. The connection
    /// is kept only if the attempt succeeds.
    fn send_once(&mut self, payload: &[u8], chunk: &str) -> io::Result<()> {
        let mut stream = match self.conn.take() {
            Some(stream) => stream,
            None => connect(&self.addr)?,
        };
        stream.write_all(payload)?;
        stream.flush()?;
        let ack: Ack = rmp_serde::from_read(&stream).map_err(|err| {
            io::Error::new(io::ErrorKind::InvalidData, format!("reading ack: {err}"))
        })?;
        if ack.ack.0 != chunk.as_bytes() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "ack does not match the chunk id",
            ));
        }
        self.conn = Some(stream);
        Ok(())
    }

    fn set_link(&mut self, link: Link, err: Option<io::Error>) {
        if link == self.link {
            return;
        }
        match link {
            Link::Down => {
                let err = err.map_or_else(|| "unknown error".to_owned(), |err| err.to_string());
                eprintln!(
                    "nutrinube: Fluentd at {} unavailable ({err}); log events are dropped until it is back",
                    self.addr
                );
            }
            Link::Up if self.link == Link::Down => {
                eprintln!("nutrinube: Fluentd at {} reachable again", self.addr);
            }
            _ => {}
        }
        self.link = link;
    }
}

fn connect(addr: &str) -> io::Result<TcpStream> {
    let mut last_err = None;
    for sock_addr in addr.to_socket_addrs()? {
        match TcpStream::connect_timeout(&sock_addr, CONNECT_TIMEOUT) {
            Ok(stream) => {
                stream.set_read_timeout(Some(IO_TIMEOUT))?;
                stream.set_write_timeout(Some(IO_TIMEOUT))?;
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(err) => last_err = Some(err),
        }
    }
    Err(last_err.unwrap_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("{addr} resolves to no address"),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;
    use std::net::{SocketAddr, TcpListener};
    use std::sync::atomic::AtomicUsize;
    use std::thread;

    use rmpv::Value as Mp;
    use tracing_subscriber::layer::SubscriberExt;

    const TAG: &str = "nutrinube.test";

    #[derive(Clone, Copy)]
    enum AckMode {
        Correct,
        Wrong,
    }

    /// A Forward message as the receiver decoded it.
    #[derive(Debug)]
    struct Message {
        tag: String,
        entries: Vec<(Mp, Mp)>,
        chunk: String,
    }

    fn map_get<'a>(map: &'a Mp, key: &str) -> Option<&'a Mp> {
        map.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    fn parse_message(value: &Mp) -> Message {
        let parts = value.as_array().expect("message is an array");
        assert_eq!(parts.len(), 3, "Forward mode has tag, entries, options");
        let entries = parts[1]
            .as_array()
            .expect("entries array")
            .iter()
            .map(|entry| {
                let pair = entry.as_array().expect("entry is an array");
                assert_eq!(pair.len(), 2);
                (pair[0].clone(), pair[1].clone())
            })
            .collect();
        Message {
            tag: parts[0].as_str().expect("tag is a string").to_owned(),
            entries,
            chunk: map_get(&parts[2], "chunk")
                .and_then(Mp::as_str)
                .expect("chunk option")
                .to_owned(),
        }
    }

    /// Tiny Forward receiver: decodes each message, answers its ack and hands
    /// the decoded message over.
    fn spawn_receiver(listener: TcpListener, mode: AckMode) -> mpsc::Receiver<Message> {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let tx = tx.clone();
                thread::spawn(move || serve(conn, &tx, mode));
            }
        });
        rx
    }

    fn serve(mut conn: TcpStream, tx: &mpsc::Sender<Message>, mode: AckMode) {
        let Ok(read_half) = conn.try_clone() else {
            return;
        };
        let mut reader = BufReader::new(read_half);
        while let Ok(value) = rmpv::decode::read_value(&mut reader) {
            let message = parse_message(&value);
            let ack = match mode {
                AckMode::Correct => message.chunk.clone(),
                AckMode::Wrong => "not-the-chunk-id".to_owned(),
            };
            let answer = Mp::Map(vec![(Mp::from("ack"), Mp::from(ack))]);
            if rmpv::encode::write_value(&mut conn, &answer).is_err() || tx.send(message).is_err() {
                return;
            }
        }
    }

    /// Collects messages until `done` says so or `within` has passed.
    fn collect(
        rx: &mpsc::Receiver<Message>,
        within: Duration,
        mut done: impl FnMut(&[Message]) -> bool,
    ) -> Vec<Message> {
        let deadline = Instant::now() + within;
        let mut messages = Vec::new();
        while !done(&messages) {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            if let Ok(message) = rx.recv_timeout(deadline - now) {
                messages.push(message);
            }
        }
        messages
    }

    fn entry_count(messages: &[Message]) -> usize {
        messages.iter().map(|m| m.entries.len()).sum()
    }

    /// An address where nothing listens (the port was free a moment ago).
    fn dead_addr() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    }

    fn config(addr: SocketAddr, capacity: usize) -> FluentdConfig {
        FluentdConfig {
            addr: addr.to_string(),
            tag: TAG.to_owned(),
            capacity,
        }
    }

    fn wait_for(within: Duration, mut cond: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + within;
        while !cond() {
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(10));
        }
        true
    }

    #[test]
    fn forwards_events_with_tag_fields_and_ack() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let rx = spawn_receiver(listener, AckMode::Correct);
        let (layer, handle) = fluentd_layer(config(addr, 64));

        let before = Utc::now().timestamp();
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
            tracing::info!(
                user = "alice",
                count = 42,
                ok = true,
                ratio = 0.5,
                "meal {} logged",
                3
            );
            tracing::warn!(big = u64::MAX, neg = -7i64, "second");
        });
        let started = Instant::now();
        handle.flush(Duration::from_secs(3));
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "acked batches settle at once"
        );
        assert_eq!(handle.dropped(), 0, "acked events are not dropped");
        assert_eq!(handle.queued(), 0);

        let messages = collect(&rx, Duration::from_secs(3), |m| entry_count(m) >= 2);
        assert_eq!(entry_count(&messages), 2, "{messages:?}");
        // Every chunk was acked at the first try: no chunk was sent twice.
        assert!(
            rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "nothing resent"
        );
        let mut chunks: Vec<&str> = messages.iter().map(|m| m.chunk.as_str()).collect();
        chunks.sort_unstable();
        chunks.dedup();
        assert_eq!(chunks.len(), messages.len());
        for message in &messages {
            assert_eq!(message.tag, TAG);
            assert!(!message.chunk.is_empty());
        }

        let entries: Vec<&(Mp, Mp)> = messages.iter().flat_map(|m| &m.entries).collect();
        let (time, first) = entries[0];
        assert_eq!(
            map_get(first, "message").and_then(Mp::as_str),
            Some("meal 3 logged")
        );
        assert_eq!(map_get(first, "user").and_then(Mp::as_str), Some("alice"));
        assert_eq!(map_get(first, "count").and_then(Mp::as_i64), Some(42));
        assert_eq!(map_get(first, "ok").and_then(Mp::as_bool), Some(true));
        assert_eq!(map_get(first, "ratio").and_then(Mp::as_f64), Some(0.5));
        assert_eq!(map_get(first, "level").and_then(Mp::as_str), Some("INFO"));
        assert_eq!(
            map_get(first, "target").and_then(Mp::as_str),
            Some(module_path!())
        );
        let time_str = map_get(first, "time")
            .and_then(Mp::as_str)
            .expect("time string");
        let parsed = DateTime::parse_from_rfc3339(time_str).expect("RFC 3339");
        assert!(time_str.ends_with('Z') && time_str.len() == "2025-01-01T00:00:00.000Z".len());
        let Mp::Ext(0, bytes) = time else {
            panic!("EventTime ext 0 expected, got {time:?}")
        };
        assert_eq!(bytes.len(), 8);
        let secs = i64::from(u32::from_be_bytes(bytes[..4].try_into().unwrap()));
        let nanos = u32::from_be_bytes(bytes[4..].try_into().unwrap());
        assert!(nanos < 1_000_000_000);
        assert_eq!(secs, parsed.timestamp(), "EventTime and time agree");
        assert!((before..=before + 60).contains(&secs));

        let (_, second) = entries[1];
        assert_eq!(
            map_get(second, "message").and_then(Mp::as_str),
            Some("second")
        );
        assert_eq!(map_get(second, "level").and_then(Mp::as_str), Some("WARN"));
        assert_eq!(map_get(second, "big").and_then(Mp::as_u64), Some(u64::MAX));
        assert_eq!(map_get(second, "neg").and_then(Mp::as_i64), Some(-7));
    }

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

    #[test]
    fn recovers_when_fluentd_comes_back() {
        let addr = dead_addr();
        let (layer, handle) = fluentd_layer(config(addr, 256));
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
            for i in 0..10 {
                tracing::info!(i, "while down");
            }
            assert!(
                wait_for(Duration::from_secs(3), || handle.dropped() >= 10),
                "unsent events are dropped, dropped {}",
                handle.dropped()
            );

            // Fluentd comes back on the same port.
            let deadline = Instant::now() + Duration::from_secs(2);
            let listener = loop {
                match TcpListener::bind(addr) {
                    Ok(listener) => break listener,
                    Err(err) if Instant::now() >= deadline => panic!("cannot rebind {addr}: {err}"),
                    Err(_) => thread::sleep(Duration::from_millis(20)),
                }
            };
            let rx = spawn_receiver(listener, AckMode::Correct);

            let deadline = Instant::now() + Duration::from_secs(5);
            let mut recovered = false;
            while !recovered && Instant::now() < deadline {
                tracing::info!(recovery = true, "after recovery");
                let messages = collect(&rx, Duration::from_millis(200), |m| !m.is_empty());
                recovered = messages.iter().flat_map(|m| &m.entries).any(|(_, record)| {
                    map_get(record, "message").and_then(Mp::as_str) == Some("after recovery")
                });
            }
            assert!(recovered, "events arrive once Fluentd is back");
        });
    }

    #[test]
    fn unmatched_ack_is_retried_once_then_dropped() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let rx = spawn_receiver(listener, AckMode::Wrong);
        let (layer, handle) = fluentd_layer(config(addr, 64));
        tracing::subscriber::with_default(tracing_subscriber::registry().with(layer), || {
            for i in 0..3 {
                tracing::info!(i, "never acked");
            }
        });
        handle.flush(Duration::from_secs(3));
        assert_eq!(handle.dropped(), 3);

        let messages = collect(&rx, Duration::from_millis(500), |_| false);
        let mut chunks: Vec<&str> = messages.iter().map(|m| m.chunk.as_str()).collect();
        chunks.sort_unstable();
        let sent = chunks.len();
        chunks.dedup();
        assert_eq!(
            sent,
            2 * chunks.len(),
            "each chunk is sent exactly twice: {chunks:?}"
        );
        assert_eq!(entry_count(&messages), 2 * 3);
    }
}
