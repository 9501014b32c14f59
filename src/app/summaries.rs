//! Where the day, or a range of days, stands against the goals.

use chrono::NaiveDate;

use super::accounts::Credential;
use super::targets::{age_for_targets, with_overrides};
use super::{Actor, App, AppError, AppResult, check_range};
use crate::domain::dri;
use crate::domain::goals::Goals;
use crate::domain::nutrient_totals::{self, KeyTotal};
use crate::domain::nutrients::Nutrients;
use crate::domain::summary::{self, Averages, DailyTotals, DayRow};
use crate::domain::water;
use crate::domain::weekday_goals::WeekGoals;
use crate::store::{ActivityEntry, Day, FoodEntry, WaterEntry};

/// One day: consumed, burned, net (consumed − burned) and remaining (goal −
/// net for calories, goal − consumed for each macro), by meal too; and the
/// day's water, in ml.
#[derive(Clone, Debug)]
pub struct DailySummary {
    pub date: NaiveDate,
    pub goals: Goals,
    pub totals: DailyTotals,
    pub water_ml: i64,
    /// Every detail key over the day, with its target.
    pub nutrients: Vec<DayNutrient>,
    pub food_entries: Vec<FoodEntry>,
    pub activity_entries: Vec<ActivityEntry>,
    pub water_entries: Vec<WaterEntry>,
}

/// Day by day over a range (empty days included with zeros), and the
/// averages over the days that have entries; `goals.on(day)` are the goals
/// in force on each day.
#[derive(Clone, Debug)]
pub struct RangeSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayRow>,
    /// Each day's detail amounts, in the order of `days`.
    pub day_nutrients: Vec<Vec<KeyTotal>>,
    pub averages: Averages,
    pub goals: WeekGoals,
    /// The mean of each detail key over the days that knew it.
    pub nutrient_averages: Vec<(&'static str, Option<f64>)>,
}

/// One detail key over a day, against its target.
#[derive(Clone, Debug, PartialEq)]
pub struct DayNutrient {
    pub total: KeyTotal,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
}

/// The day's detail totals beside the targets in force for the profile
/// (its age on that day) and the day's calorie goal.
fn day_nutrients(date: NaiveDate, day: &Day, goals: &Goals) -> Vec<DayNutrient> {
    let age = age_for_targets(day.birth_date, date);
    let defaults = dri::targets(day.sex, age, goals.nutrients.calories);
    let targets = with_overrides(defaults, &day.target_overrides);
    nutrient_totals::of_entries(day.food_entries.iter().map(|e| &e.details))
        .into_iter()
        .map(|total| {
            let target = targets.iter().find(|t| t.key == total.key);
            DayNutrient {
                total,
                target_min: target.and_then(|t| t.min),
                target_max: target.and_then(|t| t.max),
            }
        })
        .collect()
}

fn summarise(date: NaiveDate, day: Day) -> DailySummary {
    // The goals in force: the base overlaid with the weekday's override.
    let base = day.goals.unwrap_or(Goals::DEFAULT);
    let goals = Goals {
        nutrients: day.weekday_goals.over(base.nutrients),
        ..base
    };
    let foods: Vec<_> = day
        .food_entries
        .iter()
        .map(|e| (e.meal, e.nutrients()))
        .collect();
    let burned: Vec<f64> = day.activity_entries.iter().map(|a| a.kcal_burned).collect();
    DailySummary {
        date,
        goals,
        totals: summary::daily_totals(goals.nutrients, &foods, &burned),
        water_ml: water::day_total(day.water_entries.iter().map(|w| w.ml)),
        nutrients: day_nutrients(date, &day, &goals),
        food_entries: day.food_entries,
        activity_entries: day.activity_entries,
        water_entries: day.water_entries,
    }
}

impl App {
    pub async fn daily_summary(&self, actor: &Actor, date: NaiveDate) -> AppResult<DailySummary> {
        // One statement for goals and entries; the account exists (it was
        // just authenticated) unless it was deleted meanwhile.
        let day = self
            .store
            .day_of_account(actor.account_id, date)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(summarise(date, day))
    }

    /// The daily summary straight from the credential: with a session, the
    /// session check, the goals and the day's entries are one statement (the
    /// hot path). Answers the account too, for the request log.
    pub async fn daily_summary_for(
        &self,
        credential: &Credential,
        date: NaiveDate,
    ) -> AppResult<(i64, DailySummary)> {
        let day = match credential {
            Credential::Session(hash) => {
                self.store
                    .day_by_session(hash, self.idle_since(), date)
                    .await?
            }
            Credential::Token(_) => {
                let actor = self.authenticate(credential).await?;
                self.store.day_of_account(actor.account_id, date).await?
            }
        }
        .ok_or(AppError::Unauthenticated)?;
        Ok((day.account_id, summarise(date, day)))
    }

    pub async fn range_summary(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<RangeSummary> {
        check_range(from, to)?;
        let foods = self
            .store
            .daily_food_totals(actor.account_id, from, to)
            .await?;
        let burned = self.store.daily_burned(actor.account_id, from, to).await?;
        let sums: Vec<(NaiveDate, Nutrients)> =
            foods.iter().map(|d| (d.date, d.nutrients)).collect();
        let days = summary::day_rows(from, to, &sums, &burned);
        let averages = summary::averages(&days);
        // Both in date order: one pass.
        let mut logged = foods.iter().peekable();
        let day_nutrients: Vec<Vec<KeyTotal>> = days
            .iter()
            .map(|row| match logged.next_if(|d| d.date == row.date) {
                Some(d) => nutrient_totals::from_sums(&d.details, &d.known, d.entries),
                None => nutrient_totals::of_entries(&[]),
            })
            .collect();
        let nutrient_averages = nutrient_totals::means(&day_nutrients);
        Ok(RangeSummary {
            from,
            to,
            days,
            day_nutrients,
            averages,
            goals: self.week_goals(actor).await?,
            nutrient_averages,
        })
    }
}
