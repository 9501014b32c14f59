//! Cronometer's exports: `servings.csv` (food entries with every nutrient
//! column of ours it has), `exercises.csv` and `biometrics.csv`.

use std::io::BufRead;

use super::cells::{self, header_name};
use super::meals;
use super::members::named;
use super::table::{NutrientColumn, NutrientColumns, Table, each};
use super::units::{self, WeightUnit};
use super::{ActivityRow, FileError, FoodRow, MeasurementRow, Parsed, RowData, WeightRow};
use crate::domain::measurements::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    Servings,
    Exercises,
    Biometrics,
}

impl File {
    /// By the member's name (`servings.csv`, `dailySummary`'s are not
    /// ours), or an unnamed upload by its header.
    pub fn of(base: Option<&str>, head: &str) -> Option<File> {
        if let Some(base) = base
            && base.to_ascii_lowercase().ends_with(".csv")
        {
            return [
                ("servings", File::Servings),
                ("exercises", File::Exercises),
                ("biometrics", File::Biometrics),
            ]
            .into_iter()
            .find(|(prefix, _)| named(Some(base), prefix))
            .map(|(_, f)| f);
        }
        let header: Vec<String> = head.split(',').map(header_name).collect();
        let has = |n: &str| header.iter().any(|h| h == n);
        if !has("day") {
            None
        } else if has("food name") {
            Some(File::Servings)
        } else if has("exercise") && has("calories burned") {
            Some(File::Exercises)
        } else if has("metric") && has("amount") {
            Some(File::Biometrics)
        } else {
            None
        }
    }
}

const fn col(names: &'static [&'static str], key: &'static str, factor: f64) -> NutrientColumn {
    NutrientColumn { names, key, factor }
}

/// µg of vitamin D in one IU.
const VITAMIN_D_UG_PER_IU: f64 = 0.025;

/// servings.csv's columns that are ours. Vitamin A in IU is left out: its
/// µg RAE depend on the source (retinol or carotenoids).
const NUTRIENTS: &[NutrientColumn] = &[
    col(&["Fiber (g)"], "fibre_g", 1.0),
    col(&["Sugars (g)"], "sugars_g", 1.0),
    col(&["Saturated (g)"], "saturated_fat_g", 1.0),
    col(&["Sodium (mg)"], "sodium_mg", 1.0),
    col(&["Monounsaturated (g)"], "monounsaturated_fat_g", 1.0),
    col(&["Polyunsaturated (g)"], "polyunsaturated_fat_g", 1.0),
    col(&["Trans-Fats (g)", "Trans Fats (g)"], "trans_fat_g", 1.0),
    col(&["Cholesterol (mg)"], "cholesterol_mg", 1.0),
    col(&["Potassium (mg)"], "potassium_mg", 1.0),
    col(&["Calcium (mg)"], "calcium_mg", 1.0),
    col(&["Iron (mg)"], "iron_mg", 1.0),
    col(&["Magnesium (mg)"], "magnesium_mg", 1.0),
    col(&["Phosphorus (mg)"], "phosphorus_mg", 1.0),
    col(&["Zinc (mg)"], "zinc_mg", 1.0),
    col(&["Copper (mg)"], "copper_mg", 1.0),
    col(&["Selenium (µg)", "Selenium (ug)"], "selenium_ug", 1.0),
    col(&["Vitamin A (µg)", "Vitamin A (ug)"], "vitamin_a_ug", 1.0),
    col(&["Vitamin C (mg)"], "vitamin_c_mg", 1.0),
    col(&["Vitamin D (µg)", "Vitamin D (ug)"], "vitamin_d_ug", 1.0),
    col(&["Vitamin D (IU)"], "vitamin_d_ug", VITAMIN_D_UG_PER_IU),
    col(&["Vitamin E (mg)"], "vitamin_e_mg", 1.0),
    col(&["Vitamin K (µg)", "Vitamin K (ug)"], "vitamin_k_ug", 1.0),
    col(&["B1 (Thiamine) (mg)", "Thiamine (mg)"], "thiamin_mg", 1.0),
    col(
        &["B2 (Riboflavin) (mg)", "Riboflavin (mg)"],
        "riboflavin_mg",
        1.0,
    ),
    col(&["B3 (Niacin) (mg)", "Niacin (mg)"], "niacin_mg", 1.0),
    col(
        &["B6 (Pyridoxine) (mg)", "Vitamin B6 (mg)"],
        "vitamin_b6_mg",
        1.0,
    ),
    col(&["Folate (µg)", "Folate (ug)"], "folate_ug", 1.0),
    col(
        &[
            "B12 (Cobalamin) (µg)",
            "B12 (Cobalamin) (ug)",
            "Vitamin B12 (µg)",
        ],
        "vitamin_b12_ug",
        1.0,
    ),
    col(&["Choline (mg)"], "choline_mg", 1.0),
    col(&["Caffeine (mg)"], "caffeine_mg", 1.0),
    col(&["Alcohol (g)"], "alcohol_g", 1.0),
    col(&["Water (g)"], "water_g", 1.0),
];

