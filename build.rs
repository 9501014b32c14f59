//! Build steps: migrations and the compressed food catalogue.

use std::io::Write;
use std::path::PathBuf;

/// The catalogue the binary bundles, and what `src/domain/food_catalogue.rs`
/// includes: the file deflated (raw DEFLATE, no header).
const CATALOGUE: &str = "data/usda-sr28/foods.tsv";
const COMPRESSED: &str = "usda-sr28-foods.tsv.deflate";

fn main() {
    // sqlx::migrate! embeds the migration files at compile time; without this a
    // new migration file would not trigger a rebuild (sqlx's documented advice).
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed={CATALOGUE}");

    // Compressed, the 1.9 MB file costs the binary about 0.6 MB, which keeps
    // the image under its size limit; it is inflated once, at start-up.
    let tsv = std::fs::read(CATALOGUE).unwrap_or_else(|e| panic!("reading {CATALOGUE}: {e}"));
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&tsv).expect("compressing in memory");
    let compressed = encoder.finish().expect("compressing in memory");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    std::fs::write(out.join(COMPRESSED), compressed)
        .unwrap_or_else(|e| panic!("writing {COMPRESSED} into OUT_DIR: {e}"));
}
