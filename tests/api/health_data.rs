//! Health data pushed from a phone (data.md §5): Health Auto Export's JSON
//! through a `health` token; a day or a workout sent again replaces what it
//! sent, units are converted, unknown metrics are counted and ignored.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

fn push(active_kj: f64, run_kcal: f64) -> Value {
    json!({"data": {
        "metrics": [
            {"name": "weight_body_mass", "units": "lb", "data": [
                {"date": "2024-01-08 06:30:00 -0800", "qty": 165.0, "source": "Scale"},
                {"date": "2024-01-08 21:00:00 -0800", "qty": 166.0, "source": "Scale"}]},
            {"name": "active_energy", "units": "kJ", "data": [
                {"date": "2024-01-08 07:00:00 -0800", "qty": active_kj},
                {"date": "2024-01-08 23:30:00 -0800", "qty": 418.4}]},
            {"name": "dietary_water", "units": "mL", "data": [
                {"date": "2024-01-08 09:00:00 -0800", "qty": 250},
                {"date": "2024-01-08 13:00:00 -0800", "qty": 500}]},
            {"name": "body_fat_percentage", "units": "%", "data": [
                {"date": "2024-01-08 06:30:00 -0800", "qty": 24.1}]},
            {"name": "heart_rate", "units": "count/min", "data": [
                {"date": "2024-01-08 07:00:00 -0800", "Min": 60, "Avg": 70, "Max": 150}]}
        ],
        "workouts": [
            {"id": "7D3A-RUN", "name": "Outdoor Run", "start": "2024-01-08 07:30:00 -0800",
             "end": "2024-01-08 08:00:00 -0800", "duration": 1800,
             "activeEnergyBurned": {"qty": run_kcal, "units": "kcal"}},
            {"id": "7D3A-BAD", "name": "Swim", "start": "2024-01-08 18:00:00 -0800",
             "activeEnergyBurned": {"qty": "lots", "units": "kcal"}}
        ]
    }})
}

async fn health_token(user: &Browser) -> String {
    let token = json_of(
        user.post(
            "/api/v1/tokens",
            &json!({"name": "phone", "scope": "health", "password": "correct horse battery"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    token["token"].as_str().unwrap().to_owned()
}

async fn send(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    Client::new()
        .post(format!("{}/api/v1/health-data", app.address))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("POST /health-data")
}

async fn a_phone_pushes_days_and_workouts_that_a_repeat_replaces(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let token = health_token(&ana).await;

    let first = json_of(
        send(&app, &token, &push(836.8, 300.0)).await,
        StatusCode::OK,
    )
    .await;
    let counts = &first["counts"];
    assert_eq!(counts["weights"], 1, "{first}");
    assert_eq!(counts["measurements"], 1, "{first}");
    assert_eq!(counts["water_entries"], 1, "{first}");
    // One "Active energy" a day, and the run.
    assert_eq!(counts["activity_entries"], 2, "{first}");
    assert_eq!(first["ignored"]["heart_rate"], 1, "{first}");
    assert_eq!(first["skipped_total"], 1, "{first}");
    assert!(
        first["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("workouts[1]")
    );

    let activities = ana.get_ok("/api/v1/activity-entries?date=2024-01-08").await;
    let items = activities["items"].as_array().unwrap();
    let energy = items.iter().find(|a| a["name"] == "Active energy").unwrap();
    assert!(
        (energy["kcal_burned"].as_f64().unwrap() - 300.0).abs() < 0.01,
        "{energy}"
    );
    assert_eq!(energy["source"], "apple-health");
    let water = ana.get_ok("/api/v1/water-entries?date=2024-01-08").await;
    assert_eq!(water["items"].as_array().unwrap().len(), 1, "{water}");
    assert_eq!(water["items"][0]["ml"], 750.0);
    let weights = ana.get_ok("/api/v1/weights").await;
    let w = weights["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["date"] == "2024-01-08")
        .unwrap()
        .clone();
    assert!(
        (w["weight_kg"].as_f64().unwrap() - 75.3).abs() < 0.01,
        "the day's latest: {w}"
    );

    // The same push again: nothing new.
    let again = json_of(
        send(&app, &token, &push(836.8, 300.0)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["counts"]["activity_entries"], 0, "{again}");
    assert_eq!(again["unchanged"], 5, "{again}");

    // The day sent again with more energy and the run updated: replaced, not doubled.
    let later = json_of(
        send(&app, &token, &push(1255.2, 320.0)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(later["counts"]["activity_entries"], 2, "{later}");
    let activities = ana.get_ok("/api/v1/activity-entries?date=2024-01-08").await;
    let items = activities["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{activities}");
    let energy = items.iter().find(|a| a["name"] == "Active energy").unwrap();
    assert!(
        (energy["kcal_burned"].as_f64().unwrap() - 400.0).abs() < 0.01,
        "{energy}"
    );
    let run = items.iter().find(|a| a["name"] == "Outdoor Run").unwrap();
    assert_eq!(
        (run["kcal_burned"].as_f64(), run["duration_min"].as_i64()),
        (Some(320.0), Some(30))
    );

    // The health token does nothing else.
    let r = Client::new()
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

async fn a_push_that_is_not_health_data_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let token = health_token(&ana).await;
    for body in [
        json!({"metrics": []}),
        json!({"data": {"metrics": 3}}),
        json!([1, 2]),
    ] {
        let fields = problem_fields(
            send(&app, &token, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, ["data"], "{body}");
    }
    let r = Client::new()
        .post(format!("{}/api/v1/health-data", app.address))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Without a token or session.
    let r = Client::new()
        .post(format!("{}/api/v1/health-data", app.address))
        .json(&push(1.0, 1.0))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let activities = ana.get_ok("/api/v1/activity-entries?date=2024-01-08").await;
    assert_eq!(activities["items"], json!([]));
}

both_backends!(
    a_phone_pushes_days_and_workouts_that_a_repeat_replaces,
    a_push_that_is_not_health_data_is_refused,
);
