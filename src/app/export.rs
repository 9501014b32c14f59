//! Everything an account logged, for export: the account's few values read
//! at once, its diary as reads to stream (memory stays the same however
//! much the account holds).

use chrono::{DateTime, Utc};

use super::goals::BodyProfile;
use super::{Actor, App, AppResult};
use crate::domain::nutrients::Nutrients;
use crate::store::{ActivityEntry, DiaryRecord, FoodEntry, Rows, Weight};

/// The export; the front end starts the reads of the diary its format
/// needs (the others cost nothing).
pub struct Export {
    pub username: String,
    pub exported_at: DateTime<Utc>,
    pub goals: Nutrients,
    pub profile: BodyProfile,
    /// Every food entry, activity and weight, by day then kind (food,
    /// activity, weight), each kind in diary order.
    pub diary: Rows<DiaryRecord>,
    pub food_entries: Rows<FoodEntry>,
    pub activity_entries: Rows<ActivityEntry>,
    pub weights: Rows<Weight>,
}

impl App {
    pub async fn export(&self, actor: &Actor) -> AppResult<Export> {
        let account = self.account(actor).await?;
        let id = actor.account_id;
        Ok(Export {
            username: account.username,
            exported_at: Utc::now(),
            goals: self.goals(actor).await?,
            profile: self.profile(actor).await?,
            diary: self.store.diary_rows(id),
            food_entries: self.store.all_food_entries(id),
            activity_entries: self.store.all_activity_entries(id),
            weights: self.store.all_weights(id),
        })
    }
}
