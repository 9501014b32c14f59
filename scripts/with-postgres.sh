#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL:  bash scripts/with-postgres.sh CMD [ARGS…]
# (scripts/test.sh and the benchmarks use it).
#
# Starts a throwaway PostgreSQL cluster of its own (installing Debian's
# `postgresql` package first when the server binaries are missing and we are
# root), exports
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:<port>/postgres
#   PG_BIN_DIR=<bin dir of that server>    (for tests that run a private server)
#   NUTRINUBE_TEST_REQUIRE_POSTGRES=1
# runs the command and exits with its status.
# The cluster is stopped and its temp dir removed on every exit path.
#
# Knobs (environment): PG_BIN_DIR (use this bin dir), TEST_PG_PORT (first port
# to probe, default 55432), TMPDIR (where the temp dir goes, default /tmp).
#
# WITH_POSTGRES_URL=postgres://user:password@host:port/db: use that server
# (for example a CI service container) instead of starting one; it becomes
# TEST_DATABASE_URL, and the user must be allowed to create databases. The
# server binaries are still looked up (and installed as root if missing) for
# the tests that run a private server of their own.
set -euo pipefail

log() { printf '[%s] with-postgres: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1

# --- 1. PostgreSQL server binaries ------------------------------------------

has_server_bins() {
    local d=$1 b
    for b in initdb postgres pg_ctl pg_isready; do
        [ -x "$d/$b" ] || return 1
    done
}

find_pg_bin() {
    if [ -n "${PG_BIN_DIR:-}" ] && has_server_bins "$PG_BIN_DIR"; then
        printf '%s\n' "$PG_BIN_DIR"
        return 0
    fi
    local d
    # Newest major first (version sort on the directory name).
    while IFS= read -r d; do
        if has_server_bins "$d"; then
            printf '%s\n' "$d"
            return 0
        fi
    done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -rV)
    return 1
}

install_postgres() {
    command -v apt-get >/dev/null || die "PostgreSQL server binaries not found and apt-get is not available; install PostgreSQL or set PG_BIN_DIR"
    log "installing Debian package 'postgresql' (apt-get update + install)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # confdef/confold: never stop at a config-file question (no stdin in CI).
    # The package may create and start Debian's own cluster on 5432; we do not
    # use it and our port probe steps around it.
    apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        postgresql >/dev/null </dev/null
}

if [ -n "${PG_BIN_DIR:-}" ] && ! has_server_bins "$PG_BIN_DIR"; then
    log "PG_BIN_DIR=$PG_BIN_DIR has no initdb/postgres/pg_ctl/pg_isready; searching /usr/lib/postgresql"
fi
if ! PG_BIN=$(find_pg_bin); then
    if [ "$IS_ROOT" = 1 ]; then
        install_postgres
        PG_BIN=$(find_pg_bin) || die "installed 'postgresql' but found no server binaries under /usr/lib/postgresql/*/bin"
    else
        die "PostgreSQL server binaries not found (looked for PG_BIN_DIR and /usr/lib/postgresql/*/bin).
    Install them once as root:   sudo apt-get install -y postgresql
    or point PG_BIN_DIR at a directory holding initdb, postgres, pg_ctl and pg_isready."
    fi
fi
log "using $("$PG_BIN/postgres" --version) from $PG_BIN"

# --- 1b. an external server instead of our own ------------------------------

if [ -n "${WITH_POSTGRES_URL:-}" ]; then
    deadline=$((SECONDS + 60))
    until "$PG_BIN/pg_isready" -q -d "$WITH_POSTGRES_URL" -t 2; do
        [ "$SECONDS" -lt "$deadline" ] || die "WITH_POSTGRES_URL: the server is not ready after 60s"
        sleep 1
    done
    log "using the server at WITH_POSTGRES_URL (no throwaway cluster)"
    export TEST_DATABASE_URL="$WITH_POSTGRES_URL"
    export PG_BIN_DIR="$PG_BIN"
    export NUTRINUBE_TEST_REQUIRE_POSTGRES=1
    log "running: $*"
    exec "$@"
fi

# --- 2. who runs the server -------------------------------------------------

