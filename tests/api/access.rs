//! The access-control matrix, derived from the served OpenAPI description so
//! that a new route cannot escape it: every operation that declares
//! `security` answers 401 without credentials (and with a wrong token), every
//! other one is on the short public list below, and every operation whose
//! path takes an id answers 404 for another account's id and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

/// Operations that answer without an account, and why.
const PUBLIC: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/register"), // creating an account
    ("post", "/api/v1/auth/login"),    // getting a session
    ("get", "/health/live"),           // probes and scrapers have no account
    ("get", "/health/ready"),
    ("get", "/metrics"),
];

/// Every (method, path template) the OpenAPI description declares, with
/// whether the operation declares a security requirement.
async fn operations(anyone: &Browser) -> Vec<(String, String, bool)> {
    let spec = anyone.get_ok("/api/v1/openapi.json").await;
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            out.push((method.clone(), path.clone(), secured));
        }
    }
    assert!(out.len() >= 30, "too few operations read: {out:?}");
    out
}

/// A body the operation accepts, so that a 404 comes from ownership and a 401
/// from authentication, not from validation.
fn valid_body(method: &str, path: &str) -> Option<Value> {
    let food = json!({"date": "2026-03-01", "meal": "lunch", "name": "Soup", "calories": 120});
    let body = match (method, path) {
        ("post" | "patch", "/api/v1/food-entries" | "/api/v1/food-entries/{id}") => food,
        ("post" | "patch", "/api/v1/activity-entries" | "/api/v1/activity-entries/{id}") => {
            json!({"date": "2026-03-01", "name": "Walk", "duration_min": 30, "kcal_burned": 120})
        }
        ("post" | "patch", "/api/v1/foods" | "/api/v1/foods/{id}") => json!({
            "name": "Intruder bread", "calories": 250, "protein_g": 9, "fat_g": 3, "carbs_g": 48
        }),
        ("post", "/api/v1/food-entries/copy") => {
            json!({"from_date": "2026-03-01", "to_date": "2026-03-02"})
        }
        ("put", "/api/v1/weights/{date}") => json!({"weight_kg": 70}),
        ("put", "/api/v1/measurements/{date}") => json!({"waist_cm": 80}),
        ("post", "/api/v1/water-entries") => json!({"date": "2026-03-01", "ml": 250}),
        ("post" | "put", "/api/v1/saved-meals" | "/api/v1/saved-meals/{id}") => {
            json!({"name": "Intruder lunch", "items": [{"name": "Soup", "calories": 120}]})
        }
        ("post", "/api/v1/saved-meals/from-day") => {
            json!({"date": "2026-03-01", "meal": "lunch", "name": "Intruder lunch"})
        }
        ("post", "/api/v1/saved-meals/{id}/log") => json!({"date": "2026-03-01", "meal": "lunch"}),
        ("put", "/api/v1/recipes/{id}") => json!({"name": "Taken over", "servings": 1,
            "ingredients": [{"food_id": 1, "quantity_g": 10}]}),
        ("put", "/api/v1/goals") => {
            json!({"calories": 1800, "protein_g": 120, "fat_g": 60, "carbs_g": 200})
        }
        ("put" | "patch", "/api/v1/profile") => json!({"height_cm": 170}),
        ("put", "/api/v1/nutrient-targets") => json!({"iron_mg": {"min": 10}}),
        ("post", "/api/v1/tokens") => {
            json!({"name": "intruder", "password": "correct horse battery"})
        }
        ("post", "/api/v1/shares") => json!({"name": "intruder's coach"}),
        ("post" | "put", "/api/v1/me/password") => {
            json!({"current_password": "correct horse battery", "new_password": "another horse battery"})
        }
        ("delete", "/api/v1/me") => json!({"password": "correct horse battery"}),
        ("post", "/api/v1/auth/register" | "/api/v1/auth/login") => {
            json!({"username": "nobody", "password": "correct horse battery"})
        }
        _ => return None,
    };
    Some(body)
}

