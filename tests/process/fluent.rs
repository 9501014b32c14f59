//! A minimal Fluentd `in_forward` stand-in: decodes the Fluent Forward
//! protocol (Message, Forward and PackedForward modes) with rmpv and answers
//! `{"ack": <chunk>}` when a message carries a `chunk` option. Or, stalled,
//! accepts connections and never reads them.

use std::io::{Cursor, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use rmpv::Value as Mp;
use serde_json::Value as Json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Decodes every message and acks chunks.
    Acking,
    /// Accepts connections, holds them open, never reads nor answers.
    Stalled,
    /// Decodes messages and answers each with an ack that never ends: a
    /// string of 3,000 bytes (within the size limit) sent a byte every
    /// 200 ms, never idle long enough for a read timeout.
    Trickling,
    /// Decodes messages and acks them correctly, but with 64 KiB of padding
    /// in the ack.
    OversizedAck,
}

/// One record received, with the tag of the message that carried it.
#[derive(Debug, Clone)]
pub struct FluentEvent {
    pub tag: String,
    pub record: Json,
}

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    accepted: AtomicUsize,
    accepted_at: Mutex<Vec<Instant>>,
    events: Mutex<Vec<FluentEvent>>,
    errors: Mutex<Vec<String>>,
}

/// The receiver; its threads end when it is dropped.
pub struct FluentReceiver {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl FluentReceiver {
    pub fn start(mode: Mode) -> FluentReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding the Fluentd stand-in");
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let shared = Arc::new(Shared::default());
        let accept_shared = Arc::clone(&shared);
        thread::spawn(move || accept_loop(listener, mode, accept_shared));
        FluentReceiver { addr, shared }
    }

    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// When each connection was accepted.
    pub fn accepted_at(&self) -> Vec<Instant> {
        self.shared.accepted_at.lock().unwrap().clone()
    }

    pub fn events(&self) -> Vec<FluentEvent> {
        self.shared.events.lock().unwrap().clone()
    }

    pub fn errors(&self) -> Vec<String> {
        self.shared.errors.lock().unwrap().clone()
    }

    /// The first event matching `pred` received before `timeout` runs out.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        pred: impl Fn(&FluentEvent) -> bool,
    ) -> Option<FluentEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(found) = self.shared.events.lock().unwrap().iter().find(|e| pred(e)) {
                return Some(found.clone());
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for FluentReceiver {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
    }
}

fn accept_loop(listener: TcpListener, mode: Mode, shared: Arc<Shared>) {
    let mut held = Vec::new();
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                shared.accepted.fetch_add(1, Ordering::SeqCst);
                shared.accepted_at.lock().unwrap().push(Instant::now());
                let _ = stream.set_nonblocking(false);
                match mode {
                    Mode::Stalled => held.push(stream),
                    _ => {
                        let conn_shared = Arc::clone(&shared);
                        thread::spawn(move || serve_connection(stream, mode, conn_shared));
                    }
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(10));
            }
            Err(e) => {
                shared.errors.lock().unwrap().push(format!("accept: {e}"));
                thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

fn serve_connection(mut stream: TcpStream, mode: Mode, shared: Arc<Shared>) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    while !shared.stop.load(Ordering::SeqCst) {
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => continue,
            Err(_) => return,
        }
        // Decode every complete message; keep an incomplete tail for later.
        loop {
            let mut cursor = Cursor::new(&pending[..]);
            match rmpv::decode::read_value(&mut cursor) {
                Ok(message) => {
                    let used = cursor.position() as usize;
                    pending.drain(..used);
                    if let Err(e) = handle_message(&message, &mut stream, mode, &shared) {
                        shared.errors.lock().unwrap().push(e);
                    }
                }
                Err(e) if e.kind() == ErrorKind::UnexpectedEof => break,
                Err(e) => {
                    shared
                        .errors
                        .lock()
                        .unwrap()
                        .push(format!("undecodable msgpack: {e}"));
                    return;
                }
            }
        }
    }
}

