//! Accounts, sessions, password changes, deletion and login rate limits.

use reqwest::StatusCode;
use serde_json::json;

use crate::both_backends;
use crate::helpers::*;

async fn register_folds_username_and_does_not_log_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    let r = b.register("Alice_01", "long enough pw").await;
    let body = json_of(r, StatusCode::CREATED).await;
    assert_eq!(body["username"], "alice_01");
    assert!(body["id"].as_i64().unwrap() > 0);
    assert_eq!(b.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);

    let clash = b.register("ALICE_01", "another password").await;
    problem_fields(clash, StatusCode::CONFLICT).await;
}

async fn register_names_every_invalid_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    let r = b.register("x!", "short").await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["username", "password"]);

    let r = b.post("/api/v1/auth/register", &json!({})).await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["username", "password"]);

    let long = "a".repeat(33);
    let r = b.register(&long, &"p".repeat(129)).await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["username", "password"]);

    // Boundaries are accepted.
    let r = b.register("a.b", &"p".repeat(8)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = b.register(&"z".repeat(32), &"p".repeat(128)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

async fn login_sets_a_protected_session_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    b.register("bob", "correct horse battery").await;
    let r = b.login("BOB", "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("nutrinube_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["username"], "bob");

    let me = b.get_ok("/api/v1/me").await;
    assert_eq!(me["username"], "bob");
    assert_eq!(me["id"], body["id"]);
    assert!(me["created_at"].is_string());
    assert!(me.get("password_hash").is_none());
}

async fn secure_cookie_when_configured(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.cookie_secure = true).await;
    let b = app.new_browser();
    b.register("carol", "correct horse battery").await;
    let r = b.login("carol", "correct horse battery").await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}

