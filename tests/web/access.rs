//! The access-control matrix of the web pages. The route list is the one
//! the router is built from (`nutrinube::web::pages`), so a new page cannot
//! escape it: every page but the public ones sends a visitor without a session to
//! the login page, and every page that takes an id answers 404 for another
//! account's id and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{TestApp, client, get_json, page, post_form, sign_up};

/// Pages anyone may reach.
const PUBLIC: &[&str] = &[
    "/login",
    "/register",
    "/static/{name}",
    "/manifest.webmanifest",
    "/sw.js",
    "/offline",
    // A share link's report: its secret is the credential (404 otherwise).
    "/shared/{secret}",
];

#[tokio::test]
async fn pages_need_a_session_except_the_public_ones() {
    let app = TestApp::spawn().await;
    let visitor = client();
    let mut checked = Vec::new();
    for path in nutrinube::web::page_paths() {
        if PUBLIC.contains(&path) {
            continue;
        }
        let concrete = path.replace("{id}", "1");
        for method in ["get", "post"] {
            let response = match method {
                "get" => visitor.get(app.url(&concrete)).send().await.unwrap(),
                _ => post_form(&visitor, app.url(&concrete), &[("csrf", "x")]).await,
            };
            // A method the path does not take: nothing to guard.
            if response.status() == StatusCode::METHOD_NOT_ALLOWED {
                continue;
            }
            checked.push((method, path));
            let status = response.status();
            let location = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned())
                .unwrap_or_default();
            // A form POSTed without a session fails its CSRF check or is sent to
            // the login page; either way nothing is done.
            let refused = (status == StatusCode::SEE_OTHER && location.starts_with("/login"))
                || (method == "post" && status == StatusCode::FORBIDDEN);
            assert!(
                refused,
                "{method} {path} without a session: {status} → {location:?}"
            );
        }
    }
    assert!(
        checked.len() >= 18,
        "too few web routes walked: {checked:?}"
    );
    assert!(
        checked.contains(&("post", "/diary/food/{id}/delete")),
        "{checked:?}"
    );
}

/// The owner's data as the owner sees it through the API (export without
/// its time stamp, tokens without last-use times).
async fn snapshot(c: &reqwest::Client, app: &TestApp) -> Value {
    let mut export = get_json(c, app.url("/api/v1/export")).await;
    export.as_object_mut().unwrap().remove("exported_at");
    let tokens = get_json(c, app.url("/api/v1/tokens")).await;
    let tokens: Vec<Value> = tokens["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!([t["id"], t["name"]]))
        .collect();
    let shares = get_json(c, app.url("/api/v1/shares")).await;
    json!({"export": export, "tokens": tokens, "shares": shares})
}

#[tokio::test]
async fn another_accounts_ids_answer_404_and_change_nothing() {
    let app = TestApp::spawn().await;
    let owner = client();
    sign_up(&app, &owner, "pageowner").await;
    let create = |path: &'static str, body: Value| {
        let owner = owner.clone();
        let url = app.url(path);
        async move {
            let r = owner.post(url).json(&body).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::CREATED, "{path}");
            r.json::<Value>().await.unwrap()["id"].to_string()
        }
    };
    let food = create(
        "/api/v1/food-entries",
        json!({"date": "2026-03-01", "meal": "lunch", "name": "Stew", "calories": 500}),
    )
    .await;
    let activity = create(
        "/api/v1/activity-entries",
        json!({"date": "2026-03-01", "name": "Swim", "duration_min": 30, "kcal_burned": 250}),
    )
    .await;
    let water = create(
        "/api/v1/water-entries",
        json!({"date": "2026-03-01", "ml": 330}),
    )
    .await;
    let token = create(
        "/api/v1/tokens",
        json!({"name": "owner's phone", "password": "correct horse"}),
    )
    .await;
    let share = create("/api/v1/shares", json!({"name": "owner's coach"})).await;
    let oats = create(
        "/api/v1/foods",
        json!({"name": "Oats", "calories": 380, "protein_g": 13, "fat_g": 7, "carbs_g": 60}),
    )
    .await;
    let recipe = create(
        "/api/v1/recipes",
        json!({"name": "Porridge", "servings": 2,
               "ingredients": [{"food_id": oats.parse::<i64>().unwrap(), "quantity_g": 80}]}),
    )
    .await;
    let saved_meal = create(
        "/api/v1/saved-meals",
        json!({"name": "Owner's lunch", "items": [{"name": "Stew", "calories": 500}]}),
    )
    .await;

    let intruder = client();
    let csrf = sign_up(&app, &intruder, "pageintruder").await;
    let before = snapshot(&owner, &app).await;
    let mut checked = 0;
    for (method, path) in nutrinube::web::page_paths()
        .into_iter()
        .filter(|path| path.contains("{id}"))
        .flat_map(|path| [("get", path), ("post", path)])
    {
        let id = match path {
            p if p.starts_with("/diary/food/") => &food,
            p if p.starts_with("/diary/activity/") => &activity,
            p if p.starts_with("/diary/water/") => &water,
            p if p.starts_with("/settings/tokens/") => &token,
            p if p.starts_with("/settings/shares/") => &share,
            p if p.starts_with("/recipes/") => &recipe,
            p if p.starts_with("/diary/saved-meals/") || p.starts_with("/saved-meals/") => {
                &saved_meal
            }
            other => panic!("{other} takes an id this test does not know: add it to the matrix"),
        };
        let url = app.url(&path.replace("{id}", id).replace("{index}", "0"));
        let response = match method {
            "get" => intruder.get(&url).send().await.unwrap(),
            // Valid values, so that a refusal comes from ownership.
            _ => {
                post_form(
                    &intruder,
                    &url,
                    &[
                        ("csrf", csrf.as_str()),
                        ("date", "2026-03-01"),
                        ("meal", "dinner"),
                        ("name", "Taken over"),
                        ("calories", "1"),
                        ("duration_min", "1"),
                        ("kcal_burned", "1"),
                        ("servings", "1"),
                        ("food_id", oats.as_str()),
                        ("amount", "10"),
                        ("unit", "g"),
                    ],
                )
                .await
            }
        };
        // A method the path does not take: nothing to guard.
        if response.status() == StatusCode::METHOD_NOT_ALLOWED {
            continue;
        }
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "{method} {path} with another account's id"
        );
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} pages take an id");
    assert_eq!(
        before,
        snapshot(&owner, &app).await,
        "the intruder changed the owner's data"
    );
    // The ids were real: the owner still reaches them.
    page(&owner, &app.url(&format!("/diary/food/{food}"))).await;
    page(&owner, &app.url(&format!("/diary/activity/{activity}"))).await;
}
