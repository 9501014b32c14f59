//! The account's settings: time zone, language and units (everywhere.md §1).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, Problem};
use super::extract::AuthUser;
use super::input::ApiJson;
use crate::app::Input;
use crate::app::settings::SettingsFields;
use crate::domain::settings;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, put_settings))
}

#[derive(Serialize, ToSchema)]
pub struct Settings {
    /// IANA time zone name: the account's "today" is the date there.
    #[schema(example = "Europe/Madrid")]
    time_zone: String,
    #[schema(example = "es")]
    language: Language,
    /// What the pages show energy in (the API always uses kcal).
    energy_unit: EnergyUnit,
    /// What the pages show body weight in (the API always uses kg).
    weight_unit: WeightUnit,
    /// What the pages show height in (the API always uses cm).
    length_unit: LengthUnit,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum Language {
    En,
    Es,
    De,
}

#[derive(Serialize, ToSchema)]
enum EnergyUnit {
    #[serde(rename = "kcal")]
    Kcal,
    #[serde(rename = "kJ")]
    Kj,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum WeightUnit {
    Kg,
    Lb,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum LengthUnit {
    Cm,
    In,
}

impl From<settings::Settings> for Settings {
    fn from(s: settings::Settings) -> Settings {
        Settings {
            time_zone: s.time_zone.name().to_owned(),
            language: match s.language {
                settings::Language::En => Language::En,
                settings::Language::Es => Language::Es,
                settings::Language::De => Language::De,
            },
            energy_unit: match s.energy_unit {
                settings::EnergyUnit::Kcal => EnergyUnit::Kcal,
                settings::EnergyUnit::Kj => EnergyUnit::Kj,
            },
            weight_unit: match s.weight_unit {
                settings::WeightUnit::Kg => WeightUnit::Kg,
                settings::WeightUnit::Lb => WeightUnit::Lb,
            },
            length_unit: match s.length_unit {
                settings::LengthUnit::Cm => LengthUnit::Cm,
                settings::LengthUnit::In => LengthUnit::In,
            },
        }
    }
}

/// Settings to change; a member left out keeps its value.
#[derive(Deserialize, ToSchema)]
pub struct SettingsInput {
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "America/Los_Angeles")]
    time_zone: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<Language>)]
    language: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<EnergyUnit>)]
    energy_unit: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<WeightUnit>)]
    weight_unit: Input<String>,
    #[serde(default)]
    #[schema(value_type = Option<LengthUnit>)]
    length_unit: Input<String>,
}

/// The account's settings.
#[utoipa::path(get, path = "/settings", tag = "account",
    responses((status = 200, body = Settings)),
    security(("session" = []), ("token" = [])))]
async fn get_settings(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
) -> ApiResult<Json<Settings>> {
    Ok(Json(state.app.settings(&actor).await?.into()))
}

/// Change settings: members left out keep their values; an unknown time
/// zone, language or unit is a 422 naming it.
#[utoipa::path(put, path = "/settings", tag = "account", request_body = SettingsInput,
    responses(
        (status = 200, body = Settings),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("token" = [])))]
async fn put_settings(
    State(state): State<AppState>,
    AuthUser(actor): AuthUser,
    ApiJson(body): ApiJson<SettingsInput>,
) -> ApiResult<Json<Settings>> {
    let cmd = SettingsFields {
        time_zone: body.time_zone,
        language: body.language,
        energy_unit: body.energy_unit,
        weight_unit: body.weight_unit,
        length_unit: body.length_unit,
    };
    Ok(Json(state.app.update_settings(&actor, cmd).await?.into()))
}
