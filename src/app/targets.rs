//! Daily nutrient targets (nutrition.md §2, "Targets"): the DRI defaults of
//! `domain::dri` for the profile's sex and age and the calorie goal, with
//! the account's overrides.
//!
//! An override replaces its key's target as a whole: a bound it leaves out
//! (or gives as `null`) is the default's, computed when read, so it follows
//! the profile and the calorie goal (an override of fibre's `max` only keeps
//! the `min` of 14 g per 1000 kcal). An override with neither bound is no
//! override. A bound cannot be removed, only moved.

use chrono::NaiveDate;

use crate::locale::{Message, msg};

use super::{Actor, App, AppResult, Check, Input};
use crate::domain::dri::{self, Target};
use crate::domain::goals;
use crate::store::{TargetChange, TargetOverride};

/// The largest bound accepted, in the key's unit.
pub const TARGET_MAX: f64 = 1_000_000.0;

/// Where a target comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetSource {
    /// The DRI default.
    Dri,
    /// The account's override (with the default's value for a bound the
    /// override leaves out).
    Custom,
}

/// One key's target.
#[derive(Clone, Debug, PartialEq)]
pub struct NutrientTarget {
    pub key: &'static str,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub source: TargetSource,
}

/// One key's change as sent.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetInput {
    /// `null`: back to the default.
    Default,
    /// `{min?, max?}`.
    Bounds { min: Input<f64>, max: Input<f64> },
    /// Not of the shape: refused with this message.
    Invalid(Message),
}

/// The changes as sent, key by key; keys not sent keep their targets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetsFields {
    pub keys: Vec<(String, TargetInput)>,
}

/// A bound as sent: `None` when it failed, `Some(None)` when absent or
/// null, else its value to 0.01.
fn bound(check: &mut Check, key: &str, input: Input<f64>) -> Option<Option<f64>> {
    let v = match input {
        Input::Absent | Input::Null => return Some(None),
        Input::Invalid(message) => {
            check.fail(key, message);
            return None;
        }
        Input::Value(v) => v,
    };
    if !v.is_finite() || !(0.0..=TARGET_MAX).contains(&v) {
        check.fail(
            key,
            msg("must-be-between")
                .arg("min", 0.0)
                .arg("max", TARGET_MAX),
        );
        return None;
    }
    Some(Some((v * 100.0).round() / 100.0))
}

/// The defaults with the account's overrides over them.
pub(super) fn with_overrides(
    defaults: Vec<(&'static str, Target)>,
    overrides: &[TargetOverride],
) -> Vec<NutrientTarget> {
    defaults
        .into_iter()
        .map(
            |(key, default)| match overrides.iter().find(|o| o.key == key) {
                Some(o) => NutrientTarget {
                    key,
                    min: o.min.or(default.min),
                    max: o.max.or(default.max),
                    source: TargetSource::Custom,
                },
                None => NutrientTarget {
                    key,
                    min: default.min,
                    max: default.max,
                    source: TargetSource::Dri,
                },
            },
        )
        .collect()
}

/// The age in whole years on `date` of someone born on `born`, as the DRI
/// tables want it.
pub(super) fn age_for_targets(born: Option<NaiveDate>, date: NaiveDate) -> Option<u32> {
    born.map(|born| u32::try_from(goals::age_on(born, date)).unwrap_or(0))
}

impl App {
    /// The defaults of every key for the account's profile and calorie goal.
    async fn default_targets(&self, actor: &Actor) -> AppResult<Vec<(&'static str, Target)>> {
        let profile = self.store.profile(actor.account_id).await?;
        let age = age_for_targets(profile.birth_date, self.today(actor).await?);
        let calories = self.goals(actor).await?.nutrients.calories;
        Ok(dri::targets(profile.sex, age, calories))
    }

    /// Every key's target, in the order of `dri::targets`.
    pub async fn nutrient_targets(&self, actor: &Actor) -> AppResult<Vec<NutrientTarget>> {
        let defaults = self.default_targets(actor).await?;
        let overrides = self.store.target_overrides(actor.account_id).await?;
        Ok(with_overrides(defaults, &overrides))
    }

    /// Validates every key sent, then sets or removes their overrides at
    /// once (one invalid key changes nothing); answers every key's target.
    pub async fn set_nutrient_targets(
        &self,
        actor: &Actor,
        cmd: TargetsFields,
    ) -> AppResult<Vec<NutrientTarget>> {
        let defaults = self.default_targets(actor).await?;
        let mut check = Check::new();
        let mut changes = Vec::new();
        for (key, input) in cmd.keys {
            let Some(&(_, default)) = defaults.iter().find(|(k, _)| *k == key) else {
                check.fail(&key, msg("nutrient-key-unknown"));
                continue;
            };
            let (min, max) = match input {
                TargetInput::Default => (Some(None), Some(None)),
                TargetInput::Invalid(message) => {
                    check.fail(&key, message);
                    continue;
                }
                TargetInput::Bounds { min, max } => {
                    (bound(&mut check, &key, min), bound(&mut check, &key, max))
                }
            };
            let (Some(min), Some(max)) = (min, max) else {
                continue;
            };
            if let (Some(lo), Some(hi)) = (min.or(default.min), max.or(default.max))
                && lo > hi
            {
                check.fail(&key, msg("min-above-max").arg("min", lo).arg("max", hi));
                continue;
            }
            changes.push(if min.is_none() && max.is_none() {
                TargetChange::Remove(key)
            } else {
                TargetChange::Set(TargetOverride { key, min, max })
            });
        }
        check.finish()?;
        self.store
            .change_target_overrides(actor.account_id, &changes)
            .await?;
        self.nutrient_targets(actor).await
    }

    /// The account's overrides as stored (for the export): a `None` bound
    /// is the default's.
    pub async fn target_overrides(&self, actor: &Actor) -> AppResult<Vec<TargetOverride>> {
        Ok(self.store.target_overrides(actor.account_id).await?)
    }
}
