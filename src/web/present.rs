//! How a page speaks to its reader: their language (words, numbers,
//! dates) and their units (energy, body weight, length). Every page's
//! layout holds one; templates call it as `l.t("nav-diary")`, `l.energy(kcal)`.
//! What the pages take in goes the other way through `form::Submitted`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::meal::Meal;
use crate::domain::settings::{EnergyUnit, Language, LengthUnit, Settings, WeightUnit};
use crate::locale::{self, Arg, Message, dates, numbers};

/// An option of a `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Presentation {
    pub language: Language,
    pub energy_unit: EnergyUnit,
    pub weight_unit: WeightUnit,
    pub length_unit: LengthUnit,
}

impl Presentation {
    /// A signed-in person's: their settings.
    pub fn of(settings: &Settings) -> Presentation {
        Presentation {
            language: settings.language,
            energy_unit: settings.energy_unit,
            weight_unit: settings.weight_unit,
            length_unit: settings.length_unit,
        }
    }

    /// Before login: the browser's language, the default units.
    pub fn anonymous(language: Language) -> Presentation {
        Presentation::of(&Settings {
            language,
            ..Settings::default()
        })
    }

    /// The `lang` attribute.
    pub fn lang(&self) -> &'static str {
        self.language.as_str()
    }

    // --- words ---------------------------------------------------------

    pub fn t(&self, key: &str) -> String {
        locale::text(self.language, key, &[])
    }

    /// The message `key` with one value put in.
    pub fn t1(&self, key: &str, name: &str, value: impl Into<Arg>) -> String {
        locale::text(self.language, key, &[(name, self.shown(value.into()))])
    }

    /// The message `key` with two values put in.
    pub fn t2(
        &self,
        key: &str,
        name: &str,
        value: impl Into<Arg>,
        name2: &str,
        value2: impl Into<Arg>,
    ) -> String {
        let args = [
            (name, self.shown(value.into())),
            (name2, self.shown(value2.into())),
        ];
        locale::text(self.language, key, &args)
    }

    /// A message of the operations, in this language and these units.
    pub fn message(&self, m: &Message) -> String {
        let args: Vec<(&str, Arg)> = m
            .args
            .iter()
            .map(|(name, value)| (*name, self.shown(value.clone())))
            .collect();
        locale::text(self.language, m.key, &args)
    }

    /// An amount with a unit turned into this reader's unit, as text
    /// (a limit: no trailing zeros).
    fn shown(&self, arg: Arg) -> Arg {
        let (value, places, unit) = match arg {
            Arg::Energy(kcal) => (self.energy_unit.from_kcal(kcal), 2, self.energy_unit()),
            Arg::BodyWeight(kg) => (self.weight_unit.from_kg(kg), 1, self.weight_unit()),
            Arg::Length(cm) => (self.length_unit.from_cm(cm), 1, self.length_unit()),
            other => return other,
        };
        Arg::Text(format!(
            "{} {unit}",
            numbers::trimmed(self.language, value, places)
        ))
    }

    pub fn meal(&self, meal: Meal) -> String {
        self.t(match meal {
            Meal::Breakfast => "meal-breakfast",
            Meal::Lunch => "meal-lunch",
            Meal::Dinner => "meal-dinner",
            Meal::Snack => "meal-snack",
        })
    }

    pub fn meal_choices(&self) -> Vec<Choice> {
        Meal::ALL
            .into_iter()
            .map(|m| Choice {
                value: m.as_str().to_owned(),
                label: self.meal(m),
            })
            .collect()
    }

    // --- numbers and dates --------------------------------------------

    /// A whole number, grouped: `1,235` / `1.235`.
    pub fn int(&self, x: f64) -> String {
        numbers::fixed(self.language, x, 0)
    }

    /// One decimal, grouped: `12.3` / `12,3`.
    pub fn dec1(&self, x: f64) -> String {
        numbers::fixed(self.language, x, 1)
    }

    /// Grams to one decimal.
    pub fn grams(&self, g: f64) -> String {
        self.dec1(g)
    }

    /// A nutrient amount as read: whole from 100 up, to 0.1 from 10, to
    /// 0.01 below (no trailing zeros): `2,300`, `12.5`, `0.25`.
    pub fn nutrient_amount(&self, x: f64) -> String {
        let places = if x >= 100.0 {
            0
        } else if x >= 10.0 {
            1
        } else {
            2
        };
        numbers::trimmed(self.language, x, places)
    }

    /// A number as a form field shows it: up to one decimal, no grouping.
    pub fn input(&self, x: f64) -> String {
        numbers::for_input(self.language, x, 1)
    }

    /// "Wednesday 2 December 2026".
    pub fn long_date(&self, d: NaiveDate) -> String {
        dates::long(self.language, d)
    }

    /// "2 Dec".
    pub fn short_date(&self, d: NaiveDate) -> String {
        dates::short(self.language, d)
    }

    /// "Wed 2 Dec".
    pub fn day(&self, d: NaiveDate) -> String {
        dates::day(self.language, d)
    }

    // --- units ---------------------------------------------------------

    pub fn energy_unit(&self) -> &'static str {
        self.energy_unit.as_str()
    }

    /// Energy given in kcal, in the reader's unit, whole: 0.1 kcal is kept,
    /// and a whole kJ (0.24 kcal) shows it again as typed.
    pub fn energy(&self, kcal: f64) -> String {
        self.int(self.energy_unit.from_kcal(kcal))
    }

    /// Energy as a form field shows it.
    pub fn energy_input(&self, kcal: f64) -> String {
        let value = self.energy_unit.from_kcal(kcal);
        match self.energy_unit {
            EnergyUnit::Kcal => self.input(value),
            EnergyUnit::Kj => numbers::for_input(self.language, value, 0),
        }
    }

    pub fn weight_unit(&self) -> &'static str {
        self.weight_unit.as_str()
    }

    /// Body weight given in kg, in the reader's unit, to 0.1.
    pub fn weight(&self, kg: f64) -> String {
        self.dec1(self.weight_unit.from_kg(kg))
    }

    pub fn weight_input(&self, kg: f64) -> String {
        self.input(self.weight_unit.from_kg(kg))
    }

    pub fn length_unit(&self) -> &'static str {
        self.length_unit.as_str()
    }

    pub fn length_input(&self, cm: f64) -> String {
        self.input(self.length_unit.from_cm(cm))
    }

    // --- the dashboard, history, goals and settings pages --------------

    /// A value to put into a message where the page puts markup (a link,
    /// the person's own text marked `translate="no"`): the message is then
    /// cut there with [`Presentation::around`].
    pub const HOLE: &'static str = "\u{FFFC}";

    /// A message given [`Presentation::HOLE`] as a value: its text before
    /// and after it (all of it before, if it has none).
    pub fn around(text: &str) -> (String, String) {
        match text.split_once(Self::HOLE) {
            Some((before, after)) => (before.to_owned(), after.to_owned()),
            None => (text.to_owned(), String::new()),
        }
    }

    /// Energy given in kcal with the reader's unit: "8.368 kJ".
    pub fn energy_with_unit(&self, kcal: f64) -> String {
        format!("{} {}", self.energy(kcal), self.energy_unit())
    }

    /// Body weight given in kg with the reader's unit: "150,0 lb".
    pub fn weight_with_unit(&self, kg: f64) -> String {
        format!("{} {}", self.weight(kg), self.weight_unit())
    }

    /// `at` written with the strftime `pattern`, in this language's month
    /// and weekday names: `l.date_as(&l.t("settings-token-date"), at)`.
    pub fn date_as(&self, pattern: &str, at: NaiveDateTime) -> String {
        dates::written(self.language, pattern, at)
    }

    /// A date written with `pattern` (e.g. `%a`, `%b`).
    pub fn day_as(&self, pattern: &str, d: NaiveDate) -> String {
        self.date_as(pattern, d.and_time(NaiveTime::MIN))
    }
}

