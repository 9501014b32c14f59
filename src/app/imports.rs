//! Imports of other trackers' exports (data.md §1): the file read by the
//! format's parser (a zip opened member by member, streamed), each row
//! checked by the rules of an entry by hand, keyed, and written all at once
//! (or, for a dry run, written and rolled back); the answer is kept as the
//! import's record. Large files are read off the request path.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tempfile::TempPath;

use super::food_amounts::AMOUNT;
use super::goals::WEIGHT_KG;
use super::input::Measure;
use super::{Actor, App, AppError, AppResult, Check, DATE_YEARS};
use crate::domain::imports::nutrinube::SourcedRow;
use crate::domain::imports::units::WeightUnit;
use crate::domain::imports::{
    FileError, Format, Options, Parsed, ParsedRow, RowData, Skip, keys, members, nutrinube,
};
use crate::domain::nutrients::{Details, Nutrients};
use crate::domain::water::ENTRY_ML;
use crate::locale::msg;
use crate::store::{
    ActivityEntryInsert, FoodEntryInsert, ImportRecord, ImportWrite, KeyedWrite, Repeat, Weight,
    Written,
};

/// The largest file taken (413 past it).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;
/// Files larger than this are imported off the request path (202).
pub const BACKGROUND_BYTES: u64 = 4 * 1024 * 1024;
/// What a zip may expand to: Apple Health's export.xml reaches gigabytes;
/// past this it is a zip bomb, not an export.
const MAX_EXPANDED_BYTES: u64 = 16 * 1024 * 1024 * 1024;
/// A zip's members looked at, at most.
const MAX_ZIP_MEMBERS: usize = 10_000;
/// Skipped rows and warnings listed in an answer, at most (the totals are
/// always given).
const LISTED: usize = 1000;
/// Imports read at once in this process (each holds a file and, while it
/// writes, the account's lock).
pub const IMPORTS_AT_ONCE: usize = 2;

/// The accounts with an import running in this process.
#[derive(Clone, Debug, Default)]
pub struct Importing(Arc<std::sync::Mutex<std::collections::HashSet<i64>>>);

/// An account's turn to import; ends when dropped.
struct ImportTurn {
    importing: Importing,
    account_id: i64,
}

impl Importing {
    /// The account's turn, unless one of its imports runs already: two at
    /// once would both create the custom foods of our own export.
    fn take(&self, account_id: i64) -> AppResult<ImportTurn> {
        let mut running = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !running.insert(account_id) {
            return Err(AppError::Conflict(msg("import-already-running")));
        }
        Ok(ImportTurn {
            importing: self.clone(),
            account_id,
        })
    }
}

impl Drop for ImportTurn {
    fn drop(&mut self) {
        let mut running = self.importing.0.lock().unwrap_or_else(|e| e.into_inner());
        running.remove(&self.account_id);
    }
}

/// The import as asked: `format`, `dry_run`, `dedupe`, `weight_unit`, as
/// sent in the query.
#[derive(Debug, Default)]
pub struct ImportCommand {
    pub format: super::Input<String>,
    pub dry_run: super::Input<String>,
    pub dedupe: super::Input<String>,
    pub weight_unit: super::Input<String>,
}

/// The uploaded file, spooled to disk by the front end.
#[derive(Debug)]
pub struct ImportFile {
    pub path: TempPath,
    /// Its file name, when the upload gave one.
    pub name: Option<String>,
    pub len: u64,
}

/// Writes an upload to a temporary file as it arrives, refusing it past
/// [`MAX_IMPORT_BYTES`] (`AppError::TooLarge`) and naming `file` when it
/// breaks off.
pub async fn spool<S, B, E>(mut stream: S, name: Option<String>) -> AppResult<ImportFile>
where
    S: futures_util::Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    use futures_util::StreamExt;
    use tokio::io::AsyncWriteExt;
    let internal = |e: std::io::Error| AppError::Internal(e.into());
    let temp = tempfile::NamedTempFile::new().map_err(internal)?;
    let (std_file, path) = temp.into_parts();
    let mut file = tokio::fs::File::from_std(std_file);
    let mut len: u64 = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::invalid(
                "file",
                msg("import-broke-off").arg("problem", e.to_string()),
            )
        })?;
        let bytes = chunk.as_ref();
        len += bytes.len() as u64;
        if len > MAX_IMPORT_BYTES {
            return Err(AppError::TooLarge {
                max_bytes: MAX_IMPORT_BYTES,
            });
        }
        file.write_all(bytes).await.map_err(internal)?;
    }
    file.flush().await.map_err(internal)?;
    Ok(ImportFile { path, name, len })
}

