//! The `foods.tsv` format, reader and writer in one place: the app parses the
//! bundled file with [`parse`], and `xtask` (the converter that writes it)
//! renders it with [`render`], so the two cannot drift apart. `xtask`
//! compiles this very file in through `#[path]`, hence std only and no
//! `crate::` paths. Columns come in the order of [`FoodDef`]'s fields;
//! `data/usda-sr24/README.md` describes the format for readers.

use std::fmt;

/// The header line (without its line end).
pub const HEADER: &str = "usda_id\tname\tkcal\tprotein_g\tfat_g\tcarbs_g\tfibre_g\tsugars_g\tsaturated_fat_g\tsodium_mg\tmeasures";

/// One food of the catalogue; nutrient values per 100 g.
#[derive(Clone, Debug, PartialEq)]
pub struct FoodDef {
    /// Five-digit USDA NDB number, leading zeros kept (e.g. "01112").
    pub usda_id: String,
    pub name: String,
    pub kcal: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    /// `None`: not given by the source (unknown, not zero).
    pub fibre_g: Option<f64>,
    pub sugars_g: Option<f64>,
    pub saturated_fat_g: Option<f64>,
    pub sodium_mg: Option<f64>,
    /// Household measures: label (e.g. "0.5 cup, chopped") and its weight in grams.
    pub measures: Vec<(String, f64)>,
}

/// A defect of a catalogue file.
#[derive(Debug, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

// By hand rather than with thiserror: xtask, which compiles this file too,
// does not depend on it.
impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses the `foods.tsv` format: a header line, then one tab-separated row
/// per food (no quoting); numbers as decimals, empty for unknown (allowed in
/// the four optional columns only); `measures` as `label=grams` joined by `|`,
/// with `\\`, `\|` and `\=` standing for `\`, `|` and `=` in a label.
pub fn parse(text: &str) -> Result<Vec<FoodDef>, ParseError> {
    // Every line ends with `\n`, the last one included.
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = text.split('\n').enumerate();
    match lines.next() {
        Some((_, HEADER)) => {}
        _ => return Err(err(1, "not the foods.tsv header line")),
    }
    let mut foods = Vec::with_capacity(8192);
    for (i, line) in lines {
        if line.is_empty() {
            return Err(err(i + 1, "empty line"));
        }
        foods.push(parse_row(line).map_err(|m| err(i + 1, m))?);
    }
    Ok(foods)
}

fn err(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

fn parse_row(line: &str) -> Result<FoodDef, String> {
    let mut fields = line.split('\t');
    let mut next = |what: &str| fields.next().ok_or_else(|| format!("no {what} column"));
    let usda_id = next("usda_id")?;
    if usda_id.len() != 5 || !usda_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad usda_id {usda_id:?}"));
    }
    let name = next("name")?;
    if name.trim().is_empty() {
        return Err("empty name".into());
    }
    let food = FoodDef {
        usda_id: usda_id.to_owned(),
        name: name.to_owned(),
        kcal: required(next("kcal")?, "kcal")?,
        protein_g: required(next("protein_g")?, "protein_g")?,
        fat_g: required(next("fat_g")?, "fat_g")?,
        carbs_g: required(next("carbs_g")?, "carbs_g")?,
        fibre_g: optional(next("fibre_g")?, "fibre_g")?,
        sugars_g: optional(next("sugars_g")?, "sugars_g")?,
        saturated_fat_g: optional(next("saturated_fat_g")?, "saturated_fat_g")?,
        sodium_mg: optional(next("sodium_mg")?, "sodium_mg")?,
        measures: parse_measures(next("measures")?)?,
    };
    if fields.next().is_some() {
        return Err("more than 11 columns".into());
    }
    Ok(food)
}

/// A finite, non-negative number.
fn number(s: &str, what: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("{what}: {s:?} is not a non-negative number")),
    }
}

fn required(s: &str, what: &str) -> Result<f64, String> {
    if s.is_empty() {
        return Err(format!("{what} is empty"));
    }
    number(s, what)
}

fn optional(s: &str, what: &str) -> Result<Option<f64>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        number(s, what).map(Some)
    }
}

