//! Logins and registrations under attack: concurrent guesses, floods of
//! registrations and of hashing work, abandoned requests, forged
//! `X-Forwarded-For`, overlong credentials.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::json;

use crate::both_backends;
use crate::common::database::Backend;
use crate::target::{PASSWORD, Target};

const HASHES: &str = "nutrinube_password_hashes_total";

async fn post(
    target: &Target,
    path: &str,
    body: serde_json::Value,
    forwarded_for: Option<String>,
) -> reqwest::Response {
    let mut request = target.http.post(target.url(path)).json(&body);
    if let Some(addr) = forwarded_for {
        request = request.header("x-forwarded-for", addr);
    }
    request.send().await.unwrap()
}

fn login(username: &str, password: &str) -> serde_json::Value {
    json!({"username": username, "password": password})
}

/// How many answers had each status.
fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

async fn two_hundred_simultaneous_guesses_give_at_most_ten_verifications(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    target.account("victim").await;
    let hashes_before = target.metric(HASHES).await;
    let guesses = (0..200).map(|i| {
        let target = &target;
        async move {
            post(
                target,
                "/api/v1/auth/login",
                login("victim", &format!("guess-{i:04}")),
                None,
            )
            .await
            .status()
            .as_u16()
        }
    });
    let statuses = join_all(guesses).await;
    let verified = target.metric(HASHES).await - hashes_before;
    assert!(
        count(&statuses, 401) <= 10,
        "{} wrong-password answers",
        count(&statuses, 401)
    );
    assert_eq!(
        count(&statuses, 401) + count(&statuses, 429),
        200,
        "{statuses:?}"
    );
    assert!(
        verified <= 10.0,
        "{verified} passwords verified for 200 guesses"
    );
    // One at a time, the rest of the ten are checked, and not one more (under
    // concurrency an attempt refused may still have been counted by another,
    // so the flood may have had fewer than ten checked).
    let mut wrong = count(&statuses, 401);
    loop {
        let guess = login("victim", &format!("late-guess-{wrong:02}"));
        match post(&target, "/api/v1/auth/login", guess, None)
            .await
            .status()
            .as_u16()
        {
            401 => wrong += 1,
            429 => break,
            other => panic!("a late guess answered {other}"),
        }
        assert!(wrong <= 10, "more than ten wrong passwords checked");
    }
    assert_eq!(wrong, 10);
    // The right password is refused too while the limit holds.
    let response = post(
        &target,
        "/api/v1/auth/login",
        login("victim", PASSWORD),
        None,
    )
    .await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    target.assert_unharmed().await;
}

async fn a_flood_of_registrations_is_limited_per_address(backend: Backend) {
    // The default limit: 10 an hour per address (the bystander was one).
    let target = Target::start(backend, &[]).await;
    let hashes_before = target.metric(HASHES).await;
    let attempts = (0..30).map(|i| {
        let target = &target;
        async move {
            let response = post(
                target,
                "/api/v1/auth/register",
                login(&format!("flood{i:02}"), PASSWORD),
                None,
            )
            .await;
            let retry = response.headers().get("retry-after").cloned();
            (response.status().as_u16(), retry)
        }
    });
    let answers = join_all(attempts).await;
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    // At most 9 more (under concurrency an attempt refused may still have
    // been counted by another, so fewer may pass; never more).
    let created = count(&statuses, 201);
    assert!((1..=9).contains(&created), "{statuses:?}");
    assert_eq!(count(&statuses, 429), 30 - created, "{statuses:?}");
    for (status, retry) in &answers {
        if *status == 429 {
            let seconds: u64 = retry
                .as_ref()
                .expect("Retry-After")
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=3600).contains(&seconds), "Retry-After {seconds}");
        }
    }
    assert!(target.metric(HASHES).await - hashes_before <= created as f64);
    // One at a time, the rest of the hour's ten pass, and not one more.
    let mut more = 0;
    loop {
        let username = format!("after{more:02}");
        let response = post(
            &target,
            "/api/v1/auth/register",
            login(&username, PASSWORD),
            None,
        )
        .await;
        match response.status().as_u16() {
            201 => more += 1,
            429 => break,
            other => panic!("register {username}: {other}"),
        }
        assert!(more <= 9, "more than ten accounts in the hour");
    }
    assert_eq!(
        1 + created + more,
        10,
        "the bystander, the flood, one at a time"
    );
    // X-Forwarded-For from a client is not believed by default.
    let response = post(
        &target,
        "/api/v1/auth/register",
        login("dodger", PASSWORD),
        Some("198.51.100.7".into()),
    )
    .await;
    assert_eq!(response.status(), 429);
    target.assert_unharmed().await;
}

