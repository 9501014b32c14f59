//! Quick add and copying (nutrition.md §5): a food by hand with only its
//! calories, a meal copied into another meal, an activity by hand without a
//! duration.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;
use sqlx::migrate::Migrator;

use crate::both_backends;
use crate::helpers::*;

fn items(list: &Value) -> &Vec<Value> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
}

fn names(list: &Value) -> Vec<&str> {
    items(list)
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect()
}

fn meals(list: &Value) -> Vec<&str> {
    items(list)
        .iter()
        .map(|e| e["meal"].as_str().unwrap())
        .collect()
}

async fn refused(user: &Browser, path: &str, body: Value) -> Vec<String> {
    let mut fields = problem_fields(
        user.post(path, &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    fields.sort();
    fields
}

async fn quick_add_needs_only_calories(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("quick").await;
    let day = "2026-10-01";

    let e = b.add_food(json!({"date": day, "calories": 250})).await;
    assert_eq!(e["name"], "Quick add");
    assert_eq!(e["meal"], "snack");
    assert_eq!(num(&e["calories"]), 250.0);
    assert_eq!(num(&e["protein_g"]), 0.0);
    assert!(e["food_id"].is_null() && e["quantity_g"].is_null(), "{e}");
    // `null` is leaving it out.
    let e = b
        .add_food(json!({"date": day, "meal": "lunch", "calories": 80.25, "name": null}))
        .await;
    assert_eq!(e["name"], "Quick add");
    assert_eq!(num(&e["calories"]), 80.3);
    // A name given is kept.
    let e = b
        .add_food(json!({"date": day, "name": "Granola bar", "calories": 190}))
        .await;
    assert_eq!(e["name"], "Granola bar");

    // An empty (or blank) name is still an invalid name, not a quick add.
    let path = "/api/v1/food-entries";
    for name in ["", "   "] {
        let body = json!({"date": day, "name": name, "calories": 100});
        assert_eq!(refused(&b, path, body).await, ["name"]);
    }
    // Calories are what a quick add needs.
    assert_eq!(refused(&b, path, json!({"date": day})).await, ["calories"]);
    assert_eq!(
        refused(&b, path, json!({"date": day, "name": ""})).await,
        ["calories", "name"]
    );
    // Renaming to empty stays refused.
    let id = e["id"].as_i64().unwrap();
    let r = b
        .patch(&format!("/api/v1/food-entries/{id}"), &json!({"name": ""}))
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["name"]
    );

    let listed = b.get_ok(&format!("/api/v1/food-entries?date={day}")).await;
    assert_eq!(names(&listed), ["Quick add", "Quick add", "Granola bar"]);
    let summary = b.get_ok(&format!("/api/v1/summary/daily?date={day}")).await;
    assert_eq!(num(&summary["consumed"]["calories"]), 520.3);
}

async fn a_meal_is_copied_into_another_meal(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("copier").await;
    let other = app.user("bystander").await;
    let day = "2026-10-05";
    for (meal, name, kcal) in [
        ("breakfast", "Oats", 300.5),
        ("lunch", "Soup", 250.0),
        ("breakfast", "Coffee", 5.0),
    ] {
        b.add_food(
            json!({"date": day, "meal": meal, "name": name, "calories": kcal,
                          "protein_g": 1.5, "fat_g": 2, "carbs_g": 40}),
        )
        .await;
    }
    other
        .add_food(json!({"date": day, "meal": "breakfast", "name": "Not mine", "calories": 1}))
        .await;
    let path = "/api/v1/food-entries/copy";

    // Breakfast into the snacks of the same day, values as logged.
    let r = b
        .post(
            path,
            &json!({"from_date": day, "to_date": day, "meal": "breakfast", "to_meal": "snack"}),
        )
        .await;
    let copied = json_of(r, StatusCode::CREATED).await;
    assert_eq!(names(&copied), ["Oats", "Coffee"]);
    assert_eq!(meals(&copied), ["snack", "snack"]);
    let oats = &copied["items"][0];
    assert_eq!(oats["date"], day);
    assert_eq!(num(&oats["calories"]), 300.5);
    assert_eq!(num(&oats["protein_g"]), 1.5);
    assert_eq!(num(&oats["fat_g"]), 2.0);
    assert_eq!(num(&oats["carbs_g"]), 40.0);
    let listed = b.get_ok(&format!("/api/v1/food-entries?date={day}")).await;
    assert_eq!(
        meals(&listed),
        ["breakfast", "breakfast", "lunch", "snack", "snack"],
        "the breakfast stays"
    );
    let summary = b.get_ok(&format!("/api/v1/summary/daily?date={day}")).await;
    assert_eq!(num(&summary["meals"]["snack"]["calories"]), 305.5);
    assert_eq!(num(&summary["meals"]["breakfast"]["calories"]), 305.5);

    // Into a meal of another day.
    let next = "2026-10-06";
    let r = b
        .post(
            path,
            &json!({"from_date": day, "to_date": next, "meal": "lunch", "to_meal": "dinner"}),
        )
        .await;
    let copied = json_of(r, StatusCode::CREATED).await;
    assert_eq!(names(&copied), ["Soup"]);
    assert_eq!(meals(&copied), ["dinner"]);
    assert_eq!(copied["items"][0]["date"], next);
    // Into the same meal of another day: as without `to_meal`.
    let r = b
        .post(
            path,
            &json!({"from_date": day, "to_date": next, "meal": "lunch", "to_meal": "lunch"}),
        )
        .await;
    assert_eq!(meals(&json_of(r, StatusCode::CREATED).await), ["lunch"]);

    // What is refused, naming the field.
    let cases = [
        // `to_meal` without `meal`: a whole day has every meal.
        (
            json!({"from_date": day, "to_date": next, "to_meal": "dinner"}),
            vec!["meal"],
        ),
        (
            json!({"from_date": day, "to_date": day, "to_meal": "dinner"}),
            vec!["meal"],
        ),
        // The same day without `to_meal` would copy a meal onto itself.
        (
            json!({"from_date": day, "to_date": day, "meal": "breakfast"}),
            vec!["to_date"],
        ),
        (json!({"from_date": day, "to_date": day}), vec!["to_date"]),
        // Into itself.
        (
            json!({"from_date": day, "to_date": day, "meal": "lunch", "to_meal": "lunch"}),
            vec!["to_meal"],
        ),
        (
            json!({"from_date": day, "to_date": day, "meal": "lunch", "to_meal": "tea"}),
            vec!["to_meal"],
        ),
        (
            json!({"from_date": day, "to_date": day, "meal": "lunch", "to_meal": null}),
            vec!["to_meal"],
        ),
        (
            json!({"from_date": day, "to_date": day, "meal": "brunch", "to_meal": "lunch"}),
            vec!["meal"],
        ),
        // Nothing in the meal copied.
        (
            json!({"from_date": day, "to_date": day, "meal": "dinner", "to_meal": "lunch"}),
            vec!["from_date"],
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(refused(&b, path, body.clone()).await, expected, "{body}");
    }
    let listed = b.get_ok(&format!("/api/v1/food-entries?date={day}")).await;
    assert_eq!(items(&listed).len(), 5, "nothing refused was copied");
    let theirs = other
        .get_ok(&format!("/api/v1/food-entries?date={day}"))
        .await;
    assert_eq!(names(&theirs), ["Not mine"]);
}

async fn a_copy_within_the_day_keeps_the_daily_quota(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("glutton").await;
    let day = "2026-10-07";
    // 70 breakfast entries: once more fits (140), twice more (210) does not.
    for i in 0..70 {
        b.add_food(
            json!({"date": day, "meal": "breakfast", "name": format!("Bite {i}"),
                          "calories": 1}),
        )
        .await;
    }
    let path = "/api/v1/food-entries/copy";
    let into = |to_meal: &str| json!({"from_date": day, "to_date": day, "meal": "breakfast", "to_meal": to_meal});
    let r = b.post(path, &into("lunch")).await;
    assert_eq!(items(&json_of(r, StatusCode::CREATED).await).len(), 70);
    assert_eq!(
        refused(&b, path, into("dinner")).await,
        ["food_entries_per_day"]
    );
    let listed = b.get_ok(&format!("/api/v1/food-entries?date={day}")).await;
    assert_eq!(items(&listed).len(), 140, "the refused copy copied nothing");
    assert!(!meals(&listed).contains(&"dinner"));
}

async fn an_activity_by_hand_needs_no_duration(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("mover").await;
    let day = "2026-10-10";
    let path = "/api/v1/activity-entries";

    let garden = b
        .add_activity(json!({"date": day, "name": "Gardening", "kcal_burned": 180}))
        .await;
    assert!(garden["duration_min"].is_null(), "{garden}");
    assert_eq!(num(&garden["kcal_burned"]), 180.0);
    let e = b
        .add_activity(
            json!({"date": day, "name": "Dance", "kcal_burned": 90, "duration_min": null}),
        )
        .await;
    assert!(e["duration_min"].is_null(), "{e}");

    // From the catalogue, the energy computed from the MET value needs the
    // minutes; with the energy given, it does not.
    let found = b.get_ok("/api/v1/activities?q=running").await;
    let running = found["items"][0]["id"].as_i64().unwrap();
    assert_eq!(
        refused(&b, path, json!({"date": day, "activity_id": running})).await,
        ["duration_min"]
    );
    assert_eq!(
        refused(
            &b,
            path,
            json!({"date": day, "activity_id": running, "duration_min": null})
        )
        .await,
        ["duration_min"]
    );
    let given = b
        .add_activity(json!({"date": day, "activity_id": running, "kcal_burned": 400}))
        .await;
    assert!(given["duration_min"].is_null(), "{given}");
    assert!(given["weight_kg_used"].is_null(), "{given}");
    let computed = b
        .add_activity(json!({"date": day, "activity_id": running, "duration_min": 30}))
        .await;
    assert!(computed["weight_kg_used"].is_number(), "{computed}");
    // By hand without the energy: still refused, as before.
    assert_eq!(
        refused(&b, path, json!({"date": day, "name": "Yoga"})).await,
        ["kcal_burned"]
    );

    // A duration is added and taken away again by hand; not from an entry
    // whose energy follows it.
    let garden_path = format!("{path}/{}", garden["id"]);
    let r = b.patch(&garden_path, &json!({"duration_min": 45})).await;
    assert_eq!(json_of(r, StatusCode::OK).await["duration_min"], 45);
    let r = b.patch(&garden_path, &json!({"duration_min": null})).await;
    let patched = json_of(r, StatusCode::OK).await;
    assert!(patched["duration_min"].is_null(), "{patched}");
    assert_eq!(num(&patched["kcal_burned"]), 180.0);
    let computed_path = format!("{path}/{}", computed["id"]);
    let r = b
        .patch(&computed_path, &json!({"duration_min": null}))
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["duration_min"]
    );
    assert_eq!(b.get_ok(&computed_path).await["duration_min"], 30);
    // An entry without minutes linked to the catalogue: the energy cannot
    // be computed, so the minutes are asked for.
    let r = b
        .patch(&garden_path, &json!({"activity_id": running}))
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["duration_min"]
    );

    // Every reader copes with the missing minutes.
    let listed = b.get_ok(&format!("{path}?date={day}")).await;
    assert_eq!(items(&listed).len(), 4);
    assert!(items(&listed)[0]["duration_min"].is_null());
    let summary = b.get_ok(&format!("/api/v1/summary/daily?date={day}")).await;
    let burned = 180.0 + 90.0 + 400.0 + num(&computed["kcal_burned"]);
    assert!(
        (num(&summary["burned_kcal"]) - burned).abs() < 1e-6,
        "{summary}"
    );
    assert!(summary["activity_entries"][0]["duration_min"].is_null());
    let range = b
        .get_ok(&format!("/api/v1/summary?from={day}&to={day}"))
        .await;
    assert!((num(&range["days"][0]["burned_kcal"]) - burned).abs() < 1e-6);
}

