//! The one error type of the HTTP layer, answered as RFC 9457 problem+json.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A problem report (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Every invalid field, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    /// The JSON member or query parameter at fault.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("not authenticated")]
    Unauthorized,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    /// No route matches the path (as opposed to a missing resource).
    #[error("no such route")]
    NoRoute,
    /// The path exists but does not take the method (the router adds `Allow`).
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("invalid values")]
    Validation(Vec<FieldError>),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("database unavailable")]
    Unavailable,
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad_query(field: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError::BadRequest {
            detail: format!("query parameter `{field}`: {message}"),
            errors: vec![FieldError::new(field, message)],
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn slug_and_detail(&self) -> (&'static str, String) {
        match self {
            ApiError::BadRequest { detail, .. } => ("bad-request", detail.clone()),
            ApiError::Unauthorized => (
                "unauthorized",
                "log in, or send an API token as `Authorization: Bearer <token>`".into(),
            ),
            ApiError::Forbidden(detail) => ("forbidden", detail.clone()),
            ApiError::NotFound => ("not-found", "no such resource".into()),
            ApiError::NoRoute => ("no-route", "no such path; see /api/docs".into()),
            ApiError::MethodNotAllowed => (
                "method-not-allowed",
                "the path does not take this method (see `Allow`, and /api/docs)".into(),
            ),
            ApiError::Conflict(detail) => ("conflict", detail.clone()),
            ApiError::PayloadTooLarge => (
                "payload-too-large",
                "the request body exceeds 64 KiB".into(),
            ),
            ApiError::UnsupportedMediaType => (
                "unsupported-media-type",
                "send the body as `Content-Type: application/json`".into(),
            ),
            ApiError::Validation(errors) => (
                "validation",
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ApiError::TooManyRequests { retry_after_secs } => (
                "too-many-requests",
                format!("too many failed logins; try again in {retry_after_secs} s"),
            ),
            ApiError::Unavailable => (
                "unavailable",
                "the database cannot be reached right now; try again shortly".into(),
            ),
            ApiError::Internal(_) => ("internal", "an unexpected error occurred".into()),
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        let (slug, detail) = self.slug_and_detail();
        let errors = match self {
            ApiError::Validation(errors) | ApiError::BadRequest { errors, .. } => errors.clone(),
            _ => Vec::new(),
        };
        Problem {
            kind: format!("urn:nutrinube:problem:{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            errors,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> ApiError {
        if crate::store::is_unavailable(&err) {
            ApiError::Unavailable
        } else {
            ApiError::Internal(err.into())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(e) => tracing::error!(error = format!("{e:#}"), "request failed"),
            ApiError::Unavailable => tracing::warn!("database unavailable"),
            _ => {}
        }
        let mut response = (self.status(), Json(self.problem())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        match self {
            ApiError::TooManyRequests { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            ApiError::Unavailable => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            ApiError::Unauthorized => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"nutrinube\""),
                );
            }
            _ => {}
        }
        response
    }
}
