#!/usr/bin/env python3
"""NutriNube cluster test, on this machine's Docker engine (docs/spec: cluster.md).

    bash tests/cluster/run.sh          # what .ci/run calls

1. prepares the base-image stand-ins and Docker Compose v2
   (deploy/offline/prepare.sh) and builds every image from this repository
   (the real Dockerfiles; Fluentd's TEST DOUBLE through
   tests/cluster/compose.offline.yml only);
2. starts the cluster with the README's `docker compose up -d --wait` and
   checks that each service's container is `healthy` (docker inspect, per
   service by name); no container shows the database password in `docker
   inspect`;
3. drives the API through the published port and checks the daily summary;
4. finds one request's log event, by its request id, in the log collector's
   output (its file in the volume, and its stdout);
5. restarts db (data kept), stops fluentd (app still quick), stops db (503, no
   hang, no crash; recovers by itself with nothing lost), restarts app during a
   burst of writes (no acknowledged write lost), and runs two app replicas
   behind the proxy sharing sessions (`docker compose --profile replicas up -d
   --wait --scale app=2`); takes a backup with the backup service, restores it
   into a fresh database and compares every table's row count, and checks the
   retention; no container of the five shows the database password;
6. tears everything down with `docker compose --profile replicas down -v`,
   also on failure, printing the logs of the failed services.

The compose files, project name and env file reach Compose through
COMPOSE_FILE, COMPOSE_PROJECT_NAME and COMPOSE_ENV_FILES, so the commands run
are the README's as written.

Only standard library; traffic only to 127.0.0.1 and the project's containers.

To see the test fail loudly (a check of the test itself), run it with
NUTRINUBE_CT_SABOTAGE set to one of: `unhealthy` (fluentd's health check always
fails), `lost-log` (the app ships its events to a port nobody listens on),
`data-loss` (rows are deleted behind the app's back during the db restart),
`leaked-secret` (the backup service gets the password as PGPASSWORD),
`backup-loss` (a row is deleted from the restored database before the counts).
"""
import concurrent.futures
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time

import monitoring  # the monitoring profile's checks (tests/cluster/monitoring.py)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.environ.get("NUTRINUBE_CT_PROJECT", "nutrinube-ct")
# Its own image tags per project, so that two runs side by side (other
# NUTRINUBE_CT_PROJECTs) never run each other's images.
VERSION_TAG = "cluster-test" if PROJECT == "nutrinube-ct" else f"cluster-test-{PROJECT}"
APP_IMAGE = f"ghcr.io/nutrinube/nutrinube:{VERSION_TAG}"
# The image is the static binary and little else. 25 MB until this round;
# the binary grew to 26.4 MB with SR28 (deflated), recipes, saved meals, the
# nutrients, trend, measurement and saved-meal pages. 30 MB keeps a guard
# against accidental growth (a catalogue compiled in uncompressed, debug
# symbols) until the binary is made smaller again (README, Benchmarks).
MAX_IMAGE_BYTES = 30 * 1000 * 1000
# The default profile's services (what `docker compose up -d --wait` starts);
# the `replicas` profile adds the proxy.
SERVICES = ["app", "db", "fluentd", "backup"]
ALL_SERVICES = SERVICES + ["proxy"]
COMPOSE_VERSION = "2.40.3"
SABOTAGE = os.environ.get("NUTRINUBE_CT_SABOTAGE", "")
SABOTAGES = ("unhealthy", "lost-log", "data-loss", "leaked-secret", "backup-loss")
SABOTAGE_OVERRIDES = {
    "unhealthy": 'services:\n  fluentd:\n    healthcheck:\n      test: ["CMD", "false"]\n'
                 '      interval: 2s\n      retries: 1\n',
    "lost-log": "services:\n  app:\n    environment:\n      NUTRINUBE_FLUENTD_ADDR: fluentd:24299\n",
    "leaked-secret": "services:\n  backup:\n    environment:\n      PGPASSWORD: \"{password}\"\n",
}
T0 = time.monotonic()
SERVICES += monitoring.SERVICES


class Failure(Exception):
    pass


def log(msg):
    print(f"[cluster {time.monotonic() - T0:7.1f}s] {msg}", flush=True)


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- docker and compose ---------------------------------------------------------

def run(cmd, *, env=None, capture=False, check_rc=True, timeout=None, quiet=False):
    if not quiet:
        log("$ " + " ".join(cmd))
    p = subprocess.run(cmd, cwd=ROOT, env=env, text=True, timeout=timeout,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.STDOUT if capture else None)
    if check_rc and p.returncode != 0:
        out = (p.stdout or "")[-4000:] if capture else ""
        raise Failure(f"`{' '.join(cmd)}` exited {p.returncode}\n{out}")
    return p.stdout if capture else p.returncode


