#!/usr/bin/env bash
# The cluster test (see cluster_test.py and ../../../shared/spec/cluster.md):
# prepares the offline base-image stand-ins, builds the images, runs the
# cluster on this machine's Docker engine and tears it down.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec python3 -u tests/cluster/cluster_test.py "$@"
