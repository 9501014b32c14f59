#!/usr/bin/env bash
# The measurement behind NutriNube's SQLite large reads on rusqlite (README,
# Benchmarks): one query of 367 rows of 68 columns through sqlx's SQLite
# driver and through rusqlite, one thread, the same file. ~2 minutes to build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/sqlite-driver"
cargo run --release --quiet
