//! Our own JSON export (`GET /export?format=json`), read back: its diary
//! (food and activity entries, weights, water, measurements) as rows. An
//! entry keeps the `source` written in the file, so that an export, an
//! import and a second export agree.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::{
    ActivityRow, FileError, FoodRow, MeasurementRow, Parsed, ParsedRow, RowData, WaterRow,
    WeightRow,
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

/// Reads the file as an export: a JSON object holding at least one of its
/// lists.
pub fn read(reader: &mut dyn BufRead) -> Result<Item, FileError> {
    let value: Value = serde_json::from_reader(reader)
        .map_err(|e| FileError::Unreadable(format!("not a NutriNube JSON export: {e}")))?;
    match value {
        Value::Object(export)
            if LISTS
                .iter()
                .any(|(l, _)| export.get(*l).is_some_and(Value::is_array)) =>
        {
            Ok(export)
        }
        _ => Err(FileError::Unreadable(
            "not a NutriNube JSON export: no food_entries, activity_entries, weights, \
             water_entries or measurements list"
                .to_owned(),
        )),
    }
}

/// The export's diary as rows. The `line` of a row is its place in its list
/// (1-based), prefixed by the list: food entries count from 1, activity
/// entries from 1,000,001, weights 2,000,001, water 3,000,001,
/// measurements 4,000,001.
pub fn diary(export: &Item) -> (Vec<SourcedRow>, Parsed) {
    let mut parsed = Parsed::default();
    let mut rows = Vec::new();
    for (list, base) in LISTS {
        let items = export
            .get(list)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            let line = base + i as u64 + 1;
            let Some(item) = item.as_object() else {
                parsed.skip(line, format!("{list}[{i}] is not an object"));
                continue;
            };
            let mut item = item.clone();
            for volatile in ["id", "created_at", "updated_at"] {
                item.remove(volatile);
            }
            let fingerprint = Value::Object(item.clone()).to_string();
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
                    for data in datas {
                        rows.push(SourcedRow {
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
                Err(reason) => parsed.skip(line, format!("{list}[{}]: {reason}", i)),
            }
        }
    }
    (rows, parsed)
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
