//! Everything an account logged, read as a stream of rows for export: the
//! rows go through a small bounded channel from a task that reads them, so
//! memory stays the same however much the account holds, and a client that
//! stops reading stops the read.

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::{Stream, StreamExt};
use sqlx::FromRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use tokio::sync::mpsc;

use super::details::DETAIL_COLUMNS;
use super::entries::MEAL_ORDER;
use super::{ActivityEntry, FoodEntry, Pool, Store, StoreError, StoreResult, WaterEntry, Weight};
use crate::domain::meal::Meal;
use crate::domain::nutrients::{DETAIL_KEYS, Details};

/// Rows read ahead of the client: enough to keep the database busy, few
/// enough that memory does not matter.
const ROWS_IN_FLIGHT: usize = 256;

/// One row of the diary, of any kind.
#[derive(Clone, Debug, PartialEq)]
pub enum DiaryRecord {
    /// Boxed: an entry with every nutrient is four times the others.
    Food(Box<FoodEntry>),
    Activity(ActivityEntry),
    Weight(Weight),
    Water(WaterEntry),
}

/// A read of rows not started yet: `start` runs it. Its rows are read as
/// `R` (the diary's `ExportRow` unless said) and converted to `T`.
pub struct Rows<T, R = ExportRow> {
    pool: Pool,
    sql: String,
    account_id: i64,
    convert: fn(R) -> StoreResult<T>,
}

/// The rows of a started read, as they come; ends early after an error.
pub struct RowStream<T> {
    rows: mpsc::Receiver<StoreResult<T>>,
}

impl<T> RowStream<T> {
    pub async fn next(&mut self) -> Option<StoreResult<T>> {
        self.rows.recv().await
    }
}

impl<T, R> Rows<T, R>
where
    T: Send + 'static,
    R: for<'r> FromRow<'r, PgRow> + for<'r> FromRow<'r, SqliteRow> + Send + Unpin + 'static,
{
    /// Starts the read on a task of its own, one connection for as long as
    /// it runs; it stops when the stream is dropped.
    pub fn start(self) -> RowStream<T> {
        let (sender, rows) = mpsc::channel(ROWS_IN_FLIGHT);
        let Rows {
            pool,
            sql,
            account_id,
            convert,
        } = self;
        tokio::spawn(async move {
            match pool {
                Pool::Postgres(pool) => {
                    let rows = sqlx::query_as(&sql).bind(account_id).fetch(&pool);
                    forward(rows, convert, &sender).await;
                }
                Pool::Sqlite(pool) => {
                    let rows = sqlx::query_as(&sql).bind(account_id).fetch(&pool);
                    forward(rows, convert, &sender).await;
                }
            }
        });
        RowStream { rows }
    }
}

/// Sends each row on until the rows end, one fails, or the receiver is gone.
async fn forward<T, R>(
    rows: impl Stream<Item = sqlx::Result<R>>,
    convert: fn(R) -> StoreResult<T>,
    sender: &mpsc::Sender<StoreResult<T>>,
) {
    let mut rows = std::pin::pin!(rows);
    while let Some(row) = rows.next().await {
        let row = row.map_err(StoreError::from).and_then(convert);
        let failed = row.is_err();
        if sender.send(row).await.is_err() || failed {
            return;
        }
    }
}

/// One row of any of the reads below; which columns are set depends on
/// `kind`.
#[derive(sqlx::FromRow)]
pub struct ExportRow {
    kind: i64,
    id: i64,
    date: NaiveDate,
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
    #[sqlx(flatten)]
    details: Details,
}

