#!/usr/bin/env python3
"""NutriNube high-availability test: the `ha` profile, on this machine's Docker
engine (spec: cluster.md, "High availability"). Run by tests/cluster/run.sh
after the main cluster test; alone:

    python3 tests/cluster/ha_test.py

1. prepares the base-image stand-ins (deploy/offline/prepare.sh) and builds the
   real deploy/ha/ Dockerfiles on them (Patroni on the PostgreSQL stand-in, etcd
   and HAProxy on the Debian one), each tagged by a hash of its inputs so it is
   built once; reuses the app image the main cluster test built (or builds it);
2. `docker compose -f docker-compose.yml -f docker-compose.ha.yml -f
   tests/cluster/compose.offline.yml -f tests/cluster/compose.ha-offline.yml
   --profile ha up -d --wait`; every container healthy (docker inspect, by
   service), no password in any container's environment, one Patroni leader and
   one synchronous standby;
3. under a steady write load through the API (4 writers posting food entries),
   `docker kill`s the primary's container and checks that a new primary is
   elected, that the API answers only 201 or 503 (never a 500, never a request
   hanging past REQUEST_TIMEOUT seconds), 503 only between the kill and the
   recovery, that it recovers by itself, and prints how long that took;
4. reads back every acknowledged write through the API;
5. starts the killed member again and checks that it rejoins as a standby of
   the new primary with every row;
6. tears everything down with `down -v`, also on failure, printing the logs of
   the failed services.

Needs Docker Compose v2 (2.24 or later, for `!reset`) as `docker compose`.
Only the standard library; traffic only to 127.0.0.1 and the project's containers.
"""
import datetime
import hashlib
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.environ.get("NUTRINUBE_HA_PROJECT", "nutrinube-ha")
# The app image: the one the main cluster test built, else this test builds it
# (NUTRINUBE_HA_APP_TAG: another tag of ghcr.io/nutrinube/nutrinube).
APP_TAGS = tuple(filter(None, (os.environ.get("NUTRINUBE_HA_APP_TAG"), "cluster-test", "ha-test")))
MEMBERS = ["pg-1", "pg-2", "pg-3"]
SERVICES = ["app", "fluentd", "db", "etcd"] + MEMBERS
# "Never a hang": a request answered later than this fails the test.
REQUEST_TIMEOUT = 8
WRITERS = 4
T0 = time.monotonic()


class Failure(Exception):
    pass


def log(msg):
    print(f"[ha {time.monotonic() - T0:7.1f}s] {msg}", flush=True)


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, *, env=None, capture=False, check_rc=True, timeout=600, quiet=False):
    if not quiet:
        log("$ " + " ".join(cmd))
    p = subprocess.run(cmd, cwd=ROOT, env=env, text=True, timeout=timeout,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.STDOUT if capture else None)
    if check_rc and p.returncode != 0:
        out = (p.stdout or "")[-4000:] if capture else ""
        raise Failure(f"`{' '.join(cmd)}` exited {p.returncode}\n{out}")
    return p.stdout if capture else p.returncode


def inspect(ref):
    p = subprocess.run(["docker", "inspect", ref], capture_output=True, text=True)
    return json.loads(p.stdout)[0] if p.returncode == 0 else None


def compose_v2():
    p = subprocess.run(["docker", "compose", "version", "--short"], capture_output=True, text=True)
    m = re.match(r"v?(\d+)\.(\d+)", p.stdout.strip()) if p.returncode == 0 else None
    check(m and (int(m[1]), int(m[2])) >= (2, 24),
          "the ha profile needs Docker Compose v2.24 or later as `docker compose` "
          f"(found: {p.stdout.strip() or p.stderr.strip() or 'none'}); see deploy/offline/README.md")
    log(f"docker compose {p.stdout.strip()}")


