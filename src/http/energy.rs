//! Energy expenditure estimated from the diary and the weight trend
//! (body.md §2).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::QueryParams;
use super::schema::Expenditure;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(expenditure))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct ExpenditureQuery {
    /// The window's last day; default: the account's today.
    #[param(value_type = Option<NaiveDate>)]
    date: Option<String>,
}

/// The total daily energy expenditure estimated over the 28 days ending on
/// `date`: the mean kcal eaten on the logged days (those with a food entry)
/// less the change of the weight trend between the window's first and last
/// weighing × 7700 kcal/kg ÷ the days between them. Needs 14 logged days
/// and weights on 2 days at least 14 days apart; otherwise a 422 whose
/// `errors` (on `date`) say what is missing.
#[utoipa::path(get, path = "/energy/expenditure", tag = "goals", params(ExpenditureQuery),
    responses(
        (status = 200, body = Expenditure),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Too little data: `errors` say what is missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn expenditure(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<Expenditure>> {
    let date = query.date("date")?;
    Ok(Json(state.app.expenditure(&actor, date).await?.into()))
}
