//! The activity diary: entries by hand, or from the catalogue with the
//! energy from the activity's MET value and the body weight.

use crate::locale::msg;
use chrono::NaiveDate;

use super::input::Measure;
use super::{Actor, App, AppError, AppResult, Check, Input, check_range};
use crate::domain::energy::{met_kcal, weight_on};
use crate::domain::quotas::ACTIVITY_ENTRIES_PER_DAY;
use crate::store::{Activity, ActivityEntry, ActivityEntryInsert};

/// Most kcal one activity entry may burn.
const KCAL_MAX: f64 = 20000.0;

/// Refuses energy computed from a MET value that leaves the range of an
/// entry (a long, hard activity at a high body weight), naming the duration
/// that gave it.
fn check_computed_kcal(kcal: f64) -> AppResult<()> {
    if kcal.is_finite() && kcal <= KCAL_MAX {
        return Ok(());
    }
    Err(AppError::invalid(
        "duration_min",
        msg("burned-too-large")
            .arg("kcal", kcal)
            .arg("max", KCAL_MAX),
    ))
}

/// An activity entry as sent, to log (absent fields take their defaults) or
/// to change (absent fields keep their values). With `activity_id` and no
/// `kcal_burned`, the energy is MET × weight × minutes / 60, with the weight
/// entry closest in time (70 kg when there is none), and `duration_min` is
/// required; with `kcal_burned` it may be left out (nutrition.md §5).
#[derive(Debug, Default)]
pub struct ActivityEntryFields {
    pub date: Input<String>,
    pub name: Input<String>,
    pub duration_min: Input<i64>,
    pub kcal_burned: Input<f64>,
    pub activity_id: Input<i64>,
}

impl App {
    async fn catalogue_activity(
        &self,
        check: &mut Check,
        activity_id: Option<i64>,
    ) -> AppResult<Option<Activity>> {
        let Some(id) = activity_id else {
            return Ok(None);
        };
        let activity = self.store.activity(id).await?;
        if activity.is_none() {
            check.fail("activity_id", msg("no-such-activity"));
        }
        Ok(activity)
    }

    /// The burned energy from the MET value, with the weight used.
    async fn met_energy(
        &self,
        account_id: i64,
        date: NaiveDate,
        met: f64,
        duration_min: i64,
    ) -> AppResult<(f64, f64)> {
        let candidates = self.store.weights_around(account_id, date).await?;
        let weight = weight_on(date, &candidates);
        Ok((met_kcal(met, weight, duration_min), weight))
    }

    /// Validates and logs an activity entry.
    pub async fn create_activity_entry(
        &self,
        actor: &Actor,
        body: ActivityEntryFields,
    ) -> AppResult<ActivityEntry> {
        let mut check = Check::new();
        let date = check.required("date", body.date);
        let date = check.date("date", date);
        let name = check.optional("name", body.name);
        let name = check.text("name", name, 200);
        // Needed only when the energy is computed from a MET value (below).
        let duration_given = !matches!(body.duration_min, Input::Absent | Input::Null);
        let duration = check.optional("duration_min", body.duration_min);
        let duration = check.integer("duration_min", duration, 1..=1440);
        let kcal_given = !matches!(body.kcal_burned, Input::Absent | Input::Null);
        let kcal = check.optional("kcal_burned", body.kcal_burned);
        let kcal = check.measured("kcal_burned", kcal, 0.0..=KCAL_MAX, Measure::Energy);
        let activity_id = check.optional("activity_id", body.activity_id);
        let activity = self.catalogue_activity(&mut check, activity_id).await?;
        if activity_id.is_some() && !kcal_given && !duration_given {
            check.fail("duration_min", msg("required-for-met"));
        }
        if activity_id.is_none() {
            if !kcal_given {
                check.fail("kcal_burned", msg("required-or-activity"));
            }
            if name.is_none() && check.is_ok() {
                check.fail("name", msg("required-or-activity"));
            }
        }
        check.finish()?;
        let Some(date) = date else {
            return Err(AppError::invalid("date", msg("required")));
        };
        let (kcal_burned, met, weight_kg_used) = match (&activity, kcal) {
            (Some(a), None) => {
                let duration_min = duration
                    .ok_or_else(|| AppError::invalid("duration_min", msg("required-for-met")))?;
                let (kcal, weight) = self
                    .met_energy(actor.account_id, date, a.met, duration_min)
                    .await?;
                check_computed_kcal(kcal)?;
                (kcal, Some(a.met), Some(weight))
            }
            (a, kcal) => (kcal.unwrap_or_default(), a.as_ref().map(|a| a.met), None),
        };
        let entry = ActivityEntryInsert {
            date,
            name: name
                .or_else(|| activity.map(|a| a.name))
                .unwrap_or_default(),
            duration_min: duration,
            kcal_burned,
            activity_id,
            met,
            weight_kg_used,
        };
        self.store
            .insert_activity_entry(actor.account_id, &entry, ACTIVITY_ENTRIES_PER_DAY)
            .await
            .map_err(AppError::within(ACTIVITY_ENTRIES_PER_DAY))
    }

