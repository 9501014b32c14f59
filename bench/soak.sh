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

bash bench/prepare.sh soak.sh

if [ "${SOAK_BACKEND:-postgres}" = postgres ]; then
    exec bash scripts/with-postgres.sh python3 bench/soak.py
fi
exec python3 bench/soak.py
