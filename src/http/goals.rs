//! Daily goals, the body profile, and goals suggested from it.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use serde_json::Value;
use utoipa::IntoParams;

use super::error::{ApiError, ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, QueryParams};
use super::schema::{ActivityLevel, GoalSettings, ProfileView, Sex, SuggestedGoals};
use crate::app::Input;
use crate::app::goals::{DayGoalsFields, DayGoalsInput, GoalsFields, ProfileFields, WeekdaysInput};
use crate::locale::msg;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_goals, put_goals))
        .routes(routes!(suggested_goals))
        .routes(routes!(get_profile, put_profile))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct GoalsQuery {
    /// A day: answer the goals in force on it instead of the base goals and
    /// the weekdays.
    #[param(value_type = Option<NaiveDate>)]
    date: Option<String>,
}

/// The daily goals (defaults 2000 kcal, 150 g protein, 70 g fat, 250 g carbs,
/// 2000 ml water) and the weekdays' overrides (`weekdays`); with `date`,
/// the goals in force that day (the base overlaid with its weekday's
/// override).
#[utoipa::path(get, path = "/goals", tag = "goals", params(GoalsQuery),
    responses(
        (status = 200, body = GoalSettings),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn get_goals(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<GoalSettings>> {
    let date = query.date("date")?;
    let week = state.app.week_goals(&actor).await?;
    Ok(Json(match date {
        Some(date) => GoalSettings::on(week, date),
        None => GoalSettings::of_week(week),
    }))
}

/// One weekday's override: each member left out (or `null`) keeps the base
/// goal; the same ranges as the base goals.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; read as JSON values
pub struct WeekdayGoalsInput {
    #[schema(minimum = 0.05, maximum = 20000)]
    calories: Option<f64>,
    #[schema(minimum = 0.05, maximum = 20000)]
    protein_g: Option<f64>,
    #[schema(minimum = 0.05, maximum = 20000)]
    fat_g: Option<f64>,
    #[schema(minimum = 0.05, maximum = 20000)]
    carbs_g: Option<f64>,
}

/// The weekdays' overrides; a weekday left out (or `null`, or `{}`) has
/// none.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; read as JSON values
pub struct WeekdaysGoalsInput {
    monday: Option<WeekdayGoalsInput>,
    tuesday: Option<WeekdayGoalsInput>,
    wednesday: Option<WeekdayGoalsInput>,
    thursday: Option<WeekdayGoalsInput>,
    friday: Option<WeekdayGoalsInput>,
    saturday: Option<WeekdayGoalsInput>,
    sunday: Option<WeekdayGoalsInput>,
}

/// A member of a weekday's override as sent.
fn amount(value: Option<&Value>) -> Input<f64> {
    match value {
        None => Input::Absent,
        Some(Value::Null) => Input::Null,
        Some(v) => v
            .as_f64()
            .map_or(Input::Invalid(msg("not-a-number")), Input::Value),
    }
}

/// A weekday's override as sent.
fn day_goals(value: &Value) -> DayGoalsInput {
    const MEMBERS: [&str; 4] = ["calories", "protein_g", "fat_g", "carbs_g"];
    match value {
        Value::Null => DayGoalsInput::None,
        Value::Object(m) if m.keys().all(|k| MEMBERS.contains(&k.as_str())) => {
            DayGoalsInput::Fields(DayGoalsFields {
                calories: amount(m.get("calories")),
                protein_g: amount(m.get("protein_g")),
                fat_g: amount(m.get("fat_g")),
                carbs_g: amount(m.get("carbs_g")),
            })
        }
        _ => DayGoalsInput::Invalid(msg("json-shape").arg(
            "detail",
            "`{\"calories\"?, \"protein_g\"?, \"fat_g\"?, \"carbs_g\"?}`, or null",
        )),
    }
}

/// The `weekdays` member as sent.
fn weekdays(input: Input<serde_json::Map<String, Value>>) -> WeekdaysInput {
    match input {
        Input::Absent => WeekdaysInput::Absent,
        Input::Null => WeekdaysInput::Null,
        Input::Invalid(m) => WeekdaysInput::Invalid(m),
        Input::Value(days) => WeekdaysInput::Days(
            days.iter()
                .map(|(name, v)| (name.clone(), day_goals(v)))
                .collect(),
        ),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct GoalsInput {
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0.05, maximum = 20000)]
    calories: Input<f64>,
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0.05, maximum = 20000)]
    protein_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0.05, maximum = 20000)]
    fat_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0.05, maximum = 20000)]
    carbs_g: Input<f64>,
    /// Whole ml, 1–10000. Optional: left out, the water goal stays as it
    /// is (2000 ml until set), so clients that predate it keep working.
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 10000)]
    water_ml: Input<i64>,
    /// Partial overrides by weekday (`{"saturday": {"calories": 2600}}`),
    /// replacing the ones set before; left out, they stay as they are;
    /// `null` removes them all.
    #[serde(default)]
    #[schema(value_type = Option<WeekdaysGoalsInput>)]
    weekdays: Input<serde_json::Map<String, Value>>,
}

