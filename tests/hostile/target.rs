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
    /// `NUTRINUBE_METRICS_TOKEN`, if the server was given one.
    metrics_token: Option<String>,
    rss_before: u64,
    metrics_before: usize,
    bystander_before: Duration,
}

impl Target {
    /// A ready server on a fresh database of `backend`, with `env` added to
    /// its environment, and the bystander's baseline measured.
    pub async fn start(backend: Backend, env: &[(&str, String)]) -> Target {
        Target::spawn(TestDatabase::create(backend).await, env)
            .ready()
            .await
    }

    /// The server started on `db`, not waited for: for attacks on a server
    /// that is not ready yet.
    pub fn spawn(db: TestDatabase, env: &[(&str, String)]) -> Unready {
        let dir = tempfile::tempdir().unwrap();
        let mut full_env = vec![("DATABASE_URL", db.url.clone())];
        full_env.extend_from_slice(env);
        let server = Server::start(dir.path(), &full_env);
        let metrics_token = env
            .iter()
            .find(|(name, _)| *name == "NUTRINUBE_METRICS_TOKEN")
            .map(|(_, value)| value.clone());
        Unready {
            server,
            db,
            dir,
            metrics_token,
        }
    }

    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
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

    /// `/metrics` as the server answers it (with its token, if it has one).
    pub async fn metrics(&self) -> String {
        let mut request = self.http.get(self.url("/metrics"));
        if let Some(token) = &self.metrics_token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
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

/// A server started but not yet waited for (`Target::spawn`).
pub struct Unready {
    pub server: Server,
    pub db: TestDatabase,
    dir: tempfile::TempDir,
    metrics_token: Option<String>,
}

impl Unready {
    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// Waits until the server is ready; registers the bystander and measures
    /// the baseline.
    pub async fn ready(self) -> Target {
        let Unready {
            mut server,
            db,
            dir,
            metrics_token,
        } = self;
        server.wait_ready().await;
        let http = client();
        register(&http, &server, BYSTANDER, PASSWORD).await;
        let mut target = Target {
            backend: db.backend,
            server,
            http,
            _db: db,
            _dir: dir,
            metrics_token,
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
}
