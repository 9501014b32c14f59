#!/usr/bin/env bash
# Soak run (not in CI): builds the release binary, starts it on a fresh
# PostgreSQL (SOAK_BACKEND=sqlite for SQLite), seeds the benchmark account and
# drives 10 minutes of mixed traffic with wrk in one-minute slices; reports p99
# and resident memory per minute and whether they stay flat (first vs last
# minute). Results: bench/results/soak.json and soak.md.
#   bash bench/soak.sh
#   SOAK_MINUTES=2 bash bench/soak.sh        # a short check
# Knobs at the top of bench/soak.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[%s] soak.sh: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian package 'wrk'"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends wrk >/dev/null </dev/null
    else
        log "ERROR: wrk is missing: sudo apt-get install wrk"
        exit 1
    fi
fi

log "building the release binary"
cargo build --release --locked --bin nutrinube

if [ "${SOAK_BACKEND:-postgres}" = postgres ]; then
    exec bash scripts/with-postgres.sh python3 bench/soak.py
fi
exec python3 bench/soak.py
