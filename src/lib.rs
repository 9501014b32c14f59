//! NutriNube: a self-hosted nutrition and fitness tracker.

pub mod auth;
pub mod config;
pub mod domain;
pub mod healthcheck;
pub mod http;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;
