//! The body-weight log: one entry per day, ranges, validation, the profile's
//! weight and ownership.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

async fn put_weight(user: &Browser, date: &str, kg: f64) -> Value {
    json_of(
        user.put(
            &format!("/api/v1/weights/{date}"),
            &json!({"weight_kg": kg}),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// The log as `(date, weight_kg)` pairs, in the order given.
fn rows(list: &Value) -> Vec<(String, f64)> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|w| (w["date"].as_str().unwrap().to_owned(), num(&w["weight_kg"])))
        .collect()
}

fn row(date: &str, kg: f64) -> (String, f64) {
    (date.to_owned(), kg)
}

async fn a_day_has_one_weight_kept_to_a_hundredth(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;

    // To 0.01 kg: a weight typed in pounds to 0.1 on the pages shows again
    // as typed.
    let w = put_weight(&alice, "2026-01-10", 80.254).await;
    assert_eq!(w["date"], "2026-01-10");
    assert_eq!(num(&w["weight_kg"]), 80.25);
    let list = alice.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), [row("2026-01-10", 80.25)]);

    // A second one on the same day replaces the first.
    let w = put_weight(&alice, "2026-01-10", 79.946).await;
    assert_eq!(num(&w["weight_kg"]), 79.95);
    let list = alice.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), [row("2026-01-10", 79.95)]);
}

