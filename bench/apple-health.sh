#!/usr/bin/env bash
# Peak memory of the server importing a synthetic Apple Health export.zip of
# two sizes (100 MB and 1 GB of export.xml): see bench/apple_health.py.
#   bash bench/apple-health.sh      (APPLE_SMALL_MB / APPLE_LARGE_MB to change the sizes)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --locked --bin nutrinube
exec python3 bench/apple_health.py