async fn send(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
    bearer: Option<&str>,
) -> StatusCode {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut request = client.request(method, format!("{base}{path}"));
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request").status()
}

async fn authentication_is_required_where_declared(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anonymous = app.new_browser();
    let operations = operations(&anonymous).await;
    let concrete = |path: &str| path.replace("{id}", "1").replace("{date}", "2026-03-01");
    // So that logging in as "nobody" succeeds: a public operation must work
    // without credentials, not merely answer something other than 401.
    let r = app
        .new_browser()
        .register("nobody", "correct horse battery")
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    // No cookie jar: the login below must not authenticate later requests.
    let no_cookies = reqwest::Client::new();
    for (method, path, secured) in &operations {
        let listed = PUBLIC.iter().any(|(m, p)| m == method && p == path);
        assert_eq!(
            !secured, listed,
            "{method} {path}: declares security = {secured}, but the public list says {listed}"
        );
        let body = valid_body(method, path);
        let without = send(
            &no_cookies,
            &anonymous.address,
            method,
            &concrete(path),
            body.clone(),
            None,
        )
        .await;
        let forged = send(
            &no_cookies,
            &anonymous.address,
            method,
            &concrete(path),
            body,
            Some("nn_not-a-real-token-at-all-0000000000"),
        )
        .await;
        if *secured {
            assert_eq!(
                without,
                StatusCode::UNAUTHORIZED,
                "{method} {path} without credentials"
            );
            assert_eq!(
                forged,
                StatusCode::UNAUTHORIZED,
                "{method} {path} with a forged token"
            );
        } else {
            assert!(
                without.is_success() || without == StatusCode::CONFLICT,
                "{method} {path} is public but answered {without}"
            );
        }
    }
}

/// What `owner` has, as seen by `owner`: the export (without its time stamp),
/// each custom food and the token list (without last-use times).
async fn snapshot(owner: &Browser, food_ids: &[i64]) -> Value {
    let mut export = owner.get_ok("/api/v1/export").await;
    export.as_object_mut().unwrap().remove("exported_at");
    let mut foods = Vec::new();
    for id in food_ids {
        foods.push(owner.get_ok(&format!("/api/v1/foods/{id}")).await);
    }
    let mut tokens = owner.get_ok("/api/v1/tokens").await;
    strip_key(&mut tokens, "last_used_at");
    let shares = owner.get_ok("/api/v1/shares").await;
    json!({"export": export, "foods": foods, "tokens": tokens, "shares": shares})
}

fn strip_key(value: &mut Value, key: &str) {
    match value {
        Value::Object(map) => {
            map.remove(key);
            map.values_mut().for_each(|v| strip_key(v, key));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| strip_key(v, key)),
        _ => {}
    }
}