pub fn read(file: File, reader: &mut dyn BufRead) -> Result<Parsed, FileError> {
    let mut table = Table::open(reader)?;
    let mut parsed = Parsed::default();
    match file {
        File::Servings => servings(&mut table, &mut parsed)?,
        File::Exercises => exercises(&mut table, &mut parsed)?,
        File::Biometrics => biometrics(&mut table, &mut parsed)?,
    }
    Ok(parsed)
}

fn servings(table: &mut Table, parsed: &mut Parsed) -> Result<(), FileError> {
    let what = "servings.csv";
    let day = table.required(&["Day", "Date"], what)?;
    let name = table.required(&["Food Name"], what)?;
    let (energy, energy_unit) = match table.column(&["Energy (kcal)"]) {
        Some(c) => (c, "kcal"),
        None => (
            table.required(&["Energy (kcal)", "Energy (kJ)"], what)?,
            "kJ",
        ),
    };
    let group = table.column(&["Group", "Meal"]);
    let amount = table.column(&["Amount"]);
    let (protein, fat, carbs) = (
        table.column(&["Protein (g)"]),
        table.column(&["Fat (g)"]),
        table.column(&["Carbs (g)", "Carbohydrates (g)"]),
    );
    let details = NutrientColumns::find(table, NUTRIENTS);
    each(table, parsed, |r| {
        let date = cells::date(r.get(Some(day)))?;
        let food = r.get(Some(name));
        if food.is_empty() {
            return Err("the serving has no food name".to_owned());
        }
        let energy = cells::number(r.get(Some(energy)))?.ok_or("no energy is given")?;
        let calories = units::kcal(energy, energy_unit).unwrap_or(energy);
        let amount = r.get(amount);
        let food = if amount.is_empty() {
            food.to_owned()
        } else {
            format!("{food} ({amount})")
        };
        let group = r.get(group);
        let (meal, _) = meals::map(group);
        Ok(vec![RowData::Food(FoodRow {
            date,
            meal,
            name: meals::entry_name(group, &food),
            calories,
            protein_g: cells::number(r.get(protein))?,
            fat_g: cells::number(r.get(fat))?,
            carbs_g: cells::number(r.get(carbs))?,
            details: details.read(r)?,
        })])
    })
}

fn exercises(table: &mut Table, parsed: &mut Parsed) -> Result<(), FileError> {
    let what = "exercises.csv";
    let day = table.required(&["Day", "Date"], what)?;
    let name = table.required(&["Exercise"], what)?;
    let burned = table.required(&["Calories Burned"], what)?;
    let minutes = table.column(&["Minutes"]);
    each(table, parsed, |r| {
        let date = cells::date(r.get(Some(day)))?;
        let name = r.get(Some(name));
        if name.is_empty() {
            return Err("the exercise has no name".to_owned());
        }
        // Cronometer writes burned calories as negative energy.
        let kcal = cells::number(r.get(Some(burned)))?.ok_or("no calories burned are given")?;
        Ok(vec![RowData::Activity(ActivityRow {
            date,
            name: name.to_owned(),
            duration_min: cells::number(r.get(minutes))?.map(|m| m.round() as i64),
            kcal_burned: kcal.abs(),
        })])
    })
}

