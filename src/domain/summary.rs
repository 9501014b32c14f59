//! Daily totals and ranges of days: what was eaten, burned and is left.
//!
//! consumed = sum of the day's food entries; burned = sum of activity kcal;
//! net = consumed calories − burned; remaining calories = goal − net;
//! remaining macro = goal − consumed. Every number is kept to 0.1, and
//! derived numbers are computed from the rounded ones, so that what is shown
//! adds up (net = consumed − burned exactly as displayed).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::meal::Meal;
use super::nutrients::{Nutrients, round1};

/// The longest range of days (from..=to, inclusive) a summary may cover.
pub const MAX_RANGE_DAYS: i64 = 366;

/// Number of days in `from..=to`; 0 or less when `to` is before `from`.
pub fn range_days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

/// What is wrong with a range of days, for a listing or summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeProblem {
    /// `to` is before `from`.
    Reversed,
    /// More than [`MAX_RANGE_DAYS`] days.
    TooLong,
}

/// `None` for a non-empty range `from..=to` of at most [`MAX_RANGE_DAYS`].
pub fn range_problem(from: NaiveDate, to: NaiveDate) -> Option<RangeProblem> {
    if to < from {
        Some(RangeProblem::Reversed)
    } else if range_days(from, to) > MAX_RANGE_DAYS {
        Some(RangeProblem::TooLong)
    } else {
        None
    }
}

/// One day's totals against the goals.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyTotals {
    pub consumed: Nutrients,
    pub burned_kcal: f64,
    /// consumed.calories − burned_kcal.
    pub net_kcal: f64,
    /// Calories: goal − net; macros: goal − consumed. Negative when over.
    pub remaining: Nutrients,
    /// Consumption per meal; always holds all four meals.
    pub meals: BTreeMap<Meal, Nutrients>,
}

/// Totals of one day from its food entries (by meal) and activities' kcal.
pub fn daily_totals(
    goals: Nutrients,
    foods: &[(Meal, Nutrients)],
    burned_kcal: &[f64],
) -> DailyTotals {
    let mut meals: BTreeMap<Meal, Nutrients> = Meal::ALL
        .into_iter()
        .map(|m| (m, Nutrients::ZERO))
        .collect();
    let mut consumed = Nutrients::ZERO;
    for &(meal, n) in foods {
        let slot = meals.entry(meal).or_insert(Nutrients::ZERO);
        *slot = slot.plus(n);
        consumed = consumed.plus(n);
    }
    for n in meals.values_mut() {
        *n = n.rounded();
    }
    let consumed = consumed.rounded();
    // `+ 0.0`: an empty f64 sum is -0.0, which JSON would show as `-0.0`.
    let burned = round1(burned_kcal.iter().sum::<f64>() + 0.0);
    let net = round1(consumed.calories - burned);
    let remaining = Nutrients {
        calories: goals.calories - net,
        ..goals.minus(consumed)
    }
    .rounded();
    DailyTotals {
        consumed,
        burned_kcal: burned,
        net_kcal: net,
        remaining,
        meals,
    }
}

/// One day of a range.
#[derive(Clone, Debug, PartialEq)]
pub struct DayRow {
    pub date: NaiveDate,
    pub consumed: Nutrients,
    pub burned_kcal: f64,
    /// consumed.calories − burned_kcal.
    pub net_kcal: f64,
    /// Whether anything (food or activity) was logged that day.
    pub has_entries: bool,
}

impl DayRow {
    fn empty(date: NaiveDate) -> DayRow {
        DayRow {
            date,
            consumed: Nutrients::ZERO,
            burned_kcal: 0.0,
            net_kcal: 0.0,
            has_entries: false,
        }
    }
}

