//! The web pages (spec §4): server-rendered HTML on the same binary, calling
//! the same operations (`app/`) as the JSON API, with forms read into the
//! same commands.
//!
//! - Templates: askama, compiled into the binary from `templates/`.
//! - Static assets: `static/`, embedded, served as `/static/<name>.<hash>.<ext>`
//!   with a year-long immutable cache.
//! - CSRF: every state-changing form carries a `csrf` field. Signed in, it is
//!   derived from the session's secret (SHA-256 of a fixed label and the
//!   cookie value, which the database never holds); before login it is a
//!   double-submit cookie `nutrinube_csrf`. A missing or wrong token is a 403.
//! - Forms work without JavaScript (post-redirect-get; on a validation error
//!   the page is rendered again, 422, with the entered values and the
//!   messages next to their fields).
//! - Off line (`offline`): a service worker keeps the app shell and the
//!   diary last seen; the diary's add forms, sent again by its queue with an
//!   `Idempotency-Key`, create once.

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};

use crate::app::{AppError, RateLimit};
use crate::edge::status_of;
use crate::state::AppState;
use present::Presentation;

mod assets;
mod chart;
mod form;
mod offline;
mod pages;
mod present;
mod reader;
mod signed_in;

pub use signed_in::CSRF_COOKIE;

/// Every page and form action with its handlers: the router is built from
/// this list, and the access tests walk it.
pub fn pages() -> Vec<(&'static str, MethodRouter<AppState>)> {
    use pages::*;
    vec![
        ("/login", get(login::login_page).post(login::login)),
        ("/register", get(login::register_page).post(login::register)),
        ("/logout", post(login::logout)),
        ("/", get(dashboard::dashboard)),
        ("/diary", get(diary::diary_page)),
        ("/diary/food", post(diary::add_food)),
        ("/diary/copy", post(diary::copy_meal)),
        (
            "/diary/food/{id}",
            get(entries::edit_food_page).post(entries::edit_food),
        ),
        ("/diary/food/{id}/delete", post(diary::delete_food)),
        ("/diary/activity", post(diary::add_activity)),
        (
            "/diary/activity/{id}",
            get(entries::edit_activity_page).post(entries::edit_activity),
        ),
        ("/diary/activity/{id}/delete", post(diary::delete_activity)),
        ("/diary/water", post(water::add_water)),
        ("/diary/water/{id}/delete", post(water::delete_water)),
        ("/diary/saved-meals", post(saved_meals::save_meal_of_day)),
        (
            "/diary/saved-meals/{id}/log",
            post(saved_meals::log_saved_meal),
        ),
        ("/saved-meals", get(saved_meals::saved_meals_page)),
        (
            "/import",
            // The upload is spooled to disk within its own limit (64 MiB).
            get(imports::import_page)
                .post(imports::import_submit)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        ),
        (
            "/saved-meals/{id}/rename",
            post(saved_meals::rename_saved_meal),
        ),
        (
            "/saved-meals/{id}/delete",
            post(saved_meals::delete_saved_meal),
        ),
        ("/goals", get(goals::goals_page).post(goals::save_goals)),
        ("/goals/suggested", post(goals::apply_suggestion)),
        ("/goals/weekdays", post(goals::save_weekday_goals)),
        ("/history", get(history::history)),
        (
            "/measurements",
            get(measurements::measurements_page).post(measurements::save_measurements),
        ),
        (
            "/measurements/{date}/delete",
            post(measurements::delete_measurements),
        ),
        ("/nutrients", get(nutrients::nutrients_page)),
        (
            "/recipes",
            get(recipes::recipes_page).post(recipes::create_recipe),
        ),
        (
            "/recipes/{id}",
            get(recipes::recipe_page).post(recipes::save_recipe),
        ),
        ("/recipes/{id}/delete", post(recipes::delete_recipe)),
        ("/recipes/{id}/ingredients", post(recipes::add_ingredient)),
        (
            "/recipes/{id}/ingredients/{index}",
            post(recipes::change_ingredient),
        ),
        (
            "/recipes/{id}/ingredients/{index}/delete",
            post(recipes::remove_ingredient),
        ),
        ("/diary/recipe", post(recipes::recipe_from_meal)),
        ("/settings", get(settings::settings_page)),
        ("/settings/profile", post(settings::save_profile)),
        ("/settings/preferences", post(settings::save_preferences)),
        ("/settings/password", post(settings::change_password)),
        ("/settings/tokens", post(settings::create_token)),
        ("/settings/tokens/{id}/delete", post(settings::delete_token)),
        ("/settings/shares", post(settings::create_share)),
        ("/settings/shares/{id}/delete", post(settings::delete_share)),
        ("/settings/delete", post(settings::delete_account)),
        ("/shared/{secret}", get(shared::shared)),
        ("/static/{name}", get(assets::serve)),
        ("/manifest.webmanifest", get(assets::manifest)),
        ("/sw.js", get(offline::service_worker)),
        (offline::OFFLINE_PAGE, get(offline::offline_page)),
    ]
}

