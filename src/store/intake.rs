//! The energy eaten per logged day, for the expenditure estimate (body.md
//! §2): only the calories, from the per-day totals the triggers keep.

use chrono::NaiveDate;

use super::{Store, StoreResult, on_pool};

impl Store {
    /// kcal eaten on each day of `from..=to` that has at least one food
    /// entry, by date.
    pub async fn daily_calories(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(NaiveDate, f64)>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT date, calories FROM food_day_totals
                 WHERE account_id = $1 AND date >= $2 AND date <= $3
                 ORDER BY date",
            )
            .bind(account_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })
    }
}
