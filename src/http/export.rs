//! Export of everything the account logged, as CSV or JSON.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::AuthUser;
use super::input::QueryParams;
use super::schema::{ActivityEntry, FoodEntry, Nutrients, ProfileView, Weight};
use crate::app::{AppError, export, today};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct ExportQuery {
    /// `csv` (one row per food entry, activity entry and weight, with a
    /// `kind` column) or `json` (those, the goals and the profile); default json.
    #[param(value_type = Option<String>, pattern = "^(csv|json)$")]
    format: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Export {
    pub username: String,
    pub exported_at: chrono::DateTime<chrono::Utc>,
    pub goals: Nutrients,
    pub profile: ProfileView,
    pub food_entries: Vec<FoodEntry>,
    pub activity_entries: Vec<ActivityEntry>,
    pub weights: Vec<Weight>,
}

impl From<export::Export> for Export {
    fn from(e: export::Export) -> Export {
        Export {
            username: e.username,
            exported_at: e.exported_at,
            goals: e.goals.into(),
            profile: e.profile.into(),
            food_entries: e.food_entries.into_iter().map(FoodEntry::from).collect(),
            activity_entries: e
                .activity_entries
                .into_iter()
                .map(ActivityEntry::from)
                .collect(),
            weights: e.weights.into_iter().map(Weight::from).collect(),
        }
    }
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
        return Err(ApiError::bad_query("format", "must be csv or json"));
    }
    let export = state.app.export(&actor).await?;
    let filename = format!("nutrinube-export-{}.{format}", today());
    let disposition = format!("attachment; filename=\"{filename}\"");
    let (content_type, body) = if format == "csv" {
        let csv = to_csv(&export).map_err(AppError::Internal)?;
        ("text/csv; charset=utf-8", csv)
    } else {
        let json = serde_json::to_vec_pretty(&Export::from(export))
            .map_err(|e| AppError::Internal(e.into()))?;
        ("application/json", json)
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

const CSV_HEADER: [&str; 16] = [
    "kind",
    "date",
    "meal",
    "name",
    "calories",
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

fn to_csv(export: &export::Export) -> anyhow::Result<Vec<u8>> {
    let mut rows: Vec<(chrono::NaiveDate, u8, [String; 16])> = Vec::new();
    for e in &export.food_entries {
        rows.push((
            e.date,
            0,
            [
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
            ],
        ));
    }
    for a in &export.activity_entries {
        rows.push((
            a.date,
            1,
            [
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
                a.duration_min.to_string(),
                a.kcal_burned.to_string(),
                opt(a.activity_id),
                opt(a.met),
                opt(a.weight_kg_used),
                String::new(),
            ],
        ));
    }
    for w in &export.weights {
        let mut row: [String; 16] = Default::default();
        row[0] = "weight".into();
        row[1] = w.date.to_string();
        row[15] = w.weight_kg.to_string();
        rows.push((w.date, 2, row));
    }
    // Stable: within a day and kind, rows keep the diary's order.
    rows.sort_by_key(|(date, kind, _)| (*date, *kind));
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>| -> csv::Result<()> {
        w.write_record(CSV_HEADER)?;
        for (_, _, row) in &rows {
            w.write_record(row)?;
        }
        w.flush()?;
        Ok(())
    };
    write(&mut writer)?;
    writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}