/// How many rows of each kind were (or, for a dry run, would be) written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportCounts {
    pub food_entries: u64,
    pub activity_entries: u64,
    pub weights: u64,
    pub measurements: u64,
    pub water_entries: u64,
    /// Of our own export only: what it creates besides the diary.
    pub custom_foods: u64,
    pub recipes: u64,
    pub saved_meals: u64,
}

/// A group of rows identical in every column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdenticalRows {
    pub date: NaiveDate,
    pub name: String,
    pub count: u64,
    /// The line of the group's first row.
    pub line: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    pub line: u64,
    pub reason: String,
}

/// What an import did, as kept in its record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportReport {
    pub counts: ImportCounts,
    /// Rows already held (an earlier import of the same rows).
    pub unchanged: u64,
    pub skipped: Vec<SkippedRow>,
    pub skipped_total: u64,
    pub warnings: Vec<IdenticalRows>,
    pub warnings_total: u64,
    /// Records ignored by design, counted by type.
    pub ignored: BTreeMap<String, u64>,
    /// Why a background import failed.
    pub problem: Option<String>,
}

/// An import, as answered.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportView {
    pub id: i64,
    pub format: String,
    pub status: ImportStatus,
    pub dry_run: bool,
    pub report: ImportReport,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportStatus {
    Running,
    Done,
    Failed,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Running => "running",
            ImportStatus::Done => "done",
            ImportStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> ImportStatus {
        match s {
            "running" => ImportStatus::Running,
            "done" => ImportStatus::Done,
            _ => ImportStatus::Failed,
        }
    }
}

/// The checked command.
#[derive(Clone, Copy, Debug)]
struct Asked {
    format: Format,
    dry_run: bool,
    dedupe: bool,
    options: Options,
}

fn check_command(cmd: ImportCommand) -> AppResult<Asked> {
    let mut check = Check::new();
    let format = check.required("format", cmd.format);
    let allowed: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
    let format = check.one_of("format", format, Format::parse, &allowed.join(", "));
    let flag = |check: &mut Check, field: &str, input| -> bool {
        let v = check.optional(field, input);
        check
            .one_of(
                field,
                v,
                |s| match s {
                    "true" | "1" => Some(true),
                    "false" | "0" => Some(false),
                    _ => None,
                },
                "true, false",
            )
            .unwrap_or(false)
    };
    let dry_run = flag(&mut check, "dry_run", cmd.dry_run);
    let dedupe = check.optional("dedupe", cmd.dedupe);
    let dedupe = check.one_of(
        "dedupe",
        dedupe,
        |s| match s {
            "identical" => Some(true),
            "none" => Some(false),
            _ => None,
        },
        "identical, none",
    );
    let unit = check.optional("weight_unit", cmd.weight_unit);
    let weight_unit = check.one_of(
        "weight_unit",
        unit,
        |s| match s {
            "kg" => Some(WeightUnit::Kg),
            "lb" => Some(WeightUnit::Lb),
            _ => None,
        },
        "kg, lb",
    );
    check.finish()?;
    Ok(Asked {
        format: format.unwrap_or(Format::Nutrinube),
        dry_run,
        dedupe: dedupe.unwrap_or(false),
        options: Options { weight_unit },
    })
}

