//! Export of everything the account logged, as CSV or JSON.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tokio::time::{Duration, Instant};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::AuthUser;
use super::input::QueryParams;
use super::measurements::Measurement;
use super::recipes::Recipe;
use super::saved_meals::SavedMeal;
use super::schema::{
    ActivityEntry, Food, FoodEntry, GoalSettings, NutrientTargetOverride, ProfileView, WaterEntry,
    Weight,
};
use super::settings::Settings;
use crate::app::export;
use crate::domain::nutrients::{DETAIL_KEYS, Details};
use crate::locale::msg;
use crate::state::AppState;
use crate::store::{DiaryRecord, RowStream};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct ExportQuery {
    /// `csv` (one row per food entry, activity entry, weight, water entry
    /// and day of body measurements, with a `kind` column) or `json`
    /// (those, the goals, the profile and the nutrient target overrides);
    /// default json.
    #[param(value_type = Option<String>, pattern = "^(csv|json)$")]
    format: Option<String>,
}

/// The JSON export, as documented; written piece by piece (see
/// `json_body`) into exactly what serialising this would give.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct Export {
    pub username: String,
    pub exported_at: chrono::DateTime<chrono::Utc>,
    /// The base goals and the weekdays' overrides, as `GET /goals`.
    pub goals: GoalSettings,
    pub profile: ProfileView,
    /// As `GET /settings`.
    pub settings: Settings,
    /// The nutrient target overrides, by key: a `null` bound is the
    /// default's (see `GET /api/v1/nutrient-targets`).
    pub nutrient_targets: Vec<NutrientTargetOverride>,
    /// The account's custom foods, per 100 g (its recipes are in `recipes`).
    pub custom_foods: Vec<Food>,
    pub recipes: Vec<Recipe>,
    pub food_entries: Vec<FoodEntry>,
    pub activity_entries: Vec<ActivityEntry>,
    pub weights: Vec<Weight>,
    pub water_entries: Vec<WaterEntry>,
    pub measurements: Vec<Measurement>,
    pub saved_meals: Vec<SavedMeal>,
}

/// The members of `Export` before its lists.
#[derive(Serialize)]
struct ExportHead {
    username: String,
    exported_at: chrono::DateTime<chrono::Utc>,
    goals: GoalSettings,
    profile: ProfileView,
    settings: Settings,
    nutrient_targets: Vec<NutrientTargetOverride>,
    custom_foods: Vec<Food>,
    recipes: Vec<Recipe>,
}

