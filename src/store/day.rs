//! One diary day, read in a single statement: the daily summary's hot path.
//!
//! The daily summary needs the account behind the session, its goals, and the
//! day's food, activity and water entries. Read one by one that is five round
//! trips to the database; here it is one statement (a `UNION ALL` of the reads,
//! each row tagged with its `kind`), so the database does one parse-free
//! execution of a prepared statement per request.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};

use super::TargetOverride;
use super::accounts::LIVE_SESSION;
use super::cells::{Cells, Param};
use super::entries::MEAL_ORDER;
use super::{ActivityEntry, FoodEntry, Store, StoreError, StoreResult, WaterEntry, now};
use crate::domain::goals::{Goals, Sex};
use crate::domain::meal::Meal;
use crate::domain::nutrients::{DETAIL_KEYS, Details, Nutrients};
use crate::domain::weekday_goals::GoalOverride;

/// The goals, food entries, activities and water of one account's day, in
/// diary order (food by meal then creation; activities and water by
/// creation).
#[derive(Clone, Debug, PartialEq)]
pub struct Day {
    pub account_id: i64,
    /// `None` while the account has set no goals.
    pub goals: Option<Goals>,
    /// The override of the day's weekday (body.md §3), empty when none.
    pub weekday_goals: GoalOverride,
    pub food_entries: Vec<FoodEntry>,
    pub activity_entries: Vec<ActivityEntry>,
    pub water_entries: Vec<WaterEntry>,
    /// The profile's sex and birth date, for the day's nutrient targets.
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    /// The account's nutrient target overrides.
    pub target_overrides: Vec<TargetOverride>,
}

/// One row of the combined read; which columns are set depends on `kind`.
struct DayRow {
    kind: i64,
    id: i64,
    date: Option<NaiveDate>,
    meal: Option<Meal>,
    name: Option<String>,
    calories: Option<f64>,
    protein_g: Option<f64>,
    fat_g: Option<f64>,
    carbs_g: Option<f64>,
    ref_id: Option<i64>,
    amount: Option<f64>,
    duration_min: Option<i64>,
    weight_kg_used: Option<f64>,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    source: Option<String>,
    details: Details,
}

/// Reads a row in the order of `day_sql`'s columns (its second, `sort`, is
/// only for the order).
fn day_row(row: &dyn Cells) -> StoreResult<DayRow> {
    let meal = match row.maybe_text(4)? {
        Some(text) => Some(
            Meal::parse(&text)
                .ok_or_else(|| StoreError::Other(format!("`{text}` is not a Meal").into()))?,
        ),
        None => None,
    };
    let mut details = Details::UNKNOWN;
    for (i, slot) in details.0.iter_mut().enumerate() {
        *slot = row.maybe_real(DETAILS_FROM + i)?;
    }
    Ok(DayRow {
        kind: row.int(0)?,
        id: row.int(2)?,
        date: row.maybe_date(3)?,
        meal,
        name: row.maybe_text(5)?,
        calories: row.maybe_real(6)?,
        protein_g: row.maybe_real(7)?,
        fat_g: row.maybe_real(8)?,
        carbs_g: row.maybe_real(9)?,
        ref_id: row.maybe_int(10)?,
        amount: row.maybe_real(11)?,
        duration_min: row.maybe_int(12)?,
        weight_kg_used: row.maybe_real(13)?,
        created_at: row.maybe_time(14)?,
        updated_at: row.maybe_time(15)?,
        source: row.maybe_text(16)?,
        details,
    })
}

/// The column of the first detail key in `day_sql`.
const DETAILS_FROM: usize = 17;

const KIND_ACCOUNT: i64 = 0;
const KIND_GOALS: i64 = 1;
const KIND_FOOD: i64 = 2;
const KIND_ACTIVITY: i64 = 3;
const KIND_WATER: i64 = 4;
const KIND_PROFILE: i64 = 5;
const KIND_TARGET: i64 = 6;
const KIND_WEEKDAY_GOALS: i64 = 7;

