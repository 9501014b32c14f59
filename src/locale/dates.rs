//! Dates as each language writes them: its month and weekday names (from
//! chrono's locale data) in the order its resource files give
//! (`date-long`, `date-short`, `date-day`).

use chrono::{Locale, NaiveDate, NaiveDateTime};

use super::text;
use crate::domain::settings::Language;

fn chrono_locale(language: Language) -> Locale {
    match language {
        Language::En => Locale::en_GB,
        Language::Es => Locale::es_ES,
        Language::De => Locale::de_DE,
    }
}

fn formatted(language: Language, pattern_key: &str, date: NaiveDate) -> String {
    let pattern = text(language, pattern_key, &[]);
    date.format_localized(&pattern, chrono_locale(language))
        .to_string()
}

/// `at` written with the strftime `pattern` (a pattern of the resource
/// files, or one without words such as `%a`), in `language`'s names.
pub fn written(language: Language, pattern: &str, at: NaiveDateTime) -> String {
    at.and_utc()
        .format_localized(pattern, chrono_locale(language))
        .to_string()
}

/// "Wednesday 2 December 2026", "miércoles, 2 de diciembre de 2026".
pub fn long(language: Language, date: NaiveDate) -> String {
    formatted(language, "date-long", date)
}

/// "2 Dec", "2 dic", "2. Dez" (chart labels, lists of days).
pub fn short(language: Language, date: NaiveDate) -> String {
    formatted(language, "date-short", date)
}

/// "Wed 2 Dec", "mié 2 dic" (a day in a table).
pub fn day(language: Language, date: NaiveDate) -> String {
    formatted(language, "date-day", date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_order_follow_the_language() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(long(Language::En, d), "Wednesday 2 December 2026");
        assert_eq!(long(Language::Es, d), "miércoles, 2 de diciembre de 2026");
        assert_eq!(long(Language::De, d), "Mittwoch, 2. Dezember 2026");
        assert_eq!(short(Language::De, d), "2. Dez");
        assert_eq!(short(Language::Es, d), "2 dic");
    }
}
