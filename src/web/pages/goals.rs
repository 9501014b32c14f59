//! Goals: the daily goals form, and the suggestion from the profile.

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
use crate::web::format::{kcal, plain};
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render, see_other};

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    l: Layout,
    f: FormState,
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
            let g = state.app.goals(&user.actor()).await?;
            HashMap::from([
                ("calories".to_owned(), plain(g.calories.round())),
                ("protein_g".to_owned(), plain(g.protein_g)),
                ("fat_g".to_owned(), plain(g.fat_g)),
                ("carbs_g".to_owned(), plain(g.carbs_g)),
            ])
        }
    };
    let (suggestion, missing) = match state.app.suggested_goals(&user.actor()).await {
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
        Err(AppError::Validation(errors)) => (
            None,
            errors
                .into_iter()
                .map(|e| e.field.replace('_', " "))
                .collect(),
        ),
        Err(e) => return Err(e.into()),
    };
    Ok(GoalsPage {
        l: Layout::signed_in(user, user.shown().t("title-goals"), "goals"),
        f: FormState::refused("", values, errors),
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
    let fields = Submitted::new(&form, user.shown());
    let body = GoalsFields {
        calories: fields.number("calories"),
        protein_g: fields.number("protein_g"),
        fat_g: fields.number("fat_g"),
        carbs_g: fields.number("carbs_g"),
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
