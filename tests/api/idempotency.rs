//! `Idempotency-Key` on the creates (everywhere.md §3): a repeat answers
//! the first answer and creates nothing; another body is a 422; two at once
//! create one; keys are the account's own and last 24 hours.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

const DAY: &str = "2026-06-01";

fn banana(calories: f64) -> Value {
    json!({"date": DAY, "meal": "breakfast", "name": "Banana", "calories": calories})
}

async fn post_with_key(
    browser: &Browser,
    path: &str,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    browser
        .client
        .post(browser.url(path))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn entries_on_day(browser: &Browser) -> usize {
    browser
        .get_ok(&format!("/api/v1/food-entries?date={DAY}"))
        .await["items"]
        .as_array()
        .map_or(0, Vec::len)
}

async fn a_repeat_answers_the_first_answer_and_creates_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let first = post_with_key(&ana, "/api/v1/food-entries", "key-1", &banana(105.0)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotency-replayed").is_none());
    let first_type = first.headers()["content-type"].clone();
    let first_body = first.text().await.unwrap();
    for _ in 0..3 {
        let again = post_with_key(&ana, "/api/v1/food-entries", "key-1", &banana(105.0)).await;
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.headers()["idempotency-replayed"], "true");
        assert_eq!(again.headers()["content-type"], first_type);
        assert_eq!(again.text().await.unwrap(), first_body);
    }
    assert_eq!(entries_on_day(&ana).await, 1);
    // Another key is another entry; no key at all, too.
    let other = post_with_key(&ana, "/api/v1/food-entries", "key-2", &banana(105.0)).await;
    assert_eq!(other.status(), StatusCode::CREATED);
    assert_eq!(
        ana.post("/api/v1/food-entries", &banana(105.0))
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(entries_on_day(&ana).await, 3);
    // Activities and custom foods take keys too.
    let run = json!({"date": DAY, "name": "Run", "kcal_burned": 300, "duration_min": 30});
    for _ in 0..2 {
        let r = post_with_key(&ana, "/api/v1/activity-entries", "run-1", &run).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let activities = ana
        .get_ok(&format!("/api/v1/activity-entries?date={DAY}"))
        .await;
    assert_eq!(
        activities["items"].as_array().unwrap().len(),
        1,
        "{activities}"
    );
}

async fn the_same_key_with_another_body_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let first = post_with_key(&ana, "/api/v1/food-entries", "reused", &banana(105.0)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let other = post_with_key(&ana, "/api/v1/food-entries", "reused", &banana(999.0)).await;
    let problem = json_of(other, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        problem["errors"][0]["field"], "Idempotency-Key",
        "{problem}"
    );
    // On another create, too.
    let run = json!({"date": DAY, "name": "Run", "kcal_burned": 300, "duration_min": 30});
    let other = post_with_key(&ana, "/api/v1/activity-entries", "reused", &run).await;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(entries_on_day(&ana).await, 1);
}

async fn a_refused_create_frees_its_key(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let bad = post_with_key(&ana, "/api/v1/food-entries", "fix-me", &banana(-5.0)).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Corrected and sent again with its key: created.
    let fixed = post_with_key(&ana, "/api/v1/food-entries", "fix-me", &banana(105.0)).await;
    assert_eq!(fixed.status(), StatusCode::CREATED);
    assert!(fixed.headers().get("idempotency-replayed").is_none());
    assert_eq!(entries_on_day(&ana).await, 1);
}

async fn two_identical_requests_at_once_create_one_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for round in 0..5 {
        let key = format!("together-{round}");
        let body = banana(105.0);
        let sends = (0..8).map(|_| post_with_key(&ana, "/api/v1/food-entries", &key, &body));
        let answers = futures_util::future::join_all(sends).await;
        let mut bodies = Vec::new();
        for answer in answers {
            assert_eq!(answer.status(), StatusCode::CREATED);
            bodies.push(answer.text().await.unwrap());
        }
        assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
        assert_eq!(entries_on_day(&ana).await, round + 1);
    }
}

async fn keys_are_each_accounts_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let ben = app.user("ben").await;
    let a = post_with_key(&ana, "/api/v1/food-entries", "shared", &banana(105.0)).await;
    assert_eq!(a.status(), StatusCode::CREATED);
    // Ben's request with Ana's key creates Ben's entry, and never sees Ana's.
    let b = post_with_key(&ben, "/api/v1/food-entries", "shared", &banana(105.0)).await;
    assert_eq!(b.status(), StatusCode::CREATED);
    assert!(b.headers().get("idempotency-replayed").is_none());
    let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_ne!(a["id"], b["id"]);
    assert_eq!(entries_on_day(&ben).await, 1);
    // Without credentials the key changes nothing: 401.
    let anonymous = app.new_browser();
    let r = post_with_key(&anonymous, "/api/v1/food-entries", "shared", &banana(105.0)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

async fn malformed_keys_are_refused_naming_the_header(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let long = "k".repeat(256);
    for key in ["", "has space", long.as_str()] {
        let r = post_with_key(&ana, "/api/v1/food-entries", key, &banana(105.0)).await;
        let problem = json_of(r, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            problem["errors"][0]["field"], "Idempotency-Key",
            "{key:?}: {problem}"
        );
    }
    assert_eq!(entries_on_day(&ana).await, 0);
}

async fn keys_expire_after_24_hours(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let first = post_with_key(&ana, "/api/v1/food-entries", "yesterday", &banana(105.0)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    // A day and a minute later (the key's time moved back).
    let then = chrono::Utc::now() - chrono::Duration::hours(24) - chrono::Duration::minutes(1);
    age_keys(backend, &app.database_url, then).await;
    let again = post_with_key(&ana, "/api/v1/food-entries", "yesterday", &banana(105.0)).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert!(again.headers().get("idempotency-replayed").is_none());
    assert_eq!(entries_on_day(&ana).await, 2);
    // The hourly clean-up removes expired keys.
    age_keys(backend, &app.database_url, then).await;
    let store = nutrinube::store::Store::connect_lazy(&app.database_url, 1).unwrap();
    let pruned = store
        .prune_idempotency_keys(then + chrono::Duration::seconds(1))
        .await
        .unwrap();
    assert_eq!(pruned, 1);
    store.close().await;
}

/// Moves every key's time to `at`, as if it had been used then.
async fn age_keys(backend: Backend, url: &str, at: chrono::DateTime<chrono::Utc>) {
    let statement = "UPDATE idempotency_keys SET created_at = $1";
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query(statement)
                .bind(at)
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query(statement)
                .bind(at)
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }
}

/// One create of `CREATES`: how to call it, with a body and another body,
/// and how many of what it made there are.
struct Create {
    method: &'static str,
    /// As `CREATES` lists it.
    template: &'static str,
    path: &'static str,
    body: Value,
    other_body: Value,
    /// A list whose `items` hold what it made, and a member of each item
    /// that tells it (with the value the body gave it).
    listed_at: &'static str,
    made: (&'static str, Value),
}

async fn made_by(browser: &Browser, create: &Create) -> usize {
    let (field, value) = &create.made;
    browser.get_ok(create.listed_at).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| &item[field] == value)
        .count()
}

async fn every_create_replays_its_answer_and_refuses_another_body(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    // A day to copy from.
    ana.add_food(json!({"date": "2026-05-31", "meal": "dinner", "name": "Stew", "calories": 500}))
        .await;
    // A food for recipes, and a meal logged from it to make one of.
    let oats = json_of(
        ana.post(
            "/api/v1/foods",
            &json!({"name": "Ana's oats", "calories": 380, "protein_g": 13, "fat_g": 7, "carbs_g": 60}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .clone();
    ana.add_food(
        json!({"date": "2026-05-30", "meal": "breakfast", "food_id": oats, "quantity_g": 60}),
    )
    .await;
    // A saved meal to log.
    let usual = json_of(
        ana.post(
            "/api/v1/saved-meals",
            &json!({"name": "To log", "items": [{"name": "Porridge bowl", "calories": 300}]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .clone();
    let log_path: &'static str =
        Box::leak(format!("/api/v1/saved-meals/{usual}/log").into_boxed_str());
    let creates = [
        Create {
            method: "POST",
            template: "/api/v1/recipes",
            path: "/api/v1/recipes",
            body: json!({"name": "Ana's porridge", "servings": 2,
                         "ingredients": [{"food_id": oats, "quantity_g": 80}]}),
            other_body: json!({"name": "Ana's porridge", "servings": 3,
                               "ingredients": [{"food_id": oats, "quantity_g": 80}]}),
            listed_at: "/api/v1/recipes",
            made: ("name", json!("Ana's porridge")),
        },
        Create {
            method: "POST",
            template: "/api/v1/recipes/from-meal",
            path: "/api/v1/recipes/from-meal",
            body: json!({"date": "2026-05-30", "meal": "breakfast", "name": "From breakfast", "servings": 1}),
            other_body: json!({"date": "2026-05-30", "meal": "breakfast", "name": "From breakfast", "servings": 2}),
            listed_at: "/api/v1/recipes",
            made: ("name", json!("From breakfast")),
        },
        Create {
            method: "POST",
            template: "/api/v1/saved-meals",
            path: "/api/v1/saved-meals",
            body: json!({"name": "Usual", "items": [{"name": "Toast", "calories": 180}]}),
            other_body: json!({"name": "Usual", "items": [{"name": "Toast", "calories": 181}]}),
            listed_at: "/api/v1/saved-meals",
            made: ("name", json!("Usual")),
        },
        Create {
            method: "POST",
            template: "/api/v1/saved-meals/from-day",
            path: "/api/v1/saved-meals/from-day",
            body: json!({"date": "2026-05-31", "meal": "dinner", "name": "Stew night"}),
            other_body: json!({"date": "2026-05-31", "meal": "dinner", "name": "Stew nights"}),
            listed_at: "/api/v1/saved-meals",
            made: ("name", json!("Stew night")),
        },
        Create {
            method: "POST",
            template: "/api/v1/saved-meals/{id}/log",
            path: log_path,
            body: json!({"date": "2026-06-05", "meal": "lunch"}),
            other_body: json!({"date": "2026-06-05", "meal": "dinner"}),
            listed_at: "/api/v1/food-entries?date=2026-06-05",
            made: ("name", json!("Porridge bowl")),
        },
        Create {
            method: "POST",
            template: "/api/v1/food-entries",
            path: "/api/v1/food-entries",
            body: banana(105.0),
            other_body: banana(106.0),
            listed_at: "/api/v1/food-entries?date=2026-06-01",
            made: ("name", json!("Banana")),
        },
        Create {
            method: "POST",
            template: "/api/v1/food-entries/copy",
            path: "/api/v1/food-entries/copy",
            body: json!({"from_date": "2026-05-31", "to_date": "2026-06-02"}),
            other_body: json!({"from_date": "2026-05-31", "to_date": "2026-06-03"}),
            listed_at: "/api/v1/food-entries?from=2026-06-02&to=2026-06-03",
            made: ("name", json!("Stew")),
        },
        Create {
            method: "POST",
            template: "/api/v1/activity-entries",
            path: "/api/v1/activity-entries",
            body: json!({"date": DAY, "name": "Run", "kcal_burned": 300, "duration_min": 30}),
            other_body: json!({"date": DAY, "name": "Run", "kcal_burned": 301, "duration_min": 30}),
            listed_at: "/api/v1/activity-entries?date=2026-06-01",
            made: ("name", json!("Run")),
        },
        Create {
            method: "POST",
            template: "/api/v1/foods",
            path: "/api/v1/foods",
            body: json!({"name": "Ana's granola", "calories": 450, "protein_g": 10, "fat_g": 15, "carbs_g": 65}),
            other_body: json!({"name": "Ana's granola", "calories": 451, "protein_g": 10, "fat_g": 15, "carbs_g": 65}),
            listed_at: "/api/v1/foods?q=granola",
            made: ("name", json!("Ana's granola")),
        },
        Create {
            method: "PUT",
            template: "/api/v1/weights/{date}",
            path: "/api/v1/weights/2026-06-01",
            body: json!({"weight_kg": 70.5}),
            other_body: json!({"weight_kg": 71.5}),
            listed_at: "/api/v1/weights",
            made: ("weight_kg", json!(70.5)),
        },
        Create {
            method: "POST",
            template: "/api/v1/water-entries",
            path: "/api/v1/water-entries",
            body: json!({"date": DAY, "ml": 330}),
            other_body: json!({"date": DAY, "ml": 331}),
            listed_at: "/api/v1/water-entries?date=2026-06-01",
            made: ("ml", json!(330)),
        },
    ];
    // Every create of the API that takes a key is here.
    let listed: Vec<_> = nutrinube::http::CREATES
        .iter()
        .filter(|(_, template)| template.starts_with("/api/"))
        .collect();
    for (method, template) in &listed {
        assert!(
            creates
                .iter()
                .any(|c| (c.method, c.template) == (*method, *template)),
            "{method} {template} takes an Idempotency-Key but is not tested here"
        );
    }
    assert_eq!(listed.len(), creates.len());
    for (i, create) in creates.iter().enumerate() {
        let what = format!("{} {}", create.method, create.path);
        let key = format!("every-{i}");
        let send = |body: &Value| {
            ana.client
                .request(create.method.parse().unwrap(), ana.url(create.path))
                .header("Idempotency-Key", &key)
                .json(body)
                .send()
        };
        let first = send(&create.body).await.unwrap();
        assert!(first.status().is_success(), "{what}: {}", first.status());
        let status = first.status();
        let body = first.text().await.unwrap();
        let again = send(&create.body).await.unwrap();
        assert_eq!(again.status(), status, "{what}");
        assert_eq!(again.headers()["idempotency-replayed"], "true", "{what}");
        assert_eq!(again.text().await.unwrap(), body, "{what}");
        let other = send(&create.other_body).await.unwrap();
        let problem = json_of(other, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem["errors"][0]["field"], "Idempotency-Key", "{what}");
        assert_eq!(made_by(&ana, create).await, 1, "{what}: made once");
    }
}

both_backends!(
    every_create_replays_its_answer_and_refuses_another_body,
    a_repeat_answers_the_first_answer_and_creates_once,
    the_same_key_with_another_body_is_refused,
    a_refused_create_frees_its_key,
    two_identical_requests_at_once_create_one_entry,
    keys_are_each_accounts_own,
    malformed_keys_are_refused_naming_the_header,
    keys_expire_after_24_hours,
);
