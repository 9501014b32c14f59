//! Account settings: columns of `accounts`.

use crate::domain::settings::{EnergyUnit, Language, LengthUnit, WeightUnit};

use super::{Store, StoreResult, on_pool, on_write_pool};

/// The settings as stored; the time zone as its IANA name.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StoredSettings {
    pub time_zone: String,
    pub language: Language,
    pub energy_unit: EnergyUnit,
    pub weight_unit: WeightUnit,
    pub length_unit: LengthUnit,
}

impl Default for StoredSettings {
    /// A new account's settings: UTC, English, kcal, kg, cm.
    fn default() -> StoredSettings {
        StoredSettings {
            time_zone: "UTC".into(),
            language: Language::default(),
            energy_unit: EnergyUnit::default(),
            weight_unit: WeightUnit::default(),
            length_unit: LengthUnit::default(),
        }
    }
}

impl Store {
    /// The account's settings; `None` when the account is gone.
    pub async fn settings(&self, account_id: i64) -> StoreResult<Option<StoredSettings>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT time_zone, language, energy_unit, weight_unit, length_unit
                 FROM accounts WHERE id = $1",
            )
            .bind(account_id)
            .fetch_optional(pool)
            .await
        })
    }

    /// Replaces the account's settings.
    pub async fn set_settings(&self, account_id: i64, s: &StoredSettings) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "UPDATE accounts SET time_zone = $2, language = $3, energy_unit = $4,
                        weight_unit = $5, length_unit = $6
                 WHERE id = $1",
            )
            .bind(account_id)
            .bind(&s.time_zone)
            .bind(s.language)
            .bind(s.energy_unit)
            .bind(s.weight_unit)
            .bind(s.length_unit)
            .execute(pool)
            .await
            .map(|_| ())
        })
    }
}
