//! Health, readiness through a database outage, metrics, request ids, and
//! the OpenAPI description against the router.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::both_backends;
use crate::common::pg_server::PgServer;
use crate::helpers::*;

async fn health_endpoints_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    let live = b.get_ok("/health/live").await;
    assert_eq!(live["status"], "ok");
    assert_eq!(live["version"], env!("CARGO_PKG_VERSION"));
    let ready = b.get_ok("/health/ready").await;
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready_gauge(&b).await, 1.0);
}

/// Invented methods must not become label sets: each would stay in `/metrics`
/// for good (hardening.md: 300 such requests grew it to 11 MB).
async fn invented_methods_do_not_grow_the_metrics(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let c = reqwest::Client::new();
    for i in 0..40 {
        let method =
            reqwest::Method::from_bytes(format!("M{}{i}", "A".repeat(200)).as_bytes()).unwrap();
        let r = c
            .request(method, app.url("/health/live"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
    let text = c
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!text.contains("MAAAA"), "an invented method became a label");
    let known = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other",
    ];
    for label in text.split("method=\"").skip(1) {
        let method = label.split('"').next().unwrap();
        assert!(known.contains(&method), "method label {method:?}");
    }
    assert!(
        text.contains(r#"method="other",route="/health/live",status="405""#),
        "{text}"
    );
}

async fn metrics_are_labelled_by_route_template(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("metrics").await;
    assert_eq!(
        b.get("/api/v1/food-entries/987654321").await.status(),
        StatusCode::NOT_FOUND
    );
    let r = b.get("/metrics").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = r.text().await.unwrap();
    assert!(
        text.contains(
            r#"nutrinube_http_requests_total{method="GET",route="/api/v1/food-entries/{id}",status="404"}"#
        ),
        "{text}"
    );
    assert!(
        !text.contains("987654321"),
        "raw paths must not become labels"
    );
    assert!(text.contains("nutrinube_http_request_duration_seconds_bucket{"));
    assert!(text.contains(r#"nutrinube_db_pool_connections{state="idle"}"#));
    assert!(text.contains("nutrinube_log_events_dropped_total"));
    let build_info = format!(
        r#"nutrinube_build_info{{version="{}"}} 1"#,
        env!("CARGO_PKG_VERSION")
    );
    assert!(
        text.contains(&build_info),
        "{build_info} missing from\n{text}"
    );
}

async fn request_ids_are_kept_or_generated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    let send = |id: Option<&'static str>| {
        let b = b.clone();
        async move {
            let mut req = b.client.get(b.url("/health/live"));
            if let Some(id) = id {
                req = req.header("x-request-id", id);
            }
            let r = req.send().await.unwrap();
            r.headers()["x-request-id"].to_str().unwrap().to_owned()
        }
    };
    assert_eq!(send(Some("abc-123_x.y:z")).await, "abc-123_x.y:z");
    let generated = send(None).await;
    assert_eq!(generated.len(), 36, "{generated}");
    let replaced = send(Some("bad id with spaces")).await;
    assert_ne!(replaced, "bad id with spaces");
    assert_eq!(replaced.len(), 36);
}

/// Every operation of spec §3 (and the copy of issue 3, and the nutrient
/// targets and water of nutrition.md §2 and §6), as (method, path).
const SPEC_OPERATIONS: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"),
    ("put", "/api/v1/me/password"),
    ("delete", "/api/v1/me"),
    // everywhere.md §1
    ("get", "/api/v1/settings"),
    ("put", "/api/v1/settings"),
    ("get", "/api/v1/goals"),
    ("put", "/api/v1/goals"),
    ("get", "/api/v1/profile"),
    ("put", "/api/v1/profile"),
    ("get", "/api/v1/goals/suggested"),
    // nutrition.md §2
    ("get", "/api/v1/nutrient-targets"),
    ("put", "/api/v1/nutrient-targets"),
    ("get", "/api/v1/energy/expenditure"),
    ("post", "/api/v1/food-entries"),
    ("post", "/api/v1/food-entries/copy"),
    ("get", "/api/v1/food-entries"),
    ("get", "/api/v1/food-entries/{id}"),
    ("patch", "/api/v1/food-entries/{id}"),
    ("delete", "/api/v1/food-entries/{id}"),
    ("post", "/api/v1/activity-entries"),
    ("get", "/api/v1/activity-entries"),
    ("get", "/api/v1/activity-entries/{id}"),
    ("patch", "/api/v1/activity-entries/{id}"),
    ("delete", "/api/v1/activity-entries/{id}"),
    ("get", "/api/v1/summary/daily"),
    ("get", "/api/v1/summary"),
    ("get", "/api/v1/foods"),
    ("post", "/api/v1/foods"),
    ("get", "/api/v1/foods/{id}"),
    ("patch", "/api/v1/foods/{id}"),
    ("delete", "/api/v1/foods/{id}"),
    ("get", "/api/v1/foods/recent"),
    ("get", "/api/v1/activities"),
    ("put", "/api/v1/weights/{date}"),
    ("get", "/api/v1/weights"),
    ("delete", "/api/v1/weights/{date}"),
    // nutrition.md §6
    ("post", "/api/v1/water-entries"),
    ("get", "/api/v1/water-entries"),
    ("delete", "/api/v1/water-entries/{id}"),
    // body.md §4
    ("put", "/api/v1/measurements/{date}"),
    ("get", "/api/v1/measurements"),
    ("delete", "/api/v1/measurements/{date}"),
    // data.md §1
    ("post", "/api/v1/imports"),
    ("get", "/api/v1/imports"),
    ("get", "/api/v1/imports/{id}"),
    ("post", "/api/v1/health-data"),
    // nutrition.md §4
    ("post", "/api/v1/saved-meals"),
    ("get", "/api/v1/saved-meals"),
    ("post", "/api/v1/saved-meals/from-day"),
    ("get", "/api/v1/saved-meals/{id}"),
    ("put", "/api/v1/saved-meals/{id}"),
    ("delete", "/api/v1/saved-meals/{id}"),
    ("post", "/api/v1/saved-meals/{id}/log"),
    // nutrition.md §3
    ("post", "/api/v1/recipes"),
    ("get", "/api/v1/recipes"),
    ("post", "/api/v1/recipes/from-meal"),
    ("get", "/api/v1/recipes/{id}"),
    ("put", "/api/v1/recipes/{id}"),
    ("delete", "/api/v1/recipes/{id}"),
    ("get", "/api/v1/export"),
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    // data.md §4
    ("post", "/api/v1/shares"),
    ("get", "/api/v1/shares"),
    ("delete", "/api/v1/shares/{id}"),
    ("get", "/health/live"),
    ("get", "/health/ready"),
    ("get", "/metrics"),
];

async fn openapi_describes_every_route(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    let spec: Value = b.get_ok("/api/v1/openapi.json").await;
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    for (method, path) in SPEC_OPERATIONS {
        assert!(
            paths.get(*path).and_then(|p| p.get(*method)).is_some(),
            "{method} {path} missing from the OpenAPI description"
        );
    }
    // Every described operation is served by the router (no fallback 404,
    // no 405), and the router serves nothing under /api/v1 undescribed.
    let mut count = 0;
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let concrete = path.replace("{id}", "1").replace("{date}", "2026-01-01");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = b
                .client
                .request(method.clone(), b.url(&concrete))
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = r.status();
            let body = r.text().await.unwrap();
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert!(!body.contains("no-route"), "{method} {path} is not routed");
            count += 1;
        }
    }
    assert_eq!(
        count,
        SPEC_OPERATIONS.len(),
        "operations beyond spec §3 are undocumented here"
    );
    let r = b.get("/api/v1/no-such-thing").await;
    assert!(r.text().await.unwrap().contains("no-route"));
}

