#!/usr/bin/env bash
# The test command of the project:   bash scripts/test.sh [extra cargo test args]
#
# Runs `cargo test --locked --all-targets "$@"` beside a throwaway PostgreSQL
# (scripts/with-postgres.sh: installed from Debian when missing, removed after),
# so every API test runs on SQLite and on PostgreSQL. `--all-targets` is left
# out when "$@" selects targets (e.g. `--test api`): cargo would otherwise run
# every test binary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TARGETS=(--all-targets)
for arg in "$@"; do
    case $arg in
        --) break ;;
        --lib | --bin | --bin=* | --bins | --test | --test=* | --tests | --example | --example=* | \
            --examples | --bench | --bench=* | --benches | --doc | --all-targets) TARGETS=() ;;
    esac
done

exec bash scripts/with-postgres.sh cargo test --locked "${TARGETS[@]}" "$@"
