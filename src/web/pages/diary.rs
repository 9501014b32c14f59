//! The diary of a day: its meals and activities, and the forms that add to
//! them (search the catalogue, recent foods, by hand).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};

use super::saved_meals::{LOG_FORM, SAVE_FORM, SavedMealRow, saved_rows};
use super::water::{WaterView, water_view};
use crate::app::activity_entries::ActivityEntryFields;
use crate::app::food_entries::{FoodEntryCopy, FoodEntryFields, QUICK_ADD_NAME};
use crate::app::foods::SEARCH_TEXT_MAX;
use crate::app::{Input, parse_date};
use crate::domain::fdc_branded::FoodKind;
use crate::domain::meal::Meal;
use crate::domain::quotas::{ACTIVITY_ENTRIES_PER_DAY, FOOD_ENTRIES_PER_DAY};
use crate::domain::settings::Language;
use crate::locale::{msg, numbers};
use crate::state::AppState;
use crate::store::{Food, FoodEntry};
use crate::web::assets::Layout;
use crate::web::form::{FormState, Submitted, redirect_or_again, shown_beside};
use crate::web::present::{Choice, Presentation};
use crate::web::signed_in::WebUser;
use crate::web::{WebResult, render, see_other};

/// Amounts below are written for the reader: numbers in their language,
/// energy in their unit (the unit's name is the template's).
pub struct EntryView {
    pub id: i64,
    /// The person's (or the catalogue's) name: data, not translated; but a
    /// quick add's default name is shown in the reader's words.
    pub name: String,
    /// Whether `name` is data (marked not to be translated).
    pub data: bool,
    pub amount: String,
    pub energy: String,
    /// "P 12.0 · F 3.0 · C 30.0 g", in the language's letters.
    pub macros: String,
}

pub struct MealView {
    pub key: String,
    pub label: String,
    pub energy: String,
    pub entries: Vec<EntryView>,
}

pub struct ActivityView {
    pub id: i64,
    pub name: String,
    /// Empty for an activity logged without a duration.
    pub minutes: String,
    pub energy: String,
}

/// An option of a food's unit select; `data`: its label is the
/// catalogue's (a serving, in English), marked not to be translated.
pub struct UnitChoice {
    pub value: String,
    pub label: String,
    pub data: bool,
}

pub struct FoodResult {
    pub id: i64,
    pub name: String,
    pub brand: String,
    /// A branded product (FoodData Central), marked as such in the list.
    pub branded: bool,
    pub per_100g: String,
    pub units: Vec<UnitChoice>,
}

pub struct RecentView {
    pub food_id: i64,
    pub name: String,
    /// The hidden amount field: grams with a point, read in any language.
    pub quantity: String,
    pub label: String,
    /// The button's title: "Add 150 g of Oats to lunch".
    pub title: String,
}

pub struct ActivityResult {
    pub id: i64,
    pub name: String,
    pub met: String,
}

#[derive(Template)]
#[template(path = "diary.html")]
pub(super) struct DiaryPage {
    l: Layout,
    date: String,
    date_label: String,
    prev: String,
    next: String,
    is_today: bool,
    meals: Vec<MealView>,
    activities: Vec<ActivityView>,
    water: WaterView,
    consumed: String,
    burned: String,
    /// "300 kcal burned".
    burned_total: String,
    net: String,
    remaining: String,
    over: bool,
    q: String,
    results: Vec<FoodResult>,
    searched: bool,
    recent: Vec<RecentView>,
    aq: String,
    activity_results: Vec<ActivityResult>,
    activity_searched: bool,
    meal_choices: Vec<Choice>,
    default_meal: String,
    /// The copy form's meals, copied and copied into, as first chosen: the
    /// first meal that has entries, into the meal of the hour (or the next).
    copy_from: String,
    copy_to: String,
    /// Whether the day has food to copy (the copy form is shown then).
    has_food: bool,
    /// The saved meals, each to log in one tap.
    saved: Vec<SavedMealRow>,
    f: FormState,
}

impl DiaryPage {
    /// The meal to choose in form `form`: the one entered when it was the
    /// form submitted, else the meal most likely being logged now.
    fn meal_in(&self, form: &str) -> &str {
        if self.f.form == form {
            self.f.v("meal")
        } else {
            &self.default_meal
        }
    }

    /// The meal to log saved meal `id` into: as chosen when its log was
    /// refused, else the meal of the hour.
    fn saved_meal_in(&self, id: &i64) -> &str {
        if self.f.form == LOG_FORM && self.f.v("saved_meal") == id.to_string() {
            self.f.v("meal")
        } else {
            &self.default_meal
        }
    }