/// The statement, after a CTE `s` that yields the account id and, for a
/// session, its last use (zero or one row); `date` is the placeholder of
/// the day. Both engines accept it. The account row carries the session's
/// last use in `created_at`; the goals row its water goal in `duration_min`,
/// a water row its ml there too; the profile row the sex in `name` and the
/// birth date in `date`; a target row its key in `name`, its bounds in
/// `calories` (min) and `protein_g` (max). Only food rows have details.
/// `weekday` is the placeholder of the day's ISO weekday, whose goal
/// override is read too.
fn day_sql(cte: &str, date: &str, weekday: &str) -> String {
    let typed_details: Vec<String> = DETAIL_KEYS
        .iter()
        .map(|k| format!("CAST(NULL AS DOUBLE PRECISION) AS {k}"))
        .collect();
    let typed_details = typed_details.join(", ");
    let no_details = vec!["NULL"; DETAIL_KEYS.len()].join(", ");
    let food_details = DETAIL_KEYS
        .iter()
        .map(|k| format!("f.{k}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH s AS ({cte})
         SELECT CAST({KIND_ACCOUNT} AS BIGINT) AS kind, CAST(0 AS BIGINT) AS sort,
             s.account_id AS id, CAST(NULL AS DATE) AS date, CAST(NULL AS TEXT) AS meal,
             CAST(NULL AS TEXT) AS name, CAST(NULL AS DOUBLE PRECISION) AS calories,
             CAST(NULL AS DOUBLE PRECISION) AS protein_g, CAST(NULL AS DOUBLE PRECISION) AS fat_g,
             CAST(NULL AS DOUBLE PRECISION) AS carbs_g, CAST(NULL AS BIGINT) AS ref_id,
             CAST(NULL AS DOUBLE PRECISION) AS amount, CAST(NULL AS BIGINT) AS duration_min,
             CAST(NULL AS DOUBLE PRECISION) AS weight_kg_used,
             s.last_used_at AS created_at, CAST(NULL AS TIMESTAMPTZ) AS updated_at,
             CAST(NULL AS TEXT) AS source, {typed_details}
         FROM s
         UNION ALL
         SELECT {KIND_GOALS}, 0, g.account_id, NULL, NULL, NULL, g.calories, g.protein_g,
             g.fat_g, g.carbs_g, NULL, NULL, g.water_ml, NULL, NULL, NULL, NULL, {no_details}
         FROM goals g JOIN s ON g.account_id = s.account_id
         UNION ALL
         SELECT {KIND_FOOD}, CAST({MEAL_ORDER} AS BIGINT), f.id, f.date, f.meal, f.name,
             f.calories, f.protein_g, f.fat_g, f.carbs_g, f.food_id, f.quantity_g, NULL, NULL,
             f.created_at, f.updated_at, f.source, {food_details}
         FROM food_entries f JOIN s ON f.account_id = s.account_id
         WHERE f.date = {date}
         UNION ALL
         SELECT {KIND_ACTIVITY}, 0, a.id, a.date, NULL, a.name, a.kcal_burned, NULL, NULL, NULL,
             a.activity_id, a.met, a.duration_min, a.weight_kg_used, a.created_at, a.updated_at,
             a.source, {no_details}
         FROM activity_entries a JOIN s ON a.account_id = s.account_id
         WHERE a.date = {date}
         UNION ALL
         SELECT {KIND_WATER}, 0, w.id, w.date, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             w.ml, NULL, w.created_at, NULL, w.source, {no_details}
         FROM water_entries w JOIN s ON w.account_id = s.account_id
         WHERE w.date = {date}
         UNION ALL
         SELECT {KIND_PROFILE}, 0, p.account_id, p.birth_date, NULL, p.sex, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {no_details}
         FROM profiles p JOIN s ON p.account_id = s.account_id
         UNION ALL
         SELECT {KIND_TARGET}, 0, t.account_id, NULL, NULL, t.key, t.min, t.max, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, {no_details}
         FROM nutrient_targets t JOIN s ON t.account_id = s.account_id
         UNION ALL
         SELECT {KIND_WEEKDAY_GOALS}, 0, wg.account_id, NULL, NULL, NULL, wg.calories,
             wg.protein_g, wg.fat_g, wg.carbs_g, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {no_details}
         FROM weekday_goals wg JOIN s ON wg.account_id = s.account_id
         WHERE wg.weekday = {weekday}
         ORDER BY kind, sort, created_at, id, name"
    )
}

static BY_SESSION: LazyLock<String> = LazyLock::new(|| {
    day_sql(
        &format!("SELECT account_id, last_used_at FROM sessions WHERE {LIVE_SESSION}"),
        "$4",
        "$5",
    )
});
static BY_ACCOUNT: LazyLock<String> = LazyLock::new(|| {
    day_sql(
        "SELECT id AS account_id, CAST(NULL AS TIMESTAMPTZ) AS last_used_at
         FROM accounts WHERE id = $1",
        "$2",
        "$3",
    )
});

impl Store {
    /// The day of the account behind a live session; `None` when the session
    /// is unknown, expired or unused since `idle_since` (the test of
    /// `Store::session`, which marks it used the same way).
    pub async fn day_by_session(
        &self,
        session_hash: &str,
        idle_since: DateTime<Utc>,
        date: NaiveDate,
    ) -> StoreResult<Option<Day>> {
        let now = now();
        let rows = self
            .read_rows(
                BY_SESSION.as_str().into(),
                vec![
                    Param::Text(session_hash.to_owned()),
                    Param::Time(now),
                    Param::Time(idle_since),
                    Param::Date(date),
                    Param::Int(iso_weekday(date)),
                ],
                day_row,
            )
            .await?;
        if let Some(last_used_at) = rows
            .first()
            .filter(|r| r.kind == KIND_ACCOUNT)
            .and_then(|r| r.created_at)
        {
            self.touch_session(session_hash, last_used_at, now).await?;
        }
        assemble(rows)
    }

    /// The day of an account; `None` when there is no such account.
    pub async fn day_of_account(
        &self,
        account_id: i64,
        date: NaiveDate,
    ) -> StoreResult<Option<Day>> {
        let rows = self
            .read_rows(
                BY_ACCOUNT.as_str().into(),
                vec![
                    Param::Int(account_id),
                    Param::Date(date),
                    Param::Int(iso_weekday(date)),
                ],
                day_row,
            )
            .await?;
        assemble(rows)
    }
}

/// 1 for Monday … 7 for Sunday, as `weekday_goals` numbers them.
fn iso_weekday(date: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::weekday(&date).number_from_monday())
}

