//! Nutrient targets: the account's overrides of the DRI defaults
//! (nutrition.md §2, "Targets"), one row per nutrient key.

use super::{Store, StoreError, StoreResult, begin_for_account, now, on_pool, on_write_pool};

/// One override as stored; a `None` bound is the default's.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TargetOverride {
    pub key: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// A change to one key's override: set it, or remove it (back to the
/// default).
#[derive(Clone, Debug, PartialEq)]
pub enum TargetChange {
    Set(TargetOverride),
    Remove(String),
}

impl Store {
    /// The account's overrides, by key.
    pub async fn target_overrides(&self, account_id: i64) -> StoreResult<Vec<TargetOverride>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT key, min, max FROM nutrient_targets WHERE account_id = $1 ORDER BY key",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await
        })
    }

    /// Applies every change in one transaction: all of them or none.
    pub async fn change_target_overrides(
        &self,
        account_id: i64,
        changes: &[TargetChange],
    ) -> StoreResult<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let at = now();
        on_write_pool!(self, |pool| {
            let mut tx = begin_for_account!(self, pool, account_id);
            for change in changes {
                match change {
                    TargetChange::Set(o) => {
                        sqlx::query(
                            "INSERT INTO nutrient_targets (account_id, key, min, max, updated_at)
                             VALUES ($1, $2, $3, $4, $5)
                             ON CONFLICT (account_id, key) DO UPDATE SET min = excluded.min,
                                 max = excluded.max, updated_at = excluded.updated_at",
                        )
                        .bind(account_id)
                        .bind(&o.key)
                        .bind(o.min)
                        .bind(o.max)
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    TargetChange::Remove(key) => {
                        sqlx::query(
                            "DELETE FROM nutrient_targets WHERE account_id = $1 AND key = $2",
                        )
                        .bind(account_id)
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        })
    }
}
