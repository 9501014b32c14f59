//! API tokens: creation, listing without secrets, Bearer authentication,
//! revocation and ownership.

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::*;

async fn create_token(user: &Browser, name: &str) -> Value {
    json_of(
        user.post(
            "/api/v1/tokens",
            &json!({"name": name, "password": "correct horse battery"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

fn secret_of(token: &Value) -> String {
    token["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token secret: {token}"))
        .to_owned()
}

fn id_of(v: &Value) -> i64 {
    v["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no numeric id: {v}"))
}

/// A client with no cookie that authenticates with `Authorization: Bearer`.
struct Script {
    app: String,
    client: Client,
    token: String,
}

impl Script {
    fn new(app: &TestApp, token: &str) -> Script {
        Script {
            app: app.address.clone(),
            client: Client::builder().build().unwrap(),
            token: token.to_owned(),
        }
    }

    async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.app))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("GET")
    }

    async fn post(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}{path}", self.app))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .expect("POST")
    }
}

async fn listing_text(user: &Browser) -> String {
    let r = user.get("/api/v1/tokens").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

async fn token_lifecycle(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;

    let created = create_token(&alice, "  phone app ").await;
    let id = id_of(&created);
    let secret = secret_of(&created);
    assert_eq!(created["name"], "phone app");
    assert!(secret.len() >= 32, "a short secret: {secret}");

    // Listed without any secret.
    let text = listing_text(&alice).await;
    assert!(
        !text.contains(&secret),
        "the secret is in the listing: {text}"
    );
    let list: Value = serde_json::from_str(&text).unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(id_of(&items[0]), id);
    assert_eq!(items[0]["name"], "phone app");
    assert!(items[0]["created_at"].is_string(), "{list}");
    assert!(items[0]["last_used_at"].is_null(), "{list}");
    assert!(items[0].get("token").is_none(), "{list}");

    // A client with the token and no cookie acts as alice.
    let script = Script::new(&app, &secret);
    let me = json_of(script.get("/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(me["username"], "alice");
    let entry = json_of(
        script
            .post(
                "/api/v1/food-entries",
                &json!({"date": "2026-05-01", "meal": "snack", "name": "Banana",
                        "calories": 105}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let day = alice.get_ok("/api/v1/food-entries?date=2026-05-01").await;
    assert_eq!(day["items"].as_array().unwrap().len(), 1, "{day}");
    assert_eq!(id_of(&day["items"][0]), id_of(&entry));
    assert_eq!(day["items"][0]["name"], "Banana");

    // Its last use is recorded.
    let list = alice.get_ok("/api/v1/tokens").await;
    let used = list["items"][0]["last_used_at"]
        .as_str()
        .unwrap_or_else(|| panic!("last_used_at not set after use: {list}"));
    let created_at = list["items"][0]["created_at"].as_str().unwrap();
    let used: chrono::DateTime<chrono::Utc> = used.parse().expect("an RFC 3339 time");
    let created_at: chrono::DateTime<chrono::Utc> = created_at.parse().expect("an RFC 3339 time");
    assert!(
        used >= created_at,
        "used {used} before created {created_at}"
    );

    // Revoked: the token no longer works.
    let r = alice.delete(&format!("/api/v1/tokens/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    problem_fields(script.get("/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
    let r = script
        .post(
            "/api/v1/food-entries",
            &json!({"date": "2026-05-01", "name": "Pear", "calories": 57}),
        )
        .await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
    let list = alice.get_ok("/api/v1/tokens").await;
    assert_eq!(list["items"], json!([]));
    problem_fields(
        alice.delete(&format!("/api/v1/tokens/{id}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // The session still works.
    assert_eq!(alice.get_ok("/api/v1/me").await["username"], "alice");
}

async fn wrong_tokens_are_unauthorized(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let secret = secret_of(&create_token(&alice, "cli").await);

    let mut wrong = secret.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == 'A' { 'B' } else { 'A' });
    for token in [
        wrong.as_str(),
        "nn_not-a-real-token",
        "",
        &secret[..secret.len() - 1],
    ] {
        let r = Script::new(&app, token).get("/api/v1/me").await;
        problem_fields(r, StatusCode::UNAUTHORIZED).await;
    }
    // Not the Bearer scheme.
    let r = Client::new()
        .get(app.url("/api/v1/me"))
        .header("Authorization", format!("Basic {secret}"))
        .send()
        .await
        .unwrap();
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
    // No credentials at all.
    let r = Client::new()
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    problem_fields(r, StatusCode::UNAUTHORIZED).await;

    // The right one works.
    let r = Script::new(&app, &secret).get("/api/v1/me").await;
    assert_eq!(json_of(r, StatusCode::OK).await["username"], "alice");
}

async fn tokens_belong_to_their_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let alices = create_token(&alice, "laptop").await;
    let bobs = create_token(&bob, "laptop").await;
    let alice_script = Script::new(&app, &secret_of(&alices));
    let bob_script = Script::new(&app, &secret_of(&bobs));

    // Bob cannot revoke alice's token, nor see it.
    problem_fields(
        bob.delete(&format!("/api/v1/tokens/{}", id_of(&alices)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let r = alice_script.get("/api/v1/me").await;
    assert_eq!(json_of(r, StatusCode::OK).await["username"], "alice");
    let bob_list = bob.get_ok("/api/v1/tokens").await;
    let bob_ids: Vec<i64> = bob_list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(bob_ids, [id_of(&bobs)]);
    let alice_list = alice.get_ok("/api/v1/tokens").await;
    assert_eq!(alice_list["items"].as_array().unwrap().len(), 1);
    assert_eq!(id_of(&alice_list["items"][0]), id_of(&alices));

    // Each token acts for its own account only.
    let r = bob_script.get("/api/v1/me").await;
    assert_eq!(json_of(r, StatusCode::OK).await["username"], "bob");
    let entry = alice
        .add_food(json!({"date": "2026-05-02", "name": "Kiwi", "calories": 42}))
        .await;
    let r = bob_script
        .get(&format!("/api/v1/food-entries/{}", id_of(&entry)))
        .await;
    problem_fields(r, StatusCode::NOT_FOUND).await;
    let r = alice_script
        .get(&format!("/api/v1/food-entries/{}", id_of(&entry)))
        .await;
    assert_eq!(json_of(r, StatusCode::OK).await["name"], "Kiwi");
    // A token cannot revoke another account's token either.
    let r = bob_script
        .client
        .delete(app.url(&format!("/api/v1/tokens/{}", id_of(&alices))))
        .bearer_auth(&bob_script.token)
        .send()
        .await
        .unwrap();
    problem_fields(r, StatusCode::NOT_FOUND).await;
    let r = alice_script.get("/api/v1/me").await;
    assert_eq!(r.status(), StatusCode::OK);
}

async fn a_token_needs_a_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    for mut body in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "   "}),
        json!({"name": null}),
        json!({"name": 7}),
        json!({"name": "x".repeat(101)}),
    ] {
        body["password"] = json!("correct horse battery");
        let fields = problem_fields(
            alice.post("/api/v1/tokens", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, ["name"], "{body}");
    }
    let list = alice.get_ok("/api/v1/tokens").await;
    assert_eq!(list["items"], json!([]));
    // Unauthenticated: no token can be made.
    let r = app
        .new_browser()
        .post("/api/v1/tokens", &json!({"name": "sneaky"}))
        .await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
}

/// A token of `scope` (and `expires_at`, when given), created with the password.
async fn scoped_token(user: &Browser, scope: &str, expires_at: Option<String>) -> Value {
    let mut body = json!({"name": scope, "scope": scope, "password": "correct horse battery"});
    if let Some(at) = expires_at {
        body["expires_at"] = json!(at);
    }
    json_of(
        user.post("/api/v1/tokens", &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn problem_status(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(
        content_type.as_deref(),
        Some("application/problem+json"),
        "{status}: {body}"
    );
    (status, body)
}

async fn a_read_token_reads_and_never_writes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let token = scoped_token(&alice, "read", None).await;
    assert_eq!(token["scope"], "read");
    assert_eq!(token["expires_at"], Value::Null);
    let script = Script::new(&app, &secret_of(&token));
    assert_eq!(script.get("/api/v1/me").await.status(), StatusCode::OK);
    let r = script.get("/api/v1/summary/daily?date=2026-03-01").await;
    assert_eq!(r.status(), StatusCode::OK);
    let entry = json!({"date": "2026-03-01", "ml": 250});
    let (status, _) = problem_status(script.post("/api/v1/water-entries", &entry).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // With an idempotency key too.
    let r = script
        .client
        .post(format!("{}/api/v1/water-entries", script.app))
        .bearer_auth(&script.token)
        .header("Idempotency-Key", "read-token-write-1")
        .json(&entry)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = script
        .client
        .delete(format!("{}/api/v1/tokens/{}", script.app, id_of(&token)))
        .bearer_auth(&script.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nothing was written; the token is still listed, with its scope.
    let water = alice.get_ok("/api/v1/water-entries?date=2026-03-01").await;
    assert_eq!(water["items"], json!([]), "{water}");
    let list = alice.get_ok("/api/v1/tokens").await;
    assert_eq!(list["items"][0]["scope"], "read");
}

async fn a_health_token_only_pushes_health_data(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let token = scoped_token(&alice, "health", None).await;
    assert_eq!(token["scope"], "health");
    let script = Script::new(&app, &secret_of(&token));
    let (status, _) = problem_status(script.get("/api/v1/me").await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let r = script.get("/api/v1/summary/daily?date=2026-03-01").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, _) = problem_status(
        script
            .post(
                "/api/v1/water-entries",
                &json!({"date": "2026-03-01", "ml": 250}),
            )
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The one path it may use is not refused for its scope.
    let r = script.post("/api/v1/health-data", &json!({})).await;
    assert_ne!(r.status(), StatusCode::FORBIDDEN);
    assert_ne!(r.status(), StatusCode::UNAUTHORIZED);
}

async fn an_expired_token_is_unauthorized(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(2);
    let token = scoped_token(&alice, "full", Some(at.to_rfc3339())).await;
    assert!(token["expires_at"].is_string(), "{token}");
    let script = Script::new(&app, &secret_of(&token));
    assert_eq!(script.get("/api/v1/me").await.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(
        script.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // A date means through that day (the account's zone: UTC here).
    let token = scoped_token(&alice, "read", Some("2999-01-31".into())).await;
    assert_eq!(token["expires_at"], "2999-02-01T00:00:00Z", "{token}");
    // A moment or a day in the past, or neither, is refused, naming the field.
    for at in [
        "2020-01-01T00:00:00Z",
        "2020-01-01",
        "tomorrow",
        "2030-01-01 12:00",
        "31/01/2030",
    ] {
        let body = json!({"name": "x", "expires_at": at, "password": "correct horse battery"});
        let fields = problem_fields(
            alice.post("/api/v1/tokens", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields, ["expires_at"], "{at}");
    }
    let body = json!({"name": "x", "scope": "admin", "password": "correct horse battery"});
    let fields = problem_fields(
        alice.post("/api/v1/tokens", &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields, ["scope"]);
}

async fn a_token_needs_the_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alice = app.user("alice").await;
    for body in [
        json!({"name": "phone"}),
        json!({"name": "phone", "password": ""}),
        json!({"name": "phone", "password": "wrong horse battery"}),
    ] {
        let (status, _) = problem_status(alice.post("/api/v1/tokens", &body).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let list = alice.get_ok("/api/v1/tokens").await;
    assert_eq!(list["items"], json!([]));
    // A token cannot make a token without the password either.
    let token = scoped_token(&alice, "full", None).await;
    let script = Script::new(&app, &secret_of(&token));
    let r = script
        .post("/api/v1/tokens", &json!({"name": "child"}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

both_backends!(
    a_read_token_reads_and_never_writes,
    a_health_token_only_pushes_health_data,
    an_expired_token_is_unauthorized,
    a_token_needs_the_password,
    token_lifecycle,
    wrong_tokens_are_unauthorized,
    tokens_belong_to_their_account,
    a_token_needs_a_name,
);
