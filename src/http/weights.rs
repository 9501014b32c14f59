//! The body-weight log: one entry per day.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, PathDate, QueryParams};
use super::schema::{Items, Weight};
use crate::app::Input;
use crate::app::weights::WeightFields;
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
}

/// The weight log, by date.
#[utoipa::path(get, path = "/weights", tag = "weights", params(WeightRange),
    responses(
        (status = 200, body = Items<Weight>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn list(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Items<Weight>>> {
    let (from, to) = (query.date("from")?, query.date("to")?);
    Ok(Json(Items::of(state.app.weights(&actor, from, to).await?)))
}
