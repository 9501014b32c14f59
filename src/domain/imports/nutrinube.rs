//! Our own JSON export (`GET /export?format=json`), read back: its diary
//! (food and activity entries, weights, water, measurements) as rows. An
//! entry keeps the `source` written in the file, so that an export, an
//! import and a second export agree.

use std::io::BufRead;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{
    ActivityRow, FileError, FoodRow, MAX_ROWS, MeasurementRow, Parsed, ParsedRow, RowData,
    WaterRow, WeightRow,
};
use crate::domain::meal::Meal;
use crate::domain::measurements::Kind;
use crate::domain::nutrients::DETAIL_KEYS;

type Item = Map<String, Value>;

/// A row read, the `source` it names (`None`: logged by hand) and, for a
/// food entry of a food, the food's id in the file and its grams.
pub struct SourcedRow {
    pub row: ParsedRow,
    pub source: Option<String>,
    pub food: Option<(i64, Option<f64>)>,
}

/// The lists of the diary, with the base of their rows' lines.
const LISTS: [(&str, u64); 5] = [
    ("food_entries", 0),
    ("activity_entries", 1_000_000),
    ("weights", 2_000_000),
    ("water_entries", 3_000_000),
    ("measurements", 4_000_000),
];

/// The export read: its account items (all but the diary) as JSON, and its
/// diary already as rows.
#[derive(Default)]
pub struct Export {
    pub items: Item,
    pub rows: Vec<SourcedRow>,
    pub parsed: Parsed,
}

/// Reads the file as an export: a JSON object holding at least one of its
/// lists. The diary's lists are read an item at a time and turned into rows
/// at once, so that a big file is never held as JSON values whole (they
/// take several times the file's size).
pub fn read(reader: &mut dyn BufRead) -> Result<Export, FileError> {
    let mut json = serde_json::Deserializer::from_reader(reader);
    let export = json
        .deserialize_map(ExportVisitor)
        .and_then(|export| json.end().map(|()| export))
        .map_err(|e| FileError::Unreadable(format!("not a NutriNube JSON export: {e}")))?;
    match export {
        Some(export) => Ok(export),
        None => Err(FileError::Unreadable(
            "not a NutriNube JSON export: no food_entries, activity_entries, weights, \
             water_entries or measurements list"
                .to_owned(),
        )),
    }
}

struct ExportVisitor;

impl<'de> Visitor<'de> for ExportVisitor {
    /// `None` when the object holds none of the diary's lists.
    type Value = Option<Export>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Export>, A::Error> {
        let mut export = Export::default();
        let mut lists = 0;
        while let Some(key) = map.next_key::<String>()? {
            match LISTS.iter().find(|(l, _)| *l == key) {
                Some(&(list, base)) => {
                    lists += 1;
                    map.next_value_seed(ListSeed {
                        list,
                        base,
                        export: &mut export,
                    })?;
                }
                None => {
                    let value: Value = map.next_value()?;
                    export.items.insert(key, value);
                }
            }
        }
        Ok((lists > 0).then_some(export))
    }
}

/// One of the diary's lists, read into the export's rows as it goes.
struct ListSeed<'a> {
    list: &'static str,
    base: u64,
    export: &'a mut Export,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} as a list", self.list)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut i = 0;
        while let Some(item) = seq.next_element::<Value>()? {
            diary_item(self.list, self.base, i, item, self.export);
            i += 1;
            if self.export.rows.len() > MAX_ROWS {
                return Err(S::Error::custom(format!(
                    "more than {MAX_ROWS} rows: import it in parts"
                )));
            }
        }
        Ok(())
    }
}

/// The `i`-th item of the diary's `list` as rows. The `line` of a row is
/// its place in its list (1-based), prefixed by the list: food entries
/// count from 1, activity entries from 1,000,001, weights 2,000,001, water
/// 3,000,001, measurements 4,000,001.
fn diary_item(list: &str, base: u64, i: usize, item: Value, export: &mut Export) {
    let line = base + i as u64 + 1;
    let Value::Object(mut item) = item else {
        export
            .parsed
            .skip(line, format!("{list}[{i}] is not an object"));
        return;
    };
    for volatile in ["id", "created_at", "updated_at"] {
        item.remove(volatile);
    }
    let source = item
        .get("source")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let food = item
        .get("food_id")
        .and_then(Value::as_i64)
        .map(|id| (id, item.get("quantity_g").and_then(Value::as_f64)));
    match row_of(list, &item) {
        Ok(datas) => {
            let fingerprint = Value::Object(item).to_string();
            for data in datas {
                export.rows.push(SourcedRow {
                    row: ParsedRow {
                        line,
                        fingerprint: fingerprint.clone(),
                        data,
                    },
                    source: source.clone(),
                    food,
                });
            }
        }
        Err(reason) => export.parsed.skip(line, format!("{list}[{i}]: {reason}")),
    }
}

fn text(item: &Map<String, Value>, field: &str) -> Result<String, String> {
    item.get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{field} is missing or not text"))
}

fn number(item: &Map<String, Value>, field: &str) -> Result<Option<f64>, String> {
    match item.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| format!("{field} is not a number")),
    }
}

fn required(item: &Map<String, Value>, field: &str) -> Result<f64, String> {
    number(item, field)?.ok_or_else(|| format!("{field} is missing"))
}

fn date(item: &Map<String, Value>) -> Result<chrono::NaiveDate, String> {
    let raw = text(item, "date")?;
    chrono::NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
        .map_err(|_| format!("date {raw:?} is not YYYY-MM-DD"))
}

fn row_of(list: &str, item: &Map<String, Value>) -> Result<Vec<RowData>, String> {
    let date = date(item)?;
    Ok(match list {
        "food_entries" => {
            let meal = text(item, "meal")?;
            let meal =
                Meal::parse(&meal).ok_or_else(|| format!("meal {meal:?} is not one of ours"))?;
            let mut details = Vec::new();
            // The four extras are members; the micronutrients an object.
            let micros = item.get("micronutrients").and_then(Value::as_object);
            for key in DETAIL_KEYS {
                let v = match number(item, key)? {
                    Some(v) => Some(v),
                    None => match micros.and_then(|m| m.get(key)) {
                        Some(Value::Null) | None => None,
                        Some(v) => {
                            Some(v.as_f64().ok_or_else(|| format!("{key} is not a number"))?)
                        }
                    },
                };
                if let Some(v) = v {
                    details.push((key, v));
                }
            }
            vec![RowData::Food(FoodRow {
                date,
                meal,
                name: text(item, "name")?,
                calories: required(item, "calories")?,
                protein_g: number(item, "protein_g")?,
                fat_g: number(item, "fat_g")?,
                carbs_g: number(item, "carbs_g")?,
                details,
            })]
        }
        "activity_entries" => vec![RowData::Activity(ActivityRow {
            date,
            name: text(item, "name")?,
            duration_min: number(item, "duration_min")?.map(|d| d as i64),
            kcal_burned: required(item, "kcal_burned")?,
        })],
        "weights" => vec![RowData::Weight(WeightRow {
            date,
            weight_kg: required(item, "weight_kg")?,
        })],
        "water_entries" => vec![RowData::Water(WaterRow {
            date,
            ml: required(item, "ml")?,
        })],
        _ => {
            let mut rows = Vec::new();
            for kind in Kind::ALL {
                if let Some(value) = number(item, kind.field())? {
                    rows.push(RowData::Measurement(MeasurementRow { date, kind, value }));
                }
            }
            rows
        }
    })
}