async fn api_docs_page_loads_nothing_from_the_internet(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    let r = b.get("/api/docs/").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    for needle in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(
            !html.contains(needle),
            "external resource in the docs page: {needle}"
        );
    }
    let init = b.get("/api/docs/swagger-initializer.js").await;
    assert_eq!(init.status(), StatusCode::OK);
    let js = init.text().await.unwrap();
    assert!(js.contains("/api/v1/openapi.json"), "{js}");
    assert!(!js.contains("https://"), "{js}");
    let bundle = b.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), StatusCode::OK);
}

both_backends!(
    health_endpoints_answer,
    metrics_are_labelled_by_route_template,
    invented_methods_do_not_grow_the_metrics,
    request_ids_are_kept_or_generated,
    openapi_describes_every_route,
    api_docs_page_loads_nothing_from_the_internet,
);

/// `nutrinube_ready` as `/metrics` shows it (the alert "readiness failing"
/// reads it): exactly one sample, 0 or 1.
async fn ready_gauge(b: &Browser) -> f64 {
    let r = b.get("/metrics").await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("# TYPE nutrinube_ready gauge\n"),
        "no TYPE line for nutrinube_ready in\n{text}"
    );
    let samples: Vec<f64> = text
        .lines()
        .filter_map(|l| l.strip_prefix("nutrinube_ready "))
        .map(|v| v.trim().parse().unwrap())
        .collect();
    assert_eq!(
        samples.len(),
        1,
        "nutrinube_ready samples {samples:?} in\n{text}"
    );
    samples[0]
}

