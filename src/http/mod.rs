//! The HTTP layer: one module per resource, assembled into one router.

use axum::Router;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::header::Header;
use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::app::AppError;
use crate::edge::SESSION_COOKIE;
use crate::state::AppState;

pub mod error;
pub mod extract;
pub mod input;
pub mod schema;

mod activities;
mod activity_entries;
mod auth;
mod details;
mod energy;
mod export;
mod food_entries;
mod foods;
mod goals;
mod health;
mod health_data;
mod idempotency;
mod imports;
mod me;
mod measurements;
mod nutrient_targets;
mod recipes;
mod saved_meals;
mod settings;
mod shares;
mod summary;
mod tokens;
mod water;
mod weights;

pub use idempotency::{CREATES, idempotent_creates};

use error::ApiError;

/// Largest request body accepted (spec §3).
pub const BODY_LIMIT: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "NutriNube API",
        description = "Log food and activities, set goals, see where you stand. Errors are \
            `application/problem+json` (RFC 9457); validation errors list every bad field.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    modifiers(&SecuritySchemes),
    // Referred to by the responses `SharedResponses` adds.
    components(schemas(error::Problem, error::FieldError)),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "account", description = "The signed-in account"),
        (name = "goals", description = "Goals and body profile"),
        (name = "diary", description = "Food and activity entries"),
        (name = "summary", description = "Daily and range summaries"),
        (name = "foods", description = "Food catalogue"),
        (name = "activities", description = "Activity catalogue"),
        (name = "weights", description = "Body-weight log"),
        (name = "measurements", description = "Body measurements, one record a day"),
        (name = "water", description = "Water, in ml"),
        (name = "recipes", description = "Recipes: custom foods made of other foods"),
        (name = "saved meals", description = "Named lists of items logged together"),
        (name = "imports", description = "Imports from other trackers and our own export"),
        (name = "health data", description = "Health data pushed from phones and watches"),
        (name = "tokens", description = "API tokens"),
        (name = "shares", description = "Read-only report links for a coach"),
        (name = "operations", description = "Health and metrics"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and their OpenAPI description, from the same source.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let v1 = OpenApiRouter::new()
        .merge(auth::routes())
        .merge(me::routes())
        .merge(settings::routes())
        .merge(goals::routes())
        .merge(nutrient_targets::routes())
        .merge(energy::routes())
        .merge(food_entries::routes())
        .merge(activity_entries::routes())
        .merge(summary::routes())
        .merge(foods::routes())
        .merge(activities::routes())
        .merge(weights::routes())
        .merge(measurements::routes())
        .merge(water::routes())
        .merge(recipes::routes())
        .merge(saved_meals::routes())
        .merge(export::routes())
        // Uploads are spooled to disk within their own limit (64 MiB).
        .merge(imports::routes().layer(axum::extract::DefaultBodyLimit::disable()))
        .merge(tokens::routes())
        .merge(shares::routes())
        .merge(
            health_data::routes().layer(axum::extract::DefaultBodyLimit::max(
                health_data::HEALTH_DATA_LIMIT,
            )),
        );
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", v1)
        .merge(health::routes())
        .split_for_parts();
    SharedResponses.modify(&mut openapi);
    (router, openapi)
}

/// The answers that whole kinds of operations share, declared once here
/// rather than in each handler: 503 for every API operation (the database is
/// unreachable, or not yet migrated), 401 for every one that needs an
/// account, and 400 / 413 / 415 / 422 for every one that takes a JSON body
/// (`input::ApiJson`). A handler's own declaration of one of these statuses
/// (with its own description) is kept.
struct SharedResponses;