def compose_version():
    """Docker Compose v2, the README's `docker compose` (prepare.sh installs it)."""
    p = subprocess.run(["docker", "compose", "version", "--short"], capture_output=True, text=True)
    version = p.stdout.strip().lstrip("v")
    check(p.returncode == 0 and version == COMPOSE_VERSION,
          f"`docker compose version` gives {version or p.stderr.strip()!r}, expected v{COMPOSE_VERSION} "
          "(deploy/offline/prepare.sh installs it)")
    return version


class Cluster:
    """`docker compose` on this project. Files, project and env file go in
    COMPOSE_FILE/COMPOSE_PROJECT_NAME/COMPOSE_ENV_FILES, so `readme()` runs the
    README's commands as written; `__call__` adds `--profile replicas` so that
    the proxy can be named (ps, logs, port) whether or not it runs."""

    def __init__(self, env_file, env, password):
        files = ["docker-compose.yml", "tests/cluster/compose.offline.yml"]
        if SABOTAGE in SABOTAGE_OVERRIDES:
            path = os.path.join(os.path.dirname(env_file), "sabotage.yml")
            with open(path, "w") as f:
                f.write(SABOTAGE_OVERRIDES[SABOTAGE].replace("{password}", password))
            files.append(path)
        monitoring_args = monitoring.compose_args(os.path.dirname(env_file))
        files.append(monitoring_args[1])
        # DOCKER_BUILDKIT=0: Compose's classic builder (through the engine's
        # API, as `docker build` in prepare.sh), whose layer cache every run on
        # this machine shares; its default (its own BuildKit client on the
        # engine's BuildKit, no buildx here) works too but starts from an empty
        # cache (deploy/offline/README.md).
        self.env = dict(env, COMPOSE_FILE=":".join(files), COMPOSE_PATH_SEPARATOR=":",
                        COMPOSE_PROJECT_NAME=PROJECT, COMPOSE_ENV_FILES=env_file,
                        DOCKER_BUILDKIT="0", COMPOSE_PROFILES="monitoring")
        log(" ".join(f"{k}={self.env[k]}" for k in
                     ("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_ENV_FILES", "DOCKER_BUILDKIT",
                      "COMPOSE_PROFILES")))

    def readme(self, *args, timeout=600):
        """A command exactly as README.md writes it (`docker compose ...`)."""
        return run(["docker", "compose", *args], env=self.env, timeout=timeout)

    def __call__(self, *args, capture=False, check_rc=True, timeout=600, quiet=False):
        return run(["docker", "compose", "--profile", "replicas", "--profile", "monitoring", *args],
                   env=self.env,
                   capture=capture, check_rc=check_rc, timeout=timeout, quiet=quiet)

    def containers(self, service):
        out = self("ps", "-q", service, capture=True, quiet=True, check_rc=False)
        return [line.strip() for line in out.splitlines() if len(line.strip()) >= 12]

    @staticmethod
    def inspect(cid):
        out = subprocess.run(["docker", "inspect", cid], capture_output=True, text=True)
        if out.returncode != 0:
            return None
        return json.loads(out.stdout)[0]

    def health(self, service):
        """[(container name, status, restart count)] of a service's containers."""
        result = []
        for cid in self.containers(service):
            info = self.inspect(cid)
            if info is None:
                continue
            state = info["State"]
            status = state.get("Health", {}).get("Status") or state["Status"]
            if not state["Running"]:
                status = state["Status"]
            result.append((info["Name"].lstrip("/"), status, info.get("RestartCount", 0)))
        return result

    def wait_healthy(self, services, deadline_s, count=None, tolerate_unhealthy=False):
        """Waits until every container of each service is healthy; fails at once
        on an unhealthy (unless tolerated: just after an outage a health check
        may still remember it) or exited one, and at the deadline."""
        count = count or {}
        end = time.monotonic() + deadline_s
        last = None
        while True:
            states = {s: self.health(s) for s in services}
            summary = {s: [st for _, st, _ in v] for s, v in states.items()}
            if summary != last:
                log("health: " + ", ".join(
                    f"{name}={st}" for v in states.values() for name, st, _ in v))
                last = summary
            for s, v in states.items():
                for name, st, _ in v:
                    if st in ("exited", "dead") or (st == "unhealthy" and not tolerate_unhealthy):
                        raise Failure(f"service {s}: container {name} is {st}", )
            if all(len(v) >= count.get(s, 1) and all(st == "healthy" for _, st, _ in v)
                   for s, v in states.items()):
                return states
            if time.monotonic() > end:
                raise Failure(f"not all healthy within {deadline_s} s: {summary}")
            time.sleep(1)

    def port(self, service, index=1):
        out = self("port", "--index", str(index), service, "8080", capture=True, quiet=True)
        host, port = out.strip().splitlines()[-1].rsplit(":", 1)
        return int(port)


# --- HTTP -------------------------------------------------------------------------

