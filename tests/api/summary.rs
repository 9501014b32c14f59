//! Daily and range summaries (spec §2).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

fn nutrients(v: &Value) -> [f64; 4] {
    [
        num(&v["calories"]),
        num(&v["protein_g"]),
        num(&v["fat_g"]),
        num(&v["carbs_g"]),
    ]
}

async fn the_originals_example(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("orig").await;
    let goals = json!({"calories": 3000, "protein_g": 150, "fat_g": 70, "carbs_g": 250});
    json_of(b.put("/api/v1/goals", &goals).await, StatusCode::OK).await;
    b.add_food(json!({"date": "2026-06-01", "name": "Biscuit", "calories": 100}))
        .await;
    b.add_activity(
        json!({"date": "2026-06-01", "name": "Run", "duration_min": 45, "kcal_burned": 500}),
    )
    .await;
    let s = b.get_ok("/api/v1/summary/daily?date=2026-06-01").await;
    assert_eq!(s["date"], "2026-06-01");
    assert_eq!(num(&s["consumed"]["calories"]), 100.0);
    assert_eq!(num(&s["burned_kcal"]), 500.0);
    assert_eq!(num(&s["net_kcal"]), -400.0);
    assert_eq!(num(&s["remaining"]["calories"]), 3400.0);
    assert_eq!(nutrients(&s["goals"]), [3000.0, 150.0, 70.0, 250.0]);
}

async fn daily_summary_groups_by_meal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("meals").await;
    let day = "2026-06-02";
    for (meal, cal, p, f, c) in [
        ("breakfast", 300.0, 10.5, 5.0, 50.0),
        ("breakfast", 150.0, 5.0, 2.5, 20.2),
        ("dinner", 700.0, 40.0, 30.0, 60.0),
    ] {
        b.add_food(
            json!({"date": day, "meal": meal, "name": meal, "calories": cal,
                          "protein_g": p, "fat_g": f, "carbs_g": c}),
        )
        .await;
    }
    b.add_food(json!({"date": "2026-06-03", "name": "other day", "calories": 999}))
        .await;
    b.add_activity(json!({"date": day, "name": "Walk", "duration_min": 30, "kcal_burned": 120.5}))
        .await;
    b.add_activity(json!({"date": day, "name": "Swim", "duration_min": 30, "kcal_burned": 200}))
        .await;
    let s = b.get_ok(&format!("/api/v1/summary/daily?date={day}")).await;
    // Default goals: 2000 / 150 / 70 / 250.
    assert_eq!(nutrients(&s["goals"]), [2000.0, 150.0, 70.0, 250.0]);
    assert_eq!(nutrients(&s["consumed"]), [1150.0, 55.5, 37.5, 130.2]);
    assert_eq!(num(&s["burned_kcal"]), 320.5);
    assert_eq!(num(&s["net_kcal"]), 829.5);
    assert_eq!(nutrients(&s["remaining"]), [1170.5, 94.5, 32.5, 119.8]);
    assert_eq!(
        nutrients(&s["meals"]["breakfast"]),
        [450.0, 15.5, 7.5, 70.2]
    );
    assert_eq!(nutrients(&s["meals"]["lunch"]), [0.0; 4]);
    assert_eq!(nutrients(&s["meals"]["dinner"]), [700.0, 40.0, 30.0, 60.0]);
    assert_eq!(nutrients(&s["meals"]["snack"]), [0.0; 4]);
    assert_eq!(s["food_entries"].as_array().unwrap().len(), 3);
    assert_eq!(s["activity_entries"].as_array().unwrap().len(), 2);
}

async fn summaries_count_only_the_own_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let a = app.user("mine").await;
    let b = app.user("theirs").await;
    a.add_food(json!({"date": "2026-06-04", "name": "A", "calories": 100}))
        .await;
    b.add_food(json!({"date": "2026-06-04", "name": "B", "calories": 5000}))
        .await;
    let s = a.get_ok("/api/v1/summary/daily?date=2026-06-04").await;
    assert_eq!(num(&s["consumed"]["calories"]), 100.0);
    let r = a
        .get_ok("/api/v1/summary?from=2026-06-04&to=2026-06-04")
        .await;
    assert_eq!(num(&r["days"][0]["consumed"]["calories"]), 100.0);
}

