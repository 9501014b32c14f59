//! Commands as sent, checked field by field: every bad field is reported at
//! once, named (spec §3).

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

use super::error::{AppError, AppResult, FieldError};
use crate::domain::nutrients::{is_positive_amount, round1, round3};
use crate::domain::summary::{MAX_RANGE_DAYS, RangeProblem, range_problem};
use crate::locale::{Arg, Message, msg};

/// One field as sent: absent, null, a value of the right type, or not (kept
/// as a message, so that one bad type does not hide the other errors). The
/// API reads JSON members into it, the web pages form fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Input<T> {
    #[default]
    Absent,
    Null,
    Value(T),
    Invalid(Message),
}

impl<T> Input<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Input::Absent)
    }
}

/// What a decimal measures: its limits in a message carry their unit (the
/// pages say them in the reader's unit), and it is kept to its precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Plain,
    /// kcal
    Energy,
    /// kg, kept to 0.01: a weight typed in pounds to 0.1 shows again as
    /// typed (0.1 lb is 0.045 kg).
    BodyWeight,
    /// cm
    Length,
    /// A detail nutrient (fibre, a vitamin, …), kept to 0.001.
    Detail,
}

impl Measure {
    /// What a nutrient field measures: `calories` is energy, the rest plain
    /// amounts.
    pub fn of_nutrient(field: &str) -> Measure {
        if field == "calories" {
            Measure::Energy
        } else {
            Measure::Plain
        }
    }

    fn arg(self, x: f64) -> Arg {
        match self {
            Measure::Plain | Measure::Detail => Arg::Number(x),
            Measure::Energy => Arg::Energy(x),
            Measure::BodyWeight => Arg::BodyWeight(x),
            Measure::Length => Arg::Length(x),
        }
    }

    fn kept(self, x: f64) -> f64 {
        match self {
            Measure::BodyWeight => (x * 100.0).round() / 100.0,
            Measure::Detail => round3(x),
            _ => round1(x),
        }
    }
}

/// Collects field errors; `finish` answers 422 naming all of them.
#[derive(Debug, Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

/// The least amount `Check::positive` takes: smaller ones round to 0.
pub const POSITIVE_MIN: f64 = 0.05;

/// Dates the diary accepts: four-digit years from 1900.
pub const DATE_YEARS: RangeInclusive<i32> = 1900..=9999;

impl Check {
    pub fn new() -> Check {
        Check::default()
    }

    pub fn fail(&mut self, field: &str, message: Message) {
        self.errors.push(FieldError::new(field, message));
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Takes the errors of `inner`, a check of one item of a list, each
    /// field named under `prefix` (`ingredients[2].quantity_g`).
    pub fn nest(&mut self, prefix: &str, inner: Check) {
        for mut e in inner.errors {
            e.field = format!("{prefix}.{}", e.field);
            self.errors.push(e);
        }
    }

    pub fn finish(self) -> AppResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.errors))
        }
    }

    /// The value, or `None` when absent or null.
    pub fn optional<T>(&mut self, field: &str, input: Input<T>) -> Option<T> {
        match input {
            Input::Absent | Input::Null => None,
            Input::Value(v) => Some(v),
            Input::Invalid(message) => {
                self.fail(field, message);
                None
            }
        }
    }

    /// The value; absent or null is an error.
    pub fn required<T>(&mut self, field: &str, input: Input<T>) -> Option<T> {
        if matches!(input, Input::Absent | Input::Null) {
            self.fail(field, msg("required"));
        }
        self.optional(field, input)
    }

    /// A decimal within `range`, rounded to 0.1.
    pub fn decimal(
        &mut self,
        field: &str,
        value: Option<f64>,
        range: RangeInclusive<f64>,
    ) -> Option<f64> {
        self.measured(field, value, range, Measure::Plain)
    }

    /// A decimal amount of `measure` within `range`, kept to its precision.
    pub fn measured(
        &mut self,
        field: &str,
        value: Option<f64>,
        range: RangeInclusive<f64>,
        measure: Measure,
    ) -> Option<f64> {
        let v = value?;
        if !v.is_finite() || !range.contains(&v) {
            self.fail(
                field,
                msg("must-be-between")
                    .arg("min", measure.arg(*range.start()))
                    .arg("max", measure.arg(*range.end())),
            );
            return None;
        }
        Some(measure.kept(v))
    }

    /// A decimal above zero and at most `max`, rounded to 0.1: so at least
    /// 0.05 as sent, since anything smaller would be kept as 0.
    pub fn positive(&mut self, field: &str, value: Option<f64>, max: f64) -> Option<f64> {
        self.positive_measured(field, value, max, Measure::Plain)
    }

    /// As `positive`, for an amount of `measure` (kept to 0.1 all the same).
    pub fn positive_measured(
        &mut self,
        field: &str,
        value: Option<f64>,
        max: f64,
        measure: Measure,
    ) -> Option<f64> {
        let v = value?;
        if !is_positive_amount(v, max) {
            self.fail(
                field,
                msg("must-be-positive")
                    .arg("min", measure.arg(POSITIVE_MIN))
                    .arg("max", measure.arg(max)),
            );
            return None;
        }
        Some(round1(v))
    }

    pub fn integer(
        &mut self,
        field: &str,
        value: Option<i64>,
        range: RangeInclusive<i64>,
    ) -> Option<i64> {
        let v = value?;
        if !range.contains(&v) {
            self.fail(
                field,
                msg("must-be-between")
                    .arg("min", *range.start() as f64)
                    .arg("max", *range.end() as f64),
            );
            return None;
        }
        Some(v)
    }

    /// Text trimmed of surrounding white space, 1 to `max` characters.
    pub fn text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let v = value?;
        let v = v.trim();
        let len = v.chars().count();
        if len == 0 || len > max {
            self.fail(field, msg("text-length").arg("max", max as f64));
            return None;
        }
        if v.chars().any(|c| c.is_control()) {
            self.fail(field, msg("no-control-characters"));
            return None;
        }
        Some(v.to_owned())
    }

    /// A `YYYY-MM-DD` date (sent as a string).
    pub fn date(&mut self, field: &str, value: Option<String>) -> Option<NaiveDate> {
        let raw = value?;
        let parsed = parse_date(&raw);
        if parsed.is_none() {
            self.fail(field, msg("date-format"));
        }
        parsed
    }

    /// One of `allowed`, by name.
    pub fn one_of<T>(
        &mut self,
        field: &str,
        value: Option<String>,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        let v = value?;
        let parsed = parse(&v);
        if parsed.is_none() {
            self.fail(field, msg("must-be-one-of").arg("allowed", allowed));
        }
        parsed
    }
}

