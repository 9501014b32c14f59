//! Body measurements (body.md §4): waist, hips, chest, neck, thigh and arm
//! in cm and body fat in %, one record a day; a second record of the day
//! merges into the first.

use chrono::NaiveDate;

use super::input::Measure;
use super::{Actor, App, AppError, AppResult, Check, Input, check_order};
use crate::domain::measurements::{Change, Kind};
use crate::domain::quotas::MEASUREMENT_DAYS;
use crate::locale::msg;
use crate::store::{ALL_DATES, Measurement};

/// A day's measurements as sent, by [`Kind::ALL`]'s order: absent keeps
/// the value held, null clears it.
#[derive(Debug, Default)]
pub struct MeasurementFields(pub [Input<f64>; 7]);

impl MeasurementFields {
    /// The field of `kind`.
    pub fn field(&mut self, kind: Kind) -> &mut Input<f64> {
        let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        &mut self.0[i]
    }
}

impl App {
    /// Merges the fields sent into the day's record: at least one must be
    /// sent; lengths 10–300 cm (kept to 0.1 cm), body fat 2–75 %. A record
    /// left with no value is removed.
    pub async fn put_measurement(
        &self,
        actor: &Actor,
        date: NaiveDate,
        fields: MeasurementFields,
    ) -> AppResult<Measurement> {
        if fields.0.iter().all(Input::is_absent) {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.field()).collect();
            return Err(AppError::invalid(
                "body",
                msg("measurement-none-sent").arg("fields", names.join(", ")),
            ));
        }
        let mut check = Check::new();
        let mut changes = [Change::Keep; 7];
        for ((kind, input), change) in Kind::ALL.into_iter().zip(fields.0).zip(&mut changes) {
            let measure = if kind.is_length() {
                Measure::Length
            } else {
                Measure::Plain
            };
            *change = match input {
                Input::Absent => Change::Keep,
                Input::Null => Change::Clear,
                other => {
                    let value = check.optional(kind.field(), other);
                    match check.measured(kind.field(), value, kind.range(), measure) {
                        Some(v) => Change::Set(v),
                        None => Change::Keep,
                    }
                }
            };
        }
        check.finish()?;
        self.store
            .merge_measurement(actor.account_id, date, changes, MEASUREMENT_DAYS)
            .await
            .map_err(AppError::within(MEASUREMENT_DAYS))
    }

    pub async fn delete_measurement(&self, actor: &Actor, date: NaiveDate) -> AppResult<()> {
        if self
            .store
            .delete_measurement(actor.account_id, date)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The records of `from..=to` by date; each end open when `None`.
    pub async fn measurements(
        &self,
        actor: &Actor,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> AppResult<Vec<Measurement>> {
        let from = from.unwrap_or(ALL_DATES.0);
        let to = to.unwrap_or(ALL_DATES.1);
        check_order(from, to)?;
        Ok(self.store.measurements(actor.account_id, from, to).await?)
    }
}
