//! Apple Health's `export.xml`, read as a stream (real files are
//! gigabytes): one element at a time into a reused buffer, so that memory
//! grows with what is kept (a weight and a body-fat value a day, the
//! workouts), never with the file.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::BufRead;

use chrono::{NaiveDate, NaiveDateTime};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::cells;
use super::keys::fingerprint;
use super::units::{self, WeightUnit};
use super::{ActivityRow, FileError, MeasurementRow, Parsed, ParsedRow, RowData, Skip, WeightRow};
use crate::domain::measurements::Kind;

const BODY_MASS: &str = "HKQuantityTypeIdentifierBodyMass";
const BODY_FAT: &str = "HKQuantityTypeIdentifierBodyFatPercentage";
const ACTIVE_ENERGY: &str = "HKQuantityTypeIdentifierActiveEnergyBurned";

/// Whether the file is Apple Health's export, given its first bytes
/// `head`: `export.xml` by name, or another `.xml` whose head declares a
/// `HealthData` document (the phone names the file in its language:
/// `exportar.xml`, `Exportieren.xml`…), never the clinical documents beside
/// it (`export_cda.xml`); an XML document when unnamed.
pub fn is_export(base: Option<&str>, head: &str) -> bool {
    let declares_health_data =
        || head.contains("<!DOCTYPE HealthData") || head.contains("<HealthData");
    match base.map(str::to_lowercase) {
        Some(b) if b == "export.xml" => true,
        Some(b) => b.ends_with(".xml") && !b.ends_with("_cda.xml") && declares_health_data(),
        None => head
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    }
}

