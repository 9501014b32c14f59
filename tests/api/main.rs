//! Black-box tests of the HTTP API, each run against SQLite and PostgreSQL.

#[path = "../common/mod.rs"]
mod common;
mod helpers;

mod access;
mod activities;
mod auth;
mod branded;
mod catalogue;
mod catalogue_upgrade;
mod concurrency;
mod diary;
mod export;
mod food_catalogue;
mod goals;
mod health_data;
mod idempotency;
mod import_formats;
mod imports;
mod measurements;
mod micronutrients;
mod nutrient_targets;
mod operations;
mod quick;
mod recipes;
mod replicas;
mod saved_meals;
mod schema;
mod settings;
mod shares;
mod summary;
mod tokens;
mod trend;
mod water;
mod weights;
