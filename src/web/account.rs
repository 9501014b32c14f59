//! Goals and settings: profile, password, API tokens, export, deletion.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;

use super::assets::Layout;
use super::diary::Choice;
use super::{
    Entered, Kind, WebError, WebResult, WebUser, field_errors, form_json, kcal, plain, render,
    see_other,
};
use crate::domain::goals::{ActivityLevel, Sex};
use crate::http::AppState;
use crate::http::auth::removal_cookie;
use crate::http::error::ApiError;
use crate::http::extract::ClientAddr;
use crate::http::goals::{goals_of, profile_of, set_goals, set_profile, suggestion};
use crate::http::me::{change_password_of, delete_account_of};
use crate::http::tokens::create_token_for;

const GOAL_FIELDS: &[(&str, Kind)] = &[
    ("calories", Kind::Number),
    ("protein_g", Kind::Number),
    ("fat_g", Kind::Number),
    ("carbs_g", Kind::Number),
];

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    l: Layout,
    f: Entered,
    saved: bool,
    /// The suggestion from the profile, or what the profile lacks.
    suggestion: Option<Vec<(String, String)>>,
    missing: Vec<String>,
}

async fn goals_view(
    state: &AppState,
    user: &WebUser,
    values: Option<HashMap<String, String>>,
    errors: HashMap<String, String>,
    saved: bool,
) -> WebResult<GoalsPage> {
    let values = match values {
        Some(v) => v,
        None => {
            let g = goals_of(state, user.account_id).await?;
            HashMap::from([
                ("calories".to_owned(), plain(g.calories.round())),
                ("protein_g".to_owned(), plain(g.protein_g)),
                ("fat_g".to_owned(), plain(g.fat_g)),
                ("carbs_g".to_owned(), plain(g.carbs_g)),
            ])
        }
    };
    let (suggestion, missing) = match suggestion(state, user.account_id).await {
        Ok(s) => (
            Some(vec![
                ("Calories".to_owned(), format!("{} kcal", kcal(s.calories))),
                ("Protein".to_owned(), format!("{} g", plain(s.protein_g))),
                ("Fat".to_owned(), format!("{} g", plain(s.fat_g))),
                ("Carbohydrate".to_owned(), format!("{} g", plain(s.carbs_g))),
                (
                    "From a resting rate of".to_owned(),
                    format!("{} kcal × {}", kcal(s.bmr_kcal), s.activity_factor),
                ),
            ]),
            Vec::new(),
        ),
        Err(ApiError::Validation(errors)) => (
            None,
            errors
                .into_iter()
                .map(|e| e.field.replace('_', " "))
                .collect(),
        ),
        Err(e) => return Err(e.into()),
    };
    Ok(GoalsPage {
        l: Layout::new("Goals", "goals", Some(user), &user.csrf),
        f: Entered::new(values, errors),
        saved,
        suggestion,
        missing,
    })
}