async fn weights_are_listed_by_date_within_the_range(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    for (date, kg) in [
        ("2026-01-15", 81.0),
        ("2026-01-05", 82.5),
        ("2026-02-01", 80.0),
        ("2026-01-10", 81.7),
    ] {
        put_weight(&alice, date, kg).await;
    }

    let all = alice.get_ok("/api/v1/weights").await;
    assert_eq!(
        rows(&all),
        [
            row("2026-01-05", 82.5),
            row("2026-01-10", 81.7),
            row("2026-01-15", 81.0),
            row("2026-02-01", 80.0),
        ]
    );
    // Both ends are inclusive.
    let some = alice
        .get_ok("/api/v1/weights?from=2026-01-05&to=2026-01-15")
        .await;
    assert_eq!(
        rows(&some),
        [
            row("2026-01-05", 82.5),
            row("2026-01-10", 81.7),
            row("2026-01-15", 81.0),
        ]
    );
    let some = alice
        .get_ok("/api/v1/weights?from=2026-01-06&to=2026-01-31")
        .await;
    assert_eq!(
        rows(&some),
        [row("2026-01-10", 81.7), row("2026-01-15", 81.0)]
    );
    let some = alice.get_ok("/api/v1/weights?from=2026-01-11").await;
    assert_eq!(
        rows(&some),
        [row("2026-01-15", 81.0), row("2026-02-01", 80.0)]
    );
    let some = alice.get_ok("/api/v1/weights?to=2026-01-09").await;
    assert_eq!(rows(&some), [row("2026-01-05", 82.5)]);
    let none = alice
        .get_ok("/api/v1/weights?from=2026-03-01&to=2026-03-31")
        .await;
    assert_eq!(rows(&none), Vec::<(String, f64)>::new());

    for bad in [
        "from=2026-1-05",
        "from=yesterday&to=2026-01-31",
        "from=2026-01-01&to=2026-02-30",
    ] {
        let r = alice.get(&format!("/api/v1/weights?{bad}")).await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
}

async fn deleting_a_weight(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    put_weight(&alice, "2026-01-10", 80.0).await;
    put_weight(&alice, "2026-01-11", 79.5).await;

    let r = alice.delete("/api/v1/weights/2026-01-10").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let list = alice.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), [row("2026-01-11", 79.5)]);
    problem_fields(
        alice.delete("/api/v1/weights/2026-01-10").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem_fields(
        alice.delete("/api/v1/weights/2026-01-12").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn weights_are_validated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;

    for body in [
        json!({"weight_kg": 19.9}),
        json!({"weight_kg": 400.1}),
        json!({"weight_kg": -80}),
        json!({"weight_kg": "heavy"}),
        json!({"weight_kg": null}),
        json!({}),
    ] {
        let fields = problem_fields(
            alice.put("/api/v1/weights/2026-01-10", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, ["weight_kg"], "{body}");
    }
    let list = alice.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), Vec::<(String, f64)>::new());

    // The bounds themselves are accepted.
    assert_eq!(
        num(&put_weight(&alice, "2026-01-10", 20.0).await["weight_kg"]),
        20.0
    );
    assert_eq!(
        num(&put_weight(&alice, "2026-01-11", 400.0).await["weight_kg"]),
        400.0
    );

    // A malformed date in the path is a malformed request.
    for date in ["2026-1-10", "2026-02-30", "10-01-2026", "today"] {
        let r = alice
            .put(
                &format!("/api/v1/weights/{date}"),
                &json!({"weight_kg": 80}),
            )
            .await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
        let r = alice.delete(&format!("/api/v1/weights/{date}")).await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
    let list = alice.get_ok("/api/v1/weights").await;
    assert_eq!(
        rows(&list),
        [row("2026-01-10", 20.0), row("2026-01-11", 400.0)]
    );
}

async fn the_profile_weight_is_the_latest_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;

    let profile = alice.get_ok("/api/v1/profile").await;
    assert!(profile["weight_kg"].is_null(), "{profile}");

    put_weight(&alice, "2020-01-01", 90.0).await;
    let profile = alice.get_ok("/api/v1/profile").await;
    assert_eq!(num(&profile["weight_kg"]), 90.0);

    // Setting it through the profile records today's (UTC) entry.
    let before = chrono::Utc::now().date_naive().to_string();
    let profile = json_of(
        alice
            .put(
                "/api/v1/profile",
                &json!({"sex": "female", "height_cm": 168, "weight_kg": 72.456}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let after = chrono::Utc::now().date_naive().to_string();
    assert_eq!(num(&profile["weight_kg"]), 72.46);
    let list = alice.get_ok("/api/v1/weights").await;
    let logged = rows(&list);
    assert_eq!(logged.len(), 2, "{list}");
    assert_eq!(logged[0], row("2020-01-01", 90.0));
    let today = logged[1].0.clone();
    assert!(today == before || today == after, "{today} is not today");
    assert_eq!(logged[1].1, 72.46);
    let profile = alice.get_ok("/api/v1/profile").await;
    assert_eq!(num(&profile["weight_kg"]), 72.46);
    assert_eq!(profile["sex"], "female");

    // Again on the same day: replaced, not added.
    let profile = json_of(
        alice
            .put(
                "/api/v1/profile",
                &json!({"sex": "female", "weight_kg": 72.1}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(num(&profile["weight_kg"]), 72.1);
    let logged = rows(&alice.get_ok("/api/v1/weights").await);
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert_eq!(logged[1], row(&today, 72.1));

    // An older entry does not become the profile's weight.
    put_weight(&alice, "2021-06-01", 88.0).await;
    let profile = alice.get_ok("/api/v1/profile").await;
    assert_eq!(num(&profile["weight_kg"]), 72.1);

    // Without today's entry, the latest remaining one is the weight.
    let r = alice.delete(&format!("/api/v1/weights/{today}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let profile = alice.get_ok("/api/v1/profile").await;
    assert_eq!(num(&profile["weight_kg"]), 88.0);

    // A bad weight through the profile is named.
    let fields = problem_fields(
        alice
            .put("/api/v1/profile", &json!({"weight_kg": 400.1}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["weight_kg"]);
    let logged = rows(&alice.get_ok("/api/v1/weights").await);
    assert_eq!(logged, [row("2020-01-01", 90.0), row("2021-06-01", 88.0)]);
}

async fn weights_of_another_account_are_invisible(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    put_weight(&alice, "2026-01-10", 80.0).await;

    let list = bob.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), Vec::<(String, f64)>::new());
    let list = bob
        .get_ok("/api/v1/weights?from=2026-01-01&to=2026-01-31")
        .await;
    assert_eq!(rows(&list), Vec::<(String, f64)>::new());
    assert!(bob.get_ok("/api/v1/profile").await["weight_kg"].is_null());
    problem_fields(
        bob.delete("/api/v1/weights/2026-01-10").await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Bob's own entry on the same day is his alone.
    put_weight(&bob, "2026-01-10", 95.0).await;
    let list = alice.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), [row("2026-01-10", 80.0)]);
    let list = bob.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), [row("2026-01-10", 95.0)]);
    let r = bob.delete("/api/v1/weights/2026-01-10").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let list = alice.get_ok("/api/v1/weights").await;
    assert_eq!(rows(&list), [row("2026-01-10", 80.0)]);
}

both_backends!(
    a_day_has_one_weight_kept_to_a_hundredth,
    weights_are_listed_by_date_within_the_range,
    deleting_a_weight,
    weights_are_validated,
    the_profile_weight_is_the_latest_entry,
    weights_of_another_account_are_invisible,
);
