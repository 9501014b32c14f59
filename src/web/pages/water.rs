//! Water on the diary page: the day's total against its goal, one-tap
//! drinks (250 ml, 500 ml) and an amount, each a form (post-redirect-get,
//! no JavaScript needed; queued off line like the diary's other adds).
//! Water is in ml in every unit setting.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};

use super::diary::{date_param, diary_url, diary_view};
use crate::app::summaries::DailySummary;
use crate::app::water::WaterEntryFields;
use crate::domain::quotas::WATER_ENTRIES_PER_DAY;
use crate::domain::water::{ONE_TAP_ML, percent_of_goal};
use crate::state::AppState;
use crate::web::form::{FormState, Submitted, redirect_or_again, shown_beside};
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, see_other};

/// The form that adds an amount typed in (its `FormState` name).
pub const WATER_FORM: &str = "water";

pub struct DrinkView {
    pub id: i64,
    /// "250 ml", in the language's numbers.
    pub amount: String,
}

/// One-tap button: the ml it posts, and how it reads.
pub struct OneTap {
    pub ml: i64,
    pub label: String,
    /// "Add 250 ml of water".
    pub title: String,
}

pub struct WaterView {
    /// "750 of 2,000 ml".
    pub total: String,
    /// How far towards the goal, 0–100.
    pub percent: i64,
    pub reached: bool,
    pub drinks: Vec<DrinkView>,
    pub one_tap: Vec<OneTap>,
}

fn ml(p: &Presentation, ml: i64) -> String {
    format!("{} ml", p.int(ml as f64))
}

pub fn water_view(p: &Presentation, s: &DailySummary) -> WaterView {
    let goal = s.goals.water_ml;
    WaterView {
        total: p.t2(
            "diary-water-total",
            "drunk",
            p.int(s.water_ml as f64),
            "goal",
            p.int(goal as f64),
        ),
        percent: percent_of_goal(s.water_ml, goal),
        reached: s.water_ml >= goal,
        drinks: s
            .water_entries
            .iter()
            .map(|w| DrinkView {
                id: w.id,
                amount: ml(p, w.ml),
            })
            .collect(),
        one_tap: ONE_TAP_ML
            .into_iter()
            .map(|amount| OneTap {
                ml: amount,
                label: ml(p, amount),
                title: p.t1("diary-water-add-named", "amount", ml(p, amount)),
            })
            .collect(),
    }
}

/// Adds a drink: a one-tap amount or one typed in (`ml`).
pub async fn add_water(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form, &user);
    let fields = Submitted::new(&form, user.shown());
    let body = WaterEntryFields {
        date: fields.text("date"),
        ml: fields.integer("ml"),
    };
    let result = state
        .app
        .create_water_entry(&user.actor(), body)
        .await
        .map_err(|e| shown_beside(e, WATER_ENTRIES_PER_DAY.name, "ml"));
    redirect_or_again(
        result,
        &user.shown(),
        |_| diary_url(date),
        async |errors| {
            let f = FormState::refused(WATER_FORM, form, errors);
            diary_view(&state, &user, date, "", "", f).await
        },
    )
    .await
}

pub async fn delete_water(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.delete_water_entry(&user.actor(), id).await?;
    Ok(see_other(&diary_url(date_param(&form, &user))))
}