impl App {
    /// Imports `file`; a large one is read off the request path and
    /// answered `running` (poll `import`). A file that cannot be read at all
    /// is refused (naming `file`, or `weight_unit`) and imports nothing.
    pub async fn import(
        &self,
        actor: &Actor,
        cmd: ImportCommand,
        file: ImportFile,
    ) -> AppResult<ImportView> {
        let asked = check_command(cmd)?;
        if file.len > MAX_IMPORT_BYTES {
            return Err(AppError::TooLarge {
                max_bytes: MAX_IMPORT_BYTES,
            });
        }
        let turn = self.importing.take(actor.account_id)?;
        let slot = Arc::clone(&self.imports)
            .try_acquire_owned()
            .map_err(|_| AppError::Busy { retry_after: 10 })?;
        let started_at = crate::store::now();
        if file.len <= BACKGROUND_BYTES {
            let report = self.run_import(actor, asked, file).await?;
            drop((slot, turn));
            let record = record_of(asked, ImportStatus::Done, &report, started_at)?;
            let record = self.store.insert_import(actor.account_id, &record).await?;
            return view(record);
        }
        let record = record_of(
            asked,
            ImportStatus::Running,
            &ImportReport::default(),
            started_at,
        )?;
        let record = self.store.insert_import(actor.account_id, &record).await?;
        let app = self.clone();
        let actor = actor.clone();
        let id = record.id;
        tokio::spawn(async move {
            let (status, report) = match app.run_import(&actor, asked, file).await {
                Ok(report) => (ImportStatus::Done, report),
                Err(err) => {
                    tracing::warn!(import = id, error = %err, "import failed");
                    let report = ImportReport {
                        problem: Some(err.detail()),
                        ..ImportReport::default()
                    };
                    (ImportStatus::Failed, report)
                }
            };
            drop((slot, turn));
            let report = serde_json::to_string(&report).unwrap_or_else(|_| "{}".to_owned());
            if let Err(err) = app
                .store
                .finish_import(actor.account_id, id, status.as_str(), &report)
                .await
            {
                tracing::error!(import = id, error = %err, "recording the end of an import failed");
            }
        });
        view(record)
    }

    pub async fn import_view(&self, actor: &Actor, id: i64) -> AppResult<ImportView> {
        match self.store.import_record(actor.account_id, id).await? {
            Some(record) => view(record),
            None => Err(AppError::NotFound),
        }
    }

    /// The newest imports, newest first.
    pub async fn import_views(&self, actor: &Actor) -> AppResult<Vec<ImportView>> {
        self.store
            .import_records(actor.account_id)
            .await?
            .into_iter()
            .map(view)
            .collect()
    }

    async fn run_import(
        &self,
        actor: &Actor,
        asked: Asked,
        file: ImportFile,
    ) -> AppResult<ImportReport> {
        if asked.format == Format::Nutrinube {
            return self.import_nutrinube(actor, asked, file).await;
        }
        let format = asked.format;
        let options = asked.options;
        let parsed = tokio::task::spawn_blocking(move || read_file(format, &file, options))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("import reader stopped: {e}")))?
            .map_err(file_error)?;
        let source = Some(format.as_str().to_owned());
        let rows = parsed
            .rows
            .into_iter()
            .map(|row| SourcedRow {
                row,
                source: source.clone(),
                food: None,
            })
            .collect();
        let rest = Parsed {
            rows: Vec::new(),
            ..parsed
        };
        self.write_parsed(
            actor,
            format,
            rows,
            rest,
            &HashMap::new(),
            asked.dedupe,
            Repeat::Keep,
            asked.dry_run,
        )
        .await
    }

    /// Checks, keys and writes `rows` (each with its entry's `source`),
    /// with what else the parser read in `rest`; answers the report.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn write_parsed(
        &self,
        actor: &Actor,
        format: Format,
        rows: Vec<SourcedRow>,
        rest: Parsed,
        food_ids: &HashMap<i64, i64>,
        dedupe: bool,
        repeat: Repeat,
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        let mut links = Vec::with_capacity(rows.len());
        let mut sources = Vec::with_capacity(rows.len());
        let rows: Vec<ParsedRow> = rows
            .into_iter()
            .map(|r| {
                links.push(r.food);
                sources.push(r.source);
                r.row
            })
            .collect();
        let mut visible: HashMap<i64, bool> = HashMap::new();
        let keyed = keys::keyed(format, &rows);
        let mut report = ImportReport {
            ignored: rest.ignored,
            ..ImportReport::default()
        };
        // Skips the parser counted but did not keep.
        let uncounted = rest.skipped_total - rest.skipped.len() as u64;
        let mut skipped: Vec<Skip> = rest.skipped;
        report.warnings = identical_groups(&rows, &keyed);
        let mut writes = Vec::new();
        let mut lines = Vec::new();
        for (((row, source), link), (occurrence, key)) in
            rows.into_iter().zip(sources).zip(links).zip(keyed)
        {
            if dedupe && occurrence > 1 {
                continue;
            }
            match checked_write(row.data) {
                Ok(mut write) => {
                    // An entry of a food keeps it when this account sees it.
                    if let (ImportWrite::Food(entry), Some((file_id, grams))) = (&mut write, link) {
                        let id = *food_ids.get(&file_id).unwrap_or(&file_id);
                        let seen = match visible.get(&id) {
                            Some(seen) => *seen,
                            None => {
                                let seen = self
                                    .store
                                    .visible_food(actor.account_id, id)
                                    .await?
                                    .is_some();
                                visible.insert(id, seen);
                                seen
                            }
                        };
                        if seen {
                            entry.food_id = Some(id);
                            entry.quantity_g = grams;
                        }
                    }
                    writes.push(KeyedWrite { key, source, write });
                    lines.push(row.line);
                }
                Err(reason) => skipped.push(Skip {
                    line: row.line,
                    reason,
                }),
            }
        }
        let written = self
            .store
            .write_imported(actor.account_id, &writes, repeat, dry_run)
            .await?;
        for ((write, line), outcome) in writes.iter().zip(lines).zip(written) {
            match outcome {
                Written::Added | Written::Replaced => count(&mut report.counts, &write.write),
                Written::Unchanged => report.unchanged += 1,
                Written::OverQuota(quota) => skipped.push(Skip {
                    line,
                    reason: format!(
                        "{} ({})",
                        msg(quota.refusal_key)
                            .arg("limit", quota.limit as f64)
                            .english(),
                        quota.name
                    ),
                }),
                Written::Contradicts { held } => skipped.push(Skip {
                    line,
                    reason: format!(
                        "the day already holds {} = {held}, which is kept",
                        write_label(&write.write)
                    ),
                }),
            }
        }
        skipped.sort_by_key(|s| s.line);
        report.skipped_total = skipped.len() as u64 + uncounted;
        report.skipped = skipped
            .into_iter()
            .take(LISTED)
            .map(|s| SkippedRow {
                line: s.line,
                reason: s.reason,
            })
            .collect();
        report.warnings_total = report.warnings.len() as u64;
        report.warnings.truncate(LISTED);
        Ok(report)
    }
}

