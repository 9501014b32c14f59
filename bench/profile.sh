#!/usr/bin/env bash
# Profiles the load benchmark's scenarios with perf: builds the release binary
# with symbols (cargo profile `profiling`), runs bench/load.py with it and
# records the whole machine (server, PostgreSQL, wrk, kernel) during each
# measured run named in BENCH_PROFILE; the summaries (CPU by process, hottest
# symbols of the server and of PostgreSQL) go to
# bench/results/profile/perf-<backend>-<scenario>.txt.
#   bash bench/profile.sh
#   BENCH_PROFILE=summary_daily BENCH_BACKENDS=postgres bash bench/profile.sh
# Needs perf (Debian: linux-perf; installed when missing and root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[%s] profile.sh: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

need_package() {
    local tool=$1 package=$2
    command -v "$tool" >/dev/null && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian package '$package'"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends "$package" >/dev/null </dev/null
    else
        log "ERROR: $tool is missing: sudo apt-get install $package"
        exit 1
    fi
}
need_package wrk wrk
need_package perf linux-perf

log "building the release binary with symbols (profile 'profiling')"
cargo build --profile profiling --locked --bin nutrinube

export NUTRINUBE_BIN="${CARGO_TARGET_DIR:-target}/profiling/nutrinube"
export BENCH_PROFILE="${BENCH_PROFILE:-summary_daily,food_entry_post,search,summary_range,diary}"
export BENCH_OUT="${BENCH_OUT:-bench/results/profile}"
export BENCH_BACKENDS="${BENCH_BACKENDS:-postgres}"
case " $BENCH_BACKENDS " in
*" postgres "*) exec bash scripts/with-postgres.sh python3 bench/load.py ;;
*) exec python3 bench/load.py ;;
esac
