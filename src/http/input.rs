//! Reading request bodies and queries so that every bad field is reported at
//! once, named, with the right status (spec §3: 400 malformed, 413, 415, 422).

use std::collections::HashMap;
use std::ops::RangeInclusive;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::{Datelike, NaiveDate};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::error::{ApiError, FieldError};
use crate::domain::nutrients::round1;

/// One JSON member as sent: absent, null, a value of the right type, or not
/// (kept as a message, so that one bad type does not hide other errors).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Input<T> {
    #[default]
    Absent,
    Null,
    Value(T),
    Invalid(String),
}

impl<T> Input<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Input::Absent)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Input<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if value.is_null() {
            return Ok(Input::Null);
        }
        Ok(match T::deserialize(value) {
            Ok(v) => Input::Value(v),
            Err(e) => Input::Invalid(e.to_string()),
        })
    }
}

/// Collects field errors; `finish` answers 422 naming all of them.
#[derive(Debug, Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

/// The least amount `Check::positive` takes: smaller ones round to 0.
pub const POSITIVE_MIN: f64 = 0.05;

/// Dates the diary accepts: four-digit years from 1900.
pub const DATE_YEARS: RangeInclusive<i32> = 1900..=9999;

impl Check {
    pub fn new() -> Check {
        Check::default()
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }

    /// The value, or `None` when absent or null.
    pub fn optional<T>(&mut self, field: &str, input: Input<T>) -> Option<T> {
        match input {
            Input::Absent | Input::Null => None,
            Input::Value(v) => Some(v),
            Input::Invalid(message) => {
                self.fail(field, message);
                None
            }
        }
    }

    /// The value; absent or null is an error.
    pub fn required<T>(&mut self, field: &str, input: Input<T>) -> Option<T> {
        if matches!(input, Input::Absent | Input::Null) {
            self.fail(field, "is required");
        }
        self.optional(field, input)
    }

    /// A decimal within `range`, rounded to 0.1.
    pub fn decimal(
        &mut self,
        field: &str,
        value: Option<f64>,
        range: RangeInclusive<f64>,
    ) -> Option<f64> {
        let v = value?;
        if !v.is_finite() || !range.contains(&v) {
            self.fail(
                field,
                format!("must be between {} and {}", range.start(), range.end()),
            );
            return None;
        }
        Some(round1(v))
    }

    /// A decimal above zero and at most `max`, rounded to 0.1: so at least
    /// 0.05 as sent, since anything smaller would be kept as 0.
    pub fn positive(&mut self, field: &str, value: Option<f64>, max: f64) -> Option<f64> {
        let v = value?;
        if !v.is_finite() || round1(v) <= 0.0 || v > max {
            self.fail(
                field,
                format!("must be greater than 0 (at least {POSITIVE_MIN}) and at most {max}"),
            );
            return None;
        }
        Some(round1(v))
    }

    pub fn integer(
        &mut self,
        field: &str,
        value: Option<i64>,
        range: RangeInclusive<i64>,
    ) -> Option<i64> {
        let v = value?;
        if !range.contains(&v) {
            self.fail(
                field,
                format!("must be between {} and {}", range.start(), range.end()),
            );
            return None;
        }
        Some(v)
    }

    /// Text trimmed of surrounding white space, 1 to `max` characters.
    pub fn text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let v = value?;
        let v = v.trim();
        let len = v.chars().count();
        if len == 0 || len > max {
            self.fail(field, format!("must be 1 to {max} characters"));
            return None;
        }
        if v.chars().any(|c| c.is_control()) {
            self.fail(field, "must not contain control characters");
            return None;
        }
        Some(v.to_owned())
    }

    /// A `YYYY-MM-DD` date (sent as a string).
    pub fn date(&mut self, field: &str, value: Option<String>) -> Option<NaiveDate> {
        let raw = value?;
        let parsed = parse_date(&raw);
        if parsed.is_none() {
            self.fail(field, "must be a date as YYYY-MM-DD, from 1900-01-01");
        }
        parsed
    }

    /// One of `allowed`, by name.
    pub fn one_of<T>(
        &mut self,
        field: &str,
        value: Option<String>,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        let v = value?;
        let parsed = parse(&v);
        if parsed.is_none() {
            self.fail(field, format!("must be one of {allowed}"));
        }
        parsed
    }
}

/// A JSON body; rejections become problem+json with the spec's statuses.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNPROCESSABLE_ENTITY => ApiError::Validation(vec![FieldError::new(
            "body",
            format!(
                "must be a JSON object of the documented shape ({})",
                rejection.body_text()
            ),
        )]),
        _ => ApiError::BadRequest {
            detail: format!("malformed JSON: {}", rejection.body_text()),
            errors: Vec::new(),
        },
    }
}

/// Query parameters by name; malformed ones answer 400 naming the parameter.
pub struct QueryParams(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<HashMap<String, String>>::from_request_parts(parts, state).await {
            Ok(Query(map)) => Ok(QueryParams(map)),
            Err(e) => Err(ApiError::BadRequest {
                detail: format!("malformed query: {}", e.body_text()),
                errors: Vec::new(),
            }),
        }
    }
}

