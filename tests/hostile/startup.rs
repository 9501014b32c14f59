//! Until migrations have finished, pages and the API answer 503 with
//! `Retry-After` (a page, or problem+json), not a 500 from a missing table;
//! `/health/*` and `/metrics` still answer.

use std::time::Duration;

use sqlx::Connection;

use crate::both_backends;
use crate::common::database::{Backend, TestDatabase};
use crate::target::Target;

/// Holds what the server's set-up waits for: on SQLite the set-up lock file
/// beside the database, on PostgreSQL the migrations table, locked in an
/// open transaction.
enum SetUpBlocker {
    Sqlite(std::fs::File),
    Postgres(sqlx::PgConnection),
}

impl SetUpBlocker {
    async fn hold(db: &TestDatabase) -> SetUpBlocker {
        match db.backend {
            Backend::Sqlite => {
                let path = db.url.strip_prefix("sqlite://").unwrap();
                let file = std::fs::File::create(format!("{path}.setup-lock")).unwrap();
                file.lock().unwrap();
                SetUpBlocker::Sqlite(file)
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
                sqlx::raw_sql("BEGIN; LOCK TABLE _sqlx_migrations IN ACCESS EXCLUSIVE MODE")
                    .execute(&mut conn)
                    .await
                    .unwrap();
                SetUpBlocker::Postgres(conn)
            }
        }
    }

    async fn release(self) {
        match self {
            SetUpBlocker::Sqlite(file) => file.unlock().unwrap(),
            SetUpBlocker::Postgres(mut conn) => {
                sqlx::raw_sql("ROLLBACK").execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
        }
    }
}

async fn pages_and_api_answer_503_until_migrated(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let blocker = SetUpBlocker::hold(&db).await;
    let unready = Target::spawn(db, &[]);
    let http = crate::harness::client();

    // The process is up (live answers) but its set-up waits.
    let mut live = false;
    for _ in 0..200 {
        if let Ok(response) = http.get(unready.url("/health/live")).send().await {
            live = response.status() == 200;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(live, "/health/live\n{}", unready.server.logs());
    tokio::time::sleep(Duration::from_millis(500)).await;

    let ready = http.get(unready.url("/health/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 503, "/health/ready while migrations wait");
    let metrics = http.get(unready.url("/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), 200, "/metrics while migrations wait");

    for (path, accept, content_type) in [
        ("/", "text/html", "text/html"),
        ("/login", "text/html", "text/html"),
        (
            "/api/v1/summary/daily?date=2026-12-01",
            "application/json",
            "application/problem+json",
        ),
        ("/api/v1/foods?q=apple", "*/*", "application/problem+json"),
    ] {
        let response = http
            .get(unready.url(path))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 503, "{path} while migrations wait");
        assert_eq!(response.headers()["retry-after"], "5", "{path}");
        let got = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(got.starts_with(content_type), "{path}: {got}");
    }
    let register = http
        .post(unready.url("/api/v1/auth/register"))
        .json(&serde_json::json!({"username": "early", "password": crate::target::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(register.status(), 503, "registering while migrations wait");

    blocker.release().await;
    let target = unready.ready().await;
    let login_page = target
        .http
        .get(target.url("/login"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(login_page.status(), 200, "/login once ready");
    let summary = target
        .http
        .get(target.url("/api/v1/summary/daily?date=2026-12-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(summary.status(), 401, "the API once ready, without a login");
    target.assert_unharmed().await;
}

both_backends!(pages_and_api_answer_503_until_migrated);
