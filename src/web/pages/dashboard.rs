//! Today: the day's energy against the goal, macros and meals, in the
//! reader's language and energy unit.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;

use crate::locale::msg;
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render};

/// One nutrient against its goal, for a bar or ring.
pub struct Gauge {
    pub id: &'static str,
    pub label: String,
    /// The bar read out: "Protein: 12.0 of 150.0 grams".
    pub aria: String,
    pub consumed: String,
    pub goal: String,
    /// "138.0 g left" or "12.0 g over".
    pub remaining: String,
    /// Fill of the bar, 0–100.
    pub percent: f64,
    pub over: bool,
}

fn gauge(
    l: &Presentation,
    id: &'static str,
    label_key: &'static str,
    consumed: f64,
    goal: f64,
    remaining: f64,
) -> Gauge {
    let percent = if goal > 0.0 {
        consumed / goal * 100.0
    } else {
        0.0
    };
    let label = l.t(label_key);
    let over = remaining < 0.0;
    let remaining_key = if over {
        "dashboard-grams-over"
    } else {
        "dashboard-grams-left"
    };
    Gauge {
        id,
        aria: l.message(
            &msg("dashboard-gauge")
                .arg("nutrient", label.as_str())
                .arg("eaten", l.grams(consumed))
                .arg("goal", l.grams(goal)),
        ),
        label,
        consumed: l.grams(consumed),
        goal: l.grams(goal),
        remaining: l.t1(remaining_key, "grams", l.grams(remaining.abs())),
        percent: percent.clamp(0.0, 100.0),
        over,
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
    let l = user.shown();
    let ring = if s.goals.nutrients.calories > 0.0 {
        (t.net_kcal / s.goals.nutrients.calories * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    };
    let page = DashboardPage {
        l: Layout::signed_in(&user, l.t("title-today"), "today"),
        date: date.to_string(),
        date_label: l.long_date(date),
        goal: l.energy(s.goals.nutrients.calories),
        consumed: l.energy(t.consumed.calories),
        burned: l.energy(t.burned_kcal),
        net: l.energy(t.net_kcal),
        remaining: l.energy(t.remaining.calories.abs()),
        over: t.remaining.calories < 0.0,
        ring,
        macros: vec![
            gauge(
                &l,
                "protein",
                "dashboard-protein",
                t.consumed.protein_g,
                s.goals.nutrients.protein_g,
                t.remaining.protein_g,
            ),
            gauge(
                &l,
                "fat",
                "dashboard-fat",
                t.consumed.fat_g,
                s.goals.nutrients.fat_g,
                t.remaining.fat_g,
            ),
            gauge(
                &l,
                "carbs",
                "dashboard-carbs",
                t.consumed.carbs_g,
                s.goals.nutrients.carbs_g,
                t.remaining.carbs_g,
            ),
        ],
        meals: t
            .meals
            .iter()
            .map(|(m, n)| (l.meal(*m), l.energy(n.calories)))
            .collect(),
        entry_count: s.food_entries.len() + s.activity_entries.len(),
    };
    render(StatusCode::OK, &page)
}
