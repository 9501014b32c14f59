#!/usr/bin/env bash
# Checks the monitoring profile's Prometheus files (a stage of .ci/run):
#   bash scripts/check-monitoring.sh
#
# 1. promtool: the one on PATH, else Debian's `prometheus` package unpacked
#    (apt-get download + dpkg-deb -x, no daemon installed or started) into
#    $NUTRINUBE_MONITORING_HOME (default ~/.cache/nutrinube-monitoring);
# 2. promtool check config deploy/prometheus/prometheus.yml (and its rules),
#    promtool check rules, promtool test rules (alerts.test.yml);
# 3. every alert has a unit test where it fires and one where it stays quiet;
# 4. each alert broken on purpose (a threshold, an operator, a `for`) must make
#    `promtool test rules` fail: a test that passes a broken rule fails here;
# 5. every metric named in an alert, and in a Grafana dashboard under
#    deploy/grafana/ (whose JSON must parse), is one the app exports.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
T0=$SECONDS
DIR=deploy/prometheus

say() { printf '[monitoring %3ss] %s\n' "$((SECONDS - T0))" "$*"; }
die() { say "FAILED: $*" >&2; exit 1; }

# --- 1. promtool ----------------------------------------------------------------

if command -v promtool >/dev/null; then
    PROMTOOL=$(command -v promtool)
else
    HOME_DIR=${NUTRINUBE_MONITORING_HOME:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/nutrinube-monitoring}
    PROMTOOL=$(find "$HOME_DIR" -path '*/usr/bin/promtool' -type f 2>/dev/null | sort | tail -n 1 || true)
    if [ -z "$PROMTOOL" ]; then
        command -v apt-get >/dev/null || die "no promtool and no apt-get to fetch Debian's prometheus package"
        say "promtool: unpacking Debian's prometheus package into $HOME_DIR"
        apt-get update -qq
        work=$(mktemp -d)
        chmod 755 "$work"   # apt downloads as _apt where it can
        (cd "$work" && apt-get download -qq prometheus)
        deb=$(ls "$work"/prometheus_*.deb)
        version=$(dpkg-deb -f "$deb" Version)
        # Unpacked beside, then renamed: an interrupted run leaves no half promtool.
        mkdir -p "$HOME_DIR"
        dpkg-deb -x "$deb" "$work/x"
        rm -rf "$HOME_DIR/prometheus-$version"
        mv "$work/x" "$HOME_DIR/prometheus-$version"
        rm -rf "$work"
        PROMTOOL=$HOME_DIR/prometheus-$version/usr/bin/promtool
    fi
fi
[ -x "$PROMTOOL" ] || die "promtool not found"
say "promtool: $PROMTOOL, $("$PROMTOOL" --version 2>&1 | head -n 1)"

PY=python3
if ! "$PY" -c 'import yaml' 2>/dev/null; then
    say "no PyYAML: installing Debian's python3-yaml"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
fi

# --- 2. the real files --------------------------------------------------------------

run_ok() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        say "ok        $name"
    else
        printf '%s\n' "$out" | tail -n 40 >&2
        die "$name"
    fi
}
run_ok "promtool check config $DIR/prometheus.yml" "$PROMTOOL" check config "$DIR/prometheus.yml"
run_ok "promtool check rules $DIR/alerts.yml" "$PROMTOOL" check rules "$DIR/alerts.yml"
run_ok "promtool test rules $DIR/alerts.test.yml" "$PROMTOOL" test rules "$DIR/alerts.test.yml"

# --- 3. a firing and a quiet case per alert -------------------------------------------

run_ok "every alert has a firing and a quiet unit test" "$PY" - "$DIR/alerts.yml" "$DIR/alerts.test.yml" <<'PY'
import sys, yaml
rules = yaml.safe_load(open(sys.argv[1]))
tests = yaml.safe_load(open(sys.argv[2]))
alerts = [r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r]
fires, quiet = set(), set()
for t in tests["tests"]:
    for case in t.get("alert_rule_test", []):
        (fires if case.get("exp_alerts") else quiet).add(case["alertname"])
missing = [f"{a} ({'fires' if a not in fires else 'quiet'})" for a in alerts
           for ok in (a in fires, a in quiet) if not ok]
unknown = sorted((fires | quiet) - set(alerts))
if missing or unknown:
    sys.exit(f"no unit test for: {missing}; tests of alerts that do not exist: {unknown}")
print(f"{len(alerts)} alerts: {', '.join(alerts)}")
PY

