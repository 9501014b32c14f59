//! Today, the diary of a day, and the history charts.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};

use super::assets::Layout;
use super::chart;
use super::{
    Entered, Kind, WebError, WebResult, WebUser, field_errors, form_json, grams, kcal, plain,
    render, see_other,
};
use crate::domain::meal::Meal;
use crate::http::AppState;
use crate::http::activity_entries::create_activity_entry;
use crate::http::food_entries::{create_food_entry, update_food_entry};
use crate::http::input::parse_date;
use crate::http::summary::{daily_summary, range_summary};
use crate::store::today;

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn meal_choices() -> Vec<Choice> {
    Meal::ALL
        .into_iter()
        .map(|m| Choice {
            value: m.as_str().to_owned(),
            label: meal_label(m).to_owned(),
        })
        .collect()
}

fn meal_label(m: Meal) -> &'static str {
    match m {
        Meal::Breakfast => "Breakfast",
        Meal::Lunch => "Lunch",
        Meal::Dinner => "Dinner",
        Meal::Snack => "Snacks",
    }
}

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

fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

pub async fn dashboard(State(state): State<AppState>, user: WebUser) -> WebResult {
    let date = today();
    let s = daily_summary(&state, user.account_id, date).await?;
    let t = &s.totals;
    let ring = if s.goals.calories > 0.0 {
        (t.net_kcal / s.goals.calories * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    };
    let page = DashboardPage {
        l: Layout::new("Today", "today", Some(&user), &user.csrf),
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

pub struct EntryView {
    pub id: i64,
    pub name: String,
    pub amount: String,
    pub kcal: String,
    pub protein: String,
    pub fat: String,
    pub carbs: String,
}

pub struct MealView {
    pub key: String,
    pub label: String,
    pub kcal: String,
    pub entries: Vec<EntryView>,
}

pub struct ActivityView {
    pub id: i64,
    pub name: String,
    pub minutes: i64,
    pub kcal: String,
}

pub struct FoodResult {
    pub id: i64,
    pub name: String,
    pub brand: String,
    pub per_100g: String,
    pub units: Vec<Choice>,
}

pub struct RecentView {
    pub food_id: i64,
    pub name: String,
    pub quantity: String,
    pub label: String,
}

pub struct ActivityResult {
    pub id: i64,
    pub name: String,
    pub met: String,
}

/// Which form a validation error belongs to, with its values and messages.
#[derive(Default)]
pub struct FormState {
    pub form: String,
    pub values: HashMap<String, String>,
    pub errors: HashMap<String, String>,
}

#[derive(Template)]
#[template(path = "diary.html")]
struct DiaryPage {
    l: Layout,
    date: String,
    date_label: String,
    prev: String,
    next: String,
    is_today: bool,
    meals: Vec<MealView>,
    activities: Vec<ActivityView>,
    consumed: String,
    burned: String,
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
    f: FormState,
}

impl DiaryPage {
    /// The value to show in a field of form `form`.
    fn v(&self, form: &str, field: &str) -> &str {
        if self.f.form == form {
            self.f.values.get(field).map(String::as_str).unwrap_or("")
        } else {
            ""
        }
    }

    fn e(&self, form: &str, field: &str) -> Option<&String> {
        if self.f.form == form {
            self.f.errors.get(field)
        } else {
            None
        }
    }

    fn meal_selected(&self, form: &str, meal: &str) -> bool {
        if self.f.form == form {
            self.f.values.get("meal").map(String::as_str) == Some(meal)
        } else {
            meal == self.default_meal
        }
    }
}

/// The meal most likely being logged now (server time, UTC).
fn meal_now() -> Meal {
    use chrono::Timelike;
    match chrono::Utc::now().hour() {
        5..=10 => Meal::Breakfast,
        11..=15 => Meal::Lunch,
        18..=22 => Meal::Dinner,
        _ => Meal::Snack,
    }
}

async fn diary_view(
    state: &AppState,
    user: &WebUser,
    date: NaiveDate,
    q: &str,
    aq: &str,
    f: FormState,
) -> WebResult<DiaryPage> {
    let s = daily_summary(state, user.account_id, date).await?;
    let meals = Meal::ALL
        .into_iter()
        .map(|m| MealView {
            key: m.as_str().to_owned(),
            label: meal_label(m).to_owned(),
            kcal: kcal(s.totals.meals.get(&m).map_or(0.0, |n| n.calories)),
            entries: s
                .food_entries
                .iter()
                .filter(|e| e.meal() == m)
                .map(|e| EntryView {
                    id: e.id,
                    name: e.name.clone(),
                    amount: e
                        .quantity_g
                        .map(|g| format!("{} g", plain(g)))
                        .unwrap_or_default(),
                    kcal: kcal(e.calories),
                    protein: grams(e.protein_g),
                    fat: grams(e.fat_g),
                    carbs: grams(e.carbs_g),
                })
                .collect(),
        })
        .collect();
    let q = q.trim();
    let results = if q.is_empty() {
        Vec::new()
    } else {
        // Control characters dropped: PostgreSQL text cannot hold NUL.
        let q: String = q.chars().filter(|c| !c.is_control()).take(200).collect();
        state
            .store
            .search_foods(user.account_id, &q, 8)
            .await?
            .into_iter()
            .map(|f| {
                let mut units = vec![Choice {
                    value: "g".into(),
                    label: "grams".into(),
                }];
                units.extend(f.servings.iter().map(|s| Choice {
                    value: s.label.clone(),
                    label: format!("× {} ({} g)", s.label, plain(s.grams)),
                }));
                FoodResult {
                    id: f.id,
                    name: f.name,
                    brand: f.brand.unwrap_or_default(),
                    per_100g: format!(
                        "{} kcal · P {} · F {} · C {} per 100 g",
                        kcal(f.calories),
                        grams(f.protein_g),
                        grams(f.fat_g),
                        grams(f.carbs_g)
                    ),
                    units,
                }
            })
            .collect()
    };
    let recent = state
        .store
        .recent_foods(user.account_id, 6)
        .await?
        .into_iter()
        .filter_map(|r| {
            let g = r.last_quantity_g?;
            Some(RecentView {
                food_id: r.food.id,
                label: format!("{} g", plain(g)),
                quantity: plain(g),
                name: r.food.name,
            })
        })
        .collect();
    let aq = aq.trim();
    let activity_results = if aq.is_empty() {
        Vec::new()
    } else {
        let aq: String = aq.chars().filter(|c| !c.is_control()).take(200).collect();
        state
            .store
            .search_activities(&aq, 8)
            .await?
            .into_iter()
            .map(|a| ActivityResult {
                id: a.id,
                name: a.name,
                met: plain(a.met),
            })
            .collect()
    };
    let t = &s.totals;
    Ok(DiaryPage {
        l: Layout::new(
            format!("Diary · {}", long_date(date)),
            "diary",
            Some(user),
            &user.csrf,
        ),
        date: date.to_string(),
        date_label: long_date(date),
        prev: (date - Duration::days(1)).to_string(),
        next: (date + Duration::days(1)).to_string(),
        is_today: date == today(),
        meals,
        activities: s
            .activity_entries
            .iter()
            .map(|a| ActivityView {
                id: a.id,
                name: a.name.clone(),
                minutes: a.duration_min,
                kcal: kcal(a.kcal_burned),
            })
            .collect(),
        consumed: kcal(t.consumed.calories),
        burned: kcal(t.burned_kcal),
        net: kcal(t.net_kcal),
        remaining: kcal(t.remaining.calories.abs()),
        over: t.remaining.calories < 0.0,
        q: q.to_owned(),
        searched: !q.is_empty(),
        results,
        recent,
        aq: aq.to_owned(),
        activity_searched: !aq.is_empty(),
        activity_results,
        meal_choices: meal_choices(),
        default_meal: meal_now().as_str().to_owned(),
        f,
    })
}

fn date_param(q: &HashMap<String, String>) -> NaiveDate {
    q.get("date")
        .and_then(|d| parse_date(d))
        .unwrap_or_else(today)
}

pub async fn diary_page(
    State(state): State<AppState>,
    user: WebUser,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let date = date_param(&q);
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
    let date = date_param(&form);
    let from_catalogue = form.get("food_id").is_some_and(|v| !v.is_empty());
    let mut fields = form.clone();
    let which = if from_catalogue {
        let amount = form.get("amount").cloned().unwrap_or_default();
        match form.get("unit").map(String::as_str) {
            Some("g") | None => {
                fields.insert("quantity_g".into(), amount);
            }
            Some(label) => {
                fields.insert("serving".into(), label.to_owned());
                fields.insert("serving_count".into(), amount);
            }
        }
        format!("food-{}", form.get("food_id").map_or("", String::as_str))
    } else {
        "hand".to_owned()
    };
    let body = form_json(
        &fields,
        &[
            ("date", Kind::Text),
            ("meal", Kind::Text),
            ("name", Kind::Text),
            ("calories", Kind::Number),
            ("protein_g", Kind::Number),
            ("fat_g", Kind::Number),
            ("carbs_g", Kind::Number),
            ("food_id", Kind::Integer),
            ("quantity_g", Kind::Number),
            ("serving", Kind::Text),
            ("serving_count", Kind::Number),
        ],
    )?;
    match create_food_entry(&state, &user.auth(), body).await {
        Ok(_) => Ok(see_other(&diary_url(date))),
        Err(err) => {
            let mut errors = field_errors(err)?;
            for field in ["quantity_g", "serving", "serving_count"] {
                if let Some(m) = errors.remove(field) {
                    errors.insert("amount".into(), m);
                }
            }
            let q = form.get("q").cloned().unwrap_or_default();
            let f = FormState {
                form: which,
                values: form,
                errors,
            };
            let page = diary_view(&state, &user, date, &q, "", f).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

pub async fn delete_food(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    if !state.store.delete_food_entry(user.account_id, id).await? {
        return Err(WebError::NotFound);
    }
    Ok(see_other(&diary_url(date_param(&form))))
}

pub async fn add_activity(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = date_param(&form);
    let which = match form.get("activity_id") {
        Some(id) if !id.is_empty() => format!("activity-{id}"),
        _ => "activity".to_owned(),
    };
    let body = form_json(
        &form,
        &[
            ("date", Kind::Text),
            ("name", Kind::Text),
            ("duration_min", Kind::Integer),
            ("kcal_burned", Kind::Number),
            ("activity_id", Kind::Integer),
        ],
    )?;
    match create_activity_entry(&state, &user.auth(), body).await {
        Ok(_) => Ok(see_other(&diary_url(date))),
        Err(err) => {
            let errors = field_errors(err)?;
            let aq = form.get("aq").cloned().unwrap_or_default();
            let f = FormState {
                form: which,
                values: form,
                errors,
            };
            let page = diary_view(&state, &user, date, "", &aq, f).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

pub async fn delete_activity(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    if !state
        .store
        .delete_activity_entry(user.account_id, id)
        .await?
    {
        return Err(WebError::NotFound);
    }
    Ok(see_other(&diary_url(date_param(&form))))
}

#[derive(Template)]
#[template(path = "edit_food.html")]
struct EditFoodPage {
    l: Layout,
    id: i64,
    from_catalogue: bool,
    meal_choices: Vec<Choice>,
    f: Entered,
    back: String,
}

pub async fn edit_food_page(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> WebResult {
    let e = state
        .store
        .food_entry(user.account_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut values = HashMap::new();
    values.insert("date".into(), e.date.to_string());
    values.insert("meal".into(), e.meal.clone());
    values.insert("name".into(), e.name.clone());
    values.insert("calories".into(), plain(e.calories));
    values.insert("protein_g".into(), plain(e.protein_g));
    values.insert("fat_g".into(), plain(e.fat_g));
    values.insert("carbs_g".into(), plain(e.carbs_g));
    if let Some(q) = e.quantity_g {
        values.insert("quantity_g".into(), plain(q));
    }
    let page = EditFoodPage {
        l: Layout::new("Edit entry", "diary", Some(&user), &user.csrf),
        id,
        from_catalogue: e.food_id.is_some(),
        meal_choices: meal_choices(),
        f: Entered::new(values, HashMap::new()),
        back: diary_url(e.date),
    };
    render(StatusCode::OK, &page)
}

pub async fn edit_food(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let old = state
        .store
        .food_entry(user.account_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut fields: Vec<(&str, Kind)> = vec![
        ("date", Kind::Text),
        ("meal", Kind::Text),
        ("name", Kind::Text),
    ];
    if old.food_id.is_some() {
        fields.push(("quantity_g", Kind::Number));
    } else {
        fields.extend([
            ("calories", Kind::Number),
            ("protein_g", Kind::Number),
            ("fat_g", Kind::Number),
            ("carbs_g", Kind::Number),
        ]);
    }
    let mut body: serde_json::Value = form_json(&form, &fields)?;
    // A field emptied by hand is a value to refuse, not one to keep.
    for (name, _) in &fields {
        if form.get(*name).is_some_and(|v| v.trim().is_empty())
            && let Some(obj) = body.as_object_mut()
        {
            obj.insert((*name).to_owned(), serde_json::Value::Null);
        }
    }
    // An unchanged quantity must not rescale (or round) the entry.
    if old.quantity_g.map(plain).as_deref() == form.get("quantity_g").map(|s| s.trim())
        && let Some(obj) = body.as_object_mut()
    {
        obj.remove("quantity_g");
    }
    let body = serde_json::from_value(body)
        .map_err(|e| WebError::Api(anyhow::anyhow!("form shape: {e}").into()))?;
    match update_food_entry(&state, &user.auth(), id, body).await {
        Ok(entry) => Ok(see_other(&diary_url(entry.date))),
        Err(err) => {
            let errors = field_errors(err)?;
            let page = EditFoodPage {
                l: Layout::new("Edit entry", "diary", Some(&user), &user.csrf),
                id,
                from_catalogue: old.food_id.is_some(),
                meal_choices: meal_choices(),
                f: Entered::new(form, errors),
                back: diary_url(old.date),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

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
    let to = today();
    let from = to - Duration::days(days - 1);
    let range = range_summary(&state, user.account_id, from, to).await?;
    let goals = crate::http::goals::goals_of(&state, user.account_id).await?;
    let weights = state.store.weights(user.account_id, from, to).await?;
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
        l: Layout::new("History", "history", Some(&user), &user.csrf),
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