impl App {
    /// Our own export: its diary as rows, each keeping its `source`.
    async fn import_nutrinube(
        &self,
        actor: &Actor,
        asked: Asked,
        file: ImportFile,
    ) -> AppResult<ImportReport> {
        let export = tokio::task::spawn_blocking(move || {
            let f = File::open(&file.path).map_err(|e| FileError::Unreadable(e.to_string()))?;
            nutrinube::read(&mut BufReader::with_capacity(64 * 1024, f))
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("import reader stopped: {e}")))?
        .map_err(file_error)?;
        let applied = self
            .apply_account_items(actor, &export.items, asked.dry_run)
            .await?;
        let (rows, rest) = (export.rows, export.parsed);
        let mut report = self
            .write_parsed(
                actor,
                Format::Nutrinube,
                rows,
                rest,
                &applied.food_ids,
                asked.dedupe,
                Repeat::Keep,
                asked.dry_run,
            )
            .await?;
        report.counts.custom_foods = applied.custom_foods;
        report.counts.recipes = applied.recipes;
        report.counts.saved_meals = applied.saved_meals;
        report.skipped_total += applied.skipped.len() as u64;
        report.skipped.extend(applied.skipped);
        report.skipped.truncate(LISTED);
        Ok(report)
    }
}

fn view(r: ImportRecord) -> AppResult<ImportView> {
    let report: ImportReport = serde_json::from_str(&r.report)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("an import's report: {e}")))?;
    Ok(ImportView {
        id: r.id,
        format: r.format,
        status: ImportStatus::parse(&r.status),
        dry_run: r.dry_run,
        report,
        started_at: r.started_at,
        finished_at: r.finished_at,
    })
}

/// The record of an import begun at `started_at`, ended unless running.
fn record_of(
    asked: Asked,
    status: ImportStatus,
    report: &ImportReport,
    started_at: DateTime<Utc>,
) -> AppResult<ImportRecord> {
    let report = serde_json::to_string(report)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("an import's report: {e}")))?;
    Ok(ImportRecord {
        id: 0,
        format: asked.format.as_str().to_owned(),
        status: status.as_str().to_owned(),
        dry_run: asked.dry_run,
        report,
        started_at,
        finished_at: (status != ImportStatus::Running).then(crate::store::now),
    })
}

fn file_error(err: FileError) -> AppError {
    match err {
        FileError::WeightUnitNeeded => {
            AppError::invalid("weight_unit", msg("import-weight-unit-needed"))
        }
        FileError::Unreadable(why) => {
            AppError::invalid("file", msg("import-unreadable").arg("problem", why))
        }
    }
}