impl SharedResponses {
    fn problem(description: &str) -> ResponseBuilder {
        ResponseBuilder::new().description(description).content(
            "application/problem+json",
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
    }

    fn header(kind: Type, description: &str) -> Header {
        let mut header = Header::new(Object::with_type(kind));
        header.description = Some(description.to_owned());
        header
    }
}

impl Modify for SharedResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let retry_after = || Self::header(Type::Integer, "Seconds to wait before trying again");
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/");
            let operations = [
                ("GET", &mut item.get),
                ("PUT", &mut item.put),
                ("POST", &mut item.post),
                ("DELETE", &mut item.delete),
                ("PATCH", &mut item.patch),
            ];
            for (method, op) in operations {
                let Some(op) = op else { continue };
                let mut shared = Vec::new();
                if api {
                    shared.push((
                        "503",
                        Self::problem("The database is unreachable or not yet ready")
                            .header("Retry-After", retry_after()),
                    ));
                }
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    shared.push((
                        "401",
                        Self::problem("Not authenticated").header(
                            "WWW-Authenticate",
                            Self::header(Type::String, "The authentication scheme to use (Bearer)"),
                        ),
                    ));
                }
                if op.request_body.is_some() {
                    shared.extend([
                        ("400", Self::problem("Malformed JSON")),
                        ("413", Self::problem("The body exceeds 64 KiB")),
                        ("415", Self::problem("The body is not `application/json`")),
                        (
                            "422",
                            Self::problem("Invalid values: `errors` names every bad field"),
                        ),
                    ]);
                }
                if api && idempotency::CREATES.contains(&(method, path.as_str())) {
                    let key = utoipa::openapi::path::ParameterBuilder::new()
                        .name("Idempotency-Key")
                        .parameter_in(utoipa::openapi::path::ParameterIn::Header)
                        .required(utoipa::openapi::Required::False)
                        .schema(Some(Object::with_type(Type::String)))
                        .description(Some(
                            "1–255 visible ASCII characters. A repeat with the same key and \
                             request within 24 hours answers the first success again \
                             (`Idempotency-Replayed: true`) and creates nothing; the same key \
                             with another request is a 422 naming `Idempotency-Key`.",
                        ))
                        .build();
                    op.parameters.get_or_insert_with(Vec::new).push(key.into());
                    shared.push((
                        "409",
                        Self::problem(
                            "The first request with this Idempotency-Key is still running",
                        ),
                    ));
                }
                for (status, response) in shared {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| response.build().into());
                }
            }
        }
    }
}

/// The API with its reference: `/api/v1/…`, `/health/…`, `/metrics` and
/// `/api/docs` (the 503 until the database is ready is the router's, in
/// `startup`).
pub fn router(state: AppState) -> Router<AppState> {
    let (api, openapi) = api();
    api.route_layer(axum::middleware::from_fn_with_state(
        state,
        idempotency::idempotent_creates,
    ))
    .method_not_allowed_fallback(method_not_allowed)
    .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", openapi))
}

/// The answer while the database is not ready: 503 with `Retry-After`.
pub fn unavailable() -> Response {
    ApiError::App(AppError::Unavailable).into_response()
}

/// An API path asked with a method it does not take: problem+json too.
async fn method_not_allowed() -> Response {
    ApiError::MethodNotAllowed.into_response()
}

/// The answer for a path no route matches.
pub fn no_route() -> Response {
    ApiError::NoRoute.into_response()
}

/// The answer for a request whose handler panicked.
pub fn internal_error() -> Response {
    ApiError::App(AppError::Internal(anyhow::anyhow!("handler panicked"))).into_response()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use utoipa::openapi::PathItem;

    fn operations(item: &PathItem) -> impl Iterator<Item = &utoipa::openapi::path::Operation> {
        [&item.get, &item.put, &item.post, &item.delete, &item.patch]
            .into_iter()
            .flatten()
    }

    #[test]
    fn operation_ids_are_unique() {
        let (_, openapi) = super::api();
        let mut seen = HashSet::new();
        for (path, item) in &openapi.paths.paths {
            for op in operations(item) {
                let id = op.operation_id.clone().unwrap_or_default();
                assert!(seen.insert(id.clone()), "operationId `{id}` twice ({path})");
            }
        }
    }

    #[test]
    fn shared_responses_are_declared_everywhere() {
        let (_, openapi) = super::api();
        for (path, item) in &openapi.paths.paths {
            for op in operations(item) {
                let declared = &op.responses.responses;
                let mut expected = Vec::new();
                if path.starts_with("/api/") {
                    expected.push("503");
                }
                if op.security.is_some() {
                    expected.push("401");
                }
                if op.request_body.is_some() {
                    expected.extend(["400", "413", "415", "422"]);
                }
                for status in expected {
                    assert!(declared.contains_key(status), "{path}: no {status}");
                }
            }
        }
    }
}
