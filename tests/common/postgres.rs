//! Test databases on the PostgreSQL server of `TEST_DATABASE_URL` (which
//! `bash scripts/test.sh` starts).
//!
//! Names carry this process's run id: `nutrinube_test_<run>_<id>` for a
//! test's database, `nutrinube_template_<run>` for the template they are
//! copied from. While the process lives, a connection of its own holds an
//! advisory lock on the run id. A test's database is dropped when its guard
//! drops; the template lives as long as the process, so the first test of
//! each later process drops the databases of runs whose lock is free (their
//! process is gone, even if it was killed).

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use sqlx::{Connection, Executor, PgConnection};

use super::needs_postgres;

/// The first key of the run locks (`pg_advisory_lock(int, int)`); the second
/// is `hashtext(<run id>)`.
const RUN_LOCK_CLASS: i32 = 0x6e75_7472; // "nutr"
const TEST_PREFIX: &str = "nutrinube_test_";
const TEMPLATE_PREFIX: &str = "nutrinube_template_";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// This process's run id: 16 hex digits.
pub fn run_id() -> &'static str {
    static RUN: OnceLock<String> = OnceLock::new();
    RUN.get_or_init(short_id)
}

fn short_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..16].to_owned()
}

/// Fails the test at once, saying how to run it, when there is no
/// `TEST_DATABASE_URL` to make its databases on.
#[track_caller]
pub fn require_test_database_url() {
    admin_url();
}

/// `TEST_DATABASE_URL`, or the test fails saying how to run it.
#[track_caller]
pub fn admin_url() -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => needs_postgres("TEST_DATABASE_URL is not set"),
    }
}

/// The URL of database `name` on the server of `TEST_DATABASE_URL`.
pub fn url_of(name: &str) -> String {
    let admin = admin_url();
    let (base, query) = admin.split_at(admin.find('?').unwrap_or(admin.len()));
    let (server, _) = base
        .rsplit_once('/')
        .filter(|(server, _)| server.contains("//"))
        .expect("TEST_DATABASE_URL ends in /<database>");
    format!("{server}/{name}{query}")
}

async fn try_connect_admin() -> Result<PgConnection, String> {
    let url = admin_url();
    match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect(&url)).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(format!("cannot connect to TEST_DATABASE_URL: {e}")),
        Err(_) => Err(format!(
            "TEST_DATABASE_URL's server did not answer within {CONNECT_TIMEOUT:?}"
        )),
    }
}

/// A connection to `TEST_DATABASE_URL`, or the test fails saying how to run it.
pub async fn connect_admin() -> PgConnection {
    try_connect_admin()
        .await
        .unwrap_or_else(|why| needs_postgres(why))
}

/// Creates database `name` (from `template` if given).
async fn create_database(name: &str, template: Option<&str>) {
    let mut conn = connect_admin().await;
    let sql = match template {
        Some(t) => format!(r#"CREATE DATABASE "{name}" TEMPLATE "{t}""#),
        None => format!(r#"CREATE DATABASE "{name}""#),
    };
    conn.execute(sql.as_str())
        .await
        .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
    let _ = conn.close().await;
}

/// A new, empty database of this run; answers its name.
pub async fn create_test_database(template: Option<&str>) -> String {
    start_run().await;
    let name = format!("{TEST_PREFIX}{}_{}", run_id(), short_id());
    create_database(&name, template).await;
    name
}

/// The template database of this run, created (empty) the first time;
/// `prepare` fills it, once.
pub async fn template_database<F, Fut>(prepare: F) -> &'static str
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()>,
{
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            start_run().await;
            let name = format!("{TEMPLATE_PREFIX}{}", run_id());
            create_database(&name, None).await;
            prepare(url_of(&name)).await;
            name
        })
        .await
}

/// `DROP DATABASE … WITH (FORCE)`, from a thread of its own so that it works
/// from `Drop` (inside or outside a runtime). Never panics: a failure is
/// printed and left to the next run's clean-up.
pub fn drop_database_blocking(name: &str) {
    let database = name.to_owned();
    let outcome = std::thread::Builder::new()
        .name("drop-test-database".into())
        .spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut conn = try_connect_admin().await?;
                let sql = format!(r#"DROP DATABASE IF EXISTS "{database}" WITH (FORCE)"#);
                tokio::time::timeout(Duration::from_secs(60), conn.execute(sql.as_str()))
                    .await
                    .map_err(|_| "no answer within 60 s".to_owned())?
                    .map_err(|e| e.to_string())?;
                let _ = conn.close().await;
                Ok(())
            })
        })
        .map_err(|e| e.to_string())
        .and_then(|thread| {
            thread
                .join()
                .unwrap_or_else(|_| Err("the thread panicked".into()))
        });
    if let Err(why) = outcome {
        eprintln!("could not drop test database {name}: {why}");
    }
}

