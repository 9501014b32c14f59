//! A fresh database per test, on SQLite or PostgreSQL, removed when its
//! guard drops.
//!
//! Loading the bundled catalogue takes seconds, so it is done once per test
//! process into a template (migrated and loaded by `prepare_once`, as the
//! app does at start) that each test's database is copied from. SQLite's
//! template lives in `$TMPDIR/nutrinube-sqlite-template-<run>/`, locked by
//! this process while it runs; the first SQLite test of a later process
//! removes the templates whose lock is free. PostgreSQL's: see `postgres`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::postgres;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh database of the backend; dropping it removes it (SQLite: its temp
/// dir; PostgreSQL: `DROP DATABASE … WITH (FORCE)`, which also ends the
/// connections of an app still using it).
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    /// SQLite: the temp dir holding the file.
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL: the database's name.
    pg_name: Option<String>,
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// Migrates the database and loads the bundled catalogues, as the app does.
async fn prepare(url: &str) {
    let store = nutrinube::store::Store::connect_lazy(url, 2).expect("database URL");
    nutrinube::startup::prepare_once(&store)
        .await
        .expect("migrating and loading the template database");
    store.close().await;
}

impl TestDatabase {
    /// An empty database, not even migrated.
    pub async fn empty(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => TestDatabase::sqlite_in_temp_dir(|_| {}),
            Backend::Postgres => TestDatabase::postgres(postgres::create_test_database(None).await),
        }
    }

    /// A migrated database holding the bundled catalogues.
    pub async fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let template = sqlite_template().await;
                TestDatabase::sqlite_in_temp_dir(|file| copy_sqlite(template, file))
            }
            Backend::Postgres => {
                let template =
                    postgres::template_database(|url| async move { prepare(&url).await }).await;
                TestDatabase::postgres(postgres::create_test_database(Some(template)).await)
            }
        }
    }

    fn sqlite_in_temp_dir(fill: impl FnOnce(&Path)) -> TestDatabase {
        let dir = tempfile::Builder::new()
            .prefix("nutrinube-test-")
            .tempdir()
            .expect("creating a temp dir");
        let file = dir.path().join("test.db");
        fill(&file);
        TestDatabase {
            url: sqlite_url(&file),
            backend: Backend::Sqlite,
            _dir: Some(dir),
            pg_name: None,
        }
    }

    fn postgres(name: String) -> TestDatabase {
        TestDatabase {
            url: postgres::url_of(&name),
            backend: Backend::Postgres,
            _dir: None,
            pg_name: Some(name),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // The SQLite temp dir goes with the `_dir` field.
        if let Some(name) = self.pg_name.take() {
            postgres::drop_database_blocking(&name);
        }
    }
}

/// Copies the migrated SQLite template (made once per process) to `file`,
/// for a test that wants the database at a path of its own.
pub async fn copy_sqlite_template(file: &Path) {
    copy_sqlite(sqlite_template().await, file);
}

/// Copies a SQLite database file and its WAL, if any.
fn copy_sqlite(from: &Path, to: &Path) {
    for suffix in ["", "-wal"] {
        let source = PathBuf::from(format!("{}{suffix}", from.display()));
        if source.exists() {
            let target = PathBuf::from(format!("{}{suffix}", to.display()));
            std::fs::copy(&source, &target).expect("copying the template database");
        }
    }
}

const SQLITE_TEMPLATE_PREFIX: &str = "nutrinube-sqlite-template-";

/// This process's SQLite template database, made on first use.
async fn sqlite_template() -> &'static Path {
    struct Template {
        file: PathBuf,
        /// Locked while this process lives: the directory is in use.
        _lock: File,
    }
    static TEMPLATE: tokio::sync::OnceCell<Template> = tokio::sync::OnceCell::const_new();
    let template = TEMPLATE
        .get_or_init(|| async {
            let root = std::env::temp_dir();
            remove_left_over_sqlite_templates(&root);
            let dir = root.join(format!("{SQLITE_TEMPLATE_PREFIX}{}", postgres::run_id()));
            std::fs::create_dir_all(&dir).expect("creating the template's directory");
            let lock = File::create(dir.join("lock")).expect("creating the template's lock file");
            lock.lock().expect("locking the template's lock file");
            let file = dir.join("template.db");
            prepare(&sqlite_url(&file)).await;
            Template { file, _lock: lock }
        })
        .await;
    &template.file
}

/// Removes the SQLite templates of test processes that are gone (their lock
/// file is not locked); one without a lock file only when it is over an hour
/// old (another process may be making it right now).
fn remove_left_over_sqlite_templates(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(SQLITE_TEMPLATE_PREFIX)
        {
            continue;
        }
        let dir = entry.path();
        let gone = match File::open(dir.join("lock")) {
            Ok(lock) => lock.try_lock().is_ok(),
            Err(_) => entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().unwrap_or_default() > Duration::from_secs(3600)),
        };
        if gone && let Err(e) = std::fs::remove_dir_all(&dir) {
            eprintln!("removing left-over template {}: {e}", dir.display());
        }
    }
}
