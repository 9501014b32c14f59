//! History: calories, macros and weight over the last 7, 30 or 90 days.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::Duration;

use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::chart;
use crate::web::format::{grams, kcal};
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render};

pub struct Period {
    pub days: i64,
    pub current: bool,
}

pub struct HistoryRow {
    pub date: String,
    pub kcal: String,
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
    days: i64,
    periods: Vec<Period>,
    calorie_chart: String,
    macro_chart: String,
    weight_chart: String,
    has_weights: bool,
    rows: Vec<HistoryRow>,
    weights: Vec<(String, String)>,
    avg_kcal: String,
    avg_net: String,
    goal: String,
    logged_days: usize,
}

pub async fn history(
    State(state): State<AppState>,
    user: WebUser,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let days = match q.get("days").map(String::as_str) {
        Some("30") => 30,
        Some("90") => 90,
        _ => 7,
    };
    let to = user.today();
    let from = to - Duration::days(days - 1);
    let actor = user.actor();
    let range = state.app.range_summary(&actor, from, to).await?;
    let goals = state.app.goals(&actor).await?;
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
        l: Layout::signed_in(&user, user.shown().t("title-history"), "history"),
        days,
        periods: [7, 30, 90]
            .into_iter()
            .map(|d| Period {
                days: d,
                current: d == days,
            })
            .collect(),
        calorie_chart: chart::calories(&points, goals.calories),
        macro_chart: chart::macros(&points, goals),
        weight_chart: chart::weights(from, to, &weights),
        has_weights: !weights.is_empty(),
        rows: range
            .days
            .iter()
            .rev()
            .map(|d| HistoryRow {
                date: d.date.format("%a %-d %b").to_string(),
                kcal: kcal(d.consumed.calories),
                net: kcal(d.net_kcal),
                burned: kcal(d.burned_kcal),
                protein: grams(d.consumed.protein_g),
                fat: grams(d.consumed.fat_g),
                carbs: grams(d.consumed.carbs_g),
            })
            .collect(),
        weights: weights
            .iter()
            .rev()
            .map(|w| (w.date.format("%a %-d %b").to_string(), grams(w.weight_kg)))
            .collect(),
        avg_kcal: kcal(range.averages.consumed.calories),
        avg_net: kcal(range.averages.net_kcal),
        goal: kcal(goals.calories),
        logged_days: range.days.iter().filter(|d| d.has_entries).count(),
    };
    render(StatusCode::OK, &page)
}
