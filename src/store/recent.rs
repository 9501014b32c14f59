//! The foods an account logged lately, for logging them again in one tap.

use chrono::{DateTime, Utc};

use super::cells::Param;
use super::foods::{FOOD_WITH_SERVINGS, food_serving_row, group_servings, id_params, placeholders};
use super::{Food, Store, StoreResult};

/// How many of an account's latest catalogue entries the recent foods (and
/// their `times_logged`) are read from.
const RECENT_WINDOW: i64 = 200;

/// The distinct foods of the account `$1`'s latest `$2` catalogue entries,
/// newest first, with how often each appears among them; at most `$3`.
const LATEST_FOODS: &str = "SELECT food_id, times, created_at, quantity_g FROM (
    SELECT food_id, created_at, quantity_g, id,
    ROW_NUMBER() OVER (PARTITION BY food_id ORDER BY created_at DESC, id DESC) AS nth,
    COUNT(*) OVER (PARTITION BY food_id) AS times
    FROM (SELECT food_id, created_at, quantity_g, id FROM food_entries
    WHERE account_id = $1 AND food_id IS NOT NULL
    ORDER BY created_at DESC, id DESC LIMIT $2) AS window_entries
    ) AS per_food
    WHERE nth = 1
    ORDER BY created_at DESC, id DESC LIMIT $3";

/// A food the account logged, with how often and when last.
#[derive(Clone, Debug, PartialEq)]
pub struct RecentFood {
    pub food: Food,
    /// How often it was logged among the account's latest 200 catalogue
    /// entries.
    pub times_logged: i64,
    pub last_logged_at: DateTime<Utc>,
    /// The quantity last logged, to re-log in one tap.
    pub last_quantity_g: Option<f64>,
}

impl Store {
    /// The account's logged catalogue foods: the most recent, then the most
    /// frequent, without repeats.
    pub async fn recent_foods(&self, account_id: i64, limit: i64) -> StoreResult<Vec<RecentFood>> {
        // Only the last RECENT_WINDOW catalogue entries are read, from the covering index
        // food_entries_account_logged, and they are grouped in the database:
        // the cost of the diary page does not grow with the account's
        // history, and only `limit` rows leave the database.
        let latest = self
            .read_rows(
                LATEST_FOODS.into(),
                vec![
                    Param::Int(account_id),
                    Param::Int(RECENT_WINDOW),
                    Param::Int(limit.max(0)),
                ],
                |row| Ok((row.int(0)?, row.int(1)?, row.time(2)?, row.maybe_real(3)?)),
            )
            .await?;
        if latest.is_empty() {
            return Ok(Vec::new());
        }
        // The foods themselves, with their servings, in one statement.
        let sql = format!(
            "SELECT {}
             WHERE (f.account_id IS NULL OR f.account_id = $1) AND f.id IN ({})
             ORDER BY f.id, s.id",
            *FOOD_WITH_SERVINGS,
            placeholders(2, latest.len())
        );
        let rows = self
            .read_rows(
                sql.into(),
                id_params(
                    vec![Param::Int(account_id)],
                    latest.iter().map(|(id, ..)| *id),
                ),
                food_serving_row,
            )
            .await?;
        let mut foods = group_servings(rows);
        let mut out = Vec::new();
        for (food_id, times_logged, last_logged_at, last_quantity_g) in latest {
            // A food deleted since is left out.
            let Some(at) = foods.iter().position(|f| f.id == food_id) else {
                continue;
            };
            out.push(RecentFood {
                food: foods.swap_remove(at),
                times_logged,
                last_logged_at,
                last_quantity_g,
            });
        }
        Ok(out)
    }
}