/// One row per day of `from..=to` (inclusive; empty when `to < from`), with
/// empty days as zeros and `has_entries = false`. The inputs may be in any
/// order and hold several items per day; items outside the range are ignored.
/// The caller bounds the range (see [`range_problem`]).
pub fn day_rows(
    from: NaiveDate,
    to: NaiveDate,
    foods: &[(NaiveDate, Nutrients)],
    burned: &[(NaiveDate, f64)],
) -> Vec<DayRow> {
    let mut rows: BTreeMap<NaiveDate, DayRow> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, DayRow::empty(d)))
        .collect();
    for &(date, n) in foods {
        if let Some(row) = rows.get_mut(&date) {
            row.consumed = row.consumed.plus(n);
            row.has_entries = true;
        }
    }
    for &(date, kcal) in burned {
        if let Some(row) = rows.get_mut(&date) {
            row.burned_kcal += kcal;
            row.has_entries = true;
        }
    }
    rows.into_values()
        .map(|mut row| {
            row.consumed = row.consumed.rounded();
            row.burned_kcal = round1(row.burned_kcal);
            row.net_kcal = round1(row.consumed.calories - row.burned_kcal);
            row
        })
        .collect()
}

/// Mean daily figures over a range.
#[derive(Clone, Debug, PartialEq)]
pub struct Averages {
    pub consumed: Nutrients,
    pub burned_kcal: f64,
    /// consumed.calories − burned_kcal of the averages.
    pub net_kcal: f64,
}

