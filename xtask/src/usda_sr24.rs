//! Converter of the USDA National Nutrient Database for Standard Reference,
//! Release 24, as packaged in Debian's `cronometer` (`usda_sr24.jar`), into the
//! compact `data/usda-sr24/foods.tsv` that NutriNube embeds.
//!
//! The jar is a zip holding `usda_sr24/foods.index` (`NNNNN|name` lines, CRLF)
//! and one `usda_sr24/NNNNN.xml` per food:
//! `<food uid name …><measure amount name grams/>…<nutrient amount name/>…</food>`,
//! nutrients per 100 g, energy in kcal, sodium in mg. Only the foods listed in
//! `foods.index` are converted; the other XML files of the jar are the old
//! foods named in `deprecated.index`.
//!
//! Output (`data/usda-sr24/README.md` documents it for readers), encoded by
//! the app's own `foods.tsv` module (`src/domain/food_catalogue/tsv.rs`,
//! compiled in here as `foods_tsv`):
//! - one row per food sorted by USDA number;
//! - numbers in their shortest decimal form that reads back as the same `f64`
//!   (`24`, `0.76`, `0.003`; never an exponent, never `-0`); empty = unknown;
//! - names with their whitespace runs collapsed to one space and trimmed (so no
//!   tab or line break can appear); control characters are rejected;
//! - measure labels = amount + " " + name; an exact duplicate measure (same
//!   label, same grams) of a food is dropped.
//!
//! Energy, protein, fat and carbohydrate are required: a food that has none of
//! the four (SR24 has one, 23999 "Beef, ground beef calculator", a placeholder
//! without nutrients or measures) is left out and reported; a food that has only
//! some of them is an error. Fibre, sugars, saturated fat and sodium may be
//! missing: they are then written empty (unknown, not zero).

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::domain::nutrients::{Details, EXTRA_KEYS};
use crate::foods_tsv::{FoodDef, format_number, render};

/// The Debian package that ships the jar, and the version the committed file
/// was generated from.
pub const DEBIAN_PACKAGE: &str = "cronometer";
pub const DEBIAN_VERSION: &str = "0.9.9+dfsg1-1";
/// Where the package installs the jar (also its path inside the .deb).
pub const INSTALLED_JAR: &str = "/usr/share/cronometer/usda_sr24.jar";

const INDEX_ENTRY: &str = "usda_sr24/foods.index";

/// What one food XML file holds.
// A placeholder is rare and each value is short-lived: no point boxing the food.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    Food(FoodDef),
    /// A record with none of energy, protein, fat and carbohydrate.
    Placeholder {
        usda_id: String,
        name: String,
    },
}

/// The converted file and what went into it.
#[derive(Debug)]
pub struct Conversion {
    pub tsv: String,
    pub stats: Stats,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub foods: usize,
    pub measures: usize,
    pub foods_without_measures: usize,
    /// Exact duplicate measures dropped.
    pub duplicate_measures: usize,
    /// Foods left out for having no energy/protein/fat/carbohydrate: (id, name).
    pub placeholders: Vec<(String, String)>,
    pub unknown_fibre: usize,
    pub unknown_sugars: usize,
    pub unknown_saturated_fat: usize,
    pub unknown_sodium: usize,
}

/// Converts the jar at `jar`.
pub fn convert_jar(jar: &Path) -> Result<Conversion> {
    let file = File::open(jar).with_context(|| format!("cannot open {}", jar.display()))?;
    convert(BufReader::new(file)).with_context(|| format!("converting {}", jar.display()))
}

