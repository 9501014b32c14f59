//! History: energy, macros and weight over the last 7, 30 or 90 days, in
//! the reader's language and units.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::Duration;

use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::chart;
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render};

pub struct Period {
    pub days: i64,
    /// "7 days".
    pub label: String,
    pub current: bool,
}

pub struct HistoryRow {
    pub date: String,
    pub energy: String,
    pub net: String,
    pub burned: String,
    pub protein: String,
    pub fat: String,
    pub carbs: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    l: Layout,
    periods: Vec<Period>,
    calorie_chart: String,
    macro_chart: String,
    weight_chart: String,
    has_weights: bool,
    rows: Vec<HistoryRow>,
    weights: Vec<(String, String)>,
    avg_energy: String,
    avg_net: String,
    goal: String,
    logged_days: usize,
    /// "Days logged " and " of 7", around the count of days logged.
    logged_text: (String, String),
    /// The sentence without weights, around its link to the profile.
    no_weight_text: (String, String),
}

pub async fn history(
    State(state): State<AppState>,
    user: WebUser,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let days: i64 = match q.get("days").map(String::as_str) {
        Some("30") => 30,
        Some("90") => 90,
        _ => 7,
    };
    let l = user.shown();
    let to = user.today();
    let from = to - Duration::days(days - 1);
    let actor = user.actor();
    let range = state.app.range_summary(&actor, from, to).await?;
    let goals = state.app.goals(&actor).await?.nutrients;
    let weights = state.app.weights(&actor, Some(from), Some(to)).await?;
    let points: Vec<chart::Day> = range
        .days
        .iter()
        .map(|d| chart::Day {
            date: d.date,
            calories: d.consumed.calories,
            protein_g: d.consumed.protein_g,
            fat_g: d.consumed.fat_g,
            carbs_g: d.consumed.carbs_g,
        })
        .collect();
    let page = HistoryPage {
        l: Layout::signed_in(&user, l.t("title-history"), "history"),
        periods: [7, 30, 90]
            .into_iter()
            .map(|d| Period {
                days: d,
                label: l.t1("history-days", "days", d),
                current: d == days,
            })
            .collect(),
        calorie_chart: chart::calories(&l, &points, goals.calories),
        macro_chart: chart::macros(&l, &points, goals),
        weight_chart: chart::weights(&l, from, to, &weights),
        has_weights: !weights.is_empty(),
        rows: range
            .days
            .iter()
            .rev()
            .map(|d| HistoryRow {
                date: l.day(d.date),
                energy: l.energy(d.consumed.calories),
                net: l.energy(d.net_kcal),
                burned: l.energy(d.burned_kcal),
                protein: l.grams(d.consumed.protein_g),
                fat: l.grams(d.consumed.fat_g),
                carbs: l.grams(d.consumed.carbs_g),
            })
            .collect(),
        weights: weights
            .iter()
            .rev()
            .map(|w| (l.day(w.date), l.weight(w.weight_kg)))
            .collect(),
        avg_energy: l.energy(range.averages.consumed.calories),
        avg_net: l.energy(range.averages.net_kcal),
        goal: l.energy(goals.calories),
        logged_days: range.days.iter().filter(|d| d.has_entries).count(),
        logged_text: Presentation::around(&l.t2(
            "history-days-logged",
            "logged",
            Presentation::HOLE,
            "days",
            days,
        )),
        no_weight_text: Presentation::around(&l.t1(
            "history-no-weight",
            "profile",
            Presentation::HOLE,
        )),
    };
    render(StatusCode::OK, &page)
}
