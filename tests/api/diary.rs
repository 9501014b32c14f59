//! The food diary by hand: entries, ordering, validation, isolation.

use reqwest::StatusCode;
use serde_json::json;

use crate::both_backends;
use crate::helpers::*;

async fn food_entry_round_trip_keeps_decimals(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("ana").await;
    let e = b
        .add_food(json!({
            "date": "2026-05-04", "meal": "lunch", "name": "  Lentil soup ",
            "calories": 312.46, "protein_g": 18.04, "fat_g": 7.25, "carbs_g": 40.5
        }))
        .await;
    assert_eq!(e["name"], "Lentil soup");
    assert_eq!(e["meal"], "lunch");
    assert_eq!(e["date"], "2026-05-04");
    assert_eq!(num(&e["calories"]), 312.5);
    assert_eq!(num(&e["protein_g"]), 18.0);
    assert_eq!(num(&e["fat_g"]), 7.3);
    assert_eq!(num(&e["carbs_g"]), 40.5);
    let id = e["id"].as_i64().unwrap();
    let fetched = b.get_ok(&format!("/api/v1/food-entries/{id}")).await;
    assert_eq!(fetched, e);
}

async fn meal_defaults_to_snack_and_macros_to_zero(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("ben").await;
    let e = b
        .add_food(json!({"date": "2026-05-04", "name": "Apple", "calories": 52}))
        .await;
    assert_eq!(e["meal"], "snack");
    assert_eq!(num(&e["protein_g"]), 0.0);
    assert!(e["food_id"].is_null() && e["quantity_g"].is_null());
}

async fn entries_are_ordered_by_date_meal_and_creation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("cleo").await;
    for (date, meal, name) in [
        ("2026-05-05", "breakfast", "late day"),
        ("2026-05-04", "snack", "snack 1"),
        ("2026-05-04", "dinner", "dinner"),
        ("2026-05-04", "breakfast", "porridge"),
        ("2026-05-04", "snack", "snack 2"),
        ("2026-05-04", "lunch", "salad"),
        ("2026-05-03", "dinner", "early day"),
    ] {
        b.add_food(json!({"date": date, "meal": meal, "name": name, "calories": 1}))
            .await;
    }
    let day = b.get_ok("/api/v1/food-entries?date=2026-05-04").await;
    let names: Vec<&str> = day["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["porridge", "salad", "dinner", "snack 1", "snack 2"]);

    let range = b
        .get_ok("/api/v1/food-entries?from=2026-05-03&to=2026-05-05")
        .await;
    let names: Vec<&str> = range["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.first(), Some(&"early day"));
    assert_eq!(names.last(), Some(&"late day"));
    assert_eq!(names.len(), 7);
}

async fn patch_changes_only_given_fields(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("dora").await;
    let e = b
        .add_food(
            json!({"date": "2026-05-04", "meal": "lunch", "name": "Rice",
                         "calories": 200, "protein_g": 4, "fat_g": 0.5, "carbs_g": 44}),
        )
        .await;
    let id = e["id"].as_i64().unwrap();
    let r = b
        .patch(
            &format!("/api/v1/food-entries/{id}"),
            &json!({"meal": "dinner", "calories": 210.04}),
        )
        .await;
    let p = json_of(r, StatusCode::OK).await;
    assert_eq!(p["meal"], "dinner");
    assert_eq!(num(&p["calories"]), 210.0);
    assert_eq!(p["name"], "Rice");
    assert_eq!(num(&p["carbs_g"]), 44.0);
    assert_eq!(p["date"], "2026-05-04");

    let r = b
        .patch(
            &format!("/api/v1/food-entries/{id}"),
            &json!({"meal": "brunch", "name": "", "fat_g": -2}),
        )
        .await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["meal", "name", "fat_g"]);
    let unchanged = b.get_ok(&format!("/api/v1/food-entries/{id}")).await;
    assert_eq!(unchanged, p);
}