/// `label=grams|label=grams…`, labels backslash-escaped.
fn parse_measures(field: &str) -> Result<Vec<(String, f64)>, String> {
    let mut measures = Vec::new();
    if field.is_empty() {
        return Ok(measures);
    }
    let mut rest = field;
    loop {
        // The label runs to the first unescaped `=`.
        let mut label = String::new();
        let mut chars = rest.char_indices();
        let grams_start = loop {
            match chars.next() {
                Some((_, '\\')) => match chars.next() {
                    Some((_, c @ ('\\' | '|' | '='))) => label.push(c),
                    other => {
                        return Err(format!(
                            "bad escape {:?} in measures",
                            other.map(|(_, c)| c)
                        ));
                    }
                },
                Some((i, '=')) => break i + 1,
                Some((_, '|')) | None => return Err(format!("measure {label:?} without `=grams`")),
                Some((_, c)) => label.push(c),
            }
        };
        if label.trim().is_empty() {
            return Err("measure with an empty label".into());
        }
        // Grams run to the next `|` (they hold no escapes).
        let after = &rest[grams_start..];
        let (grams, more) = match after.split_once('|') {
            Some((g, more)) => (g, Some(more)),
            None => (after, None),
        };
        let grams = number(grams, "measure grams")?;
        if grams <= 0.0 {
            return Err(format!("measure {label:?} weighs {grams} g"));
        }
        measures.push((label, grams));
        match more {
            Some(more) => rest = more,
            None => return Ok(measures),
        }
    }
}

