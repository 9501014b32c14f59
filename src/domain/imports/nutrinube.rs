//! Our own JSON export (`GET /export?format=json`), read back: its diary
//! (food and activity entries, weights, water, measurements) as rows. An
//! entry keeps the `source` written in the file, so that an export, an
//! import and a second export agree.

use std::io::BufRead;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    ActivityRow, FileError, FoodRow, MeasurementRow, Parsed, ParsedRow, RowData, WaterRow,
    WeightRow,
};
use crate::domain::meal::Meal;
use crate::domain::measurements::Kind;
use crate::domain::nutrients::DETAIL_KEYS;

type Item = Map<String, Value>;

/// The lists of the export this reads; the rest of it is read elsewhere or
/// ignored.
#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    food_entries: Vec<Map<String, Value>>,
    #[serde(default)]
    activity_entries: Vec<Map<String, Value>>,
    #[serde(default)]
    weights: Vec<Map<String, Value>>,
    #[serde(default)]
    water_entries: Vec<Map<String, Value>>,
    #[serde(default)]
    measurements: Vec<Map<String, Value>>,
}

/// A row read, and the `source` it names (`None`: logged by hand).
pub struct SourcedRow {
    pub row: ParsedRow,
    pub source: Option<String>,
}

/// Reads the export's diary. The `line` of a row is its place in its list
/// (1-based), prefixed by the list: food entries count from 1, activity
/// entries from 1,000,001, weights 2,000,001, water 3,000,001,
/// measurements 4,000,001.
pub fn read(reader: &mut dyn BufRead) -> Result<(Vec<SourcedRow>, Parsed), FileError> {
    let export: Export = serde_json::from_reader(reader)
        .map_err(|e| FileError::Unreadable(format!("not a NutriNube JSON export: {e}")))?;
    let mut parsed = Parsed::default();
    let mut rows = Vec::new();
    let lists: [(&str, u64, Vec<Item>); 5] = [
        ("food_entries", 0, export.food_entries),
        ("activity_entries", 1_000_000, export.activity_entries),
        ("weights", 2_000_000, export.weights),
        ("water_entries", 3_000_000, export.water_entries),
        ("measurements", 4_000_000, export.measurements),
    ];
    for (list, base, items) in lists {
        for (i, mut item) in items.into_iter().enumerate() {
            let line = base + i as u64 + 1;
            for volatile in ["id", "created_at", "updated_at"] {
                item.remove(volatile);
            }
            let fingerprint = Value::Object(item.clone()).to_string();
            let source = item
                .get("source")
                .and_then(Value::as_str)
                .map(str::to_owned);
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
                        });
                    }
                }
                Err(reason) => parsed.skip(line, format!("{list}[{}]: {reason}", i)),
            }
        }
    }
    Ok((rows, parsed))
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
