//! A PRIVATE PostgreSQL server for integration tests that stop and restart the
//! database (outage tests): `common::pg_server::PgServer`.
//!
//! Each `PgServer` gets its own `initdb` in a fresh temp dir and listens on a
//! free 127.0.0.1 port (TCP only, trust auth, user `postgres`). Server
//! binaries come from `PG_BIN_DIR` (exported by `scripts/test.sh`) or the
//! newest `/usr/lib/postgresql/*/bin`; without them the test fails with
//! `common::NEEDS_POSTGRES`. As root, every server program runs as the
//! `postgres` system user through `runuser -u postgres --`.
//!
//! Depends on std, `tempfile`, tokio (`start_async`) and `super::needs_postgres`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long `start`/`restart` wait for the server to accept connections.
const READY_DEADLINE: Duration = Duration::from_secs(30);
/// How many fresh ports `start` tries when another process grabs the port first.
const PORT_ATTEMPTS: usize = 5;

pub struct PgServer {
    bin_dir: PathBuf,
    /// Removed (with everything in it) when the server is dropped.
    dir: tempfile::TempDir,
    data_dir: PathBuf,
    log_file: PathBuf,
    port: u16,
    as_postgres_user: bool,
    running: bool,
}

impl PgServer {
    /// The PostgreSQL bin dir to use, if any: `PG_BIN_DIR` when it holds the
    /// server programs, else the newest `/usr/lib/postgresql/*/bin`.
    pub fn find_bin_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("PG_BIN_DIR") {
            let dir = PathBuf::from(dir);
            if has_server_bins(&dir) {
                return Some(dir);
            }
        }
        let mut found: Vec<(Vec<u64>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let version: Vec<u64> = name
                    .split('.')
                    .map(|p| p.parse().ok())
                    .collect::<Option<_>>()?;
                let bin = e.path().join("bin");
                has_server_bins(&bin).then_some((version, bin))
            })
            .collect();
        found.sort();
        found.pop().map(|(_, bin)| bin)
    }

    /// `find_bin_dir`, or the test fails with `common::NEEDS_POSTGRES`.
    #[track_caller]
    pub fn require_bin_dir() -> PathBuf {
        if let Some(dir) = Self::find_bin_dir() {
            return dir;
        }
        let pg_bin_dir = match std::env::var_os("PG_BIN_DIR") {
            Some(dir) => format!("PG_BIN_DIR={}", Path::new(&dir).display()),
            None => "PG_BIN_DIR is not set".to_owned(),
        };
        super::needs_postgres(format_args!(
            "PostgreSQL's server binaries ({pg_bin_dir}, and no /usr/lib/postgresql/*/bin \
             has initdb, postgres, pg_ctl and pg_isready)"
        ))
    }

    /// `initdb` a fresh cluster in a temp dir and start it on a free port;
    /// returns once it accepts connections. Panics with the reason (and the
    /// server log's tail) when anything fails.
    #[track_caller]
    pub fn start() -> PgServer {
        Self::start_with(Self::require_bin_dir())
    }

    /// `start` from async code, on a blocking thread; its panic is the
    /// caller's.
    #[track_caller]
    pub fn start_async() -> impl Future<Output = PgServer> {
        let bin_dir = Self::require_bin_dir();
        async move {
            tokio::task::spawn_blocking(move || Self::start_with(bin_dir))
                .await
                .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
        }
    }

    fn start_with(bin_dir: PathBuf) -> PgServer {
        let as_postgres_user = current_uid_is_root();
        let dir = make_temp_dir(as_postgres_user);
        let data_dir = dir.path().join("data");
        let log_file = dir.path().join("postgres.log");

        let mut server = PgServer {
            bin_dir,
            dir,
            data_dir,
            log_file,
            port: 0,
            as_postgres_user,
            running: false,
        };
        server.initdb();

        for attempt in 1..=PORT_ATTEMPTS {
            server.port = free_port();
            match server.try_start() {
                Ok(()) => return server,
                // Another process took the port between our probe and the bind.
                Err(_) if attempt < PORT_ATTEMPTS && server.log_says_port_taken() => continue,
                Err(why) => server.fail(
                    &format!("could not start postgres on port {}", server.port),
                    &why,
                ),
            }
        }
        unreachable!("the last attempt either returns or panics")
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// URL of another database on the same server.
    pub fn url_for_db(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }

    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Fast shutdown (`pg_ctl stop -m fast`); returns once the server is down.
    /// A no-op when it is not running.
    pub fn stop(&mut self) {
        if !self.running {
            return;
        }
        if let Err(why) = self.try_stop("fast") {
            self.fail("could not stop postgres", &why);
        }
    }

    /// Start again on the same port and data dir (stopping first if it is
    /// running); returns once it accepts connections.
    pub fn restart(&mut self) {
        self.stop();
        if let Err(why) = self.try_start() {
            self.fail(
                &format!("could not restart postgres on port {}", self.port),
                &why,
            );
        }
    }

    /// Last `lines` lines of the server log.
    pub fn log_tail(&self, lines: usize) -> String {
        match fs::read_to_string(&self.log_file) {
            Ok(text) => {
                let all: Vec<&str> = text.lines().collect();
                all[all.len().saturating_sub(lines)..].join("\n")
            }
            Err(e) => format!("(cannot read {}: {e})", self.log_file.display()),
        }
    }

    // --- internals ---------------------------------------------------------

    /// A server program, run as `postgres` when we are root, from inside the
    /// temp dir (so it never complains about an unreadable cwd).
    fn pg_command(&self, program: &str) -> Command {
        let path = self.bin_dir.join(program);
        let mut cmd = if self.as_postgres_user {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        cmd.current_dir(self.dir.path()).stdin(Stdio::null());
        for var in [
            "PGDATA",
            "PGHOST",
            "PGPORT",
            "PGUSER",
            "PGDATABASE",
            "PGOPTIONS",
            "PGSERVICE",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    fn initdb(&self) {
        let mut cmd = self.pg_command("initdb");
        cmd.arg("-D").arg(&self.data_dir).args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]);
        match run(&mut cmd) {
            Ok(out) if out.status.success() => {}
            Ok(out) => self.fail("initdb failed", &describe(&cmd, &out)),
            Err(why) => self.fail("initdb failed", &why),
        }
        let settings = "\n# --- tests/common/pg_server.rs ---\n\
             listen_addresses = '127.0.0.1'\n\
             unix_socket_directories = ''\n\
             max_connections = 100\n\
             shared_buffers = 32MB\n\
             fsync = off\n\
             synchronous_commit = off\n\
             full_page_writes = off\n";
        let conf = self.data_dir.join("postgresql.conf");
        let result = fs::OpenOptions::new()
            .append(true)
            .open(&conf)
            .and_then(|mut f| std::io::Write::write_all(&mut f, settings.as_bytes()));
        if let Err(e) = result {
            self.fail(
                "could not write postgresql.conf",
                &format!("{}: {e}", conf.display()),
            );
        }
    }

    fn try_start(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + READY_DEADLINE;
        let mut cmd = self.pg_command("pg_ctl");
        cmd.arg("start")
            .arg("-D")
            .arg(&self.data_dir)
            .arg("-l")
            .arg(&self.log_file)
            .arg("-o")
            .arg(format!("-p {}", self.port))
            .args(["-w", "-t", &READY_DEADLINE.as_secs().to_string()]);
        // Even a failed start may have left a postmaster behind: let Drop stop it.
        self.running = true;
        let out = run(&mut cmd)?;
        if !out.status.success() {
            self.running = self.postmaster_alive();
            return Err(describe(&cmd, &out));
        }
        loop {
            if self.is_ready() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "not accepting connections on 127.0.0.1:{} within {:?} (pg_isready)",
                    self.port, READY_DEADLINE
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    fn try_stop(&mut self, mode: &str) -> Result<(), String> {
        let mut cmd = self.pg_command("pg_ctl");
        cmd.arg("stop")
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-m", mode, "-w", "-t", "60"]);
        let out = run(&mut cmd)?;
        // `pg_ctl stop -w` returns once postmaster.pid is gone, i.e. every
        // server process has exited.
        if out.status.success() || !self.postmaster_alive() {
            self.running = false;
            Ok(())
        } else {
            Err(describe(&cmd, &out))
        }
    }

    /// `pg_isready` says the server accepts connections.
    fn is_ready(&self) -> bool {
        Command::new(self.bin_dir.join("pg_isready"))
            .args([
                "-q",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-t",
                "2",
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// `pg_ctl status`: 0 = running, 3 = not running.
    fn postmaster_alive(&self) -> bool {
        let mut cmd = self.pg_command("pg_ctl");
        cmd.arg("status").arg("-D").arg(&self.data_dir);
        run(&mut cmd).is_ok_and(|out| out.status.success())
    }

    fn log_says_port_taken(&self) -> bool {
        fs::read_to_string(&self.log_file)
            .is_ok_and(|log| log.contains("could not bind") || log.contains("already in use"))
    }

    fn fail(&self, what: &str, why: &str) -> ! {
        panic!(
            "PgServer: {what}\n{why}\n--- data dir: {} ---\n--- tail of server log {} ---\n{}\n--- end of log ---",
            self.data_dir.display(),
            self.log_file.display(),
            self.log_tail(40)
        )
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // Must not panic (we may already be unwinding). The TempDir field is
        // dropped after this and removes the data dir.
        if self.running && self.try_stop("fast").is_err() && self.try_stop("immediate").is_err() {
            eprintln!(
                "PgServer: could not stop the server in {} (port {})",
                self.data_dir.display(),
                self.port
            );
        }
    }
}

// --- helpers -----------------------------------------------------------------

fn has_server_bins(dir: &Path) -> bool {
    ["initdb", "postgres", "pg_ctl", "pg_isready"]
        .iter()
        .all(|b| dir.join(b).is_file())
}

fn run(cmd: &mut Command) -> Result<Output, String> {
    cmd.output()
        .map_err(|e| format!("could not run {cmd:?}: {e}"))
}

fn describe(cmd: &Command, out: &Output) -> String {
    format!(
        "{cmd:?} exited with {}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout).trim_end(),
        String::from_utf8_lossy(&out.stderr).trim_end()
    )
}

fn command_stdout(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn current_uid_is_root() -> bool {
    let uid = command_stdout("id", &["-u"]).expect("PgServer: `id -u` failed");
    uid == "0"
}

/// uid and gid of the `postgres` user, creating it (as root) when missing.
fn postgres_ids() -> (u32, u32) {
    let lookup = || {
        let uid = command_stdout("id", &["-u", "postgres"])?.parse().ok()?;
        let gid = command_stdout("id", &["-g", "postgres"])?.parse().ok()?;
        Some((uid, gid))
    };
    if let Some(ids) = lookup() {
        return ids;
    }
    // Another test may be creating it at the same time: look again either way.
    let _ = Command::new("useradd")
        .args(["--system", "--user-group", "--no-create-home"])
        .args([
            "--home-dir",
            "/var/lib/postgresql",
            "--shell",
            "/bin/sh",
            "postgres",
        ])
        .stdin(Stdio::null())
        .output();
    lookup().expect(
        "PgServer: running as root, but there is no `postgres` user and `useradd postgres` failed",
    )
}

/// A fresh temp dir (under TMPDIR, else /tmp) that the server's user can use.
fn make_temp_dir(as_postgres_user: bool) -> tempfile::TempDir {
    let make = |parent: &Path| -> Result<tempfile::TempDir, String> {
        let dir = tempfile::Builder::new()
            .prefix("pg-server-")
            .tempdir_in(parent)
            .map_err(|e| format!("cannot create a temp dir in {}: {e}", parent.display()))?;
        if as_postgres_user {
            let (uid, gid) = postgres_ids();
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid))
                .map_err(|e| format!("cannot chown {} to postgres: {e}", dir.path().display()))?;
            // The parent must be traversable by postgres too (a 0700 TMPDIR is not).
            let ok = Command::new("runuser")
                .args(["-u", "postgres", "--", "test", "-w"])
                .arg(dir.path())
                .current_dir("/")
                .stdin(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return Err(format!(
                    "{} is not writable by the postgres user",
                    dir.path().display()
                ));
            }
        }
        Ok(dir)
    };
    let tmp = std::env::temp_dir();
    make(&tmp).unwrap_or_else(|first| {
        make(Path::new("/tmp")).unwrap_or_else(|second| panic!("PgServer: {first}; and {second}"))
    })
}

/// A port that nothing listens on right now (the kernel picks it).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("PgServer: cannot bind 127.0.0.1:0 to find a free port")
}
