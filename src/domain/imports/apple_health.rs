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
            Event::Text(t) if !root_seen && !t.trim().is_empty() => {
                return Err(not_an_export());
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
            let u = WeightUnit::parse(&unit)
                .ok_or_else(|| format!("unit \"{}\" is not kg or lb", cells::shorten(&unit)))?;
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
                format!(
                    "energy unit \"{}\" is not kcal or kJ",
                    cells::shorten(&unit)
                )
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
            return self.parsed.skip(
                w.line,
                format!("Workout \"{}\" has no energy burned", w.name),
            );
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
                format!(
                    "energy unit \"{}\" is not kcal or kJ",
                    cells::shorten(&unit)
                )
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
        fingerprint: vec![activity, start, end, duration.unwrap_or_default(), source],
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

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Read};

    use super::*;

    /// An export in the real shape, invented values. Lines matter: the bad
    /// value is on line 27.
    const FIXTURE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-01-08 07:30:00 -0800"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-01-01" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" creationDate="2024-01-08 08:00:00 -0800" startDate="2024-01-08 07:30:00 -0800" endDate="2024-01-08 07:40:00 -0800" value="12"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" creationDate="2024-01-08 07:00:00 -0800" startDate="2024-01-08 07:00:00 -0800" endDate="2024-01-08 07:00:00 -0800" value="80.4"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" creationDate="2024-01-08 21:00:00 -0800" startDate="2024-01-08 21:00:00 -0800" endDate="2024-01-08 21:00:00 -0800" value="81.0">
  <MetadataEntry key="HKWasUserEntered" value="1"/>
 </Record>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" creationDate="2024-01-08 12:00:00 -0800" startDate="2024-01-08 12:00:00 -0800" endDate="2024-01-08 12:00:00 -0800" value="80.7"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="lb" creationDate="2024-01-09 23:50:00 -0800" startDate="2024-01-09 23:50:00 -0800" endDate="2024-01-09 23:50:00 -0800" value="180"/>
 <Record type="HKQuantityTypeIdentifierBodyFatPercentage" sourceName="Scale" unit="%" creationDate="2024-01-08 07:00:00 -0800" startDate="2024-01-08 07:00:00 -0800" endDate="2024-01-08 07:00:00 -0800" value="0.215"/>
 <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" unit="ms" startDate="2024-01-08 03:00:00 -0800" endDate="2024-01-08 03:01:00 -0800" value="45">
  <HeartRateVariabilityMetadataList>
   <InstantaneousBeatsPerMinute bpm="60" time="3:00:01.00 AM"/>
  </HeartRateVariabilityMetadataList>
 </Record>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" startDate="2024-01-08 09:30:00 -0800" endDate="2024-01-08 09:40:00 -0800" value="30"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" startDate="2024-01-10 07:00:00 -0800" endDate="2024-01-10 07:00:00 -0800" value="heavy"/>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Cuff" startDate="2024-01-08 08:00:00 -0800" endDate="2024-01-08 08:00:00 -0800">
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Cuff" unit="mmHg" startDate="2024-01-08 08:00:00 -0800" endDate="2024-01-08 08:00:00 -0800" value="120"/>
 </Correlation>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30.5" durationUnit="min" totalDistance="5" totalDistanceUnit="km" totalEnergyBurned="250" totalEnergyBurnedUnit="kcal" sourceName="Watch" startDate="2024-01-08 06:00:00 -0800" endDate="2024-01-08 06:30:30 -0800">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="2024-01-08 06:10:00 -0800" duration="10" durationUnit="min"/>
  <WorkoutRoute sourceName="Watch" startDate="2024-01-08 06:00:00 -0800" endDate="2024-01-08 06:30:30 -0800">
   <FileReference path="/workout-routes/route_2024-01-08_6.30am.gpx"/>
  </WorkoutRoute>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" duration="3600" durationUnit="s" sourceName="Watch" startDate="2024-01-08 23:30:00 -0800" endDate="2024-01-09 00:30:00 -0800">
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="2024-01-08 23:30:00 -0800" endDate="2024-01-09 00:30:00 -0800" average="120" minimum="90" maximum="150" unit="count/min"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="2024-01-08 23:30:00 -0800" endDate="2024-01-09 00:30:00 -0800" sum="836.8" unit="kJ"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="2024-01-08 23:30:00 -0800" endDate="2024-01-09 00:30:00 -0800" sum="50" unit="kcal"/>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeYoga" duration="1" durationUnit="h" sourceName="Watch" startDate="2024-01-09 18:00:00 -0800" endDate="2024-01-09 19:00:00 -0800"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="45" durationUnit="min" totalEnergyBurned="1673.6" totalEnergyBurnedUnit="kJ" sourceName="Watch" startDate="2024-01-10 07:00:00 +0100" endDate="2024-01-10 07:45:00 +0100"/>
 <ActivitySummary dateComponents="2024-01-08" activeEnergyBurned="300" activeEnergyBurnedGoal="400" activeEnergyBurnedUnit="kcal"/>
