//! Imports (data.md §1): the file as the body, or as the `file` field of a
//! `multipart/form-data` body, spooled to a temporary file as it arrives
//! (never whole in memory) and refused with 413 past 64 MiB.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{Id, QueryParams};
use super::schema::Items;
use crate::app::imports::{self, ImportCommand, ImportFile, ImportStatus, ImportView};
use crate::app::{AppError, Input};
use crate::locale::msg;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_import, list_imports))
        .routes(routes!(get_import))
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct ImportQuery {
    /// `mfp`, `cronometer`, `loseit`, `apple-health` or `nutrinube`.
    #[param(value_type = String, pattern = "^(mfp|cronometer|loseit|apple-health|nutrinube)$")]
    format: String,
    /// Report what would be imported and change nothing.
    #[param(value_type = Option<bool>)]
    dry_run: Option<String>,
    /// `identical`: of rows identical in every column, import one.
    #[param(value_type = Option<String>, pattern = "^(identical|none)$")]
    dedupe: Option<String>,
    /// The unit of MyFitnessPal's weights (its file does not say).
    #[param(value_type = Option<String>, pattern = "^(kg|lb)$")]
    weight_unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportCounts {
    pub food_entries: u64,
    pub activity_entries: u64,
    pub weights: u64,
    pub measurements: u64,
    pub water_entries: u64,
    /// Of a `nutrinube` import: what it created besides the diary.
    pub custom_foods: u64,
    pub recipes: u64,
    pub saved_meals: u64,
}

impl From<imports::ImportCounts> for ImportCounts {
    fn from(c: imports::ImportCounts) -> ImportCounts {
        ImportCounts {
            food_entries: c.food_entries,
            activity_entries: c.activity_entries,
            weights: c.weights,
            measurements: c.measurements,
            water_entries: c.water_entries,
            custom_foods: c.custom_foods,
            recipes: c.recipes,
            saved_meals: c.saved_meals,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SkippedRow {
    /// The file's line (CSV: the record's first line, the header being 1).
    pub line: u64,
    pub reason: String,
}

impl From<imports::SkippedRow> for SkippedRow {
    fn from(s: imports::SkippedRow) -> SkippedRow {
        SkippedRow {
            line: s.line,
            reason: s.reason,
        }
    }
}

/// Rows identical in every column: each imported (unless
/// `dedupe=identical`), and said.
#[derive(Serialize, ToSchema)]
pub struct IdenticalRows {
    pub date: NaiveDate,
    pub name: String,
    pub count: u64,
    /// The line of the first of them.
    pub line: u64,
}

/// An import: what it wrote (or, for a dry run, would write).
#[derive(Serialize, ToSchema)]
pub struct Import {
    pub id: i64,
    pub format: String,
    /// `running` (poll `GET /imports/{id}`), `done` or `failed`.
    pub status: String,
    pub dry_run: bool,
    pub counts: ImportCounts,
    /// Rows already held, from an earlier import of them.
    pub unchanged: u64,
    /// The first 1000 rows left out, with why.
    pub skipped: Vec<SkippedRow>,
    pub skipped_total: u64,
    /// The first 1000 groups of identical rows.
    pub warnings: Vec<IdenticalRows>,
    pub warnings_total: u64,
    /// Records ignored by design (Apple Health's step counts, …), by type.
    pub ignored: BTreeMap<String, u64>,
    /// Why a `failed` import failed.
    pub problem: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<ImportView> for Import {
    fn from(v: ImportView) -> Import {
        let r = v.report;
        Import {
            id: v.id,
            format: v.format,
            status: v.status.as_str().to_owned(),
            dry_run: v.dry_run,
            counts: ImportCounts::from(r.counts),
            unchanged: r.unchanged,
            skipped: r.skipped.into_iter().map(SkippedRow::from).collect(),
            skipped_total: r.skipped_total,
            warnings: r
                .warnings
                .into_iter()
                .map(|w| IdenticalRows {
                    date: w.date,
                    name: w.name,
                    count: w.count,
                    line: w.line,
                })
                .collect(),
            warnings_total: r.warnings_total,
            ignored: r.ignored,
            problem: r.problem,
            started_at: v.started_at,
            finished_at: v.finished_at,
        }
    }
}

fn query_input(query: &QueryParams, name: &str) -> Input<String> {
    query
        .text(name)
        .map_or(Input::Absent, |v| Input::Value(v.to_owned()))
}

/// Import another tracker's export, or our own. The file is the body (any
/// content type) or the `file` field of a `multipart/form-data` body; a
/// `.zip` is opened. At most 64 MiB (413). A file that cannot be read at
/// all is a 422 naming `file` (or `weight_unit`) and imports nothing; rows
/// that cannot be read are skipped and listed. Importing the same file
/// again adds nothing. A file over 4 MiB is read off the request path: 202,
/// `status: running`, poll `Location`.
#[utoipa::path(post, path = "/imports", tag = "imports", params(ImportQuery),
    request_body(content = String, description = "The export file (any content type), or a \
        `multipart/form-data` body with a `file` field", content_type = "application/octet-stream"),
    responses(
        (status = 201, body = Import, description = "Imported (or, for a dry run, reported)"),
        (status = 202, body = Import, description = "Being imported: poll `Location`"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn create_import(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
    request: Request,
) -> ApiResult<Response> {
    let cmd = ImportCommand {
        format: query_input(&query, "format"),
        dry_run: query_input(&query, "dry_run"),
        dedupe: query_input(&query, "dedupe"),
        weight_unit: query_input(&query, "weight_unit"),
    };
    let file = spool(request).await?;
    let import = state.app.import(&actor, cmd, file).await?;
    let status = if import.status == ImportStatus::Running {
        StatusCode::ACCEPTED
    } else {
        StatusCode::CREATED
    };
    let location = format!("/api/v1/imports/{}", import.id);
    let mut response = (status, Json(Import::from(import))).into_response();
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// The newest 100 imports, newest first.
#[utoipa::path(get, path = "/imports", tag = "imports",
    responses((status = 200, body = Items<Import>)),
    security(("session" = []), ("token" = [])))]
async fn list_imports(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Items<Import>>> {
    let imports = state.app.import_views(&actor).await?;
    Ok(Json(Items::of(imports)))
}

/// One import (poll it while `running`).
#[utoipa::path(get, path = "/imports/{id}", tag = "imports",
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Import),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn get_import(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    Id(id): Id,
) -> ApiResult<Json<Import>> {
    Ok(Json(state.app.import_view(&actor, id).await?.into()))
}

/// The upload, written to a temporary file as it arrives.
async fn spool(request: Request) -> ApiResult<ImportFile> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"));
    if !multipart {
        let stream = request.into_body().into_data_stream();
        return Ok(imports::spool(stream, None).await?);
    }
    let mut form =
        Multipart::from_request(request, &())
            .await
            .map_err(|e| ApiError::BadRequest {
                detail: format!("malformed multipart body: {}", e.body_text()),
                errors: Vec::new(),
            })?;
    loop {
        let field = form.next_field().await.map_err(|e| ApiError::BadRequest {
            detail: format!("malformed multipart body: {}", e.body_text()),
            errors: Vec::new(),
        })?;
        let Some(field) = field else {
            return Err(AppError::invalid("file", msg("required")).into());
        };
        if field.name() == Some("file") {
            let name = field.file_name().map(str::to_owned);
            return Ok(imports::spool(field, name).await?);
        }
    }
}
