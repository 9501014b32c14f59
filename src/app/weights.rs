//! The body-weight log: one weight a day.

use chrono::NaiveDate;

use super::goals::WEIGHT_KG;
use super::input::Measure;
use super::{Actor, App, AppError, AppResult, Check, Input, check_order};
use crate::store::{ALL_DATES, Weight};

#[derive(Debug, Default)]
pub struct WeightFields {
    pub weight_kg: Input<f64>,
}

impl App {
    /// Records the day's weight; a second one on the same day replaces the
    /// first.
    pub async fn put_weight(
        &self,
        actor: &Actor,
        date: NaiveDate,
        cmd: WeightFields,
    ) -> AppResult<Weight> {
        let mut check = Check::new();
        let weight_kg = check.required("weight_kg", cmd.weight_kg);
        let weight_kg = check.measured("weight_kg", weight_kg, WEIGHT_KG, Measure::BodyWeight);
        check.finish()?;
        let weight = Weight {
            date,
            weight_kg: weight_kg.unwrap_or_default(),
        };
        self.store.put_weight(actor.account_id, &weight).await?;
        Ok(weight)
    }

    pub async fn delete_weight(&self, actor: &Actor, date: NaiveDate) -> AppResult<()> {
        if self.store.delete_weight(actor.account_id, date).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The weights of `from..=to` by date; each end open when `None`.
    pub async fn weights(
        &self,
        actor: &Actor,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> AppResult<Vec<Weight>> {
        let from = from.unwrap_or(ALL_DATES.0);
        let to = to.unwrap_or(ALL_DATES.1);
        check_order(from, to)?;
        Ok(self.store.weights(actor.account_id, from, to).await?)
    }
}
