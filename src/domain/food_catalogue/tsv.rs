//! The `foods.tsv` format, reader and writer in one place: the app parses the
//! bundled file with [`parse`], and `xtask` (the converter that writes it)
//! renders it with [`render`], so the two cannot drift apart. `xtask`
//! compiles this very file in through `#[path]`, hence std only and no
//! `crate::` path but `crate::domain::nutrients`, which xtask compiles in
//! at the same path. `data/usda-sr24/README.md` and
//! `data/usda-sr28/README.md` describe the format for readers.
//!
//! Columns: `usda_id`, `name`, `kcal`, `protein_g`, `fat_g`, `carbs_g`, then
//! detail columns named as `DETAIL_KEYS` (SR24's file has the four extras,
//! SR28's all 31), then `measures`. The reader goes by the header, so both
//! files read; a detail column a file lacks is unknown for all its foods.

use std::fmt;

use crate::domain::nutrients::{DETAIL_KEYS, Details};

/// The columns before the details, in order.
const LEADING: [&str; 6] = ["usda_id", "name", "kcal", "protein_g", "fat_g", "carbs_g"];
/// The last column.
const MEASURES: &str = "measures";

/// The header line (without its line end) of a file with these detail
/// columns, which come in the order of `DETAIL_KEYS`.
pub fn header(detail_keys: &[&str]) -> String {
    let mut columns: Vec<&str> = LEADING.to_vec();
    columns.extend(DETAIL_KEYS.iter().filter(|k| detail_keys.contains(k)));
    columns.push(MEASURES);
    columns.join("\t")
}

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
    /// Every detail amount; `None`: not given by the source (unknown, not zero).
    pub details: Details,
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

/// Where a column's value goes.
#[derive(Clone, Copy)]
enum Column {
    /// One of [`LEADING`], by position.
    Leading(usize),
    /// A detail, by its index in `DETAIL_KEYS`.
    Detail(usize),
    Measures,
}

/// The header's columns: every leading column and `measures` present, each
/// column known and named once.
fn read_header(line: &str) -> Result<Vec<Column>, String> {
    let mut columns = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for name in line.split('\t') {
        if seen.contains(&name) {
            return Err(format!("column {name:?} twice in the header"));
        }
        seen.push(name);
        columns.push(if let Some(i) = LEADING.iter().position(|c| *c == name) {
            Column::Leading(i)
        } else if let Some(i) = DETAIL_KEYS.iter().position(|c| *c == name) {
            Column::Detail(i)
        } else if name == MEASURES {
            Column::Measures
        } else {
            return Err(format!(
                "unknown column {name:?}: not the foods.tsv header line"
            ));
        });
    }
    for name in LEADING.iter().chain([&MEASURES]) {
        if !seen.contains(name) {
            return Err(format!("no {name} column: not the foods.tsv header line"));
        }
    }
    Ok(columns)
}

/// Parses the `foods.tsv` format: a header line naming the columns, then one
/// tab-separated row per food (no quoting); numbers as decimals, empty for
/// unknown (allowed in the detail columns only); `measures` as `label=grams`
/// joined by `|`, with `\\`, `\|` and `\=` standing for `\`, `|` and `=` in
/// a label.
pub fn parse(text: &str) -> Result<Vec<FoodDef>, ParseError> {
    // Every line ends with `\n`, the last one included.
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = text.split('\n').enumerate();
    let columns = match lines.next() {
        Some((_, line)) => read_header(line).map_err(|m| err(1, m))?,
        None => return Err(err(1, "not the foods.tsv header line")),
    };
    let mut foods = Vec::with_capacity(9000);
    for (i, line) in lines {
        if line.is_empty() {
            return Err(err(i + 1, "empty line"));
        }
        foods.push(parse_row(&columns, line).map_err(|m| err(i + 1, m))?);
    }
    Ok(foods)
}

