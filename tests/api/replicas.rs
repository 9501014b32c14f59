//! Several processes on one database: shared sessions, concurrent migrations.

use reqwest::StatusCode;
use serde_json::json;

use crate::both_backends;
use crate::helpers::*;

async fn a_session_from_one_replica_works_on_another(backend: Backend) {
    let first = TestApp::spawn(backend).await;
    let second = TestApp::spawn_on(&first.database_url, |_| {}).await;
    assert_ne!(first.address, second.address);
    let on_first = first.user("roamer").await;
    let e = on_first
        .add_food(json!({"date": "2026-08-01", "name": "Pear", "calories": 57}))
        .await;
    // The same browser (same cookie jar) now talks to the second replica.
    let on_second = Browser {
        address: second.address.clone(),
        client: on_first.client.clone(),
    };
    let me = on_second.get_ok("/api/v1/me").await;
    assert_eq!(me["username"], "roamer");
    let fetched = on_second
        .get_ok(&format!("/api/v1/food-entries/{}", e["id"]))
        .await;
    assert_eq!(fetched, e);
    // Logging out on the second ends the session on the first too.
    let r = on_second.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        on_first.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn concurrent_migrations_both_succeed(backend: Backend) {
    let db = TestDatabase::empty(backend).await;
    let stores: Vec<_> = (0..4)
        .map(|_| nutrinube::store::Store::connect_lazy(&db.url, 4).unwrap())
        .collect();
    let results = futures_join_all(
        stores
            .into_iter()
            .map(|s| async move { nutrinube::startup::prepare_once(&s).await }),
    )
    .await;
    for r in results {
        r.expect("every process migrates cleanly");
    }
    // Migrated exactly once: the schema works and the catalogue is not doubled.
    let app = TestApp::spawn_on(&db.url, |_| {}).await;
    let b = app.user("after").await;
    let all = b.get_ok("/api/v1/activities?limit=100").await;
    let n = all["items"].as_array().unwrap().len();
    let names: std::collections::HashSet<_> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names.len(), n, "no activity loaded twice");
    let whey = b
        .get_ok("/api/v1/foods?q=whey%20acid%20fluid&limit=50")
        .await;
    let copies = whey["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"] == "Whey, acid, fluid")
        .count();
    assert_eq!(copies, 1, "no food loaded twice");
}

/// Runs the futures concurrently on separate tasks, in order of results.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

both_backends!(
    a_session_from_one_replica_works_on_another,
    concurrent_migrations_both_succeed,
);
