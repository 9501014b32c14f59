//! Who a request acts for: its credentials, checked (`AuthUser`) or only
//! read (`Presented`, for an operation that checks them in its own query).

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;

use super::error::ApiError;
use crate::app::accounts::Credential;
use crate::app::{Actor, AppError};
use crate::edge;
use crate::locale::msg;
use crate::state::AppState;
use crate::telemetry::request_log::RequestAccount;

/// The whole path of a request (a nested router sees only its part).
pub fn full_path(parts: &Parts) -> &str {
    parts
        .extensions
        .get::<OriginalUri>()
        .map(|u| u.0.path())
        .unwrap_or_else(|| parts.uri.path())
}

/// That `actor`'s credentials (a token's scope) allow the request: 403
/// otherwise.
pub fn check_scope(actor: &Actor, parts: &Parts) -> Result<(), ApiError> {
    if actor.scope.allows(parts.method.as_str(), full_path(parts)) {
        Ok(())
    } else {
        Err(AppError::Forbidden(msg("token-scope-forbidden")).into())
    }
}

/// The account a request acts for, from an API token or the session cookie;
/// 401 without valid credentials.
pub struct AuthUser(pub Actor);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let presented = Presented::from_request_parts(parts, state).await?;
        let actor = state.app.authenticate(&presented.credential).await?;
        presented.authenticated(actor.account_id);
        check_scope(&actor, parts)?;
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
            Ok(Some(credential)) => {
                // A token's scope is checked here (sessions may do
                // everything, and keep their one-query path).
                if matches!(credential, Credential::Token(_)) {
                    let actor = state.app.authenticate(&credential).await?;
                    check_scope(&actor, parts)?;
                }
                Ok(Presented {
                    credential,
                    account: RequestAccount::of(&parts.extensions),
                })
            }
            _ => Err(AppError::Unauthenticated.into()),
        }
    }
}
