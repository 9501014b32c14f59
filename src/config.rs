//! Configuration, from command-line flags or environment variables only.
//!
//! Every variable also has a `_FILE` form (`DATABASE_URL_FILE=/run/secrets/db`)
//! whose file content is used as the value, for secrets mounted as files.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Variables that may be given through a `<NAME>_FILE` file instead.
pub const VARIABLES: &[&str] = &[
    "DATABASE_URL",
    "NUTRINUBE_LISTEN",
    "NUTRINUBE_DATA_DIR",
    "NUTRINUBE_DB_MAX_CONNECTIONS",
    "NUTRINUBE_COOKIE_SECURE",
    "NUTRINUBE_SESSION_DAYS",
    "NUTRINUBE_TRUST_FORWARDED_FOR",
    "NUTRINUBE_FLUENTD_ADDR",
    "NUTRINUBE_FLUENTD_TAG",
    "NUTRINUBE_FLUENTD_BUFFER",
    "NUTRINUBE_LOG",
];

#[derive(Debug, Parser)]
#[command(
    name = "nutrinube",
    version,
    about = "NutriNube: a self-hosted nutrition and fitness tracker",
    after_help = "Every variable can also be read from a file: set <NAME>_FILE to its path \
                  (for example DATABASE_URL_FILE=/run/secrets/database_url)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the web app and API (the default)
    Serve,
    /// Apply database migrations and exit
    Migrate,
    /// Exit 0 when the local server's /health/ready answers 200 (container health check)
    Healthcheck,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database: postgres://… or sqlite://…; default: a SQLite file in the data directory
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,

    /// Address and port to serve on
    #[arg(
        long,
        env = "NUTRINUBE_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,

    /// Directory of the default SQLite database
    #[arg(
        long,
        env = "NUTRINUBE_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Most database connections this process opens
    #[arg(
        long,
        env = "NUTRINUBE_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_max_connections: u32,

    /// Mark the session cookie Secure (set to true behind HTTPS)
    #[arg(long, env = "NUTRINUBE_COOKIE_SECURE", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub cookie_secure: bool,

    /// Days a login session lasts
    #[arg(
        long,
        env = "NUTRINUBE_SESSION_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub session_days: u32,

    /// Take the client address from X-Forwarded-For (only behind a trusted reverse proxy)
    #[arg(long, env = "NUTRINUBE_TRUST_FORWARDED_FOR", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub trust_forwarded_for: bool,

    /// Fluentd Forward-protocol address (host:port) to also ship log events to
    #[arg(long, env = "NUTRINUBE_FLUENTD_ADDR", global = true)]
    pub fluentd_addr: Option<String>,

    /// Fluentd tag of the log events
    #[arg(
        long,
        env = "NUTRINUBE_FLUENTD_TAG",
        default_value = "nutrinube.app",
        global = true
    )]
    pub fluentd_tag: String,

    /// Log events held for Fluentd before new ones are dropped
    #[arg(
        long,
        env = "NUTRINUBE_FLUENTD_BUFFER",
        default_value_t = 8192,
        global = true
    )]
    pub fluentd_buffer: usize,

    /// Log filter (tracing EnvFilter syntax), e.g. info or nutrinube=debug
    #[arg(long, env = "NUTRINUBE_LOG", default_value = "info", global = true)]
    pub log: String,
}

impl Config {
    /// The database URL, defaulting to a SQLite file under the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => format!(
                "sqlite://{}",
                self.data_dir.join("nutrinube.db").to_string_lossy()
            ),
        }
    }
}

/// Sets each variable `X` whose `X_FILE` names a file, from that file's
/// content (one trailing newline removed). Must run before any thread starts,
/// since it changes the process environment.
pub fn load_file_variables() -> anyhow::Result<()> {
    for name in VARIABLES {
        let file_var = format!("{name}_FILE");
        let Some(path) = std::env::var_os(&file_var) else {
            continue;
        };
        if std::env::var_os(name).is_some() {
            anyhow::bail!("both {name} and {file_var} are set: give one");
        }
        let value = std::fs::read_to_string(&path).map_err(|e| {
            anyhow::anyhow!(
                "reading {file_var} ({}): {e}",
                PathBuf::from(&path).display()
            )
        })?;
        let value = value.strip_suffix('\n').unwrap_or(&value);
        let value = value.strip_suffix('\r').unwrap_or(value);
        // SAFETY: called from `main` before the runtime or any thread exists.
        unsafe { std::env::set_var(name, value) };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_a_sqlite_file_under_data() {
        let cli = Cli::try_parse_from(["nutrinube"]).unwrap();
        assert_eq!(cli.command, None);
        assert_eq!(cli.config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(cli.config.database_url(), "sqlite://./data/nutrinube.db");
    }

    #[test]
    fn every_variable_is_a_flag_with_its_env_name() {
        let help = <Cli as clap::CommandFactory>::command()
            .render_long_help()
            .to_string();
        for name in VARIABLES {
            assert!(help.contains(name), "{name} missing from --help");
        }
        assert!(help.contains("_FILE"));
    }

    #[test]
    fn cookie_secure_takes_a_value() {
        let cli = Cli::try_parse_from(["nutrinube", "--cookie-secure", "true", "migrate"]).unwrap();
        assert!(cli.config.cookie_secure);
        assert_eq!(cli.command, Some(Command::Migrate));
    }
}
