#!/usr/bin/env bash
# Load benchmark: builds the release binary, then for PostgreSQL (a throwaway
# cluster, see scripts/with-postgres.sh) and SQLite starts the server on a fresh
# database, seeds a realistic account and drives each scenario with wrk at 16
# connections; prints requests/s, p50, p99, errors, the ratio to the
# /health/live ceiling, pgbench -S beside it, the server's peak memory and
# PASS/MISS per target. Results: bench/results/load.json and load.md.
#   bash bench/load.sh
#   BENCH_QUICK=1 bash bench/load.sh        # short runs, results to $TMPDIR
# More knobs (durations, backends, scenarios) at the top of bench/load.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[%s] load.sh: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

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

case " ${BENCH_BACKENDS:-postgres sqlite} " in
*" postgres "*) exec bash scripts/with-postgres.sh python3 bench/load.py ;;
*) exec python3 bench/load.py ;;
esac
