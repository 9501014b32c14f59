//! Editing one food or activity entry of the diary.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;

use crate::app::Input;
use crate::app::activity_entries::ActivityEntryFields;
use crate::app::food_entries::FoodEntryFields;
use crate::domain::quotas::FOOD_ENTRIES_PER_DAY;
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::form::{FormState, Submitted, redirect_or_again, shown_beside};
use crate::web::present::Choice;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render};

use super::diary::diary_url;

/// `Absent` when the form sends back the value the entry shows: an unchanged
/// quantity must not rescale (or round) the entry, and unchanged energy is
/// not a typed-in figure (so computed energy follows a new duration).
fn unless_unchanged<T>(
    input: Input<T>,
    form: &HashMap<String, String>,
    field: &str,
    shown: Option<String>,
) -> Input<T> {
    if shown.is_some() && shown.as_deref() == form.get(field).map(|s| s.trim()) {
        Input::Absent
    } else {
        input
    }
}

#[derive(Template)]
#[template(path = "edit_food.html")]
struct EditFoodPage {
    l: Layout,
    id: i64,
    from_catalogue: bool,
    meal_choices: Vec<Choice>,
    f: FormState,
    back: String,
}

impl EditFoodPage {
    fn new(user: &WebUser, id: i64, from_catalogue: bool, date: NaiveDate, f: FormState) -> Self {
        EditFoodPage {
            l: Layout::signed_in(user, user.shown().t("title-edit-entry"), "diary"),
            id,
            from_catalogue,
            meal_choices: user.shown().meal_choices(),
            f,
            back: diary_url(date),
        }
    }
}

pub async fn edit_food_page(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> WebResult {
    let e = state.app.food_entry(&user.actor(), id).await?;
    let p = user.shown();
    let mut values = HashMap::from([
        ("date".to_owned(), e.date.to_string()),
        ("meal".to_owned(), e.meal.as_str().to_owned()),
        ("name".to_owned(), e.name.clone()),
        ("calories".to_owned(), p.energy_input(e.calories)),
        ("protein_g".to_owned(), p.input(e.protein_g)),
        ("fat_g".to_owned(), p.input(e.fat_g)),
        ("carbs_g".to_owned(), p.input(e.carbs_g)),
    ]);
    if let Some(q) = e.quantity_g {
        values.insert("quantity_g".into(), p.input(q));
    }
    let page = EditFoodPage::new(
        &user,
        id,
        e.food_id.is_some(),
        e.date,
        FormState::filled(values),
    );
    render(StatusCode::OK, &page)
}

pub async fn edit_food(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let actor = user.actor();
    let old = state.app.food_entry(&actor, id).await?;
    let p = user.shown();
    let fields = Submitted::edit(&form, p);
    let mut body = FoodEntryFields {
        date: fields.text("date"),
        meal: fields.text("meal"),
        name: fields.text("name"),
        ..FoodEntryFields::default()
    };
    // The form shows the quantity of an entry from the catalogue, the
    // nutrients of one by hand.
    if old.food_id.is_some() {
        let shown = old.quantity_g.map(|q| p.input(q));
        body.quantity_g = unless_unchanged(fields.number("quantity_g"), &form, "quantity_g", shown);
    } else {
        // Energy shown in kJ is a whole number: sent back unchanged, it
        // must not move the kcal kept by the rounding.
        let shown = Some(p.energy_input(old.calories));
        body.calories = unless_unchanged(fields.energy("calories"), &form, "calories", shown);
        body.protein_g = fields.number("protein_g");
        body.fat_g = fields.number("fat_g");
        body.carbs_g = fields.number("carbs_g");
    }
    let result = state
        .app
        .update_food_entry(&actor, id, body)
        .await
        .map_err(|e| shown_beside(e, FOOD_ENTRIES_PER_DAY.name, "date"));
    redirect_or_again(
        result,
        &p,
        |entry| diary_url(entry.date),
        async |errors| {
            let f = FormState::refused("", form, errors);
            let page = EditFoodPage::new(&user, id, old.food_id.is_some(), old.date, f);
            Ok(page)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "edit_activity.html")]
struct EditActivityPage {
    l: Layout,
    id: i64,
    /// Under the energy: when it was computed from a MET value and the body
    /// weight, that it follows a new duration.
    hint: String,
    f: FormState,
    back: String,
}

impl EditActivityPage {
    fn new(user: &WebUser, id: i64, computed: bool, date: NaiveDate, f: FormState) -> Self {
        EditActivityPage {
            l: Layout::signed_in(user, user.shown().t("title-edit-activity"), "diary"),
            id,
            hint: if computed {
                user.shown().t("activity-computed-hint")
            } else {
                String::new()
            },
            f,
            back: diary_url(date),
        }
    }
}

pub async fn edit_activity_page(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> WebResult {
    let a = state.app.activity_entry(&user.actor(), id).await?;
    let values = HashMap::from([
        ("date".to_owned(), a.date.to_string()),
        ("name".to_owned(), a.name.clone()),
        (
            "duration_min".to_owned(),
            a.duration_min.map(|m| m.to_string()).unwrap_or_default(),
        ),
        (
            "kcal_burned".to_owned(),
            user.shown().energy_input(a.kcal_burned),
        ),
    ]);
    let computed = a.weight_kg_used.is_some();
    let page = EditActivityPage::new(&user, id, computed, a.date, FormState::filled(values));
    render(StatusCode::OK, &page)
}

pub async fn edit_activity(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let actor = user.actor();
    let old = state.app.activity_entry(&actor, id).await?;
    let p = user.shown();
    let fields = Submitted::edit(&form, p);
    let shown = Some(p.energy_input(old.kcal_burned));
    let body = ActivityEntryFields {
        date: fields.text("date"),
        name: fields.text("name"),
        duration_min: fields.integer("duration_min"),
        kcal_burned: unless_unchanged(fields.energy("kcal_burned"), &form, "kcal_burned", shown),
        activity_id: Input::Absent,
    };
    let result = state.app.update_activity_entry(&actor, id, body).await;
    redirect_or_again(
        result,
        &p,
        |entry| diary_url(entry.date),
        async |errors| {
            let f = FormState::refused("", form, errors);
            let computed = old.weight_kg_used.is_some();
            let page = EditActivityPage::new(&user, id, computed, old.date, f);
            Ok(page)
        },
    )
    .await
}