/// Converts a jar read from `reader`.
pub fn convert<R: Read + Seek>(reader: R) -> Result<Conversion> {
    let mut zip = zip::ZipArchive::new(reader).context("not a zip/jar file")?;
    let index = read_entry(&mut zip, INDEX_ENTRY)?;
    let ids = parse_index(&index).with_context(|| format!("in {INDEX_ENTRY}"))?;

    let mut stats = Stats::default();
    let mut foods = Vec::with_capacity(ids.len());
    for id in ids {
        let entry = format!("usda_sr24/{id}.xml");
        let xml = read_entry(&mut zip, &entry)?;
        let parsed = parse_food_xml(&xml).with_context(|| format!("in {entry}"))?;
        let uid = match &parsed {
            Parsed::Food(f) => &f.usda_id,
            Parsed::Placeholder { usda_id, .. } => usda_id,
        };
        ensure!(uid == &id, "{entry} has uid {uid:?}, the index says {id}");
        match parsed {
            Parsed::Food(mut food) => {
                stats.duplicate_measures += dedup_measures(&mut food.measures);
                foods.push(food);
            }
            Parsed::Placeholder { usda_id, name } => stats.placeholders.push((usda_id, name)),
        }
    }
    foods.sort_by(|a, b| a.usda_id.cmp(&b.usda_id));

    stats.foods = foods.len();
    for f in &foods {
        stats.measures += f.measures.len();
        stats.foods_without_measures += usize::from(f.measures.is_empty());
        stats.unknown_fibre += usize::from(f.details.get("fibre_g").is_none());
        stats.unknown_sugars += usize::from(f.details.get("sugars_g").is_none());
        stats.unknown_saturated_fat += usize::from(f.details.get("saturated_fat_g").is_none());
        stats.unknown_sodium += usize::from(f.details.get("sodium_mg").is_none());
    }
    Ok(Conversion {
        // SR24's file keeps its columns: the four extras, no micronutrients.
        tsv: render(&foods, &EXTRA_KEYS),
        stats,
    })
}

/// Downloads the pinned `cronometer` package with `apt-get download` into a
/// temporary directory, unpacks it with `dpkg-deb -x` and converts its jar.
pub fn fetch_and_convert() -> Result<Conversion> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let spec = format!("{DEBIAN_PACKAGE}={DEBIAN_VERSION}");
    run(Command::new("apt-get")
        .args(["download", &spec])
        .current_dir(dir.path()))
    .with_context(|| {
        format!(
            "`apt-get download {spec}` failed (Debian bookworm's package lists \
             needed: run `apt-get update` first)"
        )
    })?;
    let deb = only_deb_in(dir.path())?;
    let root = dir.path().join("root");
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&root))
        .with_context(|| format!("`dpkg-deb -x {}` failed", deb.display()))?;
    convert_jar(&root.join(INSTALLED_JAR.trim_start_matches('/')))
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot run {:?}", cmd.get_program()))?;
    ensure!(
        status.success(),
        "{:?} exited with {status}",
        cmd.get_program()
    );
    Ok(())
}

fn only_deb_in(dir: &Path) -> Result<PathBuf> {
    let mut debs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "deb") {
            debs.push(path);
        }
    }
    match debs.as_slice() {
        [deb] => Ok(deb.clone()),
        _ => bail!("expected one .deb in {}, found {debs:?}", dir.display()),
    }
}

fn read_entry<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<String> {
    let mut entry = zip
        .by_name(name)
        .with_context(|| format!("no {name} in the jar"))?;
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {name} as UTF-8"))?;
    Ok(text)
}

/// The USDA numbers listed in `foods.index`, in file order. Each must be five
/// ASCII digits and appear once.
pub fn parse_index(text: &str) -> Result<Vec<String>> {
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let Some((id, _name)) = line.split_once('|') else {
            bail!("line {}: no `|` in {line:?}", n + 1);
        };
        ensure!(is_usda_id(id), "line {}: bad USDA number {id:?}", n + 1);
        ensure!(seen.insert(id), "line {}: USDA number {id} repeated", n + 1);
        ids.push(id.to_owned());
    }
    Ok(ids)
}