def inputs_hash(*parts):
    """A short hash of files (every file under a directory) and strings."""
    h = hashlib.sha256()
    for part in parts:
        if os.path.isdir(part):
            for d, _, files in sorted(os.walk(part)):
                for name in sorted(files):
                    path = os.path.join(d, name)
                    h.update(os.path.relpath(path, part).encode() + b"\0")
                    with open(path, "rb") as f:
                        h.update(f.read())
        else:
            h.update(part.encode() + b"\0")
    return h.hexdigest()[:10]


class Client:
    """A tiny HTTP client with its own session cookie."""

    def __init__(self, port, timeout=REQUEST_TIMEOUT):
        self.port = port
        self.timeout = timeout
        self.cookie = None

    def request(self, method, path, body=None, timeout=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout or self.timeout)
        h = {"accept": "application/json"}
        if body is not None:
            h["content-type"] = "application/json"
        if self.cookie:
            h["cookie"] = self.cookie
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
            return resp.status, data
        finally:
            conn.close()

    def ok(self, method, path, body=None, expect=(200,)):
        status, data = self.request(method, path, body)
        check(status in expect, f"{method} {path}: {status} {data!r}, expected {expect}")
        return data


class Test:
    def __init__(self):
        self.tmp = f"/tmp/{PROJECT}-{os.getpid()}"
        os.makedirs(self.tmp, exist_ok=True)
        self.http_port = free_port()
        self.passwords = [secrets.token_hex(16), secrets.token_hex(16)]
        self.env = dict(os.environ)
        self.base = None
        self.steps = []
        self.killed = None

    # --- compose ---------------------------------------------------------------
    def compose(self, *args, **kw):
        return run(self.base + list(args), env=self.env, **kw)

    def containers(self, service):
        out = self.compose("ps", "-a", "-q", service, capture=True, quiet=True, check_rc=False)
        return [line.strip() for line in out.splitlines() if re.fullmatch(r"[0-9a-f]{12,64}", line.strip())]

    def health(self, service):
        result = []
        for cid in self.containers(service):
            info = inspect(cid)
            if info is None:
                continue
            state = info["State"]
            status = state.get("Health", {}).get("Status") if state["Running"] else state["Status"]
            result.append((info["Name"].lstrip("/"), status or state["Status"], info["RestartCount"]))
        return result

    def wait_healthy(self, services, deadline_s):
        end = time.monotonic() + deadline_s
        last = None
        while True:
            states = {s: self.health(s) for s in services}
            summary = {s: [st for _, st, _ in v] for s, v in states.items()}
            if summary != last:
                log("health: " + ", ".join(f"{n}={st}" for v in states.values() for n, st, _ in v))
                last = summary
            if all(v and all(st == "healthy" for _, st, _ in v) for v in states.values()):
                return
            check(time.monotonic() < end, f"not all healthy within {deadline_s} s: {summary}")
            time.sleep(1)

    def patroni_cluster(self, member):
        """Patroni's GET /cluster, asked inside a member's container."""
        (cid,) = self.containers(member)[:1] or [None]
        if cid is None:
            return None
        p = subprocess.run(
            ["docker", "exec", cid, "python3", "-c",
             "import urllib.request,sys;"
             "sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:8008/cluster',timeout=2).read().decode())"],
            capture_output=True, text=True, timeout=10)
        if p.returncode != 0:
            return None
        return {m["name"]: m for m in json.loads(p.stdout)["members"]}

    def psql(self, member, sql):
        (cid,) = self.containers(member)[:1]
        return run(["docker", "exec", cid, "psql", "-h", "/var/run/postgresql", "-U", "nutrinube",
                    "-d", "nutrinube", "-tAc", sql], capture=True, quiet=True).strip()

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

    # 1 --------------------------------------------------------------------------
    def prepare(self):
        compose_v2()
        log("$ bash deploy/offline/prepare.sh")
        p = subprocess.run(["bash", "deploy/offline/prepare.sh"], cwd=ROOT, text=True,
                           stdout=subprocess.PIPE, timeout=1200)
        check(p.returncode == 0, f"deploy/offline/prepare.sh exited {p.returncode}")
        for line in p.stdout.splitlines():
            if line.startswith("NUTRINUBE_STANDIN_") and "=" in line:
                k, v = line.split("=", 1)
                self.env[k] = v
        for k in ("NUTRINUBE_STANDIN_DEBIAN", "NUTRINUBE_STANDIN_RUST", "NUTRINUBE_STANDIN_POSTGRES"):
            check(k in self.env, f"prepare.sh did not name {k}")

    def images(self):
        """The deploy/ha images on the stand-ins, each built once (its tag
        carries a hash of its inputs and of its base image)."""
        debian, postgres = self.env["NUTRINUBE_STANDIN_DEBIAN"], self.env["NUTRINUBE_STANDIN_POSTGRES"]
        wanted = {
            "NUTRINUBE_HA_PATRONI_IMAGE": ("patroni", "POSTGRES_IMAGE", postgres),
            "NUTRINUBE_HA_ETCD_IMAGE": ("etcd", "DEBIAN_IMAGE", debian),
            "NUTRINUBE_HA_ROUTER_IMAGE": ("haproxy", "DEBIAN_IMAGE", debian),
        }
        builds = []
        for var, (name, arg, base) in wanted.items():
            context = os.path.join(ROOT, "deploy", "ha", name)
            tag = f"nutrinube-test/ha-{name}:{inputs_hash(context, inspect(base)['Id'])}"
            self.env[var] = tag
            if inspect(tag) is None:
                builds.append(["docker", "build", "-q", "--build-arg", f"{arg}={base}", "-t", tag, context])
            else:
                log(f"reuse {tag}")
        if not any(inspect(f"ghcr.io/nutrinube/nutrinube:{t}") for t in APP_TAGS):
            # The release build of the app: slow, which is why the main test's is reused.
            builds.append(["docker", "build", "-q", "--build-arg", f"RUST_IMAGE={self.env['NUTRINUBE_STANDIN_RUST']}",
                           "--build-arg", f"VERSION={APP_TAGS[0]}", "-t", f"ghcr.io/nutrinube/nutrinube:{APP_TAGS[0]}", ROOT])
        if inspect("nutrinube-test/fluentd-double:latest") is None:
            builds.append(["docker", "build", "-q", "--build-arg", f"DEBIAN_IMAGE={debian}", "-t",
                           "nutrinube-test/fluentd-double:latest",
                           os.path.join(ROOT, "tests", "cluster", "fluentd-double")])
        procs = []
        for cmd in builds:
            log("$ " + " ".join(cmd))
            procs.append((cmd, subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                                stderr=subprocess.PIPE, text=True)))
        for cmd, proc in procs:
            _, err = proc.communicate(timeout=1800)
            check(proc.returncode == 0, f"`{' '.join(cmd)}` exited {proc.returncode}\n{err[-3000:]}")
        self.app_tag = next(t for t in APP_TAGS if inspect(f"ghcr.io/nutrinube/nutrinube:{t}"))
        log(f"app image ghcr.io/nutrinube/nutrinube:{self.app_tag}")

    def write_env(self):
        secret_dir = os.path.join(self.tmp, "secrets")
        os.makedirs(secret_dir, mode=0o700, exist_ok=True)
        paths = []
        for name, password in zip(("db_password", "db_replication_password"), self.passwords):
            path = os.path.join(secret_dir, name)
            with open(path, "w") as f:
                f.write(password + "\n")
            os.chmod(path, 0o644)  # read by the containers' users; the directory keeps others out
            paths.append(path)
        env_file = os.path.join(self.tmp, "ha.env")
        with open(env_file, "w") as f:
            f.write(f"NUTRINUBE_DB_PASSWORD_SECRET={paths[0]}\n"
                    f"NUTRINUBE_DB_REPLICATION_PASSWORD_SECRET={paths[1]}\n"
                    f"NUTRINUBE_VERSION={self.app_tag}\n"
                    f"NUTRINUBE_HTTP_PUBLISH=127.0.0.1:{self.http_port}\n")
            for k in sorted(self.env):
                if k.startswith(("NUTRINUBE_STANDIN_", "NUTRINUBE_HA_")) and k != "NUTRINUBE_HA_PROJECT":
                    f.write(f"{k}={self.env[k]}\n")
        # Variables in the environment win over the env file: clear the rest.
        for k in list(self.env):
            if k.startswith(("NUTRINUBE_", "POSTGRES_", "COMPOSE_")) and not k.startswith(
                    ("NUTRINUBE_STANDIN_", "NUTRINUBE_HA_")):
                del self.env[k]
        self.base = ["docker", "compose", "--project-name", PROJECT, "--env-file", env_file,
                     "-f", "docker-compose.yml", "-f", "docker-compose.ha.yml",
                     "-f", "tests/cluster/compose.offline.yml", "-f", "tests/cluster/compose.ha-offline.yml",
                     "--profile", "ha"]

    # 2 --------------------------------------------------------------------------
    def up(self):
        self.write_env()
        self.compose("up", "-d", "--wait", "--wait-timeout", "240", timeout=300)
        self.wait_healthy(SERVICES, 30)
        for service in SERVICES:
            for cid in self.containers(service):
                env = inspect(cid)["Config"].get("Env") or []
                leaked = [e.split("=", 1)[0] for e in env if any(p in e for p in self.passwords)]
                check(not leaked, f"a password is in the {service} container's environment: {leaked}")
        end = time.monotonic() + 60
        while True:
            members = self.patroni_cluster("pg-1") or {}
            roles = sorted((m["role"], m["state"]) for m in members.values())
            if roles == [("leader", "running"), ("replica", "running"), ("sync_standby", "running")] \
                    or roles == [("leader", "running"), ("replica", "streaming"), ("sync_standby", "streaming")]:
                break
            check(time.monotonic() < end, f"Patroni members not one leader, one sync standby, one replica: {members}")
            time.sleep(1)
        log("patroni: " + ", ".join(f"{n} {m['role']}" for n, m in sorted(members.items())))
        self.wait_ready(30)

    def wait_ready(self, deadline_s):
        end = time.monotonic() + deadline_s
        last = None
        while time.monotonic() < end:
            try:
                last, _ = Client(self.http_port, timeout=5).request("GET", "/health/ready")
                if last == 200:
                    return
            except OSError as e:
                last = repr(e)
            time.sleep(0.5)
        raise Failure(f"/health/ready did not answer 200 within {deadline_s} s (last: {last})")

    # 3, 4 -----------------------------------------------------------------------
    def failover(self):
        c = Client(self.http_port)
        user = {"username": f"ha{secrets.token_hex(4)}", "password": "correct horse battery"}
        c.ok("POST", "/api/v1/auth/register", user, expect=(201,))
        c.ok("POST", "/api/v1/auth/login", user, expect=(200, 204))
        first_day = datetime.date(2026, 1, 1)
        results = []  # (writer, start, end, status or error, id)
        lock = threading.Lock()
        stop = threading.Event()

        def writer(w):
            client = Client(self.http_port)
            client.cookie = c.cookie
            n = 0
            while not stop.is_set() and n < 4000:
                n += 1
                # A day holds at most 200 food entries (hardening.md quotas).
                day = (first_day + datetime.timedelta(days=w * 60 + n // 150)).isoformat()
                t = time.monotonic()
                try:
                    status, data = client.request("POST", "/api/v1/food-entries",
                                                  {"date": day, "name": f"ha {w}-{n}", "calories": 10})
                except OSError as e:  # a timeout included: a hang
                    status, data = repr(e), None
                entry_id = data.get("id") if status == 201 and isinstance(data, dict) else None
                if status not in (201, 503):
                    status = f"{status} {data!r}"[:300]
                with lock:
                    results.append((w, t, time.monotonic(), status, entry_id))
                if status != 201:
                    time.sleep(0.1)

        threads = [threading.Thread(target=writer, args=(w,), daemon=True) for w in range(WRITERS)]
        for t in threads:
            t.start()
        try:
            time.sleep(5)
            members = self.patroni_cluster("pg-1") or self.patroni_cluster("pg-2")
            (old,) = [n for n, m in members.items() if m["role"] == "leader"]
            (sync,) = [n for n, m in members.items() if m["role"] == "sync_standby"]
            self.killed = old
            (cid,) = self.containers(old)
            t_kill = time.monotonic()
            run(["docker", "kill", cid])
            log(f"killed the primary {old} (sync standby: {sync})")
            survivor = next(m for m in MEMBERS if m != old)
            new, t_elected = None, None
            while time.monotonic() < t_kill + 90:
                members = self.patroni_cluster(survivor) or {}
                leaders = [n for n, m in members.items()
                           if m["role"] == "leader" and m["state"] == "running" and n != old]
                if leaders:
                    new, t_elected = leaders[0], time.monotonic()
                    break
                time.sleep(0.5)
            check(new, f"no new primary within 90 s of killing {old}: {members}")
            log(f"new primary {new}, {t_elected - t_kill:.1f} s after the kill")
            # Writes must come back by themselves; then 5 s more of steady load.
            t_back = None
            while time.monotonic() < t_kill + 120:
                with lock:
                    acks = [r for r in results if r[1] > t_elected and r[3] == 201]
                if acks:
                    t_back = min(r[2] for r in acks)
                    break
                time.sleep(0.2)
            check(t_back, "no write was acknowledged within 120 s of the kill")
            time.sleep(5)
        finally:
            stop.set()
            for t in threads:
                t.join(REQUEST_TIMEOUT + 5)
        t_end = time.monotonic()

        def rel(t):
            return t - t_kill

        acked = [r for r in results if r[3] == 201]
        unavailable = [r for r in results if r[3] == 503]
        wrong = [r for r in results if r[3] not in (201, 503)]
        for r in wrong[:3]:
            log(f"unexpected answer at +{r[1] - t_kill:.1f} s: {r[3]}")
        slow = [r for r in results if r[2] - r[1] > REQUEST_TIMEOUT]
        recovered = max((r[2] for r in unavailable), default=t_kill)
        log(f"writes: {len(results)} ({len(acked)} acknowledged, {len(unavailable)} answered 503, "
            f"{len(wrong)} other), over {t_end - results[0][1]:.0f} s")
        if unavailable:
            log(f"503s from +{rel(min(r[1] for r in unavailable)):.1f} s to +{rel(recovered):.1f} s after the kill; "
                f"slowest answer {max(r[2] - r[1] for r in results):.2f} s")
        log(f"FAILOVER: new primary {new} elected {rel(t_elected):.1f} s after the kill of {old}; "
            f"the API acknowledged writes again {rel(t_back):.1f} s after the kill, by itself")
        check(not wrong, f"answers other than 201 or 503 during the fail-over: "
                         f"{[(round(rel(r[1]), 1), r[3]) for r in wrong[:10]]}")
        check(not slow, f"{len(slow)} requests took over {REQUEST_TIMEOUT} s (a hang)")
        check(all(r[1] >= t_kill - 1 for r in unavailable),
              f"503 before the kill: {[round(rel(r[1]), 1) for r in unavailable if r[1] < t_kill - 1][:10]}")
        late = [r for r in unavailable if r[1] > t_back]
        check(not late, f"503 after the API had recovered: {[round(rel(r[1]), 1) for r in late][:10]}")
        check(any(r[2] < t_kill for r in acked), "no write acknowledged before the kill")
        check(sum(1 for r in acked if r[1] > t_back) >= WRITERS,
              "too few writes acknowledged after the recovery")
        self.wait_ready(30)
        # Every acknowledged write is there, read back through the API.
        last_day = (first_day + datetime.timedelta(days=WRITERS * 60)).isoformat()
        entries = c.ok("GET", f"/api/v1/food-entries?from={first_day.isoformat()}&to={last_day}")
        ids = {e["id"] for e in entries["items"]}
        lost = [r[4] for r in acked if r[4] not in ids]
        log(f"read back: {len(ids)} rows, every one of the {len(acked)} acknowledged writes "
            f"{'present' if not lost else 'NOT present'}")
        check(not lost, f"{len(lost)} acknowledged writes lost in the fail-over: {lost[:10]}")
        check(len(ids) <= len(results), "more rows than writes")
        self.rows = len(ids)
        self.new_primary = new
        self.failover_s = (rel(t_elected), rel(t_back))

    # 5 --------------------------------------------------------------------------
    def rejoin(self):
        (cid,) = self.containers(self.killed)
        run(["docker", "start", cid])
        end = time.monotonic() + 120
        while True:
            members = self.patroni_cluster(self.new_primary) or {}
            me, leader = members.get(self.killed, {}), members.get(self.new_primary, {})
            if me.get("role") in ("replica", "sync_standby") and me.get("state") in ("running", "streaming") \
                    and me.get("timeline") == leader.get("timeline") and me.get("lag") == 0:
                break
            check(time.monotonic() < end, f"{self.killed} did not rejoin as a standby within 120 s: {members}")
            time.sleep(1)
        log(f"{self.killed} rejoined as {me['role']} on timeline {me['timeline']}")
        self.wait_healthy(SERVICES, 60)
        rows = int(self.psql(self.killed, "SELECT count(*) FROM food_entries WHERE name LIKE 'ha %'"))
        check(rows == self.rows, f"the rejoined {self.killed} has {rows} rows, the primary {self.rows}")

    # 6 --------------------------------------------------------------------------
    def teardown(self, failed):
        if self.base is None:
            return
        if failed:
            bad = []
            try:
                self.compose("ps", "-a", check_rc=False, timeout=60)
                for s in SERVICES:
                    if s == self.killed or any(st != "healthy" or n for _, st, n in self.health(s)) \
                            or not self.health(s):
                        bad.append(s)
            except Exception as e:  # keep going: the logs matter more
                log(f"could not read container states: {e}")
            # The app is what is under test: its log names what it answered and why.
            for s in sorted(set(bad + ["app"]), key=SERVICES.index):
                log(f"---- logs of failed service {s} (last 150 lines) ----")
                self.compose("logs", "--no-color", "--tail", "150", s, check_rc=False, timeout=120)
        log("==> teardown: down -v")
        self.compose("down", "-v", "--remove-orphans", "--timeout", "10", check_rc=False, timeout=300)
        shutil.rmtree(self.tmp, ignore_errors=True)


def main():
    test = Test()
    failed = True
    steps = [
        ("1a prepare base-image stand-ins (deploy/offline/prepare.sh)", test.prepare),
        ("1b build the deploy/ha images (once per inputs)", test.images),
        ("2 up --profile ha: every container healthy, one leader, one sync standby", test.up),
        ("3 kill the primary under write load: 503 only during the switch, then recovered; "
         "4 every acknowledged write present", test.failover),
        ("5 the killed member rejoins as a standby with every row", test.rejoin),
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
        try:
            test.teardown(failed)
        finally:
            test.steps.append(("6 teardown (down -v)", "ok", time.monotonic() - t))
    print("\n---- ha test ----")
    for name, result, secs in test.steps:
        print(f"{result:6} {secs:7.1f}s  {name}")
    if getattr(test, "failover_s", None):
        print(f"failover: new primary after {test.failover_s[0]:.1f} s, "
              f"writes acknowledged again after {test.failover_s[1]:.1f} s")
    print(f"total  {time.monotonic() - T0:7.1f}s")
    print(f"ha: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