async fn the_export_shows_a_missing_duration_as_null(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("exporter").await;
    b.add_activity(json!({"date": "2026-10-11", "name": "Gardening", "kcal_burned": 180}))
        .await;
    b.add_activity(
        json!({"date": "2026-10-11", "name": "Swim", "kcal_burned": 300, "duration_min": 40}),
    )
    .await;

    let export = b.get_ok("/api/v1/export?format=json").await;
    let activities = export["activity_entries"].as_array().unwrap();
    assert_eq!(activities.len(), 2, "{export}");
    assert_eq!(activities[0]["name"], "Gardening");
    assert!(activities[0]["duration_min"].is_null(), "{export}");
    assert_eq!(activities[1]["duration_min"], 40);

    let r = b.get("/api/v1/export?format=csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .filter(|r: &Vec<String>| r[col("kind")] == "activity")
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert_eq!(rows[0][col("name")], "Gardening");
    assert_eq!(rows[0][col("duration_min")], "", "{text}");
    assert_eq!(rows[0][col("kcal_burned")], "180");
    assert_eq!(rows[1][col("duration_min")], "40");
}

async fn openapi_describes_to_meal_and_an_optional_duration(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("reader").await;
    let spec = b.get_ok("/api/v1/openapi.json").await;
    let schemas = &spec["components"]["schemas"];
    let to_meal = &schemas["CopyInput"]["properties"]["to_meal"];
    assert!(to_meal.is_object(), "{}", schemas["CopyInput"]);
    let says = to_meal.to_string();
    assert!(says.contains("same day"), "{says}");
    let required = schemas["ActivityEntryInput"]["required"].to_string();
    assert!(!required.contains("duration_min"), "{required}");
    let duration = schemas["ActivityEntry"]["properties"]["duration_min"].to_string();
    assert!(duration.contains("null"), "{duration}");
    // The detail nutrients are flattened in: the schema is an `allOf`.
    let entry = &schemas["FoodEntryInput"];
    let name = entry["allOf"]
        .as_array()
        .into_iter()
        .flatten()
        .chain([entry])
        .find_map(|part| part["properties"].get("name"))
        .unwrap_or_else(|| panic!("no name in {entry}"))
        .to_string();
    assert!(name.contains("Quick add"), "{name}");
}

/// The first migration of §5: `activity_entries.duration_min` nullable.
const OPTIONAL_DURATION: i64 = 20261202000005;

/// The backend's migrations, all of them or only those before `until`.
async fn migrator(backend: Backend, until: Option<i64>) -> Migrator {
    let dir = match backend {
        Backend::Sqlite => "migrations/sqlite",
        Backend::Postgres => "migrations/postgres",
    };
    let mut m = Migrator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .await
        .expect("reading the migrations");
    if let Some(until) = until {
        let before: Vec<_> = m
            .migrations
            .iter()
            .filter(|m| m.version < until)
            .cloned()
            .collect();
        assert!(before.len() < m.migrations.len(), "{until} is a migration");
        m.migrations = before.into();
    }
    m
}

/// On a connection `$c`: the migrations before OPTIONAL_DURATION, an
/// account with an activity, the rest of the migrations; then what the
/// rebuilt (SQLite) or altered (PostgreSQL) table holds and keeps.
macro_rules! migrate_with_an_activity {
    ($backend:expr, $c:expr, $index_sql:expr) => {{
        let c = $c;
        migrator($backend, Some(OPTIONAL_DURATION))
            .await
            .run(&mut *c)
            .await
            .unwrap();
        let at = chrono::Utc::now();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 12).unwrap();
        let account: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (username, password_hash, created_at)
             VALUES ('old', 'x', $1) RETURNING id",
        )
        .bind(at)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        let old: i64 = sqlx::query_scalar(
            "INSERT INTO activity_entries (account_id, date, name, duration_min, kcal_burned,
                 activity_id, met, weight_kg_used, created_at, updated_at)
             VALUES ($1, $2, 'Run', 45, 380.5, 7, 9.8, 72.5, $3, $3) RETURNING id",
        )
        .bind(account)
        .bind(day)
        .bind(at)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        migrator($backend, None).await.run(&mut *c).await.unwrap();

        let kept: (
            i64,
            String,
            Option<i64>,
            f64,
            Option<i64>,
            Option<f64>,
            Option<f64>,
        ) = sqlx::query_as(
            "SELECT account_id, name, duration_min, kcal_burned, activity_id, met,
                     weight_kg_used FROM activity_entries WHERE id = $1",
        )
        .bind(old)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        assert_eq!(
            kept,
            (
                account,
                "Run".into(),
                Some(45),
                380.5,
                Some(7),
                Some(9.8),
                Some(72.5)
            )
        );
        let new: i64 = sqlx::query_scalar(
            "INSERT INTO activity_entries (account_id, date, name, duration_min, kcal_burned,
                 created_at, updated_at)
             VALUES ($1, $2, 'Garden', NULL, 100, $3, $3) RETURNING id",
        )
        .bind(account)
        .bind(day)
        .bind(at)
        .fetch_one(&mut *c)
        .await
        .unwrap();
        assert!(
            new > old,
            "ids go on after the kept ones: {new} after {old}"
        );
        let indexes: Vec<String> = sqlx::query_scalar($index_sql)
            .fetch_all(&mut *c)
            .await
            .unwrap();
        assert!(
            indexes.iter().any(|i| i == "activity_entries_account_date"),
            "{indexes:?}"
        );
        // The foreign key still cascades.
        sqlx::query("DELETE FROM accounts WHERE id = $1")
            .bind(account)
            .execute(&mut *c)
            .await
            .unwrap();
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activity_entries")
            .fetch_one(&mut *c)
            .await
            .unwrap();
        assert_eq!(left, 0);
        let orphan = sqlx::query_scalar::<_, i64>(
            "INSERT INTO activity_entries (account_id, date, name, kcal_burned, created_at,
                 updated_at)
             VALUES (987654, $1, 'Nobody', 1, $2, $2) RETURNING id",
        )
        .bind(day)
        .bind(at)
        .fetch_one(&mut *c)
        .await;
        assert!(orphan.is_err(), "the account's foreign key holds");
    }};
}

async fn the_duration_migration_keeps_every_activity(backend: Backend) {
    let db = crate::common::database::TestDatabase::empty(backend).await;
    match backend {
        Backend::Sqlite => {
            use std::str::FromStr;
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(&db.url)
                .unwrap()
                .create_if_missing(true)
                .foreign_keys(true);
            let mut c = sqlx::SqliteConnection::connect_with(&options)
                .await
                .unwrap();
            migrate_with_an_activity!(
                backend,
                &mut c,
                "SELECT name FROM sqlite_master
                 WHERE type = 'index' AND tbl_name = 'activity_entries'"
            );
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            migrate_with_an_activity!(
                backend,
                &mut c,
                "SELECT indexname::text FROM pg_indexes WHERE tablename = 'activity_entries'"
            );
        }
    }
}

both_backends!(
    the_duration_migration_keeps_every_activity,
    openapi_describes_to_meal_and_an_optional_duration,
    quick_add_needs_only_calories,
    a_meal_is_copied_into_another_meal,
    a_copy_within_the_day_keeps_the_daily_quota,
    an_activity_by_hand_needs_no_duration,
    the_export_shows_a_missing_duration_as_null,
);
