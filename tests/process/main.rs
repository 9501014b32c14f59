//! Black-box tests of the compiled `nutrinube` binary, run as a child
//! process: logs, Fluentd forwarding, signals, commands and configuration
//! (spec §5).

#[path = "../common/mod.rs"]
mod common;
mod crash;
mod fluent;
mod harness;
mod legacy;

use std::path::Path;
use std::time::{Duration, Instant};

use nutrinube::config::env_variables;
use reqwest::header::{COOKIE, HeaderMap};
use serde_json::{Value, json};

use common::database::{Backend, TestDatabase};
use fluent::{FluentReceiver, Mode};
use harness::{
    Server, client, free_port, log_in, metric_value, metrics_text, register, run_to_end,
    set_cookie_headers, sqlite_url, two_servers_at_once,
};

const PASSWORD: &str = "S3cret-Pa55word!";

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_owned())
}

/// Every stdout line as a JSON object; panics naming the first line that is not.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("stdout line {} is not JSON ({e}): {line}", i + 1));
            assert!(
                value.is_object(),
                "stdout line {} is not an object: {line}",
                i + 1
            );
            value
        })
        .collect()
}

fn request_event<'a>(events: &'a [Value], id: &str) -> Option<&'a Value> {
    events
        .iter()
        .find(|e| e["message"] == "request" && e["request_id"] == id)
}

/// Number of applied migrations and of activities in a SQLite database.
async fn sqlite_state(db: &Path) -> (i64, i64) {
    use sqlx::sqlite::SqliteConnectOptions;
    let options = SqliteConnectOptions::new().filename(db).read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("opening the database");
    let migrations: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&pool)
            .await
            .expect("the migrations table");
    let activities: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities")
        .fetch_one(&pool)
        .await
        .expect("the activities table");
    pool.close().await;
    (migrations, activities)
}

/// Number of migration files of a backend (`sqlite` or `postgres`).
fn migration_files(backend: &str) -> i64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count() as i64
}