pub fn read(reader: &mut dyn BufRead) -> Result<Parsed, FileError> {
    let mut xml = quick_xml::Reader::from_reader(Lines {
        inner: reader,
        offset: 0,
        newlines: VecDeque::new(),
        before: 0,
    });
    let mut buf = Vec::with_capacity(4096);
    let mut export = Export::default();
    let mut depth = 0usize;
    let mut root_seen = false;
    loop {
        let at = xml.buffer_position();
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            let end = xml.buffer_position();
            let line = xml.get_mut().line_at(end);
            FileError::Unreadable(format!("not readable XML at line {line}: {e}"))
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if !root_seen => {
                if e.local_name().as_ref() != "HealthData" {
                    return Err(not_an_export());
                }
                root_seen = true;
                depth = 1;
            }
            Event::Start(e) => {
                let line = xml.get_mut().line_at(at + 1);
                export.element(&e, depth, line, false);
                depth += 1;
            }
            Event::Empty(e) => {
                let line = xml.get_mut().line_at(at + 1);
                export.element(&e, depth, line, true);
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == "Workout" {
                    export.end_workout();
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        export.parsed.check_size()?;
    }
    if !root_seen {
        return Err(not_an_export());
    }
    Ok(export.finish())
}

fn not_an_export() -> FileError {
    FileError::Unreadable("not an Apple Health export (no HealthData element)".to_owned())
}

/// What has been read so far.
#[derive(Default)]
struct Export {
    parsed: Parsed,
    /// The latest value of each day: its time, and the row.
    weights: HashMap<NaiveDate, (NaiveDateTime, ParsedRow)>,
    body_fat: HashMap<NaiveDate, (NaiveDateTime, ParsedRow)>,
    /// The workout whose children are being read.
    workout: Option<Workout>,
}

struct Workout {
    line: u64,
    attributes: Attributes,
    /// kcal from its WorkoutStatistics of active energy (iOS 16 and later
    /// write these instead of `totalEnergyBurned`).
    statistics_kcal: Option<f64>,
    bad: Option<String>,
}

/// An element's attributes by name.
type Attributes = BTreeMap<String, String>;

impl Export {
    fn element(&mut self, e: &BytesStart, depth: usize, line: u64, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        let attributes = match attributes_of(e) {
            Ok(a) => a,
            Err(reason) => {
                self.parsed.push_skip(Skip { line, reason });
                return;
            }
        };
        match name {
            "Record" => self.record(&attributes, line),
            "Workout" => {
                self.workout = Some(Workout {
                    line,
                    attributes,
                    statistics_kcal: None,
                    bad: None,
                });
                if empty {
                    self.end_workout();
                }
            }
            "WorkoutStatistics" => {
                if let Some(w) = &mut self.workout
                    && attributes.get("type").map(String::as_str) == Some(ACTIVE_ENERGY)
                {
                    match energy(&attributes, "sum", "unit") {
                        Ok(Some(kcal)) => *w.statistics_kcal.get_or_insert(0.0) += kcal,
                        Ok(None) => {}
                        Err(reason) => w.bad = Some(reason),
                    }
                }
            }
            // Top-level elements other than records and workouts (activity
            // summaries, clinical records, audiograms, …) are counted.
            other if depth == 1 && !matches!(other, "ExportDate" | "Me") => {
                self.parsed.ignore(other);
            }
            _ => {}
        }
    }

    fn record(&mut self, a: &Attributes, line: u64) {
        let kind = a.get("type").map(String::as_str).unwrap_or("");
        if kind != BODY_MASS && kind != BODY_FAT {
            self.parsed
                .ignore(if kind.is_empty() { "Record" } else { kind });
            return;
        }
        match record_row(kind, a, line) {
            Ok((at, row)) => {
                let day = row.data.date();
                let days = if kind == BODY_MASS {
                    &mut self.weights
                } else {
                    &mut self.body_fat
                };
                // The latest of the day is kept; equal times keep the later line.
                if days.get(&day).is_none_or(|(held, _)| at >= *held) {
                    days.insert(day, (at, row));
                }
            }
            Err(reason) => self.parsed.skip(line, reason),
        }
    }

    fn end_workout(&mut self) {
        let Some(w) = self.workout.take() else {
            return;
        };
        match workout_row(&w) {
            Ok(row) => self.parsed.rows.push(row),
            Err(reason) => self.parsed.skip(w.line, reason),
        }
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

fn attributes_of(e: &BytesStart) -> Result<Attributes, String> {
    let mut out = Attributes::new();
    for a in e.attributes() {
        let a = a.map_err(|err| format!("an attribute cannot be read: {err}"))?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| format!("an attribute cannot be read: {err}"))?;
        out.insert(a.key.local_name().as_ref().to_owned(), value.into_owned());
    }
    Ok(out)
}

fn get<'a>(a: &'a Attributes, name: &str) -> &'a str {
    a.get(name).map(String::as_str).unwrap_or("")
}

/// The day and time written in `startDate`.
fn start(a: &Attributes) -> Result<NaiveDateTime, String> {
    let start = get(a, "startDate");
    if start.is_empty() {
        return Err("no startDate".to_owned());
    }
    cells::local_date_time(start)
}

fn record_row(kind: &str, a: &Attributes, line: u64) -> Result<(NaiveDateTime, ParsedRow), String> {
    let at = start(a)?;
    let value = cells::number(get(a, "value"))?.ok_or("no value")?;
    let unit = get(a, "unit");
    let data = if kind == BODY_MASS {
        let unit = WeightUnit::parse(unit)
            .ok_or_else(|| format!("\"{}\" is not a unit of weight", cells::shorten(unit)))?;
        RowData::Weight(WeightRow {
            date: at.date(),
            weight_kg: unit.to_kg(value),
        })
    } else {
        // Apple writes a fraction with the unit "%": 0.215 is 21.5 %.
        let percent = match unit {
            "%" | "" => value * 100.0,
            other => {
                return Err(format!(
                    "\"{}\" is not a unit of body fat",
                    cells::shorten(other)
                ));
            }
        };
        RowData::Measurement(MeasurementRow {
            date: at.date(),
            kind: Kind::BodyFat,
            value: percent,
        })
    };
    let fingerprint = fingerprint(
        [kind, "startDate", "endDate", "value", "unit", "sourceName"]
            .iter()
            .enumerate()
            .map(|(i, n)| if i == 0 { *n } else { get(a, n) }),
    );
    Ok((
        at,
        ParsedRow {
            line,
            fingerprint,
            data,
        },
    ))
}

/// An energy given as `value_attr` in `unit_attr`, in kcal.
fn energy(a: &Attributes, value_attr: &str, unit_attr: &str) -> Result<Option<f64>, String> {
    let Some(value) = cells::number(get(a, value_attr))? else {
        return Ok(None);
    };
    let unit = get(a, unit_attr);
    units::kcal(value, unit)
        .map(Some)
        .ok_or_else(|| format!("\"{}\" is not a unit of energy", cells::shorten(unit)))
}

fn workout_row(w: &Workout) -> Result<ParsedRow, String> {
    if let Some(bad) = &w.bad {
        return Err(bad.clone());
    }
    let a = &w.attributes;
    let at = start(a)?;
    let kcal = match energy(a, "totalEnergyBurned", "totalEnergyBurnedUnit")? {
        Some(kcal) => kcal,
        None => w
            .statistics_kcal
            .ok_or("the workout has no energy burned")?,
    };
    if kcal < 0.0 {
        return Err("the workout's energy burned is negative".to_owned());
    }
    let duration_min = match cells::number(get(a, "duration"))? {
        Some(d) => {
            let minutes = match get(a, "durationUnit") {
                "min" | "" => d,
                "s" | "sec" => d / 60.0,
                "h" | "hr" => d * 60.0,
                other => {
                    return Err(format!(
                        "\"{}\" is not a unit of time",
                        cells::shorten(other)
                    ));
                }
            };
            Some(minutes.round() as i64)
        }
        None => cells::local_date_time(get(a, "endDate"))
            .ok()
            .map(|end| (end - at).num_seconds() as f64 / 60.0)
            .filter(|m| *m >= 0.0)
            .map(|m| m.round() as i64),
    };
    let kind = get(a, "workoutActivityType");
    Ok(ParsedRow {
        line: w.line,
        fingerprint: fingerprint(
            ["workoutActivityType", "startDate", "endDate", "sourceName"]
                .iter()
                .map(|n| get(a, n)),
        ),
        data: RowData::Activity(ActivityRow {
            date: at.date(),
            name: workout_name(kind),
            duration_min,
            kcal_burned: kcal,
        }),
    })
}

/// `HKWorkoutActivityTypeTraditionalStrengthTraining` → "Traditional
/// strength training".
fn workout_name(kind: &str) -> String {
    let words = kind.strip_prefix("HKWorkoutActivityType").unwrap_or(kind);
    let mut out = String::new();
    for (i, c) in words.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
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

/// Counts the lines of what the XML reader consumes, to name an element's
/// line from its byte offset.
struct Lines<'r> {
    inner: &'r mut dyn BufRead,
    offset: u64,
    /// Offsets of line breaks consumed but not yet passed by an element.
    newlines: VecDeque<u64>,
    before: u64,
}

impl std::io::Read for Lines<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Lines<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            for (i, b) in buf[..n.min(buf.len())].iter().enumerate() {
                if *b == b'\n' {
                    self.newlines.push_back(self.offset + i as u64);
                }
            }
        }
        self.offset += n as u64;
        self.inner.consume(n);
    }
}

