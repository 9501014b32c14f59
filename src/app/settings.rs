//! The account's settings, and its "today" (everywhere.md §1).

use crate::locale::msg;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{Actor, App, AppError, AppResult, Check, Input};
use crate::domain::settings::{self, EnergyUnit, Language, LengthUnit, Settings, WeightUnit};
use crate::store::StoredSettings;

/// Settings as sent. A field left out keeps its value; `null` is refused.
#[derive(Debug, Default)]
pub struct SettingsFields {
    pub time_zone: Input<String>,
    pub language: Input<String>,
    pub energy_unit: Input<String>,
    pub weight_unit: Input<String>,
    pub length_unit: Input<String>,
}

/// Where "now" comes from: the system clock, or a fixed instant (set only
/// by the library's callers, for tests of dates across time zones; no flag
/// or variable sets it).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => at,
        }
    }
}

/// A time zone name as sent: `Some(zone)` when valid, a failure on `field`
/// otherwise.
pub(super) fn check_time_zone(check: &mut Check, field: &str, name: Option<String>) -> Option<Tz> {
    let name = name?;
    let zone = settings::parse_time_zone(name.trim());
    if zone.is_none() {
        check.fail(field, msg("time-zone-unknown"));
    }
    zone
}

/// One of a fixed set of names, or a failure on `field` listing them.
fn check_choice<T>(
    check: &mut Check,
    field: &str,
    input: Input<String>,
    parse: fn(&str) -> Option<T>,
    names: fn() -> String,
) -> Option<T> {
    if matches!(input, Input::Null) {
        check.fail(field, msg("must-be-one-of").arg("allowed", names()));
        return None;
    }
    let text = check.optional(field, input)?;
    let value = parse(text.trim());
    if value.is_none() {
        check.fail(field, msg("must-be-one-of").arg("allowed", names()));
    }
    value
}

pub(super) fn from_stored(stored: StoredSettings) -> Settings {
    Settings {
        // A name the tz database no longer has (renamed zones stay as
        // links, so this should not happen) falls back to UTC.
        time_zone: settings::parse_time_zone(&stored.time_zone).unwrap_or(Tz::UTC),
        language: stored.language,
        energy_unit: stored.energy_unit,
        weight_unit: stored.weight_unit,
        length_unit: stored.length_unit,
    }
}

pub(super) fn to_stored(s: &Settings) -> StoredSettings {
    StoredSettings {
        time_zone: s.time_zone.name().to_owned(),
        language: s.language,
        energy_unit: s.energy_unit,
        weight_unit: s.weight_unit,
        length_unit: s.length_unit,
    }
}

impl App {
    /// The settings read with an account.
    pub fn settings_of(account: &crate::store::Account) -> Settings {
        from_stored(account.settings.clone())
    }

    /// The account's settings.
    pub async fn settings(&self, actor: &Actor) -> AppResult<Settings> {
        let stored = self
            .store
            .settings(actor.account_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(from_stored(stored))
    }

    /// Validates and stores the fields sent; the others keep their values.
    pub async fn update_settings(&self, actor: &Actor, cmd: SettingsFields) -> AppResult<Settings> {
        let mut check = Check::new();
        if matches!(cmd.time_zone, Input::Null) {
            check.fail("time_zone", msg("time-zone-unknown"));
        }
        let time_zone = check.optional("time_zone", cmd.time_zone);
        let time_zone = check_time_zone(&mut check, "time_zone", time_zone);
        let language = check_choice(
            &mut check,
            "language",
            cmd.language,
            Language::parse,
            Language::names,
        );
        let energy_unit = check_choice(
            &mut check,
            "energy_unit",
            cmd.energy_unit,
            EnergyUnit::parse,
            EnergyUnit::names,
        );
        let weight_unit = check_choice(
            &mut check,
            "weight_unit",
            cmd.weight_unit,
            WeightUnit::parse,
            WeightUnit::names,
        );
        let length_unit = check_choice(
            &mut check,
            "length_unit",
            cmd.length_unit,
            LengthUnit::parse,
            LengthUnit::names,
        );
        check.finish()?;
        let mut settings = self.settings(actor).await?;
        settings.time_zone = time_zone.unwrap_or(settings.time_zone);
        settings.language = language.unwrap_or(settings.language);
        settings.energy_unit = energy_unit.unwrap_or(settings.energy_unit);
        settings.weight_unit = weight_unit.unwrap_or(settings.weight_unit);
        settings.length_unit = length_unit.unwrap_or(settings.length_unit);
        self.store
            .set_settings(actor.account_id, &to_stored(&settings))
            .await?;
        Ok(settings)
    }

    /// The account's "today": the current date in its time zone.
    pub async fn today(&self, actor: &Actor) -> AppResult<NaiveDate> {
        let zone = self.settings(actor).await?.time_zone;
        Ok(self.today_in(zone))
    }

    /// The current date in `zone`.
    pub fn today_in(&self, zone: Tz) -> NaiveDate {
        settings::today_in(zone, self.clock.now())
    }

    /// The current time in `zone`.
    pub fn now_in(&self, zone: Tz) -> DateTime<Tz> {
        self.clock.now().with_timezone(&zone)
    }
}