async fn range_summary_includes_empty_days_and_averages_logged_ones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("range").await;
    b.add_food(json!({"date": "2026-06-01", "name": "x", "calories": 1000, "protein_g": 50}))
        .await;
    b.add_food(json!({"date": "2026-06-01", "name": "y", "calories": 500}))
        .await;
    b.add_food(json!({"date": "2026-06-03", "name": "z", "calories": 2500, "protein_g": 100}))
        .await;
    b.add_activity(
        json!({"date": "2026-06-03", "name": "Ride", "duration_min": 60, "kcal_burned": 600}),
    )
    .await;
    let s = b
        .get_ok("/api/v1/summary?from=2026-06-01&to=2026-06-05")
        .await;
    assert_eq!(s["from"], "2026-06-01");
    assert_eq!(s["to"], "2026-06-05");
    let days = s["days"].as_array().unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "2026-06-01",
            "2026-06-02",
            "2026-06-03",
            "2026-06-04",
            "2026-06-05"
        ]
    );
    assert_eq!(nutrients(&days[0]["consumed"]), [1500.0, 50.0, 0.0, 0.0]);
    assert_eq!(nutrients(&days[1]["consumed"]), [0.0; 4]);
    assert_eq!(num(&days[1]["net_kcal"]), 0.0);
    assert_eq!(num(&days[2]["burned_kcal"]), 600.0);
    assert_eq!(num(&days[2]["net_kcal"]), 1900.0);
    // Averages over the two days with entries, not five.
    assert_eq!(num(&s["averages"]["consumed"]["calories"]), 2000.0);
    assert_eq!(num(&s["averages"]["consumed"]["protein_g"]), 75.0);
    assert_eq!(num(&s["averages"]["burned_kcal"]), 300.0);
    assert_eq!(num(&s["averages"]["net_kcal"]), 1700.0);
}

async fn range_summary_limits(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("limits").await;
    let s = b
        .get_ok("/api/v1/summary?from=2025-01-01&to=2026-01-01")
        .await;
    assert_eq!(s["days"].as_array().unwrap().len(), 366);
    let r = b.get("/api/v1/summary?from=2025-01-01&to=2026-01-02").await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["to"]
    );
    let r = b.get("/api/v1/summary?from=2026-01-02&to=2026-01-01").await;
    problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    for q in ["from=2026-01-01", "from=x&to=2026-01-01", "date=2026-01-01"] {
        let r = b.get(&format!("/api/v1/summary?{q}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
    }
    for q in ["", "?date=2026-1-1", "?date=2026-02-29"] {
        let r = b.get(&format!("/api/v1/summary/daily{q}")).await;
        problem_fields(r, StatusCode::BAD_REQUEST).await;
    }
}

/// The range reads per-day totals kept by triggers: they follow an edit, a
/// move to another day, a delete, a copied day, and writes at once.
async fn range_summary_follows_every_change_of_the_entries(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("totals").await;
    let range = "/api/v1/summary?from=2026-07-01&to=2026-07-03";
    let consumed = |s: &Value| -> Vec<f64> {
        s["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| num(&d["consumed"]["calories"]))
            .collect()
    };
    let a = b
        .add_food(json!({"date": "2026-07-01", "name": "a", "calories": 100, "fibre_g": 2}))
        .await;
    let c = b
        .add_food(json!({"date": "2026-07-01", "name": "c", "calories": 250}))
        .await;
    assert_eq!(consumed(&b.get_ok(range).await), [350.0, 0.0, 0.0]);

    let edited = b
        .patch(
            &format!("/api/v1/food-entries/{}", c["id"]),
            &json!({"calories": 300}),
        )
        .await;
    json_of(edited, StatusCode::OK).await;
    assert_eq!(consumed(&b.get_ok(range).await), [400.0, 0.0, 0.0]);

    let moved = b
        .patch(
            &format!("/api/v1/food-entries/{}", c["id"]),
            &json!({"date": "2026-07-02"}),
        )
        .await;
    json_of(moved, StatusCode::OK).await;
    let s = b.get_ok(range).await;
    assert_eq!(consumed(&s), [100.0, 300.0, 0.0]);
    // The fibre known on the first day only, by the one entry that had it.
    assert_eq!(num(&s["days"][0]["nutrients"]["fibre_g"]), 2.0);
    assert!(s["days"][1]["nutrients"]["fibre_g"].is_null(), "{s}");

    let gone = b.delete(&format!("/api/v1/food-entries/{}", a["id"])).await;
    assert!(gone.status().is_success(), "{}", gone.status());
    let s = b.get_ok(range).await;
    assert_eq!(consumed(&s), [0.0, 300.0, 0.0]);
    // An empty day again: zeros, as a day never logged.
    assert_eq!(num(&s["days"][0]["nutrients"]["fibre_g"]), 0.0);
    assert_eq!(num(&s["averages"]["consumed"]["calories"]), 300.0);

    // Twenty entries of one day at once: none is lost from its total.
    let writes = (0..20).map(|i| {
        let b = b.clone();
        async move {
            b.add_food(json!({"date": "2026-07-03", "name": format!("n{i}"), "calories": 10 + i}))
                .await
        }
    });
    futures_util::future::join_all(writes).await;
    assert_eq!(consumed(&b.get_ok(range).await), [0.0, 300.0, 390.0]);
}

both_backends!(
    the_originals_example,
    daily_summary_groups_by_meal,
    summaries_count_only_the_own_account,
    range_summary_includes_empty_days_and_averages_logged_ones,
    range_summary_limits,
    range_summary_follows_every_change_of_the_entries,
);