impl From<GoalsInput> for GoalsFields {
    fn from(g: GoalsInput) -> GoalsFields {
        GoalsFields {
            calories: g.calories,
            protein_g: g.protein_g,
            fat_g: g.fat_g,
            carbs_g: g.carbs_g,
            water_ml: g.water_ml,
            weekdays: weekdays(g.weekdays),
        }
    }
}

/// Set the daily goals; calories and macros each above 0 and at most 20000;
/// `water_ml` 1–10000, unchanged when left out; `weekdays` (optional)
/// replaces the weekdays' overrides. Invalid members are named
/// `weekdays.<day>.<member>`.
#[utoipa::path(put, path = "/goals", tag = "goals", request_body = GoalsInput,
    responses(
        (status = 200, body = GoalSettings),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_goals(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<GoalsInput>,
) -> ApiResult<Json<GoalSettings>> {
    Ok(Json(GoalSettings::of_week(
        state.app.set_goals(&actor, body.into()).await?,
    )))
}

/// The body profile.
#[utoipa::path(get, path = "/profile", tag = "goals",
    responses((status = 200, body = ProfileView)),
    security(("session" = []), ("token" = [])))]
async fn get_profile(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<ProfileView>> {
    Ok(Json(state.app.profile(&actor).await?.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct ProfileInput {
    #[serde(default)]
    #[schema(value_type = Option<Sex>)]
    sex: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<NaiveDate>)]
    birth_date: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 50, maximum = 300)]
    height_cm: Input<f64>,
    /// Recorded as today's entry of the weight log.
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 20, maximum = 400)]
    weight_kg: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<ActivityLevel>)]
    activity_level: Input<String>,
}

impl From<ProfileInput> for ProfileFields {
    fn from(p: ProfileInput) -> ProfileFields {
        ProfileFields {
            sex: p.sex,
            birth_date: p.birth_date,
            height_cm: p.height_cm,
            weight_kg: p.weight_kg,
            activity_level: p.activity_level,
        }
    }
}

/// Replace the profile. Fields left out or null are cleared, except
/// `weight_kg`, which when given records today's weight.
#[utoipa::path(put, path = "/profile", tag = "goals", request_body = ProfileInput,
    responses(
        (status = 200, body = ProfileView),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_profile(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<ProfileInput>,
) -> ApiResult<Json<ProfileView>> {
    Ok(Json(
        state.app.set_profile(&actor, body.into()).await?.into(),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; read through `QueryParams`
pub struct SuggestedQuery {
    /// `profile` (the default): from the profile; `expenditure`: from the
    /// expenditure estimated over the last 28 days.
    #[param(value_type = Option<String>, pattern = "^(profile|expenditure)$")]
    from: Option<String>,
    /// With `from=expenditure`: the weekly change of body mass aimed at, kg
    /// per week, −1.0 to +0.5 (negative loses); default 0.
    #[param(value_type = Option<f64>, minimum = -1.0, maximum = 0.5)]
    rate_kg_per_week: Option<String>,
}

/// Suggested goals. From the profile: Mifflin–St Jeor BMR × activity factor.
/// From the expenditure estimate: expenditure + rate × 7700 ÷ 7 kcal. Both
/// never below 1200 kcal for women (or without a sex in the profile) and
/// 1500 kcal for men; 25 % protein, 30 % fat, 45 % carbs of those kcal.
#[utoipa::path(get, path = "/goals/suggested", tag = "goals", params(SuggestedQuery),
    responses(
        (status = 200, body = SuggestedGoals),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The profile lacks a field the suggestion needs, the estimate lacks data (named `from`), or the rate is out of range", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn suggested_goals(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    query: QueryParams,
) -> ApiResult<Json<SuggestedGoals>> {
    let rate = match query.text("rate_kg_per_week") {
        None => None,
        Some(raw) => Some(
            raw.parse::<f64>()
                .ok()
                .filter(|r| r.is_finite())
                .ok_or_else(|| ApiError::bad_query("rate_kg_per_week", msg("not-a-number")))?,
        ),
    };
    match query.text("from").unwrap_or("profile") {
        "profile" => {
            if rate.is_some() {
                return Err(ApiError::bad_query(
                    "rate_kg_per_week",
                    msg("rate-needs-expenditure"),
                ));
            }
            Ok(Json(state.app.suggested_goals(&actor).await?.into()))
        }
        "expenditure" => Ok(Json(
            state.app.goals_from_expenditure(&actor, rate).await?.into(),
        )),
        _ => Err(ApiError::bad_query(
            "from",
            msg("must-be-one-of").arg("allowed", "`profile`, `expenditure`"),
        )),
    }
}