class Client:
    """A tiny HTTP client with its own cookie (the session)."""

    def __init__(self, port, timeout=10):
        self.port = port
        self.timeout = timeout
        self.cookie = None

    def request(self, method, path, body=None, headers=None, timeout=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout or self.timeout)
        h = {"accept": "application/json"}
        if body is not None:
            h["content-type"] = "application/json"
        if self.cookie:
            h["cookie"] = self.cookie
        h.update(headers or {})
        try:
            conn.request(method, path, body=None if body is None else json.dumps(body), headers=h)
            resp = conn.getresponse()
            raw = resp.read()
            for k, v in resp.getheaders():
                if k.lower() == "set-cookie" and v.startswith("nutrinube_session="):
                    self.cookie = v.split(";", 1)[0]
            try:
                data = json.loads(raw) if raw else None
            except ValueError:
                data = raw.decode("utf-8", "replace")
            return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), data
        finally:
            conn.close()

    def ok(self, method, path, body=None, expect=(200,), headers=None):
        status, hdrs, data = self.request(method, path, body, headers)
        check(status in expect, f"{method} {path}: {status} {data!r}, expected {expect}")
        return hdrs, data


def wait_ready(port, deadline_s, want=200):
    end = time.monotonic() + deadline_s
    last = None
    while time.monotonic() < end:
        try:
            status, _, _ = Client(port, timeout=5).request("GET", "/health/ready")
            if status == want:
                return
            last = status
        except OSError as e:
            last = repr(e)
        time.sleep(0.5)
    raise Failure(f"/health/ready on :{port} did not answer {want} within {deadline_s} s (last: {last})")


# --- the test ---------------------------------------------------------------------

DAY = "2026-11-26"
FOODS = [{"date": DAY, "meal": "breakfast", "name": "Oatmeal", "calories": 350.5,
          "protein_g": 12, "fat_g": 6, "carbs_g": 60},
         {"date": DAY, "meal": "lunch", "name": "Lentil soup", "calories": 612.2,
          "protein_g": 30, "fat_g": 10.5, "carbs_g": 80}]
ACTIVITY = {"date": DAY, "name": "Cycling", "duration_min": 45, "kcal_burned": 420}


