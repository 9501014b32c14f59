#!/usr/bin/env bash
# API fuzzing:   bash scripts/fuzz-api.sh          (the `fuzz-api` stage of .ci/run)
#
# Runs Schemathesis (from PyPI, pinned below) against a freshly started
# `nutrinube serve` and the OpenAPI document that server itself serves at
# /api/v1/openapi.json, authenticated, with the checks
#   not_a_server_error, status_code_conformance, response_schema_conformance,
#   content_type_conformance, response_headers_conformance,
#   unsupported_method (a method the path lacks answers 405 with `Allow`),
#   ignored_auth (an operation that declares security refuses a request
#   without the credentials)
# over every operation of the document, first on SQLite, then on PostgreSQL
# (scripts/with-postgres.sh). It fails on any failure, and when fewer than
# FUZZ_MIN_CASES (2000) cases were generated for the described operations of a
# backend, or when an operation that takes parameters or a body got fewer than
# FUZZ_MIN_CASES_PER_OP (10) (one without has one request to make).
#
# Two Schemathesis runs per backend, each on its own account, so that no
# generated request can take away the credentials the rest of a run uses:
#   main       every operation but the three below, with `Authorization:
#              Bearer <API token>` of account A. POST /auth/logout is here: with
#              a token (no session cookie) it ends no session, so it cannot
#              log the run out.
#   account    DELETE /tokens/{id}, DELETE /me and PUT /me/password, with the
#              session cookie of a disposable account B: deleting a token (any
#              id, B's own tokens included) cannot end a cookie session, and the
#              other two need B's password, which the generator cannot know
#              (a password change would keep this session anyway).
# Before each run the script seeds the account (entries, foods, weights,
# tokens, a full profile) so that GET/PATCH/DELETE by id have something to hit.
#
# Knobs (environment):
#   FUZZ_MAX_EXAMPLES   Schemathesis --max-examples per operation (default 100)
#   FUZZ_SEED           the seed (default: a fixed one, so CI is repeatable;
#                       `random` for a new one each time)
#   FUZZ_BACKENDS       "sqlite postgres" (default) or one of them
#   FUZZ_TIMEOUT        seconds one Schemathesis run may take (default 240)
#   FUZZ_VENV           where the Schemathesis venv lives (default: under
#                       ~/.cache, reused while the pinned versions match)
#   FUZZ_KEEP=1         keep the temp dir of reports and logs even on success
#   CARGO_TARGET_DIR    as for cargo
# Reports (JUnit, NDJSON) and server logs go to a temp dir that is printed and
# kept when a run fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

SCHEMATHESIS_VERSION=4.32.5
# Schemathesis and everything it pulls in, pinned (pip freeze of a working
# install with Python 3.11).
REQUIREMENTS="schemathesis==$SCHEMATHESIS_VERSION
anyio==4.16.0
certifi==2026.10.19.post1
charset-normalizer==3.5.3
click==8.5.1
graphql-core==3.3.2
harfile==0.6.0
hypothesis==6.170.17
hypothesis-graphql==0.13.5
idna==3.20
iniconfig==2.3.1
jsonschema_rs==0.60.3
markdown-it-py==4.3.0
MarkupSafe==3.0.4
mdurl==0.1.2
packaging==26.4
pluggy==1.7.0
Pygments==2.21.0
pyrate-limiter==4.5.1
pytest==9.2.0
PyYAML==6.0.4
requests==2.34.2
rich==15.0.0
sortedcontainers==2.4.0
typing_extensions==4.16.0
urllib3==2.8.0
Werkzeug==3.1.9"

MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-100}
SEED=${FUZZ_SEED:-20261126}
BACKENDS=${FUZZ_BACKENDS:-sqlite postgres}
RUN_TIMEOUT=${FUZZ_TIMEOUT:-240}
MIN_CASES=${FUZZ_MIN_CASES:-2000}
MIN_CASES_PER_OP=${FUZZ_MIN_CASES_PER_OP:-10}
CHECKS=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,response_headers_conformance,unsupported_method,ignored_auth
# Operations of the `account` run (see above); every other one is in `main`.
ACCOUNT_OPS=(delete_token delete_me change_password)

