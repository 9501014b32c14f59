//! The api suite's helpers: the shared test app of `tests/common` (the real
//! application on a random port with a fresh database, as zero2prod does),
//! spoken to over HTTP only, as a JSON client.

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

pub use crate::common::app::{TestApp, new_client};
pub use crate::common::database::{Backend, TestDatabase};

/// Generates one `#[tokio::test]` per backend for each listed test function
/// `async fn name(backend: Backend)`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::common::postgres::require_test_database_url();
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )*
        }
    };
}

/// The api-only parts of the shared test app.
impl TestApp {
    /// A user agent with its own (empty) cookie jar.
    pub fn new_browser(&self) -> Browser {
        Browser {
            address: self.address.clone(),
            client: new_client(),
        }
    }

    /// Registers and logs in a new user in a fresh browser.
    pub async fn user(&self, username: &str) -> Browser {
        let browser = self.new_browser();
        browser
            .register_and_login(username, "correct horse battery")
            .await;
        browser
    }
}

/// One user agent talking to the app.
#[derive(Clone)]
pub struct Browser {
    pub address: String,
    pub client: Client,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.client
            .put(self.url(path))
            .json(body)
            .send()
            .await
            .expect("PUT")
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.client
            .patch(self.url(path))
            .json(body)
            .send()
            .await
            .expect("PATCH")
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.client
            .delete(self.url(path))
            .send()
            .await
            .expect("DELETE")
    }

    pub async fn delete_json(&self, path: &str, body: &Value) -> Response {
        self.client
            .delete(self.url(path))
            .json(body)
            .send()
            .await
            .expect("DELETE")
    }

    /// GETs `path`, asserts 200 and returns the JSON body.
    pub async fn get_ok(&self, path: &str) -> Value {
        json_of(self.get(path).await, StatusCode::OK).await
    }

    pub async fn register(&self, username: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/register",
            &json!({"username": username, "password": password}),
        )
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            &json!({"username": username, "password": password}),
        )
        .await
    }

    pub async fn register_and_login(&self, username: &str, password: &str) -> Value {
        let r = self.register(username, password).await;
        assert_eq!(r.status(), StatusCode::CREATED, "register {username}");
        json_of(self.login(username, password).await, StatusCode::OK).await
    }

    /// Logs a food by hand and returns the created entry.
    pub async fn add_food(&self, body: Value) -> Value {
        json_of(
            self.post("/api/v1/food-entries", &body).await,
            StatusCode::CREATED,
        )
        .await
    }

    pub async fn add_activity(&self, body: Value) -> Value {
        json_of(
            self.post("/api/v1/activity-entries", &body).await,
            StatusCode::CREATED,
        )
        .await
    }
}

/// Asserts the status and returns the JSON body.
pub async fn json_of(response: Response, status: StatusCode) -> Value {
    let actual = response.status();
    let url = response.url().to_string();
    let text = response.text().await.expect("reading the body");
    assert_eq!(actual, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {text}"))
}

/// Asserts a problem+json answer with the status, returning its fields named
/// in `errors` (in order).
pub async fn problem_fields(response: Response, status: StatusCode) -> Vec<String> {
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert_eq!(content_type, "application/problem+json");
    let body = json_of(response, status).await;
    assert_eq!(body["status"], status.as_u16());
    assert!(body["type"].is_string() && body["title"].is_string() && body["detail"].is_string());
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A number from JSON, for comparisons.
pub fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}