    /// The meal to save as a saved meal: as chosen when refused, else the
    /// one the copy form starts from (the first with entries).
    fn save_meal_in(&self) -> &str {
        if self.f.form == SAVE_FORM {
            self.f.v("meal")
        } else {
            &self.copy_from
        }
    }

    /// The meal chosen in the recipe-from-meal form: as entered, else the
    /// first meal with entries.
    fn recipe_meal(&self) -> &str {
        if self.f.form == "recipe" {
            self.f.v("meal")
        } else {
            &self.copy_from
        }
    }

    /// The meal chosen in the copy form's select `field` (`meal` or `to_meal`).
    fn copy_meal_in(&self, field: &str) -> &str {
        match (self.f.form == COPY_FORM, field) {
            (true, _) => self.f.v(field),
            (false, "meal") => &self.copy_from,
            (false, _) => &self.copy_to,
        }
    }
}

/// The copy form's name in [`FormState`].
const COPY_FORM: &str = "copy";

/// The meal most likely being logged now: the meal of the hour where the
/// person is.
fn meal_at(hour: u32) -> Meal {
    match hour {
        5..=10 => Meal::Breakfast,
        11..=15 => Meal::Lunch,
        18..=22 => Meal::Dinner,
        _ => Meal::Snack,
    }
}

/// Whether an entry bears a quick add's default name (by hand, named
/// exactly [`QUICK_ADD_NAME`]): shown in the reader's words.
fn quick_add(e: &FoodEntry) -> bool {
    e.food_id.is_none() && e.name == QUICK_ADD_NAME
}

/// An amount as a person reads it: up to one decimal, no trailing zeros,
/// grouped as the language groups (`150`, `6,4`, `1.234,5`).
fn amount(p: &Presentation, x: f64) -> String {
    numbers::trimmed(p.language, x, 1)
}

/// The protein, fat and carbohydrate of an entry, in the language's
/// letters: "P 12.0 · F 3.0 · C 30.0 g".
fn macros(p: &Presentation, protein: f64, fat: f64, carbs: f64) -> String {
    p.message(
        &msg("entry-macros")
            .arg("protein", p.grams(protein))
            .arg("fat", p.grams(fat))
            .arg("carbs", p.grams(carbs)),
    )
}

/// What a search box's text searches for: without control characters
/// (PostgreSQL text cannot hold NUL), and no longer than the API allows.
fn searched_text(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_control())
        .take(SEARCH_TEXT_MAX)
        .collect()
}

/// A food found, with its units (grams, then its servings) to log it in.
pub(super) fn food_result(p: &Presentation, f: Food) -> FoodResult {
    let mut units = vec![UnitChoice {
        value: "g".into(),
        label: p.t("food-unit-grams"),
        data: false,
    }];
    units.extend(f.servings.iter().map(|s| UnitChoice {
        value: s.label.clone(),
        label: p.t2(
            "food-serving-choice",
            "serving",
            s.label.as_str(),
            "grams",
            amount(p, s.grams),
        ),
        data: true,
    }));
    let per_100g = p.message(
        &msg("food-per-100g")
            .arg("energy", p.energy(f.calories))
            .arg("unit", p.energy_unit())
            .arg("protein", p.grams(f.protein_g))
            .arg("fat", p.grams(f.fat_g))
            .arg("carbs", p.grams(f.carbs_g)),
    );
    FoodResult {
        branded: FoodKind::of(&f.source, f.custom) == FoodKind::Brand,
        id: f.id,
        name: f.name,
        brand: f.brand.unwrap_or_default(),
        per_100g,
        units,
    }
}