/// The paths of [`pages`].
pub fn page_paths() -> Vec<&'static str> {
    pages().into_iter().map(|(path, _)| path).collect()
}

/// The pages' router. The diary's add forms take an `Idempotency-Key`
/// (the off-line queue's resends) through the API's one mechanism.
pub fn routes() -> Router<AppState> {
    pages()
        .into_iter()
        .fold(Router::new(), |router, (path, handlers)| {
            router.route(path, handlers)
        })
        .layer(axum::middleware::from_fn(reader::scope))
}

/// An error while serving a page, shown as a small HTML page.
pub enum WebError {
    App(AppError),
    /// The form's CSRF token is missing or wrong.
    Forbidden,
    NotFound,
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> WebError {
        WebError::App(e)
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> WebError {
        WebError::App(AppError::Internal(anyhow::anyhow!("rendering a page: {e}")))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.page_for(reader::reader())
    }
}

impl WebError {
    /// The error page in `shown`'s language.
    fn page_for(self, shown: Presentation) -> Response {
        let retry_after = match &self {
            WebError::App(
                AppError::RateLimited { retry_after, .. } | AppError::Busy { retry_after },
            ) => Some(*retry_after),
            WebError::App(AppError::Unavailable) => Some(5),
            _ => None,
        };
        let (status, message) = match self {
            WebError::Forbidden => (StatusCode::FORBIDDEN, shown.t("error-forbidden-csrf")),
            WebError::NotFound | WebError::App(AppError::NotFound) => {
                (StatusCode::NOT_FOUND, shown.t("error-not-found"))
            }
            WebError::App(e) => {
                if let AppError::Internal(err) = &e {
                    tracing::error!(error = format!("{err:#}"), "page failed");
                }
                (status_of(&e), error_message(&e, &shown))
            }
        };
        let page = assets::ErrorPage {
            css: assets::css_path(),
            status: status.as_u16(),
            message,
            l: shown,
        };
        let body = askama::Template::render(&page).unwrap_or_else(|_| "error".into());
        let mut response = page_response(status, body);
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

pub type WebResult<T = Response> = Result<T, WebError>;

/// What went wrong, in the reader's words.
fn error_message(e: &AppError, shown: &Presentation) -> String {
    let minutes = |seconds: u64| seconds.div_ceil(60);
    match e {
        AppError::Validation(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, shown.message(&e.message)))
            .collect::<Vec<_>>()
            .join("; "),
        AppError::NotFound => shown.t("error-not-found"),
        AppError::Forbidden(m) | AppError::Conflict(m) => shown.message(m),
        AppError::Unauthenticated => shown.t("error-unauthenticated"),
        AppError::RateLimited {
            retry_after,
            limit: RateLimit::FailedLogins,
        } => shown.t1("error-too-many-logins", "minutes", minutes(*retry_after)),
        AppError::RateLimited {
            retry_after,
            limit: RateLimit::Registrations,
        } => shown.t1(
            "error-too-many-registrations",
            "minutes",
            minutes(*retry_after),
        ),
        AppError::Busy { retry_after } => shown.t1("error-busy", "seconds", *retry_after),
        AppError::TooLarge { max_bytes } => {
            shown.t1("error-too-large", "max", (*max_bytes >> 20) as f64)
        }
        AppError::Unavailable => shown.t("error-unavailable"),
        AppError::Internal(_) => shown.t("error-internal"),
    }
}

/// The page for a path no route matches: in the signed-in person's
/// language, else the browser's.
pub async fn not_found(state: &AppState, req: axum::extract::Request) -> Response {
    let (mut parts, _) = req.into_parts();
    let shown = match signed_in::WebUser::from_request_parts(&mut parts, state).await {
        Ok(user) => user.shown(),
        Err(_) => Presentation::anonymous(reader::browser_language(&parts.headers)),
    };
    WebError::NotFound.page_for(shown)
}

/// The page while the database is not ready (503, `Retry-After`).
pub fn unavailable(headers: &HeaderMap) -> Response {
    WebError::App(AppError::Unavailable)
        .page_for(Presentation::anonymous(reader::browser_language(headers)))
}

/// An HTML answer with the page headers (no caching, a strict CSP).
pub fn page_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, Html(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

/// Renders a template as a page.
pub fn render(status: StatusCode, template: &impl askama::Template) -> WebResult {
    Ok(page_response(status, template.render()?))
}

/// A redirect after a successful POST (303 See Other).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}
