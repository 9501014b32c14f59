//! The one error type of the API, answered as RFC 9457 problem+json: the
//! operations' [`AppError`]s, and what only HTTP can get wrong (a malformed
//! body or query, no route, a method the path does not take).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::{self, AppError};
use crate::locale::Message;

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

impl From<app::FieldError> for FieldError {
    fn from(e: app::FieldError) -> FieldError {
        FieldError {
            field: e.field,
            message: e.message.english(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    App(#[from] AppError),
    /// A malformed body, query or path.
    #[error("bad request: {detail}")]
    BadRequest {
        detail: String,
        errors: Vec<app::FieldError>,
    },
    /// No route matches the path (as opposed to a missing resource).
    #[error("no such route")]
    NoRoute,
    /// The path exists but does not take the method (the router adds `Allow`).
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad_query(field: &str, message: Message) -> ApiError {
        ApiError::BadRequest {
            detail: format!("query parameter `{field}`: {}", message.english()),
            errors: vec![app::FieldError::new(field, message)],
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::App(e) => crate::edge::status_of(e),
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }

    /// The last part of the problem's `type` URI.
    fn slug(&self) -> &'static str {
        match self {
            ApiError::App(e) => match e {
                AppError::Validation(_) => "validation",
                AppError::NotFound => "not-found",
                AppError::Forbidden(_) => "forbidden",
                AppError::Conflict(_) => "conflict",
                AppError::Unauthenticated => "unauthorized",
                AppError::RateLimited { .. } => "too-many-requests",
                AppError::Unavailable => "unavailable",
                AppError::Busy { .. } => "busy",
                AppError::TooLarge { .. } => "payload-too-large",
                AppError::Internal(_) => "internal",
            },
            ApiError::BadRequest { .. } => "bad-request",
            ApiError::NoRoute => "no-route",
            ApiError::MethodNotAllowed => "method-not-allowed",
            ApiError::PayloadTooLarge => "payload-too-large",
            ApiError::UnsupportedMediaType => "unsupported-media-type",
        }
    }

    fn detail(&self) -> String {
        match self {
            ApiError::App(e) => e.detail(),
            ApiError::BadRequest { detail, .. } => detail.clone(),
            ApiError::NoRoute => "no such path; see /api/docs".into(),
            ApiError::MethodNotAllowed => {
                "the path does not take this method (see `Allow`, and /api/docs)".into()
            }
            ApiError::PayloadTooLarge => "the request body exceeds 64 KiB".into(),
            ApiError::UnsupportedMediaType => {
                "send the body as `Content-Type: application/json`".into()
            }
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        let errors = match self {
            ApiError::App(AppError::Validation(errors)) | ApiError::BadRequest { errors, .. } => {
                errors.iter().cloned().map(FieldError::from).collect()
            }
            _ => Vec::new(),
        };
        Problem {
            kind: format!("urn:nutrinube:problem:{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.detail(),
            errors,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::App(AppError::Internal(e)) => {
                tracing::error!(error = format!("{e:#}"), "request failed")
            }
            ApiError::App(AppError::Unavailable) => tracing::warn!("database unavailable"),
            _ => {}
        }
        let mut response = (self.status(), Json(self.problem())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        match self {
            ApiError::App(
                AppError::RateLimited { retry_after, .. } | AppError::Busy { retry_after },
            ) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            }
            ApiError::App(AppError::Unavailable) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            ApiError::App(AppError::Unauthenticated) => {
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