pub(super) async fn diary_view(
    state: &AppState,
    user: &WebUser,
    date: NaiveDate,
    q: &str,
    aq: &str,
    f: FormState,
) -> WebResult<DiaryPage> {
    let actor = user.actor();
    let p = user.shown();
    let s = state.app.daily_summary(&actor, date).await?;
    let meals = Meal::ALL
        .into_iter()
        .map(|m| MealView {
            key: m.as_str().to_owned(),
            label: p.meal(m),
            energy: p.energy(s.totals.meals.get(&m).map_or(0.0, |n| n.calories)),
            entries: s
                .food_entries
                .iter()
                .filter(|e| e.meal == m)
                .map(|e| EntryView {
                    id: e.id,
                    name: if quick_add(e) {
                        p.t("food-quick-add")
                    } else {
                        e.name.clone()
                    },
                    data: !quick_add(e),
                    amount: e
                        .quantity_g
                        .map(|g| format!("{} g", amount(&p, g)))
                        .unwrap_or_default(),
                    energy: p.energy(e.calories),
                    macros: macros(&p, e.protein_g, e.fat_g, e.carbs_g),
                })
                .collect(),
        })
        .collect();
    let q = q.trim();
    let results = if q.is_empty() {
        Vec::new()
    } else {
        state
            .app
            .search_foods(&actor, &searched_text(q), Some(8))
            .await?
            .into_iter()
            .map(|f| food_result(&p, f))
            .collect()
    };
    let default_meal = meal_at(chrono::Timelike::hour(&user.now));
    let recent = state
        .app
        .recent_foods(&actor, 6)
        .await?
        .into_iter()
        .filter_map(|r| {
            let g = r.last_quantity_g?;
            let label = format!("{} g", amount(&p, g));
            let title = p.message(
                &msg("food-recent-add")
                    .arg("amount", label.as_str())
                    .arg("name", r.food.name.as_str())
                    .arg("meal", default_meal.as_str()),
            );
            Some(RecentView {
                food_id: r.food.id,
                label,
                quantity: numbers::for_input(Language::En, g, 1),
                name: r.food.name,
                title,
            })
        })
        .collect();
    let aq = aq.trim();
    let activity_results = if aq.is_empty() {
        Vec::new()
    } else {
        state
            .app
            .search_activities(&searched_text(aq), 8)
            .await?
            .into_iter()
            .map(|a| ActivityResult {
                id: a.id,
                name: a.name,
                met: amount(&p, a.met),
            })
            .collect()
    };
    let copy_from = Meal::ALL
        .into_iter()
        .find(|m| s.food_entries.iter().any(|e| e.meal == *m))
        .unwrap_or_default();
    let copy_to = if default_meal == copy_from {
        Meal::ALL
            .into_iter()
            .cycle()
            .skip_while(|m| *m != copy_from)
            .nth(1)
            .unwrap_or_default()
    } else {
        default_meal
    };
    let saved = saved_rows(&p, &state.app.saved_meals(&actor).await?);
    let t = &s.totals;
    let burned = p.energy(t.burned_kcal);
    Ok(DiaryPage {
        l: Layout::signed_in(
            user,
            p.t1("title-diary", "date", p.long_date(date)),
            "diary",
        ),
        date: date.to_string(),
        date_label: p.long_date(date),
        prev: (date - Duration::days(1)).to_string(),
        next: (date + Duration::days(1)).to_string(),
        is_today: date == user.today(),
        meals,
        activities: s
            .activity_entries
            .iter()
            .map(|a| ActivityView {
                id: a.id,
                name: a.name.clone(),
                minutes: a.duration_min.map(|m| p.int(m as f64)).unwrap_or_default(),
                energy: p.energy(a.kcal_burned),
            })
            .collect(),
        water: water_view(&p, &s),
        consumed: p.energy(t.consumed.calories),
        burned_total: p.t2(
            "diary-burned-total",
            "energy",
            burned.as_str(),
            "unit",
            p.energy_unit(),
        ),
        burned,
        net: p.energy(t.net_kcal),
        remaining: p.energy(t.remaining.calories.abs()),
        over: t.remaining.calories < 0.0,
        q: q.to_owned(),
        searched: !q.is_empty(),
        results,
        recent,
        aq: aq.to_owned(),
        activity_searched: !aq.is_empty(),
        activity_results,
        meal_choices: p.meal_choices(),
        default_meal: default_meal.as_str().to_owned(),
        copy_from: copy_from.as_str().to_owned(),
        copy_to: copy_to.as_str().to_owned(),
        has_food: !s.food_entries.is_empty(),
        saved,
        f,
    })
}

/// The `date` of a query or form; the person's today when absent or
/// invalid.
pub(super) fn date_param(q: &HashMap<String, String>, user: &WebUser) -> NaiveDate {
    q.get("date")
        .and_then(|d| parse_date(d))
        .unwrap_or_else(|| user.today())
}

pub async fn diary_page(
    State(state): State<AppState>,
    user: WebUser,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let date = date_param(&q, &user);
    let text = |k: &str| q.get(k).cloned().unwrap_or_default();
    let page = diary_view(
        &state,
        &user,
        date,
        &text("q"),
        &text("aq"),
        FormState::default(),
    )
    .await?;
    render(StatusCode::OK, &page)
}