fn err(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

fn parse_row(columns: &[Column], line: &str) -> Result<FoodDef, String> {
    let mut food = FoodDef {
        usda_id: String::new(),
        name: String::new(),
        kcal: 0.0,
        protein_g: 0.0,
        fat_g: 0.0,
        carbs_g: 0.0,
        details: Details::UNKNOWN,
        measures: Vec::new(),
    };
    let mut fields = line.split('\t');
    for column in columns {
        let field = fields
            .next()
            .ok_or_else(|| format!("no {} column", column_name(*column)))?;
        match *column {
            Column::Leading(0) => {
                if field.len() != 5 || !field.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("bad usda_id {field:?}"));
                }
                food.usda_id = field.to_owned();
            }
            Column::Leading(1) => {
                if field.trim().is_empty() {
                    return Err("empty name".into());
                }
                food.name = field.to_owned();
            }
            Column::Leading(i) => {
                let slot = match i {
                    2 => &mut food.kcal,
                    3 => &mut food.protein_g,
                    4 => &mut food.fat_g,
                    _ => &mut food.carbs_g,
                };
                *slot = required(field, LEADING[i])?;
            }
            Column::Detail(i) => food.details.0[i] = optional(field, DETAIL_KEYS[i])?,
            Column::Measures => food.measures = parse_measures(field)?,
        }
    }
    if fields.next().is_some() {
        return Err(format!("more than {} columns", columns.len()));
    }
    Ok(food)
}

fn column_name(column: Column) -> &'static str {
    match column {
        Column::Leading(i) => LEADING[i],
        Column::Detail(i) => DETAIL_KEYS[i],
        Column::Measures => MEASURES,
    }
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