/// Download everything the account logged.
#[utoipa::path(get, path = "/export", tag = "account", params(ExportQuery),
    responses(
        (status = 200, description = "The export, as an attachment", content(
            (Export = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn export(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Response> {
    let format = query.text("format").unwrap_or("json");
    if format != "csv" && format != "json" {
        return Err(ApiError::bad_query(
            "format",
            msg("must-be-one-of").arg("allowed", "`csv`, `json`"),
        ));
    }
    let export = state.app.export(&actor).await?;
    let filename = format!(
        "nutrinube-export-{}.{format}",
        state.app.today(&actor).await?
    );
    let disposition = format!("attachment; filename=\"{filename}\"");
    let (chunks, body) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let content_type = if format == "csv" {
        tokio::spawn(csv_body(export, Chunks::new(chunks)));
        "text/csv; charset=utf-8"
    } else {
        tokio::spawn(json_body(export, Chunks::new(chunks)));
        "application/json"
    };
    let body = Body::from_stream(futures_util::stream::unfold(body, |mut body| async move {
        body.recv().await.map(|chunk| (chunk, body))
    }));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// The CSV export's columns before the detail nutrients; each amount's
/// header names its unit.
const CSV_COLUMNS: usize = 17;

/// The CSV export's header: the columns of `CSV_BASE`, then one per detail
/// nutrient key (food rows only; empty when unknown).
fn csv_header() -> Vec<&'static str> {
    CSV_BASE.iter().chain(DETAIL_KEYS.iter()).copied().collect()
}

const CSV_BASE: [&str; CSV_COLUMNS] = [
    "kind",
    "date",
    "meal",
    "name",
    "calories_kcal",
    "protein_g",
    "fat_g",
    "carbs_g",
    "food_id",
    "quantity_g",
    "duration_min",
    "kcal_burned",
    "activity_id",
    "met",
    "weight_kg_used",
    "weight_kg",
    "water_ml",
];

/// Spreadsheets run cells that start with these as formulas: such names are
/// written with a leading apostrophe (OWASP's advice against CSV injection).
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Chunks of the body written ahead of the client.
const CHUNKS_IN_FLIGHT: usize = 4;
/// How long a client may leave a chunk untaken before the export is ended,
/// and how long one export may take in all: each holds a database
/// connection while it is sent.
const STALL_LIMIT: Duration = Duration::from_secs(30);
const EXPORT_LIMIT: Duration = Duration::from_secs(15 * 60);
/// Bytes gathered into one chunk of the body.
const CHUNK_BYTES: usize = 32 * 1024;

/// The body as it is written, sent on in chunks; a failure ends the body
/// with an error, so that the client sees a broken download, not a short
/// file that looks whole.
struct Chunks {
    sender: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
    deadline: Instant,
}

/// The client went away, or a read failed (already reported to the client).
struct Stopped;

impl Chunks {
    fn new(sender: mpsc::Sender<Result<Bytes, std::io::Error>>) -> Chunks {
        Chunks {
            sender,
            buffer: Vec::with_capacity(CHUNK_BYTES),
            deadline: Instant::now() + EXPORT_LIMIT,
        }
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), Stopped> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), Stopped> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        let limit = STALL_LIMIT.min(self.deadline.saturating_duration_since(Instant::now()));
        match tokio::time::timeout(limit, self.sender.send(Ok(chunk))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Stopped),
            Err(_) => {
                tracing::warn!("an export was ended: its client read too slowly");
                Err(Stopped)
            }
        }
    }

    /// Ends the body with an error, logged here.
    async fn fail(&mut self, err: impl std::fmt::Display) -> Stopped {
        tracing::error!(error = %err, "the export failed while it was sent");
        let _ = self
            .sender
            .send(Err(std::io::Error::other("the export failed")))
            .await;
        Stopped
    }

    /// The next row of `rows`, the body failed on an error.
    async fn row<T>(&mut self, rows: &mut RowStream<T>) -> Result<Option<T>, Stopped> {
        match rows.next().await {
            Some(Ok(row)) => Ok(Some(row)),
            Some(Err(err)) => Err(self.fail(format!("{:#}", anyhow::Error::from(err))).await),
            None => Ok(None),
        }
    }
}

/// `value` as `serde_json::to_vec_pretty` writes it at the depth of an item
/// of a list that is a member of the top object: every line after the first
/// indented by four more spaces (JSON strings hold no raw newline).
fn pretty_item<T: Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let flat = serde_json::to_vec_pretty(value)?;
    let mut out = Vec::with_capacity(flat.len() + flat.len() / 8);
    for b in flat {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    Ok(out)
}

/// Writes a list member `name` of the top object from values at hand.
async fn json_vec<T, J: Serialize + From<T>>(
    out: &mut Chunks,
    name: &str,
    values: Vec<T>,
) -> Result<(), Stopped> {
    out.write(format!(",\n  \"{name}\": [").as_bytes()).await?;
    let mut first = true;
    for value in values {
        let item = match pretty_item(&J::from(value)) {
            Ok(item) => item,
            Err(err) => return Err(out.fail(err).await),
        };
        out.write(if first { b"\n    " } else { b",\n    " })
            .await?;
        out.write(&item).await?;
        first = false;
    }
    out.write(if first { b"]" } else { b"\n  ]" }).await
}

/// Writes a list member `name` of the top object from `rows`.
async fn json_list<T, J: Serialize + From<T>>(
    out: &mut Chunks,
    name: &str,
    mut rows: RowStream<T>,
) -> Result<(), Stopped> {
    out.write(format!(",\n  \"{name}\": [").as_bytes()).await?;
    let mut first = true;
    while let Some(row) = out.row(&mut rows).await? {
        let item = match pretty_item(&J::from(row)) {
            Ok(item) => item,
            Err(err) => return Err(out.fail(err).await),
        };
        out.write(if first { b"\n    " } else { b",\n    " })
            .await?;
        out.write(&item).await?;
        first = false;
    }
    out.write(if first { b"]" } else { b"\n  ]" }).await
}

/// The JSON export, byte for byte what `serde_json::to_vec_pretty` of an
/// `Export` gives, written as the rows come.
async fn json_body(export: export::Export, mut out: Chunks) {
    let _ = write_json(export, &mut out).await;
}

/// (`export.slot` is held until this returns: the export is sent or ended.)
async fn write_json(export: export::Export, out: &mut Chunks) -> Result<(), Stopped> {
    let head = ExportHead {
        username: export.username,
        exported_at: export.exported_at,
        goals: GoalSettings::of_week(export.goals),
        profile: export.profile.into(),
        settings: export.settings.into(),
        nutrient_targets: export
            .nutrient_targets
            .into_iter()
            .map(NutrientTargetOverride::from)
            .collect(),
        custom_foods: export.custom_foods.into_iter().map(Food::from).collect(),
        recipes: export.recipes.into_iter().map(Recipe::from).collect(),
    };
    let head = match serde_json::to_vec_pretty(&head) {
        Ok(head) => head,
        Err(err) => return Err(out.fail(err).await),
    };
    // Without its closing "\n}": the lists follow.
    out.write(&head[..head.len() - 2]).await?;
    json_list::<_, FoodEntry>(out, "food_entries", export.food_entries.start()).await?;
    json_list::<_, ActivityEntry>(out, "activity_entries", export.activity_entries.start()).await?;
    json_list::<_, Weight>(out, "weights", export.weights.start()).await?;
    json_list::<_, WaterEntry>(out, "water_entries", export.water_entries.start()).await?;
    json_list::<_, Measurement>(out, "measurements", export.measurements.start()).await?;
    json_vec::<_, SavedMeal>(out, "saved_meals", export.saved_meals).await?;
    out.write(b"\n}").await?;
    out.flush().await
}

/// One CSV row of a diary record, in the columns of `csv_header`.
fn csv_row(record: DiaryRecord) -> Vec<String> {
    let details = match &record {
        DiaryRecord::Food(e) => e.details,
        _ => Details::UNKNOWN,
    };
    let mut row = Vec::from(csv_base_row(record));
    row.extend(details.0.iter().map(|v| opt(*v)));
    row
}

fn csv_base_row(record: DiaryRecord) -> [String; CSV_COLUMNS] {
    match record {
        DiaryRecord::Food(e) => [
            "food".into(),
            e.date.to_string(),
            e.meal.as_str().to_owned(),
            spreadsheet_safe(&e.name),
            e.calories.to_string(),
            e.protein_g.to_string(),
            e.fat_g.to_string(),
            e.carbs_g.to_string(),
            opt(e.food_id),
            opt(e.quantity_g),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
        DiaryRecord::Activity(a) => [
            "activity".into(),
            a.date.to_string(),
            String::new(),
            spreadsheet_safe(&a.name),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            opt(a.duration_min),
            a.kcal_burned.to_string(),
            opt(a.activity_id),
            opt(a.met),
            opt(a.weight_kg_used),
            String::new(),
            String::new(),
        ],
        DiaryRecord::Weight(w) => {
            let mut row: [String; CSV_COLUMNS] = Default::default();
            row[0] = "weight".into();
            row[1] = w.date.to_string();
            row[15] = w.weight_kg.to_string();
            row
        }
        DiaryRecord::Water(w) => {
            let mut row: [String; CSV_COLUMNS] = Default::default();
            row[0] = "water".into();
            row[1] = w.date.to_string();
            row[16] = w.ml.to_string();
            row
        }
    }
}

/// The columns of a day's body measurements, after the diary's (`kind`
/// `measurement`, its `date`, and these).
const MEASUREMENT_HEADER: [&str; 7] = [
    "waist_cm",
    "hips_cm",
    "chest_cm",
    "neck_cm",
    "thigh_cm",
    "arm_cm",
    "body_fat_pct",
];

/// The columns of `csv_header`, before the measurements'.
fn diary_columns() -> usize {
    CSV_COLUMNS + DETAIL_KEYS.len()
}

/// A diary row with the measurement columns left empty.
fn diary_csv_row(record: DiaryRecord) -> Vec<String> {
    let mut row = csv_row(record);
    row.resize(diary_columns() + MEASUREMENT_HEADER.len(), String::new());
    row
}

fn measurement_csv_row(m: Measurement) -> Vec<String> {
    let mut row = vec![String::new(); diary_columns()];
    row[0] = "measurement".into();
    row[1] = m.date.to_string();
    row.extend(
        [
            m.waist_cm,
            m.hips_cm,
            m.chest_cm,
            m.neck_cm,
            m.thigh_cm,
            m.arm_cm,
            m.body_fat_pct,
        ]
        .map(opt),
    );
    row
}

fn day_of(record: &DiaryRecord) -> chrono::NaiveDate {
    match record {
        DiaryRecord::Food(e) => e.date,
        DiaryRecord::Activity(a) => a.date,
        DiaryRecord::Weight(w) => w.date,
        DiaryRecord::Water(w) => w.date,
    }
}

/// Records written as CSV (quoted as the `csv` crate does).
fn csv_bytes<R, I>(records: impl IntoIterator<Item = R>) -> Result<Vec<u8>, csv::Error>
where
    R: IntoIterator<Item = I>,
    I: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer.write_record(record)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// The CSV export: a header, then one row per food entry, activity,
/// weight and drink, by day then kind, as the rows come, each day's body
/// measurements after them.
async fn csv_body(export: export::Export, mut out: Chunks) {
    let _ = write_csv(export, &mut out).await;
}

/// (`export.slot` is held until this returns: the export is sent or ended.)
async fn write_csv(export: export::Export, out: &mut Chunks) -> Result<(), Stopped> {
    const ROWS_PER_WRITE: usize = 64;
    match csv_bytes([csv_header().into_iter().chain(MEASUREMENT_HEADER)]) {
        Ok(header) => out.write(&header).await?,
        Err(err) => return Err(out.fail(err).await),
    }
    let mut rows = export.diary.start();
    // Merged in by day: the measurements are a read of their own.
    let mut measurements = export.measurements.start();
    let mut measurement = out.row(&mut measurements).await?;
    let mut batch = Vec::with_capacity(ROWS_PER_WRITE);
    loop {
        let row = out.row(&mut rows).await?;
        let done = row.is_none();
        // The measurements of the days before this row's (all that are
        // left, after the last row).
        while let Some(m) = measurement.take_if(|m| row.as_ref().is_none_or(|r| m.date < day_of(r)))
        {
            batch.push(measurement_csv_row(m.into()));
            measurement = out.row(&mut measurements).await?;
        }
        batch.extend(row.map(diary_csv_row));
        if batch.len() >= ROWS_PER_WRITE || (done && !batch.is_empty()) {
            match csv_bytes(&batch) {
                Ok(bytes) => out.write(&bytes).await?,
                Err(err) => return Err(out.fail(err).await),
            }
            batch.clear();
        }
        if done {
            return out.flush().await;
        }
    }
}
