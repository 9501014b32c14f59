//! A `tracing` event turned into a record: its fields flattened under their
//! own names, typed values kept, plus `level`, `target` and `time`.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use tracing::Event;
use tracing::field::{Field, Visit};

use super::forward::EventTime;

/// One event, ready to be encoded as a Forward entry `[time, record]`.
#[derive(Debug)]
pub(super) struct Record {
    pub(super) time: EventTime,
    pub(super) fields: Vec<(&'static str, Value)>,
}

#[derive(Debug)]
pub(super) enum Value {
    Str(String),
    Static(&'static str),
    I64(i64),
    U64(u64),
    F64(f64),
    Bool(bool),
}

impl Record {
    pub(super) fn from_event(event: &Event<'_>, now: DateTime<Utc>) -> Self {
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