fn is_usda_id(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses one food XML file.
pub fn parse_food_xml(xml: &str) -> Result<Parsed> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    let mut food: Option<(String, String)> = None;
    let mut measures = Vec::new();
    // kcal, protein, fat, carbs, fibre, sugars, saturated, sodium
    let mut values: [Option<f64>; 8] = [None; 8];

    loop {
        let event = reader
            .read_event()
            .with_context(|| format!("XML error at byte {}", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                element(&e, depth, &mut food, &mut measures, &mut values)?;
                depth += 1;
            }
            Event::Empty(e) => element(&e, depth, &mut food, &mut measures, &mut values)?,
            Event::End(_) => depth -= 1,
            Event::Text(t) if t.trim().is_empty() => {}
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                bail!("unexpected text at byte {}", reader.buffer_position())
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    ensure!(depth == 0, "unclosed element at end of file");
    let Some((usda_id, name)) = food else {
        bail!("no <food> element");
    };

    let [
        kcal,
        protein_g,
        fat_g,
        carbs_g,
        fibre_g,
        sugars_g,
        saturated_fat_g,
        sodium_mg,
    ] = values;
    match (kcal, protein_g, fat_g, carbs_g) {
        (Some(kcal), Some(protein_g), Some(fat_g), Some(carbs_g)) => Ok(Parsed::Food(FoodDef {
            usda_id,
            name,
            kcal,
            protein_g,
            fat_g,
            carbs_g,
            details: extras(fibre_g, sugars_g, saturated_fat_g, sodium_mg),
            measures,
        })),
        (None, None, None, None) => Ok(Parsed::Placeholder { usda_id, name }),
        _ => bail!(
            "food {usda_id} has only some of Energy, Protein, Fat and Carbs \
             (kcal {kcal:?}, protein {protein_g:?}, fat {fat_g:?}, carbs {carbs_g:?})"
        ),
    }
}

/// Details knowing the four extras SR24's jar gives, in `EXTRA_KEYS` order.
pub fn extras(
    fibre_g: Option<f64>,
    sugars_g: Option<f64>,
    saturated_fat_g: Option<f64>,
    sodium_mg: Option<f64>,
) -> Details {
    let mut details = Details::UNKNOWN;
    details.0[..EXTRA_KEYS.len()].copy_from_slice(&[fibre_g, sugars_g, saturated_fat_g, sodium_mg]);
    details
}

/// Handles an opening (or empty) element at `depth`.
fn element(
    e: &BytesStart<'_>,
    depth: usize,
    food: &mut Option<(String, String)>,
    measures: &mut Vec<(String, f64)>,
    values: &mut [Option<f64>; 8],
) -> Result<()> {
    let tag = e.name().0;
    let attrs = attributes(e)?;
    let get = |key: &str| -> Result<&str> {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .with_context(|| format!("<{tag}> without {key}=\"…\""))
    };
    match (depth, tag) {
        (0, "food") => {
            ensure!(food.is_none(), "a second <food> element");
            let uid = get("uid")?;
            ensure!(is_usda_id(uid), "bad uid {uid:?}");
            *food = Some((uid.to_owned(), clean_text(get("name")?, "food name")?));
        }
        (1, "measure") => {
            let name = clean_text(get("name")?, "measure name")?;
            ensure!(!name.is_empty(), "measure with an empty name");
            let amount = number(get("amount")?, "measure amount")?;
            ensure!(amount > 0.0, "measure amount {amount} is not positive");
            let grams = number(get("grams")?, "measure grams")?;
            ensure!(grams > 0.0, "measure {name:?} weighs {grams} g");
            measures.push((format!("{} {name}", format_number(amount)), grams));
        }
        (1, "nutrient") => {
            let name = get("name")?;
            let slot = match name {
                "Energy" => 0,
                "Protein" => 1,
                "Fat" => 2,
                "Carbs" => 3,
                "Fiber" => 4,
                "Sugars" => 5,
                "Saturated" => 6,
                "Sodium" => 7,
                _ => return Ok(()),
            };
            ensure!(values[slot].is_none(), "nutrient {name} given twice");
            let amount = number(get("amount")?, name)?;
            ensure!(amount >= 0.0, "nutrient {name} is negative: {amount}");
            values[slot] = Some(amount);
        }
        _ => bail!("unexpected <{tag}> at depth {depth}"),
    }
    Ok(())
}

/// The element's attributes, entities resolved and whitespace normalised as
/// XML requires.
fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>> {
    e.attributes()
        .map(|a| {
            let a = a?;
            let value = a.normalized_value(XmlVersion::Implicit1_0)?;
            Ok((a.key.0.to_owned(), value.into_owned()))
        })
        .collect::<Result<_>>()
        .with_context(|| format!("bad attributes in <{}>", e.name().0))
}

/// Whitespace runs collapsed to one space, trimmed; control characters
/// rejected.
pub fn clean_text(s: &str, what: &str) -> Result<String> {
    let cleaned = s.split_whitespace().collect::<Vec<_>>().join(" ");
    ensure!(
        !cleaned.chars().any(char::is_control),
        "{what} {s:?} has a control character"
    );
    Ok(cleaned)
}

/// A finite decimal number.
fn number(s: &str, what: &str) -> Result<f64> {
    let v: f64 = s
        .trim()
        .parse()
        .with_context(|| format!("{what}: {s:?} is not a number"))?;
    ensure!(v.is_finite(), "{what}: {s:?} is not finite");
    Ok(v)
}

/// Drops measures equal in label and grams to an earlier one; returns how
/// many.
pub fn dedup_measures(measures: &mut Vec<(String, f64)>) -> usize {
    let before = measures.len();
    let mut seen = HashSet::new();
    measures.retain(|(label, grams)| seen.insert((label.clone(), grams.to_bits())));
    before - measures.len()
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;
    use crate::foods_tsv::header;

    const WHEY: &str = r#"<food uid="01112" fcf="8.79" pcf="4.27" name="Whey, acid, fluid" ccf="3.87"><measure amount="1.0" name="cup" grams="246.0"/><measure amount="1.0" name="quart" grams="984.0"/><nutrient amount="24.0" name="Energy"/><nutrient amount="0.76" name="Protein"/><nutrient amount="5.12" name="Carbs"/><nutrient amount="0.0" name="Fiber"/><nutrient amount="5.12" name="Sugars"/><nutrient amount="0.09" name="Fat"/><nutrient amount="0.0" name="Alcohol"/><nutrient amount="48.0" name="Sodium"/><nutrient amount="0.43" name="Zinc"/><nutrient amount="0.057" name="Saturated"/><nutrient amount="0.0040" name="Polyunsaturated"/></food>"#;

    fn food(xml: &str) -> FoodDef {
        match parse_food_xml(xml).unwrap() {
            Parsed::Food(f) => f,
            other => panic!("not a food: {other:?}"),
        }
    }

    fn core(uid: &str, name: &str, extra: &str) -> String {
        format!(
            r#"<food uid="{uid}" name="{name}">{extra}<nutrient amount="100.0" name="Energy"/><nutrient amount="1.0" name="Protein"/><nutrient amount="2.0" name="Fat"/><nutrient amount="3.0" name="Carbs"/></food>"#
        )
    }

    fn err(xml: &str) -> String {
        format!("{:#}", parse_food_xml(xml).unwrap_err())
    }

    #[test]
    fn parses_the_whey_sample() {
        let f = food(WHEY);
        assert_eq!(
            f,
            FoodDef {
                usda_id: "01112".into(),
                name: "Whey, acid, fluid".into(),
                kcal: 24.0,
                protein_g: 0.76,
                fat_g: 0.09,
                carbs_g: 5.12,
                details: extras(Some(0.0), Some(5.12), Some(0.057), Some(48.0)),
                measures: vec![("1 cup".into(), 246.0), ("1 quart".into(), 984.0)],
            }
        );
        assert_eq!(
            render(&[f], &EXTRA_KEYS),
            format!(
                "{}\n01112\tWhey, acid, fluid\t24\t0.76\t0.09\t5.12\t0\t5.12\t0.057\t48\t1 cup=246|1 quart=984\n",
                header(&EXTRA_KEYS)
            )
        );
    }

    #[test]
    fn entities_in_names_are_decoded() {
        let xml = core(
            "19049",
            "Snacks, M&amp;M MARS, trimmed to 1/8&quot; fat &lt;raw&gt; caf&#233; &apos;n&apos;",
            r#"<measure amount="1.0" name="piece (1&quot; dia) &amp; more" grams="5.0"/>"#,
        );
        let f = food(&xml);
        assert_eq!(
            f.name,
            "Snacks, M&M MARS, trimmed to 1/8\" fat <raw> café 'n'"
        );
        assert_eq!(f.measures[0].0, "1 piece (1\" dia) & more");
    }

    #[test]
    fn missing_optional_nutrients_are_unknown_not_zero() {
        let f = food(&core("01001", "Butter", ""));
        assert_eq!(f.details, Details::UNKNOWN);
        assert_eq!(
            render(&[f], &EXTRA_KEYS),
            format!(
                "{}\n01001\tButter\t100\t1\t2\t3\t\t\t\t\t\n",
                header(&EXTRA_KEYS)
            )
        );
    }

    #[test]
    fn food_without_core_nutrients_is_a_placeholder() {
        let xml = r#"<food uid="23999" fcf="9.0" pcf="4.0" name="Beef, ground beef calculator - user selects lean/fat percentage" ccf="4.0"></food>"#;
        assert_eq!(
            parse_food_xml(xml).unwrap(),
            Parsed::Placeholder {
                usda_id: "23999".into(),
                name: "Beef, ground beef calculator - user selects lean/fat percentage".into()
            }
        );
        let empty = r#"<food uid="23999" name="x"/>"#;
        assert!(matches!(
            parse_food_xml(empty).unwrap(),
            Parsed::Placeholder { .. }
        ));
    }

    #[test]
    fn food_with_some_core_nutrients_missing_is_an_error() {
        let xml = r#"<food uid="01001" name="x"><nutrient amount="100.0" name="Energy"/><nutrient amount="1.0" name="Protein"/></food>"#;
        assert!(err(xml).contains("only some of"), "{}", err(xml));
    }

    #[test]
    fn measure_labels_join_amount_and_name() {
        let xml = core(
            "11282",
            "Onions, raw",
            r#"<measure amount="0.5" name="cup, chopped" grams="80.0"/><measure amount="1.0" name="cup" grams="160.0"/><measure amount="3.0" name="oz" grams="85.05"/><measure amount="0.333" name="cup" grams="53.3"/><measure amount="1.25" name="serving (NLEA serving = 1.25 cup)" grams="33.0"/>"#,
        );
        let labels = food(&xml).measures;
        assert_eq!(
            labels,
            [
                ("0.5 cup, chopped".to_owned(), 80.0),
                ("1 cup".to_owned(), 160.0),
                ("3 oz".to_owned(), 85.05),
                ("0.333 cup".to_owned(), 53.3),
                ("1.25 serving (NLEA serving = 1.25 cup)".to_owned(), 33.0),
            ]
        );
    }

    #[test]
    fn separators_in_labels_are_escaped() {
        let xml = core(
            "19135",
            "Candies",
            r#"<measure amount="1.0" name="piece miniature 5 pieces = serving" grams="8.2"/><measure amount="2.0" name="a|b\c" grams="1.0"/>"#,
        );
        let tsv = render(&[food(&xml)], &EXTRA_KEYS);
        let row = tsv.lines().nth(1).unwrap();
        assert_eq!(
            row.rsplit('\t').next().unwrap(),
            r"1 piece miniature 5 pieces \= serving=8.2|2 a\|b\\c=1"
        );
    }

    #[test]
    fn whitespace_in_names_is_collapsed() {
        let xml = core(
            "08626",
            " Cereals,  QUAKER,\tCAP&apos;N   CRUNCH ",
            r#"<measure amount="1.0" name="oz ( 1 serving  )" grams="28.35"/>"#,
        );
        let f = food(&xml);
        assert_eq!(f.name, "Cereals, QUAKER, CAP'N CRUNCH");
        assert_eq!(f.measures[0].0, "1 oz ( 1 serving )");
        let f = food(&core("01001", "a&#9;b&#10;c&#13;d", ""));
        assert_eq!(f.name, "a b c d");
        assert!(clean_text("a\u{7}b", "x").is_err());
    }

    /// `foods_tsv`'s tests cover the number form itself.
    #[test]
    fn numbers_are_written_in_their_short_form() {
        let xml = r#"<food uid="01112" name="w"><nutrient amount="24.0" name="Energy"/><nutrient amount="0.0030" name="Protein"/><nutrient amount="1.0E-4" name="Fat"/><nutrient amount="5.120" name="Carbs"/><measure amount="0.50" name="cup" grams="246.00"/></food>"#;
        let row = render(&[food(xml)], &EXTRA_KEYS);
        assert!(
            row.ends_with("\n01112\tw\t24\t0.003\t0.0001\t5.12\t\t\t\t\t0.5 cup=246\n"),
            "{row}"
        );
    }

    #[test]
    fn bad_values_are_rejected() {
        let bad = [
            (r#"<nutrient amount="NaN" name="Fiber"/>"#, "not finite"),
            (r#"<nutrient amount="inf" name="Fiber"/>"#, "not finite"),
            (r#"<nutrient amount="" name="Fiber"/>"#, "not a number"),
            (r#"<nutrient amount="-1.0" name="Fiber"/>"#, "negative"),
            (r#"<nutrient amount="1.0" name="Energy"/>"#, "given twice"),
            (
                r#"<measure amount="1.0" name="cup" grams="0.0"/>"#,
                "weighs",
            ),
            (
                r#"<measure amount="0.0" name="cup" grams="1.0"/>"#,
                "not positive",
            ),
            (
                r#"<measure amount="1.0" name=" " grams="1.0"/>"#,
                "empty name",
            ),
            (r#"<measure amount="1.0" grams="1.0"/>"#, "without name"),
            (r#"<portion/>"#, "unexpected <portion>"),
            (
                r#"<measure amount="1.0" name="cup" grams="1.0"><x/></measure>"#,
                "unexpected <x>",
            ),
            ("text", "unexpected text"),
        ];
        for (extra, expected) in bad {
            let e = err(&core("01001", "x", extra));
            assert!(e.contains(expected), "{extra}: {e}");
        }
        assert!(err(r#"<food uid="1112" name="x"/>"#).contains("bad uid"));
        assert!(
            err(r#"<food uid="01112" name="x"/><food uid="01113" name="y"/>"#).contains("second")
        );
        assert!(err(r#"<food uid="01112" name="x">"#).contains("unclosed"));
        let e = err(r#"<food uid="01112" name="a" name="b"/>"#);
        assert!(e.contains("bad attributes in <food>"), "{e}");
        let e = err(r#"<food uid="01112" name="a &bogus; b"/>"#);
        assert!(e.contains("bad attributes in <food>"), "{e}");
        assert!(err("<food uid='01112' name='x'></x>").contains("XML error"));
        assert!(err("").contains("no <food>"));
    }

    #[test]
    fn only_exact_duplicate_measures_are_dropped() {
        let m = |label: &str, grams| (label.to_owned(), grams);
        let mut ms = vec![
            m("1 jar", 170.0),
            m("1 bar", 21.0),
            m("1 jar", 170.0),
            m("1 bar", 25.0),
        ];
        assert_eq!(dedup_measures(&mut ms), 1);
        assert_eq!(ms, [m("1 jar", 170.0), m("1 bar", 21.0), m("1 bar", 25.0)]);
    }

    #[test]
    fn index_lines_are_checked() {
        assert_eq!(
            parse_index("01058|Sour dressing\r\n01001|Butter, salted\r\n").unwrap(),
            ["01058", "01001"]
        );
        assert!(parse_index("01001|a\r\n01001|b\r\n").is_err());
        assert!(parse_index("1001|a\n").is_err());
        assert!(parse_index("01001\n").is_err());
    }

    /// A jar made here: three foods out of order, one placeholder, one food
    /// file not in the index (deprecated) which must be ignored.
    #[test]
    fn converts_a_small_jar() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            let mut add = |name: &str, text: &str| {
                w.start_file(name, opts).unwrap();
                w.write_all(text.as_bytes()).unwrap();
            };
            add(
                INDEX_ENTRY,
                "01112|Whey, acid, fluid\r\n23999|Beef, ground beef calculator\r\n01001|Butter\r\n",
            );
            add("usda_sr24/01112.xml", WHEY);
            add(
                "usda_sr24/23999.xml",
                r#"<food uid="23999" name="Beef, ground beef calculator"></food>"#,
            );
            add(
                "usda_sr24/01001.xml",
                &core(
                    "01001",
                    "Butter",
                    r#"<measure amount="1.0" name="pat" grams="5.0"/><measure amount="1.0" name="pat" grams="5.0"/>"#,
                ),
            );
            add("usda_sr24/03266.xml", &core("03266", "Deprecated", ""));
            w.finish().unwrap();
        }
        buf.set_position(0);
        let c = convert(buf).unwrap();
        assert_eq!(
            c.tsv,
            format!(
                "{}\n\
                 01001\tButter\t100\t1\t2\t3\t\t\t\t\t1 pat=5\n\
                 01112\tWhey, acid, fluid\t24\t0.76\t0.09\t5.12\t0\t5.12\t0.057\t48\t1 cup=246|1 quart=984\n",
                header(&EXTRA_KEYS)
            )
        );
        assert_eq!((c.stats.foods, c.stats.measures), (2, 3));
        assert_eq!(c.stats.duplicate_measures, 1);
        assert_eq!(
            c.stats.placeholders,
            [(
                "23999".to_owned(),
                "Beef, ground beef calculator".to_owned()
            )]
        );
        assert_eq!(c.stats.unknown_fibre, 1);
    }

    #[test]
    fn uid_must_match_the_index() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            w.start_file(INDEX_ENTRY, opts).unwrap();
            w.write_all(b"01001|Butter\r\n").unwrap();
            w.start_file("usda_sr24/01001.xml", opts).unwrap();
            w.write_all(core("01002", "Butter", "").as_bytes()).unwrap();
            w.finish().unwrap();
        }
        buf.set_position(0);
        let e = format!("{:#}", convert(buf).unwrap_err());
        assert!(e.contains("uid"), "{e}");
    }

    /// Regenerates `data/usda-sr24/foods.tsv` from the real jar and compares it
    /// byte for byte with the committed file. The jar: `$USDA_SR24_JAR`, else the
    /// installed package's; skipped when absent unless
    /// `NUTRINUBE_TEST_REQUIRE_USDA=1`.
    #[test]
    fn committed_file_is_reproducible() {
        let jar = match std::env::var_os("USDA_SR24_JAR") {
            Some(p) => {
                let p = PathBuf::from(p);
                assert!(p.is_file(), "USDA_SR24_JAR={} is not a file", p.display());
                p
            }
            None => PathBuf::from(INSTALLED_JAR),
        };
        if !jar.is_file() {
            let required = std::env::var("NUTRINUBE_TEST_REQUIRE_USDA").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "NUTRINUBE_TEST_REQUIRE_USDA=1 but {} is missing: `apt-get download cronometer`, \
                 `dpkg-deb -x cronometer_*.deb DIR` and set \
                 USDA_SR24_JAR=DIR/usr/share/cronometer/usda_sr24.jar",
                jar.display()
            );
            // Straight to stderr: libtest captures `eprintln!`, and the note should
            // show in a normal `cargo test` run.
            let _ = writeln!(
                std::io::stderr(),
                "note: committed_file_is_reproducible skipped: no {} (set USDA_SR24_JAR)",
                jar.display()
            );
            return;
        }

        let conversion = convert_jar(&jar).unwrap();
        let tmp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(tmp.path(), conversion.tsv.as_bytes()).unwrap();
        let regenerated = std::fs::read(tmp.path()).unwrap();
        let committed_path = crate::workspace_root().join("data/usda-sr24/foods.tsv");
        let committed = std::fs::read(&committed_path).unwrap();
        if regenerated != committed {
            let line = regenerated
                .split(|&b| b == b'\n')
                .zip(committed.split(|&b| b == b'\n'))
                .position(|(a, b)| a != b)
                .map_or_else(
                    || "(one is a prefix of the other)".to_owned(),
                    |i| (i + 1).to_string(),
                );
            panic!(
                "{} differs from a conversion of {} ({} vs {} bytes; first different line: {line}); \
                 regenerate with `cargo run -p xtask -- usda-sr24 --jar {}`",
                committed_path.display(),
                jar.display(),
                committed.len(),
                regenerated.len(),
                jar.display()
            );
        }
    }
}
