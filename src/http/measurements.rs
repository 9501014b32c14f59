//! Body measurements (body.md §4): one record a day, merged on PUT.
//! (Its answer's shape is here rather than in `schema.rs`, beside the
//! operations that use it.)

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, PathDate, QueryParams};
use super::schema::Items;
use crate::app::Input;
use crate::app::measurements::MeasurementFields;
use crate::state::AppState;
use crate::store;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(put_measurement, delete_measurement))
}

/// A day's body measurements: lengths in cm (10–300, kept to 0.1), body fat
/// in % (2–75); `null` where not measured.
#[derive(Serialize, ToSchema)]
pub struct Measurement {
    pub date: NaiveDate,
    #[schema(minimum = 10, maximum = 300)]
    pub waist_cm: Option<f64>,
    #[schema(minimum = 10, maximum = 300)]
    pub hips_cm: Option<f64>,
    #[schema(minimum = 10, maximum = 300)]
    pub chest_cm: Option<f64>,
    #[schema(minimum = 10, maximum = 300)]
    pub neck_cm: Option<f64>,
    #[schema(minimum = 10, maximum = 300)]
    pub thigh_cm: Option<f64>,
    #[schema(minimum = 10, maximum = 300)]
    pub arm_cm: Option<f64>,
    #[schema(minimum = 2, maximum = 75)]
    pub body_fat_pct: Option<f64>,
}

impl From<store::Measurement> for Measurement {
    fn from(m: store::Measurement) -> Measurement {
        Measurement {
            date: m.date,
            waist_cm: m.waist_cm,
            hips_cm: m.hips_cm,
            chest_cm: m.chest_cm,
            neck_cm: m.neck_cm,
            thigh_cm: m.thigh_cm,
            arm_cm: m.arm_cm,
            body_fat_pct: m.body_fat_pct,
        }
    }
}

/// Members left out keep the day's value, `null` clears it; at least one
/// member must be sent.
#[derive(Deserialize, ToSchema)]
pub struct MeasurementInput {
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 10, maximum = 300)]
    waist_cm: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 10, maximum = 300)]
    hips_cm: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 10, maximum = 300)]
    chest_cm: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 10, maximum = 300)]
    neck_cm: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 10, maximum = 300)]
    thigh_cm: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 10, maximum = 300)]
    arm_cm: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 2, maximum = 75)]
    body_fat_pct: Input<f64>,
}

impl From<MeasurementInput> for MeasurementFields {
    fn from(b: MeasurementInput) -> MeasurementFields {
        MeasurementFields([
            b.waist_cm,
            b.hips_cm,
            b.chest_cm,
            b.neck_cm,
            b.thigh_cm,
            b.arm_cm,
            b.body_fat_pct,
        ])
    }
}

/// Record the day's measurements, merged into any already recorded that
/// day. The answer is the whole day; a day left with no value is removed
/// (and answered with every member `null`). At most 40,000 days (422
/// naming `measurement_days`).
#[utoipa::path(put, path = "/measurements/{date}", tag = "measurements", request_body = MeasurementInput,
    params(("date" = NaiveDate, Path, description = "The day (YYYY-MM-DD)")),
    responses(
        (status = 200, body = Measurement),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_measurement(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    PathDate(date): PathDate,
    ApiJson(body): ApiJson<MeasurementInput>,
) -> ApiResult<Json<Measurement>> {
    let day = state.app.put_measurement(&actor, date, body.into()).await?;
    Ok(Json(day.into()))
}

/// Remove the day's measurements.
#[utoipa::path(delete, path = "/measurements/{date}", tag = "measurements",
    params(("date" = NaiveDate, Path, description = "The day (YYYY-MM-DD)")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_measurement(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    PathDate(date): PathDate,
) -> ApiResult<StatusCode> {
    state.app.delete_measurement(&actor, date).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct MeasurementRange {
    /// First day, inclusive; default: the first record.
    #[param(value_type = Option<NaiveDate>)]
    from: Option<String>,
    /// Last day, inclusive; default: the last record.
    #[param(value_type = Option<NaiveDate>)]
    to: Option<String>,
}

/// The recorded days, by date.
#[utoipa::path(get, path = "/measurements", operation_id = "list_measurements", tag = "measurements", params(MeasurementRange),
    responses(
        (status = 200, body = Items<Measurement>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<Measurement>>> {
    let (from, to) = (query.date("from")?, query.date("to")?);
    Ok(Json(Items::of(
        state.app.measurements(&actor, from, to).await?,
    )))
}