log() { printf '[%s] fuzz-api: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}

# --- 1. Schemathesis, in a venv of its own ------------------------------------

VENV=${FUZZ_VENV:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/nutrinube/schemathesis-$SCHEMATHESIS_VERSION}
PY="$VENV/bin/python"

venv_ok() {
    [ -x "$PY" ] && [ -f "$VENV/requirements.txt" ] &&
        [ "$(cat "$VENV/requirements.txt")" = "$REQUIREMENTS" ] &&
        "$VENV/bin/schemathesis" --version >/dev/null 2>&1
}

if ! venv_ok; then
    log "installing Schemathesis $SCHEMATHESIS_VERSION into $VENV"
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        # Debian's python3 lacks ensurepip until python3-venv is installed.
        rm -rf "$VENV"
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "python3 -m venv failed: installing Debian's python3-venv"
            apt-get update -q >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                "python3.$(python3 -c 'import sys; print(sys.version_info.minor)')-venv" >/dev/null </dev/null ||
                DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                    python3-venv >/dev/null </dev/null
            python3 -m venv "$VENV" || die "cannot create a venv at $VENV"
        else
            die "python3 -m venv failed; install python3-venv"
        fi
    fi
    printf '%s\n' "$REQUIREMENTS" >"$VENV/requirements.in"
    "$PY" -m pip install -q --disable-pip-version-check --no-input -r "$VENV/requirements.in" ||
        die "pip install of Schemathesis failed"
    printf '%s\n' "$REQUIREMENTS" >"$VENV/requirements.txt"
fi
log "$("$VENV/bin/schemathesis" --version)"
if [ "$SEED" = random ]; then
    SEED=$("$PY" -c 'import random; print(random.getrandbits(64))')
fi

# --- 2. the server binary -------------------------------------------------------

log "cargo build --locked --bin nutrinube"
cargo build --locked --bin nutrinube
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/nutrinube"
[ -x "$BIN" ] || die "no binary at $BIN"

# --- 3. temp dir, server start and stop ----------------------------------------

# (The PostgreSQL pass, run inside scripts/with-postgres.sh, puts its dir in
# ours: with-postgres.sh removes its own temp dir, TMPDIR, on exit.)
WORK=$(mktemp -d "${FUZZ_WORK_PARENT:-${TMPDIR:-/tmp}}/nutrinube-fuzz.XXXXXX")
# One line per backend, "BACKEND CASES OPERATIONS", for the closing total
# (the PostgreSQL pass writes into the file of the pass that started it).
TOTALS=${FUZZ_TOTALS_FILE:-$WORK/totals}
SERVER_PID=""
KEEP_WORK=${FUZZ_KEEP:-0}

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        local deadline=$((SECONDS + 15))
        while kill -0 "$SERVER_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM HUP
    stop_server
    if [ "$rc" -ne 0 ] || [ "$KEEP_WORK" = 1 ]; then
        log "reports and server logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
trap 'exit 129' HUP

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server NAME [DATABASE_URL]: a fresh server; sets BASE and SERVER_PID.
start_server() {
    local name=$1 db=${2:-} port
    port=$(free_port)
    BASE="http://127.0.0.1:$port"
    mkdir -p "$WORK/$name/data"
    log "$name: starting nutrinube on $BASE ($([ -n "$db" ] && echo PostgreSQL || echo SQLite))"
    (
        unset DATABASE_URL DATABASE_URL_FILE NUTRINUBE_FLUENTD_ADDR NUTRINUBE_FLUENTD_ADDR_FILE
        [ -n "$db" ] && export DATABASE_URL="$db"
        export NUTRINUBE_LISTEN="127.0.0.1:$port" NUTRINUBE_DATA_DIR="$WORK/$name/data" \
            NUTRINUBE_TRUST_FORWARDED_FOR=false NUTRINUBE_LOG=info
        exec "$BIN" serve
    ) >"$WORK/$name/server.log" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + 120))
    until "$PY" - "$BASE/health/ready" <<'EOF' 2>/dev/null; do
import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
EOF
        kill -0 "$SERVER_PID" 2>/dev/null || {
            tail -n 30 "$WORK/$name/server.log" >&2
            die "$name: the server exited (log above)"
        }
        if [ "$SECONDS" -ge "$deadline" ]; then
            tail -n 30 "$WORK/$name/server.log" >&2
            die "$name: the server was not ready after 120 s"
        fi
        sleep 0.3
    done
    log "$name: ready"
}

# --- 4. accounts, credentials and seed data, through the API --------------------

