//! Body measurements (body.md §4): a day's record (lengths in the reader's
//! unit, body fat in %), the chart of the period and the recorded days, each
//! deletable. Forms post and redirect (no JavaScript needed).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};

use crate::app::measurements::MeasurementFields;
use crate::app::{AppError, Input, parse_date};
use crate::domain::measurements::Kind;
use crate::domain::quotas::MEASUREMENT_DAYS;
use crate::state::AppState;
use crate::store::Measurement;
use crate::web::assets::Layout;
use crate::web::chart::{self, Series};
use crate::web::form::{FormState, Submitted, redirect_or_again, shown_beside};
use crate::web::present::Presentation;
use crate::web::signed_in::WebUser;
use crate::web::{WebError, WebResult, render, see_other};

/// The periods the page shows, in days; measurements are taken weekly or
/// monthly, so longer than the history's.
const PERIODS: [i64; 3] = [30, 90, 365];
const DEFAULT_DAYS: i64 = 90;

pub struct Period {
    pub days: i64,
    pub label: String,
    pub current: bool,
}

pub struct Field {
    pub name: &'static str,
    pub label: String,
}

pub struct DayRow {
    pub date: NaiveDate,
    pub day: String,
    /// Each measurement as shown, "" where not taken.
    pub values: Vec<String>,
    pub delete_label: String,
}

#[derive(Template)]
#[template(path = "measurements.html")]
struct MeasurementsPage {
    l: Layout,
    f: FormState,
    days: i64,
    saved: bool,
    periods: Vec<Period>,
    fields: Vec<Field>,
    /// The length chart's legend: each line's class and name.
    legend: Vec<(&'static str, String)>,
    /// The table's column headings (the fields' labels).
    headings: Vec<String>,
    length_chart: String,
    fat_chart: String,
    rows: Vec<DayRow>,
}

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Waist => "measure-waist",
        Kind::Hips => "measure-hips",
        Kind::Chest => "measure-chest",
        Kind::Neck => "measure-neck",
        Kind::Thigh => "measure-thigh",
        Kind::Arm => "measure-arm",
        Kind::BodyFat => "measure-body-fat",
    }
}

/// The CSS class of a kind's line.
fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Waist => "m-waist",
        Kind::Hips => "m-hips",
        Kind::Chest => "m-chest",
        Kind::Neck => "m-neck",
        Kind::Thigh => "m-thigh",
        Kind::Arm => "m-arm",
        Kind::BodyFat => "m-fat",
    }
}

/// A value in the reader's unit (lengths) or in % (body fat).
fn shown(l: &Presentation, kind: Kind, v: f64) -> f64 {
    if kind.is_length() {
        l.length_unit.from_cm(v)
    } else {
        v
    }
}

/// A value as a form field shows it.
fn input(l: &Presentation, kind: Kind, v: f64) -> String {
    if kind.is_length() {
        l.length_input(v)
    } else {
        l.input(v)
    }
}

fn days_param(q: &HashMap<String, String>) -> i64 {
    q.get("days")
        .and_then(|d| d.parse().ok())
        .filter(|d| PERIODS.contains(d))
        .unwrap_or(DEFAULT_DAYS)
}

fn date_param(q: &HashMap<String, String>, user: &WebUser) -> NaiveDate {
    q.get("date")
        .and_then(|d| parse_date(d))
        .unwrap_or_else(|| user.today())
}

fn page_url(days: i64, date: Option<NaiveDate>, saved: bool) -> String {
    let mut url = format!("/measurements?days={days}");
    if let Some(d) = date {
        url.push_str(&format!("&date={d}"));
    }
    if saved {
        url.push_str("&saved=1");
    }
    url
}

