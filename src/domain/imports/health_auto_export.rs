//! The JSON that the iOS app Health Auto Export posts to a REST endpoint
//! (data.md §5): `{"data": {"metrics": [{name, units, data: [{date, qty}]}],
//! "workouts": [...]}}`. Each row's fingerprint is what it is keyed by, so
//! that a day or a workout sent again replaces what it sent before: a
//! weight and a body-fat value a day (the latest), the day's active energy
//! as one activity, the day's water as one entry, a workout by its id (or
//! its start).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;

use super::cells;
use super::units::{self, WeightUnit};
use super::{
    ActivityRow, FileError, MeasurementRow, Parsed, ParsedRow, RowData, WaterRow, WeightRow,
};
use crate::domain::measurements::Kind;

/// The name the day's active energy is logged under.
pub const ACTIVE_ENERGY: &str = "Active energy";

pub fn read(push: &Value) -> Result<Parsed, FileError> {
    let data = push
        .get("data")
        .and_then(Value::as_object)
        .ok_or_else(|| FileError::Unreadable("no \"data\" object".to_owned()))?;
    let list = |name: &str| -> Result<&[Value], FileError> {
        match data.get(name) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(FileError::Unreadable(format!("data.{name} is not a list"))),
        }
    };
    let (metrics, workouts) = (list("metrics")?, list("workouts")?);
    let mut day = Days::default();
    let mut parsed = Parsed::default();
    // Lines number the data points in the order sent: the metrics' points,
    // then the workouts.
    let mut line = 0u64;
    for (i, metric) in metrics.iter().enumerate() {
        let name = metric.get("name").and_then(Value::as_str).unwrap_or("");
        let unit = metric.get("units").and_then(Value::as_str).unwrap_or("");
        let points = metric
            .get("data")
            .and_then(Value::as_array)
            .map(Vec::as_slice);
        let Some(points) = points else {
            line += 1;
            parsed.skip(line, format!("metrics[{i}] has no data list"));
            continue;
        };
        for (j, point) in points.iter().enumerate() {
            line += 1;
            let known = matches!(
                name,
                "weight_body_mass" | "body_fat_percentage" | "active_energy" | "dietary_water"
            );
            if !known {
                parsed.ignore(if name.is_empty() { "metric" } else { name });
                continue;
            }
            if let Err(reason) = day.point(name, unit, point, line) {
                parsed.skip(line, format!("metrics[{i}] ({name}) data[{j}]: {reason}"));
            }
        }
    }
    for (i, workout) in workouts.iter().enumerate() {
        line += 1;
        match workout_row(workout, line) {
            Ok(row) => parsed.rows.push(row),
            Err(reason) => parsed.skip(line, format!("workouts[{i}]: {reason}")),
        }
        parsed.check_size()?;
    }
    parsed.rows.extend(day.rows());
    parsed.check_size()?;
    Ok(parsed)
}

/// What the metrics give each day.
#[derive(Default)]
struct Days {
    weights: BTreeMap<NaiveDate, (NaiveDateTime, f64, u64)>,
    body_fat: BTreeMap<NaiveDate, (NaiveDateTime, f64, u64)>,
    active_kcal: BTreeMap<NaiveDate, (f64, u64)>,
    water_ml: BTreeMap<NaiveDate, (f64, u64)>,
}

impl Days {
    fn point(&mut self, name: &str, unit: &str, point: &Value, line: u64) -> Result<(), String> {
        let date = point.get("date").and_then(Value::as_str).ok_or("no date")?;
        let at = cells::local_date_time(date)?;
        let qty = match point.get("qty") {
            Some(Value::Number(n)) => n.as_f64().ok_or("qty is not a number")?,
            Some(Value::String(s)) => cells::number(s)?.ok_or("no qty")?,
            _ => return Err("no qty".to_owned()),
        };
        if !qty.is_finite() || qty < 0.0 {
            return Err(format!("qty {qty} is not an amount"));
        }
        let unknown_unit = || format!("\"{}\" is not a unit of {name}", cells::shorten(unit));
        let latest = |days: &mut BTreeMap<NaiveDate, (NaiveDateTime, f64, u64)>, value| {
            if days.get(&at.date()).is_none_or(|(held, ..)| at >= *held) {
                days.insert(at.date(), (at, value, line));
            }
        };
        match name {
            "weight_body_mass" => {
                let unit = WeightUnit::parse(unit).ok_or_else(unknown_unit)?;
                latest(&mut self.weights, unit.to_kg(qty));
            }
            "body_fat_percentage" => {
                if unit != "%" && !unit.is_empty() {
                    return Err(unknown_unit());
                }
                latest(&mut self.body_fat, qty);
            }
            "active_energy" => {
                let kcal = units::kcal(qty, unit).ok_or_else(unknown_unit)?;
                let held = self.active_kcal.entry(at.date()).or_insert((0.0, line));
                held.0 += kcal;
            }
            _ => {
                let ml = units::ml(qty, unit).ok_or_else(unknown_unit)?;
                let held = self.water_ml.entry(at.date()).or_insert((0.0, line));
                held.0 += ml;
            }
        }
        Ok(())
    }

