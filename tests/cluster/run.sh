#!/usr/bin/env bash
# The cluster test (see cluster_test.py and ../../../shared/spec/cluster.md):
# prepares the offline base-image stand-ins, builds the images, runs the
# cluster on this machine's Docker engine and tears it down. Then the
# high-availability test (ha_test.py: the `ha` profile, the primary killed
# under load), which reuses the app image the first one built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
python3 -u tests/cluster/cluster_test.py "$@"
python3 -u tests/cluster/ha_test.py
