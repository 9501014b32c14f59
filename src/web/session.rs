//! Logging in, registering and logging out.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;

use super::assets::Layout;
use super::{
    Kind, WebResult, WebUser, anonymous_csrf, check_anonymous, field_errors, form_json, render,
    safe_next, see_other,
};
use crate::http::AppState;
use crate::http::auth::{log_in, register_account, removal_cookie};
use crate::http::error::ApiError;
use crate::http::extract::ClientAddr;

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
    errors: HashMap<String, String>,
}

impl RegisterPage {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

const CREDENTIALS: &[(&str, Kind)] = &[("username", Kind::Text), ("password", Kind::Text)];

pub async fn login_page(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let (jar, csrf) = anonymous_csrf(jar, state.config.cookie_secure);
    let page = LoginPage {
        l: Layout::new("Log in", "login", None, &csrf),
        next: safe_next(q.get("next").map(String::as_str)),
        username: q.get("username").cloned().unwrap_or_default(),
        error: None,
        registered: q.contains_key("registered"),
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    check_anonymous(&jar, &form)?;
    let next = safe_next(form.get("next").map(String::as_str));
    let body = form_json(&form, CREDENTIALS)?;
    match log_in(&state, &client, body).await {
        Ok((_, cookie)) => Ok((jar.add(cookie), see_other(&next)).into_response()),
        Err(err) => {
            let (status, message) = match err {
                ApiError::Unauthorized => (
                    StatusCode::UNAUTHORIZED,
                    "Wrong username or password.".to_owned(),
                ),
                ApiError::TooManyRequests { retry_after_secs } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    format!(
                        "Too many failed logins. Try again in {} minutes.",
                        retry_after_secs.div_ceil(60)
                    ),
                ),
                ApiError::Validation(_) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Enter your username and password.".to_owned(),
                ),
                other => return Err(other.into()),
            };
            let (jar, csrf) = anonymous_csrf(jar, state.config.cookie_secure);
            let page = LoginPage {
                l: Layout::new("Log in", "login", None, &csrf),
                next,
                username: form.get("username").cloned().unwrap_or_default(),
                error: Some(message),
                registered: false,
            };
            Ok((jar, render(status, &page)?).into_response())
        }
    }
}

pub async fn register_page(State(state): State<AppState>, jar: CookieJar) -> WebResult {
    let (jar, csrf) = anonymous_csrf(jar, state.config.cookie_secure);
    let page = RegisterPage {
        l: Layout::new("Create an account", "register", None, &csrf),
        username: String::new(),
        errors: HashMap::new(),
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

pub async fn register(
    State(state): State<AppState>,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    check_anonymous(&jar, &form)?;
    let mut errors = HashMap::new();
    if form.get("password") != form.get("password_again") {
        errors.insert(
            "password_again".to_owned(),
            "does not match the password".to_owned(),
        );
    }
    if errors.is_empty() {
        let body = form_json(&form, CREDENTIALS)?;
        match register_account(&state, body).await {
            Ok(account) => {
                let to = format!("/login?registered=1&username={}", account.username);
                return Ok(see_other(&to));
            }
            Err(ApiError::Conflict(_)) => {
                errors.insert("username".into(), "is taken: choose another".into());
            }
            Err(err) => errors = field_errors(err)?,
        }
    }
    let (jar, csrf) = anonymous_csrf(jar, state.config.cookie_secure);
    let page = RegisterPage {
        l: Layout::new("Create an account", "register", None, &csrf),
        username: form.get("username").cloned().unwrap_or_default(),
        errors,
    };
    Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)?).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    user: WebUser,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.store.delete_session(&user.session_hash).await?;
    Ok((jar.remove(removal_cookie()), see_other("/login")).into_response())
}