/// The file of `foods` with these detail columns (SR24's: `EXTRA_KEYS`;
/// SR28's: all of `DETAIL_KEYS`), rows in the given order. Amounts of other
/// details are not written.
pub fn render(foods: &[FoodDef], detail_keys: &[&str]) -> String {
    let header = header(detail_keys);
    let written: Vec<usize> = (0..DETAIL_KEYS.len())
        .filter(|i| detail_keys.contains(&DETAIL_KEYS[*i]))
        .collect();
    let mut out = String::with_capacity((160 + 8 * written.len()) * foods.len() + header.len() + 1);
    out.push_str(&header);
    out.push('\n');
    for f in foods {
        let measures: Vec<String> = f
            .measures
            .iter()
            .map(|(label, grams)| format!("{}={}", escape_label(label), format_number(*grams)))
            .collect();
        let mut fields = vec![
            f.usda_id.clone(),
            f.name.clone(),
            format_number(f.kcal),
            format_number(f.protein_g),
            format_number(f.fat_g),
            format_number(f.carbs_g),
        ];
        fields.extend(written.iter().map(|i| format_optional(f.details.0[*i])));
        fields.push(measures.join("|"));
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
    use crate::domain::nutrients::EXTRA_KEYS;

    /// SR24's header: the four extras only.
    fn sr24_header() -> String {
        header(&EXTRA_KEYS)
    }

    /// Details knowing only the four extras.
    fn extras(
        fibre: Option<f64>,
        sugars: Option<f64>,
        saturated: Option<f64>,
        sodium: Option<f64>,
    ) -> Details {
        let mut d = Details::UNKNOWN;
        d.0[..4].copy_from_slice(&[fibre, sugars, saturated, sodium]);
        d
    }

    fn m(label: &str, grams: f64) -> (String, f64) {
        (label.to_owned(), grams)
    }

    fn row(rest: &str) -> String {
        let h = sr24_header();
        format!("{h}\n01001\tButter\t717\t0.85\t81.11\t0.06\t{rest}\n")
    }

    #[test]
    fn parse_reads_escapes_and_empty_fields() {
        let h = sr24_header();
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
                details: extras(None, None, None, None),
                measures: vec![m("a=b | c\\", 8.2), m("1 cup", 227.0)],
            }]
        );
        assert_eq!(parse(&format!("{h}\n")).unwrap(), []);
        assert_eq!(
            parse(&row("0\t0.06\t51.368\t714\t")).unwrap()[0].measures,
            []
        );
    }

    #[test]
    fn parse_rejects_malformed_files() {
        let h = sr24_header();
        let bad = [
            ("no header\n".to_owned(), 1, "header"),
            (
                h.replace("\tfibre_g", "\tfibre_g\tfibre_g") + "\n",
                1,
                "twice",
            ),
            (h.replace("\tkcal", "") + "\n", 1, "no kcal column"),
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
                format!("{h}\n1001\tx\t1\t1\t1\t1\t\t\t\t\t\n"),
                2,
                "usda_id",
            ),
            (
                format!("{h}\n01001\tx\t\t1\t1\t1\t\t\t\t\t\n"),
                2,
                "kcal is empty",
            ),
            (
                format!("{h}\n\n01001\tx\t1\t1\t1\t1\t\t\t\t\t\n"),
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
        let h = sr24_header();
        let foods = [
            FoodDef {
                usda_id: "01112".into(),
                name: "Whey, acid, fluid".into(),
                kcal: 24.0,
                protein_g: 0.76,
                fat_g: 0.09,
                carbs_g: 5.12,
                details: extras(Some(0.0), Some(5.12), Some(0.057), Some(48.0)),
                measures: vec![m("1 cup", 246.0), m("1 quart", 984.0)],
            },
            FoodDef {
                usda_id: "19135".into(),
                name: "Candies, \"1\" & more".into(),
                kcal: 0.1 + 0.2,
                protein_g: 0.0,
                fat_g: 0.0001,
                carbs_g: 100.0,
                details: extras(None, None, None, None),
                measures: vec![m("1 piece = serving", 8.2), m(r"a|b\c=", 1.0)],
            },
            FoodDef {
                usda_id: "01171".into(),
                name: "Egg".into(),
                kcal: 1.0,
                protein_g: 2.0,
                fat_g: 3.0,
                carbs_g: 4.0,
                details: extras(Some(5.0), None, Some(6.0), None),
                measures: vec![],
            },
        ];
        let text = render(&foods, &EXTRA_KEYS);
        assert_eq!(
            text,
            format!(
                "{h}\n\
                 01112\tWhey, acid, fluid\t24\t0.76\t0.09\t5.12\t0\t5.12\t0.057\t48\t1 cup=246|1 quart=984\n\
                 19135\tCandies, \"1\" & more\t0.30000000000000004\t0\t0.0001\t100\t\t\t\t\t1 piece \\= serving=8.2|a\\|b\\\\c\\==1\n\
                 01171\tEgg\t1\t2\t3\t4\t5\t\t6\t\t\n"
            )
        );
        assert_eq!(parse(&text).unwrap(), foods);
        assert_eq!(render(&parse(&text).unwrap(), &EXTRA_KEYS), text);
        assert_eq!(render(&[], &EXTRA_KEYS), format!("{h}\n"));
    }

    /// SR28's file: every detail column, read back by name; SR24's file
    /// reads too, its micronutrients unknown.
    #[test]
    fn files_with_every_detail_column_read_back() {
        let mut details = Details::UNKNOWN;
        details.set("fibre_g", Some(0.0));
        details.set("iron_mg", Some(0.02));
        details.set("vitamin_b12_ug", Some(0.17));
        details.set("water_g", Some(15.87));
        let butter = FoodDef {
            usda_id: "01001".into(),
            name: "Butter, salted".into(),
            kcal: 717.0,
            protein_g: 0.85,
            fat_g: 81.11,
            carbs_g: 0.06,
            details,
            measures: vec![m("1 pat", 5.0)],
        };
        let text = render(std::slice::from_ref(&butter), &DETAIL_KEYS);
        let (head, row) = text.split_once('\n').unwrap();
        assert_eq!(head.split('\t').count(), 6 + 31 + 1);
        assert!(head.starts_with("usda_id\tname\tkcal\tprotein_g\tfat_g\tcarbs_g\tfibre_g\t"));
        assert!(head.ends_with("\talcohol_g\twater_g\tmeasures"));
        assert_eq!(row.split('\t').count(), 38);
        assert_eq!(parse(&text).unwrap(), std::slice::from_ref(&butter));

        let sr24 = render(std::slice::from_ref(&butter), &EXTRA_KEYS);
        let read = parse(&sr24).unwrap();
        assert_eq!(read[0].details.get("fibre_g"), Some(0.0));
        assert_eq!(read[0].details.get("iron_mg"), None);

        // Columns are found by name, whatever their order.
        let swapped = "name\tusda_id\tkcal\tprotein_g\tfat_g\tcarbs_g\tmeasures\tiron_mg\nButter\t01001\t717\t1\t2\t3\t\t0.5\n";
        let read = parse(swapped).unwrap();
        assert_eq!(
            (read[0].usda_id.as_str(), read[0].details.get("iron_mg")),
            ("01001", Some(0.5))
        );
        let e = parse("usda_id\tname\tkcal\tprotein_g\tfat_g\tcarbs_g\tmeasures\tzinc_ug\n")
            .unwrap_err();
        assert!(e.message.contains("unknown column \"zinc_ug\""), "{e}");
    }
}