# seed BASE USERNAME KIND: registers USERNAME, logs in, seeds its data and
# prints the header a run authenticates with (KIND token: a new API token as
# `Authorization: Bearer`; KIND cookie: the session cookie).
seed() {
    "$PY" - "$@" <<'EOF'
import sys
import requests

base, username, kind = sys.argv[1], sys.argv[2], sys.argv[3]
api = base + "/api/v1"
password = "fuzz-" + username + "-password"
s = requests.Session()


def call(method, path, expect, **kw):
    r = s.request(method, api + path, timeout=30, **kw)
    if r.status_code != expect:
        sys.exit(f"seed: {method} {path} answered {r.status_code}, not {expect}: {r.text}")
    return r.json() if r.content else None


creds = {"username": username, "password": password}
call("POST", "/auth/register", 201, json=creds)
call("POST", "/auth/login", 200, json=creds)
tokens = [call("POST", "/tokens", 201, json={"name": f"{kind} {i}", "password": password}) for i in range(4)]
if kind == "token":
    food = call("GET", "/foods?q=apple&limit=3", 200)["items"]
    custom = [
        call("POST", "/foods", 201, json={
            "name": f"Custom food {i}", "brand": "Fuzz", "calories": 100 + i, "protein_g": 5,
            "fat_g": 3, "carbs_g": 12, "fibre_g": 1, "sodium_mg": 40,
            "servings": [{"label": "1 bowl", "grams": 60}],
        })
        for i in range(3)
    ]
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        call("PUT", f"/weights/{day}", 200, json={"weight_kg": 70.5})
        call("PUT", f"/measurements/{day}", 200, json={"waist_cm": 82.5, "body_fat_pct": 21})
        for meal in ("breakfast", "lunch", "dinner", "snack"):
            call("POST", "/food-entries", 201, json={
                "date": day, "meal": meal, "name": f"{meal} by hand", "calories": 420.5,
                "protein_g": 20, "fat_g": 10.2, "carbs_g": 50})
        call("POST", "/food-entries", 201, json={
            "date": day, "meal": "lunch", "food_id": custom[0]["id"], "quantity_g": 150})
        call("POST", "/food-entries", 201, json={
            "date": day, "food_id": custom[1]["id"], "serving": "1 bowl", "serving_count": 2})
        if food:
            call("POST", "/food-entries", 201, json={
                "date": day, "meal": "snack", "food_id": food[0]["id"], "quantity_g": 80})
        call("POST", "/activity-entries", 201, json={
            "date": day, "name": "Walk", "duration_min": 30, "kcal_burned": 120})
        call("POST", "/activity-entries", 201, json={
            "date": day, "activity_id": 1, "duration_min": 45})
    call("PUT", "/goals", 200, json={
        "calories": 2200, "protein_g": 140, "fat_g": 70, "carbs_g": 250})
    call("PUT", "/profile", 200, json={
        "sex": "female", "birth_date": "1990-04-15", "height_cm": 165, "weight_kg": 60,
        "activity_level": "moderate"})
    print(f"Authorization: Bearer {tokens[-1]['token']}")
else:
    print(f"Cookie: nutrinube_session={s.cookies['nutrinube_session']}")
EOF
}

# --- 5. the runs ----------------------------------------------------------------

# fuzz NAME AUTH_HEADER OPERATION-FILTER...: one Schemathesis run; its reports
# go to $WORK/$BACKEND/NAME.
fuzz() {
    local name=$1 auth=$2 dir="$WORK/$BACKEND/$1" rc=0
    shift 2
    mkdir -p "$dir"
    log "$BACKEND/$name: schemathesis run, --max-examples $MAX_EXAMPLES, seed $SEED"
    # Run in $dir: Schemathesis keeps its caches in the working directory.
    (cd "$dir" && timeout --kill-after=10 "$RUN_TIMEOUT" "$VENV/bin/schemathesis" run \
        "$BASE/api/v1/openapi.json" \
        --header "$auth" \
        --checks "$CHECKS" \
        --max-examples "$MAX_EXAMPLES" \
        --seed "$SEED" \
        --workers 1 \
        --request-timeout 20 \
        --generation-database none \
        --generation-with-security-parameters false \
        --no-color \
        --report junit,ndjson --report-dir "$dir" \
        --report-junit-path "$dir/junit.xml" --report-ndjson-path "$dir/events.ndjson" \
        "$@") >"$dir/output.txt" 2>&1 || rc=$?
    # The failures (when any) and the summary.
    if grep -q '=== FAILURES ===' "$dir/output.txt"; then
        sed -n '/=== FAILURES ===/,$p' "$dir/output.txt" >&2
    else
        sed -n '/=== SUMMARY ===/,$p' "$dir/output.txt" >&2
    fi
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        tail -n 40 "$dir/output.txt" >&2
        die "$BACKEND/$name: Schemathesis did not finish within $RUN_TIMEOUT s"
    fi
    [ "$rc" -eq 0 ] || {
        KEEP_WORK=1
        die "$BACKEND/$name: Schemathesis found failures (exit $rc); full output in $dir/output.txt"
    }
}

