//! The Forward protocol's msgpack encoding: records as entries
//! `[time, {field: value}]` with an EventTime, messages in Forward mode with a
//! chunk id, and the ack that answers them.
//!
//! Serialized by hand rather than derived: rmp-serde writes derived structs as
//! arrays, and the protocol wants maps and an ext type.

use std::fmt;
use std::io::{self, Read};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeMap, SerializeTuple, Serializer};
use serde::{Deserialize, Serialize};

use super::record::{Record, Value};

/// Forward protocol EventTime: msgpack ext type 0, seconds and nanoseconds
/// as big-endian u32.
#[derive(Debug, Clone, Copy)]
pub(super) struct EventTime {
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

pub(super) fn encode_forward(
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

pub(super) fn new_chunk_id() -> String {
    base64::engine::general_purpose::STANDARD.encode(uuid::Uuid::new_v4().as_bytes())
}

/// The largest acknowledgement read: Fluentd's is `{"ack": "<24 chars>"}`,
/// a few dozen bytes; anything past this is refused, unread.
pub(super) const ACK_MAX: usize = 4096;

/// Reads Fluentd's answer to the message sent with `chunk`; an error unless
/// it acks that very chunk within [`ACK_MAX`] bytes.
///
/// Decoded from a buffer of what arrived rather than from the reader: a
/// declared length is then checked against the bytes at hand instead of
/// being allocated first.
pub(super) fn read_ack(mut reader: impl Read, chunk: &str) -> io::Result<()> {
    let mut buf = [0u8; ACK_MAX];
    let mut filled = 0;
    let ack: Ack = loop {
        let n = reader.read(&mut buf[filled..])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed before the ack",
            ));
        }
        filled += n;
        match rmp_serde::from_slice(&buf[..filled]) {
            Ok(ack) => break ack,
            Err(err) if is_incomplete(&err) && filled < ACK_MAX => continue,
            Err(err) if is_incomplete(&err) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("ack larger than {ACK_MAX} bytes refused"),
                ));
            }
            Err(err) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("reading ack: {err}"),
                ));
            }
        }
    };
    if ack.ack.0 != chunk.as_bytes() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "ack does not match the chunk id",
        ));
    }
    Ok(())
}

/// Whether decoding stopped only because the bytes ran out.
fn is_incomplete(err: &rmp_serde::decode::Error) -> bool {
    use rmp_serde::decode::Error;
    match err {
        Error::InvalidMarkerRead(e) | Error::InvalidDataRead(e) => {
            e.kind() == io::ErrorKind::UnexpectedEof
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::time::{Duration, Instant};

    use rmpv::Value as Mp;
    use tracing_subscriber::layer::SubscriberExt;

    use super::*;
    use crate::telemetry::fluentd::fluentd_layer;
    use crate::telemetry::fluentd::testing::{
        AckMode, TAG, collect, config, entry_count, map_get, spawn_receiver,
    };

    /// Hands out its bytes a few at a time, as a trickling peer would.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(3);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn ack_of(id: &str) -> Vec<u8> {
        rmp_serde::to_vec_named(&std::collections::BTreeMap::from([("ack", id)])).unwrap()
    }

    #[test]
    fn an_ack_in_pieces_is_read() {
        read_ack(Trickle(&ack_of("chunk-1")), "chunk-1").unwrap();
        let e = read_ack(Trickle(&ack_of("chunk-2")), "chunk-1").unwrap_err();
        assert!(e.to_string().contains("does not match"), "{e}");
    }

    #[test]
    fn an_oversized_ack_is_refused() {
        let long = "x".repeat(ACK_MAX);
        let e = read_ack(Trickle(&ack_of(&long)), "chunk-1").unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
        // A declared length of 4 GiB with nothing behind it allocates nothing.
        let mut huge = vec![0x81, 0xa3, b'a', b'c', b'k', 0xdb];
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        huge.extend(std::iter::repeat_n(b'x', 10_000));
        let e = read_ack(Trickle(&huge), "chunk-1").unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
        // A peer closing early is an error, not a wait.
        let e = read_ack(Trickle(&ack_of("chunk-1")[..4]), "chunk-1").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
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
}