/// The detail columns of a read that has none: typed NULLs, named.
fn no_details() -> String {
    DETAIL_KEYS
        .iter()
        .map(|k| format!("CAST(NULL AS DOUBLE PRECISION) AS {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const KIND_FOOD: i64 = 0;
const KIND_ACTIVITY: i64 = 1;
const KIND_WEIGHT: i64 = 2;
const KIND_WATER: i64 = 3;

/// The account's (`$1`) rows of each kind, in the columns of `ExportRow`;
/// `sort` orders food by meal.
fn food_rows() -> String {
    format!(
        "SELECT CAST({KIND_FOOD} AS BIGINT) AS kind, CAST({MEAL_ORDER} AS BIGINT) AS sort,
             id, date, meal, name, calories, protein_g, fat_g, carbs_g, food_id AS ref_id,
             quantity_g AS amount, CAST(NULL AS BIGINT) AS duration_min,
             CAST(NULL AS DOUBLE PRECISION) AS weight_kg_used, created_at, updated_at, source, {}
         FROM food_entries WHERE account_id = $1",
        *DETAIL_COLUMNS
    )
}

fn activity_rows() -> String {
    format!(
        "SELECT CAST({KIND_ACTIVITY} AS BIGINT) AS kind, CAST(0 AS BIGINT) AS sort, id, date,
             CAST(NULL AS TEXT) AS meal, name, kcal_burned AS calories,
             CAST(NULL AS DOUBLE PRECISION) AS protein_g, CAST(NULL AS DOUBLE PRECISION) AS fat_g,
             CAST(NULL AS DOUBLE PRECISION) AS carbs_g, activity_id AS ref_id, met AS amount,
             duration_min, weight_kg_used, created_at, updated_at, source, {}
         FROM activity_entries WHERE account_id = $1",
        no_details()
    )
}

fn weight_rows() -> String {
    format!(
        "SELECT CAST({KIND_WEIGHT} AS BIGINT) AS kind, CAST(0 AS BIGINT) AS sort,
             CAST(0 AS BIGINT) AS id, date, CAST(NULL AS TEXT) AS meal, CAST(NULL AS TEXT) AS name,
             weight_kg AS calories, CAST(NULL AS DOUBLE PRECISION) AS protein_g,
             CAST(NULL AS DOUBLE PRECISION) AS fat_g, CAST(NULL AS DOUBLE PRECISION) AS carbs_g,
             CAST(NULL AS BIGINT) AS ref_id, CAST(NULL AS DOUBLE PRECISION) AS amount,
             CAST(NULL AS BIGINT) AS duration_min, CAST(NULL AS DOUBLE PRECISION) AS weight_kg_used,
             CAST(NULL AS TIMESTAMPTZ) AS created_at, CAST(NULL AS TIMESTAMPTZ) AS updated_at,
             CAST(NULL AS TEXT) AS source, {}
         FROM weights WHERE account_id = $1",
        no_details()
    )
}

/// A drink's ml in `duration_min`.
fn water_rows() -> String {
    format!(
        "SELECT CAST({KIND_WATER} AS BIGINT) AS kind, CAST(0 AS BIGINT) AS sort, id, date,
             CAST(NULL AS TEXT) AS meal, CAST(NULL AS TEXT) AS name,
             CAST(NULL AS DOUBLE PRECISION) AS calories, CAST(NULL AS DOUBLE PRECISION) AS protein_g,
             CAST(NULL AS DOUBLE PRECISION) AS fat_g, CAST(NULL AS DOUBLE PRECISION) AS carbs_g,
             CAST(NULL AS BIGINT) AS ref_id, CAST(NULL AS DOUBLE PRECISION) AS amount,
             ml AS duration_min, CAST(NULL AS DOUBLE PRECISION) AS weight_kg_used,
             created_at, CAST(NULL AS TIMESTAMPTZ) AS updated_at, source, {}
         FROM water_entries WHERE account_id = $1",
        no_details()
    )
}

/// The order of the diary: by day, then kind; food by meal and creation,
/// activities by creation (the lists of `food_entries` and
/// `activity_entries` within a day).
const DIARY_ORDER: &str = "ORDER BY date, kind, sort, created_at, id";

fn missing(column: &str) -> StoreError {
    StoreError::Other(
        sqlx::Error::ColumnDecode {
            index: column.to_owned(),
            source: "unexpected NULL in the export's read".into(),
        }
        .into(),
    )
}

fn record(r: ExportRow) -> StoreResult<DiaryRecord> {
    let need = |v: Option<f64>, column: &str| v.ok_or_else(|| missing(column));
    Ok(match r.kind {
        KIND_FOOD => DiaryRecord::Food(Box::new(FoodEntry {
            id: r.id,
            date: r.date,
            meal: r.meal.ok_or_else(|| missing("meal"))?,
            name: r.name.ok_or_else(|| missing("name"))?,
            calories: need(r.calories, "calories")?,
            protein_g: need(r.protein_g, "protein_g")?,
            fat_g: need(r.fat_g, "fat_g")?,
            carbs_g: need(r.carbs_g, "carbs_g")?,
            details: r.details,
            food_id: r.ref_id,
            quantity_g: r.amount,
            created_at: r.created_at.ok_or_else(|| missing("created_at"))?,
            updated_at: r.updated_at.ok_or_else(|| missing("updated_at"))?,
            source: r.source,
        })),
        KIND_ACTIVITY => DiaryRecord::Activity(ActivityEntry {
            id: r.id,
            date: r.date,
            name: r.name.ok_or_else(|| missing("name"))?,
            duration_min: r.duration_min,
            kcal_burned: need(r.calories, "kcal_burned")?,
            activity_id: r.ref_id,
            met: r.amount,
            weight_kg_used: r.weight_kg_used,
            created_at: r.created_at.ok_or_else(|| missing("created_at"))?,
            updated_at: r.updated_at.ok_or_else(|| missing("updated_at"))?,
            source: r.source,
        }),
        KIND_WATER => DiaryRecord::Water(WaterEntry {
            id: r.id,
            date: r.date,
            ml: r.duration_min.ok_or_else(|| missing("ml"))?,
            created_at: r.created_at.ok_or_else(|| missing("created_at"))?,
            source: r.source,
        }),
        _ => DiaryRecord::Weight(Weight {
            date: r.date,
            weight_kg: need(r.calories, "weight_kg")?,
        }),
    })
}

fn food(r: ExportRow) -> StoreResult<FoodEntry> {
    match record(r)? {
        DiaryRecord::Food(e) => Ok(*e),
        _ => Err(missing("meal")),
    }
}

fn activity(r: ExportRow) -> StoreResult<ActivityEntry> {
    match record(r)? {
        DiaryRecord::Activity(a) => Ok(a),
        _ => Err(missing("kcal_burned")),
    }
}

fn weight(r: ExportRow) -> StoreResult<Weight> {
    match record(r)? {
        DiaryRecord::Weight(w) => Ok(w),
        _ => Err(missing("weight_kg")),
    }
}

fn water(r: ExportRow) -> StoreResult<WaterEntry> {
    match record(r)? {
        DiaryRecord::Water(w) => Ok(w),
        _ => Err(missing("ml")),
    }
}

impl Store {
    pub(super) fn rows<T, R>(
        &self,
        sql: String,
        account_id: i64,
        convert: fn(R) -> StoreResult<T>,
    ) -> Rows<T, R> {
        Rows {
            pool: self.reader.clone(),
            sql,
            account_id,
            convert,
        }
    }

    /// Every food entry, activity, weight and drink of the account, in
    /// diary order (by day, then kind).
    pub fn diary_rows(&self, account_id: i64) -> Rows<DiaryRecord> {
        let sql = format!(
            "{} UNION ALL {} UNION ALL {} UNION ALL {} {DIARY_ORDER}",
            food_rows(),
            activity_rows(),
            weight_rows(),
            water_rows()
        );
        self.rows(sql, account_id, record)
    }

    /// Every food entry of the account, by date, meal and creation.
    pub fn all_food_entries(&self, account_id: i64) -> Rows<FoodEntry> {
        self.rows(format!("{} {DIARY_ORDER}", food_rows()), account_id, food)
    }

    /// Every activity entry of the account, by date and creation.
    pub fn all_activity_entries(&self, account_id: i64) -> Rows<ActivityEntry> {
        self.rows(
            format!("{} {DIARY_ORDER}", activity_rows()),
            account_id,
            activity,
        )
    }

    /// Every weight of the account, by date.
    pub fn all_weights(&self, account_id: i64) -> Rows<Weight> {
        self.rows(
            format!("{} {DIARY_ORDER}", weight_rows()),
            account_id,
            weight,
        )
    }

    /// Every water entry of the account, by date and creation.
    pub fn all_water_entries(&self, account_id: i64) -> Rows<WaterEntry> {
        self.rows(format!("{} {DIARY_ORDER}", water_rows()), account_id, water)
    }
}