    fn rows(self) -> Vec<ParsedRow> {
        let keyed = |what: &str, date: NaiveDate, line: u64, data: RowData| ParsedRow {
            line,
            fingerprint: format!("{what}:{date}"),
            data,
        };
        let mut rows = Vec::new();
        for (date, (_, kg, line)) in self.weights {
            rows.push(keyed(
                "weight",
                date,
                line,
                RowData::Weight(WeightRow {
                    date,
                    weight_kg: kg,
                }),
            ));
        }
        for (date, (_, pct, line)) in self.body_fat {
            let data = RowData::Measurement(MeasurementRow {
                date,
                kind: Kind::BodyFat,
                value: pct,
            });
            rows.push(keyed("body_fat", date, line, data));
        }
        for (date, (kcal, line)) in self.active_kcal {
            let data = RowData::Activity(ActivityRow {
                date,
                name: ACTIVE_ENERGY.to_owned(),
                duration_min: None,
                kcal_burned: kcal,
            });
            rows.push(keyed("active_energy", date, line, data));
        }
        for (date, (ml, line)) in self.water_ml {
            rows.push(keyed(
                "water",
                date,
                line,
                RowData::Water(WaterRow { date, ml }),
            ));
        }
        rows
    }
}

/// A workout as Health Auto Export writes it (version 2: `start`, `end`,
/// `duration` in seconds, `activeEnergyBurned {qty, units}`; version 1 had
/// `activeEnergy` or `totalEnergy`).
fn workout_row(w: &Value, line: u64) -> Result<ParsedRow, String> {
    let text = |field: &str| w.get(field).and_then(Value::as_str).unwrap_or("");
    let start = text("start");
    if start.is_empty() {
        return Err("no start".to_owned());
    }
    let at = cells::local_date_time(start)?;
    let energy = ["activeEnergyBurned", "activeEnergy", "totalEnergy"]
        .iter()
        .find_map(|f| w.get(*f).filter(|v| v.is_object()))
        .ok_or("no activeEnergyBurned")?;
    let qty = energy
        .get("qty")
        .and_then(Value::as_f64)
        .ok_or("activeEnergyBurned.qty is not a number")?;
    let unit = energy
        .get("units")
        .and_then(Value::as_str)
        .unwrap_or("kcal");
    let kcal = units::kcal(qty, unit)
        .ok_or_else(|| format!("\"{}\" is not a unit of energy", cells::shorten(unit)))?;
    if !kcal.is_finite() || kcal < 0.0 {
        return Err(format!("activeEnergyBurned {qty} is not an amount"));
    }
    let duration_min = match w.get("duration").and_then(Value::as_f64) {
        Some(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Some((seconds / 60.0).round() as i64)
        }
        Some(_) => return Err("duration is not a number of seconds".to_owned()),
        None => cells::local_date_time(text("end"))
            .ok()
            .map(|end| (end - at).num_minutes())
            .filter(|m| *m >= 0),
    };
    let name = text("name").trim();
    let id = text("id");
    Ok(ParsedRow {
        line,
        fingerprint: format!("workout:{}", if id.is_empty() { start } else { id }),
        data: RowData::Activity(ActivityRow {
            date: at.date(),
            name: if name.is_empty() {
                "Workout".to_owned()
            } else {
                name.to_owned()
            },
            duration_min,
            kcal_burned: kcal,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn push() -> Value {
        json!({"data": {
            "metrics": [
                {"name": "weight_body_mass", "units": "lb", "data": [
                    {"date": "2024-01-08 06:30:00 -0800", "qty": 165.0, "source": "Scale"},
                    {"date": "2024-01-08 21:00:00 -0800", "qty": 166.0, "source": "Scale"}]},
                {"name": "active_energy", "units": "kJ", "data": [
                    {"date": "2024-01-08 07:00:00 -0800", "qty": 418.4},
                    {"date": "2024-01-08 08:00:00 -0800", "qty": 836.8},
                    {"date": "2024-01-09 23:30:00 -0800", "qty": 41.84}]},
                {"name": "dietary_water", "units": "fl_oz_us", "data": [
                    {"date": "2024-01-08 09:00:00 -0800", "qty": 8},
                    {"date": "2024-01-08 12:00:00 -0800", "qty": "eight"}]},
                {"name": "body_fat_percentage", "units": "%", "data": [
                    {"date": "2024-01-08 06:30:00 -0800", "qty": 24.1}]},
                {"name": "step_count", "units": "count", "data": [
                    {"date": "2024-01-08 00:00:00 -0800", "qty": 8000},
                    {"date": "2024-01-09 00:00:00 -0800", "qty": 9000}]}
            ],
            "workouts": [
                {"id": "A1B2", "name": "Outdoor Run", "start": "2024-01-08 07:30:00 -0800",
                 "end": "2024-01-08 08:00:00 -0800", "duration": 1800,
                 "activeEnergyBurned": {"qty": 300, "units": "kcal"}},
                {"name": "Yoga", "start": "2024-01-09 18:00:00 -0800", "end": "2024-01-09 18:25:00 -0800",
                 "activeEnergy": {"qty": 418.4, "units": "kJ"}},
                {"name": "Walk", "start": "2024-01-09 19:00:00 -0800"}
            ]
        }})
    }

    #[test]
    fn metrics_become_one_row_a_day_and_workouts_keep_their_id() {
        let p = read(&push()).unwrap();
        let find = |fp: &str| p.rows.iter().find(|r| r.fingerprint == fp).map(|r| &r.data);
        let Some(RowData::Weight(w)) = find("weight:2024-01-08") else {
            panic!("{:?}", p.rows)
        };
        assert!(
            (w.weight_kg - 166.0 * 0.453_592_37).abs() < 1e-9,
            "the latest of the day"
        );
        let Some(RowData::Activity(a)) = find("active_energy:2024-01-08") else {
            panic!()
        };
        assert!((a.kcal_burned - 300.0).abs() < 1e-9, "summed, kJ converted");
        assert_eq!(a.name, ACTIVE_ENERGY);
        assert!(
            find("active_energy:2024-01-09").is_some(),
            "the day written, not UTC's"
        );
        let Some(RowData::Water(water)) = find("water:2024-01-08") else {
            panic!()
        };
        assert!((water.ml - 8.0 * 29.573_529_562_5).abs() < 1e-9);
        let Some(RowData::Measurement(m)) = find("body_fat:2024-01-08") else {
            panic!()
        };
        assert_eq!((m.kind, m.value), (Kind::BodyFat, 24.1));
        let Some(RowData::Activity(run)) = find("workout:A1B2") else {
            panic!()
        };
        assert_eq!(
            (run.name.as_str(), run.duration_min, run.kcal_burned),
            ("Outdoor Run", Some(30), 300.0)
        );
        let Some(RowData::Activity(yoga)) = find("workout:2024-01-09 18:00:00 -0800") else {
            panic!()
        };
        assert_eq!(yoga.duration_min, Some(25));
        assert!((yoga.kcal_burned - 100.0).abs() < 1e-9);
        assert_eq!(p.rows.len(), 7);
        assert_eq!(p.ignored.get("step_count"), Some(&2));
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
        assert!(p.skipped[0].reason.contains("dietary_water"));
        assert!(p.skipped[1].reason.contains("workouts[2]"));
    }

    #[test]
    fn a_body_without_data_cannot_be_read() {
        assert!(read(&json!({"metrics": []})).is_err());
        assert!(read(&json!({"data": {"metrics": 5}})).is_err());
        assert!(read(&json!({"data": {}})).unwrap().rows.is_empty());
    }
}
