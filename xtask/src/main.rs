//! `cargo run -p xtask -- <task>`: maintenance tasks of NutriNube that are not
//! part of the application (data converters).

// The one definition of the format, shared with the app that reads it; only
// its writer half is used here.
#[path = "../../src/domain/food_catalogue/tsv.rs"]
#[allow(dead_code)]
mod foods_tsv;
mod usda_sr24;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "NutriNube maintenance tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Convert USDA SR24 (Debian's `cronometer` usda_sr24.jar) into
    /// data/usda-sr24/foods.tsv.
    #[command(name = "usda-sr24")]
    UsdaSr24(UsdaSr24Args),
}

#[derive(Args)]
struct UsdaSr24Args {
    /// The jar to convert (the package installs it as
    /// /usr/share/cronometer/usda_sr24.jar).
    #[arg(long, required_unless_present = "fetch", conflicts_with = "fetch")]
    jar: Option<PathBuf>,
    /// Get the jar with `apt-get download cronometer=0.9.9+dfsg1-1` and
    /// `dpkg-deb -x` into a temporary directory.
    #[arg(long)]
    fetch: bool,
    /// Where to write the TSV.
    #[arg(long, default_value_os_t = default_out())]
    out: PathBuf,
}

fn default_out() -> PathBuf {
    workspace_root().join("data/usda-sr24/foods.tsv")
}

/// The repository's root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::UsdaSr24(args) => usda_sr24_task(&args),
    }
}

fn usda_sr24_task(args: &UsdaSr24Args) -> Result<()> {
    let conversion = match &args.jar {
        Some(jar) => usda_sr24::convert_jar(jar)?,
        None => usda_sr24::fetch_and_convert()?,
    };
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&args.out, conversion.tsv.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let s = &conversion.stats;
    println!(
        "wrote {}: {} foods, {} measures ({} foods without one, {} exact duplicate measures dropped)",
        args.out.display(),
        s.foods,
        s.measures,
        s.foods_without_measures,
        s.duplicate_measures
    );
    println!(
        "unknown (empty): fibre {}, sugars {}, saturated fat {}, sodium {}",
        s.unknown_fibre, s.unknown_sugars, s.unknown_saturated_fat, s.unknown_sodium
    );
    for (id, name) in &s.placeholders {
        println!("left out {id} {name:?}: no energy, protein, fat or carbohydrate");
    }
    Ok(())
}