fn count(counts: &mut ImportCounts, write: &ImportWrite) {
    match write {
        ImportWrite::Food(_) => counts.food_entries += 1,
        ImportWrite::Activity(_) => counts.activity_entries += 1,
        ImportWrite::Water { .. } => counts.water_entries += 1,
        ImportWrite::Weight(_) => counts.weights += 1,
        ImportWrite::Measurement { .. } => counts.measurements += 1,
    }
}

fn write_label(write: &ImportWrite) -> String {
    match write {
        ImportWrite::Weight(_) => "weight_kg".to_owned(),
        ImportWrite::Measurement { kind, .. } => kind.field().to_owned(),
        _ => "an entry".to_owned(),
    }
}

/// The groups of rows identical in every column, in file order.
fn identical_groups(rows: &[ParsedRow], keyed: &[(u32, String)]) -> Vec<IdenticalRows> {
    let mut groups: BTreeMap<(u64, String), IdenticalRows> = BTreeMap::new();
    let mut first_line: std::collections::HashMap<(&str, &str), u64> =
        std::collections::HashMap::new();
    for (row, (occurrence, _)) in rows.iter().zip(keyed) {
        let kind = kind_name(&row.data);
        let first = *first_line
            .entry((kind, row.fingerprint.as_str()))
            .or_insert(row.line);
        if *occurrence > 1 {
            groups
                .entry((first, kind.to_owned()))
                .and_modify(|g| g.count = u64::from(*occurrence))
                .or_insert(IdenticalRows {
                    date: row.data.date(),
                    name: row.data.label(),
                    count: u64::from(*occurrence),
                    line: first,
                });
        }
    }
    groups.into_values().collect()
}

fn kind_name(data: &RowData) -> &'static str {
    match data {
        RowData::Food(_) => "food",
        RowData::Activity(_) => "activity",
        RowData::Weight(_) => "weight",
        RowData::Measurement(m) => m.kind.field(),
        RowData::Water(_) => "water",
    }
}

/// A row as it will be written, by the rules of an entry by hand; the
/// reason (English) it cannot be otherwise.
fn checked_write(data: RowData) -> Result<ImportWrite, String> {
    let mut check = Check::new();
    let in_years = |check: &mut Check, date: NaiveDate| {
        use chrono::Datelike;
        if !DATE_YEARS.contains(&date.year()) {
            check.fail("date", msg("date-format"));
        }
    };
    let write = match data {
        RowData::Food(f) => {
            in_years(&mut check, f.date);
            let name = check.text("name", Some(f.name), 200);
            let mut amount = |field: &str, v: Option<f64>| {
                check
                    .measured(field, v, AMOUNT, Measure::of_nutrient(field))
                    .unwrap_or_default()
            };
            let nutrients = Nutrients {
                calories: amount("calories", Some(f.calories)),
                protein_g: amount("protein_g", f.protein_g),
                fat_g: amount("fat_g", f.fat_g),
                carbs_g: amount("carbs_g", f.carbs_g),
            };
            let mut details = Details::UNKNOWN;
            for (key, value) in f.details {
                let v = check.measured(key, Some(value), 0.0..=detail_max(key), Measure::Detail);
                details.set(key, v);
            }
            ImportWrite::Food(Box::new(FoodEntryInsert {
                date: f.date,
                meal: f.meal,
                name: name.unwrap_or_default(),
                nutrients,
                details,
                food_id: None,
                quantity_g: None,
            }))
        }
        RowData::Activity(a) => {
            in_years(&mut check, a.date);
            let name = check.text("name", Some(a.name), 200);
            let duration = check.integer("duration_min", a.duration_min, 1..=1440);
            let kcal = check.measured("kcal_burned", Some(a.kcal_burned), AMOUNT, Measure::Energy);
            ImportWrite::Activity(ActivityEntryInsert {
                date: a.date,
                name: name.unwrap_or_default(),
                duration_min: duration,
                kcal_burned: kcal.unwrap_or_default(),
                activity_id: None,
                met: None,
                weight_kg_used: None,
            })
        }
        RowData::Weight(w) => {
            in_years(&mut check, w.date);
            let kg = check.measured(
                "weight_kg",
                Some(w.weight_kg),
                WEIGHT_KG,
                Measure::BodyWeight,
            );
            ImportWrite::Weight(Weight {
                date: w.date,
                weight_kg: kg.unwrap_or_default(),
            })
        }
        RowData::Measurement(m) => {
            in_years(&mut check, m.date);
            let measure = if m.kind.is_length() {
                Measure::Length
            } else {
                Measure::Plain
            };
            let v = check.measured(m.kind.field(), Some(m.value), m.kind.range(), measure);
            ImportWrite::Measurement {
                date: m.date,
                kind: m.kind,
                value: v.unwrap_or_default(),
            }
        }
        RowData::Water(w) => {
            in_years(&mut check, w.date);
            let ml = if w.ml.is_finite() { w.ml.round() } else { -1.0 };
            let ml = check.integer("ml", Some(ml as i64), ENTRY_ML);
            ImportWrite::Water {
                date: w.date,
                ml: ml.unwrap_or_default(),
            }
        }
    };
    match check.finish() {
        Ok(()) => Ok(write),
        Err(AppError::Validation(errors)) => Err(errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message.english()))
            .collect::<Vec<_>>()
            .join("; ")),
        Err(other) => Err(other.to_string()),
    }
}