pub async fn goals_page(
    State(state): State<AppState>,
    user: WebUser,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> WebResult {
    let page = goals_view(&state, &user, None, HashMap::new(), q.contains_key("saved")).await?;
    render(StatusCode::OK, &page)
}

pub async fn save_goals(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let body = form_json(&form, GOAL_FIELDS)?;
    match set_goals(&state, &user.auth(), body).await {
        Ok(_) => Ok(see_other("/goals?saved=1")),
        Err(err) => {
            let errors = field_errors(err)?;
            let page = goals_view(&state, &user, Some(form), errors, false).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

pub async fn apply_suggestion(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let s = suggestion(&state, user.account_id).await?;
    let body = serde_json::from_value(serde_json::json!({
        "calories": s.calories, "protein_g": s.protein_g, "fat_g": s.fat_g, "carbs_g": s.carbs_g,
    }))
    .map_err(|e| WebError::Api(anyhow::anyhow!("{e}").into()))?;
    set_goals(&state, &user.auth(), body).await?;
    Ok(see_other("/goals?saved=1"))
}

pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    l: Layout,
    form: String,
    values: HashMap<String, String>,
    errors: HashMap<String, String>,
    notice: String,
    sexes: Vec<Choice>,
    levels: Vec<Choice>,
    tokens: Vec<TokenView>,
    new_token: Option<(String, String)>,
}

impl SettingsPage {
    fn v(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }
    fn e(&self, form: &str, field: &str) -> Option<&String> {
        if self.form == form {
            self.errors.get(field)
        } else {
            None
        }
    }
}

async fn settings_view(
    state: &AppState,
    user: &WebUser,
    form: &str,
    submitted: Option<HashMap<String, String>>,
    errors: HashMap<String, String>,
) -> WebResult<SettingsPage> {
    let p = profile_of(state, user.account_id).await?;
    let mut values = HashMap::from([
        ("sex".to_owned(), p.sex.unwrap_or_default()),
        (
            "birth_date".to_owned(),
            p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "height_cm".to_owned(),
            p.height_cm.map(plain).unwrap_or_default(),
        ),
        (
            "weight_kg".to_owned(),
            p.weight_kg.map(plain).unwrap_or_default(),
        ),
        (
            "activity_level".to_owned(),
            p.activity_level.unwrap_or_default(),
        ),
    ]);
    if let Some(submitted) = submitted {
        for (k, v) in submitted {
            if !k.contains("password") && k != "csrf" {
                values.insert(k, v);
            }
        }
    }
    let tokens = state
        .store
        .tokens(user.account_id)
        .await?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            created: t.created_at.format("%-d %b %Y").to_string(),
            last_used: t
                .last_used_at
                .map(|d| d.format("%-d %b %Y %H:%M UTC").to_string())
                .unwrap_or_else(|| "never".into()),
        })
        .collect();
    Ok(SettingsPage {
        l: Layout::new("Settings", "settings", Some(user), &user.csrf),
        form: form.to_owned(),
        values,
        errors,
        notice: String::new(),
        sexes: Sex::ALL
            .into_iter()
            .map(|s| Choice {
                value: s.as_str().into(),
                label: match s {
                    Sex::Female => "Female",
                    Sex::Male => "Male",
                }
                .into(),
            })
            .collect(),
        levels: ActivityLevel::ALL
            .into_iter()
            .map(|a| Choice {
                value: a.as_str().into(),
                label: format!("{} (× {})", a.as_str().replace('_', " "), a.factor()),
            })
            .collect(),
        tokens,
        new_token: None,
    })
}

pub async fn settings_page(
    State(state): State<AppState>,
    user: WebUser,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> WebResult {
    let mut page = settings_view(&state, &user, "", None, HashMap::new()).await?;
    page.notice = match q.get("done").map(String::as_str) {
        Some("profile") => "Profile saved.".into(),
        Some("password") => "Password changed. Your other sessions were logged out.".into(),
        Some("token") => "Token revoked.".into(),
        _ => String::new(),
    };
    render(StatusCode::OK, &page)
}

async fn settings_error(
    state: &AppState,
    user: &WebUser,
    which: &str,
    form: HashMap<String, String>,
    err: ApiError,
) -> WebResult {
    let (status, errors) = match err {
        // Too many wrong passwords: said beside the password field.
        ApiError::TooManyRequests { retry_after_secs } => {
            let field = if which == "password" {
                "current_password"
            } else {
                "password"
            };
            let message = format!(
                "cannot be checked now: too many wrong passwords; try again in {} minutes",
                retry_after_secs.div_ceil(60)
            );
            (
                StatusCode::TOO_MANY_REQUESTS,
                HashMap::from([(field.to_owned(), message)]),
            )
        }
        other => (StatusCode::UNPROCESSABLE_ENTITY, field_errors(other)?),
    };
    let page = settings_view(state, user, which, Some(form), errors).await?;
    render(status, &page)
}

pub async fn save_profile(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let body = form_json(
        &form,
        &[
            ("sex", Kind::Text),
            ("birth_date", Kind::Text),
            ("height_cm", Kind::Number),
            ("weight_kg", Kind::Number),
            ("activity_level", Kind::Text),
        ],
    )?;
    match set_profile(&state, &user.auth(), body).await {
        Ok(_) => Ok(see_other("/settings?done=profile")),
        Err(err) => settings_error(&state, &user, "profile", form, err).await,
    }
}

pub async fn change_password(
    State(state): State<AppState>,
    user: WebUser,
    ClientAddr(client): ClientAddr,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let body = form_json(
        &form,
        &[
            ("current_password", Kind::Text),
            ("new_password", Kind::Text),
        ],
    )?;
    match change_password_of(&state, &user.auth(), &client, body).await {
        Ok(()) => Ok(see_other("/settings?done=password")),
        Err(err) => settings_error(&state, &user, "password", form, err).await,
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let body = form_json(&form, &[("name", Kind::Text)])?;
    match create_token_for(&state, &user.auth(), body).await {
        // The secret is shown on this answer only (no redirect: it is never
        // stored where a later page could show it).
        Ok(created) => {
            let mut page = settings_view(&state, &user, "", None, HashMap::new()).await?;
            page.new_token = Some((created.name, created.token));
            render(StatusCode::OK, &page)
        }
        Err(err) => settings_error(&state, &user, "token", form, err).await,
    }
}

pub async fn delete_token(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    if !state.store.delete_token(user.account_id, id).await? {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/settings?done=token"))
}

pub async fn delete_account(
    State(state): State<AppState>,
    user: WebUser,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let body = form_json(&form, &[("password", Kind::Text)])?;
    match delete_account_of(&state, &user.auth(), &client, body).await {
        Ok(()) => Ok((jar.remove(removal_cookie()), see_other("/login")).into_response()),
        Err(err) => settings_error(&state, &user, "delete", form, err).await,
    }
}
