//! Numbers, dates and choices as the pages show them.

use chrono::NaiveDate;

use crate::domain::meal::Meal;

/// An option of a `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn meal_choices() -> Vec<Choice> {
    Meal::ALL
        .into_iter()
        .map(|m| Choice {
            value: m.as_str().to_owned(),
            label: meal_label(m).to_owned(),
        })
        .collect()
}

pub fn meal_label(m: Meal) -> &'static str {
    match m {
        Meal::Breakfast => "Breakfast",
        Meal::Lunch => "Lunch",
        Meal::Dinner => "Dinner",
        Meal::Snack => "Snacks",
    }
}

/// "Monday 2 March 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// Whole kcal; "−0" shows as 0.
pub fn kcal(x: f64) -> String {
    let r = x.round();
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r:.0}")
    }
}

/// Grams to one decimal.
pub fn grams(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        "0.0".into()
    } else {
        format!("{r:.1}")
    }
}

/// A number as typed back into a form: no trailing ".0".
pub fn plain(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_for_people() {
        assert_eq!(kcal(-0.4), "0");
        assert_eq!(kcal(1234.5), "1235");
        assert_eq!(grams(12.34), "12.3");
        assert_eq!(grams(-0.04), "0.0");
        assert_eq!(plain(60.0), "60");
        assert_eq!(plain(7.25), "7.3");
    }
}