# postgres refuses to run as root: as root, run it as the `postgres` user.
as_pg() {
    if [ "$IS_ROOT" = 1 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "$IS_ROOT" = 1 ] && ! id -u postgres >/dev/null 2>&1; then
    log "creating system user 'postgres'"
    useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
        --shell /bin/sh postgres
fi

# --- 3. temp dir + cleanup --------------------------------------------------

WORK=""
PGDATA_DIR=""
STARTED=0

# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM HUP
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "$STARTED" = 1 ] || [ -f "$PGDATA_DIR/postmaster.pid" ]; then
            log "stopping test cluster"
            (cd "$WORK" && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1) ||
                (cd "$WORK" && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 30 stop >/dev/null 2>&1)
        fi
        # Private servers of tests (tests/common/pg_server.rs) live under
        # $WORK/tmp because we point TMPDIR there; stop any that a killed test
        # process left behind.
        local pidfile
        while IFS= read -r pidfile; do
            log "stopping leftover private server $(dirname "$pidfile")"
            (cd "$WORK" && as_pg "$PG_BIN/pg_ctl" -D "$(dirname "$pidfile")" -m immediate -w -t 30 stop >/dev/null 2>&1)
        done < <(find "$WORK/tmp" -name postmaster.pid -type f 2>/dev/null)
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
trap 'exit 129' HUP

make_work_dir() {
    local parent=$1
    WORK=$(mktemp -d "$parent/nutrinube-test.XXXXXX") || return 1
    if [ "$IS_ROOT" = 1 ]; then
        chown postgres: "$WORK"
        # The postgres user must be able to reach it (a 0700 $TMPDIR would not do).
        if ! (cd / && runuser -u postgres -- test -w "$WORK"); then
            rm -rf "$WORK"
            WORK=""
            return 1
        fi
    fi
}

parent="${TMPDIR:-/tmp}"
# Unix socket paths are limited to ~107 bytes; keep the temp dir short.
if [ "${#parent}" -gt 60 ] || ! make_work_dir "$parent"; then
    [ "$parent" != /tmp ] && log "TMPDIR=$parent is unusable for the test cluster; using /tmp"
    make_work_dir /tmp || die "cannot create a temp dir usable by the postgres user"
fi
PGDATA_DIR="$WORK/data"
SOCK_DIR="$WORK/sock"
PG_LOG="$WORK/postgres.log"
# Scratch TMPDIR for the tests, shared by this (maybe root) user and postgres.
mkdir -p "$SOCK_DIR" "$WORK/tmp"
chmod 1777 "$WORK/tmp"
[ "$IS_ROOT" = 1 ] && chown postgres: "$SOCK_DIR"

# --- 4. initdb + start ------------------------------------------------------

log "initdb in $PGDATA_DIR"
t0=$SECONDS
(cd "$WORK" && as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres -E UTF8 --locale=C --no-sync \
    >"$WORK/initdb.log" 2>&1) || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
log "initdb done in $((SECONDS - t0))s"

cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# --- scripts/test.sh: throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK_DIR'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

port_in_use() {
    # Something accepts connections there (bash's /dev/tcp, no extra tools).
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

PORT=${TEST_PG_PORT:-55432}
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    while port_in_use "$PORT"; do
        PORT=$((PORT + 1))
    done
    log "starting postgres on 127.0.0.1:$PORT (attempt $attempt)"
    STARTED=1
    if (cd "$WORK" && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -o "-p $PORT" -w -t 60 start >/dev/null 2>&1); then
        break
    fi
    STARTED=0
    # Lost a race for the port with another process: try the next one.
    if grep -qE 'could not bind|already in use' "$PG_LOG" 2>/dev/null && [ "$attempt" -lt 10 ]; then
        PORT=$((PORT + 1))
        continue
    fi
    tail -n 30 "$PG_LOG" >&2 2>/dev/null
    die "postgres failed to start (log above)"
done

deadline=$((SECONDS + 60))
until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -t 2; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        tail -n 30 "$PG_LOG" >&2
        die "postgres on port $PORT not ready after 60s"
    fi
    sleep 0.2
done
log "postgres ready on 127.0.0.1:$PORT"

# --- 5. the command -----------------------------------------------------------

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
export PG_BIN_DIR="$PG_BIN"
export NUTRINUBE_TEST_REQUIRE_POSTGRES=1
export TMPDIR="$WORK/tmp"

log "running: $*"
t0=$SECONDS
set +e
"$@"
rc=$?
set -e
log "exited $rc after $((SECONDS - t0))s"
exit "$rc"
