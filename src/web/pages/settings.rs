//! Settings: the body profile, time zone, language and units, the
//! password, API tokens, deleting the account. Height and weight are shown
//! and taken in the reader's units.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;

use crate::app::Input;
use crate::app::accounts::{AccountDeletion, PasswordChange};
use crate::app::goals::ProfileFields;
use crate::app::settings::SettingsFields;
use crate::app::shares::NewShare;
use crate::app::tokens::NewToken;
use crate::app::{AppError, TokenScope};
use crate::domain::goals::{ActivityLevel, Sex};
use crate::domain::quotas::{API_TOKENS, SHARE_LINKS};
use crate::domain::settings::{EnergyUnit, Language, LengthUnit, WeightUnit};
use crate::edge::{ClientAddr, removal_cookie};
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::form::{FormState, Submitted, field_errors, shown_beside};
use crate::web::present::{Choice, Presentation};
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render, see_other};

pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// "created 2 Dec 2026 · last used never".
    pub dates: String,
}

/// A token just created: the sentence around its name, and its secret.
pub struct NewTokenView {
    pub before: String,
    pub name: String,
    pub after: String,
    pub secret: String,
}

pub struct ShareView {
    pub id: i64,
    pub name: String,
    /// "1 Mar 2026 – 7 Mar 2026", or "the last 30 days".
    pub range: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    shares: Vec<ShareView>,
    /// A share link just created: the sentence around its name, and its URL.
    new_share: Option<NewTokenView>,
    l: Layout,
    f: FormState,
    notice: String,
    sexes: Vec<Choice>,
    levels: Vec<Choice>,
    tokens: Vec<TokenView>,
    /// What a new token may do.
    token_scopes: Vec<Choice>,
    /// The sentence for no tokens, around the header it shows as code.
    no_tokens: (String, String),
    new_token: Option<NewTokenView>,
    /// The languages, each named in itself.
    languages: Vec<Choice>,
    energy_units: Vec<Choice>,
    weight_units: Vec<Choice>,
    length_units: Vec<Choice>,
    /// Every IANA time zone name, for the time zone field's suggestions.
    time_zones: Vec<&'static str>,
}

/// The choices of a settings select: each value with its label.
fn choices<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<Choice> {
    all.iter()
        .map(|&v| Choice {
            value: value(v).into(),
            label: label(v),
        })
        .collect()
}

