//! Water (nutrition.md §6): drinks in whole ml, listed by day and range,
//! deleted, owned, bounded per day; the goal's `water_ml`; the daily
//! summary's total; water in the export and in the account's deletion.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const DAY: &str = "2026-06-01";

async fn drink(user: &Browser, date: &str, ml: i64) -> Value {
    json_of(
        user.post("/api/v1/water-entries", &json!({"date": date, "ml": ml}))
            .await,
        StatusCode::CREATED,
    )
    .await
}

fn mls(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|w| w["ml"].as_i64().unwrap())
        .collect()
}

/// Rows of `table` in the database, of any account.
async fn rows_in(app: &TestApp, backend: Backend, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
    }
}

async fn drinks_are_logged_listed_and_deleted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let first = drink(&ana, DAY, 250).await;
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 5, "{first}");
    assert_eq!(first["source"], Value::Null, "logged here: no source");
    for key in ["id", "date", "ml", "created_at", "source"] {
        assert!(first.get(key).is_some(), "no {key}: {first}");
    }
    assert_eq!(first["date"], DAY);
    assert_eq!(first["ml"], 250);
    assert!(first["id"].as_i64().is_some(), "{first}");
    drink(&ana, DAY, 500).await;
    drink(&ana, "2026-06-02", 5000).await;
    drink(&ana, "2026-06-04", 1).await;

    let day = ana
        .get_ok(&format!("/api/v1/water-entries?date={DAY}"))
        .await;
    assert_eq!(mls(&day), [250, 500]);
    let range = ana
        .get_ok("/api/v1/water-entries?from=2026-06-01&to=2026-06-03")
        .await;
    assert_eq!(mls(&range), [250, 500, 5000]);
    // The other listings' range rules.
    let r = ana
        .get("/api/v1/water-entries?from=2026-06-03&to=2026-06-01")
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = ana.get("/api/v1/water-entries?date=2026-13-01").await;
    problem_fields(r, StatusCode::BAD_REQUEST).await;
    let r = ana
        .get("/api/v1/water-entries?from=2026-01-01&to=2027-06-01")
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["to"]
    );

    let id = first["id"].as_i64().unwrap();
    let r = ana.delete(&format!("/api/v1/water-entries/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = ana.delete(&format!("/api/v1/water-entries/{id}")).await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    let day = ana
        .get_ok(&format!("/api/v1/water-entries?date={DAY}"))
        .await;
    assert_eq!(mls(&day), [500]);
}

async fn another_accounts_drink_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let bob = app.user("bob").await;
    let hers = drink(&ana, DAY, 300).await;
    let id = hers["id"].as_i64().unwrap();
    let r = bob.delete(&format!("/api/v1/water-entries/{id}")).await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    assert_eq!(
        mls(&bob
            .get_ok(&format!("/api/v1/water-entries?date={DAY}"))
            .await),
        Vec::<i64>::new()
    );
    assert_eq!(
        mls(&ana
            .get_ok(&format!("/api/v1/water-entries?date={DAY}"))
            .await),
        [300]
    );
    let r = app
        .new_browser()
        .post("/api/v1/water-entries", &json!({"date": DAY, "ml": 250}))
        .await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
}

async fn bad_amounts_are_refused_naming_ml(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for ml in [
        json!(0),
        json!(5001),
        json!(-250),
        json!(1.5),
        json!("x"),
        json!(null),
    ] {
        let r = ana
            .post("/api/v1/water-entries", &json!({"date": DAY, "ml": ml}))
            .await;
        assert_eq!(
            problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
            ["ml"],
            "ml = {ml}"
        );
    }
    let r = ana
        .post("/api/v1/water-entries", &json!({"date": DAY}))
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["ml"]
    );
    let r = ana
        .post(
            "/api/v1/water-entries",
            &json!({"date": "2026-02-30", "ml": 0}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["date", "ml"]
    );
    assert_eq!(
        mls(&ana
            .get_ok(&format!("/api/v1/water-entries?date={DAY}"))
            .await),
        Vec::<i64>::new()
    );
}

async fn a_day_holds_at_most_100_drinks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for _ in 0..100 {
        drink(&ana, DAY, 10).await;
    }
    let r = ana
        .post("/api/v1/water-entries", &json!({"date": DAY, "ml": 10}))
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["water_entries_per_day"]
    );
    // Another day has room.
    drink(&ana, "2026-06-02", 10).await;
    let list = ana
        .get_ok(&format!("/api/v1/water-entries?date={DAY}"))
        .await;
    assert_eq!(mls(&list).len(), 100);
}

