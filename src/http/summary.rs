//! Where the day, or a range of days, stands against the goals.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::{AuthUser, Presented};
use super::input::{QueryParams, date_range};
use super::schema::{ActivityEntry, Averages, DailyTotals, DayRow, FoodEntry, Goals, WaterEntry};
use crate::app::summaries;
use crate::locale::msg;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(daily))
        .routes(routes!(range))
}

#[derive(Serialize, ToSchema)]
pub struct DailySummary {
    pub date: NaiveDate,
    pub goals: Goals,
    #[serde(flatten)]
    pub totals: DailyTotals,
    /// The day's water, in ml: the sum of `water_entries`.
    pub water_ml: i64,
    pub food_entries: Vec<FoodEntry>,
    pub activity_entries: Vec<ActivityEntry>,
    pub water_entries: Vec<WaterEntry>,
}

impl From<summaries::DailySummary> for DailySummary {
    fn from(s: summaries::DailySummary) -> DailySummary {
        DailySummary {
            date: s.date,
            goals: s.goals.into(),
            totals: s.totals.into(),
            water_ml: s.water_ml,
            food_entries: s.food_entries.into_iter().map(FoodEntry::from).collect(),
            activity_entries: s
                .activity_entries
                .into_iter()
                .map(ActivityEntry::from)
                .collect(),
            water_entries: s.water_entries.into_iter().map(WaterEntry::from).collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct DayQuery {
    /// The day (YYYY-MM-DD).
    #[param(value_type = NaiveDate)]
    date: String,
}

/// One day: consumed, burned, net (consumed − burned) and remaining (goal −
/// net for calories, goal − consumed for each macro), by meal too; the day's
/// water (`water_ml`) against `goals.water_ml`.
#[utoipa::path(get, path = "/summary/daily", tag = "summary", params(DayQuery),
    responses(
        (status = 200, body = DailySummary),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn daily(
    State(state): State<AppState>,
    presented: Presented,
    query: Result<QueryParams, ApiError>,
) -> ApiResult<Json<DailySummary>> {
    let date = match query.and_then(|q| {
        q.date("date")?
            .ok_or_else(|| ApiError::bad_query("date", msg("required")))
    }) {
        Ok(date) => date,
        Err(e) => {
            // Credentials that do not check out answer 401 before a bad query.
            let actor = state.app.authenticate(&presented.credential).await?;
            presented.authenticated(actor.account_id);
            return Err(e);
        }
    };
    let (account_id, summary) = state
        .app
        .daily_summary_for(&presented.credential, date)
        .await?;
    presented.authenticated(account_id);
    Ok(Json(summary.into()))
}

#[derive(Serialize, ToSchema)]
pub struct RangeSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayRow>,
    pub averages: Averages,
}

impl From<summaries::RangeSummary> for RangeSummary {
    fn from(r: summaries::RangeSummary) -> RangeSummary {
        RangeSummary {
            from: r.from,
            to: r.to,
            days: r
                .days
                .into_iter()
                .map(|d| {
                    let goals = r.goals.on(d.date).nutrients;
                    DayRow::from((d, goals))
                })
                .collect(),
            averages: r.averages.into(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct RangeQuery {
    /// First day, inclusive.
    #[param(value_type = NaiveDate)]
    from: String,
    /// Last day, inclusive; at most 366 days after `from`.
    #[param(value_type = NaiveDate)]
    to: String,
}

/// Day by day over a range (empty days included with zeros), each with the
/// goals in force that day, and the averages over the days that have
/// entries.
#[utoipa::path(get, path = "/summary", tag = "summary", params(RangeQuery),
    responses(
        (status = 200, body = RangeSummary),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn range(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<RangeSummary>> {
    if query.text("date").is_some() {
        return Err(ApiError::bad_query("date", msg("range-needs-from-and-to")));
    }
    let (from, to) = date_range(&query)?;
    Ok(Json(
        state.app.range_summary(&actor, from, to).await?.into(),
    ))
}
