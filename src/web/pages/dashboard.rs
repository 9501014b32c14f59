//! Today: the day's calories against the goal, macros and meals.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::format::{grams, kcal, long_date, meal_label};
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render};

/// One nutrient against its goal, for a bar or ring.
pub struct Gauge {
    pub id: &'static str,
    pub label: &'static str,
    pub consumed: String,
    pub goal: String,
    pub remaining: String,
    /// Fill of the bar, 0–100.
    pub percent: f64,
    pub over: bool,
}

fn gauge(id: &'static str, label: &'static str, consumed: f64, goal: f64, remaining: f64) -> Gauge {
    let percent = if goal > 0.0 {
        consumed / goal * 100.0
    } else {
        0.0
    };
    Gauge {
        id,
        label,
        consumed: grams(consumed),
        goal: grams(goal),
        remaining: grams(remaining.abs()),
        percent: percent.clamp(0.0, 100.0),
        over: remaining < 0.0,
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    l: Layout,
    date: String,
    date_label: String,
    goal: String,
    consumed: String,
    burned: String,
    net: String,
    remaining: String,
    over: bool,
    /// Length of the ring's arc out of 100.
    ring: f64,
    macros: Vec<Gauge>,
    meals: Vec<(String, String)>,
    entry_count: usize,
}

pub async fn dashboard(State(state): State<AppState>, user: WebUser) -> WebResult {
    let date = user.today();
    let s = state.app.daily_summary(&user.actor(), date).await?;
    let t = &s.totals;
    let ring = if s.goals.calories > 0.0 {
        (t.net_kcal / s.goals.calories * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    };
    let page = DashboardPage {
        l: Layout::signed_in(&user, user.shown().t("title-today"), "today"),
        date: date.to_string(),
        date_label: long_date(date),
        goal: kcal(s.goals.calories),
        consumed: kcal(t.consumed.calories),
        burned: kcal(t.burned_kcal),
        net: kcal(t.net_kcal),
        remaining: kcal(t.remaining.calories.abs()),
        over: t.remaining.calories < 0.0,
        ring,
        macros: vec![
            gauge(
                "protein",
                "Protein",
                t.consumed.protein_g,
                s.goals.protein_g,
                t.remaining.protein_g,
            ),
            gauge(
                "fat",
                "Fat",
                t.consumed.fat_g,
                s.goals.fat_g,
                t.remaining.fat_g,
            ),
            gauge(
                "carbs",
                "Carbohydrate",
                t.consumed.carbs_g,
                s.goals.carbs_g,
                t.remaining.carbs_g,
            ),
        ],
        meals: t
            .meals
            .iter()
            .map(|(m, n)| (meal_label(*m).to_owned(), kcal(n.calories)))
            .collect(),
        entry_count: s.food_entries.len() + s.activity_entries.len(),
    };
    render(StatusCode::OK, &page)
}
