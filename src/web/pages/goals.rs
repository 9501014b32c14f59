//! Goals: the daily goals form, and the suggestion from the profile; the
//! calorie goal in the reader's energy unit.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;

use chrono::{Duration, NaiveDate};

use super::history::{ExpenditureView, expenditure_view, per_body_mass};
use crate::app::goals::{DayGoalsFields, DayGoalsInput, GoalsFields, WeekdaysInput};
use crate::app::{AppError, Input};
use crate::domain::weekday_goals::{WEEKDAYS, WeekGoals};
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
    /// The weekday overrides' form: column headings, and per weekday its
    /// name and cells (field name, placeholder: the base goal).
    weekday_heads: Vec<String>,
    weekday_rows: Vec<(String, Vec<(String, String)>)>,
    /// The goals in force each weekday, and the week's budget (their sum):
    /// energy, protein, fat, carbohydrate.
    week: Vec<(String, [String; 4])>,
    week_total: [String; 4],
    /// The suggestion from the expenditure estimate.
    tdee: ExpenditureView,
    rates: Vec<RateChoice>,
    /// The chosen rate as sent back (`-0.5`), and the goals it gives.
    rate: String,
    tdee_goals: Option<Vec<(String, String)>>,
    tdee_floored: bool,
    tdee_method: String,
}

/// A weekly rate to choose, in the reader's weight unit.
pub struct RateChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The rates offered, kg per week (the API takes any from −1.0 to +0.5).
const RATES: [f64; 7] = [-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5];

/// A Monday, to name the weekdays in the reader's language.
fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
}

fn four(l: &Presentation, n: crate::domain::nutrients::Nutrients) -> [String; 4] {
    [
        l.energy(n.calories),
        l.grams(n.protein_g),
        l.grams(n.fat_g),
        l.grams(n.carbs_g),
    ]
}

const MEMBERS: [&str; 4] = ["calories", "protein_g", "fat_g", "carbs_g"];

/// The form's values of the stored goals and weekday overrides.
fn stored_values(l: &Presentation, w: &WeekGoals) -> HashMap<String, String> {
    let g = w.base;
    let mut values = HashMap::from([
        ("calories".to_owned(), l.energy_input(g.nutrients.calories)),
        ("protein_g".to_owned(), l.input(g.nutrients.protein_g)),
        ("fat_g".to_owned(), l.input(g.nutrients.fat_g)),
        ("carbs_g".to_owned(), l.input(g.nutrients.carbs_g)),
        ("water_ml".to_owned(), g.water_ml.to_string()),
    ]);
    for (day, o) in WEEKDAYS.iter().zip(w.weekdays) {
        let set = [o.calories, o.protein_g, o.fat_g, o.carbs_g];
        for (member, v) in MEMBERS.iter().zip(set) {
            if let Some(v) = v {
                let shown = if *member == "calories" {
                    l.energy_input(v)
                } else {
                    l.input(v)
                };
                values.insert(format!("weekdays.{day}.{member}"), shown);
            }
        }
    }
    values
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
    rate: Option<f64>,
) -> WebResult<GoalsPage> {
    let l = user.shown();
    let week = state.app.week_goals(&user.actor()).await?;
    // Both forms show the stored goals, and what was sent where refused.
    let mut shown_values = stored_values(&l, &week);
    shown_values.extend(values.unwrap_or_default());
    let values = shown_values;
    let base = week.base.nutrients;
    let placeholders = [
        l.energy_input(base.calories),
        l.input(base.protein_g),
        l.input(base.fat_g),
        l.input(base.carbs_g),
    ];
    let weekday_rows = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let name = l.day_as("%A", monday() + Duration::days(i as i64));
            let cells = MEMBERS
                .iter()
                .zip(&placeholders)
                .map(|(m, p)| (format!("weekdays.{day}.{m}"), p.clone()))
                .collect();
            (name, cells)
        })
        .collect();
    let week_rows = (0..7)
        .map(|i| {
            let name = l.day_as("%A", monday() + Duration::days(i as i64));
            (name, four(&l, week.on_weekday(i).nutrients))
        })
        .collect();
    let rate = rate.unwrap_or(0.0);
    let (tdee, tdee_goals, tdee_floored) = match state
        .app
        .goals_from_expenditure(&user.actor(), Some(rate))
        .await
    {
        Ok(s) => (
            expenditure_view(&l, Ok(s.estimate.clone()))?,
            Some(vec![
                (l.t("goals-calories"), l.energy_with_unit(s.goals.calories)),
                (
                    l.t("goals-protein"),
                    format!("{} g", l.grams(s.goals.protein_g)),
                ),
                (l.t("goals-fat"), format!("{} g", l.grams(s.goals.fat_g))),
                (
                    l.t("goals-carbs"),
                    format!("{} g", l.grams(s.goals.carbs_g)),
                ),
            ]),
            s.floored,
        ),
        Err(e) => (expenditure_view(&l, Err(e))?, None, false),
    };
    let rates = RATES
        .iter()
        .map(|&r| {
            let amount = l.weight_with_unit(r.abs());
            let label = if r < 0.0 {
                l.t1("goals-rate-lose", "amount", amount)
            } else if r > 0.0 {
                l.t1("goals-rate-gain", "amount", amount)
            } else {
                l.t("goals-rate-keep")
            };
            RateChoice {
                value: r.to_string(),
                label,
                selected: (r - rate).abs() < 1e-9,
            }
        })
        .collect();
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
        weekday_heads: vec![
            l.t1("goals-field-calories", "unit", l.energy_unit()),
            l.t("goals-field-protein"),
            l.t("goals-field-fat"),
            l.t("goals-field-carbs"),
        ],
        weekday_rows,
        week: week_rows,
        week_total: four(&l, week.week_total()),
        tdee,
        rates,
        rate: rate.to_string(),
        tdee_goals,
        tdee_floored,
        tdee_method: per_body_mass(&l, "goals-expenditure-method"),
    })
}

