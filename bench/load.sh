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

bash bench/prepare.sh load.sh

case " ${BENCH_BACKENDS:-postgres sqlite} " in
*" postgres "*) exec bash scripts/with-postgres.sh python3 bench/load.py ;;
*) exec python3 bench/load.py ;;
esac