async fn settings_view(
    state: &AppState,
    user: &WebUser,
    form: &str,
    submitted: Option<HashMap<String, String>>,
    errors: HashMap<String, String>,
) -> WebResult<SettingsPage> {
    let actor = user.actor();
    let l = user.shown();
    let p = state.app.profile(&actor).await?;
    let st = user.settings;
    let mut values = HashMap::from([
        ("time_zone".to_owned(), st.time_zone.name().to_owned()),
        ("language".to_owned(), st.language.as_str().to_owned()),
        ("energy_unit".to_owned(), st.energy_unit.as_str().to_owned()),
        ("weight_unit".to_owned(), st.weight_unit.as_str().to_owned()),
        ("length_unit".to_owned(), st.length_unit.as_str().to_owned()),
        (
            "sex".to_owned(),
            p.sex.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        ),
        (
            "birth_date".to_owned(),
            p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "height_cm".to_owned(),
            p.height_cm.map(|cm| l.length_input(cm)).unwrap_or_default(),
        ),
        (
            "weight_kg".to_owned(),
            p.weight_kg.map(|kg| l.weight_input(kg)).unwrap_or_default(),
        ),
        (
            "activity_level".to_owned(),
            p.activity_level
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default(),
        ),
    ]);
    if let Some(submitted) = submitted {
        for (k, v) in submitted {
            if !k.contains("password") && k != "csrf" {
                values.insert(k, v);
            }
        }
    }
    // The tokens' times where the person is, as the rest of their pages.
    let zone = st.time_zone;
    // An end given as a date ends at the next midnight: shown as that date.
    let until = |at: chrono::DateTime<chrono::Utc>| {
        let local = at.with_timezone(&zone).naive_local();
        match local.date().pred_opt() {
            Some(day) if local.time() == chrono::NaiveTime::MIN => {
                l.t1("settings-valid-through-day", "date", l.day(day))
            }
            _ => l.t1(
                "settings-valid-until",
                "date",
                l.date_as(&l.t("settings-token-time"), local),
            ),
        }
    };
    let tokens = state
        .app
        .tokens(&actor)
        .await?
        .into_iter()
        .map(|t| {
            let created = l.date_as(
                &l.t("settings-token-date"),
                t.created_at.with_timezone(&zone).naive_local(),
            );
            let used = match t.last_used_at {
                Some(at) => l.date_as(
                    &l.t("settings-token-time"),
                    at.with_timezone(&zone).naive_local(),
                ),
                None => l.t("settings-token-never"),
            };
            TokenView {
                id: t.id,
                name: t.name,
                dates: [
                    Some(l.t(&format!("settings-token-scope-{}", t.scope))),
                    Some(l.t2("settings-token-dates", "created", created, "used", used)),
                    t.expires_at.map(until),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            }
        })
        .collect();
    let shares = state
        .app
        .shares(&actor)
        .await?
        .into_iter()
        .map(|s| ShareView {
            id: s.id,
            range: [
                Some(match (s.date_from, s.date_to) {
                    (None, None) => l.t("shares-whole"),
                    (from, to) => format!(
                        "{} – {}",
                        from.map(|d| l.day(d)).unwrap_or_default(),
                        to.map(|d| l.day(d)).unwrap_or_default()
                    ),
                }),
                s.expires_at.map(until),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
            name: s.name,
        })
        .collect();
    Ok(SettingsPage {
        shares,
        new_share: None,
        l: Layout::signed_in(user, l.t("title-settings"), "settings"),
        f: FormState::refused(form, values, errors),
        notice: String::new(),
        sexes: choices(&Sex::ALL, Sex::as_str, |s| {
            l.t(match s {
                Sex::Female => "settings-sex-female",
                Sex::Male => "settings-sex-male",
            })
        }),
        levels: choices(&ActivityLevel::ALL, ActivityLevel::as_str, |a| {
            l.t2("settings-level", "level", a.as_str(), "factor", a.factor())
        }),
        tokens,
        token_scopes: choices(&TokenScope::ALL, TokenScope::as_str, |s| {
            l.t(&format!("settings-token-scope-{}", s.as_str()))
        }),
        no_tokens: Presentation::around(&l.t1("settings-no-tokens", "header", Presentation::HOLE)),
        new_token: None,
        // Endonyms: each language named as its speakers name it (marked
        // translate="no" and with its lang on the page).
        languages: choices(Language::ALL, Language::as_str, |language| {
            match language {
                Language::En => "English",
                Language::Es => "Español",
                Language::De => "Deutsch",
            }
            .to_owned()
        }),
        // Unit symbols are the same in every language.
        energy_units: choices(EnergyUnit::ALL, EnergyUnit::as_str, |u| {
            u.as_str().to_owned()
        }),
        weight_units: choices(WeightUnit::ALL, WeightUnit::as_str, |u| {
            u.as_str().to_owned()
        }),
        length_units: choices(LengthUnit::ALL, LengthUnit::as_str, |u| {
            u.as_str().to_owned()
        }),
        time_zones: chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect(),
    })
}

pub async fn settings_page(
    State(state): State<AppState>,
    user: WebUser,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> WebResult {
    let mut page = settings_view(&state, &user, "", None, HashMap::new()).await?;
    let l = user.shown();
    page.notice = match q.get("done").map(String::as_str) {
        Some("profile") => l.t("settings-saved-profile"),
        Some("preferences") => l.t("settings-saved-preferences"),
        Some("password") => l.t("settings-saved-password"),
        Some("token") => l.t("settings-token-revoked"),
        Some("share") => l.t("shares-revoked"),
        _ => String::new(),
    };
    render(StatusCode::OK, &page)
}

async fn settings_error(
    state: &AppState,
    user: &WebUser,
    which: &str,
    form: HashMap<String, String>,
    err: AppError,
) -> WebResult {
    let (status, errors) = match err {
        // Too many wrong passwords: said beside the password field.
        AppError::RateLimited { retry_after, .. } => {
            let field = if which == "password" {
                "current_password"
            } else {
                "password"
            };
            let message = user.shown().t1(
                "settings-password-limited",
                "minutes",
                retry_after.div_ceil(60),
            );
            (
                StatusCode::TOO_MANY_REQUESTS,
                HashMap::from([(field.to_owned(), message)]),
            )
        }
        other => (
            StatusCode::UNPROCESSABLE_ENTITY,
            field_errors(other, &user.shown())?,
        ),
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
    let fields = Submitted::new(&form, user.shown());
    let body = ProfileFields {
        sex: fields.text("sex"),
        birth_date: fields.text("birth_date"),
        height_cm: fields.length("height_cm"),
        weight_kg: fields.body_weight("weight_kg"),
        activity_level: fields.text("activity_level"),
    };
    match state.app.set_profile(&user.actor(), body).await {
        Ok(_) => Ok(see_other("/settings?done=profile")),
        Err(err) => settings_error(&state, &user, "profile", form, err).await,
    }
}

pub async fn save_preferences(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let fields = Submitted::new(&form, user.shown());
    let body = SettingsFields {
        time_zone: fields.text("time_zone"),
        language: fields.text("language"),
        energy_unit: fields.text("energy_unit"),
        weight_unit: fields.text("weight_unit"),
        length_unit: fields.text("length_unit"),
    };
    match state.app.update_settings(&user.actor(), body).await {
        Ok(_) => Ok(see_other("/settings?done=preferences")),
        Err(err) => settings_error(&state, &user, "preferences", form, err).await,
    }
}

pub async fn change_password(
    State(state): State<AppState>,
    user: WebUser,
    ClientAddr(client): ClientAddr,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let fields = Submitted::new(&form, user.shown());
    let body = PasswordChange {
        current_password: fields.text("current_password"),
        new_password: fields.text("new_password"),
    };
    match state
        .app
        .change_password(&user.actor(), &client, body)
        .await
    {
        Ok(()) => Ok(see_other("/settings?done=password")),
        Err(err) => settings_error(&state, &user, "password", form, err).await,
    }
}

/// A form field left empty is one not given.
fn optional(submitted: &Submitted, field: &str) -> Input<String> {
    match submitted.text(field) {
        Input::Value(v) if v.trim().is_empty() => Input::Absent,
        other => other,
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    user: WebUser,
    ClientAddr(client): ClientAddr,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let submitted = Submitted::new(&form, user.shown());
    let body = NewToken {
        name: submitted.text("name"),
        password: submitted.text("password"),
        scope: optional(&submitted, "scope"),
        expires_at: optional(&submitted, "expires_at"),
    };
    match state.app.create_token(&user.actor(), &client, body).await {
        // The secret is shown on this answer only (no redirect: it is never
        // stored where a later page could show it).
        Ok(created) => {
            let mut page = settings_view(&state, &user, "", None, HashMap::new()).await?;
            let text = user
                .shown()
                .t1("settings-token-created", "name", Presentation::HOLE);
            let (before, after) = Presentation::around(&text);
            page.new_token = Some(NewTokenView {
                before,
                name: created.token.name,
                after,
                secret: created.secret,
            });
            render(StatusCode::OK, &page)
        }
        Err(err) => {
            let err = match err {
                // A missing or wrong password is shown beside its field.
                AppError::Forbidden(message) => AppError::invalid("password", message),
                err => shown_beside(err, API_TOKENS.name, "name"),
            };
            let mut form = form;
            form.remove("password");
            settings_error(&state, &user, "token", form, err).await
        }
    }
}

pub async fn delete_token(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.delete_token(&user.actor(), id).await?;
    Ok(see_other("/settings?done=token"))
}

pub async fn create_share(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let submitted = Submitted::new(&form, user.shown());
    let body = NewShare {
        name: submitted.text("name"),
        from: optional(&submitted, "from"),
        to: optional(&submitted, "to"),
        expires_at: optional(&submitted, "expires_at"),
    };
    match state.app.create_share(&user.actor(), body).await {
        // The link is shown on this answer only, as a token's secret.
        Ok(created) => {
            let mut page = settings_view(&state, &user, "", None, HashMap::new()).await?;
            let text = user
                .shown()
                .t1("shares-created", "name", Presentation::HOLE);
            let (before, after) = Presentation::around(&text);
            let url = created.url();
            page.new_share = Some(NewTokenView {
                before,
                name: created.share.name,
                after,
                secret: url,
            });
            render(StatusCode::OK, &page)
        }
        Err(err) => {
            let err = shown_beside(err, SHARE_LINKS.name, "name");
            settings_error(&state, &user, "share", form, err).await
        }
    }
}

pub async fn delete_share(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.delete_share(&user.actor(), id).await?;
    Ok(see_other("/settings?done=share#shares"))
}

pub async fn delete_account(
    State(state): State<AppState>,
    user: WebUser,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let body = AccountDeletion {
        password: Submitted::new(&form, user.shown()).text("password"),
    };
    match state.app.delete_account(&user.actor(), &client, body).await {
        Ok(()) => Ok((
            jar.remove(removal_cookie(state.config.cookie_secure)),
            see_other("/login"),
        )
            .into_response()),
        Err(err) => settings_error(&state, &user, "delete", form, err).await,
    }
}
