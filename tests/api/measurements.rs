//! Body measurements (body.md §4): one record a day merged on PUT, `null`
//! clears, ranges, listing, deletion, quota, export, account deletion and
//! ownership.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const DAY: &str = "2026-05-04";

async fn put(user: &Browser, date: &str, body: Value) -> Value {
    json_of(
        user.put(&format!("/api/v1/measurements/{date}"), &body)
            .await,
        StatusCode::OK,
    )
    .await
}

async fn refused(user: &Browser, date: &str, body: Value) -> Vec<String> {
    problem_fields(
        user.put(&format!("/api/v1/measurements/{date}"), &body)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The listed days' dates.
fn dates(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|m| m["date"].as_str().unwrap().to_owned())
        .collect()
}

/// Runs `sql` on the app's database (to count rows, or to fill it).
async fn execute(app: &TestApp, backend: Backend, sql: &str) -> i64 {
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
            let n = if sql.starts_with("SELECT") {
                sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap()
            } else {
                sqlx::query(sql)
                    .execute(&pool)
                    .await
                    .unwrap()
                    .rows_affected() as i64
            };
            pool.close().await;
            n
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
            let n = if sql.starts_with("SELECT") {
                sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap()
            } else {
                sqlx::query(sql)
                    .execute(&pool)
                    .await
                    .unwrap()
                    .rows_affected() as i64
            };
            pool.close().await;
            n
        }
    }
}

async fn a_second_record_of_the_day_merges_into_the_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;

    let m = put(&ana, DAY, json!({"waist_cm": 82.46, "body_fat_pct": 24})).await;
    assert_eq!(
        m,
        json!({"date": DAY, "waist_cm": 82.5, "hips_cm": null, "chest_cm": null,
               "neck_cm": null, "thigh_cm": null, "arm_cm": null, "body_fat_pct": 24.0})
    );
    // Left out keeps, a value replaces, null clears.
    let m = put(
        &ana,
        DAY,
        json!({"hips_cm": 98, "waist_cm": 81, "body_fat_pct": null}),
    )
    .await;
    assert_eq!(num(&m["waist_cm"]), 81.0);
    assert_eq!(num(&m["hips_cm"]), 98.0);
    assert!(m["body_fat_pct"].is_null(), "{m}");
    let list = ana.get_ok("/api/v1/measurements").await;
    assert_eq!(list["items"], json!([m]));

    // Clearing the last values leaves nothing: the day is gone.
    let m = put(&ana, DAY, json!({"waist_cm": null, "hips_cm": null})).await;
    assert!(
        m.as_object()
            .unwrap()
            .iter()
            .all(|(k, v)| k == "date" || v.is_null()),
        "{m}"
    );
    assert_eq!(
        dates(&ana.get_ok("/api/v1/measurements").await),
        Vec::<String>::new()
    );
}

async fn measurements_are_validated_naming_each_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    // At least one member.
    assert_eq!(refused(&ana, DAY, json!({})).await, ["body"]);
    assert_eq!(refused(&ana, DAY, json!({"weight_kg": 80})).await, ["body"]);
    // Every bad member at once; nothing stored.
    assert_eq!(
        refused(
            &ana,
            DAY,
            json!({"waist_cm": 9.9, "hips_cm": 300.1, "chest_cm": "wide",
                   "neck_cm": 38, "arm_cm": -1, "body_fat_pct": 75.5}),
        )
        .await,
        ["waist_cm", "hips_cm", "chest_cm", "arm_cm", "body_fat_pct"]
    );
    assert_eq!(
        refused(&ana, DAY, json!({"body_fat_pct": 1.9})).await,
        ["body_fat_pct"]
    );
    assert_eq!(
        dates(&ana.get_ok("/api/v1/measurements").await),
        Vec::<String>::new()
    );
    // The bounds themselves are taken.
    let m = put(
        &ana,
        DAY,
        json!({"waist_cm": 10, "thigh_cm": 300, "body_fat_pct": 2, "arm_cm": 75}),
    )
    .await;
    assert_eq!(num(&m["thigh_cm"]), 300.0);
    assert_eq!(num(&m["body_fat_pct"]), 2.0);
    // A bad date in the path, or a body that is not an object.
    let r = ana
        .put("/api/v1/measurements/2026-02-30", &json!({"waist_cm": 80}))
        .await;
    assert_eq!(problem_fields(r, StatusCode::BAD_REQUEST).await, ["date"]);
    assert_eq!(refused(&ana, DAY, json!("waist")).await, ["body"]);
}

async fn measurements_are_listed_by_date_and_deleted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for (date, waist) in [
        ("2026-05-20", 80.0),
        ("2026-05-01", 83.0),
        ("2026-04-10", 84.0),
    ] {
        put(&ana, date, json!({"waist_cm": waist})).await;
    }
    let all = ana.get_ok("/api/v1/measurements").await;
    assert_eq!(dates(&all), ["2026-04-10", "2026-05-01", "2026-05-20"]);
    let may = ana
        .get_ok("/api/v1/measurements?from=2026-05-01&to=2026-05-31")
        .await;
    assert_eq!(dates(&may), ["2026-05-01", "2026-05-20"]);
    let since = ana.get_ok("/api/v1/measurements?from=2026-05-02").await;
    assert_eq!(dates(&since), ["2026-05-20"]);
    let r = ana
        .get("/api/v1/measurements?from=2026-05-02&to=2026-05-01")
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["to"]
    );
    let r = ana.get("/api/v1/measurements?from=May").await;
    assert_eq!(problem_fields(r, StatusCode::BAD_REQUEST).await, ["from"]);

    let r = ana.delete("/api/v1/measurements/2026-05-01").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let all = ana.get_ok("/api/v1/measurements").await;
    assert_eq!(dates(&all), ["2026-04-10", "2026-05-20"]);
    let r = ana.delete("/api/v1/measurements/2026-05-01").await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
}

