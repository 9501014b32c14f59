//! The `fluentd-forward` thread: drains the queue in batches, sends each one
//! and waits for its ack, on one connection kept open, reconnecting with
//! back-off. A plain std thread, so logging needs no tokio runtime.

use std::io::{self, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use super::forward::{encode_forward, new_chunk_id, read_ack};
use super::record::Record;
use super::shared::Shared;

const THREAD_NAME: &str = "fluentd-forward";
pub(super) const BATCH_MAX: usize = 256;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const IO_TIMEOUT: Duration = Duration::from_secs(2);
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
        read_ack(&stream, chunk)?;
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