/// Parses a `YYYY-MM-DD` date within the years the diary accepts.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    if raw.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|d| DATE_YEARS.contains(&d.year()))
}

/// A listing's or summary's `from..=to`: in order, and at most
/// [`MAX_RANGE_DAYS`] long.
pub(crate) fn check_range(from: NaiveDate, to: NaiveDate) -> AppResult<()> {
    match range_problem(from, to) {
        None => Ok(()),
        Some(RangeProblem::Reversed) => Err(reversed()),
        Some(RangeProblem::TooLong) => Err(AppError::invalid(
            "to",
            msg("range-too-long").arg("days", MAX_RANGE_DAYS as f64),
        )),
    }
}

/// `to` is not before `from` (a range of any length).
pub(crate) fn check_order(from: NaiveDate, to: NaiveDate) -> AppResult<()> {
    match range_problem(from, to) {
        Some(RangeProblem::Reversed) => Err(reversed()),
        _ => Ok(()),
    }
}

fn reversed() -> AppError {
    AppError::invalid("to", msg("not-before-from"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut check = Check::new();
        let calories = check.required("calories", Input::<f64>::Invalid(msg("not-a-number")));
        let name = check.required("name", Input::<String>::Null);
        let minutes = check.required("duration_min", Input::Value(2000));
        check.integer("duration_min", minutes, 1..=1440);
        assert_eq!(calories, None);
        assert_eq!(name, None);
        let AppError::Validation(errors) = check.finish().unwrap_err() else {
            panic!("expected a validation error");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["calories", "name", "duration_min"]);
    }

    #[test]
    fn decimals_are_rounded_and_bounded() {
        let mut check = Check::new();
        assert_eq!(check.decimal("f", Some(12.345), 0.0..=10000.0), Some(12.3));
        assert_eq!(check.decimal("f", Some(-0.1), 0.0..=10000.0), None);
        assert_eq!(check.decimal("f", Some(f64::NAN), 0.0..=10000.0), None);
        assert_eq!(check.positive("g", Some(0.0), 20000.0), None);
        assert_eq!(check.positive("g", Some(1e-300), 20000.0), None);
        assert_eq!(check.positive("g", Some(0.04), 20000.0), None);
        assert_eq!(check.positive("g", Some(POSITIVE_MIN), 20000.0), Some(0.1));
        assert_eq!(check.positive("g", Some(20000.0), 20000.0), Some(20000.0));
        assert!(!check.is_ok());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        let mut check = Check::new();
        assert_eq!(
            check.text("name", Some("  Oats ".into()), 200),
            Some("Oats".into())
        );
        assert_eq!(check.text("name", Some("   ".into()), 200), None);
        assert_eq!(
            check.text("name", Some("é".repeat(200)), 200),
            Some("é".repeat(200))
        );
        assert_eq!(check.text("name", Some("x".repeat(201)), 200), None);
    }

    #[test]
    fn dates_must_be_iso_days() {
        assert_eq!(
            parse_date("2026-11-26"),
            NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        assert_eq!(parse_date("2026-2-3"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("0999-01-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }
}
