//! Goals: the daily goals form, and the suggestion from the profile; the
//! calorie goal in the reader's energy unit.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;

use crate::app::AppError;
use crate::app::goals::GoalsFields;
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::form::{FormState, Submitted, redirect_or_again};
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render, see_other};

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    l: Layout,
    f: FormState,
    saved: bool,
    /// The form's fields: name and label.
    fields: Vec<(&'static str, String)>,
    /// The water goal field's label (ml in every unit setting).
    water_label: String,
    /// The suggestion from the profile, or what the profile lacks.
    suggestion: Option<Vec<(String, String)>>,
    /// The sentence asking for what the profile lacks, around its link.
    missing_text: (String, String),
}

/// What the profile lacks, as the page names it.
fn needed(l: &Presentation, field: &str) -> String {
    match field {
        "sex" => l.t("goals-needs-sex"),
        "birth_date" => l.t("goals-needs-birth-date"),
        "height_cm" => l.t("goals-needs-height"),
        "weight_kg" => l.t("goals-needs-weight"),
        "activity_level" => l.t("goals-needs-activity-level"),
        other => other.replace('_', " "),
    }
}

async fn goals_view(
    state: &AppState,
    user: &WebUser,
    values: Option<HashMap<String, String>>,
    errors: HashMap<String, String>,
    saved: bool,
) -> WebResult<GoalsPage> {
    let l = user.shown();
    let values = match values {
        Some(v) => v,
        None => {
            let g = state.app.goals(&user.actor()).await?;
            HashMap::from([
                ("calories".to_owned(), l.energy_input(g.nutrients.calories)),
                ("protein_g".to_owned(), l.input(g.nutrients.protein_g)),
                ("fat_g".to_owned(), l.input(g.nutrients.fat_g)),
                ("carbs_g".to_owned(), l.input(g.nutrients.carbs_g)),
                ("water_ml".to_owned(), g.water_ml.to_string()),
            ])
        }
    };
    let (suggestion, missing_text) = match state.app.suggested_goals(&user.actor()).await {
        Ok(s) => (
            Some(vec![
                (l.t("goals-calories"), l.energy_with_unit(s.calories)),
                (l.t("goals-protein"), format!("{} g", l.grams(s.protein_g))),
                (l.t("goals-fat"), format!("{} g", l.grams(s.fat_g))),
                (l.t("goals-carbs"), format!("{} g", l.grams(s.carbs_g))),
                (
                    l.t("goals-resting-rate"),
                    l.t2(
                        "goals-resting-value",
                        "energy",
                        l.energy_with_unit(s.bmr_kcal),
                        "factor",
                        s.activity_factor,
                    ),
                ),
            ]),
            (String::new(), String::new()),
        ),
        Err(AppError::Validation(errors)) => {
            let fields: Vec<String> = errors.iter().map(|e| needed(&l, &e.field)).collect();
            let text = l.t2(
                "goals-missing",
                "profile",
                Presentation::HOLE,
                "fields",
                fields.join(", "),
            );
            (None, Presentation::around(&text))
        }
        Err(e) => return Err(e.into()),
    };
    Ok(GoalsPage {
        l: Layout::signed_in(user, l.t("title-goals"), "goals"),
        f: FormState::refused("", values, errors),
        saved,
        fields: vec![
            (
                "calories",
                l.t1("goals-field-calories", "unit", l.energy_unit()),
            ),
            ("protein_g", l.t("goals-field-protein")),
            ("fat_g", l.t("goals-field-fat")),
            ("carbs_g", l.t("goals-field-carbs")),
        ],
        water_label: l.t("goals-field-water"),
        suggestion,
        missing_text,
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
    let fields = Submitted::new(&form, user.shown());
    let body = GoalsFields {
        calories: fields.energy("calories"),
        protein_g: fields.number("protein_g"),
        fat_g: fields.number("fat_g"),
        carbs_g: fields.number("carbs_g"),
        water_ml: fields.integer("water_ml"),
    };
    let result = state.app.set_goals(&user.actor(), body).await;
    redirect_or_again(
        result,
        &user.shown(),
        |_| "/goals?saved=1".into(),
        async |errors| goals_view(&state, &user, Some(form), errors, false).await,
    )
    .await
}

pub async fn apply_suggestion(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.apply_suggested_goals(&user.actor()).await?;
    Ok(see_other("/goals?saved=1"))
}
