//! The body-weight log: one weight a day.

use chrono::NaiveDate;

use super::goals::WEIGHT_KG;
use super::input::Measure;
use super::{Actor, App, AppError, AppResult, Check, Input, check_order, check_range};
use crate::domain::trend::{self, TrendDay, Weighing};
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

impl App {
    /// Every weighing of the account's history with its trend (body.md §1),
    /// up to `to` (the trend of a day depends on nothing after it).
    pub async fn weighings(&self, actor: &Actor, to: NaiveDate) -> AppResult<Vec<Weighing>> {
        let weights = self
            .store
            .weights(actor.account_id, ALL_DATES.0, to)
            .await?;
        let pairs: Vec<(NaiveDate, f64)> = weights.iter().map(|w| (w.date, w.weight_kg)).collect();
        Ok(trend::weighings(&pairs))
    }

    /// The weights of `from..=to` with their trend, computed over the whole
    /// history; each end open when `None` (the first and last weighing).
    /// With `fill`, one row per day of the range (at most 366 days), days
    /// without weighing carrying the trend.
    pub async fn weight_trend(
        &self,
        actor: &Actor,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        fill: bool,
    ) -> AppResult<Vec<TrendDay>> {
        check_order(from.unwrap_or(ALL_DATES.0), to.unwrap_or(ALL_DATES.1))?;
        let weighings = self.weighings(actor, to.unwrap_or(ALL_DATES.1)).await?;
        if !fill {
            return Ok(trend::weighed_days(
                &weighings,
                from.unwrap_or(ALL_DATES.0),
                to.unwrap_or(ALL_DATES.1),
            ));
        }
        let (Some(first), Some(last)) = (weighings.first(), weighings.last()) else {
            // Nothing weighed: an open range has no days to fill.
            return match (from, to) {
                (Some(from), Some(to)) => {
                    check_range(from, to)?;
                    Ok(trend::every_day(&[], from, to))
                }
                _ => Ok(Vec::new()),
            };
        };
        let from = from.unwrap_or(first.date);
        let to = to.unwrap_or(last.date);
        check_range(from, to)?;
        Ok(trend::every_day(&weighings, from, to))
    }
}