/// Polls `path` until it answers `status`, within `within`.
async fn wait_for_status(b: &Browser, path: &str, status: StatusCode, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        if let Ok(r) = b.client.get(b.url(path)).send().await
            && r.status() == status
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path} did not answer {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_gives_503_and_recovers() {
    let mut server = PgServer::start_async().await;
    let app = TestApp::spawn_on(&server.url(), |_| {}).await;
    let b = app.user("outage").await;
    let kept = b
        .add_food(json!({"date": "2026-07-01", "name": "Before", "calories": 321}))
        .await;
    assert_eq!(ready_gauge(&b).await, 1.0, "ready before the outage");

    let server = tokio::task::spawn_blocking(move || {
        server.stop();
        server
    })
    .await
    .unwrap();
    let started = Instant::now();
    wait_for_status(
        &b,
        "/health/ready",
        StatusCode::SERVICE_UNAVAILABLE,
        Duration::from_secs(10),
    )
    .await;
    let r = b.get("/api/v1/food-entries?date=2026-07-01").await;
    assert_eq!(r.headers()["retry-after"], "5");
    problem_fields(r, StatusCode::SERVICE_UNAVAILABLE).await;
    let r = b
        .post(
            "/api/v1/food-entries",
            &json!({"date": "2026-07-01", "name": "Lost?", "calories": 1}),
        )
        .await;
    problem_fields(r, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "answers must not hang"
    );
    assert_eq!(b.get("/health/live").await.status(), StatusCode::OK);
    assert_eq!(
        ready_gauge(&b).await,
        0.0,
        "not ready with the database down"
    );

    let mut server = server;
    let server = tokio::task::spawn_blocking(move || {
        server.restart();
        server
    })
    .await
    .unwrap();
    wait_for_status(&b, "/health/ready", StatusCode::OK, Duration::from_secs(30)).await;
    assert_eq!(ready_gauge(&b).await, 1.0, "ready again after the outage");
    let day = b.get_ok("/api/v1/food-entries?date=2026-07-01").await;
    assert_eq!(
        day["items"].as_array().unwrap(),
        &vec![kept],
        "the data survived, nothing half-written"
    );
    b.add_food(json!({"date": "2026-07-01", "name": "After", "calories": 1}))
        .await;
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_waits_for_a_database_that_starts_late() {
    let mut server = PgServer::start_async().await;
    let url = server.url();
    let mut server = tokio::task::spawn_blocking(move || {
        server.stop();
        server
    })
    .await
    .unwrap();
    let app = TestApp::start_on(&url, |_| {}).await;
    let b = app.new_browser();
    assert_eq!(b.get("/health/live").await.status(), StatusCode::OK);
    assert_eq!(
        b.get("/health/ready").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        ready_gauge(&b).await,
        0.0,
        "not ready before migrations ran"
    );
    problem_fields(
        b.register("late", "correct horse battery").await,
        StatusCode::SERVICE_UNAVAILABLE,
    )
    .await;
    let server = tokio::task::spawn_blocking(move || {
        server.restart();
        server
    })
    .await
    .unwrap();
    wait_for_status(&b, "/health/ready", StatusCode::OK, Duration::from_secs(30)).await;
    assert_eq!(ready_gauge(&b).await, 1.0, "ready once the database came");
    assert_eq!(
        b.register("late", "correct horse battery").await.status(),
        StatusCode::CREATED
    );
    drop(server);
}
