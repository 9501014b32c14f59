//! The body-weight log: one entry per day.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, PathDate, QueryParams};
use super::schema::{Items, Weight, WeightTrend};
use crate::app::Input;
use crate::app::weights::WeightFields;
use crate::locale::msg;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(put_weight, delete_weight))
}

#[derive(Deserialize, ToSchema)]
pub struct WeightInput {
    #[serde(default)]
    #[schema(value_type = f64, minimum = 20, maximum = 400)]
    weight_kg: Input<f64>,
}

/// Record the day's weight; a second one on the same day replaces the first.
#[utoipa::path(put, path = "/weights/{date}", tag = "weights", request_body = WeightInput,
    params(("date" = NaiveDate, Path, description = "The day (YYYY-MM-DD)")),
    responses(
        (status = 200, body = Weight),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_weight(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    PathDate(date): PathDate,
    ApiJson(body): ApiJson<WeightInput>,
) -> ApiResult<Json<Weight>> {
    let cmd = WeightFields {
        weight_kg: body.weight_kg,
    };
    Ok(Json(state.app.put_weight(&actor, date, cmd).await?.into()))
}

/// Remove the day's weight.
#[utoipa::path(delete, path = "/weights/{date}", tag = "weights",
    params(("date" = NaiveDate, Path, description = "The day (YYYY-MM-DD)")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn delete_weight(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    PathDate(date): PathDate,
) -> ApiResult<StatusCode> {
    state.app.delete_weight(&actor, date).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct WeightRange {
    /// First day, inclusive; default: the first entry.
    #[param(value_type = Option<NaiveDate>)]
    from: Option<String>,
    /// Last day, inclusive; default: the last entry.
    #[param(value_type = Option<NaiveDate>)]
    to: Option<String>,
    /// `true`: one row per day of the range (at most 366 days), days
    /// without weighing with `weight_kg: null` and the trend.
    #[param(value_type = Option<bool>)]
    fill: Option<String>,
}

/// The weight log by date, each day with `trend_kg`: an exponentially
/// smoothed average (a tenth of each day's difference from the day before's
/// trend; a day without weighing leaves it), computed over the whole
/// history whatever the range, to 0.01 kg.
#[utoipa::path(get, path = "/weights", tag = "weights", params(WeightRange),
    responses(
        (status = 200, body = Items<WeightTrend>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`, or a filled range is longer than 366 days", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<WeightTrend>>> {
    let (from, to) = (query.date("from")?, query.date("to")?);
    let fill = match query.text("fill") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(ApiError::bad_query(
                "fill",
                msg("must-be-one-of").arg("allowed", "`true`, `false`"),
            ));
        }
    };
    Ok(Json(Items::of(
        state.app.weight_trend(&actor, from, to, fill).await?,
    )))
}
