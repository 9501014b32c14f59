//! What an operation can fail with; each front end turns it into its own
//! answer (problem+json, a page) at its edge.

use crate::auth::HashingError;
use crate::domain::quotas::Quota;
use crate::locale::{Message, msg};
use crate::store::StoreError;

/// One invalid field and why.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The member, parameter or form field at fault.
    pub field: String,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: Message) -> FieldError {
        FieldError {
            field: field.into(),
            message,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Every invalid field of the command, at once.
    #[error("invalid values")]
    Validation(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    #[error("forbidden: {}", .0.english())]
    Forbidden(Message),
    #[error("conflict: {}", .0.english())]
    Conflict(Message),
    /// No valid credentials, or the account is gone.
    #[error("not authenticated")]
    Unauthenticated,
    /// A per-username or per-address limit is reached; `retry_after`
    /// seconds until it lifts.
    #[error("too many requests")]
    RateLimited { retry_after: u64, limit: RateLimit },
    /// The database cannot be reached right now.
    #[error("database unavailable")]
    Unavailable,
    /// Too much work queued (password hashing); try again in `retry_after` s.
    #[error("busy")]
    Busy { retry_after: u64 },
    /// An upload past its limit.
    #[error("too large")]
    TooLarge { max_bytes: u64 },
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// Which limit a `RateLimited` error hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateLimit {
    /// Failed password checks for a username or from an address.
    FailedLogins,
    /// Accounts registered from an address.
    Registrations,
}

impl AppError {
    pub fn invalid(field: &str, message: Message) -> AppError {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    /// A store error of a write bounded by `quota`: past it, a 422 naming
    /// the limit.
    pub(crate) fn within(quota: Quota) -> impl FnOnce(StoreError) -> AppError {
        move |err| match err {
            StoreError::OverQuota => {
                AppError::invalid(quota.name, msg(quota.refusal_key).arg("limit", quota.limit))
            }
            other => other.into(),
        }
    }

    /// What went wrong, in words for the person (or program) that asked.
    pub fn detail(&self) -> String {
        match self {
            AppError::Validation(errors) => errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message.english()))
                .collect::<Vec<_>>()
                .join("; "),
            AppError::NotFound => "no such resource".into(),
            AppError::Forbidden(detail) | AppError::Conflict(detail) => detail.english(),
            AppError::Unauthenticated => {
                "log in, or send an API token as `Authorization: Bearer <token>`".into()
            }
            AppError::RateLimited {
                retry_after,
                limit: RateLimit::FailedLogins,
            } => format!("too many failed logins; try again in {retry_after} s"),
            AppError::RateLimited {
                retry_after,
                limit: RateLimit::Registrations,
            } => format!(
                "too many accounts registered from this address; try again in {retry_after} s"
            ),
            AppError::Busy { retry_after } => {
                format!("the server is busy; try again in {retry_after} s")
            }
            AppError::TooLarge { max_bytes } => {
                format!("the upload is larger than {} MiB", max_bytes >> 20)
            }
            AppError::Unavailable => {
                "the database cannot be reached right now; try again shortly".into()
            }
            AppError::Internal(_) => "an unexpected error occurred".into(),
        }
    }
}

/// How long a client refused by a full hashing queue should wait.
pub const BUSY_RETRY_AFTER: u64 = 2;

impl From<HashingError> for AppError {
    fn from(err: HashingError) -> AppError {
        match err {
            HashingError::Busy => AppError::Busy {
                retry_after: BUSY_RETRY_AFTER,
            },
            HashingError::Failed(e) => AppError::Internal(e),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> AppError {
        match err {
            StoreError::Unavailable(_) => AppError::Unavailable,
            // A missing resource is an `Option` of the store's answer; a row
            // missing within a statement is a fault, not the client's 404.
            other => AppError::Internal(other.into()),
        }
    }
}
