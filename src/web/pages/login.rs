//! Logging in, registering and logging out.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;

use crate::app::AppError;
use crate::app::Input;
use crate::app::accounts::{Credentials, Registration};
use crate::domain::settings::parse_time_zone;
use crate::edge::{ClientAddr, removal_cookie, session_cookie, session_hash_in};
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::form::{FormState, Submitted, field_errors};
use crate::web::reader::reader;
use crate::web::signed_in::{WebUser, anonymous_csrf, check_anonymous, safe_next};
use crate::web::{WebResult, render, see_other};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    next: String,
    username: String,
    error: Option<String>,
    registered: bool,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    l: Layout,
    username: String,
    f: FormState,
}

/// A page for someone not signed in, built by `page` with the CSRF token
/// (whose double-submit cookie the answer sets when it is new).
fn anonymous_page<P: Template>(
    state: &AppState,
    jar: CookieJar,
    status: StatusCode,
    page: impl FnOnce(&str) -> P,
) -> WebResult {
    let (jar, csrf) = anonymous_csrf(jar, state.config.cookie_secure);
    Ok((jar, render(status, &page(&csrf))?).into_response())
}

/// The username and password fields of the login and registration forms.
fn credentials(form: &HashMap<String, String>) -> Credentials {
    let form = Submitted::new(form, reader());
    Credentials {
        username: form.text("username"),
        password: form.text("password"),
    }
}

pub async fn login_page(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    anonymous_page(&state, jar, StatusCode::OK, |csrf| LoginPage {
        l: Layout::anonymous("title-login", "login", csrf),
        next: safe_next(q.get("next").map(String::as_str)),
        username: q.get("username").cloned().unwrap_or_default(),
        error: None,
        registered: q.contains_key("registered"),
    })
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    check_anonymous(&jar, state.config.cookie_secure, &form)?;
    let next = safe_next(form.get("next").map(String::as_str));
    let previous = session_hash_in(&jar, state.config.cookie_secure);
    match state
        .app
        .log_in(&client, credentials(&form), previous.as_deref())
        .await
    {
        Ok(session) => {
            let cookie = session_cookie(&session, state.config.cookie_secure);
            Ok((jar.add(cookie), see_other(&next)).into_response())
        }
        Err(err) => {
            let (status, message) = match err {
                AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, reader().t("login-wrong")),
                AppError::RateLimited { retry_after, .. } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    reader().t1("error-too-many-logins", "minutes", retry_after.div_ceil(60)),
                ),
                AppError::Validation(_) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    reader().t("login-incomplete"),
                ),
                other => return Err(other.into()),
            };
            anonymous_page(&state, jar, status, |csrf| LoginPage {
                l: Layout::anonymous("title-login", "login", csrf),
                next,
                username: form.get("username").cloned().unwrap_or_default(),
                error: Some(message),
                registered: false,
            })
        }
    }
}

pub async fn register_page(State(state): State<AppState>, jar: CookieJar) -> WebResult {
    anonymous_page(&state, jar, StatusCode::OK, |csrf| RegisterPage {
        l: Layout::anonymous("title-register", "register", csrf),
        username: String::new(),
        f: FormState::default(),
    })
}

pub async fn register(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    check_anonymous(&jar, state.config.cookie_secure, &form)?;
    let mut errors = HashMap::new();
    if form.get("password") != form.get("password_again") {
        errors.insert("password_again".to_owned(), reader().t("password-mismatch"));
    }
    if errors.is_empty() {
        // The browser's time zone (filled in by script); without one, or
        // one the tz database does not know, UTC, which the settings page
        // changes (the form has no field to show an error beside).
        let time_zone = match Submitted::new(&form, reader()).text("time_zone") {
            Input::Value(zone) if parse_time_zone(zone.trim()).is_some() => Input::Value(zone),
            _ => Input::Absent,
        };
        let cmd = Registration {
            credentials: credentials(&form),
            time_zone,
            language: Input::Absent,
            accept_language: headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        };
        match state.app.register(&client, cmd).await {
            Ok(account) => {
                let to = format!("/login?registered=1&username={}", account.username);
                return Ok(see_other(&to));
            }
            Err(AppError::Conflict(_)) => {
                errors.insert("username".into(), reader().t("username-taken"));
            }
            Err(err) => errors = field_errors(err, &reader())?,
        }
    }
    anonymous_page(&state, jar, StatusCode::UNPROCESSABLE_ENTITY, |csrf| {
        RegisterPage {
            l: Layout::anonymous("title-register", "register", csrf),
            username: form.get("username").cloned().unwrap_or_default(),
            f: FormState::refused("", HashMap::new(), errors),
        }
    })
}

pub async fn logout(
    State(state): State<AppState>,
    user: WebUser,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.log_out(&user.actor()).await?;
    Ok((
        jar.remove(removal_cookie(state.config.cookie_secure)),
        see_other("/login"),
    )
        .into_response())
}
