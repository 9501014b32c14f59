//! Pure rules of the tracker: no I/O, unit-tested.

pub mod activity_catalogue;
pub mod dri;
pub mod energy;
pub mod food_catalogue;
pub mod goals;
pub mod meal;
pub mod nutrient_totals;
pub mod nutrients;
pub mod quotas;
pub mod recipes;
pub mod search;
pub mod settings;
pub mod summary;
pub mod text;
pub mod water;
