//! Lose It!'s food log (`food-logs.csv` in its export zip): foods and
//! exercises in one file, `Date` as MM/DD/YYYY, the meal in `Type` or
//! `Meal`, `n/a` for unknown, thousands separators, deleted rows marked.

use std::io::BufRead;

use super::cells::{self, header_name};
use super::meals;
use super::members::named;
use super::table::{NutrientColumn, NutrientColumns, Table, each};
use super::{ActivityRow, FileError, FoodRow, Parsed, RowData};

/// The food log by its name, or an unnamed upload by its header; the
/// export's other files (weights, custom foods, …) are not read.
pub fn is_food_log(base: Option<&str>, head: &str) -> bool {
    if let Some(base) = base
        && base.to_ascii_lowercase().ends_with(".csv")
    {
        return named(Some(base), "food-log") || named(Some(base), "food_log");
    }
    let header: Vec<String> = head.split(',').map(header_name).collect();
    let has = |n: &str| header.iter().any(|h| h == n);
    has("date") && has("name") && has("calories") && (has("type") || has("meal"))
}

const fn col(names: &'static [&'static str], key: &'static str) -> NutrientColumn {
    NutrientColumn {
        names,
        key,
        factor: 1.0,
    }
}

const NUTRIENTS: &[NutrientColumn] = &[
    col(&["Saturated Fat (g)"], "saturated_fat_g"),
    col(&["Sugars (g)"], "sugars_g"),
    col(&["Fiber (g)"], "fibre_g"),
    col(&["Cholesterol (mg)"], "cholesterol_mg"),
    col(&["Sodium (mg)"], "sodium_mg"),
];

pub fn read(reader: &mut dyn BufRead) -> Result<Parsed, FileError> {
    let mut table = Table::open(reader)?;
    let what = "Lose It! food log";
    let date = table.required(&["Date"], what)?;
    let name = table.required(&["Name"], what)?;
    let calories = table.required(&["Calories"], what)?;
    let meal = table.required(&["Type", "Meal"], what)?;
    let (quantity, units) = (table.column(&["Quantity"]), table.column(&["Units"]));
    let deleted = table.column(&["Deleted"]);
    let (fat, protein, carbs) = (
        table.column(&["Fat (g)"]),
        table.column(&["Protein (g)"]),
        table.column(&["Carbohydrates (g)"]),
    );
    let details = NutrientColumns::find(&table, NUTRIENTS);
    let mut parsed = Parsed::default();
    each(&mut table, &mut parsed, |r| {
        if matches!(
            r.get(deleted).to_ascii_lowercase().as_str(),
            "true" | "yes" | "y" | "1" | "deleted"
        ) {
            return Err("the row is marked deleted".to_owned());
        }
        let day = cells::date(r.get(Some(date)))?;
        let food = r.get(Some(name));
        if food.is_empty() {
            return Err("the row has no name".to_owned());
        }
        let kcal = cells::number(r.get(Some(calories)))?.ok_or("no calories are given")?;
        let meal_name = r.get(Some(meal));
        let quantity_cell = r.get(quantity);
        let units_cell = r.get(units);
        if header_name(meal_name) == "exercise" {
            let minutes = match header_name(units_cell).as_str() {
                "minutes" | "minute" | "min" | "mins" => cells::number(quantity_cell)?,
                "hours" | "hour" | "h" => cells::number(quantity_cell)?.map(|h| h * 60.0),
                _ => None,
            };
            return Ok(vec![RowData::Activity(ActivityRow {
                date: day,
                name: food.to_owned(),
                duration_min: minutes.map(|m| m.round() as i64),
                // Lose It! writes exercise as negative calories.
                kcal_burned: kcal.abs(),
            })]);
        }
        let portion = [quantity_cell, units_cell]
            .into_iter()
            .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("n/a"))
            .collect::<Vec<_>>()
            .join(" ");
        let food = if portion.is_empty() {
            food.to_owned()
        } else {
            format!("{food} ({portion})")
        };
        let (our_meal, _) = meals::map(meal_name);
        Ok(vec![RowData::Food(FoodRow {
            date: day,
            meal: our_meal,
            name: meals::entry_name(meal_name, &food),
            calories: kcal,
            protein_g: cells::number(r.get(protein))?,
            fat_g: cells::number(r.get(fat))?,
            carbs_g: cells::number(r.get(carbs))?,
            details: details.read(r)?,
        })])
    })?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meal::Meal;

    const LOG: &str = "Date,Name,Icon,Type,Quantity,Units,Calories,Deleted,Fat (g),Protein (g),Carbohydrates (g),Saturated Fat (g),Sugars (g),Fiber (g),Cholesterol (mg),Sodium (mg)\r\n\
01/31/2024,\"Pizza, Pepperoni\",Pizza,Dinner,3,Slices,\"1,656\",false,60,70,200,25,10,8,150,\"3,200\"\r\n\
01/31/2024,Apple,Apple,Snacks,1,Each,95,false,0.3,0.5,25,n/a,19,4.4,n/a,n/a\r\n\
01/31/2024,Cake,Cake,Dinner,1,Slice,400,true,20,4,50,,,,,\r\n\
02/01/2024,\"Running, 6 mph\",Running,Exercise,30,Minutes,-300,false,,,,,,,,\r\n\
02/01/2024,Tea,Tea,Staples,1,Cup,2,false,n/a,n/a,n/a,,,,,\r\n";

    #[test]
    fn the_food_log_is_told_by_name_or_header() {
        assert!(is_food_log(Some("food-logs.csv"), ""));
        assert!(!is_food_log(Some("weights.csv"), "Date,Name,Type,Calories"));
        assert!(is_food_log(
            None,
            "\u{feff}Date,Name,Icon,Meal,Quantity,Units,Calories"
        ));
        assert!(!is_food_log(None, "Date,Weight"));
    }

    #[test]
    fn foods_exercises_and_deleted_rows() {
        let mut bytes = LOG.as_bytes();
        let p = read(&mut bytes).unwrap();
        assert_eq!(p.rows.len(), 4);
        let RowData::Food(f) = &p.rows[0].data else {
            panic!()
        };
        assert_eq!(
            f.date,
            chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap()
        );
        assert_eq!(
            (f.name.as_str(), f.meal, f.calories),
            ("Pizza, Pepperoni (3 Slices)", Meal::Dinner, 1656.0)
        );
        assert!(f.details.contains(&("sodium_mg", 3200.0)));
        let RowData::Food(f) = &p.rows[1].data else {
            panic!()
        };
        assert_eq!(f.meal, Meal::Snack);
        assert!(
            !f.details.iter().any(|(k, _)| *k == "sodium_mg"),
            "n/a is unknown"
        );
        let RowData::Activity(a) = &p.rows[2].data else {
            panic!()
        };
        assert_eq!(
            (a.name.as_str(), a.duration_min, a.kcal_burned),
            ("Running, 6 mph", Some(30), 300.0)
        );
        let RowData::Food(f) = &p.rows[3].data else {
            panic!()
        };
        assert_eq!(
            (f.name.as_str(), f.meal, f.protein_g),
            ("Staples: Tea (1 Cup)", Meal::Snack, None)
        );
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(
            (p.skipped[0].line, p.skipped[0].reason.as_str()),
            (4, "the row is marked deleted")
        );
    }
}
