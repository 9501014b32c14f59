//! Energy expenditure read off the data (body.md §2): what a person ate
//! over the 28 days ending on a date, less the energy their change of trend
//! weight stood for, is what they spent.
//!
//! `expenditure = mean kcal over the logged days − (trend at the window's
//! last weighing − trend at its first) × 7700 ÷ (days between them)`.
//! The trends are the whole history's (see `trend`), unrounded: rounding
//! happens on output only, so the estimate does not move by the 0.005 kg
//! a shown trend may be off.

use std::ops::RangeInclusive;

use chrono::{Duration, NaiveDate};

use super::nutrients::round1;
use super::trend::{Weighing, round2, trend_on};

/// Days of the window, ending on (and including) the date asked for.
pub const WINDOW_DAYS: i64 = 28;
/// Days with at least one food entry an estimate needs.
pub const MIN_LOGGED_DAYS: usize = 14;
/// Days the window's first and last weighings must lie apart at least.
pub const MIN_WEIGHT_SPAN_DAYS: i64 = 14;
/// Energy of a kilogram of body mass change.
pub const KCAL_PER_KG: f64 = 7700.0;
/// Weekly rates of change a suggestion may aim at, kg per week.
pub const RATE_KG_PER_WEEK: RangeInclusive<f64> = -1.0..=0.5;

/// How far the estimate can be trusted, by the days it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    /// Fewer than 21 logged days.
    Low,
    /// 21 to 25.
    Medium,
    /// 26 or more.
    High,
}

