//! MyFitnessPal's export: `Nutrition-Summary*.csv` (a row per meal per day,
//! or per timed entry, no food names), `Exercise-Summary*.csv` and
//! `Measurement-Summary*.csv` (weights in a unit the file does not say).

use std::io::BufRead;

use super::cells::{self, header_name};
use super::meals;
use super::members::named;
use super::table::{NutrientColumn, NutrientColumns, Table, each};
use super::units::{self, WeightUnit};
use super::{ActivityRow, FileError, FoodRow, MeasurementRow, Options, Parsed, RowData, WeightRow};
use crate::domain::measurements::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    Nutrition,
    Exercise,
    Measurement,
}

impl File {
    /// By the member's name, or an unnamed upload by its header.
    pub fn of(base: Option<&str>, head: &str) -> Option<File> {
        if let Some(base) = base {
            let by_name = if named(Some(base), "Nutrition-Summary") {
                Some(File::Nutrition)
            } else if named(Some(base), "Exercise-Summary") {
                Some(File::Exercise)
            } else if named(Some(base), "Measurement-Summary") {
                Some(File::Measurement)
            } else {
                None
            };
            if by_name.is_some() || base.to_ascii_lowercase().ends_with(".csv") {
                return by_name;
            }
        }
        let header: Vec<String> = head.split(',').map(header_name).collect();
        let has = |n: &str| header.iter().any(|h| h == n);
        if !has("date") {
            None
        } else if has("meal") && has("calories") {
            Some(File::Nutrition)
        } else if has("exercise") && has("exercise calories") {
            Some(File::Exercise)
        } else if has("weight") && !has("meal") {
            Some(File::Measurement)
        } else {
            None
        }
    }
}

/// Nutrition-Summary's amounts that are amounts; its Vitamin A/C, Calcium
/// and Iron are % of a daily value, so are not among them.
const NUTRIENTS: &[NutrientColumn] = &[
    col(&["Saturated Fat", "Saturated Fat (g)"], "saturated_fat_g"),
    col(
        &["Polyunsaturated Fat", "Polyunsaturated Fat (g)"],
        "polyunsaturated_fat_g",
    ),
    col(
        &["Monounsaturated Fat", "Monounsaturated Fat (g)"],
        "monounsaturated_fat_g",
    ),
    col(&["Trans Fat", "Trans Fat (g)"], "trans_fat_g"),
    col(&["Cholesterol", "Cholesterol (mg)"], "cholesterol_mg"),
    col(&["Sodium (mg)", "Sodium"], "sodium_mg"),
    col(&["Potassium", "Potassium (mg)"], "potassium_mg"),
    col(&["Fiber", "Fiber (g)"], "fibre_g"),
    col(&["Sugar", "Sugar (g)"], "sugars_g"),
];

const fn col(names: &'static [&'static str], key: &'static str) -> NutrientColumn {
    NutrientColumn {
        names,
        key,
        factor: 1.0,
    }
}

pub fn read(file: File, reader: &mut dyn BufRead, options: Options) -> Result<Parsed, FileError> {
    let mut table = Table::open(reader)?;
    let mut parsed = Parsed::default();
    match file {
        File::Nutrition => nutrition(&mut table, &mut parsed)?,
        File::Exercise => exercise(&mut table, &mut parsed)?,
        File::Measurement => measurement(&mut table, &mut parsed, options)?,
    }
    Ok(parsed)
}

fn nutrition(table: &mut Table, parsed: &mut Parsed) -> Result<(), FileError> {
    let what = "Nutrition-Summary";
    let date = table.required(&["Date"], what)?;
    let meal = table.required(&["Meal"], what)?;
    let calories = table.required(&["Calories"], what)?;
    let (fat, carbs, protein) = (
        table.column(&["Fat (g)", "Fat"]),
        table.column(&["Carbohydrates (g)", "Carbohydrates"]),
        table.column(&["Protein (g)", "Protein"]),
    );
    let details = NutrientColumns::find(table, NUTRIENTS);
    each(table, parsed, |r| {
        let day = cells::date(r.get(Some(date)))?;
        let meal_name = r.get(Some(meal));
        let calories = cells::number(r.get(Some(calories)))?.ok_or("no calories are given")?;
        let (our_meal, _) = meals::map(meal_name);
        let meal_label = if meal_name.is_empty() {
            "Food"
        } else {
            meal_name
        };
        Ok(vec![RowData::Food(FoodRow {
            date: day,
            meal: our_meal,
            name: format!("MyFitnessPal: {meal_label}"),
            calories,
            protein_g: cells::number(r.get(protein))?,
            fat_g: cells::number(r.get(fat))?,
            carbs_g: cells::number(r.get(carbs))?,
            details: details.read(r)?,
        })])
    })
}