impl QueryParams {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Words to search for: at most `max` characters and no control
    /// characters (PostgreSQL text cannot hold NUL); empty when absent.
    pub fn search_text(&self, name: &str, max: usize) -> Result<&str, ApiError> {
        let q = self.text(name).unwrap_or_default();
        if q.chars().count() > max {
            return Err(ApiError::bad_query(
                name,
                format!("must be at most {max} characters"),
            ));
        }
        if q.chars().any(char::is_control) {
            return Err(ApiError::bad_query(
                name,
                "must not contain control characters",
            ));
        }
        Ok(q)
    }

    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(None);
        };
        parse_date(raw)
            .map(Some)
            .ok_or_else(|| ApiError::bad_query(name, "must be a date as YYYY-MM-DD"))
    }

    pub fn integer(&self, name: &str, range: RangeInclusive<i64>) -> Result<Option<i64>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(None);
        };
        match raw.parse::<i64>() {
            Ok(v) if range.contains(&v) => Ok(Some(v)),
            _ => Err(ApiError::bad_query(
                name,
                format!(
                    "must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )),
        }
    }
}

/// The numeric id in a resource path; anything else names no resource (404).
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<i64>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(Id(id)),
            Err(_) => Err(ApiError::NotFound),
        }
    }
}

/// A `{date}` in a resource path (`YYYY-MM-DD`); anything else answers 400
/// naming `date`.
pub struct PathDate(pub NaiveDate);

impl<S: Send + Sync> FromRequestParts<S> for PathDate {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .ok();
        match raw.and_then(|axum::extract::Path(raw)| parse_date(&raw)) {
            Some(date) => Ok(PathDate(date)),
            None => Err(ApiError::BadRequest {
                detail: "the path's date must be YYYY-MM-DD, from 1900-01-01".into(),
                errors: vec![FieldError::new(
                    "date",
                    "must be a date as YYYY-MM-DD, from 1900-01-01",
                )],
            }),
        }
    }
}

/// The `?date=` or `?from=&to=` of a listing, as an inclusive range of at
/// most `max_days` days.
pub fn date_range(q: &QueryParams, max_days: i64) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let date = q.date("date")?;
    let from = q.date("from")?;
    let to = q.date("to")?;
    match (date, from, to) {
        (Some(d), None, None) => Ok((d, d)),
        (None, Some(from), Some(to)) => {
            if from > to {
                return Err(ApiError::invalid("to", "must not be before `from`"));
            }
            if (to - from).num_days() + 1 > max_days {
                return Err(ApiError::invalid(
                    "to",
                    format!("the range may span at most {max_days} days"),
                ));
            }
            Ok((from, to))
        }
        (Some(_), _, _) => Err(ApiError::bad_query(
            "date",
            "give either `date` or `from` and `to`",
        )),
        (None, None, _) => Err(ApiError::bad_query("from", "is required (or give `date`)")),
        (None, Some(_), None) => Err(ApiError::bad_query("to", "is required with `from`")),
    }
}

/// Parses a `YYYY-MM-DD` date within the years the diary accepts.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    if raw.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|d| DATE_YEARS.contains(&d.year()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        calories: Input<f64>,
        #[serde(default)]
        name: Input<String>,
        #[serde(default)]
        duration_min: Input<i64>,
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let body: Body =
            serde_json::from_str(r#"{"calories": "lots", "name": null, "duration_min": 2000}"#)
                .unwrap();
        let mut check = Check::new();
        let calories = check.required("calories", body.calories);
        let name = check.required("name", body.name);
        let minutes = check.required("duration_min", body.duration_min);
        check.integer("duration_min", minutes, 1..=1440);
        assert_eq!(calories, None);
        assert_eq!(name, None);
        let ApiError::Validation(errors) = check.finish().unwrap_err() else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["calories", "name", "duration_min"]);
    }

    #[test]
    fn absent_and_null_differ() {
        let body: Body = serde_json::from_str(r#"{"name": null}"#).unwrap();
        assert!(body.calories.is_absent());
        assert_eq!(body.name, Input::Null);
    }

    #[test]
    fn decimals_are_rounded_and_bounded() {
        let mut check = Check::new();
        assert_eq!(check.decimal("f", Some(12.345), 0.0..=10000.0), Some(12.3));
        assert_eq!(check.decimal("f", Some(-0.1), 0.0..=10000.0), None);
        assert_eq!(check.decimal("f", Some(f64::NAN), 0.0..=10000.0), None);
        assert_eq!(check.positive("g", Some(0.0), 20000.0), None);
        assert_eq!(check.positive("g", Some(1e-300), 20000.0), None);
        assert_eq!(check.positive("g", Some(0.04), 20000.0), None);
        assert_eq!(check.positive("g", Some(POSITIVE_MIN), 20000.0), Some(0.1));
        assert_eq!(check.positive("g", Some(20000.0), 20000.0), Some(20000.0));
        assert!(!check.is_ok());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        let mut check = Check::new();
        assert_eq!(
            check.text("name", Some("  Oats ".into()), 200),
            Some("Oats".into())
        );
        assert_eq!(check.text("name", Some("   ".into()), 200), None);
        assert_eq!(
            check.text("name", Some("é".repeat(200)), 200),
            Some("é".repeat(200))
        );
        assert_eq!(check.text("name", Some("x".repeat(201)), 200), None);
    }

    #[test]
    fn dates_must_be_iso_days() {
        assert_eq!(
            parse_date("2026-11-26"),
            NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        assert_eq!(parse_date("2026-2-3"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("0999-01-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }
}
