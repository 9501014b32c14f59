//! Reading other trackers' exports (data.md §1): each format's parser turns
//! a file into [`Parsed`] rows in our units, the rows it could not read as
//! [`Skip`]s with their line, and what it ignores by design as counts. No
//! I/O beyond the reader it is handed; storing is the operations' business.
//!
//! A parser never guesses: a cell it cannot read makes the row a skip, a
//! blank cell is an unknown amount, never 0.

pub mod apple_health;
pub mod cells;
pub mod cronometer;
pub mod health_auto_export;
pub mod keys;
pub mod loseit;
pub mod meals;
pub mod members;
pub mod mfp;
pub mod nutrinube;
pub mod table;
pub mod units;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::meal::Meal;
use super::measurements::Kind;

/// The formats `POST /imports?format=` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Mfp,
    Cronometer,
    Loseit,
    AppleHealth,
    Nutrinube,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Mfp,
        Format::Cronometer,
        Format::Loseit,
        Format::AppleHealth,
        Format::Nutrinube,
    ];

    /// The query parameter's value, also the imported entries' `source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Mfp => "mfp",
            Format::Cronometer => "cronometer",
            Format::Loseit => "loseit",
            Format::AppleHealth => "apple-health",
            Format::Nutrinube => "nutrinube",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A food entry read from a file, in kcal, g and our detail units.
#[derive(Clone, Debug, PartialEq)]
pub struct FoodRow {
    pub date: NaiveDate,
    pub meal: Meal,
    /// The entry's name; a meal name that is not one of ours is kept in it
    /// ("Post-Workout: Banana"), see [`meals`].
    pub name: String,
    pub calories: f64,
    /// Unknown macros are `None` (stored as 0, as an entry by hand).
    pub protein_g: Option<f64>,
    pub fat_g: Option<f64>,
    pub carbs_g: Option<f64>,
    /// Known detail amounts by key of `nutrients::DETAIL_KEYS`, in that
    /// key's unit; a key absent is unknown.
    pub details: Vec<(&'static str, f64)>,
}

/// An activity read from a file; `kcal_burned` is positive.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityRow {
    pub date: NaiveDate,
    pub name: String,
    pub duration_min: Option<i64>,
    pub kcal_burned: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WeightRow {
    pub date: NaiveDate,
    pub weight_kg: f64,
}

/// One measurement of a day (a day's several kinds come as several rows).
#[derive(Clone, Debug, PartialEq)]
pub struct MeasurementRow {
    pub date: NaiveDate,
    pub kind: Kind,
    /// In the kind's unit: cm for lengths, % for body fat.
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WaterRow {
    pub date: NaiveDate,
    pub ml: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RowData {
    Food(FoodRow),
    Activity(ActivityRow),
    Weight(WeightRow),
    Measurement(MeasurementRow),
    Water(WaterRow),
}

impl RowData {
    pub fn date(&self) -> NaiveDate {
        match self {
            RowData::Food(r) => r.date,
            RowData::Activity(r) => r.date,
            RowData::Weight(r) => r.date,
            RowData::Measurement(r) => r.date,
            RowData::Water(r) => r.date,
        }
    }

    /// What the warnings about identical rows name the row by.
    pub fn label(&self) -> String {
        match self {
            RowData::Food(r) => r.name.clone(),
            RowData::Activity(r) => r.name.clone(),
            RowData::Weight(_) => "weight".to_owned(),
            RowData::Measurement(r) => r.kind.field().to_owned(),
            RowData::Water(_) => "water".to_owned(),
        }
    }
}

/// A row read, with where it was and what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedRow {
    /// The line (CSV: the record's first line, the header being line 1;
    /// XML: the element's line) the row was read from.
    pub line: u64,
    /// The row's content as read (for a CSV the cells that make the row,
    /// trimmed, joined by a unit separator): two rows with the same
    /// fingerprint are identical rows (see [`keys`]).
    pub fingerprint: String,
    pub data: RowData,
}

/// A row left out, and why (English, shown as written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    pub line: u64,
    pub reason: String,
}

/// The most rows one import reads (ten years of a detailed diary are about
/// 60,000): past it the file is refused, so that memory stays bounded
/// whatever a zip expands to.
pub const MAX_ROWS: usize = 200_000;

/// The most skips kept with their reasons (the answer lists 1,000).
pub const SKIPS_KEPT: usize = 10_000;

/// What a parser read from one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub rows: Vec<ParsedRow>,
    /// The first [`SKIPS_KEPT`] skips; `skipped_total` counts them all.
    pub skipped: Vec<Skip>,
    pub skipped_total: u64,
    /// Records ignored by design (Apple Health's step counts, …), counted by
    /// their type.
    pub ignored: BTreeMap<String, u64>,
}

impl Parsed {
    pub fn skip(&mut self, line: u64, reason: impl Into<String>) {
        self.push_skip(Skip {
            line,
            reason: reason.into(),
        });
    }

    /// Keeps a skip while fewer than [`SKIPS_KEPT`] are, counts it always: a
    /// file of nothing but bad rows does not fill the memory with reasons.
    pub fn push_skip(&mut self, skip: Skip) {
        self.skipped_total += 1;
        if self.skipped.len() < SKIPS_KEPT {
            self.skipped.push(skip);
        }
    }

    /// Refuses the file once it holds more rows than an import takes.
    pub fn check_size(&self) -> Result<(), FileError> {
        if self.rows.len() > MAX_ROWS {
            Err(FileError::Unreadable(format!(
                "the file holds more than {MAX_ROWS} rows: import it in parts"
            )))
        } else {
            Ok(())
        }
    }

    pub fn ignore(&mut self, kind: &str) {
        *self.ignored.entry(kind.to_owned()).or_default() += 1;
    }

    /// Adds what another file of the same import read.
    pub fn extend(&mut self, other: Parsed) {
        self.rows.extend(other.rows);
        self.skipped_total += other.skipped_total;
        let room = SKIPS_KEPT.saturating_sub(self.skipped.len());
        self.skipped.extend(other.skipped.into_iter().take(room));
        for (kind, n) in other.ignored {
            *self.ignored.entry(kind).or_default() += n;
        }
    }
}

/// Why a whole file cannot be read: the import is refused with it (a 422
/// naming `file`, or `weight_unit`), nothing imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Not the format's file: wrong header, not CSV/XML/JSON, not UTF-8.
    #[error("{0}")]
    Unreadable(String),
    /// The file has weights without saying their unit and none was given.
    #[error("the file's weights need weight_unit=kg or weight_unit=lb")]
    WeightUnitNeeded,
}

/// What a parser needs beyond the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// MyFitnessPal's weights, whose unit its file does not say.
    pub weight_unit: Option<units::WeightUnit>,
}
