//! Everything an account logged, for export.

use chrono::{DateTime, Utc};

use super::goals::BodyProfile;
use super::{Actor, App, AppResult};
use crate::domain::nutrients::Nutrients;
use crate::store::{ALL_DATES, ActivityEntry, FoodEntry, Weight};

#[derive(Clone, Debug)]
pub struct Export {
    pub username: String,
    pub exported_at: DateTime<Utc>,
    pub goals: Nutrients,
    pub profile: BodyProfile,
    pub food_entries: Vec<FoodEntry>,
    pub activity_entries: Vec<ActivityEntry>,
    pub weights: Vec<Weight>,
}

impl App {
    pub async fn export(&self, actor: &Actor) -> AppResult<Export> {
        let account = self.account(actor).await?;
        let (from, to) = ALL_DATES;
        let id = actor.account_id;
        Ok(Export {
            username: account.username,
            exported_at: Utc::now(),
            goals: self.goals(actor).await?,
            profile: self.profile(actor).await?,
            food_entries: self.store.food_entries(id, from, to).await?,
            activity_entries: self.store.activity_entries(id, from, to).await?,
            weights: self.store.weights(id, from, to).await?,
        })
    }
}
