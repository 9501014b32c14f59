//! Test helpers: a tiny Fluentd Forward receiver, and waiting with a deadline.

use std::io::BufReader;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use rmpv::Value as Mp;

use super::FluentdConfig;

pub(super) const TAG: &str = "nutrinube.test";

#[derive(Clone, Copy)]
pub(super) enum AckMode {
    Correct,
    Wrong,
}

/// A Forward message as the receiver decoded it.
#[derive(Debug)]
pub(super) struct Message {
    pub(super) tag: String,
    pub(super) entries: Vec<(Mp, Mp)>,
    pub(super) chunk: String,
}

pub(super) fn map_get<'a>(map: &'a Mp, key: &str) -> Option<&'a Mp> {
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
pub(super) fn spawn_receiver(listener: TcpListener, mode: AckMode) -> mpsc::Receiver<Message> {
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
pub(super) fn collect(
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

pub(super) fn entry_count(messages: &[Message]) -> usize {
    messages.iter().map(|m| m.entries.len()).sum()
}

/// An address where nothing listens (the port was free a moment ago).
pub(super) fn dead_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

pub(super) fn config(addr: SocketAddr, capacity: usize) -> FluentdConfig {
    FluentdConfig {
        addr: addr.to_string(),
        tag: TAG.to_owned(),
        capacity,
    }
}

pub(super) fn wait_for(within: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while !cond() {
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(10));
    }
    true
}
