//! Water (nutrition.md §6): drinks in whole millilitres, a daily goal, and
//! the day's total against it. Water stays in ml whatever units the account
//! shows (ml is read the same in every unit setting of everywhere.md §1).

use std::ops::RangeInclusive;

/// What one water entry may hold, in ml.
pub const ENTRY_ML: RangeInclusive<i64> = 1..=5000;

/// The daily water goal of an account that has set none, in ml.
pub const DEFAULT_GOAL_ML: i64 = 2000;

/// What the daily water goal may be, in ml: above 0, at most 10 litres.
pub const GOAL_ML: RangeInclusive<i64> = 1..=10000;

/// The diary's one-tap amounts, in ml.
pub const ONE_TAP_ML: [i64; 2] = [250, 500];

/// The day's water: the sum of its entries (saturating: a day holds at most
/// a quota's worth of entries of at most 5000 ml, far from overflowing).
pub fn day_total(entries_ml: impl IntoIterator<Item = i64>) -> i64 {
    entries_ml.into_iter().fold(0, i64::saturating_add)
}

/// How far the day's water is towards its goal, 0–100 (a bar's width).
pub fn percent_of_goal(total_ml: i64, goal_ml: i64) -> i64 {
    if goal_ml <= 0 {
        return 0;
    }
    (total_ml.saturating_mul(100) / goal_ml).clamp(0, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_tap_amounts_and_the_default_goal_are_valid() {
        for ml in ONE_TAP_ML {
            assert!(ENTRY_ML.contains(&ml));
        }
        assert!(GOAL_ML.contains(&DEFAULT_GOAL_ML));
        assert!(!GOAL_ML.contains(&0));
        assert!(!GOAL_ML.contains(&10001));
    }

    #[test]
    fn totals_and_percentages() {
        assert_eq!(day_total([]), 0);
        assert_eq!(day_total([250, 500, 250]), 1000);
        assert_eq!(percent_of_goal(1000, 2000), 50);
        assert_eq!(percent_of_goal(3000, 2000), 100);
        assert_eq!(percent_of_goal(0, 2000), 0);
        assert_eq!(percent_of_goal(10, 0), 0);
    }
}
