//! Reading request bodies, queries and paths so that every bad field is
//! reported at once, named, with the right status (spec §3: 400 malformed,
//! 413, 415, 422).

use std::collections::HashMap;
use std::ops::RangeInclusive;

use crate::locale::msg;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::error::ApiError;
use crate::app::{AppError, FieldError, Input, parse_date};

/// A JSON member: absent (by `#[serde(default)]`), null, a value of the
/// type, or a value of another type (kept as serde's message).
impl<'de, T: DeserializeOwned> Deserialize<'de> for Input<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if value.is_null() {
            return Ok(Input::Null);
        }
        Ok(match T::deserialize(value) {
            Ok(v) => Input::Value(v),
            Err(e) => Input::Invalid(msg("json-value").arg("detail", e.to_string())),
        })
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
        StatusCode::UNPROCESSABLE_ENTITY => {
            ApiError::App(AppError::Validation(vec![FieldError::new(
                "body",
                msg("json-shape").arg("detail", rejection.body_text()),
            )]))
        }
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
                msg("at-most-characters").arg("max", max as f64),
            ));
        }
        if q.chars().any(char::is_control) {
            return Err(ApiError::bad_query(name, msg("no-control-characters")));
        }
        Ok(q)
    }

    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(None);
        };
        parse_date(raw)
            .map(Some)
            .ok_or_else(|| ApiError::bad_query(name, msg("date-format")))
    }

    pub fn integer(&self, name: &str, range: RangeInclusive<i64>) -> Result<Option<i64>, ApiError> {
        let Some(raw) = self.0.get(name) else {
            return Ok(None);
        };
        match raw.parse::<i64>() {
            Ok(v) if range.contains(&v) => Ok(Some(v)),
            _ => Err(ApiError::bad_query(
                name,
                msg("whole-number-range")
                    .arg("min", *range.start() as f64)
                    .arg("max", *range.end() as f64),
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
            Err(_) => Err(AppError::NotFound.into()),
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
                errors: vec![FieldError::new("date", msg("date-format"))],
            }),
        }
    }
}

/// The `?date=` or `?from=&to=` of a listing, as an inclusive range (its
/// order and length are the operation's to check).
pub fn date_range(q: &QueryParams) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let date = q.date("date")?;
    let from = q.date("from")?;
    let to = q.date("to")?;
    match (date, from, to) {
        (Some(d), None, None) => Ok((d, d)),
        (None, Some(from), Some(to)) => Ok((from, to)),
        (Some(_), _, _) => Err(ApiError::bad_query("date", msg("date-or-range"))),
        (None, None, _) => Err(ApiError::bad_query("from", msg("required-or-date"))),
        (None, Some(_), None) => Err(ApiError::bad_query("to", msg("required-with-from"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Check;

    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        calories: Input<f64>,
        #[serde(default)]
        name: Input<String>,
    }

    #[test]
    fn absent_null_and_wrong_types_differ() {
        let body: Body = serde_json::from_str(r#"{"name": null}"#).unwrap();
        assert!(body.calories.is_absent());
        assert_eq!(body.name, Input::Null);
        let body: Body = serde_json::from_str(r#"{"calories": "lots", "name": 3}"#).unwrap();
        let mut check = Check::new();
        assert_eq!(check.required("calories", body.calories), None);
        assert_eq!(check.required("name", body.name), None);
        let Err(AppError::Validation(errors)) = check.finish() else {
            panic!("expected a validation error");
        };
        assert_eq!(errors[0].field, "calories");
        assert!(
            errors[0].message.english().starts_with("invalid type"),
            "{errors:?}"
        );
        assert_eq!(errors[1].field, "name");
    }
}
