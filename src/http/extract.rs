//! Who a request acts for: its credentials, checked (`AuthUser`) or only
//! read (`Presented`, for an operation that checks them in its own query).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::error::ApiError;
use crate::app::accounts::Credential;
use crate::app::{Actor, AppError};
use crate::edge;
use crate::state::AppState;
use crate::telemetry::request_log::RequestAccount;

/// The account a request acts for, from an API token or the session cookie;
/// 401 without valid credentials.
pub struct AuthUser(pub Actor);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let presented = Presented::from_request_parts(parts, state).await?;
        let actor = state.app.authenticate(&presented.credential).await?;
        presented.authenticated(actor.account_id);
        Ok(AuthUser(actor))
    }
}

/// The credentials a request presents, not yet checked against the
/// database; missing or malformed ones are refused here with 401, as
/// `AuthUser` does.
pub struct Presented {
    pub credential: Credential,
    account: Option<RequestAccount>,
}

impl Presented {
    /// Records the account the credentials turned out to belong to, for the
    /// request log.
    pub fn authenticated(&self, account_id: i64) {
        if let Some(slot) = &self.account {
            slot.record(account_id);
        }
    }
}

impl FromRequestParts<AppState> for Presented {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match edge::credential(parts, state.config.cookie_secure) {
            Ok(Some(credential)) => Ok(Presented {
                credential,
                account: RequestAccount::of(&parts.extensions),
            }),
            _ => Err(AppError::Unauthenticated.into()),
        }
    }
}
