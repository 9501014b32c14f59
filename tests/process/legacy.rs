//! `nutrinube import-legacy` against a real predecessor (data.md §2): the
//! Flask app of `/work/shared/reference/seed-app` (its `run.sh`, which makes
//! its Python virtual environment) serves on the test PostgreSQL; accounts
//! and entries are made through its own HTTP API, moved twice (the second
//! run adds nothing), and the same passwords log in to NutriNube.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::database::{Backend, TestDatabase};
use crate::harness::{Server, client, free_port, log_in, run_to_end};

/// Where the predecessor is: `NUTRINUBE_SEED_APP` or the shared reference copy.
fn seed_app() -> PathBuf {
    std::env::var_os("NUTRINUBE_SEED_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/reference/seed-app"))
}

/// The predecessor could not be set up: a failure when PostgreSQL tests are
/// required (as `scripts/with-postgres.sh` says), a skip said aloud otherwise.
fn unavailable(why: &str) -> bool {
    if std::env::var("NUTRINUBE_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!(
            "the Flask predecessor cannot be run for the import-legacy test: {why}\n\
             (it needs python3 with venv and pip access to PyPI for run.sh: python3, python3-venv, python3-pip)"
        );
    }
    eprintln!("skipping the import-legacy test: {why}");
    true
}