/// The page; `form` is the form as the person left it (a refused
/// submission), else the record of `date` is shown in it.
async fn view(
    state: &AppState,
    user: &WebUser,
    days: i64,
    date: NaiveDate,
    saved: bool,
    form: Option<FormState>,
) -> WebResult<MeasurementsPage> {
    let l = user.shown();
    let actor = user.actor();
    let to = user.today();
    let from = to - Duration::days(days - 1);
    let period = state.app.measurements(&actor, Some(from), Some(to)).await?;
    let f = match form {
        Some(f) => f,
        None => {
            let held = state
                .app
                .measurements(&actor, Some(date), Some(date))
                .await?;
            let mut values = HashMap::from([("date".to_owned(), date.to_string())]);
            if let Some(m) = held.first() {
                for kind in Kind::ALL {
                    if let Some(v) = m.values().get(kind) {
                        values.insert(kind.field().to_owned(), input(&l, kind, v));
                    }
                }
            }
            FormState::filled(values)
        }
    };
    let label = |kind: Kind| l.t(kind_key(kind));
    let series = |kinds: &[Kind]| -> Vec<Series> {
        kinds
            .iter()
            .map(|&kind| Series {
                class: kind_class(kind),
                label: label(kind),
                points: period
                    .iter()
                    .filter_map(|m| m.values().get(kind).map(|v| (m.date, shown(&l, kind, v))))
                    .collect(),
            })
            .collect()
    };
    let lengths: Vec<Kind> = Kind::ALL.into_iter().filter(|k| k.is_length()).collect();
    let unit = l.length_unit();
    let length_chart = chart::lines(
        &l,
        &l.t1("measure-chart-lengths", "unit", unit),
        from,
        to,
        &series(&lengths),
        |v| format!("{} {unit}", l.dec1(v)),
    );
    let fat_chart = chart::lines(
        &l,
        &l.t("measure-chart-body-fat"),
        from,
        to,
        &series(&[Kind::BodyFat]),
        |v| format!("{} %", l.dec1(v)),
    );
    let fields: Vec<Field> = Kind::ALL
        .into_iter()
        .map(|kind| Field {
            name: kind.field(),
            label: if kind.is_length() {
                l.t2("measure-field-length", "name", label(kind), "unit", unit)
            } else {
                l.t("measure-field-body-fat")
            },
        })
        .collect();
    let rows = period
        .iter()
        .rev()
        .map(|m: &Measurement| DayRow {
            date: m.date,
            day: l.day(m.date),
            values: Kind::ALL
                .into_iter()
                .map(|kind| {
                    m.values()
                        .get(kind)
                        .map(|v| l.dec1(shown(&l, kind, v)))
                        .unwrap_or_default()
                })
                .collect(),
            delete_label: l.t1("measure-delete-day", "day", l.day(m.date)),
        })
        .collect();
    Ok(MeasurementsPage {
        l: Layout::signed_in(user, l.t("title-measurements"), "history"),
        f,
        days,
        saved,
        periods: PERIODS
            .into_iter()
            .map(|d| Period {
                days: d,
                label: l.t1("history-days", "days", d),
                current: d == days,
            })
            .collect(),
        headings: fields.iter().map(|f| f.label.clone()).collect(),
        legend: lengths
            .iter()
            .map(|&kind| (kind_class(kind), label(kind)))
            .collect(),
        fields,
        length_chart,
        fat_chart,
        rows,
    })
}

pub async fn measurements_page(
    State(state): State<AppState>,
    user: WebUser,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult {
    let page = view(
        &state,
        &user,
        days_param(&q),
        date_param(&q, &user),
        q.contains_key("saved"),
        None,
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// Records the form's day: an emptied field clears that measurement.
pub async fn save_measurements(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let days = days_param(&form);
    let l = user.shown();
    let fields = Submitted::edit(&form, l);
    let mut body = MeasurementFields::default();
    for kind in Kind::ALL {
        *body.field(kind) = if kind.is_length() {
            fields.length(kind.field())
        } else {
            fields.number(kind.field())
        };
    }
    // Every field empty clears nothing: say that one is needed instead.
    if body
        .0
        .iter()
        .all(|i| matches!(i, Input::Null | Input::Absent))
    {
        body = MeasurementFields::default();
    }
    let result = match form.get("date").and_then(|d| parse_date(d)) {
        Some(date) => state
            .app
            .put_measurement(&user.actor(), date, body)
            .await
            .map(|_| date),
        None => Err(AppError::invalid("date", crate::locale::msg("date-format"))),
    };
    let result = result.map_err(|e| {
        let e = shown_beside(e, "body", Kind::Waist.field());
        shown_beside(e, MEASUREMENT_DAYS.name, "date")
    });
    let again_date = date_param(&form, &user);
    redirect_or_again(
        result,
        &l,
        |date| page_url(days, Some(date), true),
        async |errors| {
            let f = FormState::refused("", form, errors);
            view(&state, &user, days, again_date, false, Some(f)).await
        },
    )
    .await
}

pub async fn delete_measurements(
    State(state): State<AppState>,
    user: WebUser,
    Path(date): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult {
    user.check(&form)?;
    let date = parse_date(&date).ok_or(WebError::NotFound)?;
    state.app.delete_measurement(&user.actor(), date).await?;
    Ok(see_other(&page_url(days_param(&form), None, false)))
}
