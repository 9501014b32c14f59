//! Saved meals on the pages (nutrition.md §4): on the diary, each saved
//! meal logged into a meal of the day in one tap and a meal of the day
//! saved under a name; and a page that lists, renames and deletes them.
//! Forms only (post-redirect-get), no JavaScript needed.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::diary::{date_param, diary_url, diary_view};
use crate::app::Input;
use crate::app::saved_meals::{SavedMealFromDay, SavedMealLog, SavedMealView};
use crate::domain::quotas::{FOOD_ENTRIES_PER_DAY, SAVED_MEALS};
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::form::{FormState, Submitted, field_errors, redirect_or_again, shown_beside};
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render, see_other};

/// The diary's form that logs a saved meal (its `FormState` name).
pub const LOG_FORM: &str = "saved";
/// The diary's form that saves a meal of the day.
pub const SAVE_FORM: &str = "save-meal";

/// A saved meal in a list.
pub struct SavedMealRow {
    pub id: i64,
    pub name: String,
    /// Its total energy, in the reader's unit and numbers.
    pub energy: String,
    /// "Oats, Coffee": the items' names.
    pub items: String,
}

pub fn saved_rows(p: &Presentation, meals: &[SavedMealView]) -> Vec<SavedMealRow> {
    meals
        .iter()
        .map(|m| SavedMealRow {
            id: m.id,
            name: m.name.clone(),
            energy: p.energy(m.total.calories),
            items: m
                .items
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

/// Logs saved meal `id` into the chosen meal of the day.
pub async fn log_saved_meal(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form, &user);
    let fields = Submitted::new(&form, user.shown());
    let body = SavedMealLog {
        date: Input::Value(date.to_string()),
        meal: fields.text("meal"),
    };
    let result = state
        .app
        .log_saved_meal(&user.actor(), id, body)
        .await
        .map_err(|e| shown_beside(e, FOOD_ENTRIES_PER_DAY.name, "meal"));
    redirect_or_again(
        result,
        &user.shown(),
        |_| diary_url(date),
        async |mut errors| {
            // An item whose food now gives too much is the meal's problem here.
            let items: Vec<String> = errors
                .keys()
                .filter(|k| k.starts_with("items"))
                .cloned()
                .collect();
            for key in items {
                if let Some(message) = errors.remove(&key) {
                    errors.insert("meal".into(), message);
                }
            }
            let mut values = form;
            values.insert("saved_meal".into(), id.to_string());
            let f = FormState::refused(LOG_FORM, values, errors);
            diary_view(&state, &user, date, "", "", f).await
        },
    )
    .await
}

/// Saves a meal of the day (`meal`) as a saved meal named `name`.
pub async fn save_meal_of_day(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form, &user);
    let fields = Submitted::new(&form, user.shown());
    let body = SavedMealFromDay {
        date: Input::Value(date.to_string()),
        meal: fields.text("meal"),
        name: fields.text("name"),
    };
    let result = state
        .app
        .save_meal_from_day(&user.actor(), body)
        .await
        .map_err(|e| shown_beside(e, SAVED_MEALS.name, "name"));
    redirect_or_again(
        result,
        &user.shown(),
        |_| diary_url(date),
        async |errors| {
            let f = FormState::refused(SAVE_FORM, form, errors);
            diary_view(&state, &user, date, "", "", f).await
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "saved_meals.html")]
struct SavedMealsPage {
    l: Layout,
    meals: Vec<SavedMealRow>,
    f: FormState,
}

impl SavedMealsPage {
    /// The name to show in meal `id`'s rename field: as typed when that
    /// rename was refused, else its name.
    fn name_in(&self, id: &i64, name: &str) -> String {
        if self.f.form == format!("rename-{id}") {
            self.f.v("name").to_owned()
        } else {
            name.to_owned()
        }
    }

    fn error_in(&self, id: &i64) -> Option<&String> {
        self.f.e_in(&format!("rename-{id}"), "name")
    }
}

async fn page(state: &AppState, user: &WebUser, f: FormState) -> WebResult<SavedMealsPage> {
    let p = user.shown();
    let meals = state.app.saved_meals(&user.actor()).await?;
    Ok(SavedMealsPage {
        l: Layout::signed_in(user, p.t("title-saved-meals"), "diary"),
        meals: saved_rows(&p, &meals),
        f,
    })
}

pub async fn saved_meals_page(State(state): State<AppState>, user: WebUser) -> WebResult {
    let page = page(&state, &user, FormState::default()).await?;
    render(StatusCode::OK, &page)
}

pub async fn rename_saved_meal(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let fields = Submitted::new(&form, user.shown());
    let result = state
        .app
        .rename_saved_meal(&user.actor(), id, fields.text("name"))
        .await;
    match result {
        Ok(_) => Ok(see_other("/saved-meals")),
        Err(err) => {
            let errors = field_errors(err, &user.shown())?;
            let f = FormState::refused(format!("rename-{id}"), form, errors);
            let page = page(&state, &user, f).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

pub async fn delete_saved_meal(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.delete_saved_meal(&user.actor(), id).await?;
    Ok(see_other("/saved-meals"))
}