fn biometrics(table: &mut Table, parsed: &mut Parsed) -> Result<(), FileError> {
    let what = "biometrics.csv";
    let day = table.required(&["Day", "Date"], what)?;
    let metric = table.required(&["Metric"], what)?;
    let amount = table.required(&["Amount"], what)?;
    let unit = table.column(&["Unit"]);
    each(table, parsed, |r| {
        let date = cells::date(r.get(Some(day)))?;
        let metric = r.get(Some(metric));
        let unit = r.get(unit);
        let value = cells::number(r.get(Some(amount)))?.ok_or("no amount is given")?;
        let data = match header_name(metric).as_str() {
            "weight" | "body weight" => {
                let unit = WeightUnit::parse(unit).ok_or_else(|| {
                    format!("\"{}\" is not a unit of weight", cells::shorten(unit))
                })?;
                RowData::Weight(WeightRow {
                    date,
                    weight_kg: unit.to_kg(value),
                })
            }
            "body fat" | "body fat %" | "body fat percentage" => {
                RowData::Measurement(MeasurementRow {
                    date,
                    kind: Kind::BodyFat,
                    value,
                })
            }
            name => {
                let kind = match name {
                    "waist" | "waist size" => Kind::Waist,
                    "hips" | "hip" => Kind::Hips,
                    "chest" => Kind::Chest,
                    "neck" => Kind::Neck,
                    "thigh" => Kind::Thigh,
                    "arm" | "bicep" | "biceps" => Kind::Arm,
                    _ => {
                        return Err(format!(
                            "the metric \"{}\" is not one NutriNube keeps",
                            cells::shorten(metric)
                        ));
                    }
                };
                let cm = units::cm(value, unit).ok_or_else(|| {
                    format!("\"{}\" is not a unit of length", cells::shorten(unit))
                })?;
                RowData::Measurement(MeasurementRow {
                    date,
                    kind,
                    value: cm,
                })
            }
        };
        Ok(vec![data])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meal::Meal;

    fn parse(file: File, csv: &str) -> Parsed {
        let mut bytes = csv.as_bytes();
        read(file, &mut bytes).unwrap()
    }

    #[test]
    fn files_are_told_by_name_or_header() {
        assert_eq!(File::of(Some("servings.csv"), ""), Some(File::Servings));
        assert_eq!(
            File::of(Some("cronometer/biometrics.csv"), ""),
            None,
            "a base name is given"
        );
        assert_eq!(
            File::of(Some("dailySummary.csv"), "Date,Energy (kcal)"),
            None
        );
        assert_eq!(
            File::of(None, "Day,Time,Group,Food Name,Amount"),
            Some(File::Servings)
        );
        assert_eq!(
            File::of(None, "Day,Time,Exercise,Minutes,Calories Burned"),
            Some(File::Exercises)
        );
        assert_eq!(
            File::of(None, "Day,Metric,Unit,Amount"),
            Some(File::Biometrics)
        );
    }

    #[test]
    fn servings_keep_the_amount_the_group_and_every_nutrient_of_ours() {
        let csv = "\u{feff}Day,Time,Group,Food Name,Amount,Energy (kcal),Caffeine (mg),B12 (Cobalamin) (µg),Vitamin D (IU),Vitamin A (IU),Carbs (g),Fat (g),Protein (g),Category\r\n\
2024-01-02,08:05,Breakfast,\"Bananas, raw\",4.00 medium,420.0,,0.0,40,300,108,1.6,5.2,Fruits\r\n\
2024-01-02,,Uncategorized,Coffee,1 cup,2.4,95,,,,0,0,0.3,Beverages\r\n";
        let p = parse(File::Servings, csv);
        assert_eq!(p.rows.len(), 2);
        let RowData::Food(f) = &p.rows[0].data else {
            panic!()
        };
        assert_eq!(
            (f.name.as_str(), f.meal),
            ("Bananas, raw (4.00 medium)", Meal::Breakfast)
        );
        assert_eq!(
            (f.calories, f.carbs_g, f.fat_g, f.protein_g),
            (420.0, Some(108.0), Some(1.6), Some(5.2))
        );
        assert!(f.details.contains(&("vitamin_b12_ug", 0.0)), "0 is known");
        assert!(f.details.contains(&("vitamin_d_ug", 1.0)));
        assert!(
            !f.details.iter().any(|(k, _)| *k == "vitamin_a_ug"),
            "IU of vitamin A are not converted"
        );
        assert!(
            !f.details.iter().any(|(k, _)| *k == "caffeine_mg"),
            "blank is unknown"
        );
        let RowData::Food(f) = &p.rows[1].data else {
            panic!()
        };
        assert_eq!(
            (f.name.as_str(), f.meal),
            ("Uncategorized: Coffee (1 cup)", Meal::Snack)
        );
    }

    #[test]
    fn kilojoules_become_kcal_and_burned_energy_is_positive() {
        let p = parse(
            File::Servings,
            "Day,Group,Food Name,Energy (kJ)\n2024-01-02,Lunch,Soup,418.4\n",
        );
        let RowData::Food(f) = &p.rows[0].data else {
            panic!()
        };
        assert!((f.calories - 100.0).abs() < 1e-9);
        let p = parse(
            File::Exercises,
            "Day,Time,Exercise,Minutes,Calories Burned,Group\n2024-01-02,,Cycling,45.0,-350.5,\n2024-01-03,,Walk,,,\n",
        );
        let RowData::Activity(a) = &p.rows[0].data else {
            panic!()
        };
        assert_eq!((a.duration_min, a.kcal_burned), (Some(45), 350.5));
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].line, 3);
    }

    #[test]
    fn biometrics_keep_weights_in_their_unit_and_report_other_metrics() {
        let csv = "Day,Time,Group,Metric,Unit,Amount\n\
2024-01-02,07:00,,Weight,lbs,165.0\n\
2024-01-02,,,Body Fat,%,21.5\n\
2024-01-02,,,Waist,in,32\n\
2024-01-02,,,Heart Rate,bpm,60\n\
2024-01-03,,,Weight,stone,12\n";
        let p = parse(File::Biometrics, csv);
        assert_eq!(p.rows.len(), 3);
        let RowData::Weight(w) = &p.rows[0].data else {
            panic!()
        };
        assert!((w.weight_kg - 74.842_741).abs() < 1e-5);
        let RowData::Measurement(m) = &p.rows[2].data else {
            panic!()
        };
        assert_eq!((m.kind, m.value), (Kind::Waist, 81.28));
        assert_eq!(p.skipped.len(), 2);
        assert!(p.skipped[0].reason.contains("Heart Rate"));
        assert!(p.skipped[1].reason.contains("stone"));
    }
}