# tally: counts the cases each described operation got in this backend's runs
# (from the NDJSON event streams) and checks them against the minimums.
tally() {
    "$PY" - "$WORK/$BACKEND/spec.json" "$MIN_CASES" "$MIN_CASES_PER_OP" "$BACKEND" "$TOTALS" \
        "$WORK/$BACKEND"/*/events.ndjson <<'EOF'
import collections, json, sys

spec_path, min_cases, min_per_op, backend, totals, *streams = sys.argv[1:]
spec = json.load(open(spec_path))
described = {
    f"{method.upper()} {path}"
    for path, item in spec["paths"].items()
    for method in item
    if method in ("get", "put", "post", "delete", "patch")
}
with_input = {
    f"{method.upper()} {path}"
    for path, item in spec["paths"].items()
    for method, op in item.items()
    if op.get("parameters") or op.get("requestBody")
}
cases, other, failed = collections.Counter(), 0, 0
for stream in streams:
    for line in open(stream):
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        for case in recorder.get("cases", {}).values():
            op = f"{case['value']['method']} {case['value']['path']}"
            if op in described:
                cases[op] += 1
            else:
                other += 1  # a method the path does not have (405 expected)
        for checks in recorder.get("checks", {}).values():
            failed += sum(1 for c in checks if c["status"] == "failure")
total = sum(cases.values())
print(f"{backend}: {total} generated cases over {len(cases)} of {len(described)} described "
      f"operations (min {min(cases.values(), default=0)}, max {max(cases.values(), default=0)} "
      f"per operation), plus {other} with methods the paths do not have; {failed} failed checks")
problems = []
if failed:
    problems.append(f"{failed} failed checks")
if total < int(min_cases):
    problems.append(f"only {total} cases, fewer than {min_cases}")
for op in sorted(described):
    # An operation without parameters or body has one request to make.
    least = int(min_per_op) if op in with_input else 1
    if cases[op] < least:
        problems.append(f"{op}: only {cases[op]} cases (fewer than {least})")
if problems:
    sys.exit(f"{backend}: " + "; ".join(problems))
with open(totals, "a") as out:
    print(backend, total, len(cases), file=out)
EOF
}

# fuzz_backend NAME [DATABASE_URL]: a server on that database, both runs, tally.
fuzz_backend() {
    BACKEND=$1
    local t0=$SECONDS main_auth account_auth exclude=() include=() op
    start_server "$BACKEND" "${2:-}"
    "$PY" -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
        "$BASE/api/v1/openapi.json" >"$WORK/$BACKEND/spec.json"
    # The disposable account first, so that its tokens have the low ids that
    # generated ones hit most.
    account_auth=$(seed "$BASE" fuzz-disposable cookie)
    main_auth=$(seed "$BASE" fuzz-main token)
    for op in "${ACCOUNT_OPS[@]}"; do
        exclude+=(--exclude-operation-id "$op")
        include+=(--include-operation-id "$op")
    done
    fuzz main "$main_auth" "${exclude[@]}"
    fuzz account "$account_auth" "${include[@]}"
    stop_server
    if grep -q '"level":"ERROR"' "$WORK/$BACKEND/server.log"; then
        grep '"level":"ERROR"' "$WORK/$BACKEND/server.log" | head -n 20 >&2
        KEEP_WORK=1
        die "$BACKEND: the server logged errors (above)"
    fi
    tally
    log "$BACKEND: done in $((SECONDS - t0)) s"
}

T0=$SECONDS
for backend in $BACKENDS; do
    case $backend in
        sqlite) fuzz_backend sqlite ;;
        postgres)
            if [ -z "${TEST_DATABASE_URL:-}" ]; then
                # Again, beside a throwaway PostgreSQL (reusing the venv and binary).
                FUZZ_BACKENDS=postgres FUZZ_VENV="$VENV" FUZZ_SEED="$SEED" FUZZ_WORK_PARENT="$WORK" \
                    FUZZ_TOTALS_FILE="$TOTALS" \
                    bash scripts/with-postgres.sh bash "$ROOT/scripts/fuzz-api.sh"
            else
                fuzz_backend postgres "$TEST_DATABASE_URL"
            fi
            ;;
        *) die "unknown backend '$backend' in FUZZ_BACKENDS" ;;
    esac
done
if [ -z "${FUZZ_TOTALS_FILE:-}" ]; then
    read -r cases backends < <(awk '{ n += $2; b = b (b ? " and " : "") $1 } END { print n, b }' "$TOTALS")
    log "all runs passed: $cases generated cases over every described operation on $backends, 0 failures, in $((SECONDS - T0)) s"
else
    log "all runs passed in $((SECONDS - T0)) s"
fi
