//! Logs (JSON lines on stdout, optionally also to Fluentd) and metrics.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::Config;

pub mod fluentd;
pub mod request_log;

/// Installs the global log subscriber: JSON lines on stdout, and with
/// `NUTRINUBE_FLUENTD_ADDR` the same events to Fluentd through a bounded queue.
pub fn init_logging(config: &Config) -> anyhow::Result<Option<fluentd::FluentdHandle>> {
    let filter = EnvFilter::try_new(&config.log)
        .map_err(|e| anyhow::anyhow!("NUTRINUBE_LOG is not a valid filter: {e}"))?;
    let stdout = tracing_subscriber::fmt::layer()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(true)
        .with_writer(std::io::stdout);
    let (fluentd_layer, handle) = match &config.fluentd_addr {
        Some(addr) if !addr.trim().is_empty() => {
            let (layer, handle) = fluentd::fluentd_layer(fluentd::FluentdConfig {
                addr: addr.trim().to_owned(),
                tag: config.fluentd_tag.clone(),
                capacity: config.fluentd_buffer.max(1),
            });
            (Some(layer), Some(handle))
        }
        _ => (None, None),
    };
    tracing_subscriber::registry()
        .with(stdout.and_then(fluentd_layer).with_filter(filter))
        .try_init()
        .map_err(|e| anyhow::anyhow!("installing the log subscriber: {e}"))?;
    Ok(handle)
}

pub const READY_METRIC: &str = "nutrinube_ready";

/// `nutrinube_ready` in the text format: 1 when the readiness check passes,
/// 0 when `/health/ready` would answer 503. Rendered per application from its
/// own check at scrape time, not kept in the process-wide recorder, where
/// applications sharing a process (the tests) would overwrite each other's.
pub fn ready_gauge(ready: bool) -> String {
    format!(
        "# HELP {READY_METRIC} Whether the readiness check (/health/ready) passes\n\
         # TYPE {READY_METRIC} gauge\n\
         {READY_METRIC} {}\n",
        u8::from(ready)
    )
}

/// Latency buckets in seconds: fine below 10 ms, where most requests land.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How often histogram samples are folded into their buckets.
const UPKEEP_PERIOD: std::time::Duration = std::time::Duration::from_secs(5);

/// Installs the process-wide Prometheus recorder the first time, and answers
/// its handle (tests build many applications in one process).
pub fn install_metrics_recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(request_log::LATENCY_METRIC.to_owned()),
                    LATENCY_BUCKETS,
                )
                .expect("latency buckets are not empty")
                .install_recorder()
                .expect("installing the metrics recorder");
            metrics::describe_counter!(
                request_log::REQUESTS_METRIC,
                "HTTP requests by route and status"
            );
            metrics::describe_histogram!(
                request_log::LATENCY_METRIC,
                metrics::Unit::Seconds,
                "HTTP request latency by route"
            );
            metrics::describe_counter!(
                fluentd::DROPPED_METRIC,
                "Log events dropped on the way to Fluentd"
            );
            metrics::describe_gauge!(
                "nutrinube_db_pool_connections",
                "Database connections by state"
            );
            metrics::counter!(fluentd::DROPPED_METRIC).increment(0);
            metrics::gauge!("nutrinube_build_info", "version" => env!("CARGO_PKG_VERSION"))
                .set(1.0);
            // Histogram samples pile up in the recorder until drained, which
            // a scrape of /metrics does; with no one scraping (a laptop, a
            // cluster without Prometheus) the server grew by ~3 MiB a minute
            // under the soak run. Draining every few seconds bounds it.
            let upkeep = handle.clone();
            std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(UPKEEP_PERIOD);
                        upkeep.run_upkeep();
                    }
                })
                .expect("starting the metrics upkeep thread");
            handle
        })
        .clone()
}
