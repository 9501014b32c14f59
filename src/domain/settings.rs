//! An account's settings (everywhere.md §1): its time zone, language and
//! units, and the conversions the pages use. The JSON API always speaks
//! kcal, kg and cm.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// Parses an IANA time zone name (`Europe/Madrid`), exactly as the tz
/// database spells it.
pub fn parse_time_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// The date it is at `now` in `zone`: the account's "today".
pub fn today_in(zone: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&zone).date_naive()
}

macro_rules! named_choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub enum $name {
            #[default]
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// The accepted names, for error messages.
            pub fn names() -> String {
                $name::ALL
                    .iter()
                    .map(|v| format!("`{}`", v.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }
    };
}

named_choice!(
    /// The languages of the pages; the first is the default.
    Language { En => "en", Es => "es", De => "de" }
);
named_choice!(
    /// The unit energy is shown and typed in on the pages.
    EnergyUnit { Kcal => "kcal", Kj => "kJ" }
);
named_choice!(
    /// The unit body weight is shown and typed in on the pages.
    WeightUnit { Kg => "kg", Lb => "lb" }
);
named_choice!(
    /// The unit lengths (height) are shown and typed in on the pages.
    LengthUnit { Cm => "cm", In => "in" }
);

// The conversion factors of everywhere.md §1 (exact by definition).
pub const KJ_PER_KCAL: f64 = 4.184;
pub const KG_PER_LB: f64 = 0.453_592_37;
pub const CM_PER_IN: f64 = 2.54;

impl EnergyUnit {
    pub fn from_kcal(self, kcal: f64) -> f64 {
        match self {
            EnergyUnit::Kcal => kcal,
            EnergyUnit::Kj => kcal * KJ_PER_KCAL,
        }
    }

    pub fn to_kcal(self, value: f64) -> f64 {
        match self {
            EnergyUnit::Kcal => value,
            EnergyUnit::Kj => value / KJ_PER_KCAL,
        }
    }
}

impl WeightUnit {
    pub fn from_kg(self, kg: f64) -> f64 {
        match self {
            WeightUnit::Kg => kg,
            WeightUnit::Lb => kg / KG_PER_LB,
        }
    }

    pub fn to_kg(self, value: f64) -> f64 {
        match self {
            WeightUnit::Kg => value,
            WeightUnit::Lb => value * KG_PER_LB,
        }
    }
}

impl LengthUnit {
    pub fn from_cm(self, cm: f64) -> f64 {
        match self {
            LengthUnit::Cm => cm,
            LengthUnit::In => cm / CM_PER_IN,
        }
    }

    pub fn to_cm(self, value: f64) -> f64 {
        match self {
            LengthUnit::Cm => value,
            LengthUnit::In => value * CM_PER_IN,
        }
    }
}

impl Language {
    /// The first supported language an `Accept-Language` header lists,
    /// by its quality values (RFC 9110 §12.5.4), else English. `es-MX`
    /// counts as `es`; `*` and `q=0` count as nothing.
    pub fn from_accept_language(header: &str) -> Language {
        let mut ranges: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0 && !tag.is_empty()).then_some((q, i, tag))
            })
            .collect();
        // Highest quality first; equal ones in the order given.
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges
            .iter()
            .find_map(|(_, _, tag)| {
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                Language::parse(&primary)
            })
            .unwrap_or_default()
    }
}

/// An account's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub time_zone: Tz,
    pub language: Language,
    pub energy_unit: EnergyUnit,
    pub weight_unit: WeightUnit,
    pub length_unit: LengthUnit,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            time_zone: Tz::UTC,
            language: Language::default(),
            energy_unit: EnergyUnit::default(),
            weight_unit: WeightUnit::default(),
            length_unit: LengthUnit::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(parse_time_zone("Europe/Madrid"), Some(Tz::Europe__Madrid));
        assert_eq!(parse_time_zone("UTC"), Some(Tz::UTC));
        for bad in ["Europe/Atlantis", "europe/madrid", "", "+02:00", "Madrid"] {
            assert_eq!(parse_time_zone(bad), None, "{bad}");
        }
    }

    #[test]
    fn today_is_the_date_where_the_person_is() {
        let instant: DateTime<Utc> = "2026-06-15T10:30:00Z".parse().unwrap();
        let day = |zone: &str| today_in(parse_time_zone(zone).unwrap(), instant);
        assert_eq!(day("UTC"), NaiveDate::from_ymd_opt(2026, 6, 15).unwrap());
        assert_eq!(
            day("Pacific/Kiritimati"),
            NaiveDate::from_ymd_opt(2026, 6, 16).unwrap()
        );
        assert_eq!(
            day("Pacific/Pago_Pago"),
            NaiveDate::from_ymd_opt(2026, 6, 14).unwrap()
        );
        // 23:30 in Madrid (summer, UTC+2) is still that day there.
        let late: DateTime<Utc> = "2026-06-15T21:30:00Z".parse().unwrap();
        assert_eq!(
            today_in(Tz::Europe__Madrid, late),
            NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
        );
        // 00:30 in Madrid is the next day there, not the UTC one.
        let after_midnight: DateTime<Utc> = "2026-06-15T22:30:00Z".parse().unwrap();
        assert_eq!(
            today_in(Tz::Europe__Madrid, after_midnight),
            NaiveDate::from_ymd_opt(2026, 6, 16).unwrap()
        );
    }

    #[test]
    fn units_convert_by_the_exact_factors() {
        assert!((EnergyUnit::Kj.from_kcal(100.0) - 418.4).abs() < 1e-9);
        assert!((EnergyUnit::Kj.to_kcal(418.4) - 100.0).abs() < 1e-9);
        assert!((WeightUnit::Lb.from_kg(0.453_592_37) - 1.0).abs() < 1e-12);
        assert!((WeightUnit::Lb.to_kg(150.0) - 68.038_855_5).abs() < 1e-9);
        assert!((LengthUnit::In.from_cm(2.54) - 1.0).abs() < 1e-12);
        assert_eq!(LengthUnit::In.to_cm(70.0), 177.8);
        assert_eq!(EnergyUnit::Kcal.from_kcal(5.0), 5.0);
    }

    #[test]
    fn names_round_trip_and_unknown_ones_are_refused() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.as_str()), Some(*l));
        }
        assert_eq!(EnergyUnit::parse("kJ"), Some(EnergyUnit::Kj));
        assert_eq!(EnergyUnit::parse("kj"), None);
        assert_eq!(WeightUnit::parse("lb"), Some(WeightUnit::Lb));
        assert_eq!(LengthUnit::parse("in"), Some(LengthUnit::In));
        assert_eq!(Language::parse("fr"), None);
        assert_eq!(Language::names(), "`en`, `es`, `de`");
    }

    #[test]
    fn the_language_comes_from_accept_language() {
        let pick = Language::from_accept_language;
        assert_eq!(pick("es-ES,es;q=0.9,en;q=0.8"), Language::Es);
        assert_eq!(pick("fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7"), Language::De);
        assert_eq!(pick("en;q=0.5, de"), Language::De);
        assert_eq!(pick("fr, it"), Language::En);
        assert_eq!(pick("es;q=0, de;q=0.1"), Language::De);
        assert_eq!(pick(""), Language::En);
        assert_eq!(pick("*"), Language::En);
        assert_eq!(pick("DE-at"), Language::De);
    }
}