fn exercise(table: &mut Table, parsed: &mut Parsed) -> Result<(), FileError> {
    let what = "Exercise-Summary";
    let date = table.required(&["Date"], what)?;
    let name = table.required(&["Exercise"], what)?;
    let calories = table.required(&["Exercise Calories", "Calories"], what)?;
    let minutes = table.column(&["Exercise Minutes", "Minutes"]);
    each(table, parsed, |r| {
        let day = cells::date(r.get(Some(date)))?;
        let name = r.get(Some(name));
        if name.to_lowercase().contains("calorie adjustment") {
            return Err(format!(
                "\"{}\" is a calorie adjustment from another tracker, not an activity",
                cells::shorten(name)
            ));
        }
        if name.is_empty() {
            return Err("the exercise has no name".to_owned());
        }
        let kcal = cells::number(r.get(Some(calories)))?.ok_or("no calories burned are given")?;
        let duration_min = cells::number(r.get(minutes))?.map(|m| m.round() as i64);
        Ok(vec![RowData::Activity(ActivityRow {
            date: day,
            name: name.to_owned(),
            duration_min,
            kcal_burned: kcal.abs(),
        })])
    })
}

/// Lengths are in inches when weights are in pounds: MyFitnessPal pairs
/// its units so (pounds and inches, or kilograms and centimetres).
fn measurement(table: &mut Table, parsed: &mut Parsed, options: Options) -> Result<(), FileError> {
    let what = "Measurement-Summary";
    let date = table.required(&["Date"], what)?;
    let weight = table.column(&["Weight"]);
    let kinds: Vec<(usize, Kind)> = table
        .header()
        .iter()
        .enumerate()
        .filter_map(|(i, h)| measurement_kind(h).map(|k| (i, k)))
        .collect();
    let mut ignored_columns: Vec<String> = table
        .header()
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            Some(*i) != weight && *i != date && !kinds.iter().any(|(k, _)| k == i) && !h.is_empty()
        })
        .map(|(_, h)| h.clone())
        .collect();
    let unit = options.weight_unit;
    let mut needs_unit = false;
    each(table, parsed, |r| {
        let day = cells::date(r.get(Some(date)))?;
        let mut rows = Vec::new();
        if let Some(w) = cells::number(r.get(weight))? {
            let Some(unit) = unit else {
                needs_unit = true;
                return Ok(rows);
            };
            rows.push(RowData::Weight(WeightRow {
                date: day,
                weight_kg: unit.to_kg(w),
            }));
        }
        for (i, kind) in &kinds {
            let Some(v) = cells::number(r.get(Some(*i)))? else {
                continue;
            };
            let value = if *kind == Kind::BodyFat {
                v
            } else {
                match unit {
                    Some(WeightUnit::Lb) => units::cm(v, "in").unwrap_or(v),
                    Some(WeightUnit::Kg) => v,
                    None => {
                        needs_unit = true;
                        return Ok(rows);
                    }
                }
            };
            rows.push(RowData::Measurement(MeasurementRow {
                date: day,
                kind: *kind,
                value,
            }));
        }
        if rows.is_empty() {
            return Err("the row holds no weight and no known measurement".to_owned());
        }
        Ok(rows)
    })?;
    if needs_unit {
        return Err(FileError::WeightUnitNeeded);
    }
    for column in ignored_columns.drain(..) {
        parsed.ignore(&format!("Measurement-Summary column \"{column}\""));
    }
    Ok(())
}

