//! Daily goals, the body profile, and goals suggested from it.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::ApiJson;
use super::schema::{ActivityLevel, Goals, ProfileView, Sex, SuggestedGoals};
use crate::app::Input;
use crate::app::goals::{GoalsFields, ProfileFields};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_goals, put_goals))
        .routes(routes!(suggested_goals))
        .routes(routes!(get_profile, put_profile))
}

/// The daily goals (defaults 2000 kcal, 150 g protein, 70 g fat, 250 g carbs,
/// 2000 ml water).
#[utoipa::path(get, path = "/goals", tag = "goals",
    responses((status = 200, body = Goals)),
    security(("session" = []), ("token" = [])))]
async fn get_goals(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Goals>> {
    Ok(Json(state.app.goals(&actor).await?.into()))
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
}

impl From<GoalsInput> for GoalsFields {
    fn from(g: GoalsInput) -> GoalsFields {
        GoalsFields {
            calories: g.calories,
            protein_g: g.protein_g,
            fat_g: g.fat_g,
            carbs_g: g.carbs_g,
            water_ml: g.water_ml,
        }
    }
}

/// Set the daily goals; calories and macros each above 0 and at most 20000;
/// `water_ml` 1–10000, unchanged when left out.
#[utoipa::path(put, path = "/goals", tag = "goals", request_body = GoalsInput,
    responses(
        (status = 200, body = Goals),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_goals(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<GoalsInput>,
) -> ApiResult<Json<Goals>> {
    Ok(Json(state.app.set_goals(&actor, body.into()).await?.into()))
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
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<SuggestedGoals>> {
    Ok(Json(state.app.suggested_goals(&actor).await?.into()))
}
