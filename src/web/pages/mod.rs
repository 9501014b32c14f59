//! The pages, one file each (with the forms they post).

pub mod dashboard;
pub mod diary;
pub mod entries;
pub mod goals;
pub mod history;
pub mod imports;
pub mod login;
pub mod measurements;
pub mod nutrients;
pub mod recipes;
pub mod saved_meals;
pub mod settings;
pub mod shared;
pub mod water;
