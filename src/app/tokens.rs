//! API tokens: created with a secret shown once, listed, revoked.

use super::{Actor, App, AppError, AppResult, Check, Input};
use crate::auth::new_secret;
use crate::domain::quotas::API_TOKENS;
use crate::store::ApiToken;

/// What every token's secret starts with, so a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "nn_";

#[derive(Debug, Default)]
pub struct NewToken {
    pub name: Input<String>,
}

/// A token just created, with its secret (never stored, never shown again).
#[derive(Debug)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
}

impl App {
    pub async fn create_token(&self, actor: &Actor, cmd: NewToken) -> AppResult<CreatedToken> {
        let mut check = Check::new();
        let name = check.required("name", cmd.name);
        let name = check.text("name", name, 100);
        check.finish()?;
        let (secret, hash) = new_secret(TOKEN_PREFIX);
        let token = self
            .store
            .create_token(
                actor.account_id,
                &name.unwrap_or_default(),
                &hash,
                API_TOKENS,
            )
            .await
            .map_err(AppError::within(API_TOKENS))?;
        Ok(CreatedToken { token, secret })
    }

    /// The actor's tokens, without their secrets.
    pub async fn tokens(&self, actor: &Actor) -> AppResult<Vec<ApiToken>> {
        Ok(self.store.tokens(actor.account_id).await?)
    }

    pub async fn delete_token(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if self.store.delete_token(actor.account_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
