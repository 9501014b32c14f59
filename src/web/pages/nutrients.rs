//! A day's nutrients against their targets (nutrition.md §2): every detail
//! nutrient in three groups, the amount and target in the reader's numbers,
//! a bar towards the target, and a mark where only some of the day's foods
//! knew the nutrient (a partial total).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use chrono::Duration;

use super::diary::date_param;
use crate::app::summaries::DayNutrient;
use crate::domain::nutrients::unit_of;
use crate::state::AppState;
use crate::web::assets::Layout;
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render};

/// The groups the page shows, each key once (a test checks they cover
/// every detail key).
const GROUPS: [(&str, &[&str]); 3] = [
    (
        "general",
        &[
            "fibre_g",
            "sugars_g",
            "saturated_fat_g",
            "monounsaturated_fat_g",
            "polyunsaturated_fat_g",
            "trans_fat_g",
            "cholesterol_mg",
            "sodium_mg",
            "water_g",
            "alcohol_g",
            "caffeine_mg",
        ],
    ),
    (
        "vitamins",
        &[
            "vitamin_a_ug",
            "vitamin_c_mg",
            "vitamin_d_ug",
            "vitamin_e_mg",
            "vitamin_k_ug",
            "thiamin_mg",
            "riboflavin_mg",
            "niacin_mg",
            "vitamin_b6_mg",
            "folate_ug",
            "vitamin_b12_ug",
            "choline_mg",
        ],
    ),
    (
        "minerals",
        &[
            "calcium_mg",
            "copper_mg",
            "iron_mg",
            "magnesium_mg",
            "phosphorus_mg",
            "potassium_mg",
            "selenium_ug",
            "zinc_mg",
        ],
    ),
];

pub struct NutrientRow {
    pub key: &'static str,
    pub name: String,
    /// "12.5 mg", or "unknown".
    pub amount: String,
    /// "at least 18 mg", "18–45 mg", or "—".
    pub target: String,
    /// Towards the lower target, 0–100; 0 without one.
    pub percent: i64,
    pub has_min: bool,
    /// `low`, `met`, `over` (the upper limit) or `none` (no target, or
    /// nothing known).
    pub state: &'static str,
    /// The state in words (for the screen reader and the colour-blind).
    pub state_text: String,
    /// "2 of 3 foods known" when partial, else empty.
    pub partial: String,
}

pub struct NutrientGroup {
    pub id: &'static str,
    pub title: String,
    pub rows: Vec<NutrientRow>,
}

#[derive(Template)]
#[template(path = "nutrients.html")]
struct NutrientsPage {
    l: Layout,
    date: String,
    date_label: String,
    prev: String,
    next: String,
    groups: Vec<NutrientGroup>,
    has_food: bool,
    any_partial: bool,
    partial_note: String,
}

pub(super) fn row(p: &Presentation, n: &DayNutrient) -> NutrientRow {
    let key = n.total.key;
    let unit = unit_of(key);
    let with_unit = |x: f64| format!("{} {unit}", p.nutrient_amount(x));
    let bounds = match (n.target_min, n.target_max) {
        (Some(min), Some(max)) => p.t2(
            "nutrients-range",
            "min",
            p.nutrient_amount(min),
            "max",
            p.nutrient_amount(max),
        ),
        (Some(min), None) => p.t1("nutrients-at-least", "min", p.nutrient_amount(min)),
        (None, Some(max)) => p.t1("nutrients-at-most", "max", p.nutrient_amount(max)),
        (None, None) => String::new(),
    };
    let target = if bounds.is_empty() {
        p.t("nutrients-no-target")
    } else {
        format!("{bounds} {unit}")
    };
    let state = match n.total.amount {
        None => "none",
        Some(a) if n.target_max.is_some_and(|max| a > max) => "over",
        Some(a) if n.target_min.is_some_and(|min| a < min) => "low",
        Some(_) if n.target_min.is_some() || n.target_max.is_some() => "met",
        Some(_) => "none",
    };
    let percent = match (n.total.amount, n.target_min) {
        (Some(a), Some(min)) if min > 0.0 => ((a / min) * 100.0).round().clamp(0.0, 100.0) as i64,
        _ => 0,
    };
    NutrientRow {
        key,
        name: p.t(&format!("nutrient-{key}")),
        amount: n
            .total
            .amount
            .map_or_else(|| p.t("nutrients-unknown"), with_unit),
        target,
        percent,
        has_min: n.target_min.is_some(),
        state,
        state_text: match state {
            "low" => p.t("nutrients-low"),
            "met" => p.t("nutrients-met"),
            "over" => p.t("nutrients-over"),
            _ => String::new(),
        },
        partial: if n.total.is_partial() && n.total.entries > 0 {
            p.t2(
                "nutrients-partial",
                "known",
                n.total.known_entries,
                "entries",
                n.total.entries,
            )
        } else {
            String::new()
        },
    }
}

pub async fn nutrients_page(
    State(state): State<AppState>,
    user: WebUser,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let date = date_param(&q, &user);
    let p = user.shown();
    let s = state.app.daily_summary(&user.actor(), date).await?;
    let groups: Vec<NutrientGroup> = GROUPS
        .iter()
        .map(|(id, keys)| NutrientGroup {
            id,
            title: p.t(&format!("nutrients-group-{id}")),
            rows: keys
                .iter()
                .filter_map(|k| s.nutrients.iter().find(|n| n.total.key == *k))
                .map(|n| row(&p, n))
                .collect(),
        })
        .collect();
    let any_partial = groups
        .iter()
        .flat_map(|g| &g.rows)
        .any(|r| !r.partial.is_empty());
    let page = NutrientsPage {
        l: Layout::signed_in(&user, p.t("title-nutrients"), "diary"),
        date: date.to_string(),
        date_label: p.long_date(date),
        prev: (date - Duration::days(1)).to_string(),
        next: (date + Duration::days(1)).to_string(),
        groups,
        has_food: !s.food_entries.is_empty(),
        any_partial,
        partial_note: p.t1("nutrients-partial-note", "example", "*"),
    };
    render(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nutrients::DETAIL_KEYS;

    #[test]
    fn the_groups_show_every_detail_key_once() {
        let mut shown: Vec<&str> = GROUPS
            .iter()
            .flat_map(|(_, keys)| keys.iter().copied())
            .collect();
        shown.sort_unstable();
        let mut all = DETAIL_KEYS.to_vec();
        all.sort_unstable();
        assert_eq!(shown, all);
    }
}
