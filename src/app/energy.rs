//! Energy expenditure estimated from what was eaten and how the trend
//! weight moved (body.md §2), and goals suggested from it.

use chrono::NaiveDate;

use super::{Actor, App, AppError, AppResult, FieldError};
use crate::domain::expenditure::{
    self, Estimate, MIN_LOGGED_DAYS, MIN_WEIGHT_SPAN_DAYS, Missing, RATE_KG_PER_WEEK,
};
use crate::domain::goals::{Sex, calorie_floor, split_macros};
use crate::domain::nutrients::Nutrients;
use crate::locale::{Message, msg};

/// What the estimate lacks, in words (the field is the caller's).
pub fn missing_message(missing: Missing) -> Message {
    match missing {
        Missing::LoggedDays { found } => msg("expenditure-needs-logged-days")
            .arg("min", MIN_LOGGED_DAYS)
            .arg("found", found),
        Missing::WeightDays { found } => msg("expenditure-needs-weights")
            .arg("apart", MIN_WEIGHT_SPAN_DAYS)
            .arg("found", found),
        Missing::WeightSpan { days } => msg("expenditure-needs-weight-span")
            .arg("apart", MIN_WEIGHT_SPAN_DAYS)
            .arg("days", days),
    }
}

/// Goals suggested from the estimate for a weekly rate of change.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpenditureGoals {
    pub estimate: Estimate,
    /// kg per week, −1.0 to +0.5 (negative loses).
    pub rate_kg_per_week: f64,
    /// Calories `expenditure + rate × 7700 ÷ 7` (never below the floor of
    /// `goals::calorie_floor`), split as every suggestion is.
    pub goals: Nutrients,
    /// Whether the floor raised the calories.
    pub floored: bool,
}

impl App {
    /// The estimate for the 28 days ending on `date` (default: today); a
    /// 422 naming `field` says everything it lacks.
    async fn estimate_or_missing(
        &self,
        actor: &Actor,
        date: Option<NaiveDate>,
        field: &str,
    ) -> AppResult<Estimate> {
        let date = match date {
            Some(d) => d,
            None => self.today(actor).await?,
        };
        let (from, to) = expenditure::window(date);
        let intake = self
            .store
            .daily_calories(actor.account_id, from, to)
            .await?;
        let weighings = self.weighings(actor, to).await?;
        expenditure::estimate(date, &intake, &weighings).map_err(|missing| {
            AppError::Validation(
                missing
                    .into_iter()
                    .map(|m| FieldError::new(field, missing_message(m)))
                    .collect(),
            )
        })
    }

    /// The estimate for the 28 days ending on `date` (default: today).
    pub async fn expenditure(&self, actor: &Actor, date: Option<NaiveDate>) -> AppResult<Estimate> {
        self.estimate_or_missing(actor, date, "date").await
    }

    /// Goals from today's estimate for `rate_kg_per_week` (default 0:
    /// keep the weight). A rate out of range is a 422 naming
    /// `rate_kg_per_week`; an estimate that cannot be made one naming
    /// `from`, the parameter that chose it.
    pub async fn goals_from_expenditure(
        &self,
        actor: &Actor,
        rate_kg_per_week: Option<f64>,
    ) -> AppResult<ExpenditureGoals> {
        let rate = rate_kg_per_week.unwrap_or(0.0);
        if !rate.is_finite() || !RATE_KG_PER_WEEK.contains(&rate) {
            return Err(AppError::invalid(
                "rate_kg_per_week",
                msg("must-be-between")
                    .arg("min", *RATE_KG_PER_WEEK.start())
                    .arg("max", *RATE_KG_PER_WEEK.end()),
            ));
        }
        let rate = (rate * 100.0).round() / 100.0 + 0.0;
        let estimate = self.estimate_or_missing(actor, None, "from").await?;
        let calories = expenditure::calories_for_rate(estimate.expenditure_kcal, rate);
        // The floor of the profile's sex; without one, the lower of the two.
        let floor = match self.store.profile(actor.account_id).await?.sex {
            Some(sex) => calorie_floor(sex),
            None => calorie_floor(Sex::Female),
        };
        Ok(ExpenditureGoals {
            estimate,
            rate_kg_per_week: rate,
            goals: split_macros(calories.max(floor)),
            floored: calories < floor,
        })
    }

    /// Saves the suggestion from the estimate as the base goals (the
    /// weekdays' overrides and the water goal stay).
    pub async fn apply_expenditure_goals(
        &self,
        actor: &Actor,
        rate_kg_per_week: Option<f64>,
    ) -> AppResult<crate::domain::weekday_goals::WeekGoals> {
        let s = self.goals_from_expenditure(actor, rate_kg_per_week).await?;
        self.set_goals(
            actor,
            super::goals::GoalsFields {
                calories: super::Input::Value(s.goals.calories),
                protein_g: super::Input::Value(s.goals.protein_g),
                fat_g: super::Input::Value(s.goals.fat_g),
                carbs_g: super::Input::Value(s.goals.carbs_g),
                ..Default::default()
            },
        )
        .await
    }
}