fn handle_message(
    message: &Mp,
    stream: &mut TcpStream,
    mode: Mode,
    shared: &Shared,
) -> Result<(), String> {
    let parts = message
        .as_array()
        .ok_or_else(|| format!("a message is not an array: {message}"))?;
    let tag = parts
        .first()
        .and_then(Mp::as_str)
        .ok_or_else(|| format!("no tag in {message}"))?
        .to_owned();
    let second = parts
        .get(1)
        .ok_or_else(|| format!("no entries in {message}"))?;
    let mut records = Vec::new();
    let options = match second {
        // Forward: [tag, [[time, record], ...], options?]
        Mp::Array(entries) => {
            for entry in entries {
                records.push(entry_record(entry)?);
            }
            parts.get(2)
        }
        // PackedForward: [tag, <concatenated [time, record] entries>, options?]
        Mp::Binary(_) | Mp::String(_) => {
            let bytes = match second {
                Mp::Binary(b) => b.as_slice(),
                Mp::String(s) => s.as_bytes(),
                _ => unreachable!(),
            };
            let options = parts.get(2);
            if option(options, "compressed").is_some() {
                return Err("CompressedPackedForward is not supported by the test".into());
            }
            let mut cursor = Cursor::new(bytes);
            while (cursor.position() as usize) < bytes.len() {
                let entry = rmpv::decode::read_value(&mut cursor)
                    .map_err(|e| format!("bad PackedForward entry: {e}"))?;
                records.push(entry_record(&entry)?);
            }
            options
        }
        // Message: [tag, time, record, options?]
        _ => {
            let record = parts
                .get(2)
                .ok_or_else(|| format!("no record in {message}"))?;
            records.push(to_json(record));
            parts.get(3)
        }
    };
    {
        let mut events = shared.events.lock().unwrap();
        for record in records {
            events.push(FluentEvent {
                tag: tag.clone(),
                record,
            });
        }
    }
    if let Some(chunk) = option(options, "chunk") {
        if mode == Mode::Trickling {
            trickle_ack(stream, shared);
            return Ok(());
        }
        let mut ack = vec![(Mp::from("ack"), chunk.clone())];
        if mode == Mode::OversizedAck {
            ack.push((Mp::from("padding"), Mp::from("x".repeat(64 * 1024))));
        }
        let ack = Mp::Map(ack);
        let mut out = Vec::new();
        rmpv::encode::write_value(&mut out, &ack).map_err(|e| e.to_string())?;
        stream
            .write_all(&out)
            .map_err(|e| format!("writing the ack: {e}"))?;
    }
    Ok(())
}

/// `{"ack": <str of 3,000 bytes>}`, a byte every 200 ms, until the peer
/// goes away.
fn trickle_ack(stream: &mut TcpStream, shared: &Shared) {
    let mut head = vec![0x81, 0xa3, b'a', b'c', b'k', 0xda];
    head.extend_from_slice(&3000u16.to_be_bytes());
    if stream.write_all(&head).is_err() {
        return;
    }
    for _ in 0..3000 {
        if shared.stop.load(Ordering::SeqCst) || stream.write_all(b"x").is_err() {
            return;
        }
        thread::sleep(Duration::from_millis(200));
    }
}

fn entry_record(entry: &Mp) -> Result<Json, String> {
    match entry.as_array().map(Vec::as_slice) {
        Some([_time, record]) => Ok(to_json(record)),
        _ => Err(format!("an entry is not [time, record]: {entry}")),
    }
}

fn option<'a>(options: Option<&'a Mp>, key: &str) -> Option<&'a Mp> {
    options?
        .as_map()?
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

fn to_json(value: &Mp) -> Json {
    match value {
        Mp::Nil => Json::Null,
        Mp::Boolean(b) => Json::Bool(*b),
        Mp::Integer(i) => i
            .as_i64()
            .map(Json::from)
            .or_else(|| i.as_u64().map(Json::from))
            .unwrap_or(Json::Null),
        Mp::F32(f) => Json::from(f64::from(*f)),
        Mp::F64(f) => Json::from(*f),
        Mp::String(s) => Json::String(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        Mp::Binary(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Mp::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Mp::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k.as_str() {
                        Some(s) => s.to_owned(),
                        None => k.to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Mp::Ext(kind, data) => Json::String(format!("ext({kind}, {} bytes)", data.len())),
    }
}
