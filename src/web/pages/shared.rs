//! The report a share link opens (`/shared/<secret>`): no login, read-only,
//! in the owner's language and units. It shows the link's days: each day's
//! entries by meal and its totals against the goals, the range's averages
//! and nutrients, the weights and the history charts. An unknown, revoked
//! or expired link answers 404; every answer says `noindex`, `no-store`
//! and `no-referrer`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app::summaries::DayNutrient;
use crate::domain::meal::Meal;
use crate::domain::nutrient_totals::KeyTotal;
use crate::state::AppState;
use crate::web::WebError;
use crate::web::assets::{css_path, path_of};
use crate::web::chart;
use crate::web::pages::nutrients::{NutrientRow, row};
use crate::web::present::Presentation;

pub struct ReportEntry {
    pub name: String,
    pub quantity: String,
    pub energy: String,
    pub protein: String,
    pub fat: String,
    pub carbs: String,
}

pub struct ReportActivity {
    pub name: String,
    /// "45 min", or empty for one given only its energy.
    pub duration: String,
    pub energy: String,
}

pub struct ReportMeal {
    pub label: String,
    pub entries: Vec<ReportEntry>,
}

pub struct ReportDay {
    pub date: String,
    pub meals: Vec<ReportMeal>,
    pub activities: Vec<ReportActivity>,
    /// "750 ml", or empty when no drink was logged.
    pub water: String,
    pub energy: String,
    pub goal: String,
    pub burned: String,
    pub net: String,
    pub protein: String,
    pub protein_goal: String,
    pub fat: String,
    pub fat_goal: String,
    pub carbs: String,
    pub carbs_goal: String,
    pub has_entries: bool,
}

#[derive(Template)]
#[template(path = "shared.html")]
struct SharedPage {
    l: Presentation,
    css: String,
    icon: String,
    title: String,
    range: String,
    energy_unit: String,
    days: Vec<ReportDay>,
    avg_energy: String,
    avg_net: String,
    logged_days: usize,
    /// The detail nutrients known: mean amount against today's target.
    nutrients: Vec<NutrientRow>,
    calorie_chart: String,
    macro_chart: String,
    weight_chart: String,
    /// Day, weight and trend, newest first.
    weights: Vec<(String, String, String)>,
}

/// The headers every answer of a report page carries.
fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

pub async fn shared(State(state): State<AppState>, Path(secret): Path<String>) -> Response {
    private(match report(&state, &secret).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    })
}

async fn report(state: &AppState, secret: &str) -> Result<Response, WebError> {
    let opened = state.app.open_share(secret).await?;
    let (actor, from, to) = (&opened.actor, opened.from, opened.to);
    let l = Presentation::of(&state.app.settings(actor).await?);
    let range = state.app.range_summary(actor, from, to).await?;
    let entries = state.app.food_entries(actor, from, to).await?;
    let activities = state.app.activity_entries(actor, from, to).await?;
    let drinks = state.app.water_entries(actor, from, to).await?;
    let targets = state.app.nutrient_targets(actor).await?;
    let trend = state
        .app
        .weight_trend(actor, Some(from), Some(to), true)
        .await?;
    let goals: Vec<_> = range
        .days
        .iter()
        .map(|d| range.goals.on(d.date).nutrients)
        .collect();
    let days = range
        .days
        .iter()
        .zip(&goals)
        .map(|(d, g)| {
            let meals = Meal::ALL
                .iter()
                .map(|&meal| ReportMeal {
                    label: l.meal(meal),
                    entries: entries
                        .iter()
                        .filter(|e| e.date == d.date && e.meal == meal)
                        .map(|e| ReportEntry {
                            name: e.name.clone(),
                            quantity: e.quantity_g.map(|q| l.grams(q)).unwrap_or_default(),
                            energy: l.energy(e.calories),
                            protein: l.grams(e.protein_g),
                            fat: l.grams(e.fat_g),
                            carbs: l.grams(e.carbs_g),
                        })
                        .collect(),
                })
                .filter(|m| !m.entries.is_empty())
                .collect();
            let ml: i64 = drinks
                .iter()
                .filter(|w| w.date == d.date)
                .map(|w| w.ml)
                .sum();
            ReportDay {
                date: l.long_date(d.date),
                meals,
                activities: activities
                    .iter()
                    .filter(|a| a.date == d.date)
                    .map(|a| ReportActivity {
                        name: a.name.clone(),
                        duration: a
                            .duration_min
                            .map(|m| l.t1("shared-minutes", "minutes", m as f64))
                            .unwrap_or_default(),
                        energy: l.energy(a.kcal_burned),
                    })
                    .collect(),
                water: if ml > 0 {
                    format!("{} ml", l.int(ml as f64))
                } else {
                    String::new()
                },
                energy: l.energy(d.consumed.calories),
                goal: l.energy(g.calories),
                burned: l.energy(d.burned_kcal),
                net: l.energy(d.net_kcal),
                protein: l.grams(d.consumed.protein_g),
                protein_goal: l.grams(g.protein_g),
                fat: l.grams(d.consumed.fat_g),
                fat_goal: l.grams(g.fat_g),
                carbs: l.grams(d.consumed.carbs_g),
                carbs_goal: l.grams(g.carbs_g),
                has_entries: d.has_entries,
            }
        })
        .collect();
    let charts = chart::RangeCharts::of(&l, &range, &goals, &trend);
    let page = SharedPage {
        css: css_path(),
        icon: path_of("icon.svg"),
        title: l.t1("shared-title", "name", opened.share.name.as_str()),
        range: l.t2("shared-range", "from", l.day(from), "to", l.day(to)),
        energy_unit: l.energy_unit().to_owned(),
        days,
        avg_energy: l.energy(range.averages.consumed.calories),
        avg_net: l.energy(range.averages.net_kcal),
        logged_days: range.days.iter().filter(|d| d.has_entries).count(),
        nutrients: range
            .nutrient_averages
            .iter()
            .filter(|(_, amount)| amount.is_some())
            .map(|&(key, amount)| {
                let target = targets.iter().find(|t| t.key == key);
                row(
                    &l,
                    &DayNutrient {
                        // A mean over the days that knew it: never partial.
                        total: KeyTotal {
                            key,
                            amount,
                            known_entries: 0,
                            entries: 0,
                        },
                        target_min: target.and_then(|t| t.min),
                        target_max: target.and_then(|t| t.max),
                    },
                )
            })
            .collect(),
        calorie_chart: charts.calories,
        macro_chart: charts.macros,
        weight_chart: charts.weights,
        weights: trend
            .iter()
            .rev()
            .filter(|t| t.weight_kg.is_some())
            .map(|t| {
                (
                    l.day(t.date),
                    t.weight_kg.map(|w| l.weight(w)).unwrap_or_default(),
                    t.trend_kg.map(|w| l.weight(w)).unwrap_or_default(),
                )
            })
            .collect(),
        l,
    };
    Ok(crate::web::page_response(StatusCode::OK, page.render()?))
}