/// Means over the rows with entries only (days with nothing logged are left
/// out, not counted as zero); all zeros when no row has entries.
pub fn averages(days: &[DayRow]) -> Averages {
    let logged: Vec<&DayRow> = days.iter().filter(|d| d.has_entries).collect();
    if logged.is_empty() {
        return Averages {
            consumed: Nutrients::ZERO,
            burned_kcal: 0.0,
            net_kcal: 0.0,
        };
    }
    let n = logged.len() as f64;
    let consumed = logged
        .iter()
        .fold(Nutrients::ZERO, |acc, d| acc.plus(d.consumed))
        .scaled(1.0 / n)
        .rounded();
    let burned = round1(logged.iter().map(|d| d.burned_kcal).sum::<f64>() / n);
    Averages {
        consumed,
        burned_kcal: burned,
        net_kcal: round1(consumed.calories - burned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn n(calories: f64, protein_g: f64, fat_g: f64, carbs_g: f64) -> Nutrients {
        Nutrients {
            calories,
            protein_g,
            fat_g,
            carbs_g,
        }
    }

    const GOALS: Nutrients = Nutrients {
        calories: 2000.0,
        protein_g: 150.0,
        fat_g: 70.0,
        carbs_g: 250.0,
    };

    #[test]
    fn spec_example_goal_3000_ate_100_burned_500() {
        let goals = n(3000.0, 150.0, 70.0, 250.0);
        let t = daily_totals(goals, &[(Meal::Lunch, n(100.0, 10.0, 5.0, 2.0))], &[500.0]);
        assert_eq!(t.consumed, n(100.0, 10.0, 5.0, 2.0));
        assert_eq!(t.burned_kcal, 500.0);
        assert_eq!(t.net_kcal, -400.0);
        assert_eq!(t.remaining, n(3400.0, 140.0, 65.0, 248.0));
    }

    #[test]
    fn empty_day_has_all_meals_at_zero_and_full_goals_remaining() {
        let t = daily_totals(GOALS, &[], &[]);
        assert_eq!(t.consumed, Nutrients::ZERO);
        assert_eq!(t.burned_kcal, 0.0);
        assert_eq!(t.net_kcal, 0.0);
        assert_eq!(t.remaining, GOALS);
        assert_eq!(
            t.meals.keys().copied().collect::<Vec<_>>(),
            Meal::ALL.to_vec()
        );
        assert!(t.meals.values().all(|m| *m == Nutrients::ZERO));
    }

    #[test]
    fn totals_sum_meals_and_activities() {
        let foods = [
            (Meal::Breakfast, n(350.5, 12.3, 10.1, 50.2)),
            (Meal::Dinner, n(700.0, 40.0, 30.0, 60.0)),
            (Meal::Breakfast, n(120.2, 3.4, 1.1, 25.0)),
            (Meal::Snack, n(95.1, 0.5, 0.3, 25.1)),
        ];
        let t = daily_totals(GOALS, &foods, &[190.3, 222.8]);
        // 350.5 + 700 + 120.2 + 95.1 = 1265.8 kcal
        assert_eq!(t.consumed, n(1265.8, 56.2, 41.5, 160.3));
        // 190.3 + 222.8
        assert_eq!(t.burned_kcal, 413.1);
        // 1265.8 − 413.1
        assert_eq!(t.net_kcal, 852.7);
        // 2000 − 852.7; 150 − 56.2; 70 − 41.5; 250 − 160.3
        assert_eq!(t.remaining, n(1147.3, 93.8, 28.5, 89.7));
        assert_eq!(t.meals[&Meal::Breakfast], n(470.7, 15.7, 11.2, 75.2));
        assert_eq!(t.meals[&Meal::Lunch], Nutrients::ZERO);
        assert_eq!(t.meals[&Meal::Dinner], n(700.0, 40.0, 30.0, 60.0));
        assert_eq!(t.meals[&Meal::Snack], n(95.1, 0.5, 0.3, 25.1));
        assert_eq!(t.meals.len(), 4);
    }

    #[test]
    fn totals_are_rounded_to_one_decimal() {
        // 0.1 + 0.2 is 0.30000000000000004 in floating point.
        let foods = [
            (Meal::Lunch, n(0.1, 0.1, 0.1, 0.1)),
            (Meal::Lunch, n(0.2, 0.2, 0.2, 0.2)),
        ];
        let t = daily_totals(n(1.0, 1.0, 1.0, 1.0), &foods, &[0.1, 0.2]);
        assert_eq!(t.consumed, n(0.3, 0.3, 0.3, 0.3));
        assert_eq!(t.meals[&Meal::Lunch], n(0.3, 0.3, 0.3, 0.3));
        assert_eq!(t.burned_kcal, 0.3);
        assert_eq!(t.net_kcal, 0.0);
        assert_eq!(t.remaining, n(1.0, 0.7, 0.7, 0.7));
    }

    #[test]
    fn over_goal_gives_negative_remaining() {
        let t = daily_totals(
            n(1800.0, 100.0, 60.0, 200.0),
            &[(Meal::Dinner, n(2500.0, 90.0, 110.0, 300.0))],
            &[],
        );
        assert_eq!(t.net_kcal, 2500.0);
        assert_eq!(t.remaining, n(-700.0, 10.0, -50.0, -100.0));
    }

    #[test]
    fn range_bounds() {
        assert_eq!(range_days(d(2024, 1, 1), d(2024, 1, 1)), 1);
        assert_eq!(range_days(d(2024, 1, 1), d(2024, 12, 31)), 366);
        assert_eq!(range_days(d(2024, 1, 2), d(2024, 1, 1)), 0);
        assert_eq!(range_problem(d(2024, 1, 1), d(2024, 1, 1)), None);
        assert_eq!(range_problem(d(2024, 1, 1), d(2024, 12, 31)), None);
        assert_eq!(
            range_problem(d(2024, 1, 1), d(2025, 1, 1)),
            Some(RangeProblem::TooLong)
        );
        assert_eq!(range_problem(d(2023, 1, 1), d(2024, 1, 1)), None);
        assert_eq!(
            range_problem(d(2024, 1, 2), d(2024, 1, 1)),
            Some(RangeProblem::Reversed)
        );
    }

    #[test]
    fn day_rows_cover_every_day_inclusive_with_gaps_as_zero() {
        let from = d(2024, 2, 27);
        let to = d(2024, 3, 2); // across the leap day: 27, 28, 29, 1, 2
        let foods = [
            (d(2024, 3, 1), n(500.0, 20.0, 10.0, 60.0)),
            (d(2024, 2, 27), n(800.0, 30.0, 20.0, 100.0)),
            (d(2024, 3, 1), n(250.5, 5.5, 4.4, 30.1)),
            (d(2024, 2, 26), n(9999.0, 1.0, 1.0, 1.0)), // before the range
            (d(2024, 3, 3), n(9999.0, 1.0, 1.0, 1.0)),  // after the range
        ];
        let burned = [
            (d(2024, 3, 1), 100.0),
            (d(2024, 2, 29), 300.4),
            (d(2024, 3, 1), 50.2),
            (d(2024, 3, 5), 999.0),
        ];
        let rows = day_rows(from, to, &foods, &burned);
        let dates: Vec<NaiveDate> = rows.iter().map(|r| r.date).collect();
        assert_eq!(
            dates,
            vec![
                d(2024, 2, 27),
                d(2024, 2, 28),
                d(2024, 2, 29),
                d(2024, 3, 1),
                d(2024, 3, 2)
            ]
        );
        assert_eq!(
            rows[0],
            DayRow {
                date: d(2024, 2, 27),
                consumed: n(800.0, 30.0, 20.0, 100.0),
                burned_kcal: 0.0,
                net_kcal: 800.0,
                has_entries: true,
            }
        );
        assert_eq!(rows[1], DayRow::empty(d(2024, 2, 28)));
        assert!(!rows[1].has_entries);
        assert_eq!(
            rows[2],
            DayRow {
                date: d(2024, 2, 29),
                consumed: Nutrients::ZERO,
                burned_kcal: 300.4,
                net_kcal: -300.4,
                has_entries: true,
            }
        );
        assert_eq!(
            rows[3],
            DayRow {
                date: d(2024, 3, 1),
                consumed: n(750.5, 25.5, 14.4, 90.1),
                burned_kcal: 150.2,
                net_kcal: 600.3,
                has_entries: true,
            }
        );
        assert_eq!(rows[4], DayRow::empty(d(2024, 3, 2)));
    }

    #[test]
    fn day_rows_single_day_and_reversed_range() {
        let day = d(2024, 7, 4);
        let rows = day_rows(day, day, &[(day, n(1.0, 2.0, 3.0, 4.0))], &[]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].consumed, n(1.0, 2.0, 3.0, 4.0));
        assert!(day_rows(d(2024, 7, 5), day, &[], &[]).is_empty());
    }

    #[test]
    fn day_rows_for_a_full_leap_year() {
        let rows = day_rows(d(2024, 1, 1), d(2024, 12, 31), &[], &[]);
        assert_eq!(rows.len() as i64, MAX_RANGE_DAYS);
        assert_eq!(rows.last().unwrap().date, d(2024, 12, 31));
        assert!(rows.iter().all(|r| !r.has_entries));
    }

    #[test]
    fn averages_skip_days_without_entries() {
        let rows = day_rows(
            d(2024, 5, 1),
            d(2024, 5, 4),
            &[
                (d(2024, 5, 1), n(2000.0, 100.0, 60.0, 250.0)),
                (d(2024, 5, 3), n(1500.5, 80.0, 50.5, 180.0)),
            ],
            &[(d(2024, 5, 1), 300.0), (d(2024, 5, 4), 600.0)],
        );
        // Logged days: 1 May, 3 May, 4 May (activity only); 2 May is empty.
        let a = averages(&rows);
        // kcal (2000 + 1500.5 + 0) / 3 = 1166.8333
        // protein 180 / 3 = 60; fat 110.5 / 3 = 36.8333; carbs 430 / 3 = 143.3333
        assert_eq!(a.consumed, n(1166.8, 60.0, 36.8, 143.3));
        // burned (300 + 0 + 600) / 3 = 300
        assert_eq!(a.burned_kcal, 300.0);
        assert_eq!(a.net_kcal, 866.8);
    }

    #[test]
    fn averages_of_nothing_are_zero() {
        let zero = Averages {
            consumed: Nutrients::ZERO,
            burned_kcal: 0.0,
            net_kcal: 0.0,
        };
        assert_eq!(averages(&[]), zero);
        let rows = day_rows(d(2024, 5, 1), d(2024, 5, 7), &[], &[]);
        assert_eq!(averages(&rows), zero);
    }

    #[test]
    fn averages_round_to_one_decimal() {
        let rows = day_rows(
            d(2024, 5, 1),
            d(2024, 5, 3),
            &[
                (d(2024, 5, 1), n(100.0, 1.0, 1.0, 1.0)),
                (d(2024, 5, 2), n(100.0, 1.0, 1.0, 1.0)),
                (d(2024, 5, 3), n(101.0, 1.0, 1.0, 2.0)),
            ],
            &[(d(2024, 5, 3), 0.5)],
        );
        let a = averages(&rows);
        // 301 / 3 = 100.3333; carbs 4 / 3 = 1.3333; burned 0.5 / 3 = 0.1667
        assert_eq!(a.consumed, n(100.3, 1.0, 1.0, 1.3));
        assert_eq!(a.burned_kcal, 0.2);
        assert_eq!(a.net_kcal, 100.1);
    }
}
