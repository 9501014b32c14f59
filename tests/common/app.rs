//! The real application, spawned in the test's runtime on a random port
//! with a fresh database (as zero2prod does); tests talk to it over HTTP.

use std::time::{Duration, Instant};

use clap::Parser;
use nutrinube::config::{Cli, Config};
use nutrinube::startup::Application;
use reqwest::{Client, StatusCode};

use super::database::{Backend, TestDatabase};

/// How long a spawned app may take to answer `/health/ready` with 200.
pub const READY_DEADLINE: Duration = Duration::from_secs(90);

/// The default configuration (as with no flags) on `database_url`, on a
/// random port of 127.0.0.1, without Fluentd, plain-HTTP cookies and no
/// trusted proxy.
pub fn base_config(database_url: &str) -> Config {
    let mut config = Cli::try_parse_from(["nutrinube"])
        .expect("default configuration")
        .config;
    config.database_url = Some(database_url.to_owned());
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.fluentd_addr = None;
    config.cookie_secure = false;
    config.trust_forwarded_for = false;
    // The tests register many accounts from 127.0.0.1; the limit's own
    // tests (tests/hostile/) run the binary with its default.
    config.register_per_hour = 0;
    config
}

pub struct TestApp {
    pub address: String,
    /// A client with its own cookie jar (one browser).
    pub client: Client,
    pub database_url: String,
    /// The database made for this app, removed with it.
    _db: Option<TestDatabase>,
}

impl TestApp {
    /// An app on a fresh database of `backend`.
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

    /// Spawns another app on an existing database (a second replica), ready.
    pub async fn spawn_on(database_url: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
        let app = TestApp::start_on(database_url, configure).await;
        app.wait_until_ready().await;
        app
    }

    /// Spawns an app on `database_url` without waiting for it to be ready
    /// (its database may be down).
    pub async fn start_on(database_url: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = base_config(database_url);
        configure(&mut config);
        let app = Application::build(config, nutrinube::startup::set_up_process(), None)
            .await
            .expect("building the app");
        let address = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until(std::future::pending()));
        TestApp {
            address,
            client: new_client(),
            database_url: database_url.to_owned(),
            _db: None,
        }
    }

    /// Waits until `/health/ready` answers 200 (the database is migrated).
    pub async fn wait_until_ready(&self) {
        let deadline = Instant::now() + READY_DEADLINE;
        loop {
            let ready = self
                .client
                .get(self.url("/health/ready"))
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "app not ready within {READY_DEADLINE:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}

/// An HTTP client with its own cookie jar that does not follow redirects
/// (a test looks at each answer) and ignores proxy settings.
pub fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("building an HTTP client")
}
