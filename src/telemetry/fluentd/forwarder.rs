//! The `fluentd-forward` thread: drains the queue in batches, sends each one
//! and waits for its ack, on one connection kept open, reconnecting with
//! back-off. A plain std thread, so logging needs no tokio runtime.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::forward::{encode_forward, new_chunk_id, read_ack};
use super::record::Record;
use super::shared::Shared;

const THREAD_NAME: &str = "fluentd-forward";
pub(super) const BATCH_MAX: usize = 256;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const IO_TIMEOUT: Duration = Duration::from_secs(2);
/// All the time one batch may take, both attempts, name lookups and
/// connects included: a peer trickling its ack, or reading slowly, cannot
/// hold the thread longer (timeouts per read or write alone would let it).
pub(super) const BATCH_DEADLINE: Duration = Duration::from_secs(5);
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);
const BACKOFF_MIN: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(5);

/// Starts the `fluentd-forward` thread draining `rx`. It ends once every
/// sender is dropped and the queue is empty.
pub(super) fn spawn(addr: String, tag: String, rx: Receiver<Record>, shared: Arc<Shared>) {
    let forwarder = Forwarder {
        addr,
        tag,
        rx,
        shared,
        backoff: BACKOFF_MIN,
        retry_at: None,
        conn: None,
        link: Link::Unknown,
        lookup: None,
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
    /// A name lookup that outlived its timeout, still running on its thread:
    /// waited for again rather than starting another.
    lookup: Option<Receiver<io::Result<Vec<SocketAddr>>>>,
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
        let deadline = Instant::now() + BATCH_DEADLINE;
        let mut last_err = None;
        for _ in 0..2 {
            if Instant::now() >= deadline {
                break;
            }
            match self.send_once(&payload, &chunk, deadline) {
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
    fn send_once(&mut self, payload: &[u8], chunk: &str, deadline: Instant) -> io::Result<()> {
        let stream = match self.conn.take() {
            Some(stream) => stream,
            None => {
                let addrs = self.resolve(deadline)?;
                connect(&self.addr, &addrs, deadline)?
            }
        };
        let mut io = ByDeadline {
            stream: &stream,
            deadline,
        };
        io.write_all(payload)?;
        io.flush()?;
        read_ack(&mut io, chunk)?;
        self.conn = Some(stream);
        Ok(())
    }

    /// The addresses of `addr`, looked up on a helper thread so that a slow
    /// resolver costs at most [`LOOKUP_TIMEOUT`]; at most one lookup runs.
    fn resolve(&mut self, deadline: Instant) -> io::Result<Vec<SocketAddr>> {
        if let Ok(addr) = self.addr.parse::<SocketAddr>() {
            return Ok(vec![addr]);
        }
        let pending = match self.lookup.take() {
            Some(pending) => pending,
            None => {
                let (tx, rx) = mpsc::sync_channel(1);
                let addr = self.addr.clone();
                std::thread::Builder::new()
                    .name("fluentd-lookup".to_owned())
                    .spawn(move || {
                        let _ = tx.send(addr.to_socket_addrs().map(Iterator::collect));
                    })?;
                rx
            }
        };
        let wait = LOOKUP_TIMEOUT.min(remaining(deadline)?);
        match pending.recv_timeout(wait) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => {
                self.lookup = Some(pending);
                Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("looking up {} took over {wait:?}", self.addr),
                ))
            }
            Err(RecvTimeoutError::Disconnected) => Err(io::Error::other("the lookup thread died")),
        }
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

fn connect(addr: &str, addrs: &[SocketAddr], deadline: Instant) -> io::Result<TcpStream> {
    let mut last_err = None;
    for sock_addr in addrs {
        match TcpStream::connect_timeout(sock_addr, CONNECT_TIMEOUT.min(remaining(deadline)?)) {
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

/// The time left before `deadline`; an error once it has passed.
fn remaining(deadline: Instant) -> io::Result<Duration> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("the batch took over {BATCH_DEADLINE:?}"),
        ))
    } else {
        Ok(left)
    }
}

/// The connection, each read and write limited to the time left before
/// the batch's deadline (and to [`IO_TIMEOUT`]).
struct ByDeadline<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for ByDeadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let timeout = IO_TIMEOUT.min(remaining(self.deadline)?);
        self.stream.set_read_timeout(Some(timeout))?;
        self.stream.read(buf)
    }
}

impl Write for ByDeadline<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let timeout = IO_TIMEOUT.min(remaining(self.deadline)?);
        self.stream.set_write_timeout(Some(timeout))?;
        self.stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::thread;

    use rmpv::Value as Mp;
    use tracing_subscriber::layer::SubscriberExt;

    use super::*;
    use crate::telemetry::fluentd::fluentd_layer;
    use crate::telemetry::fluentd::testing::{
        AckMode, collect, config, dead_addr, entry_count, map_get, spawn_receiver, wait_for,
    };

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
