//! Where the day, or a range of days, stands against the goals.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{AuthUser, CredentialKind, Credentials};
use super::input::{QueryParams, date_range};
use crate::domain::goals;
use crate::domain::nutrients::Nutrients;
use crate::domain::summary::{self, Averages, DailyTotals, DayRow, MAX_RANGE_DAYS};
use crate::store::{ActivityEntry, Day, FoodEntry};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(daily))
        .routes(routes!(range))
}

#[derive(Serialize, ToSchema)]
pub struct DailySummary {
    pub date: NaiveDate,
    pub goals: Nutrients,
    #[serde(flatten)]
    pub totals: DailyTotals,
    pub food_entries: Vec<FoodEntry>,
    pub activity_entries: Vec<ActivityEntry>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct DayQuery {
    /// The day (YYYY-MM-DD).
    #[param(value_type = NaiveDate)]
    date: String,
}

/// The day's summary (shared with the web pages).
pub async fn daily_summary(
    state: &AppState,
    account_id: i64,
    date: NaiveDate,
) -> ApiResult<DailySummary> {
    // One statement for goals and entries; the account exists (it was just
    // authenticated) unless it was deleted meanwhile.
    let day = state
        .store
        .day_of_account(account_id, date)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(summarise(date, day))
}

fn summarise(date: NaiveDate, day: Day) -> DailySummary {
    let goals = day.goals.unwrap_or(goals::DEFAULT_GOALS);
    let foods: Vec<_> = day
        .food_entries
        .iter()
        .map(|e| (e.meal(), e.nutrients()))
        .collect();
    let burned: Vec<f64> = day.activity_entries.iter().map(|a| a.kcal_burned).collect();
    DailySummary {
        date,
        goals,
        totals: summary::daily_totals(goals, &foods, &burned),
        food_entries: day.food_entries,
        activity_entries: day.activity_entries,
    }
}

/// One day: consumed, burned, net (consumed − burned) and remaining (goal −
/// net for calories, goal − consumed for each macro), by meal too.
#[utoipa::path(get, path = "/summary/daily", tag = "summary", params(DayQuery),
    responses(
        (status = 200, body = DailySummary),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn daily(
    State(state): State<AppState>,
    credentials: Credentials,
    query: Result<QueryParams, ApiError>,
) -> ApiResult<Json<DailySummary>> {
    let date = match query.and_then(|q| {
        q.date("date")?
            .ok_or_else(|| ApiError::bad_query("date", "is required"))
    }) {
        Ok(date) => date,
        Err(e) => {
            // Credentials that do not check out answer 401 before a bad query.
            credentials.check(&state).await?;
            return Err(e);
        }
    };
    // The hot path: with a session cookie, the session check, the goals and
    // the day's entries are one statement.
    let day = match credentials.kind() {
        CredentialKind::Session(hash) => state.store.day_by_session(hash, date).await?,
        CredentialKind::Token(_) => {
            let user = credentials.check(&state).await?;
            state.store.day_of_account(user.account_id, date).await?
        }
    }
    .ok_or(ApiError::Unauthorized)?;
    credentials.authenticated(day.account_id);
    Ok(Json(summarise(date, day)))
}

#[derive(Serialize, ToSchema)]
pub struct RangeSummary {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayRow>,
    pub averages: Averages,
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

/// Range summary (shared with the web pages).
pub async fn range_summary(
    state: &AppState,
    account_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<RangeSummary> {
    let foods = state.store.daily_food_totals(account_id, from, to).await?;
    let burned = state.store.daily_burned(account_id, from, to).await?;
    let days = summary::day_rows(from, to, &foods, &burned);
    let averages = summary::averages(&days);
    Ok(RangeSummary {
        from,
        to,
        days,
        averages,
    })
}

/// Day by day over a range (empty days included with zeros), and the
/// averages over the days that have entries.
#[utoipa::path(get, path = "/summary", tag = "summary", params(RangeQuery),
    responses(
        (status = 200, body = RangeSummary),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn range(
    State(state): State<AppState>,
    user: AuthUser,
    query: QueryParams,
) -> ApiResult<Json<RangeSummary>> {
    if query.text("date").is_some() {
        return Err(ApiError::bad_query("date", "give `from` and `to`"));
    }
    let (from, to) = date_range(&query, MAX_RANGE_DAYS)?;
    Ok(Json(
        range_summary(&state, user.account_id, from, to).await?,
    ))
}
