#!/usr/bin/python3
"""Starts Patroni for one member of the `ha` profile (docker-compose.ha.yml).

Writes Patroni's configuration, with the passwords read from the Compose
secrets (files), to a file only the postgres user can read, and execs Patroni:
no password is ever an environment value `docker inspect` would show.

    nutrinube-patroni            run Patroni (the container's command)
    nutrinube-patroni --health   exit 0 when this member's PostgreSQL runs (any role)
    nutrinube-patroni --check    image self-test at build time

Settings (environment, none secret):
    PATRONI_NAME         member name, default the container's host name (also
                         the address the others reach it at)
    PATRONI_SCOPE        cluster name in etcd, default nutrinube
    PATRONI_ETCD3_HOSTS  etcd's client address(es), default etcd:2379
    POSTGRES_USER        superuser and the app's user, default nutrinube
    POSTGRES_DB          the app's database, made once at bootstrap, default nutrinube
    NUTRINUBE_DB_PASSWORD_FILE              default /run/secrets/db_password
    NUTRINUBE_DB_REPLICATION_PASSWORD_FILE  default /run/secrets/db_replication_password
"""
import json
import os
import shutil
import socket
import sys
import urllib.request

CONFIG = "/tmp/patroni.yml"


def secret(var, default):
    path = os.environ.get(var, default)
    try:
        with open(path, encoding="utf-8") as f:
            # What the official image's `$(< file)` does: trailing newlines go.
            value = f.read().rstrip("\r\n")
    except OSError as e:
        sys.exit(f"nutrinube-patroni: cannot read {var} ({path}): {e.strerror}")
    if not value:
        sys.exit(f"nutrinube-patroni: {path} ({var}) is empty")
    return value


def config():
    name = os.environ.get("PATRONI_NAME") or socket.gethostname()
    user = os.environ.get("POSTGRES_USER") or "nutrinube"
    superuser_password = secret("NUTRINUBE_DB_PASSWORD_FILE", "/run/secrets/db_password")
    replication_password = secret("NUTRINUBE_DB_REPLICATION_PASSWORD_FILE",
                                  "/run/secrets/db_replication_password")
    pg_ctl = shutil.which("pg_ctl")
    if not pg_ctl:
        sys.exit("nutrinube-patroni: pg_ctl is not on PATH")
    return {
        "scope": os.environ.get("PATRONI_SCOPE") or "nutrinube",
        "name": name,
        "restapi": {
            "listen": "0.0.0.0:8008",
            "connect_address": f"{name}:8008",
            # Reads (health, /cluster) are open to the private network; what
            # changes the cluster (switchover, restart) wants this user.
            "authentication": {"username": "patroni", "password": replication_password},
        },
        "etcd3": {"hosts": os.environ.get("PATRONI_ETCD3_HOSTS") or "etcd:2379"},
        "bootstrap": {
            "dcs": {
                # The leader key lives 20 s without renewal (Patroni's
                # smallest accepted TTL): a dead primary is replaced after
                # about that long. loop_wait + 2 * retry_timeout <= ttl.
                "ttl": 20,
                "loop_wait": 3,
                "retry_timeout": 5,
                "maximum_lag_on_failover": 1048576,
                # A commit is acknowledged once a standby has it too; only
                # that standby may be promoted, so no acknowledged write is
                # lost when the primary dies.
                "synchronous_mode": True,
                "postgresql": {
                    # A primary that died with WAL its successor never got
                    # comes back as a standby by rewinding that WAL away.
                    "use_pg_rewind": True,
                    "use_slots": True,
                    "parameters": {
                        "wal_level": "replica",
                        "hot_standby": "on",
                        "max_wal_senders": 10,
                        "max_replication_slots": 10,
                        "wal_keep_size": "256MB",
                        "password_encryption": "scram-sha-256",
                    },
                },
            },
            "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}, "data-checksums"],
            "post_bootstrap": "/usr/local/bin/nutrinube-patroni-post-bootstrap",
        },
        "postgresql": {
            "listen": "0.0.0.0:5432",
            "connect_address": f"{name}:5432",
            "data_dir": "/var/lib/postgresql/patroni/data",
            "bin_dir": os.path.dirname(pg_ctl),
            "pgpass": "/tmp/patroni-pgpass",
            # A new standby copies the primary at once, not after a spread
            # checkpoint (minutes).
            "basebackup": [{"checkpoint": "fast"}],
            "authentication": {
                "superuser": {"username": user, "password": superuser_password},
                "replication": {"username": "replicator", "password": replication_password},
            },
            "pg_hba": [
                "local all all trust",
                "host replication replicator all scram-sha-256",
                "host all all all scram-sha-256",
            ],
            "parameters": {"unix_socket_directories": "/var/run/postgresql"},
        },
    }


def health():
    try:
        with urllib.request.urlopen("http://127.0.0.1:8008/health", timeout=2) as r:
            return 0 if r.status == 200 else 1
    except OSError:
        return 1


def main(argv):
    if argv[1:] == ["--health"]:
        return health()
    if argv[1:] == ["--check"]:
        import patroni  # noqa: F401 (installed and importable)
        import etcd  # noqa: F401
        if not shutil.which("pg_ctl") or not shutil.which("patroni"):
            sys.exit("nutrinube-patroni: pg_ctl or patroni is missing")
        return 0
    if argv[1:]:
        sys.exit(f"usage: {argv[0]} [--health|--check]")
    # JSON is YAML: any character in a password is quoted correctly.
    fd = os.open(CONFIG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(config(), f, indent=2)
    os.execvp("patroni", ["patroni", CONFIG])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
