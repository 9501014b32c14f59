//! Reading the cells of real exports: numbers with thousands separators,
//! `n/a` and blanks as unknown, dates in the writers' several shapes, and
//! timestamps that belong to the day written in them.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// A cell's number: `Ok(None)` for blank, `n/a`, `-` or `--` (unknown),
/// `Err` for text that is no number. Thousands separators (`"1,656"`) and
/// surrounding spaces are allowed; a comma followed by other than three
/// digits is not a separator, so `1,5` is refused rather than guessed.
pub fn number(cell: &str) -> Result<Option<f64>, String> {
    let cell = cell.trim().trim_matches('"').trim();
    if cell.is_empty()
        || matches!(
            cell.to_ascii_lowercase().as_str(),
            "n/a" | "na" | "-" | "--"
        )
    {
        return Ok(None);
    }
    let plain = without_thousands_separators(cell).ok_or_else(|| not_a_number(cell))?;
    match plain.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(Some(n)),
        _ => Err(not_a_number(cell)),
    }
}

fn not_a_number(cell: &str) -> String {
    format!("\"{}\" is not a number", shorten(cell))
}

/// `1,656.5` → `1656.5`; `None` where a comma is not a thousands separator.
fn without_thousands_separators(cell: &str) -> Option<String> {
    if !cell.contains(',') {
        return Some(cell.to_owned());
    }
    let (int, frac) = match cell.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (cell, None),
    };
    let digits = int.trim_start_matches(['-', '+']);
    let mut groups = digits.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    if !groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut out: String = int.chars().filter(|c| *c != ',').collect();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// A cell's text cut to 40 characters, for a reason quoting it.
pub fn shorten(cell: &str) -> String {
    let mut s: String = cell.chars().take(40).collect();
    if cell.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// A date as the trackers write them: `2024-01-31`, `01/31/2024` (US, as
/// Lose It! and MyFitnessPal's US exports), with or without a time after
/// it. A timestamp with an offset (`2020-10-05 12:02:41 -0800`) gives the
/// day written in it, never the UTC day.
pub fn date(cell: &str) -> Result<NaiveDate, String> {
    let cell = cell.trim();
    let day_part = cell.split([' ', 'T']).next().unwrap_or("");
    for format in ["%Y-%m-%d", "%m/%d/%Y", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(day_part, format) {
            return Ok(d);
        }
    }
    Err(format!("\"{}\" is not a date", shorten(cell)))
}

/// A timestamp as written (`2020-10-05 12:02:41 -0800`, `2024-01-08T07:30:00Z`,
/// or without an offset), as the local date and time written in it: used to
/// order the records of one day ("the latest").
pub fn local_date_time(cell: &str) -> Result<NaiveDateTime, String> {
    let cell = cell.trim();
    for format in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%:z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(cell, format) {
            return Ok(t.naive_local());
        }
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%SZ",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(cell, format) {
            return Ok(t);
        }
    }
    date(cell).map(|d| d.and_time(chrono::NaiveTime::MIN))
}

/// A header cell as compared: a leading byte-order mark, quotes and spaces
/// dropped, lower case.
pub fn header_name(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .trim()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_separators_and_unknowns() {
        assert_eq!(number("1,656"), Ok(Some(1656.0)));
        assert_eq!(number(" 1,234,567.5 "), Ok(Some(1_234_567.5)));
        assert_eq!(number("-250"), Ok(Some(-250.0)));
        assert_eq!(number("\"12.5\""), Ok(Some(12.5)));
        for unknown in ["", "  ", "n/a", "N/A", "-", "--"] {
            assert_eq!(number(unknown), Ok(None), "{unknown:?}");
        }
        assert!(number("1,5").is_err());
        assert!(number("12,34,567").is_err());
        assert!(number("abc").is_err());
        assert!(number("NaN").is_err());
        assert!(number("inf").is_err());
    }

    #[test]
    fn dates_keep_the_day_written() {
        let d = NaiveDate::from_ymd_opt(2020, 10, 5).unwrap();
        assert_eq!(date("2020-10-05"), Ok(d));
        assert_eq!(date("10/05/2020"), Ok(d));
        // 12:02 at -08:00 is 20:02 UTC, the same day; 23:30 at -08:00 is the next UTC day.
        assert_eq!(date("2020-10-05 12:02:41 -0800"), Ok(d));
        assert_eq!(date("2020-10-05 23:30:00 -0800"), Ok(d));
        assert_eq!(
            local_date_time("2020-10-05 23:30:00 -0800").unwrap().date(),
            d
        );
        assert!(date("13/45/2020").is_err());
        assert!(date("yesterday").is_err());
    }

    #[test]
    fn header_names_lose_marks_and_case() {
        assert_eq!(header_name("\u{feff}\"Date\""), "date");
        assert_eq!(header_name(" Fat (g) "), "fat (g)");
    }
}