    /// Validates and applies a change to an activity entry. An entry whose
    /// energy was computed from a MET value is recomputed when its date,
    /// duration or activity changes, unless `kcal_burned` is given.
    pub async fn update_activity_entry(
        &self,
        actor: &Actor,
        id: i64,
        body: ActivityEntryFields,
    ) -> AppResult<ActivityEntry> {
        let old = self
            .store
            .activity_entry(actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut check = Check::new();
        let mut new = ActivityEntryInsert {
            date: old.date,
            name: old.name.clone(),
            duration_min: old.duration_min,
            kcal_burned: old.kcal_burned,
            activity_id: old.activity_id,
            met: old.met,
            weight_kg_used: old.weight_kg_used,
        };
        let mut recompute = false;
        if !body.date.is_absent() {
            let date = check.required("date", body.date);
            new.date = check.date("date", date).unwrap_or(new.date);
            recompute = true;
        }
        if !body.name.is_absent() {
            let name = check.required("name", body.name);
            new.name = check.text("name", name, 200).unwrap_or_default();
        }
        if !body.duration_min.is_absent() {
            // `null` empties it: allowed unless the energy is computed from it.
            let d = check.optional("duration_min", body.duration_min);
            new.duration_min = check.integer("duration_min", d, 1..=1440);
            recompute = true;
        }
        match body.activity_id {
            Input::Absent => {}
            Input::Null => {
                new.activity_id = None;
                new.met = None;
                new.weight_kg_used = None;
                recompute = false;
            }
            activity_id => {
                let activity_id = check.required("activity_id", activity_id);
                if let Some(a) = self.catalogue_activity(&mut check, activity_id).await? {
                    new.activity_id = Some(a.id);
                    new.met = Some(a.met);
                    recompute = true;
                }
            }
        }
        if body.kcal_burned.is_absent() {
            // Only energy that was computed is recomputed; a typed-in figure stays.
            let computed = old.weight_kg_used.is_some() || old.activity_id != new.activity_id;
            if let (true, true, Some(met)) = (recompute, computed, new.met) {
                match new.duration_min {
                    Some(minutes) => {
                        let (kcal, weight) = self
                            .met_energy(actor.account_id, new.date, met, minutes)
                            .await?;
                        if check.is_ok() {
                            check_computed_kcal(kcal)?;
                        }
                        new.kcal_burned = kcal;
                        new.weight_kg_used = Some(weight);
                    }
                    None => {
                        if check.is_ok() {
                            check.fail("duration_min", msg("required-for-met"));
                        }
                    }
                }
            }
        } else {
            let kcal = check.required("kcal_burned", body.kcal_burned);
            new.kcal_burned = check
                .measured("kcal_burned", kcal, 0.0..=KCAL_MAX, Measure::Energy)
                .unwrap_or_default();
            new.weight_kg_used = None;
        }
        check.finish()?;
        let moved = new.date != old.date;
        self.store
            .update_activity_entry(actor.account_id, id, &new, moved, ACTIVITY_ENTRIES_PER_DAY)
            .await
            .map_err(AppError::within(ACTIVITY_ENTRIES_PER_DAY))?
            .ok_or(AppError::NotFound)
    }

    /// The activities of `from..=to`, by date and creation.
    pub async fn activity_entries(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Vec<ActivityEntry>> {
        check_range(from, to)?;
        Ok(self
            .store
            .activity_entries(actor.account_id, from, to)
            .await?)
    }

    pub async fn activity_entry(&self, actor: &Actor, id: i64) -> AppResult<ActivityEntry> {
        self.store
            .activity_entry(actor.account_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub async fn delete_activity_entry(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if self
            .store
            .delete_activity_entry(actor.account_id, id)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