/// The largest amount of a detail key in one entry: as the entries by hand
/// allow.
fn detail_max(key: &str) -> f64 {
    let grams = *AMOUNT.end();
    match crate::domain::nutrients::unit_of(key) {
        "mg" => grams * 1_000.0,
        "µg" => grams * 1_000_000.0,
        _ => grams,
    }
}

/// Counts the bytes read through it and fails past a limit.
struct Bounded<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            std::io::Error::other(format!(
                "the zip expands past {} GiB",
                MAX_EXPANDED_BYTES >> 30
            ))
        })?;
        Ok(n)
    }
}

/// Reads an upload: a zip member by member, or one file.
fn read_file(format: Format, file: &ImportFile, options: Options) -> Result<Parsed, FileError> {
    let unreadable = |e: std::io::Error| FileError::Unreadable(e.to_string());
    let mut f = File::open(&file.path).map_err(unreadable)?;
    let mut magic = [0u8; 4];
    let n = f.read(&mut magic).map_err(unreadable)?;
    f.rewind().map_err(unreadable)?;
    if n == 0 {
        return Err(FileError::Unreadable("the file is empty".to_owned()));
    }
    let mut found = false;
    let mut parsed = Parsed::default();
    if magic == *b"PK\x03\x04" {
        let mut zip = zip::ZipArchive::new(f)
            .map_err(|e| FileError::Unreadable(format!("not a readable zip: {e}")))?;
        let mut left = MAX_EXPANDED_BYTES;
        for i in 0..zip.len().min(MAX_ZIP_MEMBERS) {
            let member = zip
                .by_index(i)
                .map_err(|e| FileError::Unreadable(format!("a zip member: {e}")))?;
            if member.is_dir() {
                continue;
            }
            let name = member
                .name()
                .map_err(|e| FileError::Unreadable(format!("a zip member's name: {e}")))?
                .into_owned();
            let mut bounded = BufReader::with_capacity(
                64 * 1024,
                Bounded {
                    inner: member,
                    left,
                },
            );
            if let Some(mut p) = members::read_member(format, Some(&name), &mut bounded, options)? {
                found = true;
                // A zip's lines are told apart by the member they are in.
                for skip in &mut p.skipped {
                    skip.reason = format!("{name}: {}", skip.reason);
                }
                parsed.extend(p);
                parsed.check_size()?;
            }
            left = bounded.get_ref().left;
        }
    } else {
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(64 * 1024, f));
        if let Some(p) = members::read_member(format, file.name.as_deref(), &mut reader, options)? {
            found = true;
            parsed = p;
        }
    }
    if !found {
        return Err(FileError::Unreadable(format!(
            "no file of a {} export was found in it",
            format.as_str()
        )));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::ImportReport;

    #[test]
    fn the_report_of_an_import_left_running_reads_back() {
        // As `Store::fail_running_imports` writes it.
        let r: ImportReport =
            serde_json::from_str(r#"{"counts":{},"problem":"the server stopped while importing"}"#)
                .unwrap();
        assert_eq!(r.counts.food_entries, 0);
        assert_eq!(
            r.problem.as_deref(),
            Some("the server stopped while importing")
        );
    }
}
