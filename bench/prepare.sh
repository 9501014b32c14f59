#!/usr/bin/env bash
# What the load benchmark and the soak run need before they start: wrk
# (Debian's, installed when missing and we are root) and the release binary.
#   bash bench/prepare.sh NAME      (NAME labels the log lines)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=${1:-bench}
log() { printf '[%s] %s: %s\n' "$(date +%H:%M:%S)" "$name" "$*" >&2; }

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