struct Predecessor {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Predecessor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Predecessor {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Starts `run.sh` on `db_url` (one worker) and waits for it to answer.
    async fn start(dir: &Path, db_url: &str) -> Option<Predecessor> {
        let run = seed_app().join("run.sh");
        if !run.exists() {
            unavailable(&format!("{} does not exist", run.display()));
            return None;
        }
        let port = free_port();
        let log = dir.join("seed-app.log");
        // SQLAlchemy 2 knows only the `postgresql://` scheme.
        let db_url = db_url.replacen("postgres://", "postgresql://", 1);
        let child = Command::new("bash")
            .arg(&run)
            .arg(&db_url)
            .arg(port.to_string())
            .arg("1")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(dir.join("seed-app.err")).unwrap())
            .spawn();
        let child = match child {
            Ok(c) => c,
            Err(e) => {
                unavailable(&format!("starting bash run.sh: {e}"));
                return None;
            }
        };
        let mut me = Predecessor { child, port, log };
        let http = client();
        // The first run installs its virtual environment (pip): minutes.
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(600) {
            if let Ok(Some(status)) = me.child.try_wait() {
                let err = std::fs::read_to_string(dir.join("seed-app.err")).unwrap_or_default();
                unavailable(&format!("run.sh exited ({status}):\n{err}"));
                return None;
            }
            if http.get(me.url("/login")).send().await.is_ok() {
                return Some(me);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let _ = &me.log;
        unavailable("run.sh did not serve within 10 minutes");
        None
    }

    /// Registers and logs in `username` on the predecessor; its session client.
    async fn account(&self, username: &str, password: &str) -> reqwest::Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let form = [("username", username), ("password", password)];
        let r = http
            .post(self.url("/register"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success() || r.status().is_redirection(),
            "predecessor register {username}: {}",
            r.status()
        );
        let r = http
            .post(self.url("/login"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "predecessor login {username}");
        http
    }
}

async fn post_ok(http: &reqwest::Client, url: String, body: Value) {
    let r = http.post(url).json(&body).send().await.unwrap();
    let status = r.status();
    assert!(status.is_success(), "{status}: {}", r.text().await.unwrap());
}

fn list(body: &Value) -> Vec<Value> {
    body.as_array()
        .or_else(|| body["entries"].as_array())
        .or_else(|| body["items"].as_array())
        .cloned()
        .unwrap_or_else(|| panic!("a list of entries: {body}"))
}

/// The store's answer to `sql`, a row of two columns, on either engine.
async fn row<A, B>(url: &str, sql: &str) -> (A, B)
where
    A: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    B: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    A: for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    B: for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    A: Send + Unpin,
    B: Send + Unpin,
{
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let row = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        row
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let row = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        row
    }
}

/// The predecessor runs on PostgreSQL (its only engine); its database is
/// moved into a NutriNube store on each engine.
#[tokio::test(flavor = "multi_thread")]
async fn predecessor_accounts_move_with_their_entries_and_passwords() {
    crate::common::postgres::require_test_database_url();
    let tmp = tempfile::tempdir().unwrap();
    let legacy_db = TestDatabase::empty(Backend::Postgres).await;
    let Some(old) = Predecessor::start(tmp.path(), &legacy_db.url).await else {
        return;
    };

    let alice = old.account("Alice", "alice-old-pass").await;
    let bob = old.account("bob", "bob-old-password").await;
    post_ok(
        &alice,
        old.url("/api/food"),
        json!({"date": "2025-01-10", "food": "Porridge", "calories": 350, "protein": 12, "fat": 7, "carbs": 60}),
    )
    .await;
    post_ok(
        &alice,
        old.url("/api/food"),
        json!({"date": "2025-01-10", "food": "Porridge", "calories": 350, "protein": 12, "fat": 7, "carbs": 60}),
    )
    .await;
    post_ok(
        &alice,
        old.url("/api/fitness"),
        json!({"date": "2025-01-10", "exercise": "Running", "kcal_burned": 420}),
    )
    .await;
    post_ok(
        &bob,
        old.url("/api/food"),
        json!({"date": "2025-01-11", "food": "Soup", "calories": 200, "protein": 8, "fat": 5, "carbs": 25}),
    )
    .await;
    drop(old);
    for backend in [Backend::Postgres, Backend::Sqlite] {
        move_into(tmp.path(), &legacy_db.url, backend).await;
    }
}

/// Imports the predecessor's database at `legacy_url` into a new store on
/// `backend`, twice, and logs in with the old passwords.
async fn move_into(tmp: &Path, legacy_url: &str, backend: Backend) {
    let ours = TestDatabase::empty(backend).await;
    let env = [("DATABASE_URL", ours.url.clone())];
    let import = |extra: &[&str]| {
        let mut args = vec!["import-legacy", "--from", legacy_url];
        args.extend_from_slice(extra);
        // The first run migrates a new store and loads the catalogue into it.
        let out = run_to_end(tmp, &args, &env, Duration::from_secs(300));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "import-legacy failed\nstdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };

    let dry = import(&["--dry-run"]);
    assert!(dry.contains("dry run"), "{dry}");
    assert!(
        dry.contains("account alice: created; food entries added: 2, activity entries added: 1"),
        "{dry}"
    );
    let first = import(&[]);
    assert!(
        first.contains("account alice: created; food entries added: 2, activity entries added: 1"),
        "{first}"
    );
    assert!(
        first.contains("account bob: created; food entries added: 1, activity entries added: 0"),
        "{first}"
    );
    let second = import(&[]);
    assert!(
        second.contains("account alice: already imported; food entries added: 0, activity entries added: 0, already there: 3"),
        "{second}"
    );
    assert!(
        second.contains("2 accounts: 0 created, 2 already imported, 0 skipped"),
        "{second}"
    );

    let (food, fitness): (i64, i64) = row(
        &ours.url,
        "SELECT (SELECT COUNT(*) FROM food_entries WHERE source = 'legacy'),
                (SELECT COUNT(*) FROM activity_entries WHERE source = 'legacy' AND duration_min IS NULL)",
    )
    .await;
    assert_eq!(
        (food, fitness),
        (3, 1),
        "{backend:?}: the second run added nothing"
    );
    let (calories, _): (f64, i64) = row(
        &ours.url,
        "SELECT g.calories, g.account_id FROM goals g JOIN accounts a ON a.id = g.account_id WHERE a.username = 'alice'",
    )
    .await;
    assert_eq!(calories, 2000.0, "the predecessor's default goal");

    let mut server = Server::start(tmp, &env);
    server.wait_ready().await;
    let http = client();
    let wrong = http
        .post(server.url("/api/v1/auth/login"))
        .json(&json!({"username": "alice", "password": "not-her-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    for _ in 0..2 {
        log_in(&http, &server, "alice", "alice-old-pass").await;
    }
    let hash: (String, Option<String>) = row(
        &ours.url,
        "SELECT password_hash, legacy_password_hash FROM accounts WHERE username = 'alice'",
    )
    .await;
    assert!(hash.0.starts_with("$argon2id$"), "{hash:?}");
    assert_eq!(hash.1, None);

    let cookie = log_in(&http, &server, "bob", "bob-old-password").await;
    let body: Value = http
        .get(server.url("/api/v1/food-entries?date=2025-01-11"))
        .header(
            reqwest::header::COOKIE,
            format!("nutrinube_session={cookie}"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = list(&body);
    assert_eq!(entries.len(), 1, "{body}");
    assert_eq!(entries[0]["name"], "Soup");
    assert_eq!(entries[0]["calories"], 200.0);
    assert_eq!(entries[0]["source"], "legacy");
    server.stop().await;
}
