//! Everything an account logged, for export: the account's few values read
//! at once, its diary as reads to stream (memory stays the same however
//! much the account holds).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::OwnedSemaphorePermit;

use super::goals::BodyProfile;
use super::recipes::RecipeView;
use super::saved_meals::SavedMealView;
use super::{Actor, App, AppError, AppResult};
use crate::domain::settings::Settings;
use crate::domain::weekday_goals::WeekGoals;
use crate::store::{
    ActivityEntry, DiaryRecord, Food, FoodEntry, Measurement, Rows, TargetOverride, WaterEntry,
    Weight,
};

/// How many exports may be sent at once with a pool of `max_connections`:
/// a quarter of them, at least one.
pub fn exports_at_once(max_connections: u32) -> usize {
    usize::try_from(max_connections / 4).unwrap_or(1).max(1)
}

/// The export; the front end starts the reads of the diary its format
/// needs (the others cost nothing), and keeps `slot` until it has sent it.
pub struct Export {
    pub slot: OwnedSemaphorePermit,
    pub username: String,
    pub exported_at: DateTime<Utc>,
    /// The base goals and the weekdays' overrides.
    pub goals: WeekGoals,
    pub profile: BodyProfile,
    pub settings: Settings,
    /// The nutrient target overrides, by key (a `None` bound is the
    /// default's).
    pub nutrient_targets: Vec<TargetOverride>,
    /// The account's custom foods (not its recipes), by name.
    pub custom_foods: Vec<Food>,
    /// The account's recipes, by name.
    pub recipes: Vec<RecipeView>,
    /// Every food entry, activity, weight and drink, by day then kind
    /// (food, activity, weight, water), each kind in diary order.
    pub diary: Rows<DiaryRecord>,
    pub food_entries: Rows<FoodEntry>,
    pub activity_entries: Rows<ActivityEntry>,
    pub weights: Rows<Weight>,
    pub water_entries: Rows<WaterEntry>,
    /// The body measurements, by day.
    pub measurements: Rows<Measurement, Measurement>,
    /// Every saved meal, read at once (at most 1000 of 50 items).
    pub saved_meals: Vec<SavedMealView>,
}

impl App {
    /// The export; `Busy` (try again shortly) while as many exports as may
    /// be are being sent.
    pub async fn export(&self, actor: &Actor) -> AppResult<Export> {
        let slot = Arc::clone(&self.exports)
            .try_acquire_owned()
            .map_err(|_| AppError::Busy { retry_after: 5 })?;
        let account = self.account(actor).await?;
        let id = actor.account_id;
        Ok(Export {
            slot,
            username: account.username,
            exported_at: Utc::now(),
            goals: self.week_goals(actor).await?,
            profile: self.profile(actor).await?,
            settings: self.settings(actor).await?,
            nutrient_targets: self.target_overrides(actor).await?,
            custom_foods: self.store.custom_foods(id).await?,
            recipes: self.recipes(actor).await?,
            diary: self.store.diary_rows(id),
            food_entries: self.store.all_food_entries(id),
            activity_entries: self.store.all_activity_entries(id),
            weights: self.store.all_weights(id),
            water_entries: self.store.all_water_entries(id),
            measurements: self.store.all_measurements(id),
            saved_meals: self.saved_meals(actor).await?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::exports_at_once;

    #[test]
    fn exports_take_at_most_a_quarter_of_the_pool() {
        assert_eq!(exports_at_once(10), 2);
        assert_eq!(exports_at_once(100), 25);
        assert_eq!(exports_at_once(3), 1);
        assert_eq!(exports_at_once(1), 1);
    }
}