</HealthData>
"#;

    fn parse(text: &str) -> Result<Parsed, FileError> {
        read(&mut BufReader::new(text.as_bytes()))
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, d).unwrap()
    }

    fn line_of(needle: &str) -> u64 {
        FIXTURE.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
    }

    #[test]
    fn reads_weights_body_fat_and_workouts_and_counts_the_rest() {
        let p = parse(FIXTURE).unwrap();
        let weights: Vec<_> = p
            .rows
            .iter()
            .filter_map(|r| match &r.data {
                RowData::Weight(w) => Some((w.date, w.weight_kg, r.line)),
                _ => None,
            })
            .collect();
        // The latest of Jan 8 (21:00, written between the 07:00 and 12:00 ones) wins.
        assert_eq!(weights.len(), 2, "{weights:?}");
        assert_eq!(weights[0], (day(8), 81.0, line_of("value=\"81.0\"")));
        // 23:50 at -08:00 is Jan 10 in UTC: the day written is kept; lb converted.
        assert_eq!(weights[1].0, day(9));
        assert!((weights[1].1 - 81.646_626_6).abs() < 1e-6);

        let fat: Vec<_> = p
            .rows
            .iter()
            .filter_map(|r| match &r.data {
                RowData::Measurement(m) => Some((m.date, m.kind, m.value)),
                _ => None,
            })
            .collect();
        assert_eq!(fat, [(day(8), Kind::BodyFat, 21.5)]);

        let activities: Vec<_> = p
            .rows
            .iter()
            .filter_map(|r| match &r.data {
                RowData::Activity(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            activities,
            [
                ActivityRow {
                    date: day(8),
                    name: "Running".to_owned(),
                    duration_min: Some(31),
                    kcal_burned: 250.0,
                },
                // iOS 16+: energy from its statistics (836.8 kJ = 200 kcal, + 50 kcal).
                ActivityRow {
                    date: day(8),
                    name: "Traditional strength training".to_owned(),
                    duration_min: Some(60),
                    kcal_burned: 250.0,
                },
                ActivityRow {
                    date: day(10),
                    name: "Cycling".to_owned(),
                    duration_min: Some(45),
                    kcal_burned: 400.0,
                },
            ]
        );

        assert_eq!(
            p.skipped,
            [
                super::super::Skip {
                    line: line_of("value=\"heavy\""),
                    reason: format!("{BODY_MASS}: value: \"heavy\" is not a number"),
                },
                super::super::Skip {
                    line: line_of("HKWorkoutActivityTypeYoga"),
                    reason: "Workout \"Yoga\" has no energy burned".to_owned(),
                },
            ]
        );
        assert_eq!(line_of("value=\"heavy\""), 27);

        let ignored: Vec<_> = p.ignored.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(
            ignored,
            [
                ("ActivitySummary", 1),
                ("HKQuantityTypeIdentifierBloodPressureSystolic", 1),
                ("HKQuantityTypeIdentifierHeartRateVariabilitySDNN", 1),
                ("HKQuantityTypeIdentifierStepCount", 2),
            ]
        );
        // Fingerprints repeat across reads and differ between rows.
        let again = parse(FIXTURE).unwrap();
        assert_eq!(p.rows, again.rows);
        let mut fps: Vec<_> = p.rows.iter().map(|r| &r.fingerprint).collect();
        fps.sort();
        fps.dedup();
        assert_eq!(fps.len(), p.rows.len());
    }

    #[test]
    fn bad_units_and_negative_values_are_skipped() {
        let doc = r#"<HealthData>
<Record type="HKQuantityTypeIdentifierBodyMass" unit="stone" startDate="2024-01-08 07:00:00 -0800" value="12"/>
<Record type="HKQuantityTypeIdentifierBodyMass" unit="kg" startDate="2024-01-08 07:00:00 -0800" value="-80"/>
<Workout workoutActivityType="HKWorkoutActivityTypeWalking" duration="20" durationUnit="min" totalEnergyBurned="100" totalEnergyBurnedUnit="steps" startDate="2024-01-08 07:00:00 -0800"/>
</HealthData>"#;
        let p = parse(doc).unwrap();
        assert!(p.rows.is_empty());
        let lines: Vec<u64> = p.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 3, 4], "{:?}", p.skipped);
        assert!(p.skipped[0].reason.contains("stone"));
        assert!(p.skipped[1].reason.contains("negative"));
        assert!(p.skipped[2].reason.contains("steps"));
    }

    #[test]
    fn other_documents_are_unreadable() {
        for doc in [
            "Date,Weight\n2024-01-01,80\n",
            "<?xml version=\"1.0\"?><ClinicalDocument/>",
            "<HealthData><Record></Nope></HealthData>",
            "",
        ] {
            assert!(
                matches!(parse(doc), Err(FileError::Unreadable(_))),
                "{doc:?}"
            );
        }
        assert_eq!(parse("<HealthData/>").unwrap(), Parsed::default());
    }

    #[test]
    fn activity_names() {
        assert_eq!(
            activity_name("HKWorkoutActivityTypeHighIntensityIntervalTraining"),
            "High intensity interval training"
        );
        assert_eq!(activity_name("HKWorkoutActivityTypeOther"), "Other");
    }

    /// An export generated on the fly: a header, then `records` step counts
    /// with a weight every 1000th record, then a workout and the end.
    struct Generated {
        records: u64,
        next: u64,
        chunk: Vec<u8>,
        pos: usize,
        done: bool,
    }

    impl Generated {
        fn new(records: u64) -> Self {
            let header = FIXTURE.split("<ExportDate").next().unwrap();
            Generated {
                records,
                next: 0,
                chunk: header.as_bytes().to_vec(),
                pos: 0,
                done: false,
            }
        }

        fn refill(&mut self) {
            use std::fmt::Write;
            self.chunk.clear();
            self.pos = 0;
            let mut s = String::with_capacity(64 * 1024);
            while s.len() < 60 * 1024 && self.next < self.records {
                let i = self.next;
                let d = 1 + (i / 1000) % 28;
                let (h, m) = ((i / 60) % 24, i % 60);
                if i % 1000 == 999 {
                    let _ = writeln!(
                        s,
                        r#" <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" creationDate="2024-02-{d:02} {h:02}:{m:02}:00 -0800" startDate="2024-02-{d:02} {h:02}:{m:02}:00 -0800" endDate="2024-02-{d:02} {h:02}:{m:02}:00 -0800" value="{}.5"/>"#,
                        60 + i % 40
                    );
                } else {
                    let _ = writeln!(
                        s,
                        r#" <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" creationDate="2024-02-{d:02} {h:02}:{m:02}:00 -0800" startDate="2024-02-{d:02} {h:02}:{m:02}:00 -0800" endDate="2024-02-{d:02} {h:02}:{m:02}:30 -0800" value="{}"/>"#,
                        i % 97
                    );
                }
                self.next += 1;
            }
            if self.next >= self.records && !self.done && s.len() < 60 * 1024 {
                s.push_str(r#" <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" totalEnergyBurned="250" totalEnergyBurnedUnit="kcal" startDate="2024-02-01 06:00:00 -0800" endDate="2024-02-01 06:30:00 -0800"/>"#);
                s.push_str("\n</HealthData>\n");
                self.done = true;
            }
            self.chunk.extend_from_slice(s.as_bytes());
        }
    }

    impl Read for Generated {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.pos == self.chunk.len() {
                if self.done {
                    return Ok(0);
                }
                self.refill();
            }
            let n = out.len().min(self.chunk.len() - self.pos);
            out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }

    fn parse_generated(records: u64) -> Parsed {
        let p = read(&mut BufReader::new(Generated::new(records))).unwrap();
        let weights = p
            .rows
            .iter()
            .filter(|r| matches!(r.data, RowData::Weight(_)))
            .count() as u64;
        assert_eq!(weights, (records / 1000).min(28));
        assert_eq!(
            p.ignored.get("HKQuantityTypeIdentifierStepCount").copied(),
            Some(records - records / 1000)
        );
        assert_eq!(p.rows.len() as u64, weights + 1);
        assert!(p.skipped.is_empty(), "{:?}", &p.skipped[..1]);
        // The workout is on the generated document's last line but two.
        let header_lines = FIXTURE.split("<ExportDate").next().unwrap().lines().count() as u64;
        let workout = p
            .rows
            .iter()
            .find(|r| matches!(r.data, RowData::Activity(_)));
        assert_eq!(workout.unwrap().line, header_lines + records);
        p
    }

    #[test]
    fn a_generated_stream_is_read() {
        parse_generated(20_000);
    }

    /// About 200 MB of records (each line is about 250 bytes).
    #[test]
    #[ignore = "reads 200 MB: slow in debug builds"]
    fn a_200_mb_generated_stream_is_read() {
        parse_generated(800_000);
    }
}