class Test:
    def __init__(self):
        self.steps = []
        self.tmp = f"/tmp/{PROJECT}-{os.getpid()}"
        os.makedirs(self.tmp, exist_ok=True)
        self.http_port = free_port()
        self.proxy_port = free_port()
        self.password = secrets.token_hex(16)
        self.env = dict(os.environ)
        self.cluster = None
        self.request_id = f"cluster-test-{secrets.token_hex(8)}"

    def write_env(self, publish, trust_forwarded):
        # The database password is a Compose secret, a file: readable by the
        # containers' users (app 10001, postgres), in a directory only we enter.
        secret_dir = os.path.join(self.tmp, "secrets")
        os.makedirs(secret_dir, mode=0o700, exist_ok=True)
        secret = os.path.join(secret_dir, "db_password")
        with open(secret, "w") as f:
            f.write(self.password + "\n")
        os.chmod(secret, 0o644)
        path = os.path.join(self.tmp, "cluster.env")
        with open(path, "w") as f:
            f.write(f"NUTRINUBE_DB_PASSWORD_SECRET={secret}\n"
                    f"NUTRINUBE_VERSION={VERSION_TAG}\n"
                    f"NUTRINUBE_HTTP_PUBLISH={publish}\n"
                    f"NUTRINUBE_PROXY_PUBLISH=127.0.0.1:{self.proxy_port}\n"
                    f"NUTRINUBE_TRUST_FORWARDED_FOR={trust_forwarded}\n")
            for k in ("NUTRINUBE_STANDIN_DEBIAN", "NUTRINUBE_STANDIN_RUST",
                      "NUTRINUBE_STANDIN_POSTGRES"):
                f.write(f"{k}={self.env[k]}\n")
            f.write(monitoring.env_lines())
        # Variables given in the environment win over the env file: clear ours.
        for k in list(self.env):
            if (k.startswith(("NUTRINUBE_", "POSTGRES_", "COMPOSE_"))
                    and not k.startswith("NUTRINUBE_STANDIN_")):
                del self.env[k]
        return path

    def step(self, name, fn):
        log(f"==> step: {name}")
        t = time.monotonic()
        try:
            fn()
        except Exception as e:
            self.steps.append((name, "FAILED", time.monotonic() - t))
            log(f"<== step: {name}: FAILED after {time.monotonic() - t:.1f} s: {e}")
            raise
        self.steps.append((name, "ok", time.monotonic() - t))
        log(f"<== step: {name}: ok ({time.monotonic() - t:.1f} s)")

    # 1 -------------------------------------------------------------------------
    def prepare(self):
        log("$ bash deploy/offline/prepare.sh")
        p = subprocess.run(["bash", "deploy/offline/prepare.sh"], cwd=ROOT, text=True,
                           stdout=subprocess.PIPE, timeout=1200)  # progress on stderr, live
        check(p.returncode == 0, f"deploy/offline/prepare.sh exited {p.returncode}")
        for line in p.stdout.splitlines():
            print("    " + line, flush=True)
            if line.startswith("NUTRINUBE_STANDIN_") and "=" in line:
                k, v = line.split("=", 1)
                self.env[k] = v
        for k in ("NUTRINUBE_STANDIN_DEBIAN", "NUTRINUBE_STANDIN_RUST", "NUTRINUBE_STANDIN_POSTGRES"):
            check(k in self.env, f"prepare.sh did not name {k}")
        log(f"docker compose v{compose_version()}")
        env_file = self.write_env(f"127.0.0.1:{self.http_port}", "false")
        self.cluster = Cluster(env_file, self.env, self.password)

    def build(self):
        # Every service's image, the proxy's too (hence the profile).
        self.cluster("build", timeout=1800)
        info = Cluster.inspect(APP_IMAGE)
        check(info is not None, f"image {APP_IMAGE} was not built")
        size = info["Size"]
        cfg = info["Config"]
        log(f"image {APP_IMAGE}: {size} bytes ({size / 1e6:.1f} MB), user {cfg.get('User')!r}, "
            f"healthcheck {cfg.get('Healthcheck', {}).get('Test')}")
        check(size < MAX_IMAGE_BYTES, f"image is {size} bytes, over {MAX_IMAGE_BYTES}")
        check(cfg.get("User") not in (None, "", "0", "root") and not cfg["User"].startswith("0:"),
              f"image runs as {cfg.get('User')!r}")
        check(cfg.get("Healthcheck", {}).get("Test") == ["CMD", "nutrinube", "healthcheck"],
              "image HEALTHCHECK is not `nutrinube healthcheck`")
        check("NUTRINUBE_LISTEN=0.0.0.0:8080" in cfg.get("Env", []), "image does not set NUTRINUBE_LISTEN")
        labels = cfg.get("Labels") or {}
        for k in ("source", "version", "licenses"):
            check(f"org.opencontainers.image.{k}" in labels, f"image lacks OCI label {k}")

    # 2 -------------------------------------------------------------------------
    def up(self):
        # The README's command: the default profile (no proxy), built above;
        # it returns when every container is healthy, which is checked again
        # here container by container.
        self.cluster.readme("up", "-d", "--wait", timeout=300)
        self.cluster.wait_healthy(SERVICES, 30)
        wait_ready(self.http_port, 30)

    def confinement(self):
        """The app's and the backup's containers: read-only root, no
        capabilities, no new privileges; the database password in no
        container's `docker inspect`."""
        self.no_password_in_inspect(SERVICES)
        for service in ("app", "backup"):
            check(self.cluster.containers(service), f"no {service} container to inspect")
            for cid in self.cluster.containers(service):
                info = Cluster.inspect(cid)
                check(info is not None, f"cannot inspect the {service} container {cid}")
                host = info["HostConfig"]
                log(f"{service} container: ReadonlyRootfs={host.get('ReadonlyRootfs')} "
                    f"CapDrop={host.get('CapDrop')} CapAdd={host.get('CapAdd')} "
                    f"SecurityOpt={host.get('SecurityOpt')}")
                check(host.get("ReadonlyRootfs") is True, f"the {service}'s root filesystem is writable")
                check([c.upper() for c in host.get("CapDrop") or []] == ["ALL"],
                      f"the {service} keeps capabilities: CapDrop={host.get('CapDrop')}")
                check(not host.get("CapAdd"), f"the {service} adds capabilities: {host.get('CapAdd')}")
                check("no-new-privileges:true" in (host.get("SecurityOpt") or []),
                      f"no-new-privileges is not set on the {service}: {host.get('SecurityOpt')}")

    # --- secrets (cluster.md, "Secrets as files") ----------------------------------
    def no_password_in_inspect(self, services):
        """Every container of the project, of each of `services` at least one:
        `docker inspect` (environment, command, labels, mounts: all of it)
        holds neither the database password nor any non-empty *PASSWORD
        variable; the password reaches them only as the secret file."""
        out = subprocess.run(["docker", "ps", "-aq", "--no-trunc", "--filter",
                              f"label=com.docker.compose.project={PROJECT}"],
                             capture_output=True, text=True, check=True).stdout.split()
        seen = {}
        for cid in out:
            info = Cluster.inspect(cid)
            if info is None:
                continue
            service = (info["Config"].get("Labels") or {}).get("com.docker.compose.service", "?")
            name = info["Name"].lstrip("/")
            seen.setdefault(service, []).append(name)
            raw = json.dumps(info)
            check(self.password not in raw,
                  f"the database password is in `docker inspect {name}` ({service})")
            for e in info["Config"].get("Env") or []:
                k, _, v = e.partition("=")
                check(not (k.upper().endswith("PASSWORD") and v),
                      f"`docker inspect {name}` ({service}) has a password in its environment: {k}=…")
            mounts = [m.get("Destination") for m in info.get("Mounts") or []]
            if service in ("app", "db", "backup"):
                check("/run/secrets/db_password" in mounts,
                      f"{name} ({service}) has no /run/secrets/db_password: {mounts}")
        missing = [s for s in services if s not in seen]
        check(not missing, f"no container to inspect for {missing} (have {sorted(seen)})")
        log("no database password in `docker inspect` of "
            + ", ".join(f"{s} ({len(v)})" for s, v in sorted(seen.items())))

    # 3 -------------------------------------------------------------------------
    def api(self):
        c = Client(self.http_port)
        self.user = {"username": f"ct{secrets.token_hex(4)}", "password": "correct horse battery"}
        c.ok("POST", "/api/v1/auth/register", self.user, expect=(201,))
        hdrs, _ = c.ok("POST", "/api/v1/auth/login", self.user, expect=(200, 204))
        check(c.cookie, "login set no nutrinube_session cookie")
        for food in FOODS:
            c.ok("POST", "/api/v1/food-entries", food, expect=(201,))
        c.ok("POST", "/api/v1/activity-entries", ACTIVITY, expect=(201,))
        hdrs, summary = c.ok("GET", f"/api/v1/summary/daily?date={DAY}",
                             headers={"x-request-id": self.request_id})
        check(hdrs.get("x-request-id") == self.request_id,
              f"X-Request-Id not echoed: {hdrs.get('x-request-id')!r}")
        self.client = c
        self.expected = self.check_summary(c)
        log(f"summary: {json.dumps(summary)}")

    def check_summary(self, c):
        _, s = c.ok("GET", f"/api/v1/summary/daily?date={DAY}")
        consumed = round(sum(f["calories"] for f in FOODS), 1)
        protein = round(sum(f["protein_g"] for f in FOODS), 1)
        burned = ACTIVITY["kcal_burned"]
        net = round(consumed - burned, 1)
        got = (s["consumed"]["calories"], s["consumed"]["protein_g"], s["burned_kcal"],
               s["net_kcal"], s["remaining"]["calories"], s["goals"]["calories"])
        want = (consumed, protein, burned, net, round(2000 - net, 1), 2000)
        check(tuple(float(x) for x in got) == tuple(float(x) for x in want),
              f"summary (consumed, protein, burned, net, remaining, goal) = {got}, expected {want}")
        _, entries = c.ok("GET", f"/api/v1/food-entries?date={DAY}")
        check(len(entries["items"]) == len(FOODS), f"{len(entries['items'])} food entries, expected {len(FOODS)}")
        return got

    # 4 -------------------------------------------------------------------------
    def fluentd_log(self):
        (cid,) = self.cluster.containers("fluentd")[:1]
        end = time.monotonic() + 60
        found_file = found_stdout = False
        while time.monotonic() < end and not (found_file and found_stdout):
            if not found_file:
                p = subprocess.run(["docker", "exec", cid, "sh", "-c",
                                    "cat /fluentd/log/*.log 2>/dev/null"],
                                   capture_output=True, text=True)
                for line in p.stdout.splitlines():
                    if self.request_id in line:
                        event = json.loads(line)
                        check(event.get("request_id") == self.request_id,
                              f"event has request_id {event.get('request_id')!r}")
                        check(event.get("route") == "/api/v1/summary/daily" and event.get("status") == 200,
                              f"unexpected event {event}")
                        log(f"event in the fluentd-logs volume: {line.strip()}")
                        found_file = True
            if not found_stdout:
                out = subprocess.run(["docker", "logs", cid], capture_output=True, text=True)
                found_stdout = self.request_id in out.stdout + out.stderr
            if not (found_file and found_stdout):
                time.sleep(1)
        check(found_file, f"request {self.request_id}: no event in fluentd's output file within 60 s")
        check(found_stdout, f"request {self.request_id}: no event on fluentd's stdout within 60 s")

    # 5 -------------------------------------------------------------------------
    def restart_db(self):
        self.cluster("restart", "db")
        self.cluster.wait_healthy(["db"], 120)
        if SABOTAGE == "data-loss":
            self.cluster("exec", "-T", "db", "psql", "-U", "nutrinube", "-d", "nutrinube", "-c",
                         "DELETE FROM food_entries WHERE id = (SELECT max(id) FROM food_entries)")
        wait_ready(self.http_port, 60)
        check(self.check_summary(self.client) == self.expected, "summary changed across the db restart")

    def stop_fluentd(self):
        self.cluster("stop", "fluentd")
        worst = 0.0
        for i in range(20):
            t = time.monotonic()
            status, _, _ = self.client.request("GET", f"/api/v1/summary/daily?date={DAY}", timeout=5)
            worst = max(worst, time.monotonic() - t)
            check(status == 200, f"with fluentd stopped the API answered {status}")
        log(f"fluentd stopped: 20 requests, slowest {worst * 1000:.0f} ms")
        check(worst < 1.0, f"with fluentd stopped a request took {worst:.2f} s")
        self.cluster("start", "fluentd")
        self.cluster.wait_healthy(["fluentd"], 60)

    def stop_db(self):
        (app_cid,) = self.cluster.containers("app")[:1]
        before = Cluster.inspect(app_cid)
        self.cluster("stop", "db")
        end = time.monotonic() + 20
        while True:
            t = time.monotonic()
            status, _, _ = Client(self.http_port, timeout=10).request("GET", "/health/ready")
            if status == 503:
                break
            check(time.monotonic() < end, f"/health/ready still {status} 20 s after db stopped")
            time.sleep(0.5)
        log(f"db stopped: /health/ready 503 after {time.monotonic() - end + 20:.1f} s")
        t = time.monotonic()
        status, hdrs, body = self.client.request("GET", f"/api/v1/summary/daily?date={DAY}", timeout=15)
        took = time.monotonic() - t
        log(f"db stopped: API answered {status} {hdrs.get('content-type')} in {took:.1f} s")
        check(status == 503, f"with db stopped the API answered {status} {body!r}")
        check(hdrs.get("content-type", "").startswith("application/problem+json"),
              f"503 is not problem+json: {hdrs.get('content-type')}")
        check(took < 10, f"API took {took:.1f} s to answer with db down")
        status, _, _ = self.client.request("POST", "/api/v1/food-entries",
                                           {"date": "2026-11-27", "name": "x", "calories": 1}, timeout=15)
        check(status == 503, f"a write with db stopped answered {status}")
        after = Cluster.inspect(app_cid)
        check(after["State"]["Running"] and after["State"]["StartedAt"] == before["State"]["StartedAt"],
              "the app container restarted or stopped while the db was down")
        self.cluster("start", "db")
        self.cluster.wait_healthy(["db"], 120)
        t = time.monotonic()
        wait_ready(self.http_port, 60)
        log(f"db back: app ready again after {time.monotonic() - t:.1f} s, by itself")
        check(self.check_summary(self.client) == self.expected, "data changed across the db outage")
        self.cluster.wait_healthy(SERVICES, 60, tolerate_unhealthy=True)

    def restart_app_during_writes(self):
        # Each writer moves to a new day every 150 writes: a day holds at
        # most 200 food entries (hardening.md quotas).
        first_day = datetime.date(2026, 1, 1)
        acked, failed, attempted = [], [], [0]
        lock = threading.Lock()
        stop = threading.Event()
        cookie = self.client.cookie

        def writer(w):
            c = Client(self.http_port, timeout=15)
            c.cookie = cookie
            n, end = 0, time.monotonic() + 150
            while not stop.is_set() and n < 3000 and time.monotonic() < end:
                n += 1
                with lock:
                    attempted[0] += 1
                day = (first_day + datetime.timedelta(days=w * 40 + n // 150)).isoformat()
                try:
                    status, _, data = c.request("POST", "/api/v1/food-entries",
                                                {"date": day, "name": f"burst {w}-{n}", "calories": 10})
                except OSError as e:
                    with lock:
                        failed.append(repr(e))
                    time.sleep(0.05)
                    continue
                with lock:
                    if 200 <= status < 300:
                        acked.append(data["id"])
                    else:
                        failed.append(status)
                if status >= 300:
                    time.sleep(0.05)

        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(writer, w) for w in range(4)]
            time.sleep(2)
            before = len(acked)
            self.cluster("restart", "app")
            wait_ready(self.http_port, 90)
            time.sleep(1)
            stop.set()
            for f in futures:
                f.result()
        last_day = (first_day + datetime.timedelta(days=200)).isoformat()
        _, entries = self.client.ok(
            "GET", f"/api/v1/food-entries?from={first_day.isoformat()}&to={last_day}")
        ids = {e["id"] for e in entries["items"]}
        lost = [i for i in acked if i not in ids]
        log(f"burst: {attempted[0]} writes, {len(acked)} acknowledged ({before} before the restart), "
            f"{len(failed)} refused or failed, {len(ids)} rows stored")
        check(before > 0 and len(acked) > before, "the burst did not write before and after the restart")
        check(not lost, f"{len(lost)} acknowledged writes lost across `restart app`: {lost[:10]}")
        check(len(ids) <= attempted[0], "more rows than writes")
        self.cluster.wait_healthy(SERVICES, 60)

    def replicas(self):
        # Recreate the app with a free host port per replica, behind the proxy.
        env_file = self.write_env("127.0.0.1:", "true")
        self.cluster = Cluster(env_file, self.env, self.password)
        self.cluster.readme("--profile", "replicas", "--profile", "monitoring", "up", "-d", "--wait",
                            "--scale", "app=2", timeout=300)
        self.cluster.wait_healthy(ALL_SERVICES, 30, count={"app": 2})
        proxy = Client(self.proxy_port)
        wait_ready(self.proxy_port, 30)
        user = {"username": f"ct{secrets.token_hex(4)}", "password": "correct horse battery"}
        proxy.ok("POST", "/api/v1/auth/register", user, expect=(201,))
        proxy.ok("POST", "/api/v1/auth/login", user, expect=(200, 204))
        upstreams = []
        for i in range(8):
            if i % 2 == 0:
                hdrs, _ = proxy.ok("POST", "/api/v1/food-entries",
                                   {"date": DAY, "name": f"replica {i}", "calories": 100}, expect=(201,))
            else:
                hdrs, _ = proxy.ok("GET", f"/api/v1/food-entries?date={DAY}")
            upstreams.append(hdrs.get("x-nutrinube-upstream"))
        log(f"through the proxy, one session, 8 requests answered by {upstreams}")
        for path in ("/metrics", "//metrics", "/%6detrics", "/METRICS", "/metrics?x=1"):
            status, _, _ = proxy.request("GET", path)
            check(status in (403, 404), f"the proxy routes {path} from outside: {status}")
        check(len(set(upstreams)) == 2 and None not in upstreams,
              f"requests did not alternate across both replicas: {upstreams}")
        # Directly: the same session cookie on each replica's own port.
        ports = [self.cluster.port("app", 1), self.cluster.port("app", 2)]
        seen = []
        for i in range(4):
            c = Client(ports[i % 2])
            c.cookie = proxy.cookie
            _, me = c.ok("GET", "/api/v1/me")
            seen.append(me.get("username"))
        log(f"replica ports {ports}: /api/v1/me with the proxy's session -> {seen}")
        check(seen == [user["username"]] * 4, f"session not shared: {seen}")
        c = Client(ports[0])
        c.cookie = proxy.cookie
        _, entries = c.ok("GET", f"/api/v1/food-entries?date={DAY}")
        check(len(entries["items"]) == 4, f"replica 1 sees {len(entries['items'])} entries, expected 4")

    # --- backups (cluster.md, "Backups that restore") -------------------------------
    def psql(self, database, sql):
        out = self.cluster("exec", "-T", "db", "psql", "-U", "nutrinube", "-d", database,
                           "-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql, capture=True, quiet=True)
        return [line for line in out.splitlines() if line]

    def row_counts(self, database):
        tables = self.psql(database, "SELECT tablename FROM pg_tables "
                                     "WHERE schemaname = 'public' ORDER BY 1")
        if not tables:
            return {}
        sql = " UNION ALL ".join(
            f"SELECT '{t}', count(*) FROM public.\"{t}\"" for t in tables)
        return {t: int(n) for t, n in (line.split("|") for line in self.psql(database, sql))}

    def dumps(self):
        out = self.cluster("exec", "-T", "backup", "nutrinube-backup", "list", capture=True, quiet=True)
        return [line.strip() for line in out.splitlines() if line.strip().endswith(".dump")]

    def backup_restore(self):
        """A backup taken now by the backup service, restored into a fresh
        database: the same row count in every table of the public schema."""
        before = self.dumps()
        check(before, "the backup service took no backup at start")
        t = time.monotonic()
        self.cluster("exec", "-T", "backup", "nutrinube-backup", "now")
        log(f"backup now: {time.monotonic() - t:.1f} s")
        after = self.dumps()
        new = [d for d in after if d not in before]
        check(len(new) == 1 and after[-1] == new[0], f"`backup now` made {new}, dumps now {after}")
        dump = new[0]
        listing = self.cluster("exec", "-T", "backup", "ls", "-la", "/backups", capture=True, quiet=True)
        check(".partial" not in listing, f"a temporary dump is left in /backups:\n{listing}")
        logs = self.cluster("logs", "--no-color", "backup", capture=True, quiet=True)
        check(f"backup {dump}:" in logs, f"no log line for {dump} in the backup service's log")
        self.cluster("exec", "-T", "backup", "nutrinube-backup", "restore", dump, "ct_restored")
        if SABOTAGE == "backup-loss":
            self.psql("ct_restored", "DELETE FROM food_entries WHERE id = (SELECT max(id) FROM food_entries)")
        live, restored = self.row_counts("nutrinube"), self.row_counts("ct_restored")
        log(f"row counts, live: {live}")
        check(live, "the live database has no table in the public schema")
        check(live.get("food_entries", 0) > 0, f"no food entries in the live database: {live}")
        differ = {t: (live.get(t), restored.get(t)) for t in set(live) | set(restored)
                  if live.get(t) != restored.get(t)}
        check(not differ, f"restored {dump}: (live, restored) row counts differ: {differ}")
        log(f"restored {dump} into ct_restored: {len(live)} tables, "
            f"{sum(live.values())} rows, every count equal")
        # Retention, cheaply (one exec): KEEP=2 for three more backups leaves
        # the newest two.
        out = self.cluster("exec", "-T", "-e", "NUTRINUBE_BACKUP_KEEP=2", "backup", "sh", "-c",
                           "nutrinube-backup now && nutrinube-backup now && nutrinube-backup now",
                           capture=True, quiet=True)
        made = re.findall(r" backup (nutrinube-\S+\.dump):", out)
        left = self.dumps()
        log(f"retention: three backups with NUTRINUBE_BACKUP_KEEP=2 ({made}) leave {left}")
        check(len(set(made)) == 3, f"three backups made {made}")
        check(left == made[1:], f"KEEP=2 left {left}, expected the newest two {made[1:]}")
        self.cluster.wait_healthy(["backup"], 30)

    def secrets_everywhere(self):
        self.no_password_in_inspect(ALL_SERVICES)

    # 6 -------------------------------------------------------------------------
    def teardown(self, failed):
        if self.cluster is None:
            return
        if failed:
            self.print_failed_logs()
        log("==> teardown: down -v")
        # With the profile, as the README says for a cluster started with it:
        # a plain `down` leaves the proxy (and so the network) behind.
        self.cluster.readme("--profile", "replicas", "--profile", "monitoring", "down", "-v", timeout=300)
        left = subprocess.run(
            ["docker", "ps", "-aq", "--filter", f"label=com.docker.compose.project={PROJECT}"],
            capture_output=True, text=True).stdout.split()
        left += subprocess.run(
            ["docker", "volume", "ls", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}"],
            capture_output=True, text=True).stdout.split()
        if left:
            self.cluster("down", "-v", "--remove-orphans", "--timeout", "10", check_rc=False, timeout=300)
            raise Failure(f"`down -v` left {left} behind")
        shutil.rmtree(self.tmp, ignore_errors=True)

    def print_failed_logs(self):
        bad = []
        try:
            self.cluster("ps", check_rc=False, timeout=60)
            for s in ALL_SERVICES:
                for name, st, restarts in self.cluster.health(s):
                    if st != "healthy" or restarts:
                        bad.append(s)
        except Exception as e:  # keep going: the logs matter more
            log(f"could not read container states: {e}")
        bad = sorted(set(bad)) or SERVICES
        for s in bad:
            log(f"---- logs of failed service {s} (last 200 lines) ----")
            self.cluster("logs", "--no-color", "--tail", "200", s, check_rc=False, timeout=120)


def main():
    if SABOTAGE:
        check(SABOTAGE in SABOTAGES, f"unknown sabotage {SABOTAGE!r}")
        log(f"SABOTAGED RUN ({SABOTAGE}): this run is meant to fail")
    test = Test()
    failed = True
    steps = [
        ("1a prepare base-image stand-ins (deploy/offline/prepare.sh)", test.prepare),
        ("1b build images from this repository", test.build),
        ("2 start the cluster, every container healthy", test.up),
        ("2b app and backup read-only, no capabilities; no password in any `docker inspect`",
         test.confinement),
        ("3 API: register, login, food, activity, daily summary", test.api),
        ("4 the request's log event reached the log collector", test.fluentd_log),
        ("4b Prometheus: the app up, its alerts loaded, its request counter rising",
         lambda: monitoring.scrapes_the_app(test, check, log)),
        ("5a restart db: data kept", test.restart_db),
        ("5b stop fluentd: app still answers quickly", test.stop_fluentd),
        ("5c stop db: 503, then recovers by itself, nothing lost", test.stop_db),
        ("5d restart app during a burst of writes: no acknowledged write lost", test.restart_app_during_writes),
        ("5e two app replicas behind the proxy share sessions", test.replicas),
        ("5f backup now, restored into a fresh database: same row counts; retention",
         test.backup_restore),
        ("5g no password in `docker inspect` of app, db, fluentd, backup, proxy",
         test.secrets_everywhere),
        ("5h Prometheus finds both replicas", lambda: monitoring.finds_replicas(test, check, log)),
    ]
    try:
        for name, fn in steps:
            test.step(name, fn)
        failed = False
    except Failure:
        pass
    except Exception as e:
        log(f"unexpected error: {e!r}")
        import traceback
        traceback.print_exc()
    finally:
        t = time.monotonic()
        result = "ok"
        try:
            test.teardown(failed)
        except Exception as e:  # a cluster left behind fails the run
            log(f"teardown: {e}")
            result, failed = "FAILED", True
        test.steps.append(("6 teardown (down -v)", result, time.monotonic() - t))
    print("\n---- cluster test ----")
    for name, result, secs in test.steps:
        print(f"{result:6} {secs:7.1f}s  {name}")
    print(f"total  {time.monotonic() - T0:7.1f}s")
    passed = sum(1 for _, r, _ in test.steps if r == "ok")
    nfailed = sum(1 for _, r, _ in test.steps if r != "ok") + (1 if failed and all(
        r == "ok" for _, r, _ in test.steps) else 0)
    print(f"cluster: {passed} passed, {nfailed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
