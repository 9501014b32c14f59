//! Search is bounded: at most 12 distinct words used, the length limit
//! applied before any database work, and a fixed number of statements
//! however many words are typed.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::api::Account;
use crate::both_backends;
use crate::common::database::Backend;
use crate::target::Target;

/// sqlx logs each statement it runs at debug level under this target, and
/// the store's reads on rusqlite (SQLite) under the second.
const STATEMENT_LOGS: [&str; 2] = [
    "\"target\":\"sqlx::query\"",
    "\"target\":\"nutrinube::sql\"",
];

/// How a connection's set-up statements are summarised in that log.
const CONNECTION_SETUP: &str = "\"summary\":\"PRAGMA";

/// Most statements one search may cost (the account's session, the widening
/// steps of `search_foods`, the foods and their servings), however many
/// words it has.
const STATEMENTS_MAX: usize = 10;

/// `n` distinct words no food has (typos to search), of 4 characters.
fn unknown_words(n: usize) -> String {
    (0..n)
        .map(|i| format!("zq{i:02}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Searches for `q`; the status, the time taken and the statements the
/// server ran meanwhile.
async fn search(eve: &Account<'_>, q: &str) -> (StatusCode, Duration, usize) {
    // A connection the pool opens meanwhile logs its set-up (PRAGMAs on
    // SQLite): that is not the search's work.
    let statements = || {
        eve.target
            .server
            .stdout()
            .lines()
            .filter(|line| {
                STATEMENT_LOGS.iter().any(|t| line.contains(t)) && !line.contains(CONNECTION_SETUP)
            })
            .count()
    };
    let before = statements();
    let started = Instant::now();
    let response = eve
        .target
        .http
        .get(eve.target.url("/api/v1/foods"))
        .query(&[("q", q)])
        .header("cookie", &eve.cookie)
        .send()
        .await
        .unwrap();
    let status = response.status();
    response.bytes().await.unwrap();
    let elapsed = started.elapsed();
    // The log lines of the request are written before it answers; a moment
    // for the file to show them all.
    tokio::time::sleep(Duration::from_millis(200)).await;
    (status, elapsed, statements() - before)
}

async fn searches_cost_a_bounded_number_of_statements(backend: Backend) {
    let env = [(
        "NUTRINUBE_LOG",
        "info,sqlx::query=debug,nutrinube::sql=debug".to_owned(),
    )];
    let target = Target::start(backend, &env).await;
    let eve = Account::new(&target, "eve").await;

    let (status, _, one_word) = search(&eve, &unknown_words(1)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        one_word > 0,
        "statements are not logged: the count proves nothing"
    );
    // The longest query allowed: 40 distinct words, each a typo.
    let longest = unknown_words(40);
    assert!(longest.chars().count() <= 200);
    let (status, elapsed, many_words) = search(&eve, &longest).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        elapsed < Duration::from_secs(3),
        "a 40-word search took {elapsed:?}"
    );
    assert!(
        many_words <= STATEMENTS_MAX && many_words <= one_word + 1,
        "a search of 40 words ran {many_words} statements, of one word {one_word}"
    );

    // 1,000 distinct words are past the length limit: refused at once,
    // without a statement.
    let (status, elapsed, statements) = search(&eve, &unknown_words(1000)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert!(
        statements <= 2,
        "{statements} statements for a refused search"
    );

    // A real search still finds food, with words past the twelfth ignored.
    let q = format!("apple {}", "apple ".repeat(20));
    let found = eve
        .get(&format!("/foods?q={}", q.trim().replace(' ', "+")))
        .await;
    assert!(!found["items"].as_array().unwrap().is_empty(), "{found}");
    let q = format!("apples raw {}", unknown_words(12));
    let (status, _, statements) = search(&eve, &q).await;
    assert_eq!(status, StatusCode::OK);
    assert!(statements <= STATEMENTS_MAX, "{statements}");
    target.assert_unharmed().await;
}

both_backends!(searches_cost_a_bounded_number_of_statements);
