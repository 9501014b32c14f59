//! The real application on a random port with a fresh SQLite database.

use std::time::Duration;

use clap::Parser;
use nutrinube::config::{Cli, Config};
use nutrinube::startup::Application;

/// Loading the bundled catalogue takes seconds: once per test process, into
/// a template database that each app copies.
static TEMPLATE: tokio::sync::OnceCell<(tempfile::TempDir, std::path::PathBuf)> =
    tokio::sync::OnceCell::const_new();

pub struct TestApp {
    pub address: String,
    _dir: tempfile::TempDir,
}

fn config(database_url: &str) -> Config {
    let mut config = Cli::try_parse_from(["nutrinube"])
        .expect("default configuration")
        .config;
    config.database_url = Some(database_url.to_owned());
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.fluentd_addr = None;
    config.cookie_secure = false;
    config
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let (_, template) = TEMPLATE
            .get_or_init(|| async {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("template.db");
                let url = format!("sqlite://{}", path.display());
                let store = nutrinube::store::Store::connect_lazy(&url, 2).unwrap();
                nutrinube::startup::prepare_once(&store).await.unwrap();
                store.close().await;
                (dir, path)
            })
            .await;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        std::fs::copy(template, &path).unwrap();
        let app = Application::build(
            config(&format!("sqlite://{}", path.display())),
            nutrinube::startup::set_up_process(),
            None,
        )
        .await
        .expect("building the app");
        let address = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until(std::future::pending()));
        let client = reqwest::Client::new();
        for _ in 0..600 {
            let ready = client
                .get(format!("{address}/health/ready"))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if ready {
                return TestApp { address, _dir: dir };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("app not ready within 30 s");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}