/// Once per process, before its first database: takes the run lock, then
/// drops what runs whose process is gone left behind.
async fn start_run() {
    static STARTED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    STARTED
        .get_or_init(|| async {
            let url = admin_url();
            let locked = tokio::task::spawn_blocking(move || hold_run_lock(url))
                .await
                .expect("taking the run lock");
            if let Err(why) = locked {
                needs_postgres(why);
            }
            drop_leftovers().await;
        })
        .await;
}

/// Holds this run's advisory lock on a connection of a thread of its own
/// (with its own runtime) until the process exits; its end closes the
/// connection and frees the lock.
fn hold_run_lock(url: String) -> Result<(), String> {
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("test-run-lock".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => return locked_tx.send(Err(e.to_string())).unwrap_or(()),
            };
            runtime.block_on(async move {
                let lock = async {
                    let mut conn =
                        tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect(&url))
                            .await
                            .map_err(|_| "TEST_DATABASE_URL's server did not answer".to_owned())?
                            .map_err(|e| format!("cannot connect to TEST_DATABASE_URL: {e}"))?;
                    sqlx::query("SELECT pg_advisory_lock($1, hashtext($2))")
                        .bind(RUN_LOCK_CLASS)
                        .bind(run_id())
                        .execute(&mut conn)
                        .await
                        .map_err(|e| format!("taking the run lock: {e}"))?;
                    Ok::<_, String>(conn)
                };
                match lock.await {
                    Ok(conn) => {
                        let _ = locked_tx.send(Ok(()));
                        // Keep the connection (and the lock) to the end.
                        std::future::pending::<()>().await;
                        drop(conn);
                    }
                    Err(why) => {
                        let _ = locked_tx.send(Err(why));
                    }
                }
            });
        })
        .map_err(|e| e.to_string())?;
    locked_rx
        .recv()
        .unwrap_or_else(|_| Err("the run lock's thread ended".into()))
}

/// The run id in a database name of ours, if it is one.
fn run_of(database: &str) -> Option<&str> {
    let is_id = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let run = if let Some(rest) = database.strip_prefix(TEST_PREFIX) {
        let (run, id) = rest.split_once('_')?;
        is_id(id).then_some(run)?
    } else {
        database.strip_prefix(TEMPLATE_PREFIX)?
    };
    is_id(run).then_some(run)
}

/// Drops the databases of other runs whose lock is free. Failures are
/// printed, never fatal.
async fn drop_leftovers() {
    let mut conn = connect_admin().await;
    let names: Vec<String> = match sqlx::query_scalar(
        r"SELECT datname FROM pg_database
           WHERE datname LIKE 'nutrinube\_test\_%' OR datname LIKE 'nutrinube\_template\_%'",
    )
    .fetch_all(&mut conn)
    .await
    {
        Ok(names) => names,
        Err(e) => {
            eprintln!("listing left-over test databases: {e}");
            return;
        }
    };
    let mut by_run: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in names {
        if let Some(run) = run_of(&name).filter(|run| *run != run_id()) {
            by_run.entry(run.to_owned()).or_default().push(name);
        }
    }
    for (run, databases) in by_run {
        let gone: Result<bool, _> =
            sqlx::query_scalar("SELECT pg_try_advisory_lock($1, hashtext($2))")
                .bind(RUN_LOCK_CLASS)
                .bind(&run)
                .fetch_one(&mut conn)
                .await;
        match gone {
            Ok(true) => {
                for name in databases {
                    let sql = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                    if let Err(e) = conn.execute(sql.as_str()).await {
                        eprintln!("dropping left-over test database {name}: {e}");
                    }
                }
                let _ = sqlx::query("SELECT pg_advisory_unlock($1, hashtext($2))")
                    .bind(RUN_LOCK_CLASS)
                    .bind(&run)
                    .execute(&mut conn)
                    .await;
            }
            Ok(false) => {} // That process still runs.
            Err(e) => eprintln!("probing the lock of test run {run}: {e}"),
        }
    }
    let _ = conn.close().await;
}
