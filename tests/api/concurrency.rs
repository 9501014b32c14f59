//! Many clients of one account writing at once: every acknowledged operation
//! counts, nothing else does, and no request fails for contention.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const CLIENTS: usize = 50;
/// Two rounds: 100 activity entries, the most one day may hold.
const ROUNDS: usize = 2;
const DAY: &str = "2026-05-20";

/// What one client saw acknowledged.
#[derive(Default)]
struct Acknowledged {
    /// Food entries created and not deleted, by id: calories.
    foods: BTreeMap<i64, f64>,
    /// Activity entries created and not deleted, by id: kcal burned.
    activities: BTreeMap<i64, f64>,
}

/// One client (its own connection pool and token) adding food and activity
/// entries, and deleting every other food entry it made, in rounds.
async fn client_run(address: String, token: String, client_no: usize) -> Acknowledged {
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    let url = |path: &str| format!("{address}{path}");
    let mut seen = Acknowledged::default();
    for round in 0..ROUNDS {
        // Distinct values per client and round, kept to 0.1 as stored.
        let calories = (client_no * 100 + round) as f64 + 0.5;
        let r = http
            .post(url("/api/v1/food-entries"))
            .bearer_auth(&token)
            .json(
                &json!({"date": DAY, "meal": "snack", "name": format!("c{client_no} r{round}"),
                          "calories": calories, "protein_g": 1.5}),
            )
            .send()
            .await
            .expect("POST food entry");
        let entry = json_of(r, StatusCode::CREATED).await;
        let food_id = entry["id"].as_i64().unwrap();
        seen.foods.insert(food_id, calories);

        let burned = (client_no + round) as f64 + 0.5;
        let r = http
            .post(url("/api/v1/activity-entries"))
            .bearer_auth(&token)
            .json(
                &json!({"date": DAY, "name": format!("a{client_no} r{round}"),
                          "duration_min": 10, "kcal_burned": burned}),
            )
            .send()
            .await
            .expect("POST activity entry");
        let entry = json_of(r, StatusCode::CREATED).await;
        seen.activities
            .insert(entry["id"].as_i64().unwrap(), burned);

        if round % 2 == 1 {
            let r = http
                .delete(url(&format!("/api/v1/food-entries/{food_id}")))
                .bearer_auth(&token)
                .send()
                .await
                .expect("DELETE food entry");
            assert_eq!(
                r.status(),
                StatusCode::NO_CONTENT,
                "client {client_no} round {round}"
            );
            seen.foods.remove(&food_id);
        }
    }
    seen
}

async fn fifty_clients_of_one_account_leave_exact_totals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("busy").await;
    let mut tokens = Vec::new();
    for i in 0..CLIENTS {
        let created = json_of(
            owner
                .post(
                    "/api/v1/tokens",
                    &json!({"name": format!("client {i}"), "password": "correct horse battery"}),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
        tokens.push(created["token"].as_str().unwrap().to_owned());
    }

    let runs: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(i, token)| tokio::spawn(client_run(app.address.clone(), token, i)))
        .collect();
    let mut foods = BTreeMap::new();
    let mut activities = BTreeMap::new();
    for run in runs {
        let seen = run.await.expect("a client panicked");
        foods.extend(seen.foods);
        activities.extend(seen.activities);
    }
    assert_eq!(foods.len(), CLIENTS * ROUNDS / 2);
    assert_eq!(activities.len(), CLIENTS * ROUNDS);

    let listed = owner
        .get_ok(&format!("/api/v1/food-entries?date={DAY}"))
        .await;
    let listed: BTreeMap<i64, f64> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_i64().unwrap(), num(&e["calories"])))
        .collect();
    assert_eq!(
        listed, foods,
        "food entries differ from the acknowledged ones"
    );
    let listed = owner
        .get_ok(&format!("/api/v1/activity-entries?date={DAY}"))
        .await;
    let listed: BTreeMap<i64, f64> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_i64().unwrap(), num(&e["kcal_burned"])))
        .collect();
    assert_eq!(
        listed, activities,
        "activity entries differ from the acknowledged ones"
    );

    let summary: Value = owner
        .get_ok(&format!("/api/v1/summary/daily?date={DAY}"))
        .await;
    let consumed: f64 = foods.values().sum();
    let burned: f64 = activities.values().sum();
    assert!(
        (num(&summary["consumed"]["calories"]) - consumed).abs() < 0.05,
        "consumed {} != {consumed}",
        summary["consumed"]["calories"]
    );
    assert!(
        (num(&summary["consumed"]["protein_g"]) - 1.5 * foods.len() as f64).abs() < 0.05,
        "{summary}"
    );
    assert!(
        (num(&summary["burned_kcal"]) - burned).abs() < 0.05,
        "burned {} != {burned}",
        summary["burned_kcal"]
    );
}