async fn a_taken_name_is_answered_without_hashing(backend: Backend) {
    let target = Target::start(backend, &[("NUTRINUBE_REGISTER_PER_HOUR", "0".into())]).await;
    let hashes_before = target.metric(HASHES).await;
    for _ in 0..20 {
        let response = post(
            &target,
            "/api/v1/auth/register",
            login("bystander", PASSWORD),
            None,
        )
        .await;
        assert_eq!(response.status(), 409);
    }
    assert_eq!(target.metric(HASHES).await, hashes_before);
    target.assert_unharmed().await;
}

async fn a_full_hashing_queue_answers_503_at_once(backend: Backend) {
    // Many addresses (a botnet), so that no per-address limit applies.
    let target = Target::start(
        backend,
        &[
            ("NUTRINUBE_TRUST_FORWARDED_FOR", "true".into()),
            ("NUTRINUBE_REGISTER_PER_HOUR", "0".into()),
        ],
    )
    .await;
    let started = Instant::now();
    let attempts = (0..400).map(|i| {
        let target = &target;
        async move {
            let response = post(
                target,
                "/api/v1/auth/login",
                login(&format!("nobody{i:03}"), "wrong password"),
                Some(format!("10.9.{}.{}", i / 250, i % 250)),
            )
            .await;
            let retry = response.headers().contains_key("retry-after");
            (response.status().as_u16(), retry)
        }
    });
    let answers = join_all(attempts).await;
    let elapsed = started.elapsed();
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert!(
        count(&statuses, 503) > 0,
        "no 503 for 400 simultaneous logins"
    );
    assert_eq!(
        count(&statuses, 503) + count(&statuses, 401),
        400,
        "{statuses:?}"
    );
    assert!(
        answers.iter().all(|(s, retry)| *s != 503 || *retry),
        "503 without Retry-After"
    );
    assert!(
        target
            .metric("nutrinube_password_hashes_refused_total")
            .await
            > 0.0
    );
    // The queue bounds the wait: nothing queued behind 400 hashes.
    assert!(
        elapsed < Duration::from_secs(30),
        "the flood took {elapsed:?}"
    );
    target.assert_unharmed().await;
}

async fn logins_whose_client_hung_up_are_not_hashed(backend: Backend) {
    let target = Target::start(backend, &[("NUTRINUBE_TRUST_FORWARDED_FOR", "true".into())]).await;
    let hashes_before = target.metric(HASHES).await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    // Patient logins fill the queue (each hash takes tens of ms); the
    // impatient ones, queued behind them, hang up before their turn. When
    // they reach the queue depends on the machine's load, so up to four
    // rounds are tried until one of them is skipped.
    let (mut sent, mut abandoned) = (0, 0.0);
    for round in 0..4 {
        let patient = (0..30).map(|i| {
            let target = &target;
            async move {
                post(
                    target,
                    "/api/v1/auth/login",
                    login(&format!("patient{round}x{i:02}"), "wrong password"),
                    Some(format!("10.7.{round}.{i}")),
                )
                .await
                .status()
                .as_u16()
            }
        });
        let gone = (0..16).map(|i| {
            let (impatient, url) = (&impatient, target.url("/api/v1/auth/login"));
            async move {
                tokio::time::sleep(Duration::from_millis(150)).await;
                impatient
                    .post(url)
                    .header("x-forwarded-for", format!("10.8.{round}.{i}"))
                    .json(&login(&format!("gone{round}x{i:02}"), "wrong password"))
                    .send()
                    .await
                    .is_err()
            }
        });
        let (patient, _) = tokio::join!(join_all(patient), join_all(gone));
        assert!(patient.iter().all(|&s| s == 401 || s == 503), "{patient:?}");
        sent += 46;
        tokio::time::sleep(Duration::from_secs(2)).await;
        abandoned = target
            .metric("nutrinube_password_hashes_abandoned_total")
            .await;
        if abandoned > 0.0 {
            break;
        }
    }
    let hashed = target.metric(HASHES).await - hashes_before;
    assert!(
        abandoned > 0.0,
        "no hash skipped ({hashed} hashed of {sent})"
    );
    assert!(
        hashed + abandoned <= f64::from(sent),
        "{hashed} hashed, {abandoned} skipped"
    );
    target.assert_unharmed().await;
}