pub(super) fn diary_url(date: NaiveDate) -> String {
    format!("/diary?date={date}")
}

/// Adds a food: by hand (`name`, `calories`, …) or from the catalogue
/// (`food_id` with `amount` of `unit`: grams or one of the food's servings).
pub async fn add_food(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form, &user);
    let from_catalogue = form.get("food_id").is_some_and(|v| !v.is_empty());
    let fields = Submitted::new(&form, user.shown());
    let mut body = FoodEntryFields {
        date: fields.text("date"),
        meal: fields.text("meal"),
        name: fields.text("name"),
        calories: fields.energy("calories"),
        protein_g: fields.number("protein_g"),
        fat_g: fields.number("fat_g"),
        carbs_g: fields.number("carbs_g"),
        food_id: fields.integer("food_id"),
        ..FoodEntryFields::default()
    };
    // From the catalogue: `amount` of `unit`, grams or one of the servings.
    let which = if from_catalogue {
        match form.get("unit").map(String::as_str) {
            Some("g") | None => body.quantity_g = fields.number("amount"),
            Some(label) => {
                body.serving = Input::Value(label.to_owned());
                body.serving_count = fields.number("amount");
            }
        }
        format!("food-{}", form.get("food_id").map_or("", String::as_str))
    } else {
        "hand".to_owned()
    };
    let shown_at = if from_catalogue { "amount" } else { "name" };
    let result = state
        .app
        .create_food_entry(&user.actor(), body)
        .await
        .map_err(|e| shown_beside(e, FOOD_ENTRIES_PER_DAY.name, shown_at));
    redirect_or_again(
        result,
        &user.shown(),
        |_| diary_url(date),
        async |mut errors| {
            for field in ["quantity_g", "serving", "serving_count"] {
                if let Some(m) = errors.remove(field) {
                    errors.insert("amount".into(), m);
                }
            }
            let q = form.get("q").cloned().unwrap_or_default();
            let f = FormState::refused(which, form, errors);
            diary_view(&state, &user, date, &q, "", f).await
        },
    )
    .await
}

pub async fn delete_food(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.delete_food_entry(&user.actor(), id).await?;
    Ok(see_other(&diary_url(date_param(&form, &user))))
}

pub async fn add_activity(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form, &user);
    let which = match form.get("activity_id") {
        Some(id) if !id.is_empty() => format!("activity-{id}"),
        _ => "activity".to_owned(),
    };
    let fields = Submitted::new(&form, user.shown());
    let body = ActivityEntryFields {
        date: fields.text("date"),
        name: fields.text("name"),
        duration_min: fields.integer("duration_min"),
        kcal_burned: fields.energy("kcal_burned"),
        activity_id: fields.integer("activity_id"),
    };
    let result = state
        .app
        .create_activity_entry(&user.actor(), body)
        .await
        .map_err(|e| shown_beside(e, ACTIVITY_ENTRIES_PER_DAY.name, "duration_min"));
    redirect_or_again(
        result,
        &user.shown(),
        |_| diary_url(date),
        async |errors| {
            let aq = form.get("aq").cloned().unwrap_or_default();
            let f = FormState::refused(which, form, errors);
            diary_view(&state, &user, date, "", &aq, f).await
        },
    )
    .await
}

pub async fn delete_activity(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    state.app.delete_activity_entry(&user.actor(), id).await?;
    Ok(see_other(&diary_url(date_param(&form, &user))))
}

/// Copies one meal of the day into another meal of the same day
/// (`meal` → `to_meal`), with the values as logged.
pub async fn copy_meal(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form, &user);
    let fields = Submitted::new(&form, user.shown());
    let body = FoodEntryCopy {
        from_date: Input::Value(date.to_string()),
        to_date: Input::Value(date.to_string()),
        meal: fields.text("meal"),
        to_meal: fields.text("to_meal"),
    };
    let result = state
        .app
        .copy_food_entries(&user.actor(), body)
        .await
        .map_err(|e| shown_beside(e, FOOD_ENTRIES_PER_DAY.name, "to_meal"));
    let p = user.shown();
    redirect_or_again(
        result,
        &p,
        |_| diary_url(date),
        async |mut errors| {
            // "Nothing to copy" is the day's (from_date), in the API's words
            // with the meal's English name: said of the chosen meal here.
            if errors.remove("from_date").is_some() {
                errors.insert("meal".into(), p.t("diary-copy-nothing"));
            }
            let f = FormState::refused(COPY_FORM, form, errors);
            diary_view(&state, &user, date, "", "", f).await
        },
    )
    .await
}