/// 16 clients (as the load benchmark runs) of one account, each writing
/// food entries on a day of its own while the others write.
const WRITERS: usize = 16;
const WRITES_EACH: usize = 20;
/// The slowest write allowed. One SQLite writer queues them: the 16th waits
/// for 15 short transactions. Ten pooled connections fighting for the file's
/// lock slept in SQLite's busy handler instead (up to 100 ms a sleep), and
/// past the 5 s busy timeout a write failed with "database is locked" (503).
const SLOWEST_WRITE: Duration = Duration::from_secs(3);

async fn sixteen_writers_at_once_all_succeed_promptly(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let user = app.user("writers").await;
    let runs: Vec<_> = (0..WRITERS)
        .map(|client_no| {
            let user = user.clone();
            tokio::spawn(async move {
                let day = format!("2026-04-{:02}", client_no + 1);
                let mut slowest = Duration::ZERO;
                for i in 0..WRITES_EACH {
                    let started = Instant::now();
                    let r = user
                        .post(
                            "/api/v1/food-entries",
                            &json!({"date": day, "meal": "lunch", "name": format!("w{i}"),
                                    "calories": 100}),
                        )
                        .await;
                    let status = r.status();
                    let body = r.text().await.unwrap();
                    assert_eq!(status, StatusCode::CREATED, "client {client_no}: {body}");
                    slowest = slowest.max(started.elapsed());
                }
                // What was acknowledged on the writer, a reader sees.
                let summary = user
                    .get_ok(&format!("/api/v1/summary/daily?date={day}"))
                    .await;
                assert_eq!(
                    num(&summary["consumed"]["calories"]),
                    100.0 * WRITES_EACH as f64,
                    "client {client_no}: {summary}"
                );
                slowest
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for run in runs {
        slowest = slowest.max(run.await.expect("a writer panicked"));
    }
    eprintln!("slowest of {} writes: {slowest:?}", WRITERS * WRITES_EACH);
    assert!(
        slowest < SLOWEST_WRITE,
        "the slowest write took {slowest:?}"
    );
}

/// Writes whose clients give up mid-flight (timeouts from 0.1 to 3 ms, so
/// that some are dropped while their transaction begins or commits) leave
/// the database writable: on SQLite's one writer connection, sqlx could be
/// left inside a `BEGIN IMMEDIATE` nobody ends, and every later write failed.
async fn writes_abandoned_mid_flight_leave_the_writer_usable(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let user = app.user("quitter").await;
    for round in 0..25u64 {
        let sends = (0..16u64).map(|k| {
            let user = user.clone();
            async move {
                let patience = Duration::from_micros(100 + (round * 16 + k) * 7919 % 2900);
                let day = format!("2026-03-{:02}", 1 + (round * 16 + k) % 28);
                let _ = user
                    .client
                    .post(user.url("/api/v1/food-entries"))
                    .json(&json!({"date": day, "name": "given up", "calories": 1}))
                    .timeout(patience)
                    .send()
                    .await;
            }
        });
        futures_util::future::join_all(sends).await;
    }
    for i in 0..20 {
        let r = user
            .post(
                "/api/v1/food-entries",
                &json!({"date": "2026-02-01", "name": format!("kept {i}"), "calories": 10}),
            )
            .await;
        let status = r.status();
        assert_eq!(
            status,
            StatusCode::CREATED,
            "write {i}: {}",
            r.text().await.unwrap()
        );
    }
    let day = user.get_ok("/api/v1/summary/daily?date=2026-02-01").await;
    assert_eq!(num(&day["consumed"]["calories"]), 200.0, "{day}");
}

both_backends!(
    fifty_clients_of_one_account_leave_exact_totals,
    sixteen_writers_at_once_all_succeed_promptly,
    writes_abandoned_mid_flight_leave_the_writer_usable
);
