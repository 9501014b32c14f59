//! Goals by weekday (body.md §3): each weekday may override any of the base
//! goals' calories and macros; the goals in force on a day are the base
//! overlaid with its weekday's override. Water stays the base's.

use chrono::{Datelike, NaiveDate, Weekday};

use super::goals::Goals;
use super::nutrients::Nutrients;

/// The weekdays' names as the API spells them, Monday first (ISO order).
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Index into [`WEEKDAYS`] (0 = Monday).
pub fn index_of(weekday: Weekday) -> usize {
    weekday.num_days_from_monday() as usize
}

/// The index of a weekday's name; exact, lower case.
pub fn parse_weekday(name: &str) -> Option<usize> {
    WEEKDAYS.iter().position(|w| *w == name)
}

/// One weekday's partial override: `None` keeps the base goal.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GoalOverride {
    pub calories: Option<f64>,
    pub protein_g: Option<f64>,
    pub fat_g: Option<f64>,
    pub carbs_g: Option<f64>,
}

impl GoalOverride {
    pub fn is_empty(&self) -> bool {
        *self == GoalOverride::default()
    }

    /// `base` with this override's members in place of its own.
    pub fn over(&self, base: Nutrients) -> Nutrients {
        Nutrients {
            calories: self.calories.unwrap_or(base.calories),
            protein_g: self.protein_g.unwrap_or(base.protein_g),
            fat_g: self.fat_g.unwrap_or(base.fat_g),
            carbs_g: self.carbs_g.unwrap_or(base.carbs_g),
        }
    }
}

/// The base goals and the override of each weekday (Monday first).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeekGoals {
    pub base: Goals,
    pub weekdays: [GoalOverride; 7],
}

impl WeekGoals {
    pub fn without_overrides(base: Goals) -> WeekGoals {
        WeekGoals {
            base,
            weekdays: [GoalOverride::default(); 7],
        }
    }

    /// The goals in force on a weekday (0 = Monday).
    pub fn on_weekday(&self, index: usize) -> Goals {
        Goals {
            nutrients: self.weekdays[index % 7].over(self.base.nutrients),
            water_ml: self.base.water_ml,
        }
    }

    /// The goals in force on `date`.
    pub fn on(&self, date: NaiveDate) -> Goals {
        self.on_weekday(index_of(date.weekday()))
    }

    /// The week's budget: the seven days' goals added up.
    pub fn week_total(&self) -> Nutrients {
        (0..7)
            .map(|i| self.on_weekday(i).nutrients)
            .fold(Nutrients::ZERO, Nutrients::plus)
            .rounded()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> WeekGoals {
        let mut w = WeekGoals::without_overrides(Goals::DEFAULT);
        // Training on Saturdays: more energy and carbohydrate, the rest kept.
        w.weekdays[5] = GoalOverride {
            calories: Some(2600.0),
            carbs_g: Some(400.0),
            ..GoalOverride::default()
        };
        w.weekdays[6].calories = Some(1800.0);
        w
    }

    #[test]
    fn a_partial_override_keeps_the_base_for_the_rest() {
        let w = week();
        // 2026-12-05 is a Saturday.
        let sat = w.on(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap());
        assert_eq!(
            sat.nutrients,
            Nutrients {
                calories: 2600.0,
                protein_g: 150.0,
                fat_g: 70.0,
                carbs_g: 400.0
            }
        );
        assert_eq!(sat.water_ml, Goals::DEFAULT.water_ml);
        let fri = w.on(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
        assert_eq!(fri, Goals::DEFAULT);
        assert_eq!(
            w.on(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap())
                .nutrients
                .calories,
            1800.0
        );
    }

    #[test]
    fn the_weeks_budget_is_the_sum_of_its_seven_days() {
        let t = week().week_total();
        // 5 × 2000 + 2600 + 1800
        assert_eq!(t.calories, 14400.0);
        assert_eq!(t.protein_g, 1050.0);
        // 6 × 250 + 400
        assert_eq!(t.carbs_g, 1900.0);
        assert_eq!(
            WeekGoals::without_overrides(Goals::DEFAULT)
                .week_total()
                .calories,
            14000.0
        );
    }

    #[test]
    fn weekdays_are_named_monday_first() {
        assert_eq!(parse_weekday("monday"), Some(0));
        assert_eq!(parse_weekday("sunday"), Some(6));
        assert_eq!(parse_weekday("Sunday"), None);
        assert_eq!(index_of(Weekday::Wed), 2);
    }
}
