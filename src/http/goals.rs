//! Daily goals, the body profile, and goals suggested from it.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::{ApiJson, Check, Input};
use crate::domain::goals::{self, ActivityLevel, GOAL_MAX, Sex, SuggestedGoals};
use crate::domain::nutrients::Nutrients;
use crate::store::{Profile, Weight, today};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_goals, put_goals))
        .routes(routes!(suggested_goals))
        .routes(routes!(get_profile, put_profile))
}

/// Body weights the tracker accepts, in kg.
pub const WEIGHT_KG: std::ops::RangeInclusive<f64> = 20.0..=400.0;

/// The account's goals, or the defaults while it has set none.
pub async fn goals_of(state: &AppState, account_id: i64) -> ApiResult<Nutrients> {
    Ok(state
        .store
        .goals(account_id)
        .await?
        .unwrap_or(goals::DEFAULT_GOALS))
}

/// The daily goals (defaults 2000 kcal, 150 g protein, 70 g fat, 250 g carbs).
#[utoipa::path(get, path = "/goals", tag = "goals",
    responses((status = 200, body = Nutrients)),
    security(("session" = []), ("token" = [])))]
async fn get_goals(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<Nutrients>> {
    Ok(Json(goals_of(&state, user.account_id).await?))
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
}

/// Set the daily goals; each above 0 and at most 20000.
#[utoipa::path(put, path = "/goals", tag = "goals", request_body = GoalsInput,
    responses(
        (status = 200, body = Nutrients),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_goals(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<GoalsInput>,
) -> ApiResult<Json<Nutrients>> {
    Ok(Json(set_goals(&state, &user, body).await?))
}

/// Validates and stores the goals (shared with the web pages).
pub(crate) async fn set_goals(
    state: &AppState,
    user: &AuthUser,
    body: GoalsInput,
) -> ApiResult<Nutrients> {
    let mut check = Check::new();
    let mut goal = |field: &str, input: Input<f64>| {
        let v = check.required(field, input);
        check.positive(field, v, GOAL_MAX).unwrap_or_default()
    };
    let goals = Nutrients {
        calories: goal("calories", body.calories),
        protein_g: goal("protein_g", body.protein_g),
        fat_g: goal("fat_g", body.fat_g),
        carbs_g: goal("carbs_g", body.carbs_g),
    };
    check.finish()?;
    state.store.set_goals(user.account_id, goals).await?;
    Ok(goals)
}

/// The body profile; `weight_kg` is the latest entry of the weight log.
#[derive(Serialize, ToSchema)]
pub struct ProfileView {
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub height_cm: Option<f64>,
    pub weight_kg: Option<f64>,
    #[schema(value_type = Option<ActivityLevel>)]
    pub activity_level: Option<String>,
}

pub async fn profile_of(state: &AppState, account_id: i64) -> ApiResult<ProfileView> {
    let profile = state.store.profile(account_id).await?;
    let weight = state.store.latest_weight(account_id).await?;
    Ok(ProfileView {
        sex: profile.sex,
        birth_date: profile.birth_date,
        height_cm: profile.height_cm,
        weight_kg: weight.map(|w| w.weight_kg),
        activity_level: profile.activity_level,
    })
}

/// The body profile.
#[utoipa::path(get, path = "/profile", tag = "goals",
    responses((status = 200, body = ProfileView)),
    security(("session" = []), ("token" = [])))]
async fn get_profile(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<ProfileView>> {
    Ok(Json(profile_of(&state, user.account_id).await?))
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

/// Replace the profile. Fields left out or null are cleared, except
/// `weight_kg`, which when given records today's weight.
#[utoipa::path(put, path = "/profile", tag = "goals", request_body = ProfileInput,
    responses(
        (status = 200, body = ProfileView),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_profile(
    State(state): State<AppState>,
    user: AuthUser,
    ApiJson(body): ApiJson<ProfileInput>,
) -> ApiResult<Json<ProfileView>> {
    Ok(Json(set_profile(&state, &user, body).await?))
}

/// Validates and stores the profile (shared with the web pages).
pub(crate) async fn set_profile(
    state: &AppState,
    user: &AuthUser,
    body: ProfileInput,
) -> ApiResult<ProfileView> {
    let mut check = Check::new();
    let sex = check.optional("sex", body.sex);
    let sex = check.one_of("sex", sex, Sex::parse, "female, male");
    let birth_date = check.optional("birth_date", body.birth_date);
    let birth_date = check.date("birth_date", birth_date);
    if birth_date.is_some_and(|d| d > today()) {
        check.fail("birth_date", "must not be in the future");
    }
    let height_cm = check.optional("height_cm", body.height_cm);
    let height_cm = check.decimal("height_cm", height_cm, 50.0..=300.0);
    let weight_kg = check.optional("weight_kg", body.weight_kg);
    let weight_kg = check.decimal("weight_kg", weight_kg, WEIGHT_KG);
    let level = check.optional("activity_level", body.activity_level);
    let level = check.one_of(
        "activity_level",
        level,
        ActivityLevel::parse,
        "sedentary, light, moderate, active, very_active",
    );
    check.finish()?;
    let profile = Profile {
        sex: sex.map(|s| s.as_str().to_owned()),
        birth_date,
        height_cm,
        activity_level: level.map(|l| l.as_str().to_owned()),
    };
    state.store.set_profile(user.account_id, &profile).await?;
    if let Some(weight_kg) = weight_kg {
        let weight = Weight {
            date: today(),
            weight_kg,
        };
        state.store.put_weight(user.account_id, &weight).await?;
    }
    profile_of(state, user.account_id).await
}

/// Goals suggested from the profile: Mifflin–St Jeor BMR × activity factor;
/// 25 % protein, 30 % fat, 45 % carbs of those kcal.
#[utoipa::path(get, path = "/goals/suggested", tag = "goals",
    responses(
        (status = 200, body = SuggestedGoals),
        (status = 422, description = "The profile lacks a field the suggestion needs", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn suggested_goals(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<SuggestedGoals>> {
    Ok(Json(suggestion(&state, user.account_id).await?))
}

/// Goals suggested from the account's profile (shared with the web pages).
pub(crate) async fn suggestion(state: &AppState, account_id: i64) -> ApiResult<SuggestedGoals> {
    let p = profile_of(state, account_id).await?;
    let mut check = Check::new();
    let mut needed = |field: &str, present: bool| {
        if !present {
            check.fail(field, "is needed for a suggestion: set it in the profile");
        }
    };
    needed("sex", p.sex.is_some());
    needed("birth_date", p.birth_date.is_some());
    needed("height_cm", p.height_cm.is_some());
    needed("weight_kg", p.weight_kg.is_some());
    needed("activity_level", p.activity_level.is_some());
    check.finish()?;
    let (Some(sex), Some(birth_date), Some(height_cm), Some(weight_kg), Some(level)) = (
        p.sex.as_deref().and_then(Sex::parse),
        p.birth_date,
        p.height_cm,
        p.weight_kg,
        p.activity_level.as_deref().and_then(ActivityLevel::parse),
    ) else {
        return Err(anyhow::anyhow!("a stored profile value is not valid").into());
    };
    let age = goals::age_on(birth_date, today());
    Ok(goals::suggest(sex, weight_kg, height_cm, age, level))
}
