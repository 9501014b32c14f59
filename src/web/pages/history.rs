//! History: energy, macros and weight over the last 7, 30 or 90 days, in
//! the reader's language and units.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::Duration;

use crate::app::AppError;
use crate::domain::expenditure::{self, Confidence, Estimate};
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
    /// Day, weight (blank on days without one) and trend, newest first.
    weights: Vec<(String, String, String)>,
    /// The latest trend, with its unit.
    trend_now: Option<String>,
    expenditure: ExpenditureView,
    /// How the estimate is made.
    method: String,
    avg_energy: String,
    avg_net: String,
    goal: String,
    logged_days: usize,
    /// "Days logged " and " of 7", around the count of days logged.
    logged_text: (String, String),
    /// The sentence without weights, around its link to the profile.
    no_weight_text: (String, String),
}

/// The expenditure estimate as the page shows it: the number, its
/// confidence and the data it rests on; or what it lacks, never a number.
pub enum ExpenditureView {
    Estimate {
        kcal: String,
        confidence: &'static str,
        confidence_label: String,
        /// Label and value of each figure it rests on.
        basis: Vec<(String, String)>,
    },
    Missing(Vec<String>),
}

/// A message `key` that says the energy of a unit of body mass ("7,700
/// kcal per kg", "14,608 kJ per lb") in the reader's units.
pub fn per_body_mass(l: &Presentation, key: &str) -> String {
    let per_unit = expenditure::KCAL_PER_KG * l.weight_unit.to_kg(1.0);
    l.t2(
        key,
        "energy",
        l.energy_with_unit(per_unit),
        "unit",
        l.weight_unit(),
    )
}

/// The page's view of an estimate, or of what it lacks.
pub fn expenditure_view(
    l: &Presentation,
    result: Result<Estimate, AppError>,
) -> Result<ExpenditureView, AppError> {
    let e = match result {
        Ok(e) => e,
        Err(AppError::Validation(errors)) => {
            return Ok(ExpenditureView::Missing(
                errors.iter().map(|e| l.message(&e.message)).collect(),
            ));
        }
        Err(e) => return Err(e),
    };
    let confidence = e.confidence.as_str();
    let confidence_label = l.t(match e.confidence {
        Confidence::Low => "expenditure-confidence-low",
        Confidence::Medium => "expenditure-confidence-medium",
        Confidence::High => "expenditure-confidence-high",
    });
    let basis = vec![
        (
            l.t("expenditure-window"),
            l.t2(
                "expenditure-window-value",
                "from",
                l.day(e.from),
                "to",
                l.day(e.date),
            ),
        ),
        (
            l.t("expenditure-logged-days"),
            l.t2(
                "expenditure-logged-days-value",
                "logged",
                e.logged_days,
                "days",
                expenditure::WINDOW_DAYS,
            ),
        ),
        (
            l.t("expenditure-intake-mean"),
            l.energy_with_unit(e.intake_mean_kcal),
        ),
        (
            l.t("expenditure-trend-change"),
            l.message(
                &crate::locale::msg("expenditure-trend-change-value")
                    .arg("start", l.weight_with_unit(e.trend_start_kg))
                    .arg("end", l.weight_with_unit(e.trend_end_kg))
                    .arg("first", l.day(e.first_weight_date))
                    .arg("last", l.day(e.last_weight_date))
                    .arg("days", e.trend_days),
            ),
        ),
        (l.t("expenditure-weight-days"), e.weight_days.to_string()),
    ];
    Ok(ExpenditureView::Estimate {
        kcal: l.energy_with_unit(e.expenditure_kcal),
        confidence,
        confidence_label,
        basis,
    })
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
    let goals: Vec<_> = range
        .days
        .iter()
        .map(|d| range.goals.on(d.date).nutrients)
        .collect();
    let mean_goal = goals.iter().map(|g| g.calories).sum::<f64>() / goals.len().max(1) as f64;
    let trend = state
        .app
        .weight_trend(&actor, Some(from), Some(to), true)
        .await?;
    let expenditure = expenditure_view(&l, state.app.expenditure(&actor, Some(to)).await)?;
    let charts = chart::RangeCharts::of(&l, &range, &goals, &trend);
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
        calorie_chart: charts.calories,
        macro_chart: charts.macros,
        weight_chart: charts.weights,
        has_weights: trend.iter().any(|t| t.weight_kg.is_some()),
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
        weights: trend
            .iter()
            .rev()
            .filter(|t| t.trend_kg.is_some())
            .map(|t| {
                (
                    l.day(t.date),
                    t.weight_kg.map(|w| l.weight(w)).unwrap_or_default(),
                    t.trend_kg.map(|w| l.weight(w)).unwrap_or_default(),
                )
            })
            .collect(),
        trend_now: trend
            .last()
            .and_then(|t| t.trend_kg)
            .map(|kg| l.weight_with_unit(kg)),
        expenditure,
        method: per_body_mass(&l, "expenditure-method"),
        avg_energy: l.energy(range.averages.consumed.calories),
        avg_net: l.energy(range.averages.net_kcal),
        goal: l.energy(mean_goal),
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
