//! JSON requests as one account, and SQL straight into the server's
//! database, for the attacks on amounts, quotas, search and export.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::common::database::Backend;
use crate::target::Target;

/// One signed-in account of the target.
pub struct Account<'a> {
    pub target: &'a Target,
    pub cookie: String,
}

impl<'a> Account<'a> {
    pub async fn new(target: &'a Target, username: &str) -> Account<'a> {
        let cookie = target.account(username).await;
        Account { target, cookie }
    }

    /// Sends `body` (or none) to `/api/v1{path}`: the status and the JSON
    /// answered (`Null` when there is none).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .target
            .http
            .request(method, self.target.url(&format!("/api/v1{path}")))
            .header("cookie", &self.cookie);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("an API request");
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> Value {
        let (status, body) = self.send(Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PATCH, path, Some(body)).await
    }

    /// POSTs and expects 201; the record created.
    pub async fn create(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.post(path, body.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "POST {path} {body}: {answer}");
        answer
    }

    pub async fn id(&self) -> i64 {
        self.get("/me").await["id"]
            .as_i64()
            .expect("the account id")
    }

    /// The number of items of a listing.
    pub async fn count(&self, path: &str) -> usize {
        self.get(path).await["items"]
            .as_array()
            .expect("items")
            .len()
    }
}

/// The fields a 422 named, asserting it is one.
pub fn refused_fields(status: StatusCode, body: &Value) -> Vec<String> {
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "expected a 422: {body}"
    );
    body["errors"]
        .as_array()
        .expect("errors in a 422")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Runs one SQL statement (no parameters) on the target's database.
pub async fn execute(target: &Target, sql: &str) {
    match target.backend {
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(target.database_url()).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(target.database_url())
                .await
                .unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}

/// `WITH RECURSIVE n(i) AS (…)`: the numbers 1 to `count`, before an INSERT
/// (both engines take it).
pub fn numbers(count: usize) -> String {
    format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})")
}