/// The file of `foods`, rows in the given order.
pub fn render(foods: &[FoodDef]) -> String {
    let mut out = String::with_capacity(160 * foods.len() + HEADER.len() + 1);
    out.push_str(HEADER);
    out.push('\n');
    for f in foods {
        let measures: Vec<String> = f
            .measures
            .iter()
            .map(|(label, grams)| format!("{}={}", escape_label(label), format_number(*grams)))
            .collect();
        let fields = [
            f.usda_id.clone(),
            f.name.clone(),
            format_number(f.kcal),
            format_number(f.protein_g),
            format_number(f.fat_g),
            format_number(f.carbs_g),
            format_optional(f.fibre_g),
            format_optional(f.sugars_g),
            format_optional(f.saturated_fat_g),
            format_optional(f.sodium_mg),
            measures.join("|"),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// The canonical short form: the shortest decimal that reads back as the same
/// `f64`, no exponent, no trailing zeros, `0` for both zeros.
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        "0".to_owned()
    } else {
        // Rust's `Display` for f64 is the shortest round-trip form, never
        // exponential.
        format!("{v}")
    }
}

/// Empty for unknown.
fn format_optional(v: Option<f64>) -> String {
    v.map(format_number).unwrap_or_default()
}

/// `\`, `|` and `=` preceded by `\`.
pub fn escape_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if matches!(c, '\\' | '|' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(label: &str, grams: f64) -> (String, f64) {
        (label.to_owned(), grams)
    }

    fn row(rest: &str) -> String {
        format!("{HEADER}\n01001\tButter\t717\t0.85\t81.11\t0.06\t{rest}\n")
    }

    #[test]
    fn parse_reads_escapes_and_empty_fields() {
        let foods = parse(&row("\t\t\t\ta\\=b \\| c\\\\=8.2|1 cup=227")).unwrap();
        assert_eq!(
            foods,
            [FoodDef {
                usda_id: "01001".into(),
                name: "Butter".into(),
                kcal: 717.0,
                protein_g: 0.85,
                fat_g: 81.11,
                carbs_g: 0.06,
                fibre_g: None,
                sugars_g: None,
                saturated_fat_g: None,
                sodium_mg: None,
                measures: vec![m("a=b | c\\", 8.2), m("1 cup", 227.0)],
            }]
        );
        assert_eq!(parse(&format!("{HEADER}\n")).unwrap(), []);
        assert_eq!(
            parse(&row("0\t0.06\t51.368\t714\t")).unwrap()[0].measures,
            []
        );
    }

    #[test]
    fn parse_rejects_malformed_files() {
        let bad = [
            ("no header\n".to_owned(), 1, "header"),
            (row("\t\t\t"), 2, "no measures column"),
            (row("\t\t\t\t\textra"), 2, "more than 11"),
            (row("x\t\t\t\t"), 2, "fibre_g"),
            (row("-1\t\t\t\t"), 2, "fibre_g"),
            (row("\t\t\t\t1 cup"), 2, "without `=grams`"),
            (row("\t\t\t\t1 cup=0"), 2, "weighs"),
            (row("\t\t\t\t1 cup=1|"), 2, "without `=grams`"),
            (row("\t\t\t\t=1"), 2, "empty label"),
            (row("\t\t\t\ta\\tb=1"), 2, "bad escape"),
            (row("\t\t\t\t1 cup=NaN"), 2, "measure grams"),
            (
                format!("{HEADER}\n1001\tx\t1\t1\t1\t1\t\t\t\t\t\n"),
                2,
                "usda_id",
            ),
            (
                format!("{HEADER}\n01001\tx\t\t1\t1\t1\t\t\t\t\t\n"),
                2,
                "kcal is empty",
            ),
            (
                format!("{HEADER}\n\n01001\tx\t1\t1\t1\t1\t\t\t\t\t\n"),
                2,
                "empty line",
            ),
        ];
        for (text, line, expected) in bad {
            let e = parse(&text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(expected), "{text:?}: {e}");
        }
    }

    #[test]
    fn numbers_have_a_canonical_short_form() {
        let cases = [
            (24.0, "24"),
            (0.76, "0.76"),
            (0.003, "0.003"),
            (100.0, "100"),
            (0.0, "0"),
            (-0.0, "0"),
            (28.35, "28.35"),
            (0.0001, "0.0001"),
            (1234567.5, "1234567.5"),
            (0.1 + 0.2, "0.30000000000000004"),
        ];
        for (v, s) in cases {
            assert_eq!(format_number(v), s, "{v:?}");
            assert_eq!(s.parse::<f64>().unwrap(), v, "{s} reads back");
        }
    }

    #[test]
    fn separators_in_labels_are_escaped() {
        assert_eq!(escape_label("1 cup"), "1 cup");
        assert_eq!(
            escape_label(r"1 piece 5 pieces = serving | a\b"),
            r"1 piece 5 pieces \= serving \| a\\b"
        );
    }

    /// What `render` writes, `parse` reads back unchanged, and the other way.
    #[test]
    fn rendered_files_parse_back() {
        let foods = [
            FoodDef {
                usda_id: "01112".into(),
                name: "Whey, acid, fluid".into(),
                kcal: 24.0,
                protein_g: 0.76,
                fat_g: 0.09,
                carbs_g: 5.12,
                fibre_g: Some(0.0),
                sugars_g: Some(5.12),
                saturated_fat_g: Some(0.057),
                sodium_mg: Some(48.0),
                measures: vec![m("1 cup", 246.0), m("1 quart", 984.0)],
            },
            FoodDef {
                usda_id: "19135".into(),
                name: "Candies, \"1\" & more".into(),
                kcal: 0.1 + 0.2,
                protein_g: 0.0,
                fat_g: 0.0001,
                carbs_g: 100.0,
                fibre_g: None,
                sugars_g: None,
                saturated_fat_g: None,
                sodium_mg: None,
                measures: vec![m("1 piece = serving", 8.2), m(r"a|b\c=", 1.0)],
            },
            FoodDef {
                usda_id: "01171".into(),
                name: "Egg".into(),
                kcal: 1.0,
                protein_g: 2.0,
                fat_g: 3.0,
                carbs_g: 4.0,
                fibre_g: Some(5.0),
                sugars_g: None,
                saturated_fat_g: Some(6.0),
                sodium_mg: None,
                measures: vec![],
            },
        ];
        let text = render(&foods);
        assert_eq!(
            text,
            format!(
                "{HEADER}\n\
                 01112\tWhey, acid, fluid\t24\t0.76\t0.09\t5.12\t0\t5.12\t0.057\t48\t1 cup=246|1 quart=984\n\
                 19135\tCandies, \"1\" & more\t0.30000000000000004\t0\t0.0001\t100\t\t\t\t\t1 piece \\= serving=8.2|a\\|b\\\\c\\==1\n\
                 01171\tEgg\t1\t2\t3\t4\t5\t\t6\t\t\n"
            )
        );
        assert_eq!(parse(&text).unwrap(), foods);
        assert_eq!(render(&parse(&text).unwrap()), text);
        assert_eq!(render(&[]), format!("{HEADER}\n"));
    }
}
