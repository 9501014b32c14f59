//! Runs the compiled `nutrinube` binary as a child process, in a clean
//! environment, with its stdout and stderr captured to files.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use crate::common::database::sqlite_url;

pub const BIN: &str = env!("CARGO_BIN_EXE_nutrinube");

/// How long a server may take to answer `/health/ready` with 200: a fresh
/// SQLite database loads the SR28 catalogue first (12 s for a debug build on
/// a quiet 2-core machine; several servers start at once in this suite).
pub const READY_DEADLINE: Duration = Duration::from_secs(90);

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding an ephemeral port");
    listener.local_addr().unwrap().port()
}

/// A command for the binary with an environment holding only PATH, HOME and
/// `env` (no DATABASE_URL, no NUTRINUBE_* from the outer environment).
pub fn command(env: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear();
    for name in ["PATH", "HOME"] {
        if let Some(value) = std::env::var_os(name) {
            cmd.env(name, value);
        }
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.stdin(Stdio::null());
    cmd
}

/// Runs the binary in `cwd` to completion (with a deadline) and returns its
/// output.
pub fn run_to_end(cwd: &Path, args: &[&str], env: &[(&str, String)], deadline: Duration) -> Output {
    let mut child = command(env)
        .current_dir(cwd)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning nutrinube");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("polling the child").is_some() {
            return child.wait_with_output().expect("collecting the output");
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().expect("collecting the output");
            panic!(
                "`nutrinube {}` did not finish within {deadline:?}\nstdout:\n{}\nstderr:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A running `nutrinube serve`; killed (SIGKILL) when dropped if still running.
pub struct Server {
    child: Child,
    pub port: u16,
    stdout_path: PathBuf,
    stderr_path: PathBuf,
    exit: Option<ExitStatus>,
}

static SERVERS: AtomicUsize = AtomicUsize::new(0);

impl Server {
    /// Starts `nutrinube` in `dir` on a fresh port; `env` is added to the
    /// clean environment along with `NUTRINUBE_LISTEN`. Logs go to files in
    /// `dir`.
    pub fn start(dir: &Path, env: &[(&str, String)]) -> Server {
        let port = free_port();
        let n = SERVERS.fetch_add(1, Ordering::SeqCst);
        let stdout_path = dir.join(format!("server-{n}-{port}.stdout"));
        let stderr_path = dir.join(format!("server-{n}-{port}.stderr"));
        let mut env = env.to_vec();
        env.push(("NUTRINUBE_LISTEN", format!("127.0.0.1:{port}")));
        let child = command(&env)
            .current_dir(dir)
            .stdout(File::create(&stdout_path).unwrap())
            .stderr(File::create(&stderr_path).unwrap())
            .spawn()
            .expect("spawning nutrinube");
        Server {
            child,
            port,
            stdout_path,
            stderr_path,
            exit: None,
        }
    }

    /// A server on its own copy of an already migrated SQLite database in
    /// `dir` (`db.sqlite`, a copy of the shared template of `tests/common`),
    /// ready. Tests of a fresh database use `start`.
    pub async fn ready_sqlite(dir: &Path, extra: &[(&str, String)]) -> Server {
        let db = dir.join("db.sqlite");
        crate::common::database::copy_sqlite_template(&db).await;
        let mut env = vec![("DATABASE_URL", sqlite_url(&db))];
        env.extend_from_slice(extra);
        let mut server = Server::start(dir, &env);
        server.wait_ready().await;
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stdout(&self) -> String {
        std::fs::read_to_string(&self.stdout_path).unwrap_or_default()
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// stdout and stderr, for failure messages.
    pub fn logs(&self) -> String {
        format!(
            "--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout(),
            self.stderr()
        )
    }

    /// Waits until `/health/ready` answers 200; panics with the logs if the
    /// process exits or the deadline passes.
    pub async fn wait_ready(&mut self) {
        let client = client();
        let deadline = Instant::now() + READY_DEADLINE;
        loop {
            if let Some(status) = self.try_exit() {
                panic!(
                    "nutrinube exited ({status}) before being ready\n{}",
                    self.logs()
                );
            }
            if let Ok(response) = client.get(self.url("/health/ready")).send().await
                && response.status() == 200
            {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "nutrinube not ready within {READY_DEADLINE:?}\n{}",
                    self.logs()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends SIGTERM (through the `kill` command).
    pub fn sigterm(&self) {
        self.signal("TERM");
    }

    /// Sends SIGKILL: the process dies at once, as in a crash.
    pub fn sigkill(&self) {
        self.signal("KILL");
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("running kill");
        assert!(status.success(), "kill -{name} {} failed", self.pid());
    }

    fn try_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            self.exit = self.child.try_wait().expect("polling the child");
        }
        self.exit
    }

    /// The exit status, once the process ends within `timeout`.
    pub async fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// SIGTERM, then the exit status (panics if it does not exit in 10 s).
    pub async fn stop(&mut self) -> ExitStatus {
        self.sigterm();
        match self.wait_exit(Duration::from_secs(10)).await {
            Some(status) => status,
            None => panic!("no exit within 10 s of SIGTERM\n{}", self.logs()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.try_exit().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// An HTTP client that ignores proxy settings and keeps no cookies.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap()
}

/// Registers `username` with `password`; returns the account id.
pub async fn register(
    client: &reqwest::Client,
    server: &Server,
    username: &str,
    password: &str,
) -> i64 {
    let response = client
        .post(server.url("/api/v1/auth/register"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .expect("register request");
    assert_eq!(response.status(), 201, "register {username}");
    let body: serde_json::Value = response.json().await.unwrap();
    body["id"].as_i64().expect("an account id")
}

/// Logs `username` in; returns the session cookie's value.
pub async fn log_in(
    client: &reqwest::Client,
    server: &Server,
    username: &str,
    password: &str,
) -> String {
    let response = client
        .post(server.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login request");
    assert_eq!(
        response.status(),
        200,
        "login {username}\n{}",
        server.logs()
    );
    session_cookie(&response).expect("login sets the session cookie")
}

/// Two servers started at the same instant on one database, both ready, and
/// an account registered on one that logs in on the other.
pub async fn two_servers_at_once(dir: &Path, database_url: &str) -> (Server, Server) {
    let env = [("DATABASE_URL", database_url.to_owned())];
    let mut first = Server::start(dir, &env);
    let mut second = Server::start(dir, &env);
    tokio::join!(first.wait_ready(), second.wait_ready());
    let http = client();
    register(&http, &first, "twins", "S3cret-Pa55word!").await;
    log_in(&http, &second, "twins", "S3cret-Pa55word!").await;
    (first, second)
}

/// The value of the `nutrinube_session` cookie set by `response`, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    set_cookie_headers(response).into_iter().find_map(|header| {
        let pair = header.split(';').next()?.trim();
        let value = pair.strip_prefix("nutrinube_session=")?;
        (!value.is_empty()).then(|| value.to_owned())
    })
}

pub fn set_cookie_headers(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// The server's `/metrics` page.
pub async fn metrics_text(http: &reqwest::Client, server: &Server) -> String {
    let response = http.get(server.url("/metrics")).send().await.unwrap();
    response.text().await.unwrap()
}

/// The value of a Prometheus sample without labels, e.g. a counter.
pub fn metric_value(metrics: &str, name: &str) -> Option<f64> {
    metrics
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (key, value) = line.rsplit_once(' ')?;
            let base = key.split('{').next()?;
            (base == name).then(|| value.trim().parse().ok())?
        })
}