async fn wrong_credentials_are_401(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    b.register("dave", "correct horse battery").await;
    let r = b.login("dave", "wrong horse battery").await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
    let r = b.login("nobody", "correct horse battery").await;
    problem_fields(r, StatusCode::UNAUTHORIZED).await;
    assert_eq!(b.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
}

async fn logout_ends_the_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("erin").await;
    let r = b.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(b.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    let r = b.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

async fn password_change_ends_other_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let phone = app.user("frank").await;
    let laptop = app.new_browser();
    json_of(
        laptop.login("frank", "correct horse battery").await,
        StatusCode::OK,
    )
    .await;

    let r = phone
        .put(
            "/api/v1/me/password",
            &json!({"current_password": "wrong", "new_password": "new password 1"}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["current_password"]
    );
    let r = phone
        .put(
            "/api/v1/me/password",
            &json!({"current_password": "correct horse battery", "new_password": "short"}),
        )
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["new_password"]
    );
    assert_eq!(laptop.get("/api/v1/me").await.status(), StatusCode::OK);

    let r = phone
        .put(
            "/api/v1/me/password",
            &json!({"current_password": "correct horse battery", "new_password": "new password 1"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(phone.get("/api/v1/me").await.status(), StatusCode::OK);
    assert_eq!(
        laptop.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let other = app.new_browser();
    assert_eq!(
        other.login("frank", "correct horse battery").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        other.login("frank", "new password 1").await.status(),
        StatusCode::OK
    );
}

async fn deleting_the_account_removes_everything(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("gina").await;
    let keeper = app.user("harry").await;
    b.add_food(json!({"date": "2026-03-01", "name": "Toast", "calories": 120}))
        .await;
    let kept = keeper
        .add_food(json!({"date": "2026-03-01", "name": "Soup", "calories": 200}))
        .await;

    let r = b
        .delete_json("/api/v1/me", &json!({"password": "nope"}))
        .await;
    assert_eq!(
        problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
        ["password"]
    );
    assert_eq!(b.get("/api/v1/me").await.status(), StatusCode::OK);

    let r = b
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(b.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        b.login("gina", "correct horse battery").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The name is free again, and the new account starts empty.
    let again = app.user("gina").await;
    let entries = again.get_ok("/api/v1/food-entries?date=2026-03-01").await;
    assert_eq!(entries["items"].as_array().unwrap().len(), 0);
    // Other accounts are untouched.
    let id = kept["id"].as_i64().unwrap();
    let soup = keeper.get_ok(&format!("/api/v1/food-entries/{id}")).await;
    assert_eq!(soup["name"], "Soup");
}

async fn failed_logins_are_limited_per_username(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    b.register("ivan", "correct horse battery").await;
    b.register("judy", "correct horse battery").await;
    for attempt in 1..=10 {
        let r = b.login("ivan", "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let r = b.login("ivan", "wrong password").await;
    let retry_after: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    problem_fields(r, StatusCode::TOO_MANY_REQUESTS).await;
    // Even the right password waits: the lock is what stops guessing.
    let r = b.login("ivan", "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another username from the same client is not locked.
    assert_eq!(
        b.login("judy", "correct horse battery").await.status(),
        StatusCode::OK
    );
}

/// Names and passwords past the limits are refused as wrong ones before any
/// database work: they are not even recorded as failures, so twelve of them
/// never reach the per-username limit of ten (hardening.md).
async fn oversized_credentials_are_refused_before_the_database(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    b.register("kate", "correct horse battery").await;
    let huge_name = "k".repeat(100_000 / 2);
    for attempt in 1..=12 {
        let r = b.login(&huge_name, "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let long_password = "p".repeat(129);
    for attempt in 1..=12 {
        let r = b.login("kate", &long_password).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    // None counted: the account's right password still works at once.
    let r = b.login("kate", "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::OK);
    // Registering them is a 422 naming the fields.
    let r = b
        .post(
            "/api/v1/auth/register",
            &json!({"username": "k".repeat(33), "password": "p".repeat(129)}),
        )
        .await;
    let fields = problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields, ["username", "password"]);
}

/// A session is no way around the password limits: wrong current passwords
/// on password change and account deletion count with failed logins.
async fn wrong_current_passwords_are_limited_like_logins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.user("mallory").await;
    for attempt in 1..=5 {
        let r = b
            .put(
                "/api/v1/me/password",
                &json!({"current_password": format!("guess {attempt}"), "new_password": "new horse battery"}),
            )
            .await;
        assert_eq!(
            problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
            ["current_password"],
            "attempt {attempt}"
        );
    }
    for attempt in 6..=10 {
        let r = b
            .delete_json(
                "/api/v1/me",
                &json!({"password": format!("guess {attempt}")}),
            )
            .await;
        assert_eq!(
            problem_fields(r, StatusCode::UNPROCESSABLE_ENTITY).await,
            ["password"],
            "attempt {attempt}"
        );
    }
    let r = b
        .delete_json("/api/v1/me", &json!({"password": "correct horse battery"}))
        .await;
    assert!(r.headers().contains_key("retry-after"));
    problem_fields(r, StatusCode::TOO_MANY_REQUESTS).await;
    let r = b
        .put(
            "/api/v1/me/password",
            &json!({"current_password": "correct horse battery", "new_password": "new horse battery"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.new_browser()
            .login("mallory", "correct horse battery")
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // The account is still there, with its password.
    assert_eq!(b.get_ok("/api/v1/me").await["username"], "mallory");
}

async fn failed_logins_are_limited_per_client(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    b.register("kate", "correct horse battery").await;
    for attempt in 0..50 {
        let r = b.login(&format!("ghost{attempt}"), "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    let r = b.login("kate", "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
}

async fn forwarded_for_is_trusted_only_when_configured(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.trust_forwarded_for = true).await;
    let b = app.new_browser();
    b.register("liam", "correct horse battery").await;
    let login = |ip: &'static str, user: String| {
        let b = b.clone();
        async move {
            b.client
                .post(b.url("/api/v1/auth/login"))
                .header("x-forwarded-for", ip)
                .json(&json!({"username": user, "password": "wrong password"}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for attempt in 0..50 {
        assert_eq!(
            login("203.0.113.9", format!("ghost{attempt}")).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login("203.0.113.9", "liam".into()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login("198.51.100.7", "liam".into()).await,
        StatusCode::UNAUTHORIZED
    );
}

async fn protected_routes_need_authentication(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let b = app.new_browser();
    for path in [
        "/api/v1/me",
        "/api/v1/goals",
        "/api/v1/profile",
        "/api/v1/goals/suggested",
        "/api/v1/food-entries?date=2026-01-01",
        "/api/v1/activity-entries?date=2026-01-01",
        "/api/v1/summary/daily?date=2026-01-01",
        "/api/v1/summary?from=2026-01-01&to=2026-01-07",
        "/api/v1/foods?q=a",
        "/api/v1/foods/recent",
        "/api/v1/activities?q=a",
        "/api/v1/weights",
        "/api/v1/export?format=csv",
        "/api/v1/tokens",
    ] {
        let r = b.get(path).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        problem_fields(r, StatusCode::UNAUTHORIZED).await;
    }
    let r = b
        .client
        .get(b.url("/api/v1/me"))
        .header("cookie", "nutrinube_session=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

both_backends!(
    register_folds_username_and_does_not_log_in,
    register_names_every_invalid_field,
    login_sets_a_protected_session_cookie,
    secure_cookie_when_configured,
    wrong_credentials_are_401,
    logout_ends_the_session,
    password_change_ends_other_sessions,
    deleting_the_account_removes_everything,
    failed_logins_are_limited_per_username,
    oversized_credentials_are_refused_before_the_database,
    failed_logins_are_limited_per_client,
    wrong_current_passwords_are_limited_like_logins,
    forwarded_for_is_trusted_only_when_configured,
    protected_routes_need_authentication,
);