async fn the_daily_summary_sums_the_days_water(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let s = ana
        .get_ok(&format!("/api/v1/summary/daily?date={DAY}"))
        .await;
    assert_eq!(s["water_ml"], 0, "{s}");
    assert_eq!(s["goals"]["water_ml"], 2000, "{s}");
    assert_eq!(s["water_entries"], json!([]), "{s}");
    drink(&ana, DAY, 250).await;
    drink(&ana, DAY, 500).await;
    drink(&ana, "2026-06-02", 1000).await;
    let r = ana
        .put(
            "/api/v1/goals",
            &json!({"calories": 2200, "protein_g": 150, "fat_g": 70, "carbs_g": 250, "water_ml": 2500}),
        )
        .await;
    json_of(r, StatusCode::OK).await;
    let s = ana
        .get_ok(&format!("/api/v1/summary/daily?date={DAY}"))
        .await;
    assert_eq!(s["water_ml"], 750, "{s}");
    assert_eq!(s["goals"]["water_ml"], 2500, "{s}");
    assert_eq!(num(&s["goals"]["calories"]), 2200.0, "{s}");
    assert_eq!(s["water_entries"].as_array().unwrap().len(), 2, "{s}");
    // A token's summary (the other read path) says the same.
    let token = json_of(
        ana.post(
            "/api/v1/tokens",
            &json!({"name": "phone", "password": "correct horse battery"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let s: Value = app
        .new_browser()
        .client
        .get(app.url(&format!("/api/v1/summary/daily?date={DAY}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["water_ml"], 750, "{s}");
    assert_eq!(s["goals"]["water_ml"], 2500, "{s}");
}

async fn the_water_goal_defaults_is_kept_and_is_validated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    assert_eq!(ana.get_ok("/api/v1/goals").await["water_ml"], 2000);
    let base = json!({"calories": 2000, "protein_g": 150, "fat_g": 70, "carbs_g": 250});
    let with = |water: Value| {
        let mut body = base.clone();
        body["water_ml"] = water;
        body
    };
    let r = json_of(
        ana.put("/api/v1/goals", &with(json!(3000))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["water_ml"], 3000);
    // A client that predates water sends none: the goal stays.
    let r = json_of(ana.put("/api/v1/goals", &base).await, StatusCode::OK).await;
    assert_eq!(r["water_ml"], 3000, "{r}");
    assert_eq!(ana.get_ok("/api/v1/goals").await["water_ml"], 3000);
    for bad in [
        json!(0),
        json!(-1),
        json!(10001),
        json!(1.5),
        json!("x"),
        json!(null),
    ] {
        let r = ana.put("/api/v1/goals", &with(bad.clone())).await;
        assert_eq!(
            problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
            ["water_ml"],
            "water_ml = {bad}"
        );
    }
    let r = json_of(
        ana.put("/api/v1/goals", &with(json!(10000))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["water_ml"], 10000);
    let r = json_of(
        ana.put("/api/v1/goals", &with(json!(1))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["water_ml"], 1);
    // Never-set goals keep the default water goal when the others are set.
    let bob = app.user("bob").await;
    let r = json_of(bob.put("/api/v1/goals", &base).await, StatusCode::OK).await;
    assert_eq!(r["water_ml"], 2000, "{r}");
}

async fn export_holds_water(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let bob = app.user("bob").await;
    drink(&ana, DAY, 250).await;
    drink(&ana, DAY, 500).await;
    drink(&bob, DAY, 4321).await;

    let text = ana
        .get("/api/v1/export?format=csv")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let kind = header.iter().position(|h| h == "kind").unwrap();
    let ml = header
        .iter()
        .position(|h| h == "water_ml")
        .unwrap_or_else(|| panic!("no water_ml column: {header:?}"));
    let date = header.iter().position(|h| h == "date").unwrap();
    let water: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[kind] == "water")
        .map(|r| (r[date].to_owned(), r[ml].to_owned()))
        .collect();
    assert_eq!(
        water,
        [
            (DAY.to_owned(), "250".to_owned()),
            (DAY.to_owned(), "500".to_owned())
        ],
        "{text}"
    );
    assert!(
        !text.contains("4321"),
        "bob's water in ana's export: {text}"
    );

    let export = ana.get_ok("/api/v1/export?format=json").await;
    assert_eq!(export["goals"]["water_ml"], 2000, "{export}");
    let list = export["water_entries"].as_array().unwrap();
    let amounts: Vec<i64> = list.iter().map(|w| w["ml"].as_i64().unwrap()).collect();
    assert_eq!(amounts, [250, 500], "{export}");
    assert_eq!(list[0]["date"], DAY);
    assert!(list[0]["id"].is_i64() && list[0]["created_at"].is_string());
    let theirs = bob.get_ok("/api/v1/export?format=json").await;
    assert_eq!(theirs["water_entries"].as_array().unwrap().len(), 1);
}

async fn deleting_the_account_deletes_its_water(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.new_browser();
    ana.register_and_login("ana", "correct horse battery").await;
    let bob = app.user("bob").await;
    drink(&ana, DAY, 250).await;
    drink(&ana, "2026-06-02", 500).await;
    drink(&bob, DAY, 300).await;
    assert_eq!(rows_in(&app, backend, "water_entries").await, 3);
    let r = ana
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(rows_in(&app, backend, "water_entries").await, 1);
    assert_eq!(
        mls(&bob
            .get_ok(&format!("/api/v1/water-entries?date={DAY}"))
            .await),
        [300]
    );
}

both_backends!(
    drinks_are_logged_listed_and_deleted,
    another_accounts_drink_is_not_found,
    bad_amounts_are_refused_naming_ml,
    a_day_holds_at_most_100_drinks,
    the_daily_summary_sums_the_days_water,
    the_water_goal_defaults_is_kept_and_is_validated,
    export_holds_water,
    deleting_the_account_deletes_its_water,
);