/// A measurement column's kind: MyFitnessPal's names are the user's own,
/// so only the plain ones are known.
fn measurement_kind(header: &str) -> Option<Kind> {
    let h = header.trim_end_matches(['s']);
    Some(match h {
        "waist" => Kind::Waist,
        "hip" => Kind::Hips,
        "chest" => Kind::Chest,
        "neck" => Kind::Neck,
        "thigh" => Kind::Thigh,
        "arm" | "bicep" | "upper arm" => Kind::Arm,
        "body fat" | "body fat %" | "body fat (%)" | "bodyfat" => Kind::BodyFat,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meal::Meal;

    fn parse(file: File, csv: &str, unit: Option<WeightUnit>) -> Result<Parsed, FileError> {
        let mut bytes = csv.as_bytes();
        read(file, &mut bytes, Options { weight_unit: unit })
    }

    #[test]
    fn files_are_told_by_name_or_header() {
        assert_eq!(
            File::of(Some("Nutrition-Summary-2024-01-01-to-2024-02-01.csv"), ""),
            Some(File::Nutrition)
        );
        assert_eq!(
            File::of(Some("Exercise-Summary-x.CSV"), ""),
            Some(File::Exercise)
        );
        assert_eq!(File::of(Some("Other.csv"), "Date,Meal,Calories"), None);
        assert_eq!(
            File::of(None, "\u{feff}Date,Exercise,Type,Exercise Calories"),
            Some(File::Exercise)
        );
        assert_eq!(File::of(None, "Date,Weight,Waist"), Some(File::Measurement));
        assert_eq!(File::of(None, "{\"json\":1}"), None);
    }

    #[test]
    fn nutrition_rows_are_meals_without_the_daily_value_percentages() {
        let csv = "Date,Meal,Time,Calories,Fat (g),Saturated Fat,Polyunsaturated Fat,Monounsaturated Fat,Trans Fat,Cholesterol,Sodium (mg),Potassium,Carbohydrates (g),Fiber,Sugar,Protein (g),Vitamin A,Vitamin C,Calcium,Iron,Note\r\n\
2024-01-02,Breakfast,8:05 AM,\"1,012\",20.5,5,,,,30,800,,120,6,30,40,10,25,15,20,\r\n\
2024-01-02,Meal 2 12pm,,300,10,,,,,,,,30,,,20,,,,,\r\n\
2024-01-03,Lunch,,lots,10,,,,,,,,30,,,20,,,,,\r\n";
        let p = parse(File::Nutrition, csv, None).unwrap();
        assert_eq!(p.rows.len(), 2);
        let RowData::Food(f) = &p.rows[0].data else {
            panic!()
        };
        assert_eq!(f.name, "MyFitnessPal: Breakfast");
        assert_eq!(f.meal, Meal::Breakfast);
        assert_eq!(f.calories, 1012.0);
        assert_eq!(f.protein_g, Some(40.0));
        assert!(f.details.contains(&("sodium_mg", 800.0)));
        assert!(f.details.contains(&("cholesterol_mg", 30.0)));
        assert!(
            !f.details
                .iter()
                .any(|(k, _)| k.starts_with("vitamin") || *k == "calcium_mg" || *k == "iron_mg")
        );
        assert!(
            !f.details.iter().any(|(k, _)| *k == "potassium_mg"),
            "blank is unknown"
        );
        let RowData::Food(f) = &p.rows[1].data else {
            panic!()
        };
        assert_eq!(
            (f.meal, f.name.as_str()),
            (Meal::Snack, "MyFitnessPal: Meal 2 12pm")
        );
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].line, 4);
        assert!(p.skipped[0].reason.contains("\"lots\" is not a number"));
    }

    #[test]
    fn exercise_adjustments_are_skipped_and_burned_calories_kept_positive() {
        let csv = "Date,Exercise,Type,Exercise Calories,Exercise Minutes,Sets,Reps Per Set,Kilograms,Steps,Note\n\
2024-01-02,\"Running (jogging), general\",Cardiovascular,-300,30,,,,,\n\
2024-01-02,MFP iOS calorie adjustment,Cardiovascular,120,,,,,,\n\
2024-01-03,Walking,Cardiovascular,150,,,,,,\n";
        let p = parse(File::Exercise, csv, None).unwrap();
        assert_eq!(p.rows.len(), 2);
        let RowData::Activity(a) = &p.rows[0].data else {
            panic!()
        };
        assert_eq!(
            (a.name.as_str(), a.kcal_burned, a.duration_min),
            ("Running (jogging), general", 300.0, Some(30))
        );
        let RowData::Activity(a) = &p.rows[1].data else {
            panic!()
        };
        assert_eq!(a.duration_min, None);
        assert_eq!(p.skipped[0].line, 3);
        assert!(p.skipped[0].reason.contains("calorie adjustment"));
    }

    #[test]
    fn weights_need_their_unit_and_lengths_follow_it() {
        let csv =
            "Date,Weight,Waist,Body Fat %,Mood\n2024-01-02,180.0,34,22.5,ok\n2024-01-03,,,,\n";
        assert_eq!(
            parse(File::Measurement, csv, None),
            Err(FileError::WeightUnitNeeded)
        );
        let p = parse(File::Measurement, csv, Some(WeightUnit::Lb)).unwrap();
        assert_eq!(p.rows.len(), 3);
        let RowData::Weight(w) = &p.rows[0].data else {
            panic!()
        };
        assert!((w.weight_kg - 81.646_627).abs() < 1e-5);
        let RowData::Measurement(m) = &p.rows[1].data else {
            panic!()
        };
        assert_eq!((m.kind, m.value), (Kind::Waist, 34.0 * 2.54));
        let RowData::Measurement(m) = &p.rows[2].data else {
            panic!()
        };
        assert_eq!((m.kind, m.value), (Kind::BodyFat, 22.5));
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(
            p.ignored.get("Measurement-Summary column \"mood\""),
            Some(&1)
        );
    }
}