impl Confidence {
    pub fn of(logged_days: usize) -> Confidence {
        match logged_days {
            0..=20 => Confidence::Low,
            21..=25 => Confidence::Medium,
            _ => Confidence::High,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// The estimate and the data it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub date: NaiveDate,
    /// The window's first day (`date` − 27).
    pub from: NaiveDate,
    pub logged_days: usize,
    /// Mean kcal eaten over the logged days, to 0.1.
    pub intake_mean_kcal: f64,
    /// The window's first and last weighing days, and their trends (0.01 kg).
    pub first_weight_date: NaiveDate,
    pub last_weight_date: NaiveDate,
    pub trend_start_kg: f64,
    pub trend_end_kg: f64,
    /// Days between the first and last weighing.
    pub trend_days: i64,
    /// Weighing days within the window.
    pub weight_days: usize,
    /// Whole kcal.
    pub expenditure_kcal: f64,
    pub confidence: Confidence,
}

/// What an estimate lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// Fewer than 14 logged days; `found` were.
    LoggedDays { found: usize },
    /// Fewer than 2 weighing days; `found` were.
    WeightDays { found: usize },
    /// The first and last weighings are only `days` apart.
    WeightSpan { days: i64 },
}

/// The window of days ending on `date`.
pub fn window(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    (date - Duration::days(WINDOW_DAYS - 1), date)
}

/// The estimate for the window ending on `date`, from the kcal eaten on each
/// logged day (days with at least one food entry; any range, the window's
/// are picked) and the whole history's weighings (by date); or everything
/// it lacks.
pub fn estimate(
    date: NaiveDate,
    intake: &[(NaiveDate, f64)],
    weighings: &[Weighing],
) -> Result<Estimate, Vec<Missing>> {
    let (from, to) = window(date);
    let eaten: Vec<f64> = intake
        .iter()
        .filter(|(d, _)| *d >= from && *d <= to)
        .map(|&(_, kcal)| kcal)
        .collect();
    let weighed: Vec<&Weighing> = weighings
        .iter()
        .filter(|w| w.date >= from && w.date <= to)
        .collect();
    let mut missing = Vec::new();
    if eaten.len() < MIN_LOGGED_DAYS {
        missing.push(Missing::LoggedDays { found: eaten.len() });
    }
    let span = match (weighed.first(), weighed.last()) {
        (Some(first), Some(last)) if weighed.len() >= 2 => {
            let days = (last.date - first.date).num_days();
            if days < MIN_WEIGHT_SPAN_DAYS {
                missing.push(Missing::WeightSpan { days });
            }
            Some((first.date, last.date, days))
        }
        _ => {
            missing.push(Missing::WeightDays {
                found: weighed.len(),
            });
            None
        }
    };
    let Some((first, last, trend_days)) = span.filter(|_| missing.is_empty()) else {
        return Err(missing);
    };
    // Both are weighing days of the history, so both have a trend.
    let start = trend_on(weighings, first).unwrap_or_default();
    let end = trend_on(weighings, last).unwrap_or_default();
    let mean = eaten.iter().sum::<f64>() / eaten.len() as f64;
    let expenditure = mean - (end - start) * KCAL_PER_KG / trend_days as f64;
    Ok(Estimate {
        date,
        from,
        logged_days: eaten.len(),
        intake_mean_kcal: round1(mean),
        first_weight_date: first,
        last_weight_date: last,
        trend_start_kg: round2(start),
        trend_end_kg: round2(end),
        trend_days,
        weight_days: weighed.len(),
        expenditure_kcal: expenditure.round() + 0.0,
        confidence: Confidence::of(eaten.len()),
    })
}

/// The daily calories that change body mass by `rate_kg_per_week` from an
/// expenditure: `expenditure + rate × 7700 ÷ 7`, whole kcal.
pub fn calories_for_rate(expenditure_kcal: f64, rate_kg_per_week: f64) -> f64 {
    (expenditure_kcal + rate_kg_per_week * KCAL_PER_KG / 7.0).round() + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::trend::weighings;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n)
    }

    /// Day 299 closes a window of days 272..=299.
    const END: i64 = 299;

    fn every_day_eating(kcal: f64) -> Vec<(NaiveDate, f64)> {
        (0..=END).map(|i| (d(i), kcal)).collect()
    }

    #[test]
    fn constant_intake_and_a_steady_loss() {
        // 2000 kcal a day, and 0.1 kg less every morning for 300 days: long
        // enough for the trend to fall at the scale's pace (its lag has
        // decayed to 0.9^272 of the first day's).
        let weights: Vec<_> = (0..=END).map(|i| (d(i), 100.0 - 0.1 * i as f64)).collect();
        let e = estimate(d(END), &every_day_eating(2000.0), &weighings(&weights)).unwrap();
        assert_eq!(e.from, d(272));
        assert_eq!(e.logged_days, 28);
        assert_eq!(e.intake_mean_kcal, 2000.0);
        assert_eq!((e.first_weight_date, e.last_weight_date), (d(272), d(END)));
        assert_eq!(e.trend_days, 27);
        // The trend lags the scale by 0.9 kg (0.1 × 0.9 / 0.1) throughout.
        assert_eq!(e.trend_start_kg, 73.7);
        assert_eq!(e.trend_end_kg, 71.0);
        // 2.7 kg lost in 27 days: 0.1 kg × 7700 = 770 kcal a day more than
        // eaten.
        assert_eq!(e.expenditure_kcal, 2770.0);
        assert_eq!(e.confidence, Confidence::High);
    }

    #[test]
    fn gaps_in_logging_count_only_the_days_logged() {
        // 20 of the 28 days logged, alternately 1800 and 2200 kcal; the
        // days left out are not zeros. Weighed only twice, 20 days apart,
        // at the same 70 kg.
        let intake: Vec<_> = (272..292)
            .map(|i| (d(i), if i % 2 == 0 { 1800.0 } else { 2200.0 }))
            .collect();
        let weights = weighings(&[(d(275), 70.0), (d(295), 70.0)]);
        let e = estimate(d(END), &intake, &weights).unwrap();
        assert_eq!(e.logged_days, 20);
        assert_eq!(e.intake_mean_kcal, 2000.0);
        assert_eq!(e.trend_days, 20);
        assert_eq!(e.weight_days, 2);
        assert_eq!(e.expenditure_kcal, 2000.0);
        assert_eq!(e.confidence, Confidence::Low);

        // 9 logged days, and food outside the window does not count.
        let thin: Vec<_> = (250..281).map(|i| (d(i), 2000.0)).collect();
        assert_eq!(
            estimate(d(END), &thin, &weights),
            Err(vec![Missing::LoggedDays { found: 9 }])
        );
    }

    #[test]
    fn a_weight_spike_is_absorbed_by_the_trend() {
        // 80 kg for months, then one morning 2 kg more (water, salt), and
        // back: the scale alone would read 570 kcal a day of gain into it.
        let mut weights: Vec<_> = (0..=END).map(|i| (d(i), 80.0)).collect();
        weights[286].1 = 82.0;
        let e = estimate(d(END), &every_day_eating(2500.0), &weighings(&weights)).unwrap();
        // The spike lifts the trend by 0.2 kg, which decays by 0.9 a day
        // over the 13 days after it: 0.2 × 0.9^13 = 0.0508 kg is left.
        assert_eq!(e.trend_start_kg, 80.0);
        assert_eq!(e.trend_end_kg, 80.05);
        // 0.0508 × 7700 / 27 = 14.5 kcal: the estimate hardly moves.
        assert_eq!(e.expenditure_kcal, 2486.0);
        // The spike on the last day itself: the trend rises by 0.2 kg only.
        weights[286].1 = 80.0;
        weights[END as usize].1 = 82.0;
        let e = estimate(d(END), &every_day_eating(2500.0), &weighings(&weights)).unwrap();
        assert_eq!(e.trend_end_kg, 80.2);
        // 2500 − 0.2 × 7700 / 27 = 2442.96
        assert_eq!(e.expenditure_kcal, 2443.0);
    }

    #[test]
    fn what_is_missing_is_said_all_at_once() {
        assert_eq!(
            estimate(d(END), &[], &[]),
            Err(vec![
                Missing::LoggedDays { found: 0 },
                Missing::WeightDays { found: 0 }
            ])
        );
        // Weighed before the window does not count; inside it, 13 days apart
        // is too close.
        let weights = weighings(&[(d(100), 90.0), (d(280), 80.0), (d(293), 80.0)]);
        assert_eq!(
            estimate(d(END), &every_day_eating(2000.0), &weights),
            Err(vec![Missing::WeightSpan { days: 13 }])
        );
        let weights = weighings(&[(d(100), 90.0), (d(280), 80.0)]);
        assert_eq!(
            estimate(d(END), &every_day_eating(2000.0), &weights),
            Err(vec![Missing::WeightDays { found: 1 }])
        );
    }

    #[test]
    fn confidence_grows_with_the_days_logged() {
        assert_eq!(Confidence::of(14), Confidence::Low);
        assert_eq!(Confidence::of(20), Confidence::Low);
        assert_eq!(Confidence::of(21), Confidence::Medium);
        assert_eq!(Confidence::of(25), Confidence::Medium);
        assert_eq!(Confidence::of(26), Confidence::High);
        assert_eq!(Confidence::of(28), Confidence::High);
    }

    #[test]
    fn a_weekly_rate_is_7700_kcal_a_kilogram_spread_over_the_week() {
        // −0.5 kg a week: 550 kcal a day less.
        assert_eq!(calories_for_rate(2500.0, -0.5), 1950.0);
        assert_eq!(calories_for_rate(2500.0, 0.25), 2775.0);
        assert_eq!(calories_for_rate(2500.0, -1.0), 1400.0);
        assert_eq!(calories_for_rate(2500.0, 0.0), 2500.0);
    }
}