async fn another_accounts_ids_answer_404_and_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    let intruder = app.user("intruder").await;

    // One of each of the owner's things that a path can name.
    let food_entry = owner
        .add_food(json!({"date": "2026-03-01", "meal": "dinner", "name": "Stew", "calories": 640}))
        .await;
    let activity_entry = owner
        .add_activity(
            json!({"date": "2026-03-01", "name": "Swim", "duration_min": 45, "kcal_burned": 400}),
        )
        .await;
    let food = json_of(
        owner
            .post(
                "/api/v1/foods",
                &json!({"name": "Owner's loaf", "calories": 260, "protein_g": 9, "fat_g": 3, "carbs_g": 50}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let token = json_of(
        owner
            .post(
                "/api/v1/tokens",
                &json!({"name": "owner's laptop", "password": "correct horse battery"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let share = json_of(
        owner
            .post("/api/v1/shares", &json!({"name": "owner's coach"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let water_entry = json_of(
        owner
            .post(
                "/api/v1/water-entries",
                &json!({"date": "2026-03-01", "ml": 330}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let saved_meal = json_of(
        owner
            .post(
                "/api/v1/saved-meals",
                &json!({"name": "Owner's breakfast", "items": [{"name": "Toast", "calories": 180}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let recipe = json_of(
        owner
            .post(
                "/api/v1/recipes",
                &json!({"name": "Owner's porridge", "servings": 2,
                        "ingredients": [{"food_id": food["id"], "quantity_g": 80}]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let import = json_of(
        owner
            .client
            .post(owner.url("/api/v1/imports?format=nutrinube&dry_run=true"))
            .body(r#"{"weights": [{"date": "2026-02-20", "weight_kg": 80}]}"#)
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let weight_date = "2026-02-27";
    let r = owner
        .put(
            &format!("/api/v1/weights/{weight_date}"),
            &json!({"weight_kg": 81.5}),
        )
        .await;
    assert!(
        r.status().is_success(),
        "recording a weight: {}",
        r.status()
    );
    let r = owner
        .put(
            &format!("/api/v1/measurements/{weight_date}"),
            &json!({"waist_cm": 90, "neck_cm": 41}),
        )
        .await;
    assert!(r.status().is_success(), "measuring: {}", r.status());

    let owned_id = |path: &str| -> String {
        match path {
            p if p.starts_with("/api/v1/food-entries/") => food_entry["id"].to_string(),
            p if p.starts_with("/api/v1/activity-entries/") => activity_entry["id"].to_string(),
            p if p.starts_with("/api/v1/foods/") => food["id"].to_string(),
            p if p.starts_with("/api/v1/tokens/") => token["id"].to_string(),
            p if p.starts_with("/api/v1/shares/") => share["id"].to_string(),
            p if p.starts_with("/api/v1/water-entries/") => water_entry["id"].to_string(),
            p if p.starts_with("/api/v1/saved-meals/") => saved_meal["id"].to_string(),
            p if p.starts_with("/api/v1/recipes/") => recipe["id"].to_string(),
            p if p.starts_with("/api/v1/imports/") => import["id"].to_string(),
            p if p.starts_with("/api/v1/weights/") => weight_date.to_owned(),
            p if p.starts_with("/api/v1/measurements/") => weight_date.to_owned(),
            other => panic!(
                "{other} takes an id but this test does not know what it names: \
                 add it to the access-control matrix"
            ),
        }
    };

    let before = snapshot(&owner, &[food["id"].as_i64().unwrap()]).await;
    let operations = operations(&intruder).await;
    let mut checked = 0;
    for (method, path, _) in &operations {
        let Some(param) = ["{id}", "{date}"].into_iter().find(|p| path.contains(p)) else {
            continue;
        };
        // PUT /weights/{date} (and /measurements/{date}) is the intruder
        // recording their own weight on that day (a date names no one's
        // row): it must succeed for them and leave the owner's weight alone,
        // which the snapshot checks.
        let expected_own_write = method == "put"
            && (path == "/api/v1/weights/{date}" || path == "/api/v1/measurements/{date}");
        let concrete = path.replace(param, &owned_id(path));
        let status = send(
            &intruder.client,
            &intruder.address,
            method,
            &concrete,
            valid_body(method, path),
            None,
        )
        .await;
        if expected_own_write {
            assert!(status.is_success(), "{method} {concrete}: {status}");
        } else {
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{method} {concrete} by another account"
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} operations take an id");
    let after = snapshot(&owner, &[food["id"].as_i64().unwrap()]).await;
    assert_eq!(before, after, "another account changed the owner's data");

    // The owner still reaches each of them (the ids were real).
    owner
        .get_ok(&format!("/api/v1/food-entries/{}", food_entry["id"]))
        .await;
    owner
        .get_ok(&format!(
            "/api/v1/activity-entries/{}",
            activity_entry["id"]
        ))
        .await;
    let listed = intruder.get_ok("/api/v1/weights").await;
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
}

both_backends!(
    authentication_is_required_where_declared,
    another_accounts_ids_answer_404_and_change_nothing,
);
