//! Apple Health's `export.xml`, read as a stream (data.md §1 `apple-health`).
//!
//! Real exports are gigabytes: the file is pulled event by event through one
//! reused buffer, so memory grows only with the rows kept (a weight and a
//! body fat per day, one activity per workout), never with the file.
//!
//! - `HKQuantityTypeIdentifierBodyMass` (kg or lb) → a weight, one per day:
//!   the latest `startDate` of the day (the day written in the timestamp).
//! - `HKQuantityTypeIdentifierBodyFatPercentage` (a fraction, unit `%`) → a
//!   body-fat measurement in %, also the latest of the day.
//! - `Workout` → an activity: its name from the activity type, its duration
//!   in minutes, its energy from `totalEnergyBurned` or, in iOS 16+ exports,
//!   the sum of its `WorkoutStatistics` of active energy.
//! - Every other record type, `ActivitySummary` and other top-level elements
//!   are counted by type and ignored.

use std::collections::HashMap;
use std::io::BufRead;

use chrono::{NaiveDate, NaiveDateTime};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::units::{self, WeightUnit};
use super::{ActivityRow, FileError, MeasurementRow, Parsed, ParsedRow, RowData, WeightRow};
use super::{cells, keys};
use crate::domain::measurements::Kind;

const BODY_MASS: &str = "HKQuantityTypeIdentifierBodyMass";
const BODY_FAT: &str = "HKQuantityTypeIdentifierBodyFatPercentage";
const ACTIVE_ENERGY: &str = "HKQuantityTypeIdentifierActiveEnergyBurned";
const ACTIVITY_PREFIX: &str = "HKWorkoutActivityType";

/// Whether the file is Apple Health's export: `export.xml` by name (not
/// `export_cda.xml`), or an XML document when unnamed.
pub fn is_export(base: Option<&str>, head: &str) -> bool {
    match base {
        Some(b) => b.eq_ignore_ascii_case("export.xml"),
        None => head
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    }
}

