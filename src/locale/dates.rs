//! Dates as each language writes them: its month and weekday names and
//! the order of its patterns (`date-long`, `date-short`, `date-day`), all
//! from its resource files. The names are there too (`weekday-1`…,
//! `month-1`…) rather than from chrono's locale data, which brings every
//! glibc locale into the binary for three languages' 38 words.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::text;
use crate::domain::settings::Language;

/// `pattern` with its `%A %a %B %b` replaced by `date`'s names in
/// `language` (the names hold no `%`), for chrono to write the rest.
fn named(language: Language, pattern: &str, date: NaiveDate) -> String {
    let name = |kind: &str, n: u32| text(language, &format!("{kind}-{n}"), &[]);
    let weekday = date.weekday().number_from_monday();
    pattern
        .replace("%A", &name("weekday", weekday))
        .replace("%a", &name("weekday-short", weekday))
        .replace("%B", &name("month", date.month()))
        .replace("%b", &name("month-short", date.month()))
}

fn formatted(language: Language, pattern_key: &str, date: NaiveDate) -> String {
    let pattern = text(language, pattern_key, &[]);
    date.format(&named(language, &pattern, date)).to_string()
}

/// `at` written with the strftime `pattern` (a pattern of the resource
/// files, or one without words such as `%a`), in `language`'s names.
pub fn written(language: Language, pattern: &str, at: NaiveDateTime) -> String {
    at.format(&named(language, pattern, at.date())).to_string()
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
        assert_eq!(day(Language::De, d), "Mi, 2. Dez");
        assert_eq!(day(Language::En, d), "Wed 2 Dec");
    }

    #[test]
    fn every_day_and_month_has_its_name_in_every_language() {
        for language in [Language::En, Language::Es, Language::De] {
            for month in 1..=12 {
                let d = NaiveDate::from_ymd_opt(2026, month, 1).unwrap();
                let long = long(language, d);
                assert!(
                    !long.contains("month-") && !long.contains("weekday-"),
                    "{long}"
                );
            }
            for day in 1..=7 {
                let d = NaiveDate::from_ymd_opt(2026, 6, day).unwrap();
                let short = self::day(language, d);
                assert!(
                    !short.contains("weekday-") && !short.contains("month-"),
                    "{short}"
                );
            }
        }
    }
}