#[tokio::test(flavor = "multi_thread")]
async fn logs_are_json_lines_with_request_fields_and_no_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let mut server = Server::ready_sqlite(tmp.path(), &[]).await;
    let http = client();

    let account_id = register(&http, &server, "logwatcher", PASSWORD).await;
    let cookie = log_in(&http, &server, "logwatcher", PASSWORD).await;

    let created = http
        .post(server.url("/api/v1/tokens"))
        .header(COOKIE, format!("nutrinube_session={cookie}"))
        .json(&json!({"name": "log test", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let token = created["token"]
        .as_str()
        .expect("the token secret")
        .to_owned();
    assert!(token.len() >= 20, "a real secret: {token}");

    // An incoming request id is kept and echoed.
    let me = http
        .get(server.url("/api/v1/me"))
        .bearer_auth(&token)
        .header("X-Request-Id", "test-req-123")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(request_id(me.headers()).as_deref(), Some("test-req-123"));
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["id"], account_id);

    // A route with a parameter is logged as its template.
    let missing = http
        .get(server.url("/api/v1/food-entries/987654"))
        .bearer_auth(&token)
        .header("X-Request-Id", "test-req-456")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(
        request_id(missing.headers()).as_deref(),
        Some("test-req-456")
    );

    // Without one, an id is generated and returned.
    let anonymous_id = http
        .get(server.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous_id.status(), 200);
    let generated = request_id(anonymous_id.headers()).expect("a generated X-Request-Id");
    assert!(generated.len() >= 8, "generated id `{generated}`");
    assert_ne!(generated, "test-req-123");

    server.stop().await;
    let stdout = server.stdout();
    let stderr = server.stderr();
    let events = json_lines(&stdout);
    assert!(events.len() >= 6, "too few log lines:\n{stdout}");

    let event = request_event(&events, "test-req-123")
        .unwrap_or_else(|| panic!("no request event for test-req-123:\n{stdout}"));
    assert_eq!(event["method"], "GET", "{event}");
    assert_eq!(event["route"], "/api/v1/me", "{event}");
    assert_eq!(event["status"], 200, "{event}");
    let latency = event["latency_ms"]
        .as_f64()
        .unwrap_or_else(|| panic!("latency_ms is not a number: {event}"));
    assert!((0.0..15_000.0).contains(&latency), "{event}");
    assert_eq!(event["account_id"], account_id, "{event}");

    let event = request_event(&events, "test-req-456")
        .unwrap_or_else(|| panic!("no request event for test-req-456:\n{stdout}"));
    assert_eq!(event["route"], "/api/v1/food-entries/{id}", "{event}");
    assert_eq!(event["status"], 404, "{event}");
    assert_eq!(event["account_id"], account_id, "{event}");

    let event = request_event(&events, &generated)
        .unwrap_or_else(|| panic!("no request event for the generated id {generated}:\n{stdout}"));
    assert_eq!(event["route"], "/api/v1/me", "{event}");

    for (what, secret) in [
        ("the password", PASSWORD),
        ("the session cookie", cookie.as_str()),
        ("the API token", token.as_str()),
    ] {
        assert!(!stdout.contains(secret), "{what} is in stdout:\n{stdout}");
        assert!(!stderr.contains(secret), "{what} is in stderr:\n{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn fluentd_receives_request_events() {
    let tmp = tempfile::tempdir().unwrap();
    let receiver = FluentReceiver::start(Mode::Acking);
    let mut server = Server::ready_sqlite(
        tmp.path(),
        &[
            ("NUTRINUBE_FLUENTD_ADDR", receiver.addr.to_string()),
            ("NUTRINUBE_FLUENTD_TAG", "nutrinube.test".to_owned()),
        ],
    )
    .await;

    let response = client()
        .get(server.url("/health/live"))
        .header("X-Request-Id", "fluent-req-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let event = receiver
        .wait_for(Duration::from_secs(5), |e| {
            e.record["request_id"] == "fluent-req-42"
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "no Fluentd event for fluent-req-42 within 5 s\nreceived: {:?}\nprotocol errors: {:?}\n{}",
                receiver.events(),
                receiver.errors(),
                server.logs()
            )
        });
    assert_eq!(event.tag, "nutrinube.test");
    assert_eq!(event.record["method"], "GET", "{:?}", event.record);
    assert_eq!(event.record["route"], "/health/live", "{:?}", event.record);
    assert_eq!(event.record["status"], 200, "{:?}", event.record);

    // Events of the shutdown itself are flushed before the process exits.
    let status = server.stop().await;
    assert!(status.success(), "exit status {status}\n{}", server.logs());
    let stopped = receiver
        .wait_for(Duration::from_secs(1), |e| e.record["message"] == "stopped")
        .await;
    assert!(
        stopped.is_some(),
        "the `stopped` event never reached Fluentd\n{}",
        server.logs()
    );
    assert!(
        receiver.errors().is_empty(),
        "protocol errors: {:?}",
        receiver.errors()
    );
}

/// Runs a server shipping logs to `fluentd_addr` with a 16-event buffer and
/// checks that 300 requests are served promptly and drops are counted.
async fn requests_stay_fast_with_fluentd_at(fluentd_addr: String, case: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::ready_sqlite(
        tmp.path(),
        &[
            ("NUTRINUBE_FLUENTD_ADDR", fluentd_addr),
            ("NUTRINUBE_FLUENTD_BUFFER", "16".to_owned()),
        ],
    )
    .await;
    let http = client();
    let requests = 300;
    let started = Instant::now();
    for i in 0..requests {
        let response = http
            .get(server.url("/health/live"))
            .header("X-Request-Id", format!("{case}-{i}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{case}: request {i} failed: {e}\n{}", server.logs()));
        assert_eq!(response.status(), 200, "{case}: request {i}");
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(10),
        "{case}: {requests} requests took {elapsed:?}"
    );

    let metrics = metrics_text(&http, &server).await;
    let dropped = metric_value(&metrics, "nutrinube_log_events_dropped_total")
        .unwrap_or_else(|| panic!("{case}: no dropped counter in /metrics:\n{metrics}"));
    assert!(dropped > 0.0, "{case}: dropped = {dropped}");

    // stdout still gets every request event.
    let last = format!("\"request_id\":\"{case}-{}\"", requests - 1);
    let deadline = Instant::now() + Duration::from_secs(3);
    while !server.stdout().contains(&last) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stdout = server.stdout();
    let logged = json_lines(&stdout)
        .iter()
        .filter(|e| {
            e["request_id"]
                .as_str()
                .is_some_and(|id| id.starts_with(&format!("{case}-")))
        })
        .count();
    assert_eq!(logged, requests, "{case}: request events on stdout");
}

#[tokio::test(flavor = "multi_thread")]
async fn fluentd_down_or_stalled_never_slows_requests() {
    // (a) Nothing listens there.
    requests_stay_fast_with_fluentd_at(format!("127.0.0.1:{}", free_port()), "down").await;

    // (b) Accepts connections, never reads them nor acks.
    let stalled = FluentReceiver::start(Mode::Stalled);
    requests_stay_fast_with_fluentd_at(stalled.addr.to_string(), "stalled").await;
    assert!(
        stalled.accepted() > 0,
        "the server never connected to the stalled Fluentd"
    );
}

/// A Fluentd that trickles its ack holds each batch at most the batch
/// deadline (5 s): the forwarder gives up, reconnects for the next batch,
/// counts the events dropped, and requests stay fast.
#[tokio::test(flavor = "multi_thread")]
async fn a_trickling_fluentd_cannot_hold_the_forwarder() {
    let trickling = FluentReceiver::start(Mode::Trickling);
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::ready_sqlite(
        tmp.path(),
        &[("NUTRINUBE_FLUENTD_ADDR", trickling.addr.to_string())],
    )
    .await;
    let http = client();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(13) {
        let asked = Instant::now();
        let response = http.get(server.url("/health/live")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "a request took {:?}",
            asked.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let accepted = trickling.accepted_at();
    assert!(
        accepted.len() >= 2,
        "the forwarder stayed on the trickling connection: {} connections in 13 s",
        accepted.len()
    );
    for pair in accepted.windows(2) {
        let held = pair[1] - pair[0];
        assert!(
            held <= Duration::from_secs(7),
            "a batch held the forwarder {held:?}"
        );
    }
    let metrics = metrics_text(&http, &server).await;
    let dropped = metric_value(&metrics, "nutrinube_log_events_dropped_total").unwrap();
    assert!(dropped > 0.0, "dropped = {dropped}");
    let ready = http.get(server.url("/health/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "{}", server.logs());
}

/// An ack over 4 KiB is refused even when it names the right chunk: the
/// batch is retried once, then dropped and counted.
#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_fluentd_ack_is_refused() {
    let oversized = FluentReceiver::start(Mode::OversizedAck);
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::ready_sqlite(
        tmp.path(),
        &[("NUTRINUBE_FLUENTD_ADDR", oversized.addr.to_string())],
    )
    .await;
    let http = client();
    for i in 0..5 {
        let response = http
            .get(server.url("/health/live"))
            .header("X-Request-Id", format!("oversized-{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let sent_twice = oversized
        .wait_for(Duration::from_secs(5), |e| {
            e.record["request_id"] == "oversized-4"
        })
        .await;
    assert!(sent_twice.is_some(), "no event reached the receiver");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let copies = oversized
        .events()
        .iter()
        .filter(|e| e.record["request_id"] == "oversized-4")
        .count();
    assert_eq!(copies, 2, "a batch whose ack is refused is sent twice");
    let metrics = metrics_text(&http, &server).await;
    let dropped = metric_value(&metrics, "nutrinube_log_events_dropped_total").unwrap();
    assert!(dropped >= 5.0, "dropped = {dropped}");
    let ready = http.get(server.url("/health/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_finishes_in_flight_requests_and_exits_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let mut server = Server::ready_sqlite(tmp.path(), &[]).await;
    let http = client();
    register(&http, &server, "inflight", PASSWORD).await;

    // One client, hence one connection, per login, opened beforehand: a
    // connection still in the accept backlog, or not yet read, when the
    // signal comes is not an in-flight request, and the server may reset it.
    // Ten: more simultaneous logins for one username than the failure limit
    // are refused (429) while the attempts are in flight (hardening.md).
    let mut clients = Vec::new();
    for _ in 0..10 {
        let http = client();
        let warm = http.get(server.url("/health/live")).send().await.unwrap();
        assert_eq!(warm.status(), 200);
        clients.push(http);
    }
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
    let mut logins = Vec::new();
    for (i, http) in clients.into_iter().enumerate() {
        let url = server.url("/api/v1/auth/login");
        let done_tx = done_tx.clone();
        logins.push(tokio::spawn(async move {
            let result = http
                .post(url)
                .header("X-Request-Id", format!("login-{i}"))
                .json(&json!({"username": "inflight", "password": PASSWORD}))
                .send()
                .await
                .map(|r| r.status().as_u16());
            let _ = done_tx.send(());
            (result, Instant::now())
        }));
    }
    // ~30 ms, and at least until the first login answers, so that on a
    // loaded machine every request has been read by the server.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), done_rx.recv()).await;
    let signalled = Instant::now();
    server.sigterm();

    let mut finished_after_signal = 0;
    for (i, login) in logins.into_iter().enumerate() {
        let (result, at) = login.await.unwrap();
        match result {
            Ok(status) => assert_eq!(status, 200, "login {i}\n{}", server.logs()),
            Err(e) => panic!(
                "login {i} failed {:?} after / {:?} before SIGTERM: {e:?}\n{}",
                at.saturating_duration_since(signalled),
                signalled.saturating_duration_since(at),
                server.logs()
            ),
        }
        if at > signalled {
            finished_after_signal += 1;
        }
    }
    // Otherwise nothing was in flight and the test proved nothing.
    assert!(
        finished_after_signal > 0,
        "every login finished before SIGTERM"
    );

    let status = server
        .wait_exit(Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("no exit within 10 s of SIGTERM\n{}", server.logs()));
    assert_eq!(status.code(), Some(0), "exit status\n{}", server.logs());

    let refused = std::net::TcpStream::connect(("127.0.0.1", server.port));
    assert!(
        refused.is_err(),
        "a connection was accepted after the process exited"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn healthcheck_command_reports_readiness() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::ready_sqlite(tmp.path(), &[]).await;
    let deadline = Duration::from_secs(15);
    let check = |listen: String| {
        run_to_end(
            tmp.path(),
            &["healthcheck"],
            &[("NUTRINUBE_LISTEN", listen)],
            deadline,
        )
    };

    let out = check(format!("127.0.0.1:{}", server.port));
    assert!(out.status.success(), "healthcheck on the server: {out:?}");

    let out = check(format!("0.0.0.0:{}", server.port));
    assert!(out.status.success(), "healthcheck on the wildcard: {out:?}");

    let out = check(format!("127.0.0.1:{}", free_port()));
    assert!(!out.status.success(), "healthcheck with no server: {out:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn migrate_command_prepares_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("migrated.db");
    let env = [("DATABASE_URL", sqlite_url(&db))];
    let deadline = Duration::from_secs(30);

    let out = run_to_end(tmp.path(), &["migrate"], &env, deadline);
    assert!(out.status.success(), "first migrate: {out:?}");
    assert!(db.exists(), "migrate did not create {}", db.display());
    let (migrations, activities) = sqlite_state(&db).await;
    assert_eq!(migrations, migration_files("sqlite"), "applied migrations");
    assert!(activities > 0, "the bundled activity catalogue is loaded");

    let out = run_to_end(tmp.path(), &["migrate"], &env, deadline);
    assert!(out.status.success(), "second migrate: {out:?}");
    assert_eq!(sqlite_state(&db).await, (migrations, activities));

    let mut server = Server::start(tmp.path(), &env);
    server.wait_ready().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_migrating_at_once_both_start() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("shared.db");
    two_servers_at_once(tmp.path(), &sqlite_url(&db)).await;
    let (migrations, _) = sqlite_state(&db).await;
    assert_eq!(
        migrations,
        migration_files("sqlite"),
        "each migration applied once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_processes_migrating_at_once_on_postgres_both_start() {
    common::postgres::require_test_database_url();
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDatabase::empty(Backend::Postgres).await;
    let (mut first, mut second) = two_servers_at_once(tmp.path(), &db.url).await;

    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        migrations,
        migration_files("postgres"),
        "each migration applied once"
    );
    let (foods, distinct): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT source_ref) FROM foods WHERE account_id IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(foods > 7000, "the catalogue is loaded: {foods}");
    assert_eq!(foods, distinct, "no catalogue food loaded twice");
    pool.close().await;
    for server in [&mut first, &mut second] {
        assert_eq!(server.stop().await.code(), Some(0));
    }
}

#[test]
fn help_lists_every_variable() {
    let tmp = tempfile::tempdir().unwrap();
    let deadline = Duration::from_secs(15);
    let out = run_to_end(tmp.path(), &["--help"], &[], deadline);
    assert!(out.status.success(), "{out:?}");
    let help = String::from_utf8_lossy(&out.stdout);
    for name in env_variables() {
        assert!(
            help.contains(&name),
            "--help does not mention {name}:\n{help}"
        );
    }
    assert!(
        help.contains("_FILE"),
        "--help does not mention _FILE:\n{help}"
    );

    let out = run_to_end(tmp.path(), &["--version"], &[], deadline);
    assert!(out.status.success(), "{out:?}");
    let version = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        version.trim(),
        format!("nutrinube {}", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn file_variants_feed_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("from-file.db");
    let url_file = tmp.path().join("database_url");
    std::fs::write(&url_file, format!("{}\n", sqlite_url(&db))).unwrap();
    let file_env = ("DATABASE_URL_FILE", url_file.display().to_string());

    let mut server = Server::start(tmp.path(), std::slice::from_ref(&file_env));
    server.wait_ready().await;
    assert!(db.exists(), "{} was not created", db.display());
    assert!(
        !tmp.path().join("data").exists(),
        "the default database was used instead"
    );
    drop(server);

    let out = run_to_end(
        tmp.path(),
        &[],
        &[
            file_env,
            ("DATABASE_URL", sqlite_url(&tmp.path().join("other.db"))),
            ("NUTRINUBE_LISTEN", format!("127.0.0.1:{}", free_port())),
        ],
        Duration::from_secs(10),
    );
    assert!(!out.status.success(), "both set, yet it ran: {out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DATABASE_URL_FILE"), "{stderr}");
    assert!(
        stderr
            .replace("DATABASE_URL_FILE", "")
            .contains("DATABASE_URL"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cookie_secure_flag() {
    for secure in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let env: Vec<(&str, String)> = if secure {
            vec![("NUTRINUBE_COOKIE_SECURE", "true".to_owned())]
        } else {
            vec![]
        };
        let server = Server::ready_sqlite(tmp.path(), &env).await;
        let http = client();
        register(&http, &server, "cookiejar", PASSWORD).await;
        let login = http
            .post(server.url("/api/v1/auth/login"))
            .json(&json!({"username": "cookiejar", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);
        // Secure cookies carry the `__Host-` prefix (Path=/, no Domain).
        let name = if secure {
            "__Host-nutrinube_session="
        } else {
            "nutrinube_session="
        };
        let header = set_cookie_headers(&login)
            .into_iter()
            .find(|h| h.starts_with(name))
            .expect("a session Set-Cookie");
        let attributes: Vec<&str> = header.split(';').skip(1).map(str::trim).collect();
        let has = |name: &str| attributes.iter().any(|a| a.eq_ignore_ascii_case(name));
        assert!(has("HttpOnly"), "{header}");
        assert!(has("SameSite=Lax"), "{header}");
        assert!(has("Path=/"), "{header}");
        assert!(!header.to_ascii_lowercase().contains("domain="), "{header}");
        assert_eq!(has("Secure"), secure, "secure={secure}: {header}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn fresh_start_logs_no_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("fresh.db");
    let mut server = Server::start(tmp.path(), &[("DATABASE_URL", sqlite_url(&db))]);
    server.wait_ready().await;
    let status = server.stop().await;
    assert!(status.success(), "exit status {status}\n{}", server.logs());
    let stdout = server.stdout();
    let events = json_lines(&stdout);
    let complaints: Vec<&Value> = events
        .iter()
        .filter(|e| matches!(e["level"].as_str(), Some("WARN" | "ERROR")))
        .collect();
    assert!(
        complaints.is_empty(),
        "a clean start and stop logged warnings: {complaints:#?}"
    );
}