async fn another_accounts_measurements_are_invisible(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let bob = app.user("bob").await;
    put(&ana, DAY, json!({"waist_cm": 70})).await;
    assert_eq!(
        dates(&bob.get_ok("/api/v1/measurements").await),
        Vec::<String>::new()
    );
    problem_fields(
        bob.delete(&format!("/api/v1/measurements/{DAY}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Bob's record of the same day is his own, merged into nothing of Ana's.
    let m = put(&bob, DAY, json!({"neck_cm": 40})).await;
    assert!(m["waist_cm"].is_null(), "{m}");
    let hers = ana.get_ok("/api/v1/measurements").await;
    assert_eq!(num(&hers["items"][0]["waist_cm"]), 70.0);
    assert!(hers["items"][0]["neck_cm"].is_null(), "{hers}");
}

async fn recorded_days_are_bounded_by_a_quota(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    put(&ana, DAY, json!({"waist_cm": 80})).await;
    // 39,998 more days, written straight into the table (40,000 requests
    // would take minutes), one per day from 1910.
    let days = match backend {
        Backend::Postgres => {
            "SELECT DATE '1910-01-01' + n AS day FROM generate_series(0, 39997) AS n".to_owned()
        }
        Backend::Sqlite => "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n \
                            WHERE i < 39997) SELECT date('1910-01-01', '+' || i || ' days') AS day FROM n"
            .to_owned(),
    };
    let filled = execute(
        &app,
        backend,
        &format!(
            "INSERT INTO body_measurements (account_id, date, waist_cm, updated_at)
             SELECT (SELECT id FROM accounts WHERE username = 'ana'), d.day, 90, '2026-01-01T00:00:00Z'
             FROM ({days}) AS d"
        ),
    )
    .await;
    assert_eq!(filled, 39_998);
    // The 40,000th day is taken, the next is not; recorded days stay editable.
    put(&ana, "2026-06-01", json!({"hips_cm": 99})).await;
    assert_eq!(
        refused(&ana, "2026-06-02", json!({"hips_cm": 99})).await,
        ["measurement_days"]
    );
    let m = put(&ana, DAY, json!({"hips_cm": 97})).await;
    assert_eq!(num(&m["waist_cm"]), 80.0);
    // Another account has its own room.
    let bob = app.user("bob").await;
    put(&bob, "2026-06-02", json!({"hips_cm": 99})).await;
}

async fn export_and_account_deletion_cover_measurements(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.new_browser();
    ana.register_and_login("ana", "correct horse battery").await;
    let bob = app.user("bob").await;
    put(
        &ana,
        "2026-05-02",
        json!({"waist_cm": 81.5, "body_fat_pct": 22.4}),
    )
    .await;
    put(&ana, "2026-05-01", json!({"arm_cm": 31})).await;
    put(&bob, "2026-05-01", json!({"arm_cm": 40})).await;
    ana.put("/api/v1/weights/2026-05-02", &json!({"weight_kg": 70}))
        .await;

    let export = ana.get_ok("/api/v1/export?format=json").await;
    let list = export["measurements"].as_array().unwrap();
    assert_eq!(dates(&json!({"items": list})), ["2026-05-01", "2026-05-02"]);
    assert_eq!(num(&list[0]["arm_cm"]), 31.0);
    assert_eq!(num(&list[1]["body_fat_pct"]), 22.4);

    let csv = ana
        .get("/api/v1/export?format=csv")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}: {header:?}"))
    };
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let rows: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r[col("kind")].as_str(), r[col("date")].as_str()))
        .collect();
    // By day, each day's measurements after its other rows.
    assert_eq!(
        rows,
        [
            ("measurement", "2026-05-01"),
            ("weight", "2026-05-02"),
            ("measurement", "2026-05-02")
        ]
    );
    assert_eq!(records[0][col("arm_cm")], "31");
    assert_eq!(records[0][col("waist_cm")], "");
    assert_eq!(records[2][col("waist_cm")], "81.5");
    assert_eq!(records[2][col("body_fat_pct")], "22.4");
    assert_eq!(records[1][col("weight_kg")], "70");

    let count = "SELECT COUNT(*) FROM body_measurements";
    assert_eq!(execute(&app, backend, count).await, 3);
    let r = ana
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(execute(&app, backend, count).await, 1);
    assert_eq!(
        dates(&bob.get_ok("/api/v1/measurements").await),
        ["2026-05-01"]
    );
}

both_backends!(
    a_second_record_of_the_day_merges_into_the_first,
    measurements_are_validated_naming_each_field,
    measurements_are_listed_by_date_and_deleted,
    another_accounts_measurements_are_invisible,
    recorded_days_are_bounded_by_a_quota,
    export_and_account_deletion_cover_measurements,
);
