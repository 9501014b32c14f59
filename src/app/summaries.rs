//! Where the day, or a range of days, stands against the goals.

use chrono::NaiveDate;

use super::accounts::Credential;
use super::{Actor, App, AppError, AppResult, check_range};
use crate::domain::goals::Goals;
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
    pub averages: Averages,
    pub goals: WeekGoals,
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
        let days = summary::day_rows(from, to, &foods, &burned);
        let averages = summary::averages(&days);
        Ok(RangeSummary {
            from,
            to,
            days,
            averages,
            goals: self.week_goals(actor).await?,
        })
    }
}
