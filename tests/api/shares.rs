//! Share links (data.md §4): created with a secret shown once, listed
//! without it, revoked at once; the report page they open, with no login.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

async fn create_share(user: &Browser, body: Value) -> Value {
    json_of(
        user.post("/api/v1/shares", &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn log_food(user: &Browser, date: &str, name: &str) {
    json_of(
        user.post(
            "/api/v1/food-entries",
            &json!({"date": date, "meal": "lunch", "name": name,
                    "calories": 420, "protein_g": 30, "fat_g": 12, "carbs_g": 45}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
}

/// The report page, fetched with no cookie.
async fn open(app: &TestApp, url: &str) -> reqwest::Response {
    Client::new()
        .get(format!("{}{url}", app.address))
        .send()
        .await
        .expect("GET report")
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

async fn a_share_link_opens_a_report_until_revoked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    log_food(&ana, "2026-03-02", "Lentil stew").await;
    log_food(&ana, "2026-05-01", "Outside the range").await;
    ana.put("/api/v1/weights/2026-03-03", &json!({"weight_kg": 71.5}))
        .await;
    json_of(
        ana.post(
            "/api/v1/food-entries",
            &json!({"date": "2026-03-03", "meal": "dinner", "name": "Spinach",
                    "calories": 50, "protein_g": 5, "fat_g": 1, "carbs_g": 4,
                    "micronutrients": {"iron_mg": 9}}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        ana.post(
            "/api/v1/activity-entries",
            &json!({"date": "2026-03-02", "name": "Hill walk", "duration_min": 45, "kcal_burned": 210}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        ana.post(
            "/api/v1/water-entries",
            &json!({"date": "2026-03-04", "ml": 750}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let created = create_share(
        &ana,
        json!({"name": "Coach Carla", "from": "2026-03-01", "to": "2026-03-07"}),
    )
    .await;
    assert_eq!(created["name"], "Coach Carla");
    assert_eq!(created["from"], "2026-03-01");
    assert_eq!(created["to"], "2026-03-07");
    assert_eq!(created["expires_at"], Value::Null);
    let url = created["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("/shared/"), "{url}");
    let secret = url.trim_start_matches("/shared/").to_owned();
    assert!(secret.len() > 30, "{secret}");

    // Listed without the secret.
    let list = ana.get_ok("/api/v1/shares").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["id"], created["id"]);
    assert!(!list.to_string().contains(&secret), "{list}");
    assert!(list["items"][0].get("url").is_none());

    let r = open(&app, &url).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "x-robots-tag"), "noindex");
    assert_eq!(header(&r, "cache-control"), "no-store");
    assert_eq!(header(&r, "referrer-policy"), "no-referrer");
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(html.contains("Lentil stew"), "{html}");
    assert!(html.contains("Coach Carla"));
    assert!(html.contains("71.5"), "the weight is shown");
    assert!(!html.contains("Outside the range"));
    // The activities and drinks of the days, and the nutrients against their targets.
    assert!(
        html.contains("Hill walk") && html.contains("45 min"),
        "{html}"
    );
    assert!(html.contains("750 ml"), "the water is shown");
    let iron = html
        .split(r#"<tr id="n-iron_mg""#)
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("iron in the nutrients table");
    // 9 mg over the one day that knew it, against the default target
    // (no sex or age given: the widest adult range).
    assert!(iron.contains("<td>9 mg</td>"), "{iron}");
    assert!(iron.contains("18–45 mg · below target"), "{iron}");
    assert!(iron.contains(r#"data-state="low""#), "{iron}");
    // Seven days, one section each.
    assert_eq!(html.matches(r#"class="card shared-day""#).count(), 7);

    // A wrong secret, or none of ours, is 404.
    assert_eq!(
        open(&app, &format!("{url}x")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        open(&app, "/shared/ns_nothing").await.status(),
        StatusCode::NOT_FOUND
    );

    // Another account cannot revoke it (404), nor see it.
    let bob = app.user("bob").await;
    let id = created["id"].as_i64().unwrap();
    problem_fields(
        bob.delete(&format!("/api/v1/shares/{id}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(bob.get_ok("/api/v1/shares").await["items"], json!([]));
    assert_eq!(open(&app, &url).await.status(), StatusCode::OK);

    // Revoked: the page is gone at once.
    let r = ana.delete(&format!("/api/v1/shares/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = open(&app, &url).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&r, "x-robots-tag"), "noindex");
    assert_eq!(ana.get_ok("/api/v1/shares").await["items"], json!([]));
    problem_fields(
        ana.delete(&format!("/api/v1/shares/{id}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn the_report_speaks_the_owners_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let r = ana
        .put("/api/v1/settings", &json!({"language": "de"}))
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    let created = create_share(&ana, json!({"name": "Ärztin"})).await;
    let r = open(&app, created["url"].as_str().unwrap()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"<html lang="de">"#), "{html}");
    assert!(html.contains("Bericht: Ärztin"));
    // No range: the last 30 days up to today.
    assert_eq!(html.matches(r#"class="card shared-day""#).count(), 30);
}

async fn a_share_names_its_bad_fields(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for (body, field) in [
        (json!({}), "name"),
        (json!({"name": ""}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (json!({"name": "c", "from": "2026-13-01"}), "from"),
        (json!({"name": "c", "to": "yesterday"}), "to"),
        (
            json!({"name": "c", "from": "2026-03-02", "to": "2026-03-01"}),
            "to",
        ),
        (
            json!({"name": "c", "from": "2025-01-01", "to": "2026-01-02"}),
            "to",
        ),
        (
            json!({"name": "c", "expires_at": "2020-01-01T00:00:00Z"}),
            "expires_at",
        ),
        (json!({"name": "c", "expires_at": "soon"}), "expires_at"),
    ] {
        let fields = problem_fields(
            ana.post("/api/v1/shares", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, [field], "{body}");
    }
    // 366 days is the most.
    create_share(
        &ana,
        json!({"name": "year", "from": "2025-01-01", "to": "2026-01-01"}),
    )
    .await;
    assert_eq!(
        ana.get_ok("/api/v1/shares").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Without credentials nothing is made.
    let r = app
        .new_browser()
        .post("/api/v1/shares", &json!({"name": "sneaky"}))
        .await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
}

async fn a_share_may_run_through_a_day_of_the_owners(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let r = ana
        .put("/api/v1/settings", &json!({"time_zone": "Europe/Madrid"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let created = create_share(&ana, json!({"name": "winter", "expires_at": "2999-01-31"})).await;
    // The end of 31 January in Madrid (UTC+1 in winter).
    assert_eq!(created["expires_at"], "2999-01-31T23:00:00Z", "{created}");
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(2)).date_naive();
    let fields = problem_fields(
        ana.post(
            "/api/v1/shares",
            &json!({"name": "late", "expires_at": yesterday.to_string()}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["expires_at"]);
}

async fn an_expired_share_is_gone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let created = create_share(
        &ana,
        json!({"name": "brief", "expires_at": at.to_rfc3339()}),
    )
    .await;
    assert!(created["expires_at"].is_string(), "{created}");
    let url = created["url"].as_str().unwrap().to_owned();
    assert_eq!(open(&app, &url).await.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(open(&app, &url).await.status(), StatusCode::NOT_FOUND);
}

async fn share_links_are_bounded_per_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    for i in 0..50 {
        create_share(&ana, json!({"name": format!("link {i}")})).await;
    }
    let fields = problem_fields(
        ana.post("/api/v1/shares", &json!({"name": "one too many"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["share_links"]);
    // Another account's count is its own.
    let bob = app.user("bob").await;
    create_share(&bob, json!({"name": "mine"})).await;
}

async fn deleting_the_account_removes_its_shares(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let created = create_share(&ana, json!({"name": "coach"})).await;
    let url = created["url"].as_str().unwrap().to_owned();
    let r = ana
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(open(&app, &url).await.status(), StatusCode::NOT_FOUND);
}

async fn a_password_change_revokes_share_links(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let created = create_share(&ana, json!({"name": "coach"})).await;
    let url = created["url"].as_str().unwrap().to_owned();
    let r = ana
        .put(
            "/api/v1/me/password",
            &json!({"current_password": "correct horse battery", "new_password": "new horse battery"}),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(open(&app, &url).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(ana.get_ok("/api/v1/shares").await["items"], json!([]));
}

async fn a_read_token_lists_but_cannot_share(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ana = app.user("ana").await;
    let token = json_of(
        ana.post(
            "/api/v1/tokens",
            &json!({"name": "r", "scope": "read", "password": "correct horse battery"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let secret = token["token"].as_str().unwrap();
    let client = Client::new();
    let r = client
        .post(format!("{}/api/v1/shares", app.address))
        .bearer_auth(secret)
        .json(&json!({"name": "leak"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = client
        .get(format!("{}/api/v1/shares", app.address))
        .bearer_auth(secret)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(ana.get_ok("/api/v1/shares").await["items"], json!([]));
}

both_backends!(
    a_share_link_opens_a_report_until_revoked,
    the_report_speaks_the_owners_language,
    a_share_names_its_bad_fields,
    a_share_may_run_through_a_day_of_the_owners,
    an_expired_share_is_gone,
    share_links_are_bounded_per_account,
    deleting_the_account_removes_its_shares,
    a_password_change_revokes_share_links,
    a_read_token_lists_but_cannot_share,
);
