# NutriNube container image: `docker build .` (or `docker compose build`).
#
# Build stage: a release build of a static (glibc crt-static: static-pie on
# x86_64, static non-PIE on aarch64, where Rust has no static-pie) `nutrinube`
# binary. Dependencies are compiled in their own layer from
# Cargo.toml/Cargo.lock alone, so a change to the sources rebuilds only the
# crate itself. Works with the classic builder and with BuildKit alike.
# RUST_IMAGE exists only so that a machine without a registry can build this
# same file on a local stand-in (deploy/offline/prepare.sh).
ARG RUST_IMAGE=rust:1.95-bookworm

FROM ${RUST_IMAGE} AS build
ENV CARGO_TERM_COLOR=never \
    CARGO_INCREMENTAL=0 \
    RUSTFLAGS="-C target-feature=+crt-static"
# The Rust target triple. Empty (the default): the build stage's own host
# triple, read from `rustc -vV`. This stage runs on the platform being built
# (natively, or under QEMU for `docker buildx build --platform linux/arm64`),
# so amd64 gives x86_64-unknown-linux-gnu and arm64 aarch64-unknown-linux-gnu
# (what BuildKit's TARGETARCH says), also with the classic builder, which
# sets no TARGETARCH. Set it only to cross-compile on purpose.
ARG TARGET=
WORKDIR /src

# 1. Dependencies only: the manifests, with empty targets in place of the code.
COPY Cargo.toml Cargo.lock ./
COPY xtask/Cargo.toml xtask/Cargo.toml
# The one pipe reads rustc's output for TARGET; an empty TARGET fails the build.
# hadolint ignore=DL4006
RUN TARGET="${TARGET:-$(rustc -vV | sed -n 's/^host: //p')}" \
 && echo "building for $TARGET" \
 && mkdir -p src xtask/src benches \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && echo 'fn main() {}' > xtask/src/main.rs \
 && echo 'fn main() {}' > benches/catalogue_search.rs \
 && cargo build --release --locked --target "$TARGET" \
 && rm -rf src xtask/src benches \
    "target/$TARGET/release/nutrinube" "target/$TARGET/release/deps/nutrinube-"* \
    "target/$TARGET/release/deps/libnutrinube-"* "target/$TARGET/release/.fingerprint/nutrinube-"*

# 2. The crate itself.
COPY . .
# No pipefail: ldd exits 1 on a static binary (the point); grep decides.
# hadolint ignore=DL4006
RUN TARGET="${TARGET:-$(rustc -vV | sed -n 's/^host: //p')}" \
 && cargo build --release --locked --target "$TARGET" \
 && mkdir -p /out/etc /out/data /out/tmp \
 && cp "target/$TARGET/release/nutrinube" /out/nutrinube \
 && ldd /out/nutrinube 2>&1 | grep -Eq 'not a dynamic executable|statically linked' \
 && echo 'nutrinube:x:10001:10001:NutriNube:/data:/sbin/nologin' > /out/etc/passwd \
 && echo 'nutrinube:x:10001:' > /out/etc/group \
 && chown 10001:10001 /out/data \
 && chmod 1777 /out/tmp

# Runtime stage: the static binary, a passwd entry for its non-root user, a
# writable data directory (for the SQLite default) and /tmp. No shell, no libc,
# no curl: the health check is the binary's own `nutrinube healthcheck`.
FROM scratch
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="NutriNube" \
      org.opencontainers.image.description="Self-hosted nutrition and fitness tracker" \
      org.opencontainers.image.source="https://github.com/nutrinube/nutrinube" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
COPY --from=build /out/etc/passwd /out/etc/group /etc/
COPY --from=build --chown=10001:10001 /out/data /data
COPY --from=build /out/tmp /tmp
COPY --from=build /out/nutrinube /usr/local/bin/nutrinube
ENV PATH=/usr/local/bin \
    NUTRINUBE_LISTEN=0.0.0.0:8080 \
    NUTRINUBE_DATA_DIR=/data
USER 10001:10001
WORKDIR /data
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["nutrinube", "healthcheck"]
ENTRYPOINT ["nutrinube"]
CMD ["serve"]
