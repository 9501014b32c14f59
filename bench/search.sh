#!/usr/bin/env bash
# Catalogue search latency, p50 and p99, on SQLite and PostgreSQL, over the full
# bundled catalogue, with a by-id read measured in the same run as reference.
#   bash bench/search.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec bash scripts/with-postgres.sh cargo bench --locked --bench catalogue_search
