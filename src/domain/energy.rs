//! Energy burned by activities, from MET values and body weight.

use chrono::NaiveDate;

use super::nutrients::round1;

/// Body weight assumed when an account has recorded none.
pub const DEFAULT_WEIGHT_KG: f64 = 70.0;

/// Energy in kcal for `duration_min` minutes of an activity of `met`
/// (1 MET ≈ 1 kcal per kg per hour): MET × kg × minutes / 60, to 0.1 kcal.
pub fn met_kcal(met: f64, weight_kg: f64, duration_min: i64) -> f64 {
    round1(met * weight_kg * duration_min as f64 / 60.0)
}

/// The weight recorded closest to `date`, by absolute difference in days.
/// On a tie the earlier date wins (the weigh-in before rather than after);
/// among several weights on the same date the first in the slice wins.
/// `None` when there are no candidates. The slice need not be sorted.
pub fn closest_weight(date: NaiveDate, candidates: &[(NaiveDate, f64)]) -> Option<f64> {
    let mut best: Option<(i64, NaiveDate, f64)> = None;
    for &(d, kg) in candidates {
        let distance = (d - date).num_days().abs();
        let better = match best {
            None => true,
            Some((best_distance, best_date, _)) => {
                distance < best_distance || (distance == best_distance && d < best_date)
            }
        };
        if better {
            best = Some((distance, d, kg));
        }
    }
    best.map(|(_, _, kg)| kg)
}

/// [`closest_weight`], or [`DEFAULT_WEIGHT_KG`] when nothing is recorded.
pub fn weight_on(date: NaiveDate, candidates: &[(NaiveDate, f64)]) -> f64 {
    closest_weight(date, candidates).unwrap_or(DEFAULT_WEIGHT_KG)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn met_kcal_matches_hand_computed_values() {
        // 8 × 70 × 30 / 60
        assert_eq!(met_kcal(8.0, 70.0, 30), 280.0);
        // 3.5 × 72.5 × 45 / 60 = 190.3125
        assert_eq!(met_kcal(3.5, 72.5, 45), 190.3);
        // 9.8 × 68.2 × 20 / 60 = 222.7866…
        assert_eq!(met_kcal(9.8, 68.2, 20), 222.8);
        // 2.3 × 55 × 1 / 60 = 2.1083…
        assert_eq!(met_kcal(2.3, 55.0, 1), 2.1);
        // 11.8 × 90 × 90 / 60 = 1593
        assert_eq!(met_kcal(11.8, 90.0, 90), 1593.0);
    }

    #[test]
    fn met_kcal_of_nothing_is_zero() {
        assert_eq!(met_kcal(7.0, 80.0, 0), 0.0);
    }

    #[test]
    fn met_kcal_uses_default_weight_sensibly() {
        // One hour at 1 MET for the default weight is the default weight in kcal.
        assert_eq!(met_kcal(1.0, DEFAULT_WEIGHT_KG, 60), 70.0);
    }

    #[test]
    fn closest_weight_of_nothing_is_none() {
        assert_eq!(closest_weight(d(2024, 5, 1), &[]), None);
        assert_eq!(weight_on(d(2024, 5, 1), &[]), DEFAULT_WEIGHT_KG);
    }

    #[test]
    fn closest_weight_single_candidate_wins_however_far() {
        let w = [(d(2020, 1, 1), 82.0)];
        assert_eq!(closest_weight(d(2024, 5, 1), &w), Some(82.0));
        assert_eq!(closest_weight(d(2019, 1, 1), &w), Some(82.0));
    }

    #[test]
    fn closest_weight_exact_date_wins() {
        let w = [
            (d(2024, 4, 30), 80.0),
            (d(2024, 5, 1), 79.5),
            (d(2024, 5, 2), 79.0),
        ];
        assert_eq!(closest_weight(d(2024, 5, 1), &w), Some(79.5));
    }

    #[test]
    fn closest_weight_picks_nearest_in_either_direction_unsorted() {
        let w = [
            (d(2024, 5, 20), 77.0),
            (d(2024, 4, 1), 81.0),
            (d(2024, 5, 12), 78.0), // 3 days after
            (d(2024, 5, 4), 79.0),  // 5 days before
        ];
        assert_eq!(closest_weight(d(2024, 5, 9), &w), Some(78.0));
        assert_eq!(closest_weight(d(2024, 5, 7), &w), Some(79.0));
        assert_eq!(closest_weight(d(2024, 3, 1), &w), Some(81.0));
        assert_eq!(closest_weight(d(2025, 1, 1), &w), Some(77.0));
    }

    #[test]
    fn closest_weight_tie_prefers_earlier_date_in_any_order() {
        let before = (d(2024, 5, 8), 80.0);
        let after = (d(2024, 5, 12), 78.0);
        assert_eq!(closest_weight(d(2024, 5, 10), &[before, after]), Some(80.0));
        assert_eq!(closest_weight(d(2024, 5, 10), &[after, before]), Some(80.0));
    }

    #[test]
    fn closest_weight_same_date_keeps_first_entry() {
        let w = [(d(2024, 5, 8), 80.0), (d(2024, 5, 8), 81.0)];
        assert_eq!(closest_weight(d(2024, 5, 10), &w), Some(80.0));
    }

    #[test]
    fn closest_weight_across_year_boundary() {
        let w = [(d(2023, 12, 30), 75.0), (d(2024, 1, 4), 74.0)];
        // 2 days back vs 3 days forward.
        assert_eq!(closest_weight(d(2024, 1, 1), &w), Some(75.0));
        assert_eq!(weight_on(d(2024, 1, 3), &w), 74.0);
    }
}