# --- 4. broken rules: the unit tests must catch each --------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nutrinube-monitoring.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$DIR/alerts.test.yml" "$WORK/"
CAUGHT=0
# must_fail ALERT WHAT SED-SCRIPT: alerts.yml with one defect in ALERT; the
# defect must change the file, the file must still be valid rules, and the
# unit tests must fail, on ALERT.
must_fail() {
    local alert=$1 name="$1: $2" out
    sed -e "$3" "$DIR/alerts.yml" > "$WORK/alerts.yml"
    if cmp -s "$DIR/alerts.yml" "$WORK/alerts.yml"; then
        die "the defect '$3' does not apply to $DIR/alerts.yml any more: update scripts/check-monitoring.sh"
    fi
    "$PROMTOOL" check rules "$WORK/alerts.yml" >/dev/null 2>&1 || die "the broken copy ($name) is not valid rules: the defect tests nothing"
    if out=$("$PROMTOOL" test rules "$WORK/alerts.test.yml" 2>&1); then
        die "broken rule PASSED its unit tests: $name"
    fi
    if ! grep -q "alertname: $alert," <<<"$out"; then
        printf '%s\n' "$out" | tail -n 20 >&2
        die "broken rule failed the unit tests, but not on $alert: $name"
    fi
    CAUGHT=$((CAUGHT + 1))
    say "caught    $name ($(grep -m1 -o "alertname: $alert, time: [0-9a-z]*" <<<"$out"))"
}
must_fail NutriNubeDown "counts replicas that answer 0 as up" 's/absent(up{job="nutrinube"} == 1)/absent(up{job="nutrinube"})/'
must_fail NutriNubeInstanceDown "on the wrong value" 's/expr: up{job="nutrinube"} == 0/expr: up{job="nutrinube"} == 2/'
must_fail NutriNubeHighErrorRate "at 5 % instead of 1 %" 's/> 0\.01$/> 0.05/'
must_fail NutriNubeHighLatency "on p95 instead of p99" 's/histogram_quantile(0\.99,/histogram_quantile(0.95,/'
must_fail NutriNubeLogEventsDropped "only above 10" 's/\[5m\]) > 0$/[5m]) > 10/'
must_fail NutriNubeDatabasePoolExhausted "only above the maximum" 's/>= nutrinube_db_pool_max_connections/> nutrinube_db_pool_max_connections/'
must_fail NutriNubeNotReady "without its 2 minutes" '/alert: NutriNubeNotReady/,/for:/{/for:/d}'

# --- 5. metric names ---------------------------------------------------------------------
# A misspelt metric passes promtool and the unit tests (their input series
# would carry the same name) and never fires: every metric in an alert's
# expression, and in a Grafana dashboard's (deploy/grafana/*.json, which must
# parse), must be one the app or Prometheus exports.

mapfile -t DASHBOARDS < <(find deploy/grafana -name '*.json' 2>/dev/null | sort)
run_ok "every metric in alerts.yml and ${#DASHBOARDS[@]} Grafana dashboard(s) is exported" \
    "$PY" - "$DIR/alerts.yml" "${DASHBOARDS[@]}" <<'PY'
import glob, json, re, sys, yaml
# The names the app registers (string literals in src/telemetry/, src/http/,
# src/auth.rs), a histogram's series, and the scrape's own `up`.
src = "".join(open(f).read() for f in glob.glob("src/telemetry/**/*.rs", recursive=True)
              + glob.glob("src/http/*.rs") + ["src/auth.rs"])
known = set(re.findall(r'"(nutrinube_[a-z_]+)"', src))
known |= {f"{m}{s}" for m in list(known) for s in ("_bucket", "_sum", "_count")}
known |= {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
words = {"sum", "rate", "irate", "increase", "histogram_quantile", "by", "without", "on", "ignoring",
         "group_left", "group_right", "max", "min", "avg", "count", "topk", "or", "and", "unless", "bool",
         "absent", "clamp_min", "max_over_time", "min_over_time", "offset",
         "le", "job", "instance", "route", "status", "method", "state", "version"}

def exprs_of(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "expr" and isinstance(v, str):
                yield v
            else:
                yield from exprs_of(v)
    elif isinstance(o, list):
        for v in o:
            yield from exprs_of(v)

errors, counted = [], []
sources = [(sys.argv[1], yaml.safe_load(open(sys.argv[1])))]
for path in sys.argv[2:]:
    try:
        sources.append((path, json.load(open(path))))
    except ValueError as e:
        errors.append(f"{path}: not JSON: {e}")
for path, doc in sources:
    exprs = list(exprs_of(doc))
    if not exprs:
        errors.append(f"{path}: no expression")
    counted.append(f"{path} {len(exprs)}")
    for e in exprs:
        bare = re.sub(r'\{[^}]*\}|\[[^\]]*\]|"[^"]*"', " ", e)
        for name in re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", bare):
            if name not in words and name not in known:
                errors.append(f"{path}: {name!r} in {e.strip()!r} is no metric the app exports")
if errors:
    sys.exit("\n".join(errors))
print("expressions: " + ", ".join(counted))
PY

say "monitoring files valid; $CAUGHT broken rules caught by the unit tests; $((SECONDS - T0)) s"
