//! Goals, profile and the body-weight log.

use chrono::NaiveDate;

use super::{Store, StoreResult, now, on_pool, on_write_pool};
use crate::domain::goals::{ActivityLevel, Goals, Sex};
use crate::domain::nutrients::Nutrients;

/// The profile as stored; its weight comes from the weight log.
#[derive(Clone, Debug, Default, PartialEq, sqlx::FromRow)]
pub struct Profile {
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub height_cm: Option<f64>,
    pub activity_level: Option<ActivityLevel>,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Weight {
    pub date: NaiveDate,
    pub weight_kg: f64,
}

impl Store {
    /// The account's goals, `None` while it has set none.
    pub async fn goals(&self, account_id: i64) -> StoreResult<Option<Goals>> {
        let row: Option<(f64, f64, f64, f64, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT calories, protein_g, fat_g, carbs_g, water_ml FROM goals
                 WHERE account_id = $1",
            )
            .bind(account_id)
            .fetch_optional(pool)
            .await
        })?;
        Ok(
            row.map(|(calories, protein_g, fat_g, carbs_g, water_ml)| Goals {
                nutrients: Nutrients {
                    calories,
                    protein_g,
                    fat_g,
                    carbs_g,
                },
                water_ml,
            }),
        )
    }

    pub async fn profile(&self, account_id: i64) -> StoreResult<Profile> {
        let profile: Option<Profile> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT sex, birth_date, height_cm, activity_level FROM profiles
                 WHERE account_id = $1",
            )
            .bind(account_id)
            .fetch_optional(pool)
            .await
        })?;
        Ok(profile.unwrap_or_default())
    }

    pub async fn set_profile(&self, account_id: i64, p: &Profile) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO profiles (account_id, sex, birth_date, height_cm, activity_level,
                     updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (account_id) DO UPDATE SET sex = excluded.sex,
                     birth_date = excluded.birth_date, height_cm = excluded.height_cm,
                     activity_level = excluded.activity_level, updated_at = excluded.updated_at",
            )
            .bind(account_id)
            .bind(p.sex)
            .bind(p.birth_date)
            .bind(p.height_cm)
            .bind(p.activity_level)
            .bind(now())
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    /// Records the day's weight, replacing one already there.
    pub async fn put_weight(&self, account_id: i64, w: &Weight) -> StoreResult<()> {
        on_write_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO weights (account_id, date, weight_kg, updated_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (account_id, date) DO UPDATE SET weight_kg = excluded.weight_kg,
                     updated_at = excluded.updated_at",
            )
            .bind(account_id)
            .bind(w.date)
            .bind(w.weight_kg)
            .bind(now())
            .execute(pool)
            .await
            .map(|_| ())
        })
    }

    pub async fn delete_weight(&self, account_id: i64, date: NaiveDate) -> StoreResult<bool> {
        on_write_pool!(self, |pool| {
            sqlx::query("DELETE FROM weights WHERE account_id = $1 AND date = $2")
                .bind(account_id)
                .bind(date)
                .execute(pool)
                .await
                .map(|r| r.rows_affected() > 0)
        })
    }

    pub async fn weights(
        &self,
        account_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Weight>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT date, weight_kg FROM weights
                 WHERE account_id = $1 AND date >= $2 AND date <= $3 ORDER BY date",
            )
            .bind(account_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })
    }

    /// The latest weight entry, which is the profile's weight.
    pub async fn latest_weight(&self, account_id: i64) -> StoreResult<Option<Weight>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT date, weight_kg FROM weights WHERE account_id = $1
                 ORDER BY date DESC LIMIT 1",
            )
            .bind(account_id)
            .fetch_optional(pool)
            .await
        })
    }

    /// The weight entries nearest before (or on) and after `date`: the
    /// candidates for the weight closest in time.
    pub async fn weights_around(
        &self,
        account_id: i64,
        date: NaiveDate,
    ) -> StoreResult<Vec<(NaiveDate, f64)>> {
        on_pool!(self, |pool| {
            let mut rows: Vec<(NaiveDate, f64)> = sqlx::query_as(
                "SELECT date, weight_kg FROM weights WHERE account_id = $1 AND date <= $2
                 ORDER BY date DESC LIMIT 1",
            )
            .bind(account_id)
            .bind(date)
            .fetch_all(pool)
            .await?;
            let after: Vec<(NaiveDate, f64)> = sqlx::query_as(
                "SELECT date, weight_kg FROM weights WHERE account_id = $1 AND date > $2
                 ORDER BY date LIMIT 1",
            )
            .bind(account_id)
            .bind(date)
            .fetch_all(pool)
            .await?;
            rows.extend(after);
            Ok::<_, sqlx::Error>(rows)
        })
    }
}
