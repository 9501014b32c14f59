//! The bundled food catalogue: the USDA National Nutrient Database for Standard
//! Reference, Release 24 (public domain), converted by
//! `cargo run -p xtask -- usda-sr24` into `data/usda-sr24/foods.tsv` (see
//! `data/usda-sr24/README.md` for the source and the format).

/// The catalogue's release tag.
pub const RELEASE: &str = "usda-sr24";

/// The catalogue file, compiled into the binary.
const BUNDLED_TSV: &str = include_str!("../../data/usda-sr24/foods.tsv");

/// The header line the file must start with.
const HEADER: &str = "usda_id\tname\tkcal\tprotein_g\tfat_g\tcarbs_g\tfibre_g\tsugars_g\tsaturated_fat_g\tsodium_mg\tmeasures";

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
#[derive(Debug, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// The bundled catalogue, sorted by USDA number.
///
/// Panics if `data/usda-sr24/foods.tsv` does not parse; the file is compiled in
/// and checked by this module's tests, so that would be a build defect.
pub fn bundled() -> Vec<FoodDef> {
    parse(BUNDLED_TSV)
        .unwrap_or_else(|e| panic!("data/usda-sr24/foods.tsv (compiled in) is malformed: {e}"))
}

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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn find(all: &[FoodDef], id: &str) -> FoodDef {
        all.iter()
            .find(|f| f.usda_id == id)
            .unwrap_or_else(|| panic!("food {id} missing"))
            .clone()
    }

    fn m(label: &str, grams: f64) -> (String, f64) {
        (label.to_owned(), grams)
    }

    #[test]
    fn bundled_has_at_least_7000_foods() {
        let n = bundled().len();
        assert!(n >= 7000, "only {n} foods");
        assert_eq!(RELEASE, "usda-sr24");
    }

    #[test]
    fn known_foods_have_their_usda_values() {
        let all = bundled();
        assert_eq!(
            find(&all, "01112"),
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
            }
        );
        let butter = find(&all, "01001");
        assert_eq!(butter.name, "Butter, salted");
        assert_eq!(
            (butter.kcal, butter.protein_g, butter.fat_g, butter.carbs_g),
            (717.0, 0.85, 81.11, 0.06)
        );
        assert_eq!(butter.saturated_fat_g, Some(51.368));
        assert_eq!(butter.sodium_mg, Some(714.0));
        assert!(
            butter
                .measures
                .contains(&m("1 pat (1\" sq, 1/3\" high)", 5.0))
        );

        let apple = find(&all, "09003");
        assert_eq!(apple.name, "Apples, raw, with skin");
        assert_eq!((apple.kcal, apple.fibre_g), (52.0, Some(2.4)));
        assert!(apple.measures.contains(&m("1 medium (3\" dia)", 182.0)));

        let broccoli = find(&all, "11090");
        assert!(
            broccoli
                .measures
                .contains(&m("0.5 cup, chopped or diced", 44.0))
        );
    }

    #[test]
    fn unknown_values_stay_unknown() {
        let all = bundled();
        // SR24 gives no sugars for wild Atlantic salmon.
        let salmon = find(&all, "15076");
        assert_eq!(salmon.sugars_g, None);
        assert_eq!(salmon.fibre_g, Some(0.0));
        let groundcherries = find(&all, "09138");
        assert_eq!(
            (
                groundcherries.fibre_g,
                groundcherries.sugars_g,
                groundcherries.saturated_fat_g,
                groundcherries.sodium_mg
            ),
            (None, None, None, None)
        );
        assert!(find(&all, "01171").measures.is_empty());
    }

    #[test]
    fn escaped_and_decoded_text_reads_back() {
        let all = bundled();
        let milky_way = find(&all, "19135");
        assert!(
            milky_way
                .measures
                .contains(&m("1 piece miniature 5 pieces = serving", 8.2))
        );
        assert_eq!(
            find(&all, "01197").name,
            "KRAFT BREYERS Smooth & Creamy Lowfat Strawberry Yogurt (1% Milkfat)"
        );
    }

    #[test]
    fn ids_are_unique_sorted_five_digit_strings() {
        let all = bundled();
        let mut seen = HashSet::new();
        for f in &all {
            assert!(seen.insert(f.usda_id.as_str()), "duplicate {}", f.usda_id);
        }
        assert!(all.windows(2).all(|w| w[0].usda_id < w[1].usda_id));
    }

    #[test]
    fn every_value_is_plausible() {
        for f in bundled() {
            assert_eq!(f.name, f.name.trim(), "{f:?}");
            assert!(!f.name.is_empty(), "{f:?}");
            assert!(f.kcal <= 902.0, "{f:?}");
            for g in [f.protein_g, f.fat_g, f.carbs_g]
                .into_iter()
                .chain(f.fibre_g)
                .chain(f.sugars_g)
                .chain(f.saturated_fat_g)
            {
                assert!((0.0..=100.0).contains(&g), "{f:?}");
            }
            for (label, grams) in &f.measures {
                assert!(*grams > 0.0 && grams.is_finite(), "{f:?}");
                assert!(!label.trim().is_empty(), "{f:?}");
            }
        }
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
}
