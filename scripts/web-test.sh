#!/usr/bin/env bash
# The web pages' tests, including the journey in Debian's headless Chromium:
#   bash scripts/web-test.sh [extra cargo test args]
# Installs `chromium` and `chromium-driver` with apt-get when missing (as
# root), then runs `cargo test --test web -- --include-ignored`. Screenshots
# land in tests/web/screenshots/{desktop,phone}/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        t0=$SECONDS
        if ! apt-cache show chromium-driver >/dev/null 2>&1; then
            apt-get update -qq
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            chromium chromium-driver >/dev/null
        echo "installed chromium and chromium-driver in $((SECONDS - t0))s"
    else
        echo "chromium / chromedriver missing and not root: install Debian's chromium chromium-driver" >&2
    fi
fi
command -v chromium >/dev/null && chromium --version || true

exec cargo test --locked --test web "$@" -- --include-ignored
