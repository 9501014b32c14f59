//! What every request handler of either front end can reach.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use metrics_exporter_prometheus::PrometheusHandle;

use crate::app::App;
use crate::config::Config;
use crate::telemetry::fluentd::FluentdHandle;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<Config>,
    /// Set once migrations ran and the bundled catalogue is loaded.
    pub ready: Arc<AtomicBool>,
    pub metrics: PrometheusHandle,
    pub fluentd: Option<FluentdHandle>,
}

impl AppState {
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }
}
