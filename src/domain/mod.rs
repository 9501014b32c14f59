//! Pure rules of the tracker: no I/O, unit-tested.

pub mod activity_catalogue;
pub mod dri;
pub mod energy;
pub mod expenditure;
pub mod fdc_branded;
pub mod food_catalogue;
pub mod goals;
pub mod imports;
pub mod legacy;
pub mod meal;
pub mod measurements;
pub mod nutrient_totals;
pub mod nutrients;
pub mod quotas;
pub mod recipes;
pub mod search;
pub mod settings;
pub mod summary;
pub mod text;
pub mod trend;
pub mod water;
pub mod weekday_goals;
