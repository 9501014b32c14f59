//! The server under attack: the compiled binary on a fresh database of one
//! backend, with a bystander account whose login and daily summary are
//! timed before the attack, to be compared after it.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::common::database::{Backend, TestDatabase};
use crate::harness::{Server, client, register, set_cookie_headers};

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
        let cookie = self.log_in(BYSTANDER, PASSWORD).await;
        let response = self
            .http
            .get(self.url("/api/v1/summary/daily?date=2026-12-01"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "the bystander's daily summary");
        started.elapsed()
    }

    /// Registers and logs in a new account; its `Cookie` header value.
    pub async fn account(&self, username: &str) -> String {
        register(&self.http, &self.server, username, PASSWORD).await;
        self.log_in(username, PASSWORD).await
    }

    /// Logs in; the session cookie as a `Cookie` header value (`name=value`,
    /// whichever name the server uses).
    pub async fn log_in(&self, username: &str, password: &str) -> String {
        let response = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            200,
            "login {username}\n{}",
            self.server.logs()
        );
        session_pair(&response).expect("login sets the session cookie")
    }

    /// Runs `statement` on the server's database with `$1`, `$2`… bound to
    /// `times` (to age sessions without waiting days); the rows affected.
    pub async fn execute_at(&self, statement: &str, times: &[DateTime<Utc>]) -> u64 {
        match self.backend {
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&self._db.url).await.unwrap();
                let mut query = sqlx::query(statement);
                for t in times {
                    query = query.bind(*t);
                }
                let done = query.execute(&pool).await.unwrap();
                pool.close().await;
                done.rows_affected()
            }
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(&self._db.url).await.unwrap();
                let mut query = sqlx::query(statement);
                for t in times {
                    query = query.bind(*t);
                }
                let done = query.execute(&pool).await.unwrap();
                pool.close().await;
                done.rows_affected()
            }
        }
    }

    /// A counter or gauge of `/metrics` (0 when absent).
    pub async fn metric(&self, name: &str) -> f64 {
        crate::harness::metric_value(&self.metrics().await, name).unwrap_or(0.0)
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

/// The session cookie a response sets, as `name=value` (the name with or
/// without the `__Host-` prefix).
pub fn session_pair(response: &reqwest::Response) -> Option<String> {
    set_cookie_headers(response).into_iter().find_map(|header| {
        let pair = header.split(';').next()?.trim().to_owned();
        let (name, value) = pair.split_once('=')?;
        (name.trim_start_matches("__Host-") == "nutrinube_session" && !value.is_empty())
            .then_some(pair)
    })
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