async fn a_forged_forwarded_for_does_not_dodge_the_address_limit(backend: Backend) {
    let target = Target::start(backend, &[("NUTRINUBE_TRUST_FORWARDED_FOR", "true".into())]).await;
    // The proxy appended 203.0.113.9; whatever the client wrote before it
    // changes every time. 50 failures from one address are the limit.
    let wrong = |i: usize, forwarded: String| {
        let target = &target;
        async move {
            post(
                target,
                "/api/v1/auth/login",
                login(&format!("forger{i:03}"), "wrong password"),
                Some(forwarded),
            )
            .await
            .status()
            .as_u16()
        }
    };
    for i in 0..50 {
        let status = wrong(i, format!("192.0.2.{i}, 203.0.113.9")).await;
        assert_eq!(status, 401, "failure {i}");
    }
    assert_eq!(wrong(50, "192.0.2.200, 203.0.113.9".into()).await, 429);
    assert_eq!(wrong(51, "203.0.113.9".into()).await, 429);
    // Another real address is not limited.
    assert_eq!(wrong(52, "203.0.113.9, 203.0.113.10".into()).await, 401);
    // IPv6: one /64 shares one limit.
    for i in 0..50 {
        let status = wrong(100 + i, format!("2001:db8:7:7:{i:x}::1")).await;
        assert_eq!(status, 401, "IPv6 failure {i}");
    }
    assert_eq!(
        wrong(150, "2001:db8:7:7:ffff:ffff:ffff:ffff".into()).await,
        429
    );
    assert_eq!(wrong(151, "2001:db8:7:8::1".into()).await, 401);
    target.assert_unharmed().await;
}

async fn overlong_credentials_are_refused_before_any_work(backend: Backend) {
    let target = Target::start(backend, &[]).await;
    let hashes_before = target.metric(HASHES).await;
    let long = "x".repeat(60_000);
    for _ in 0..20 {
        let response = post(&target, "/api/v1/auth/login", login(&long, PASSWORD), None).await;
        assert_eq!(response.status(), 401);
        let response = post(
            &target,
            "/api/v1/auth/login",
            login("bystander", &long),
            None,
        )
        .await;
        assert_eq!(response.status(), 401);
    }
    let response = post(
        &target,
        "/api/v1/auth/register",
        login(&long, PASSWORD),
        None,
    )
    .await;
    assert_eq!(response.status(), 422);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "username", "{problem}");
    let response = post(
        &target,
        "/api/v1/auth/register",
        login("longpassword", &long),
        None,
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(target.metric(HASHES).await, hashes_before);
    // A long password for the bystander was no failed login of theirs.
    target.assert_unharmed().await;
}

both_backends!(
    two_hundred_simultaneous_guesses_give_at_most_ten_verifications,
    a_flood_of_registrations_is_limited_per_address,
    a_taken_name_is_answered_without_hashing,
    a_full_hashing_queue_answers_503_at_once,
    logins_whose_client_hung_up_are_not_hashed,
    a_forged_forwarded_for_does_not_dodge_the_address_limit,
    overlong_credentials_are_refused_before_any_work,
);
