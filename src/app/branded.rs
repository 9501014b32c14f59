//! Loading the optional branded foods (`domain::fdc_branded`) from a file:
//! `nutrinube catalogue load fdc-branded PATH`.

use std::fmt;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::domain::fdc_branded::{self, Skipped};
use crate::store::{BrandedLoad, Store};

/// What a load did, printed by the command.
#[derive(Debug)]
pub struct BrandedReport {
    /// `fdc-branded-` and the file's SHA-256 (its first 16 hex digits).
    pub release: String,
    pub rows: usize,
    /// Items the file holds (rows differing only in their portion are one).
    pub items: usize,
    pub skipped: Skipped,
    pub load: BrandedLoad,
    pub seconds: f64,
}

impl fmt::Display for BrandedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.skipped;
        if self.load.loaded {
            writeln!(
                f,
                "loaded {}: {} items from {} rows ({} new, {} updated) in {:.1} s",
                self.release,
                self.items,
                self.rows,
                self.load.inserted,
                self.load.updated,
                self.seconds
            )?;
        } else {
            return write!(
                f,
                "{} is already loaded: nothing changed ({:.1} s)\nbranded foods in the catalogue: {}",
                self.release, self.seconds, self.load.total
            );
        }
        writeln!(
            f,
            "rows skipped: {} not branded_food, {} without a name, energy or macro, {} with impossible values",
            s.not_branded, s.incomplete, s.impossible
        )?;
        write!(f, "branded foods in the catalogue: {}", self.load.total)
    }
}

/// Reads the file, checks all of it, then loads it in one transaction:
/// a file refused (the error names the line and column) changes nothing,
/// and a file already loaded is recognised by its checksum and skipped.
pub async fn load_fdc_branded(store: &Store, path: &Path) -> anyhow::Result<BrandedReport> {
    let started = Instant::now();
    let bytes = tokio::fs::read(path)
        .await
        .with_context(|| format!("reading {}", path.display()))?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let release = format!("{}{hex}", fdc_branded::RELEASE_PREFIX);
    // A second load of the same file: no parsing at all.
    if store.catalogue_release_loaded(&release).await? {
        return Ok(BrandedReport {
            release,
            rows: 0,
            items: 0,
            skipped: Skipped::default(),
            load: BrandedLoad {
                loaded: false,
                inserted: 0,
                updated: 0,
                total: store.branded_food_count().await?,
            },
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    let dataset = tokio::task::spawn_blocking(move || fdc_branded::parse(&bytes))
        .await?
        .with_context(|| {
            format!(
                "{} is not a FoodData Central branded foods file",
                path.display()
            )
        })?;
    tracing::info!(
        rows = dataset.rows,
        items = dataset.foods.len(),
        seconds = started.elapsed().as_secs_f64(),
        "branded foods read"
    );
    let load = store
        .load_branded_foods(&release, &dataset.foods)
        .await
        .context("loading the branded foods (nothing was changed)")?;
    Ok(BrandedReport {
        release,
        rows: dataset.rows,
        items: dataset.foods.len(),
        skipped: dataset.skipped,
        load,
        seconds: started.elapsed().as_secs_f64(),
    })
}
