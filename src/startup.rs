//! Builds the application and runs it until it is told to stop.

//!
//! The one place that knows both front ends: it joins the API (`http/`) and
//! the pages (`web/`) into one router under the layers every request passes.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use metrics_exporter_prometheus::PrometheusHandle;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::app::App;
use crate::config::Config;
use crate::domain::{activity_catalogue, food_catalogue};
use crate::state::AppState;
use crate::store::Store;
use crate::telemetry::fluentd::FluentdHandle;
use crate::telemetry::request_log;
use crate::{http, web};

pub struct Application {
    listener: TcpListener,
    store: Store,
    state: AppState,
}

impl Application {
    /// Binds the listener and creates the (lazy) database pool; nothing
    /// waits for the database, which `prepare_database` reaches in the
    /// background. `metrics` is the process's recorder (`set_up_process`).
    pub async fn build(
        config: Config,
        metrics: PrometheusHandle,
        fluentd: Option<FluentdHandle>,
    ) -> anyhow::Result<Application> {
        let store = Store::connect_lazy(&config.database_url(), config.db_max_connections)?;
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        let state = AppState {
            app: App::new(store.clone(), config.limits()).with_clock(config.clock),
            config: Arc::new(config),
            ready: Arc::new(AtomicBool::new(false)),
            metrics,
            fluentd,
        };
        Ok(Application {
            listener,
            store,
            state,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn store(&self) -> Store {
        self.store.clone()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests and
    /// closes the pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Application {
            listener,
            store,
            state,
        } = self;
        let preparation = tokio::spawn(prepare_database(store.clone(), state.ready.clone()));
        let maintenance = tokio::spawn(maintain(store.clone(), state.config.session_idle_days));
        let max_connections = state.config.max_connections as usize;
        let app = router(state);
        tracing::info!(address = %listener.local_addr()?, max_connections, "serving");
        crate::serve::serve(listener, app, max_connections, shutdown).await;
        preparation.abort();
        maintenance.abort();
        store.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// The whole application: the API and the pages, a page or a problem for
/// paths neither has, and the layers every request passes (request id, log
/// line and metrics, panic guard, time limit, body limit, security headers,
/// 503 until the database is ready).
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(http::router(state.clone()))
        // The diary's forms are creates too (the off-line queue resends
        // them): the same Idempotency-Key layer as the API's, joined here,
        // where both front ends are known.
        .merge(web::routes().route_layer(middleware::from_fn_with_state(
            state.clone(),
            http::idempotent_creates,
        )))
        .fallback(not_found)
        .layer(
            ServiceBuilder::new()
                .layer(middleware::map_request(
                    request_log::drop_unusable_request_id,
                ))
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(middleware::from_fn(request_log::log_request))
                .layer(CatchPanicLayer::custom(panic_response))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(30),
                ))
                .layer(DefaultBodyLimit::max(http::BODY_LIMIT))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    HeaderName::from_static("referrer-policy"),
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                .layer(middleware::from_fn_with_state(state.clone(), require_ready)),
        )
        .with_state(state)
}

/// Until migrations ran, every request but the operational ones answers 503
/// (a page, or problem+json for the API) rather than failing on a missing
/// table.
async fn require_ready(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if state.is_ready() || path.starts_with("/health/") || path == "/metrics" {
        next.run(req).await
    } else if path.starts_with("/api/") || !wants_html(&req) {
        http::unavailable()
    } else {
        web::unavailable(req.headers())
    }
}

fn wants_html(req: &Request) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// No route: a page for browsers, problem+json for the API and programs.
async fn not_found(State(state): State<AppState>, req: Request) -> Response {
    if wants_html(&req) && !req.uri().path().starts_with("/api/") {
        web::not_found(&state, req).await
    } else {
        http::no_route()
    }
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    http::internal_error()
}

/// What is set once per process, before any application is built: the
/// allocator's tuning and the metrics recorder, whose handle it answers.
/// Safe to call again (tests build many applications in one process).
pub fn set_up_process() -> PrometheusHandle {
    tune_allocator();
    crate::telemetry::install_metrics_recorder()
}

/// Migrates and loads the bundled catalogue, retrying until the database
/// answers; then marks the service ready.
pub async fn prepare_database(store: Store, ready: Arc<AtomicBool>) {
    let mut delay = Duration::from_millis(200);
    loop {
        match prepare_once(&store).await {
            Ok(()) => {
                ready.store(true, Ordering::Release);
                tracing::info!(backend = ?store.backend(), "database ready");
                return;
            }
            Err(e) => {
                tracing::warn!(
                    error = format!("{e:#}"),
                    retry_in_ms = delay.as_millis() as u64,
                    "database not ready"
                );
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

/// Applies migrations and loads the bundled catalogues once; safe when
/// several processes do it at once.
pub async fn prepare_once(store: &Store) -> anyhow::Result<()> {
    // Processes sharing a SQLite file take turns here.
    let _guard = store
        .setup_lock()
        .await
        .context("locking the database for set-up")?;
    store.migrate().await.context("migrating")?;
    // An import still "running" an hour after it began was left by a
    // process that stopped (imports take minutes at most): it failed.
    let stale = store
        .fail_running_imports(chrono::Utc::now() - chrono::Duration::hours(1))
        .await
        .context("ending imports left running")?;
    if stale > 0 {
        tracing::warn!(
            imports = stale,
            "imports left running by a stopped process marked failed"
        );
    }
    store
        .load_activity_catalogue(&activity_catalogue::bundled())
        .await
        .context("loading the activity catalogue")?;
    if !store
        .catalogue_release_loaded(food_catalogue::RELEASE)
        .await?
    {
        let started = std::time::Instant::now();
        let foods = food_catalogue::bundled();
        if store
            .load_food_catalogue(food_catalogue::RELEASE, &foods)
            .await
            .context("loading the food catalogue")?
        {
            tracing::info!(
                release = food_catalogue::RELEASE,
                foods = foods.len(),
                seconds = started.elapsed().as_secs_f64(),
                "food catalogue loaded"
            );
        }
    }
    store
        .backfill_search_text()
        .await
        .context("indexing foods for search")?;
    Ok(())
}

/// Hourly clean-up of expired sessions, old failed-login and registration
/// records, and idempotency keys past their 24 hours.
async fn maintain(store: Store, session_idle_days: u32) {
    let period = Duration::from_secs(3600);
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    loop {
        tick.tick().await;
        let now = chrono::Utc::now();
        let cutoff = now - chrono::Duration::days(1);
        let idle_since = now - chrono::Duration::days(i64::from(session_idle_days));
        if let Err(e) = store.prune(cutoff, idle_since).await {
            tracing::warn!(error = %e, "pruning expired sessions failed");
        }
        let keys_before = now - crate::app::idempotency::KEY_LIFETIME;
        if let Err(e) = store.prune_idempotency_keys(keys_before).await {
            tracing::warn!(error = %e, "pruning expired idempotency keys failed");
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received: finishing in-flight requests");
}

/// Large allocations straight from, and back to, the operating system.
///
/// glibc raises its mmap threshold to the size of the largest block freed, so
/// after the first password hash (argon2id: 19 MiB) later ones came from heap
/// arenas and stayed resident after being freed: the load benchmark saw the
/// server grow by ~19 MiB every few logins (118 MiB after 10 s of logins; 1.4
/// GB when they ran on the blocking pool). A fixed threshold (glibc's initial
/// 128 KiB) keeps large blocks mmapped, and so returned when freed. The
/// container image's static binary is glibc too (crt-static), so this applies
/// there as well.
///
/// And at most two arenas: glibc gives a thread that finds the arenas busy
/// one of its own (up to 8 per core), and sqlx runs each SQLite connection
/// on a thread of its own, so the readers' freed blocks (FTS5 doclists,
/// copied column values) stayed resident in ten arenas: 76 MiB peak after
/// 10 s of catalogue search with the branded foods loaded, 52 MiB in one.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
    const M_ARENA_MAX: std::ffi::c_int = -8;
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: mallopt only changes the allocator's tuning, and may be called
    // at any time from any thread.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        mallopt(M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