/// The `rate` of the goals page's query, kg per week; anything else is the
/// default.
fn rate_of(q: &HashMap<String, String>) -> Option<f64> {
    q.get("rate")
        .and_then(|r| r.parse::<f64>().ok())
        .filter(|r| RATES.iter().any(|x| (x - r).abs() < 1e-9))
}

pub async fn goals_page(
    State(state): State<AppState>,
    user: WebUser,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> WebResult {
    let page = goals_view(
        &state,
        &user,
        None,
        HashMap::new(),
        q.contains_key("saved"),
        rate_of(&q),
    )
    .await?;
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
        weekdays: WeekdaysInput::Absent,
    };
    let result = state.app.set_goals(&user.actor(), body).await;
    redirect_or_again(
        result,
        &user.shown(),
        |_| "/goals?saved=1".into(),
        async |errors| goals_view(&state, &user, Some(form), errors, false, None).await,
    )
    .await
}

/// The weekday overrides' form: a blank field keeps the base goal.
pub async fn save_weekday_goals(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let fields = Submitted::new(&form, user.shown());
    let base = state.app.goals(&user.actor()).await?;
    let days = WEEKDAYS
        .iter()
        .map(|day| {
            let f = |m: &str| format!("weekdays.{day}.{m}");
            let day_fields = DayGoalsFields {
                calories: fields.energy(&f("calories")),
                protein_g: fields.number(&f("protein_g")),
                fat_g: fields.number(&f("fat_g")),
                carbs_g: fields.number(&f("carbs_g")),
            };
            ((*day).to_owned(), DayGoalsInput::Fields(day_fields))
        })
        .collect();
    let body = GoalsFields {
        calories: Input::Value(base.nutrients.calories),
        protein_g: Input::Value(base.nutrients.protein_g),
        fat_g: Input::Value(base.nutrients.fat_g),
        carbs_g: Input::Value(base.nutrients.carbs_g),
        water_ml: Input::Absent,
        weekdays: WeekdaysInput::Days(days),
    };
    let result = state.app.set_goals(&user.actor(), body).await;
    redirect_or_again(
        result,
        &user.shown(),
        |_| "/goals?saved=1#h-weekdays".into(),
        async |errors| goals_view(&state, &user, Some(form), errors, false, None).await,
    )
    .await
}

pub async fn apply_suggestion(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    if form.get("from").map(String::as_str) == Some("expenditure") {
        let rate = form
            .get("rate_kg_per_week")
            .and_then(|r| r.parse::<f64>().ok());
        state
            .app
            .apply_expenditure_goals(&user.actor(), rate)
            .await?;
    } else {
        state.app.apply_suggested_goals(&user.actor()).await?;
    }
    Ok(see_other("/goals?saved=1"))
}
