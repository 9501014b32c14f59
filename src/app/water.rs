//! Water: drinks logged in whole millilitres (nutrition.md §6).

use chrono::NaiveDate;

use super::{Actor, App, AppError, AppResult, Check, Input, check_range};
use crate::domain::quotas::WATER_ENTRIES_PER_DAY;
use crate::domain::water::ENTRY_ML;
use crate::locale::msg;
use crate::store::WaterEntry;

/// A drink as sent: the diary day and an integer amount in ml, 1–5000.
#[derive(Debug, Default)]
pub struct WaterEntryFields {
    pub date: Input<String>,
    pub ml: Input<i64>,
}

impl App {
    /// Validates and logs a drink, within the day's quota.
    pub async fn create_water_entry(
        &self,
        actor: &Actor,
        body: WaterEntryFields,
    ) -> AppResult<WaterEntry> {
        let mut check = Check::new();
        let date = check.required("date", body.date);
        let date = check.date("date", date);
        let ml = check.required("ml", body.ml);
        let ml = check.integer("ml", ml, ENTRY_ML);
        check.finish()?;
        let (Some(date), Some(ml)) = (date, ml) else {
            return Err(AppError::invalid("ml", msg("required")));
        };
        self.store
            .insert_water_entry(actor.account_id, date, ml, WATER_ENTRIES_PER_DAY)
            .await
            .map_err(AppError::within(WATER_ENTRIES_PER_DAY))
    }

    /// The drinks of `from..=to`, by date and creation.
    pub async fn water_entries(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Vec<WaterEntry>> {
        check_range(from, to)?;
        Ok(self.store.water_entries(actor.account_id, from, to).await?)
    }

    pub async fn delete_water_entry(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if self.store.delete_water_entry(actor.account_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
