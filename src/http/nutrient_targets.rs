//! Daily nutrient targets: the DRI defaults and the account's overrides
//! (nutrition.md §2, "Targets").

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::ApiJson;
use super::schema::NutrientTargets;
use crate::app::Input;
use crate::app::targets::{TargetInput, TargetsFields};
use crate::locale::msg;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_targets, put_targets))
}

/// Every nutrient key's daily target. Defaults (`source: "dri"`) are the US
/// Dietary Reference Intakes for the profile's sex and age (without them,
/// the adult values of the higher of the two sexes' RDAs): the RDA, or AI,
/// as `min`, the Tolerable Upper Intake Level as `max` where one applies to
/// food; sodium's `max` is 2300 mg, saturated fat's `max` 10 % of the
/// calorie goal at 9 kcal/g, fibre's `min` 14 g per 1000 kcal of it.
#[utoipa::path(get, path = "/nutrient-targets", tag = "goals",
    responses((status = 200, body = NutrientTargets)),
    security(("session" = []), ("token" = [])))]
async fn get_targets(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<NutrientTargets>> {
    Ok(Json(state.app.nutrient_targets(&actor).await?.into()))
}

/// One key's override: a bound left out (or `null`) is the default's; with
/// neither, the key returns to its default.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)] // documents the body; read as JSON values
pub struct NutrientTargetInput {
    #[schema(minimum = 0, maximum = 1000000, example = 10)]
    min: Option<f64>,
    #[schema(minimum = 0, maximum = 1000000)]
    max: Option<f64>,
}

/// Overrides by nutrient key (`{"iron_mg": {"min": 10}}`); `null` instead
/// of an object returns the key to its default.
#[derive(ToSchema)]
#[schema(value_type = BTreeMap<String, NutrientTargetInput>)]
#[allow(dead_code)]
pub struct NutrientTargetsInput(BTreeMap<String, NutrientTargetInput>);

/// A bound as sent.
fn bound(value: Option<&Value>) -> Input<f64> {
    match value {
        None => Input::Absent,
        Some(Value::Null) => Input::Null,
        Some(v) => match v.as_f64() {
            Some(x) => Input::Value(x),
            None => Input::Invalid(msg("not-a-number")),
        },
    }
}

/// One key's value as sent.
fn target_input(value: &Value) -> TargetInput {
    let shape = || {
        TargetInput::Invalid(
            msg("json-shape").arg("detail", "`{\"min\": number, \"max\": number}`, or null"),
        )
    };
    match value {
        Value::Null => TargetInput::Default,
        Value::Object(members) => {
            if members.keys().any(|m| m != "min" && m != "max") {
                return shape();
            }
            TargetInput::Bounds {
                min: bound(members.get("min")),
                max: bound(members.get("max")),
            }
        }
        _ => shape(),
    }
}

/// Override the targets of the keys sent (the others keep theirs): each
/// `{min?, max?}` replaces the key's override, a bound left out (or `null`)
/// being the default's; `null` for a key returns it to its default. Bounds
/// are 0–1000000, kept to 0.01. An unknown key, a bound that is negative or
/// not a number, or a `min` above the `max` (the default's where one is left
/// out) is a 422 naming the key, and changes nothing.
#[utoipa::path(put, path = "/nutrient-targets", tag = "goals",
    request_body = NutrientTargetsInput,
    responses(
        (status = 200, body = NutrientTargets),
        (status = 422, description = "Invalid values: `errors` names each bad key", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_targets(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<serde_json::Map<String, Value>>,
) -> ApiResult<Json<NutrientTargets>> {
    let cmd = TargetsFields {
        keys: body
            .iter()
            .map(|(key, value)| (key.clone(), target_input(value)))
            .collect(),
    };
    Ok(Json(
        state.app.set_nutrient_targets(&actor, cmd).await?.into(),
    ))
}
