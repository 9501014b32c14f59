//! The weight trend (body.md §1): an exponentially smoothed moving average
//! of the scale's readings, as in The Hacker's Diet. A day without weighing
//! does not move it, so the trend on any day is the trend of the last
//! weighing on or before it.

use chrono::NaiveDate;

/// How far each reading pulls the trend towards itself.
pub const SMOOTHING: f64 = 0.1;

/// One weighing and the trend after it (unrounded).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weighing {
    pub date: NaiveDate,
    pub weight_kg: f64,
    pub trend_kg: f64,
}

/// The trend after each weighing of `weights` (one per day, by date, the
/// whole history): the first day's trend is its weight; each later one
/// moves a tenth of the way to its reading.
pub fn weighings(weights: &[(NaiveDate, f64)]) -> Vec<Weighing> {
    let mut out = Vec::with_capacity(weights.len());
    let mut trend: Option<f64> = None;
    for &(date, weight_kg) in weights {
        let t = match trend {
            None => weight_kg,
            Some(t) => t + SMOOTHING * (weight_kg - t),
        };
        trend = Some(t);
        out.push(Weighing {
            date,
            weight_kg,
            trend_kg: t,
        });
    }
    out
}

/// The trend on `date` (unrounded); `None` before the first weighing.
pub fn trend_on(weighings: &[Weighing], date: NaiveDate) -> Option<f64> {
    let i = weighings.partition_point(|w| w.date <= date);
    i.checked_sub(1).map(|i| weighings[i].trend_kg)
}

/// Kilograms to 0.01, as the trend is shown.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

/// One day of a listing: its weight, if any, and the trend on it (both to
/// 0.01 kg; no trend before the first weighing).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendDay {
    pub date: NaiveDate,
    pub weight_kg: Option<f64>,
    pub trend_kg: Option<f64>,
}

/// The weighing days of `from..=to`, each with its trend.
pub fn weighed_days(weighings: &[Weighing], from: NaiveDate, to: NaiveDate) -> Vec<TrendDay> {
    weighings
        .iter()
        .filter(|w| w.date >= from && w.date <= to)
        .map(|w| TrendDay {
            date: w.date,
            weight_kg: Some(w.weight_kg),
            trend_kg: Some(round2(w.trend_kg)),
        })
        .collect()
}

/// Every day of `from..=to`: days without weighing carry the trend of the
/// last weighing before them.
pub fn every_day(weighings: &[Weighing], from: NaiveDate, to: NaiveDate) -> Vec<TrendDay> {
    let mut i = weighings.partition_point(|w| w.date < from);
    let mut trend = i.checked_sub(1).map(|j| weighings[j].trend_kg);
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| {
            let mut weight_kg = None;
            if let Some(w) = weighings.get(i).filter(|w| w.date == date) {
                weight_kg = Some(w.weight_kg);
                trend = Some(w.trend_kg);
                i += 1;
            }
            TrendDay {
                date,
                weight_kg,
                trend_kg: trend.map(round2),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn the_first_weighing_is_the_trend_and_each_later_pulls_a_tenth() {
        let w = weighings(&[(d(1), 80.0), (d(2), 81.0), (d(5), 78.0)]);
        assert_eq!(w[0].trend_kg, 80.0);
        // 80 + 0.1 × (81 − 80)
        assert!((w[1].trend_kg - 80.1).abs() < 1e-12);
        // 80.1 + 0.1 × (78 − 80.1) = 79.89: the days between do not count.
        assert!((w[2].trend_kg - 79.89).abs() < 1e-12);
    }

    #[test]
    fn days_without_weighing_keep_the_trend() {
        let w = weighings(&[(d(1), 80.0), (d(4), 90.0)]);
        assert_eq!(trend_on(&w, d(3)), Some(80.0));
        assert_eq!(trend_on(&w, d(4)), Some(81.0));
        assert_eq!(trend_on(&w, d(20)), Some(81.0));
        assert_eq!(
            trend_on(&w, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()),
            None
        );
    }

    #[test]
    fn the_trend_is_the_whole_historys_whatever_the_range() {
        let w = weighings(&[(d(1), 80.0), (d(2), 70.0), (d(3), 70.0)]);
        // Listed from the 3rd only, the trend still starts on the 1st:
        // 80 → 79 → 78.1.
        let days = weighed_days(&w, d(3), d(3));
        assert_eq!(
            days,
            [TrendDay {
                date: d(3),
                weight_kg: Some(70.0),
                trend_kg: Some(78.1)
            }]
        );
    }

    #[test]
    fn filled_days_carry_the_trend_and_rounding_is_to_a_hundredth() {
        let w = weighings(&[(d(2), 80.0), (d(4), 80.123)]);
        let days = every_day(&w, d(1), d(5));
        let got: Vec<_> = days.iter().map(|t| (t.weight_kg, t.trend_kg)).collect();
        assert_eq!(
            got,
            [
                (None, None),
                (Some(80.0), Some(80.0)),
                (None, Some(80.0)),
                // 80 + 0.0123 = 80.0123 → 80.01
                (Some(80.123), Some(80.01)),
                (None, Some(80.01)),
            ]
        );
        // Starting after a weighing, the trend comes from before the range.
        assert_eq!(every_day(&w, d(3), d(3))[0].trend_kg, Some(80.0));
    }
}