impl Lines<'_> {
    /// The line (from 1) of byte `at`; asked in order, so each break is
    /// counted once and forgotten.
    fn line_at(&mut self, at: u64) -> u64 {
        while self.newlines.front().is_some_and(|o| *o < at) {
            self.newlines.pop_front();
            self.before += 1;
        }
        self.before + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = include_str!("../../../tests/fixtures/imports/apple-health/export.xml");

    fn parse(xml: &[u8]) -> Result<Parsed, FileError> {
        let mut reader = std::io::BufReader::with_capacity(64, xml);
        read(&mut reader)
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weights_body_fat_and_both_shapes_of_workout() {
        let p = parse(EXPORT.as_bytes()).unwrap();
        let weights: Vec<&WeightRow> = p
            .rows
            .iter()
            .filter_map(|r| match &r.data {
                RowData::Weight(w) => Some(w),
                _ => None,
            })
            .collect();
        // The latest of the day, in the day written (23:40 at -08:00 is the
        // next day in UTC).
        assert_eq!(weights.len(), 2);
        assert_eq!(weights[0].date, day("2024-01-08"));
        assert!((weights[0].weight_kg - 166.8 * 0.453_592_37).abs() < 1e-9);
        assert_eq!(
            (weights[1].date, weights[1].weight_kg),
            (day("2024-01-09"), 75.2)
        );
        let fat: Vec<&MeasurementRow> = p
            .rows
            .iter()
            .filter_map(|r| match &r.data {
                RowData::Measurement(m) => Some(m),
                _ => None,
            })
            .collect();
        assert_eq!(fat.len(), 1);
        assert_eq!(
            (fat[0].kind, fat[0].date),
            (Kind::BodyFat, day("2024-01-08"))
        );
        assert!((fat[0].value - 24.3).abs() < 1e-9);
        let workouts: Vec<&ActivityRow> = p
            .rows
            .iter()
            .filter_map(|r| match &r.data {
                RowData::Activity(a) => Some(a),
                _ => None,
            })
            .collect();
        assert_eq!(workouts.len(), 2);
        assert_eq!(
            (workouts[0].name.as_str(), workouts[0].duration_min),
            ("Running", Some(33))
        );
        assert!(
            (workouts[0].kcal_burned - 1338.9 / 4.184).abs() < 1e-9,
            "kJ"
        );
        assert_eq!(workouts[1].name, "Traditional strength training");
        assert_eq!(workouts[1].date, day("2024-01-09"));
        assert_eq!(
            (workouts[1].kcal_burned, workouts[1].duration_min),
            (210.5, Some(45))
        );
        // A weight in stone and a workout without energy, with their lines.
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
        assert_eq!(p.skipped[0].line, 31);
        assert!(p.skipped[0].reason.contains("stone"));
        assert_eq!(p.skipped[1].line, 51);
        assert!(p.skipped[1].reason.contains("no energy"));
        assert_eq!(p.ignored.get("HKQuantityTypeIdentifierHeartRate"), Some(&2));
        assert_eq!(p.ignored.get("HKQuantityTypeIdentifierStepCount"), Some(&1));
        assert_eq!(
            p.ignored
                .get("HKQuantityTypeIdentifierBloodPressureSystolic"),
            Some(&1)
        );
        assert_eq!(p.ignored.get("ActivitySummary"), Some(&2));
        assert_eq!(p.ignored.get("Correlation"), Some(&1));
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(parse(b"<?xml version=\"1.0\"?><ClinicalDocument/>").is_err());
        assert!(parse(b"not xml at all").is_err());
        assert!(parse(b"<HealthData><Record type=\"x\"").is_err());
        assert!(is_export(Some("export.xml"), ""));
        assert!(!is_export(Some("export_cda.xml"), "<?xml"));
        assert!(is_export(None, "\u{feff}<?xml version=\"1.0\"?>"));
        // Named in the phone's language.
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HealthData [\n";
        assert!(is_export(Some("exportar.xml"), head));
        assert!(is_export(Some("Exportieren.xml"), head));
        assert!(!is_export(Some("exportar_cda.xml"), head));
        assert!(!is_export(Some("route_2024-01-01.gpx"), head));
        assert!(!is_export(
            Some("notes.xml"),
            "<?xml version=\"1.0\"?>\n<notes>"
        ));
    }

    /// An export of `records` step counts and a weight a day, made as it is
    /// read: never held whole.
    struct Generated {
        records: u64,
        next: u64,
        pending: Vec<u8>,
        done: bool,
    }

    impl std::io::Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            while self.pending.is_empty() && !self.done {
                if self.next == 0 {
                    self.pending.extend_from_slice(
                        b"<?xml version=\"1.0\"?>\n<HealthData locale=\"en_US\">\n",
                    );
                } else if self.next > self.records {
                    self.pending.extend_from_slice(b"</HealthData>\n");
                    self.done = true;
                } else {
                    let n = self.next;
                    let d = day("2020-01-01") + chrono::Days::new(n / 500);
                    let kind = if n.is_multiple_of(500) {
                        BODY_MASS
                    } else {
                        "HKQuantityTypeIdentifierStepCount"
                    };
                    self.pending.extend_from_slice(
                        format!(
                            " <Record type=\"{kind}\" sourceName=\"Phone\" unit=\"kg\" startDate=\"{d} 07:{:02}:00 -0800\" endDate=\"{d} 07:59:00 -0800\" value=\"{}\"/>\n",
                            n % 60,
                            70 + n % 7
                        )
                        .as_bytes(),
                    );
                }
                self.next += 1;
            }
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn a_large_stream_keeps_one_weight_a_day() {
        let records = 200_000;
        let mut reader = std::io::BufReader::new(Generated {
            records,
            next: 0,
            pending: Vec::new(),
            done: false,
        });
        let p = read(&mut reader).unwrap();
        assert_eq!(p.rows.len() as u64, records / 500);
        assert_eq!(
            p.ignored.get("HKQuantityTypeIdentifierStepCount").copied(),
            Some(records - records / 500)
        );
    }
}