/// German in kJ, pounds and inches: every conversion at once (tests).
#[cfg(test)]
pub fn german_imperial() -> Presentation {
    Presentation {
        language: Language::De,
        energy_unit: EnergyUnit::Kj,
        weight_unit: WeightUnit::Lb,
        length_unit: LengthUnit::In,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_show_in_the_readers_units_and_language() {
        let p = german_imperial();
        assert_eq!(p.energy(2000.0), "8.368");
        assert_eq!(p.energy_input(2000.0), "8368");
        assert_eq!(p.weight(68.04), "150,0");
        assert_eq!(p.weight_input(68.04), "150");
        assert_eq!(p.length_input(177.8), "70");
        let en = Presentation::anonymous(Language::En);
        assert_eq!(en.energy(1234.5), "1,235");
        assert_eq!(en.energy(-0.3), "0");
        assert_eq!(en.grams(12.34), "12.3");
        assert_eq!(en.input(60.0), "60");
        assert_eq!(en.input(7.25), "7.3");
    }

    #[test]
    fn messages_convert_their_amounts() {
        let m = locale::msg("must-be-between")
            .arg("min", Arg::BodyWeight(20.0))
            .arg("max", Arg::BodyWeight(400.0));
        assert_eq!(m.english(), "must be between 20 kg and 400 kg");
        let shown = german_imperial().message(&m);
        assert!(
            shown.contains("44,1 lb") && shown.contains("881,8 lb"),
            "{shown}"
        );
    }
}
