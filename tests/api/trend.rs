//! body.md §1–§3: the weight trend, the expenditure estimate and the goals
//! suggested from it, and goals by weekday in every summary.

use chrono::{Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

/// Rows of `weekday_goals`, of any account.
async fn rows(app: &TestApp, backend: Backend) -> i64 {
    let sql = "SELECT COUNT(*) FROM weekday_goals";
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
    }
}

fn day(n: i64) -> String {
    (NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Duration::days(n)).to_string()
}

async fn put_weight(user: &Browser, date: &str, kg: f64) {
    let r = user
        .put(
            &format!("/api/v1/weights/{date}"),
            &json!({"weight_kg": kg}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

async fn eat(user: &Browser, date: &str, kcal: f64) {
    user.add_food(json!({"date": date, "name": "Meal", "calories": kcal}))
        .await;
}

/// The listing as (date, weight, trend).
fn trend_rows(list: &Value) -> Vec<(String, Option<f64>, Option<f64>)> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|w| {
            (
                w["date"].as_str().unwrap().to_owned(),
                w["weight_kg"].as_f64(),
                w["trend_kg"].as_f64(),
            )
        })
        .collect()
}

async fn the_trend_smooths_over_the_whole_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    put_weight(&alice, &day(0), 80.0).await;
    put_weight(&alice, &day(1), 81.0).await;
    put_weight(&alice, &day(4), 78.0).await;

    let all = alice.get_ok("/api/v1/weights").await;
    assert_eq!(
        trend_rows(&all),
        [
            (day(0), Some(80.0), Some(80.0)),
            // 80 + 0.1 × (81 − 80)
            (day(1), Some(81.0), Some(80.1)),
            // 80.1 + 0.1 × (78 − 80.1): the days between do not count
            (day(4), Some(78.0), Some(79.89)),
        ]
    );
    // A range starts from the whole history's trend, not from its first
    // weight.
    let later = alice
        .get_ok(&format!("/api/v1/weights?from={}&to={}", day(4), day(9)))
        .await;
    assert_eq!(trend_rows(&later), [(day(4), Some(78.0), Some(79.89))]);

    // One row per day with fill=true: days without weighing carry the trend.
    let filled = alice
        .get_ok(&format!(
            "/api/v1/weights?from={}&to={}&fill=true",
            day(-1),
            day(5)
        ))
        .await;
    assert_eq!(
        trend_rows(&filled),
        [
            (day(-1), None, None),
            (day(0), Some(80.0), Some(80.0)),
            (day(1), Some(81.0), Some(80.1)),
            (day(2), None, Some(80.1)),
            (day(3), None, Some(80.1)),
            (day(4), Some(78.0), Some(79.89)),
            (day(5), None, Some(79.89)),
        ]
    );
    // Without a range, fill spans the first to the last weighing.
    let open = alice.get_ok("/api/v1/weights?fill=true").await;
    assert_eq!(trend_rows(&open).len(), 5);
    let off = alice.get_ok("/api/v1/weights?fill=false").await;
    assert_eq!(trend_rows(&off).len(), 3);

    // A malformed fill is a 400; a filled range over 366 days a 422.
    let bad = alice.get("/api/v1/weights?fill=yes").await;
    assert_eq!(problem_fields(bad, StatusCode::BAD_REQUEST).await, ["fill"]);
    let long = alice
        .get("/api/v1/weights?from=2020-01-01&to=2026-01-01&fill=true")
        .await;
    assert_eq!(
        problem_fields(long, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["to"]
    );

    // Another account's weights are not in the trend.
    let bob = app.user("bob").await;
    put_weight(&bob, &day(2), 120.0).await;
    let again = alice.get_ok("/api/v1/weights").await;
    assert_eq!(trend_rows(&again), trend_rows(&all));
}

/// 28 days (day 0 to day 27) eating `kcal`, weighed every day at `weight(i)`.
async fn seed_month(
    user: &Browser,
    kcal: impl Fn(i64) -> Option<f64>,
    weight: impl Fn(i64) -> f64,
) {
    for i in 0..28 {
        if let Some(k) = kcal(i) {
            eat(user, &day(i), k).await;
        }
        put_weight(user, &day(i), weight(i)).await;
    }
}

async fn expenditure_is_read_off_intake_and_trend(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    // 2500 kcal a day (two meals on odd days), weight steady at 80 kg, but
    // one spike of 2 kg on day 14.
    seed_month(
        &alice,
        |_| Some(2500.0),
        |i| if i == 14 { 82.0 } else { 80.0 },
    )
    .await;
    let e = alice
        .get_ok(&format!("/api/v1/energy/expenditure?date={}", day(27)))
        .await;
    assert_eq!(e["date"], day(27));
    assert_eq!(e["window_days"], 28);
    assert_eq!(e["logged_days"], 28);
    assert_eq!(num(&e["intake_mean_kcal"]), 2500.0);
    assert_eq!(num(&e["trend_start_kg"]), 80.0);
    // 0.2 kg of the spike, decayed by 0.9 a day over 13 days: 0.0508 kg.
    assert_eq!(num(&e["trend_end_kg"]), 80.05);
    assert_eq!(e["trend_days"], 27);
    // 2500 − 0.0508 × 7700 / 27
    assert_eq!(num(&e["expenditure_kcal"]), 2486.0);
    assert_eq!(e["confidence"], "high");

    // A day later the window has 27 days of data: 27 logged days.
    let e = alice
        .get_ok(&format!("/api/v1/energy/expenditure?date={}", day(28)))
        .await;
    assert_eq!(e["logged_days"], 27);
    assert_eq!(e["trend_days"], 26);
}

async fn too_little_data_says_what_is_missing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    for i in 0..9 {
        eat(&alice, &day(i), 2000.0).await;
    }
    put_weight(&alice, &day(20), 70.0).await;
    let r = alice
        .get(&format!("/api/v1/energy/expenditure?date={}", day(27)))
        .await;
    let body = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    let errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "date".to_owned(),
                "needs at least 14 logged days, 9 found".to_owned()
            ),
            (
                "date".to_owned(),
                "needs weights on at least 2 days at least 14 days apart, 1 found".to_owned()
            ),
        ]
    );
    // Two weighings 13 days apart are still too close.
    put_weight(&alice, &day(7), 71.0).await;
    let r = alice
        .get(&format!("/api/v1/energy/expenditure?date={}", day(27)))
        .await;
    let body = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        body["errors"][1]["message"],
        "needs weights at least 14 days apart, the first and last are 13 days apart"
    );
    // A malformed date is a 400.
    let r = alice.get("/api/v1/energy/expenditure?date=soon").await;
    assert_eq!(problem_fields(r, StatusCode::BAD_REQUEST).await, ["date"]);
    // Without a date, the window ends today, where nothing was logged.
    let r = alice.get("/api/v1/energy/expenditure").await;
    let body = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        body["errors"][0]["message"],
        "needs at least 14 logged days, 0 found"
    );
    // The suggestion from it is refused the same way, naming `from`.
    let r = alice.get("/api/v1/goals/suggested?from=expenditure").await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["from", "from"]);
}

