//! Where the day, or a range of days, stands against the goals.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::details::Keyed;
use super::error::{ApiError, ApiResult, Problem};
use super::extract::{AuthUser, Presented};
use super::input::{QueryParams, date_range};
use super::schema::{ActivityEntry, Averages, DailyTotals, DayRow, FoodEntry, Goals, WaterEntry};
use crate::app::summaries;
use crate::domain::nutrients::unit_of;
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
    /// Every detail nutrient (`fibre_g`, `sugars_g`, `saturated_fat_g`,
    /// `sodium_mg`, then the micronutrient keys) over the day's food
    /// entries, against its target.
    #[schema(value_type = BTreeMap<String, DayNutrient>)]
    pub nutrients: Keyed<DayNutrient>,
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
            nutrients: Keyed(
                s.nutrients
                    .into_iter()
                    .map(|n| (n.total.key, DayNutrient::from(n)))
                    .collect(),
            ),
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

/// One nutrient over a day, in the unit its key names.
#[derive(Serialize, ToSchema)]
pub struct DayNutrient {
    /// The sum over the entries that knew it; `null` when the day has food
    /// entries and none knew it; 0 on a day without food entries.
    pub amount: Option<f64>,
    #[schema(example = "mg")]
    pub unit: &'static str,
    pub target_min: Option<f64>,
    pub target_max: Option<f64>,
    /// How many of the day's `entries` food entries knew this nutrient:
    /// fewer means `amount` is a partial total.
    pub known_entries: i64,
    pub entries: i64,
}

impl From<summaries::DayNutrient> for DayNutrient {
    fn from(n: summaries::DayNutrient) -> DayNutrient {
        DayNutrient {
            amount: n.total.amount,
            unit: unit_of(n.total.key),
            target_min: n.target_min,
            target_max: n.target_max,
            known_entries: n.total.known_entries,
            entries: n.total.entries,
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
    pub days: Vec<RangeDay>,
    pub averages: RangeAverages,
}

/// One day of a range, with its detail nutrients.
#[derive(Serialize, ToSchema)]
pub struct RangeDay {
    #[serde(flatten)]
    pub day: DayRow,
    /// Each detail nutrient's amount that day, as in the daily summary's
    /// `nutrients` (`null`: the day's entries did not know it).
    #[schema(value_type = BTreeMap<String, Option<f64>>)]
    pub nutrients: Keyed<Option<f64>>,
}

/// The range's means, with each detail nutrient's mean over the days with
/// food entries that knew it (`null` when none did).
#[derive(Serialize, ToSchema)]
pub struct RangeAverages {
    #[serde(flatten)]
    pub averages: Averages,
    #[schema(value_type = BTreeMap<String, Option<f64>>)]
    pub nutrients: Keyed<Option<f64>>,
}

impl From<summaries::RangeSummary> for RangeSummary {
    fn from(r: summaries::RangeSummary) -> RangeSummary {
        RangeSummary {
            from: r.from,
            to: r.to,
            days: r
                .days
                .into_iter()
                .zip(r.day_nutrients)
                .map(|(day, totals)| {
                    let goals = r.goals.on(day.date).nutrients;
                    RangeDay {
                        day: (day, goals).into(),
                        nutrients: Keyed(totals.into_iter().map(|t| (t.key, t.amount)).collect()),
                    }
                })
                .collect(),
            averages: RangeAverages {
                averages: r.averages.into(),
                nutrients: Keyed(r.nutrient_averages),
            },
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
