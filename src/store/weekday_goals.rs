//! Goals by weekday (body.md §3): the overrides of the base goals, one row
//! per overridden weekday (ISO numbers: 1 is Monday).

use super::{Store, StoreError, StoreResult, begin_write, now, on_pool, on_write_pool};
use crate::domain::goals::Goals;
use crate::domain::weekday_goals::GoalOverride;

/// One stored row: the ISO weekday and its override.
#[derive(sqlx::FromRow)]
struct OverrideRow {
    weekday: i64,
    calories: Option<f64>,
    protein_g: Option<f64>,
    fat_g: Option<f64>,
    carbs_g: Option<f64>,
}

impl OverrideRow {
    fn goal_override(&self) -> GoalOverride {
        GoalOverride {
            calories: self.calories,
            protein_g: self.protein_g,
            fat_g: self.fat_g,
            carbs_g: self.carbs_g,
        }
    }
}

impl Store {
    /// Each weekday's override, Monday first (empty where there is none).
    pub async fn weekday_goals(&self, account_id: i64) -> StoreResult<[GoalOverride; 7]> {
        let rows: Vec<OverrideRow> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT weekday, calories, protein_g, fat_g, carbs_g FROM weekday_goals
                 WHERE account_id = $1",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await
        })?;
        let mut week = [GoalOverride::default(); 7];
        for r in rows {
            if let Some(slot) = usize::try_from(r.weekday - 1)
                .ok()
                .and_then(|i| week.get_mut(i))
            {
                *slot = r.goal_override();
            }
        }
        Ok(week)
    }

    /// Stores the base goals and, when given, replaces every weekday's
    /// override (Monday first; an empty one is no row), in one transaction.
    pub async fn set_week_goals(
        &self,
        account_id: i64,
        g: Goals,
        weekdays: Option<&[GoalOverride; 7]>,
    ) -> StoreResult<()> {
        let at = now();
        on_write_pool!(self, |pool| {
            let mut tx = begin_write!(self, pool);
            sqlx::query(
                "INSERT INTO goals (account_id, calories, protein_g, fat_g, carbs_g, water_ml,
                     updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (account_id) DO UPDATE SET calories = excluded.calories,
                     protein_g = excluded.protein_g, fat_g = excluded.fat_g,
                     carbs_g = excluded.carbs_g, water_ml = excluded.water_ml,
                     updated_at = excluded.updated_at",
            )
            .bind(account_id)
            .bind(g.nutrients.calories)
            .bind(g.nutrients.protein_g)
            .bind(g.nutrients.fat_g)
            .bind(g.nutrients.carbs_g)
            .bind(g.water_ml)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            if let Some(weekdays) = weekdays {
                sqlx::query("DELETE FROM weekday_goals WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                for (i, o) in weekdays.iter().enumerate().filter(|(_, o)| !o.is_empty()) {
                    sqlx::query(
                        "INSERT INTO weekday_goals (account_id, weekday, calories, protein_g,
                             fat_g, carbs_g, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(account_id)
                    .bind(i as i64 + 1)
                    .bind(o.calories)
                    .bind(o.protein_g)
                    .bind(o.fat_g)
                    .bind(o.carbs_g)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        })
    }
}
