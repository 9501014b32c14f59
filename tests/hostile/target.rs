//! The server under attack: the compiled binary on a fresh database of one
//! backend, with a bystander account whose login and daily summary are
//! timed before the attack, to be compared after it.

use std::time::{Duration, Instant};

use crate::common::database::{Backend, TestDatabase};
use crate::harness::{Server, client, log_in, register};

pub const PASSWORD: &str = "S3cret-Pa55word!";
const BYSTANDER: &str = "bystander";

/// How much an attack may grow the server's resident memory.
const MEMORY_GROWTH_LIMIT: u64 = 96 * 1024 * 1024;
/// How much an attack may grow `/metrics` (a few new series for the routes
/// it used, not one per request).
const METRICS_GROWTH_LIMIT: usize = 32 * 1024;

pub struct Target {
    pub server: Server,
    pub http: reqwest::Client,
    pub backend: Backend,
    _db: TestDatabase,
    _dir: tempfile::TempDir,
    rss_before: u64,
    metrics_before: usize,
    bystander_before: Duration,
}

impl Target {
    /// A ready server on a fresh database of `backend`, with `env` added to
    /// its environment, and the bystander's baseline measured.
    pub async fn start(backend: Backend, env: &[(&str, String)]) -> Target {
        let db = TestDatabase::create(backend).await;
        let dir = tempfile::tempdir().unwrap();
        let mut full_env = vec![("DATABASE_URL", db.url.clone())];
        full_env.extend_from_slice(env);
        let mut server = Server::start(dir.path(), &full_env);
        server.wait_ready().await;
        let http = client();
        register(&http, &server, BYSTANDER, PASSWORD).await;
        let mut target = Target {
            server,
            http,
            backend,
            _db: db,
            _dir: dir,
            rss_before: 0,
            metrics_before: 0,
            bystander_before: Duration::ZERO,
        };
        // Warm up once (first hash, first queries), then measure.
        target.bystander_visit().await;
        target.bystander_before = target.bystander_visit().await;
        target.metrics_before = target.metrics().await.len();
        target.rss_before = target.rss();
        target
    }

    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// The server's database, for tests that fill it faster than the API can.
    pub fn database_url(&self) -> &str {
        &self._db.url
    }

    /// The server's resident memory, in bytes.
    pub fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.server.pid()))
            .expect("reading the server's /proc status");
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc status");
        kib * 1024
    }

    /// `/metrics` as the server answers it (no token configured).
    pub async fn metrics(&self) -> String {
        let response = self.http.get(self.url("/metrics")).send().await.unwrap();
        assert_eq!(response.status(), 200, "GET /metrics");
        response.text().await.unwrap()
    }

    /// Logs the bystander in and reads its daily summary; the time taken.
    async fn bystander_visit(&self) -> Duration {
        let started = Instant::now();
        let cookie = log_in(&self.http, &self.server, BYSTANDER, PASSWORD).await;
        let response = self
            .http
            .get(self.url("/api/v1/summary/daily?date=2026-12-01"))
            .header("cookie", format!("nutrinube_session={cookie}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "the bystander's daily summary");
        started.elapsed()
    }

    /// Registers and logs in a new account; its session cookie header value.
    pub async fn account(&self, username: &str) -> String {
        register(&self.http, &self.server, username, PASSWORD).await;
        let cookie = log_in(&self.http, &self.server, username, PASSWORD).await;
        format!("nutrinube_session={cookie}")
    }

    /// Checks, after an attack, that the server still runs, has not grown
    /// its memory or `/metrics` beyond the limits, and answers the bystander
    /// about as fast as before (within ten times the baseline or a second).
    pub async fn assert_unharmed(&self) {
        let visit = self.bystander_visit().await;
        let allowed = (self.bystander_before * 10).max(Duration::from_secs(1));
        assert!(
            visit <= allowed,
            "the bystander's login and summary took {visit:?} after the attack, {:?} before",
            self.bystander_before
        );
        let metrics = self.metrics().await.len();
        assert!(
            metrics <= self.metrics_before + METRICS_GROWTH_LIMIT,
            "/metrics grew from {} to {metrics} bytes",
            self.metrics_before
        );
        let rss = self.rss();
        assert!(
            rss <= self.rss_before + MEMORY_GROWTH_LIMIT,
            "resident memory grew from {} MiB to {} MiB",
            self.rss_before >> 20,
            rss >> 20
        );
    }
}