/// Reads an `export.xml`. Not XML, or XML whose root is not `HealthData`,
/// is [`FileError::Unreadable`].
pub fn read(reader: &mut dyn BufRead) -> Result<Parsed, FileError> {
    let mut xml = Reader::from_reader(reader);
    let mut buf = Vec::with_capacity(4096);
    let mut state = State::default();
    // The line the next event starts on: 1 + the newlines of every event
    // before it (whitespace between elements comes as text events).
    let mut line: u64 = 1;
    let mut depth: u32 = 0;
    let mut root_seen = false;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            FileError::Unreadable(format!("export.xml is not readable XML (line {line}): {e}"))
        })?;
        let here = line;
        line += newlines(&event);
        match event {
            Event::Start(e) if !root_seen => {
                if e.local_name().as_ref() != "HealthData" {
                    return Err(not_an_export());
                }
                root_seen = true;
                depth = 1;
            }
            // An empty `<HealthData/>` holds nothing.
            Event::Empty(e) if !root_seen => {
                if e.local_name().as_ref() != "HealthData" {
                    return Err(not_an_export());
                }
                root_seen = true;
                break;
            }
            Event::Start(e) => {
                depth += 1;
                state.element(&e, here, depth, false)?;
            }
            Event::Empty(e) => {
                state.element(&e, here, depth + 1, true)?;
            }
            Event::End(e) => {
                if e.local_name().as_ref() == "Workout" {
                    state.end_workout();
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) if !root_seen => {
                if !t.trim().is_empty() {
                    return Err(not_an_export());
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !root_seen {
        return Err(not_an_export());
    }
    Ok(state.finish())
}

fn not_an_export() -> FileError {
    FileError::Unreadable("the file is not an Apple Health export.xml (no HealthData)".to_owned())
}

fn newlines(event: &Event<'_>) -> u64 {
    let text: &str = event;
    text.bytes().filter(|b| *b == b'\n').count() as u64
}

/// A workout whose children (its statistics) are still being read.
struct OpenWorkout {
    line: u64,
    date: NaiveDate,
    name: String,
    duration_min: Option<i64>,
    /// From `totalEnergyBurned`, in kcal.
    total_kcal: Option<f64>,
    /// The sum of its active-energy statistics, in kcal.
    statistics_kcal: Option<f64>,
    /// A statistic that could not be read: the workout is skipped with it.
    bad: Option<String>,
    fingerprint: Vec<String>,
}

#[derive(Default)]
struct State {
    parsed: Parsed,
    /// The latest weight of each day, with its time.
    weights: HashMap<NaiveDate, (NaiveDateTime, ParsedRow)>,
    body_fat: HashMap<NaiveDate, (NaiveDateTime, ParsedRow)>,
    workout: Option<OpenWorkout>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|err| format!("attribute {name} is not readable: {err}")),
        Ok(None) => Ok(None),
        Err(err) => Err(format!("attribute {name} is not readable: {err}")),
    }
}

fn required(e: &BytesStart<'_>, name: &str) -> Result<String, String> {
    attr(e, name)?.ok_or_else(|| format!("{name} is missing"))
}

/// A value that must be a number, not negative.
fn amount(cell: &str, field: &str) -> Result<f64, String> {
    match cells::number(cell) {
        Ok(Some(n)) if n >= 0.0 => Ok(n),
        Ok(Some(n)) => Err(format!("{field} {n} is negative")),
        Ok(None) => Err(format!("{field} is blank")),
        Err(reason) => Err(format!("{field}: {reason}")),
    }
}

impl State {
    fn element(
        &mut self,
        e: &BytesStart<'_>,
        line: u64,
        depth: u32,
        empty: bool,
    ) -> Result<(), FileError> {
        let name = e.local_name();
        match name.as_ref() {
            "Record" => self.record(e, line),
            "Workout" if depth == 2 => {
                self.start_workout(e, line);
                if empty {
                    self.end_workout();
                }
            }
            "WorkoutStatistics" => self.statistic(e),
            // Holders of records, read through: their records count.
            "Correlation" | "ExportDate" | "Me" => {}
            other if depth == 2 => {
                self.parsed.ignore(other);
            }
            // Children of records and workouts (metadata, events, routes).
            _ => {}
        }
        Ok(())
    }

    fn record(&mut self, e: &BytesStart<'_>, line: u64) {
        let kind = match attr(e, "type") {
            Ok(Some(t)) => t,
            Ok(None) => return self.parsed.skip(line, "Record without a type"),
            Err(reason) => return self.parsed.skip(line, reason),
        };
        if kind != BODY_MASS && kind != BODY_FAT {
            self.parsed.ignore(&kind);
            return;
        }
        if let Err(reason) = self.quantity(e, line, &kind) {
            self.parsed.skip(line, format!("{kind}: {reason}"));
        }
    }

    fn quantity(&mut self, e: &BytesStart<'_>, line: u64, kind: &str) -> Result<(), String> {
        let start = required(e, "startDate")?;
        let end = attr(e, "endDate")?.unwrap_or_default();
        let value = required(e, "value")?;
        let unit = attr(e, "unit")?.unwrap_or_default();
        let source = attr(e, "sourceName")?.unwrap_or_default();
        let date = cells::date(&start)?;
        let at = cells::local_date_time(&start)?;
        let n = amount(&value, "value")?;
        let fingerprint = keys::fingerprint([
            kind,
            start.as_str(),
            end.as_str(),
            value.as_str(),
            unit.as_str(),
            source.as_str(),
        ]);
        let (data, days) = if kind == BODY_MASS {
            let u = WeightUnit::parse(&unit).ok_or_else(|| {
                format!("unit \"{}\" is not kg or lb", cells::shorten(&unit))
            })?;
            let weight_kg = u.to_kg(n);
            if weight_kg <= 0.0 {
                return Err("a weight of 0".to_owned());
            }
            (
                RowData::Weight(WeightRow { date, weight_kg }),
                &mut self.weights,
            )
        } else {
            if unit.trim() != "%" {
                return Err(format!("unit \"{}\" is not %", cells::shorten(&unit)));
            }
            if n > 1.0 {
                return Err(format!("value {n} is not a fraction (0 to 1)"));
            }
            (
                RowData::Measurement(MeasurementRow {
                    date,
                    kind: Kind::BodyFat,
                    value: round(n * 100.0, 2),
                }),
                &mut self.body_fat,
            )
        };
        let row = ParsedRow {
            line,
            fingerprint,
            data,
        };
        match days.get(&date) {
            // The latest of the day wins; of two at the same time, the later in the file.
            Some((kept, _)) if *kept > at => {}
            _ => {
                days.insert(date, (at, row));
            }
        }
        Ok(())
    }

    fn start_workout(&mut self, e: &BytesStart<'_>, line: u64) {
        self.workout = None;
        match open_workout(e, line) {
            Ok(w) => self.workout = Some(w),
            Err(reason) => self.parsed.skip(line, format!("Workout: {reason}")),
        }
    }

    fn statistic(&mut self, e: &BytesStart<'_>) {
        let Some(w) = self.workout.as_mut() else {
            return;
        };
        match attr(e, "type") {
            Ok(Some(t)) if t == ACTIVE_ENERGY => {}
            _ => return,
        }
        let read = || -> Result<f64, String> {
            let sum = required(e, "sum")?;
            let unit = attr(e, "unit")?.unwrap_or_default();
            let n = amount(&sum, "active energy")?;
            units::kcal(n, &unit).ok_or_else(|| {
                format!("energy unit \"{}\" is not kcal or kJ", cells::shorten(&unit))
            })
        };
        match read() {
            Ok(kcal) => w.statistics_kcal = Some(w.statistics_kcal.unwrap_or(0.0) + kcal),
            Err(reason) => w.bad = Some(reason),
        }
    }

    fn end_workout(&mut self) {
        let Some(w) = self.workout.take() else {
            return;
        };
        if let Some(reason) = w.bad {
            return self.parsed.skip(w.line, format!("Workout: {reason}"));
        }
        let Some(kcal) = w.total_kcal.or(w.statistics_kcal) else {
            return self
                .parsed
                .skip(w.line, format!("Workout \"{}\" has no energy burned", w.name));
        };
        let mut fingerprint = w.fingerprint;
        fingerprint.push(format!("{kcal:.3}"));
        self.parsed.rows.push(ParsedRow {
            line: w.line,
            fingerprint: keys::fingerprint(fingerprint.iter().map(String::as_str)),
            data: RowData::Activity(ActivityRow {
                date: w.date,
                name: w.name,
                duration_min: w.duration_min,
                kcal_burned: round(kcal, 1),
            }),
        });
    }

    fn finish(mut self) -> Parsed {
        let mut kept: Vec<ParsedRow> = self
            .weights
            .into_values()
            .chain(self.body_fat.into_values())
            .map(|(_, row)| row)
            .collect();
        kept.sort_by_key(|r| r.line);
        self.parsed.rows.extend(kept);
        self.parsed.rows.sort_by_key(|r| r.line);
        self.parsed
    }
}

fn open_workout(e: &BytesStart<'_>, line: u64) -> Result<OpenWorkout, String> {
    let activity = required(e, "workoutActivityType")?;
    let start = required(e, "startDate")?;
    let end = attr(e, "endDate")?.unwrap_or_default();
    let source = attr(e, "sourceName")?.unwrap_or_default();
    let date = cells::date(&start)?;
    let duration = attr(e, "duration")?;
    let duration_min = match &duration {
        None => None,
        Some(d) => {
            let n = amount(d, "duration")?;
            let unit = attr(e, "durationUnit")?.unwrap_or_else(|| "min".to_owned());
            let minutes = match unit.trim() {
                "min" => n,
                "s" | "sec" => n / 60.0,
                "h" | "hr" => n * 60.0,
                other => {
                    return Err(format!(
                        "duration unit \"{}\" is not min, s or h",
                        cells::shorten(other)
                    ));
                }
            };
            Some(minutes.round() as i64)
        }
    };
    let total_kcal = match attr(e, "totalEnergyBurned")? {
        None => None,
        Some(v) => {
            let n = amount(&v, "totalEnergyBurned")?;
            let unit = attr(e, "totalEnergyBurnedUnit")?.unwrap_or_else(|| "kcal".to_owned());
            Some(units::kcal(n, &unit).ok_or_else(|| {
                format!("energy unit \"{}\" is not kcal or kJ", cells::shorten(&unit))
            })?)
        }
    };
    Ok(OpenWorkout {
        line,
        date,
        name: activity_name(&activity),
        duration_min,
        total_kcal,
        statistics_kcal: None,
        bad: None,
        fingerprint: vec![
            activity,
            start,
            end,
            duration.unwrap_or_default(),
            source,
        ],
    })
}

/// `HKWorkoutActivityTypeTraditionalStrengthTraining` → "Traditional strength training".
pub fn activity_name(activity: &str) -> String {
    let bare = activity.strip_prefix(ACTIVITY_PREFIX).unwrap_or(activity);
    let mut out = String::with_capacity(bare.len() + 4);
    for (i, c) in bare.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push(' ');
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    if out.is_empty() {
        "Workout".to_owned()
    } else {
        out
    }
}

fn round(n: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (n * f).round() / f
}