async fn delete_removes_the_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("eve").await;
    let e = b
        .add_food(json!({"date": "2026-05-04", "name": "Tea", "calories": 2}))
        .await;
    let path = format!("/api/v1/food-entries/{}", e["id"]);
    assert_eq!(b.delete(&path).await.status(), StatusCode::NO_CONTENT);
    problem_fields(b.get(&path).await, StatusCode::NOT_FOUND).await;
    assert_eq!(b.delete(&path).await.status(), StatusCode::NOT_FOUND);
}

async fn another_accounts_entry_is_not_found_and_unchanged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("fay").await;
    let other = app.user("gus").await;
    let e = owner
        .add_food(json!({"date": "2026-05-04", "name": "Cake", "calories": 400}))
        .await;
    let path = format!("/api/v1/food-entries/{}", e["id"]);
    problem_fields(other.get(&path).await, StatusCode::NOT_FOUND).await;
    let r = other.patch(&path, &json!({"calories": 1})).await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    problem_fields(other.delete(&path).await, StatusCode::NOT_FOUND).await;
    let listed = other.get_ok("/api/v1/food-entries?date=2026-05-04").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 0);
    assert_eq!(owner.get_ok(&path).await, e);
    // Not a number is no resource either.
    problem_fields(
        owner.get("/api/v1/food-entries/abc").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn every_invalid_field_is_named_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("hal").await;
    let r = b
        .post(
            "/api/v1/food-entries",
            &json!({"date": "2026-13-01", "meal": "elevenses", "name": "x".repeat(201),
                    "calories": "many", "protein_g": -1, "fat_g": 10000.1, "carbs_g": null}),
        )
        .await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        fields,
        [
            "date",
            "meal",
            "name",
            "calories",
            "protein_g",
            "fat_g",
            "carbs_g"
        ]
    );
    let r = b
        .post("/api/v1/food-entries", &json!({"name": "Soup"}))
        .await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["date", "calories"]);
    // Limits are inclusive.
    let e = b
        .add_food(json!({"date": "2026-05-04", "name": "x".repeat(200), "calories": 10000, "protein_g": 0}))
        .await;
    assert_eq!(num(&e["calories"]), 10000.0);
    // Nothing invalid was stored.
    let day = b.get_ok("/api/v1/food-entries?date=2026-05-04").await;
    assert_eq!(day["items"].as_array().unwrap().len(), 1);
}

async fn malformed_requests_get_the_right_status(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("ida").await;
    let send = |body: String, content_type: &'static str| {
        let b = b.clone();
        async move {
            b.client
                .post(b.url("/api/v1/food-entries"))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let r = send("{\"date\": ".into(), "application/json").await;
    problem_fields(r, StatusCode::BAD_REQUEST).await;
    let r = send(
        "date=2026-01-01".into(),
        "application/x-www-form-urlencoded",
    )
    .await;
    problem_fields(r, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let big = format!(
        "{{\"date\": \"2026-05-04\", \"name\": \"big\", \"calories\": 1, \"pad\": \"{}\"}}",
        "x".repeat(70 * 1024)
    );
    let r = send(big, "application/json").await;
    problem_fields(r, StatusCode::PAYLOAD_TOO_LARGE).await;
    let r = send("[1, 2]".into(), "application/json").await;
    problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;

    for query in [
        "date=2026-02-30",
        "date=yesterday",
        "from=2026-01-01",
        "from=2026-01-01&to=nope",
        "",
    ] {
        let r = b.get(&format!("/api/v1/food-entries?{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
    let r = b
        .get("/api/v1/food-entries?from=2026-02-01&to=2026-01-01")
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["to"]
    );
    let day = b.get_ok("/api/v1/food-entries?date=2026-05-04").await;
    assert_eq!(
        day["items"].as_array().unwrap().len(),
        0,
        "nothing was stored"
    );
}

both_backends!(
    food_entry_round_trip_keeps_decimals,
    meal_defaults_to_snack_and_macros_to_zero,
    entries_are_ordered_by_date_meal_and_creation,
    patch_changes_only_given_fields,
    delete_removes_the_entry,
    another_accounts_entry_is_not_found_and_unchanged,
    every_invalid_field_is_named_at_once,
    malformed_requests_get_the_right_status,
);
