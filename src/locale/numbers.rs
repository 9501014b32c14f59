//! Numbers as each language writes them: `1,234.5` in English, `1.234,5`
//! in Spanish and German (everywhere.md §2). Written here because the two
//! separators are all that differs, and the only crates that know them
//! (ICU4X) bring the whole Unicode locale data for it.

use crate::domain::settings::Language;

/// The decimal and the grouping separator of `language`.
fn separators(language: Language) -> (char, char) {
    match language {
        Language::En => ('.', ','),
        Language::Es | Language::De => (',', '.'),
    }
}

/// `x` rounded to `places` decimals, grouped by thousands: `1.234,5`.
/// A value that rounds to zero shows without a sign.
pub fn fixed(language: Language, x: f64, places: usize) -> String {
    // Halves away from zero, as people round (`format!` rounds them to even).
    let scale = 10f64.powi(places as i32);
    let rounded = (x * scale).round() / scale;
    let mut s = format!("{rounded:.places$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s.remove(0);
    }
    localise(language, &s)
}

/// `x` rounded to at most `places` decimals, without trailing zeros
/// (`60`, `7,3`): a value as typed back into a form, or said in a message.
pub fn trimmed(language: Language, x: f64, places: usize) -> String {
    let s = fixed(language, x, places);
    let (decimal, _) = separators(language);
    if s.contains(decimal) {
        s.trim_end_matches('0').trim_end_matches(decimal).to_owned()
    } else {
        s
    }
}

/// `x` with as many decimals as it has (up to 6), as limits in messages
/// are given: `0,05`, `10.000`.
pub fn shortest(language: Language, x: f64) -> String {
    trimmed(language, x, 6)
}

/// `x` as the form fields of a page show it: no grouping (a browser's
/// number keyboard has no grouping key), the language's decimal separator.
pub fn for_input(language: Language, x: f64, places: usize) -> String {
    let s = fixed(language, x, places);
    let (decimal, group) = separators(language);
    let s: String = s.chars().filter(|c| *c != group).collect();
    if s.contains(decimal) {
        s.trim_end_matches('0').trim_end_matches(decimal).to_owned()
    } else {
        s
    }
}

/// A plain decimal (`-1234.5`, as `format!` writes it) in `language`'s way.
fn localise(language: Language, plain: &str) -> String {
    let (decimal, group) = separators(language);
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(plain.len() + whole.len() / 3 + 1);
    out.push_str(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if let Some(f) = fraction {
        out.push(decimal);
        out.push_str(f);
    }
    out
}

/// A number typed into a form of a page in `language`: its decimal
/// separator, or `.`, as the point; no grouping; finite. `None` when it is
/// not such a number.
pub fn parse(language: Language, raw: &str) -> Option<f64> {
    let raw = raw.trim();
    let (decimal, _) = separators(language);
    let normal = if decimal == ',' {
        if raw.contains(',') && raw.contains('.') {
            // "1.234,5": grouping is not taken (it is ambiguous with the
            // point that is also accepted).
            return None;
        }
        raw.replace(',', ".")
    } else {
        raw.to_owned()
    };
    if normal.is_empty()
        || !normal
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
    {
        return None;
    }
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::*;

    #[test]
    fn each_language_groups_and_points_its_own_way() {
        assert_eq!(fixed(En, 1234.5, 1), "1,234.5");
        assert_eq!(fixed(Es, 1234.5, 1), "1.234,5");
        assert_eq!(fixed(De, 1234.5, 1), "1.234,5");
        assert_eq!(fixed(De, 1_234_567.0, 0), "1.234.567");
        assert_eq!(fixed(En, 999.0, 0), "999");
        assert_eq!(fixed(En, -1234.0, 0), "-1,234");
        assert_eq!(fixed(De, -0.04, 1), "0,0");
        assert_eq!(fixed(En, -0.4, 0), "0");
        assert_eq!(fixed(En, 100_000.0, 0), "100,000");
    }

    #[test]
    fn trailing_zeros_go() {
        assert_eq!(trimmed(De, 60.0, 1), "60");
        assert_eq!(trimmed(De, 7.25, 1), "7,3");
        assert_eq!(shortest(Es, 0.05), "0,05");
        assert_eq!(shortest(Es, 10000.0), "10.000");
        assert_eq!(shortest(En, 10000.0), "10,000");
        assert_eq!(for_input(De, 1234.5, 1), "1234,5");
        assert_eq!(for_input(En, 1234.0, 1), "1234");
    }

    #[test]
    fn forms_take_the_languages_decimal_separator_and_the_point() {
        assert_eq!(parse(De, "12,5"), Some(12.5));
        assert_eq!(parse(Es, " 12.5 "), Some(12.5));
        assert_eq!(parse(En, "12.5"), Some(12.5));
        assert_eq!(parse(En, "12,5"), None);
        assert_eq!(parse(De, "1.234,5"), None);
        assert_eq!(parse(De, "inf"), None);
        assert_eq!(parse(De, "NaN"), None);
        assert_eq!(parse(De, "1e400"), None);
        assert_eq!(parse(De, ""), None);
        assert_eq!(parse(De, "-3"), Some(-3.0));
    }
}
