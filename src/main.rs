use std::process::ExitCode;

use nutrinube::config::{self, CatalogueCommand, CatalogueDataset, Cli, Command};
use nutrinube::startup::{self, Application};
use nutrinube::store::Store;

fn main() -> ExitCode {
    let cli = match config::parse_cli() {
        Ok(cli) => cli,
        Err(e) => match e.downcast::<clap::Error>() {
            // What `Cli::parse` would do: print (help and version to stdout) and exit.
            Ok(e) => e.exit(),
            // A `_FILE` variable.
            Err(e) => {
                eprintln!("nutrinube: {e:#}");
                return ExitCode::from(2);
            }
        },
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nutrinube: starting the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "exiting");
            eprintln!("nutrinube: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Healthcheck => nutrinube::healthcheck::check(config.listen).await,
        Command::Migrate => {
            nutrinube::telemetry::init_logging(&config)?;
            let store = Store::connect_lazy(&config.database_url(), 2)?;
            startup::prepare_once(&store).await?;
            store.close().await;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::ImportLegacy { from, dry_run } => {
            nutrinube::telemetry::init_logging(&config)?;
            let store = Store::connect_lazy(&config.database_url(), 2)?;
            startup::prepare_once(&store).await?;
            let data = nutrinube::store::legacy::read_legacy(&from).await?;
            let report = nutrinube::app::legacy::import_legacy(&store, &data, dry_run).await;
            store.close().await;
            println!("{}", report?);
            Ok(())
        }
        Command::Catalogue(CatalogueCommand::Load { dataset, path }) => {
            nutrinube::telemetry::init_logging(&config)?;
            let store = Store::connect_lazy(&config.database_url(), 2)?;
            startup::prepare_once(&store).await?;
            let report = match dataset {
                CatalogueDataset::FdcBranded => {
                    nutrinube::app::branded::load_fdc_branded(&store, &path).await
                }
            };
            store.close().await;
            println!("{}", report?);
            Ok(())
        }
        Command::Serve => {
            let fluentd = nutrinube::telemetry::init_logging(&config)?;
            let metrics = startup::set_up_process();
            let app = Application::build(config, metrics, fluentd.clone()).await?;
            let result = app.run_until(startup::shutdown_signal()).await;
            if let Some(fluentd) = fluentd {
                fluentd.flush(std::time::Duration::from_secs(2));
            }
            result
        }
    }
}