async fn goals_are_suggested_from_todays_expenditure(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    // The account's today: its time zone is UTC.
    let today = chrono::Utc::now().date_naive();
    // 20 of the last 28 days logged at 2200 kcal; 0.1 kg lost a day,
    // weighed weekly (days 0, 7, 14, 21, 27 before today) from a trend
    // long settled at 90 kg.
    let on = |back: i64| (today - Duration::days(back)).to_string();
    for back in 0..20 {
        eat(&alice, &on(back), 2200.0).await;
    }
    put_weight(&alice, &on(400), 90.0).await;
    put_weight(&alice, &on(27), 90.0).await;
    put_weight(&alice, &on(0), 90.0).await;
    let e = alice.get_ok("/api/v1/energy/expenditure").await;
    assert_eq!(e["date"], today.to_string());
    assert_eq!(e["logged_days"], 20);
    assert_eq!(e["confidence"], "low");
    assert_eq!(num(&e["expenditure_kcal"]), 2200.0);

    let s = alice
        .get_ok("/api/v1/goals/suggested?from=expenditure&rate_kg_per_week=-0.5")
        .await;
    assert_eq!(s["from"], "expenditure");
    // 2200 − 0.5 × 7700 / 7
    assert_eq!(num(&s["calories"]), 1650.0);
    assert_eq!(num(&s["protein_g"]), 103.1);
    assert_eq!(num(&s["fat_g"]), 55.0);
    assert_eq!(num(&s["carbs_g"]), 185.6);
    assert_eq!(num(&s["expenditure_kcal"]), 2200.0);
    assert_eq!(num(&s["rate_kg_per_week"]), -0.5);
    assert_eq!(s["confidence"], "low");
    assert!(s.get("bmr_kcal").is_none());
    // Without a rate, the weight is kept.
    let keep = alice
        .get_ok("/api/v1/goals/suggested?from=expenditure")
        .await;
    assert_eq!(num(&keep["calories"]), 2200.0);
    // −1 kg a week would go below the floor (1100): 1200 without a sex.
    let low = alice
        .get_ok("/api/v1/goals/suggested?from=expenditure&rate_kg_per_week=-1")
        .await;
    assert_eq!(num(&low["calories"]), 1200.0);

    for (query, status, field) in [
        (
            "from=expenditure&rate_kg_per_week=0.6",
            StatusCode::UNPROCESSABLE_ENTITY,
            "rate_kg_per_week",
        ),
        (
            "from=expenditure&rate_kg_per_week=-1.01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "rate_kg_per_week",
        ),
        (
            "from=expenditure&rate_kg_per_week=fast",
            StatusCode::BAD_REQUEST,
            "rate_kg_per_week",
        ),
        (
            "from=profile&rate_kg_per_week=0.1",
            StatusCode::BAD_REQUEST,
            "rate_kg_per_week",
        ),
        ("from=guess", StatusCode::BAD_REQUEST, "from"),
    ] {
        let r = alice.get(&format!("/api/v1/goals/suggested?{query}")).await;
        assert_eq!(problem_fields(r, status).await, [field], "{query}");
    }
    // The profile's suggestion is still the default, and says where it is from.
    let r = alice.get("/api/v1/goals/suggested").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn goals_by_weekday_apply_in_every_summary(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let g = json_of(
        alice
            .put(
                "/api/v1/goals",
                &json!({"calories": 2000, "protein_g": 150, "fat_g": 70, "carbs_g": 250,
                        "weekdays": {"saturday": {"calories": 2600, "carbs_g": 400},
                                     "sunday": {"calories": 1800}, "monday": {}}}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        g["weekdays"],
        json!({"saturday": {"calories": 2600.0, "carbs_g": 400.0}, "sunday": {"calories": 1800.0}})
    );
    let got = alice.get_ok("/api/v1/goals").await;
    assert_eq!(got["weekdays"], g["weekdays"]);
    assert_eq!(num(&got["calories"]), 2000.0);

    // 2026-12-05 is a Saturday.
    let sat = alice.get_ok("/api/v1/goals?date=2026-12-05").await;
    assert_eq!(sat["weekday"], "saturday");
    assert_eq!(num(&sat["calories"]), 2600.0);
    assert_eq!(num(&sat["protein_g"]), 150.0);
    assert_eq!(num(&sat["carbs_g"]), 400.0);
    assert!(sat.get("weekdays").is_none());
    let fri = alice.get_ok("/api/v1/goals?date=2026-12-04").await;
    assert_eq!(
        (num(&fri["calories"]), fri["weekday"].clone()),
        (2000.0, json!("friday"))
    );

    // The daily summary counts against the day's goals.
    eat(&alice, "2026-12-05", 600.0).await;
    let s = alice.get_ok("/api/v1/summary/daily?date=2026-12-05").await;
    assert_eq!(num(&s["goals"]["calories"]), 2600.0);
    assert_eq!(num(&s["remaining"]["calories"]), 2000.0);
    assert_eq!(num(&s["remaining"]["carbs_g"]), 400.0);
    let s = alice.get_ok("/api/v1/summary/daily?date=2026-12-06").await;
    assert_eq!(num(&s["goals"]["calories"]), 1800.0);
    // So does the range summary, day by day.
    let r = alice
        .get_ok("/api/v1/summary?from=2026-12-04&to=2026-12-07")
        .await;
    let goals: Vec<f64> = r["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| num(&d["goals"]["calories"]))
        .collect();
    assert_eq!(goals, [2000.0, 2600.0, 1800.0, 2000.0]);

    // A PUT without weekdays keeps them; null removes them.
    let put = |body: Value| {
        let alice = alice.clone();
        async move { alice.put("/api/v1/goals", &body).await }
    };
    let base = json!({"calories": 2100, "protein_g": 150, "fat_g": 70, "carbs_g": 250});
    assert_eq!(put(base.clone()).await.status(), StatusCode::OK);
    let sat = alice.get_ok("/api/v1/goals?date=2026-12-05").await;
    assert_eq!(num(&sat["calories"]), 2600.0);
    let fri = alice.get_ok("/api/v1/goals?date=2026-12-04").await;
    assert_eq!(num(&fri["calories"]), 2100.0);

    // Bad overrides are named, and change nothing.
    let mut bad = base.clone();
    bad["weekdays"] = json!({"saturday": {"calories": 0, "fat_g": "lots"}, "funday": {"calories": 1},
                             "sunday": {"calories": 1, "sugar_g": 3}});
    let fields = problem_fields(put(bad).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        fields,
        [
            "weekdays.funday",
            "weekdays.saturday.calories",
            "weekdays.saturday.fat_g",
            "weekdays.sunday"
        ]
    );
    let mut bad = base.clone();
    bad["weekdays"] = json!([1, 2]);
    let fields = problem_fields(put(bad).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["weekdays"]);
    assert_eq!(
        alice.get_ok("/api/v1/goals").await["weekdays"],
        g["weekdays"]
    );

    let mut clear = base.clone();
    clear["weekdays"] = Value::Null;
    assert_eq!(put(clear).await.status(), StatusCode::OK);
    assert_eq!(alice.get_ok("/api/v1/goals").await["weekdays"], json!({}));
    let sat = alice.get_ok("/api/v1/goals?date=2026-12-05").await;
    assert_eq!(num(&sat["calories"]), 2100.0);
    let r = alice.get("/api/v1/goals?date=someday").await;
    assert_eq!(problem_fields(r, StatusCode::BAD_REQUEST).await, ["date"]);
}

async fn weekday_goals_are_exported_and_deleted_with_the_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let r = alice
        .put(
            "/api/v1/goals",
            &json!({"calories": 2000, "protein_g": 150, "fat_g": 70, "carbs_g": 250,
                    "weekdays": {"friday": {"protein_g": 180}}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(rows(&app, backend).await, 1);
    let export = alice.get_ok("/api/v1/export?format=json").await;
    assert_eq!(
        export["goals"]["weekdays"],
        json!({"friday": {"protein_g": 180.0}})
    );
    assert_eq!(num(&export["goals"]["calories"]), 2000.0);

    let r = alice
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(rows(&app, backend).await, 0);
}

both_backends!(
    the_trend_smooths_over_the_whole_history,
    expenditure_is_read_off_intake_and_trend,
    too_little_data_says_what_is_missing,
    goals_are_suggested_from_todays_expenditure,
    goals_by_weekday_apply_in_every_summary,
    weekday_goals_are_exported_and_deleted_with_the_account,
);
