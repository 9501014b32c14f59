//! Spawns the real application on a random port with a fresh database, as
//! zero2prod does, and talks to it over HTTP only.

use std::time::Duration;

use clap::Parser;
use nutrinube::config::{Cli, Config};
use nutrinube::startup::Application;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

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
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )*
        }
    };
}

/// A fresh database of the backend, migrated and holding the bundled
/// catalogue, kept alive while the guard lives.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// Loading the bundled catalogue takes seconds; it is done once per test
/// process into a template that each test's database is copied from.
static SQLITE_TEMPLATE: tokio::sync::OnceCell<(tempfile::TempDir, std::path::PathBuf)> =
    tokio::sync::OnceCell::const_new();
static POSTGRES_TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

async fn prepared(url: &str) {
    let store = nutrinube::store::Store::connect_lazy(url, 2).expect("database URL");
    nutrinube::startup::prepare_once(&store)
        .await
        .expect("migrating and loading the template database");
    store.close().await;
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").expect(
        "PostgreSQL tests need TEST_DATABASE_URL (a server to create test databases \
         on): run them with `bash scripts/test.sh`, which starts one",
    )
}

fn with_database(url: &str, name: &str) -> String {
    let base = url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .expect("TEST_DATABASE_URL ends in /<database>");
    format!("{base}/{name}")
}

async fn create_postgres_database(name: &str, template: Option<&str>) {
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url())
        .await
        .expect("connecting to TEST_DATABASE_URL");
    let sql = match template {
        Some(t) => format!(r#"CREATE DATABASE "{name}" TEMPLATE "{t}""#),
        None => format!(r#"CREATE DATABASE "{name}""#),
    };
    sqlx::Executor::execute(&mut conn, sql.as_str())
        .await
        .expect("creating a test database");
}

impl TestDatabase {
    /// An empty database, not even migrated.
    pub async fn empty(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("creating a temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDatabase {
                    url,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let name = format!("nutrinube_test_{}", uuid::Uuid::new_v4().simple());
                create_postgres_database(&name, None).await;
                TestDatabase {
                    url: with_database(&admin_url(), &name),
                    _dir: None,
                }
            }
        }
    }

    pub async fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let (_, template) = SQLITE_TEMPLATE
                    .get_or_init(|| async {
                        let dir = tempfile::tempdir().expect("creating a temp dir");
                        let file = dir.path().join("template.db");
                        prepared(&format!("sqlite://{}", file.display())).await;
                        (dir, file)
                    })
                    .await;
                let dir = tempfile::tempdir().expect("creating a temp dir");
                let file = dir.path().join("test.db");
                std::fs::copy(template, &file).expect("copying the template database");
                TestDatabase {
                    url: format!("sqlite://{}", file.display()),
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let template = POSTGRES_TEMPLATE
                    .get_or_init(|| async {
                        let name = format!("nutrinube_template_{}", uuid::Uuid::new_v4().simple());
                        create_postgres_database(&name, None).await;
                        prepared(&with_database(&admin_url(), &name)).await;
                        name
                    })
                    .await;
                let name = format!("nutrinube_test_{}", uuid::Uuid::new_v4().simple());
                create_postgres_database(&name, Some(template)).await;
                TestDatabase {
                    url: with_database(&admin_url(), &name),
                    _dir: None,
                }
            }
        }
    }
}

/// The default configuration, as with no flags and no environment.
pub fn base_config(database_url: &str) -> Config {
    let mut config = Cli::try_parse_from(["nutrinube"])
        .expect("default configuration")
        .config;
    config.database_url = Some(database_url.to_owned());
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.fluentd_addr = None;
    config.cookie_secure = false;
    config.trust_forwarded_for = false;
    config
}

pub struct TestApp {
    pub address: String,
    /// A client with its own cookie jar (one browser).
    pub client: Client,
    pub database_url: String,
    _db: Option<TestDatabase>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// Spawns with the configuration changed by `configure`.
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDatabase::create(backend).await;
        let mut app = TestApp::spawn_on(&db.url, configure).await;
        app._db = Some(db);
        app
    }

    /// Spawns another app on an existing database (a second replica).
    pub async fn spawn_on(database_url: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = base_config(database_url);
        configure(&mut config);
        let app = Application::build(config, nutrinube::startup::set_up_process(), None)
            .await
            .expect("building the app");
        let address = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until(std::future::pending()));
        let test_app = TestApp {
            address,
            client: new_client(),
            database_url: database_url.to_owned(),
            _db: None,
        };
        test_app.wait_until_ready().await;
        test_app
    }

    pub async fn wait_until_ready(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let ready = self
                .client
                .get(self.url("/health/ready"))
                .send()
                .await
                .map(|r| r.status() == StatusCode::OK)
                .unwrap_or(false);
            if ready {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "app not ready within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

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

pub fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("building an HTTP client")
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
