//! Health data from phones and watches (data.md §5): what Health Auto
//! Export posts to a REST endpoint.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::imports::{ImportCounts, SkippedRow};
use super::input::ApiJson;
use crate::state::AppState;

/// The largest push taken: a year of a phone's metrics is a few MiB.
pub const HEALTH_DATA_LIMIT: usize = 16 * 1024 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push_health_data))
}

/// What a push wrote.
#[derive(Serialize, ToSchema)]
pub struct HealthDataResult {
    /// Rows added or replaced (a day or workout sent again replaces it).
    pub counts: ImportCounts,
    /// Rows identical to what is held.
    pub unchanged: u64,
    /// The first 1000 data points left out, numbered in the order sent.
    pub skipped: Vec<SkippedRow>,
    pub skipped_total: u64,
    /// Data points of metrics not kept (steps, heart rate, …), by metric.
    pub ignored: BTreeMap<String, u64>,
}

/// Health Auto Export's JSON: `{"data": {"metrics": [{name, units, data:
/// [{date, qty}]}], "workouts": [...]}}`. Kept: `weight_body_mass` (one a
/// day, the latest), `body_fat_percentage`, `active_energy` (one activity
/// a day, "Active energy"), `dietary_water` (one water entry a day) and
/// workouts (by their id, or their start). A day or a workout sent again
/// replaces what it sent. A `health` token may call only this.
#[utoipa::path(post, path = "/health-data", tag = "health data",
    request_body(content = Object, description = "Health Auto Export's REST API JSON"),
    responses(
        (status = 200, body = HealthDataResult),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn push_health_data(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(push): ApiJson<Value>,
) -> ApiResult<Json<HealthDataResult>> {
    let r = state.app.push_health_data(&actor, &push).await?;
    Ok(Json(HealthDataResult {
        counts: ImportCounts::from(r.counts),
        unchanged: r.unchanged,
        skipped: r.skipped.into_iter().map(SkippedRow::from).collect(),
        skipped_total: r.skipped_total,
        ignored: r.ignored,
    }))
}
