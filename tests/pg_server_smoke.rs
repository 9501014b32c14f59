//! Smoke test of tests/common/pg_server.rs: a private PostgreSQL server can be
//! started, stopped (it then refuses connections) and restarted on the same
//! port. Needs PostgreSQL's server binaries (PG_BIN_DIR or
//! /usr/lib/postgresql/*/bin), not TEST_DATABASE_URL; without them it fails
//! with `common::NEEDS_POSTGRES` (never passes as skipped).

mod common;

use common::pg_server::PgServer;
use std::process::{Command, Stdio};

/// `psql -c 'SELECT 1'` against the server: Some(output) when it answered.
fn select_one(server: &PgServer) -> Result<String, String> {
    let out = Command::new(server.bin_dir().join("psql"))
        .args([
            "-X",
            "-A",
            "-t",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "SELECT 1",
        ])
        .arg("--dbname")
        .arg(server.url())
        .env("PGCONNECT_TIMEOUT", "5")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run psql: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

#[test]
fn private_server_starts_stops_and_restarts() {
    // Fails with `common::NEEDS_POSTGRES` when there are no server binaries.
    let mut server = PgServer::start();
    let url = server.url();
    assert!(url.starts_with("postgres://postgres@127.0.0.1:"), "{url}");
    assert!(
        url.ends_with(&format!(":{}/postgres", server.port())),
        "{url}"
    );
    assert_eq!(
        select_one(&server).as_deref(),
        Ok("1"),
        "fresh server answers SELECT 1"
    );

    server.stop();
    assert!(!server.is_running());
    let down = select_one(&server);
    assert!(
        down.is_err(),
        "stopped server must refuse connections, got {down:?}"
    );
    server.stop(); // stopping twice is a no-op

    server.restart();
    assert!(server.is_running());
    assert_eq!(server.url(), url, "restart keeps the port");
    assert_eq!(
        select_one(&server).as_deref(),
        Ok("1"),
        "restarted server answers SELECT 1"
    );

    // A second, independent server at the same time gets its own port.
    let other = PgServer::start();
    assert_ne!(other.port(), server.port());
    assert_eq!(select_one(&other).as_deref(), Ok("1"));
}
