//! NutriNube: a self-hosted nutrition and fitness tracker.

pub mod app;
pub mod auth;
pub mod config;
pub mod domain;
pub mod edge;
pub mod healthcheck;
pub mod http;
pub mod locale;
pub mod serve;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod web;
