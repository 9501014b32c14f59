//! Sessions and tokens under attack: a stolen session and token after the
//! owner changes the password, sessions past their idle or absolute limit,
//! a login over an existing session, `__Host-` cookies, bad session
//! lengths at start.

use std::time::Duration;

use chrono::Utc;
use serde_json::json;

use crate::both_backends;
use crate::common::database::Backend;
use crate::harness::run_to_end;
use crate::target::{PASSWORD, Target, session_pair};

const NEW_PASSWORD: &str = "An0ther-Secret-Pa55";

/// The status of `GET /api/v1/me` with a `Cookie` header or a token.
async fn me(target: &Target, cookie: Option<&str>, token: Option<&str>) -> u16 {
    let mut request = target.http.get(target.url("/api/v1/me"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().status().as_u16()
}

/// The status of the daily summary with a `Cookie` header.
async fn summary(target: &Target, cookie: &str) -> u16 {
    let url = target.url("/api/v1/summary/daily?date=2026-12-01");
    let request = target.http.get(url).header("cookie", cookie);
    request.send().await.unwrap().status().as_u16()
}

async fn create_token(target: &Target, cookie: &str, password: &str) -> String {
    let response = target
        .http
        .post(target.url("/api/v1/tokens"))
        .header("cookie", cookie)
        .json(&json!({"name": "stolen", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    body["token"].as_str().expect("the token").to_owned()
}

async fn change_password(
    target: &Target,
    cookie: Option<&str>,
    token: Option<&str>,
    current: &str,
    new: &str,
) -> u16 {
    let mut request = target
        .http
        .put(target.url("/api/v1/me/password"))
        .json(&json!({"current_password": current, "new_password": new}));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().status().as_u16()
}

async fn a_password_change_locks_everyone_else_out(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let owner = target.account("owner").await;
    // The thief's session, and a token made with it.
    let thief = target.log_in("owner", PASSWORD).await;
    let stolen_token = create_token(&target, &thief, PASSWORD).await;
    assert_eq!(me(&target, None, Some(&stolen_token)).await, 200);

    assert_eq!(
        change_password(&target, Some(&owner), None, PASSWORD, NEW_PASSWORD).await,
        204
    );
    assert_eq!(
        me(&target, Some(&owner), None).await,
        200,
        "the owner's own session"
    );
    assert_eq!(
        me(&target, Some(&thief), None).await,
        401,
        "the thief's session"
    );
    assert_eq!(
        me(&target, None, Some(&stolen_token)).await,
        401,
        "the thief's token"
    );

    // Through a token: every session ends and every token is revoked, the
    // one used included.
    let token = create_token(&target, &owner, NEW_PASSWORD).await;
    let other = target.log_in("owner", NEW_PASSWORD).await;
    assert_eq!(
        change_password(&target, None, Some(&token), NEW_PASSWORD, PASSWORD).await,
        204
    );
    assert_eq!(me(&target, Some(&owner), None).await, 401);
    assert_eq!(me(&target, Some(&other), None).await, 401);
    assert_eq!(me(&target, None, Some(&token)).await, 401);
    let fresh = target.log_in("owner", PASSWORD).await;
    assert_eq!(me(&target, Some(&fresh), None).await, 200);
    target.assert_unharmed().await;
}

async fn sessions_end_after_a_week_unused_and_thirty_days_at_most(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let response = target
        .http
        .post(target.url("/api/v1/auth/register"))
        .json(&json!({"username": "sleeper", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let login = target
        .http
        .post(target.url("/api/v1/auth/login"))
        .json(&json!({"username": "sleeper", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let set_cookie = login.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set_cookie.contains("Max-Age=2592000"),
        "30 days: {set_cookie}"
    );
    let idle = session_pair(&login).unwrap();
    let used = target.log_in("sleeper", PASSWORD).await;

    // Six days unused: still valid, and using it marks it used.
    let six_days_ago = Utc::now() - chrono::Duration::days(6);
    target
        .execute_at("UPDATE sessions SET last_used_at = $1", &[six_days_ago])
        .await;
    assert_eq!(me(&target, Some(&used), None).await, 200);
    // Two days later: the one left unused has been idle for eight.
    let eight_days_ago = Utc::now() - chrono::Duration::days(8);
    let a_day_ago = Utc::now() - chrono::Duration::days(1);
    let aged = target
        .execute_at(
            "UPDATE sessions SET last_used_at = $1 WHERE last_used_at < $2",
            &[eight_days_ago, a_day_ago],
        )
        .await;
    assert!(aged >= 1, "no session aged");
    assert_eq!(summary(&target, &idle).await, 401, "idle for 8 days");
    assert_eq!(me(&target, Some(&idle), None).await, 401, "idle for 8 days");
    assert_eq!(me(&target, Some(&used), None).await, 200, "used 2 days ago");
    // However much it is used, a session ends at its expiry (30 days).
    let just_now = Utc::now() - chrono::Duration::seconds(1);
    target
        .execute_at("UPDATE sessions SET expires_at = $1", &[just_now])
        .await;
    assert_eq!(me(&target, Some(&used), None).await, 401, "past its expiry");
    target.assert_unharmed().await;
}

async fn logging_in_again_replaces_the_browsers_session(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let first = target.account("twice").await;
    let response = target
        .http
        .post(target.url("/api/v1/auth/login"))
        .header("cookie", &first)
        .json(&json!({"username": "twice", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let second = session_pair(&response).unwrap();
    assert_ne!(first, second);
    assert_eq!(
        me(&target, Some(&first), None).await,
        401,
        "the replaced session"
    );
    assert_eq!(me(&target, Some(&second), None).await, 200);
    target.assert_unharmed().await;
}

async fn secure_cookies_carry_the_host_prefix(backend: Backend) {
    let target = Target::start(backend, &[("NUTRINUBE_COOKIE_SECURE", "true".into())]).await;
    let cookie = target.account("prefixed").await;
    let secret = cookie
        .strip_prefix("__Host-nutrinube_session=")
        .unwrap_or_else(|| panic!("not a __Host- cookie: {cookie}"));
    assert_eq!(me(&target, Some(&cookie), None).await, 200);
    // Without the prefix the browser gives no guarantee: not accepted.
    let bare = format!("nutrinube_session={secret}");
    assert_eq!(me(&target, Some(&bare), None).await, 401);
    // The login page's CSRF cookie too.
    let page = target.http.get(target.url("/login")).send().await.unwrap();
    let csrf = page.headers()["set-cookie"].to_str().unwrap();
    assert!(csrf.starts_with("__Host-nutrinube_csrf="), "{csrf}");
    assert!(csrf.contains("Secure") && csrf.contains("Path=/"), "{csrf}");
    assert!(!csrf.to_ascii_lowercase().contains("domain="), "{csrf}");
    target.assert_unharmed().await;
}

both_backends!(
    a_password_change_locks_everyone_else_out,
    sessions_end_after_a_week_unused_and_thirty_days_at_most,
    logging_in_again_replaces_the_browsers_session,
    secure_cookies_carry_the_host_prefix,
);

#[test]
fn session_lengths_out_of_range_are_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    for (name, value) in [
        ("NUTRINUBE_SESSION_DAYS", "0"),
        ("NUTRINUBE_SESSION_DAYS", "31"),
        ("NUTRINUBE_SESSION_DAYS", "99999999999"),
        ("NUTRINUBE_SESSION_IDLE_DAYS", "0"),
    ] {
        let output = run_to_end(
            dir.path(),
            &["migrate"],
            &[(name, value.to_owned())],
            Duration::from_secs(20),
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name}={value} was accepted");
        assert!(
            stderr.contains("1..=30") || stderr.contains("1 to 30"),
            "{name}={value}: {stderr}"
        );
        assert!(stderr.contains("session"), "{name}={value}: {stderr}");
    }
}