fn missing(column: &str) -> StoreError {
    StoreError::Other(format!("unexpected NULL in the day's `{column}`").into())
}

fn assemble(rows: Vec<DayRow>) -> StoreResult<Option<Day>> {
    let mut rows = rows.into_iter().peekable();
    let account_id = match rows.next_if(|r| r.kind == KIND_ACCOUNT) {
        Some(r) => r.id,
        None => return Ok(None),
    };
    let mut day = Day {
        account_id,
        goals: None,
        weekday_goals: GoalOverride::default(),
        food_entries: Vec::new(),
        activity_entries: Vec::new(),
        water_entries: Vec::new(),
        sex: None,
        birth_date: None,
        target_overrides: Vec::new(),
    };
    for r in rows {
        let nutrients = || -> StoreResult<Nutrients> {
            Ok(Nutrients {
                calories: r.calories.ok_or_else(|| missing("calories"))?,
                protein_g: r.protein_g.ok_or_else(|| missing("protein_g"))?,
                fat_g: r.fat_g.ok_or_else(|| missing("fat_g"))?,
                carbs_g: r.carbs_g.ok_or_else(|| missing("carbs_g"))?,
            })
        };
        match r.kind {
            KIND_GOALS => {
                day.goals = Some(Goals {
                    nutrients: nutrients()?,
                    water_ml: r.duration_min.ok_or_else(|| missing("water_ml"))?,
                })
            }
            KIND_WEEKDAY_GOALS => {
                day.weekday_goals = GoalOverride {
                    calories: r.calories,
                    protein_g: r.protein_g,
                    fat_g: r.fat_g,
                    carbs_g: r.carbs_g,
                }
            }
            KIND_FOOD => {
                let n = nutrients()?;
                day.food_entries.push(FoodEntry {
                    id: r.id,
                    date: r.date.ok_or_else(|| missing("date"))?,
                    meal: r.meal.ok_or_else(|| missing("meal"))?,
                    name: r.name.ok_or_else(|| missing("name"))?,
                    calories: n.calories,
                    protein_g: n.protein_g,
                    fat_g: n.fat_g,
                    carbs_g: n.carbs_g,
                    details: r.details,
                    food_id: r.ref_id,
                    quantity_g: r.amount,
                    created_at: r.created_at.ok_or_else(|| missing("created_at"))?,
                    updated_at: r.updated_at.ok_or_else(|| missing("updated_at"))?,
                    source: r.source,
                });
            }
            KIND_ACTIVITY => day.activity_entries.push(ActivityEntry {
                id: r.id,
                date: r.date.ok_or_else(|| missing("date"))?,
                name: r.name.ok_or_else(|| missing("name"))?,
                duration_min: r.duration_min,
                kcal_burned: r.calories.ok_or_else(|| missing("kcal_burned"))?,
                activity_id: r.ref_id,
                met: r.amount,
                weight_kg_used: r.weight_kg_used,
                created_at: r.created_at.ok_or_else(|| missing("created_at"))?,
                updated_at: r.updated_at.ok_or_else(|| missing("updated_at"))?,
                source: r.source,
            }),
            KIND_WATER => day.water_entries.push(WaterEntry {
                id: r.id,
                date: r.date.ok_or_else(|| missing("date"))?,
                ml: r.duration_min.ok_or_else(|| missing("ml"))?,
                created_at: r.created_at.ok_or_else(|| missing("created_at"))?,
                source: r.source,
            }),
            KIND_PROFILE => {
                day.sex = r.name.as_deref().and_then(Sex::parse);
                day.birth_date = r.date;
            }
            KIND_TARGET => day.target_overrides.push(TargetOverride {
                key: r.name.ok_or_else(|| missing("key"))?,
                min: r.calories,
                max: r.protein_g,
            }),
            _ => {}
        }
    }
    Ok(Some(day))
}
