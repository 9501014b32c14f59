#!/usr/bin/env python3
"""Load benchmark of the NutriNube server (run it through `bash bench/load.sh`).

For each backend (PostgreSQL, then SQLite) it starts the release binary on a
fresh database, seeds a realistic account through the API, and drives each
scenario with wrk (16 connections, 2 threads): a warm-up, then a measured run.
It prints requests/s, p50, p99, errors and the ratio to the ceiling
(`GET /health/live`, measured in the same run), the server's peak resident
memory (VmHWM), pgbench -S beside it on PostgreSQL, and PASS/MISS for each
target of issue 7. Results go to <out>/load.json and <out>/load.md.

Python 3.11 standard library only. Environment knobs:
  BENCH_QUICK=1            short runs for development (3 s measured, 1 s warm-up),
                           results to $TMPDIR/nutrinube-bench-quick unless BENCH_OUT
  BENCH_DURATION=10        seconds measured per scenario
  BENCH_WARMUP=3           seconds of warm-up before each measured run
  BENCH_CONNECTIONS=16     wrk connections (and pgbench clients)
  BENCH_THREADS=2          wrk threads (and pgbench -j)
  BENCH_BACKENDS="postgres sqlite"
  BENCH_SCENARIOS=...      comma-separated subset of scenario names
  BENCH_PG_DURABLE=1       PostgreSQL with its default durability (fsync,
                           synchronous_commit, full_page_writes on); 0 keeps the
                           throwaway cluster's fsync=off
  BENCH_PG_SOCKET=1        the server and pgbench reach PostgreSQL over its Unix
                           socket instead of TCP on 127.0.0.1
  BENCH_OUT=bench/results  where load.json and load.md go
  BENCH_PROFILE=a,b        perf record (whole machine) during these scenarios'
                           measured runs; summaries to <out>/perf-<backend>-<scenario>.txt
                           (bench/profile.sh: with a binary that has symbols)
  BENCH_STRICT=1           exit 1 when a PostgreSQL target is missed
  NUTRINUBE_BIN            the server binary (default target/release/nutrinube)
  TEST_DATABASE_URL, PG_BIN_DIR   set by scripts/with-postgres.sh
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "lua" / "scenario.lua"

# The Flask predecessor, measured on a machine like this one (issue 7).
FLASK = {
    "summary_daily": {"rps": 500, "p99_ms": 45},
    "food_entry_post": {"rps": 380, "p99_ms": 55},
}
FLASK_WORKER_RSS_MB = 80

USERNAME = "bench"
PASSWORD = "bench-password-1"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] bench: {msg}", file=sys.stderr, flush=True)


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


class Settings:
    def __init__(self) -> None:
        self.quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
        self.duration = env_int("BENCH_DURATION", 3 if self.quick else 10)
        self.warmup = env_int("BENCH_WARMUP", 1 if self.quick else 3)
        self.connections = env_int("BENCH_CONNECTIONS", 16)
        self.threads = env_int("BENCH_THREADS", 2)
        self.backends = os.environ.get("BENCH_BACKENDS", "postgres sqlite").split()
        wanted = os.environ.get("BENCH_SCENARIOS", "").strip()
        self.scenarios = [s.strip() for s in wanted.split(",") if s.strip()] or None
        self.pg_durable = os.environ.get("BENCH_PG_DURABLE", "1") not in ("", "0")
        self.pg_socket = os.environ.get("BENCH_PG_SOCKET", "") not in ("", "0")
        self.profile = [p.strip() for p in os.environ.get("BENCH_PROFILE", "").split(",") if p.strip()]
        default_out = (
            Path(os.environ.get("TMPDIR", "/tmp")) / "nutrinube-bench-quick"
            if self.quick
            else ROOT / "bench" / "results"
        )
        self.out = Path(os.environ.get("BENCH_OUT", "") or default_out)
        target_dir = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        self.binary = Path(os.environ.get("NUTRINUBE_BIN", target_dir / "release" / "nutrinube"))


# --- the server -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


class Server:
    """The release binary on its own port, its stdout (the JSON log) to a file,
    its resident memory sampled in the background."""

    def __init__(self, binary: Path, database_url: str, workdir: Path) -> None:
        self.port = free_port()
        self.log_path = workdir / f"server-{self.port}.log"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url,
            NUTRINUBE_LISTEN=f"127.0.0.1:{self.port}",
            NUTRINUBE_LOG="info",
            NUTRINUBE_DATA_DIR=str(workdir / "data"),
        )
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(binary), "serve"], env=env, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        self.samples: list[tuple[float, int]] = []  # (time, VmRSS KiB)
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.is_set() and self.proc.poll() is None:
            rss = read_status(self.proc.pid).get("VmRSS")
            if rss:
                self.samples.append((time.monotonic(), rss))
            self._stop.wait(0.25)

    def status(self) -> dict[str, int]:
        return read_status(self.proc.pid)

    def rss_max_since(self, since: float) -> int:
        return max((kib for t, kib in self.samples if t >= since), default=0)

    def wait_ready(self, timeout: float = 120) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/health/ready")
                if conn.getresponse().status == 200:
                    return time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server was not ready after {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        self._stop.set()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


# --- seeding through the API ----------------------------------------------------


class Api:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie: str | None = None

    def call(self, method: str, path: str, body=None, expect=(200, 201, 204)):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if self.cookie:
            headers["Cookie"] = f"nutrinube_session={self.cookie}"
        self.conn.request(method, path, body=data, headers=headers)
        resp = self.conn.getresponse()
        raw = resp.read()
        if resp.status not in expect:
            raise RuntimeError(f"{method} {path}: {resp.status} {raw[:300]!r}")
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie" and value.startswith("nutrinube_session="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        return json.loads(raw) if raw and resp.getheader("content-type", "").endswith("json") else None


FOOD_QUERIES = [
    "oatmeal", "banana raw", "milk", "egg whole", "bread whole wheat", "chicken breast",
    "rice white", "broccoli raw", "salmon", "apple raw", "yogurt greek", "cheddar cheese",
    "almonds", "pasta cooked", "ground beef", "orange juice", "peanut butter", "lentils",
    "potato baked", "spinach raw",
]
ACTIVITY_QUERIES = ["running", "walking", "cycling", "swimming", "yoga"]
# 20 entries a day in 4 meals.
MEALS = ["breakfast"] * 5 + ["lunch"] * 5 + ["dinner"] * 6 + ["snack"] * 4


def seed(port: int, today: dt.date, days: int = 90) -> dict:
    """An account with goals, a profile, and `days` days of history: each day
    20 food entries in 4 meals (half from the catalogue, half by hand) and 5
    activities (3 from the activity catalogue, 2 by hand)."""
    api = Api(port)
    api.call("POST", "/api/v1/auth/register", {"username": USERNAME, "password": PASSWORD})
    api.call("POST", "/api/v1/auth/login", {"username": USERNAME, "password": PASSWORD})
    api.call("PUT", "/api/v1/goals", {"calories": 2300, "protein_g": 140, "fat_g": 75, "carbs_g": 260})
    api.call("PUT", "/api/v1/profile", {
        "sex": "female", "birth_date": "1990-04-15", "height_cm": 168,
        "weight_kg": 64.5, "activity_level": "moderate",
    })
    food_ids = []
    for q in FOOD_QUERIES:
        items = api.call("GET", "/api/v1/foods?" + urllib.parse.urlencode({"q": q, "limit": 1}))["items"]
        if items:
            food_ids.append(items[0]["id"])
    activity_ids = []
    for q in ACTIVITY_QUERIES:
        items = api.call("GET", "/api/v1/activities?" + urllib.parse.urlencode({"q": q}))["items"]
        if items:
            activity_ids.append(items[0]["id"])
    if len(food_ids) < 10 or len(activity_ids) < 3:
        raise RuntimeError(f"catalogue searches found too little: foods {food_ids}, activities {activity_ids}")
    started = time.monotonic()
    n_food = n_act = 0
    for d in range(days):
        date = (today - dt.timedelta(days=d)).isoformat()
        for i, meal in enumerate(MEALS):
            if i % 2 == 0:
                body = {"date": date, "meal": meal, "food_id": food_ids[(d + i) % len(food_ids)],
                        "quantity_g": 50 + (d * 7 + i * 13) % 200}
            else:
                body = {"date": date, "meal": meal, "name": f"Home-made dish {i}",
                        "calories": 120 + (d * 11 + i * 17) % 400, "protein_g": 5 + i % 20,
                        "fat_g": 3.5 + i % 15, "carbs_g": 10 + (d + i) % 50}
            api.call("POST", "/api/v1/food-entries", body, expect=(201,))
            n_food += 1
        for j in range(5):
            if j < 3:
                body = {"date": date, "activity_id": activity_ids[(d + j) % len(activity_ids)],
                        "duration_min": 20 + (d + j * 7) % 40}
            else:
                body = {"date": date, "name": f"Gardening {j}", "duration_min": 30, "kcal_burned": 150 + j * 10}
            api.call("POST", "/api/v1/activity-entries", body, expect=(201,))
            n_act += 1
    return {
        "cookie": api.cookie,
        "food_entries": n_food,
        "activity_entries": n_act,
        "days": days,
        "seconds": round(time.monotonic() - started, 1),
        "food_ids": food_ids,
    }


# --- wrk --------------------------------------------------------------------------

SEARCH_QUERIES = [
    "apple", "chicken breast", "brocoli", "milk", "greek yogurt", "rice", "banana",
    "cheddar", "oatmeal", "salmon", "peanut butter", "whole wheat bread", "egg",
    "orange juice", "spinach", "almonds", "potato", "lentils", "beef", "chocolate",
]


def food_entry_bodies(food_ids: list[int], count: int = 400) -> list[str]:
    """POST bodies on days outside the seeded history (2019–2023), so that the
    read scenarios of a later run or of the soak see the same days."""
    bodies = []
    start = dt.date(2019, 1, 1)
    for i in range(count):
        date = (start + dt.timedelta(days=(i * 37) % 1800)).isoformat()
        meal = ["breakfast", "lunch", "dinner", "snack"][i % 4]
        if i % 2 == 0:
            body = {"date": date, "meal": meal, "food_id": food_ids[i % len(food_ids)], "quantity_g": 80 + i % 120}
        else:
            body = {"date": date, "meal": meal, "name": f"Sandwich {i}", "calories": 250 + i % 300,
                    "protein_g": 12.5, "fat_g": 9.1, "carbs_g": 31.4}
        bodies.append(json.dumps(body, separators=(",", ":")))
    return bodies


def scenarios(today: dt.date, food_ids: list[int]) -> list[dict]:
    """Each scenario: name, label, request lines for bench/lua/scenario.lua,
    whether it sends the session cookie. In the order they run."""
    day = today.isoformat()
    first = (today - dt.timedelta(days=89)).isoformat()
    return [
        {"name": "live", "label": "GET /health/live (ceiling)", "cookie": False,
         "requests": ["GET\t/health/live"]},
        {"name": "summary_daily", "label": "GET /api/v1/summary/daily", "cookie": True,
         "requests": [f"GET\t/api/v1/summary/daily?date={day}"]},
        {"name": "summary_range", "label": "GET /api/v1/summary (90 days)", "cookie": True,
         "requests": [f"GET\t/api/v1/summary?from={first}&to={day}"]},
        {"name": "search", "label": "GET /api/v1/foods?q= (search)", "cookie": True,
         "requests": ["GET\t/api/v1/foods?" + urllib.parse.urlencode({"q": q}, quote_via=urllib.parse.quote)
                      for q in SEARCH_QUERIES]},
        {"name": "diary", "label": "GET /diary (web page)", "cookie": True,
         "requests": [f"GET\t/diary?date={day}"]},
        {"name": "food_entry_post", "label": "POST /api/v1/food-entries", "cookie": True,
         "requests": [f"POST\t/api/v1/food-entries\t{b}" for b in food_entry_bodies(food_ids)]},
        {"name": "login", "label": "POST /api/v1/auth/login (argon2id)", "cookie": False,
         "requests": ["POST\t/api/v1/auth/login\t"
                      + json.dumps({"username": USERNAME, "password": PASSWORD}, separators=(",", ":"))]},
    ]


def run_wrk(port: int, requests: list[str], cookie: str | None, seconds: int, s: Settings) -> dict:
    env = dict(os.environ)
    env["BENCH_REQUESTS"] = "\n".join(requests)
    env["BENCH_COOKIE"] = cookie or ""
    cmd = ["wrk", f"-t{s.threads}", f"-c{s.connections}", f"-d{seconds}s", "--timeout", "5s",
           "-s", str(LUA), f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            r = json.loads(line[len("BENCH_JSON "):])
            secs = r["duration_us"] / 1e6
            r["rps"] = r["requests"] / secs if secs else 0.0
            r["errors_total"] = sum(r["errors"].values())
            return r
    raise RuntimeError(f"wrk printed no result:\n{out}")


# --- profiles (BENCH_PROFILE) -------------------------------------------------------


def start_perf(s: Settings, backend: str, scenario: str, server_pid: int):
    """perf record of the whole machine (server, PostgreSQL, wrk, kernel) during
    the measured run of a scenario named in BENCH_PROFILE."""
    if scenario not in s.profile:
        return None
    data = s.out / f"perf-{backend}-{scenario}.data"
    s.out.mkdir(parents=True, exist_ok=True)
    cmd = ["perf", "record", "-F", "499", "-a", "-g", "-o", str(data), "--", "sleep", str(s.duration)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (proc, data, backend, scenario, server_pid)


def finish_perf(perf, s: Settings) -> str:
    """Writes perf-<backend>-<scenario>.txt: CPU by process, then the hottest
    symbols of the server and of PostgreSQL (self time), and answers its path."""
    proc, data, backend, scenario, pid = perf
    proc.wait()
    report = ["perf", "report", "-i", str(data), "--stdio", "--percent-limit", "0.4"]
    parts = [f"# perf record -F 499 -a -g during the measured run of {scenario} on {backend}", ""]
    for title, extra in [
        ("CPU samples by process name (whole machine)", ["--no-children", "--sort", "comm", "-g", "none"]),
        ("CPU samples by process (whole machine)", ["--no-children", "--sort", "pid", "-g", "none"]),
        (f"the server (pid {pid}): hottest functions, self time, % of the server's samples",
         ["--no-children", "--pid", str(pid), "--percentage", "relative", "--sort", "dso,symbol", "-g", "none"]),
        (f"the server (pid {pid}): functions including what they call, % of the server's samples",
         ["--children", "--pid", str(pid), "--percentage", "relative", "--sort", "symbol", "-g", "none",
          "--percent-limit", "3"]),
        ("postgres (every postgres process on the machine): hottest functions, self time, % of their samples",
         ["--no-children", "--comms", "postgres", "--percentage", "relative", "--sort", "dso,symbol", "-g", "none"]),
    ]:
        out = subprocess.run(report + extra, capture_output=True, text=True).stdout
        lines = [ln for ln in out.splitlines() if ln.strip() and not ln.startswith("#")]
        parts += [f"## {title}", "", *lines[:80], ""]
    path = s.out / f"perf-{backend}-{scenario}.txt"
    path.write_text("\n".join(parts) + "\n")
    if os.environ.get("BENCH_PERF_KEEP", "") in ("", "0"):
        data.unlink(missing_ok=True)
    log(f"{backend}: profile of {scenario} in {path}")
    return str(path)


# --- PostgreSQL: durability and pgbench -------------------------------------------


def pg_conn_args(url: str) -> list[str]:
    u = urllib.parse.urlparse(url)
    return ["-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]


def pg_tool(name: str) -> str:
    bin_dir = os.environ.get("PG_BIN_DIR")
    if bin_dir and (Path(bin_dir) / name).exists():
        return str(Path(bin_dir) / name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found (set PG_BIN_DIR)")
    return found


def psql(url: str, *sql: str, db: str = "postgres") -> str:
    cmd = [pg_tool("psql"), *pg_conn_args(url), "-d", db, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
    for statement in sql:
        cmd += ["-c", statement]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


def pg_socket_dir(url: str) -> str:
    return psql(url, "SHOW unix_socket_directories").split(",")[0].strip()


def app_database_url(pg_url: str, database: str, s: Settings) -> str:
    """The server's DATABASE_URL: TCP to 127.0.0.1 like the test cluster's URL,
    or with BENCH_PG_SOCKET=1 the cluster's Unix socket."""
    u = urllib.parse.urlparse(pg_url)
    if s.pg_socket:
        query = urllib.parse.urlencode({"host": pg_socket_dir(pg_url)})
        return urllib.parse.urlunparse(u._replace(netloc=f"{u.username or 'postgres'}@localhost:{u.port or 5432}",
                                                  path=f"/{database}", query=query))
    return urllib.parse.urlunparse(u._replace(path=f"/{database}"))


def pg_durable(url: str) -> None:
    """Undo the throwaway cluster's fsync=off: PostgreSQL's defaults."""
    psql(url, "ALTER SYSTEM SET fsync = on", "ALTER SYSTEM SET synchronous_commit = on",
         "ALTER SYSTEM SET full_page_writes = on", "SELECT pg_reload_conf()")


def pgbench(url: str, s: Settings) -> dict:
    """pgbench -S (single-row selects by primary key) with the same clients."""
    args = pg_conn_args(url)
    if s.pg_socket:
        args[1] = pg_socket_dir(url)
    if psql(url, "SELECT 1 FROM pg_database WHERE datname = 'pgbench'") != "1":
        psql(url, "CREATE DATABASE pgbench")
        subprocess.run([pg_tool("pgbench"), *args, "-i", "-q", "-s", "10", "pgbench"],
                       capture_output=True, text=True, check=True)
    base = [pg_tool("pgbench"), *args, "-S", f"-c{s.connections}", f"-j{s.threads}", "-n"]
    subprocess.run([*base, "-T", str(max(s.warmup, 1)), "pgbench"], capture_output=True, check=True)
    out = subprocess.run([*base, "-T", str(s.duration), "pgbench"],
                         capture_output=True, text=True, check=True).stdout
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out)
    lat = re.search(r"latency average = ([0-9.]+) ms", out)
    return {
        "command": f"pgbench -S -c{s.connections} -j{s.threads} -T {s.duration} (scale 10)",
        "tps": float(tps.group(1)) if tps else None,
        "latency_avg_ms": float(lat.group(1)) if lat else None,
    }


# --- the machine ----------------------------------------------------------------


def sh(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine(pg_url: str | None) -> dict:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    commit = sh("git", "rev-parse", "--short", "HEAD")
    if sh("git", "status", "--porcelain", "--untracked-files=no", "--", "src", "Cargo.toml", "Cargo.lock"):
        commit += " (with uncommitted changes)"
    wrk_version = sh("wrk", "-v").splitlines()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": sh("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
        "postgresql": psql(pg_url, "SHOW server_version") if pg_url else None,
        "wrk": wrk_version[0].split(" Copyright")[0].strip() if wrk_version else "",
        "rustc": sh("rustc", "--version"),
        "commit": commit,
    }


# --- targets ----------------------------------------------------------------------


def checks(backend: str, res: dict, pg: dict | None) -> list[dict]:
    sc = res["scenarios"]
    out = []

    def add(what: str, ok: bool | None, measured: str) -> None:
        out.append({"target": what, "result": "n/a" if ok is None else ("PASS" if ok else "MISS"),
                    "measured": measured})

    if "summary_daily" in sc:
        r = sc["summary_daily"]
        add("daily summary ≥ 10,000 req/s (20× Flask's 500)", r["rps"] >= 10_000, f"{r['rps']:,.0f} req/s")
        add("daily summary p99 < 5 ms", r["latency_us"]["p99"] < 5000, f"{r['latency_us']['p99'] / 1000:.2f} ms")
        if pg and pg.get("tps"):
            add("daily summary ≥ ½ of pgbench -S", r["rps"] >= pg["tps"] / 2,
                f"{r['rps']:,.0f} vs {pg['tps']:,.0f} tps ({r['rps'] / pg['tps']:.2f})")
    if "food_entry_post" in sc:
        r = sc["food_entry_post"]
        add("adding a food entry ≥ 7,600 req/s (20× Flask's 380)", r["rps"] >= 7_600, f"{r['rps']:,.0f} req/s")
        add("adding a food entry p99 < 5 ms", r["latency_us"]["p99"] < 5000, f"{r['latency_us']['p99'] / 1000:.2f} ms")
    if "search" in sc:
        r = sc["search"]
        add("catalogue search p99 < 10 ms", r["latency_us"]["p99"] < 10_000, f"{r['latency_us']['p99'] / 1000:.2f} ms")
    peak = res["memory"]["peak_rss_kib"]
    add("server peak resident memory < 60 MB (whole run)", peak * 1024 < 60_000_000,
        f"{peak / 1024:.1f} MiB ({peak * 1024 / 1e6:.1f} MB)")
    errors = sum(r["errors_total"] for r in sc.values())
    add("zero errors", errors == 0, f"{errors}")
    return out


# --- one backend ------------------------------------------------------------------


def run_backend(backend: str, s: Settings, workdir: Path) -> dict:
    pg_url = None
    if backend == "postgres":
        pg_url = os.environ.get("TEST_DATABASE_URL")
        if not pg_url:
            raise RuntimeError("no TEST_DATABASE_URL: run through bench/load.sh (scripts/with-postgres.sh)")
        if s.pg_durable:
            pg_durable(pg_url)
        psql(pg_url, "DROP DATABASE IF EXISTS nutrinube_bench", "CREATE DATABASE nutrinube_bench")
        database_url = app_database_url(pg_url, "nutrinube_bench", s)
    else:
        db = workdir / "sqlite" / "nutrinube.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite://{db}"

    log(f"{backend}: starting {s.binary.relative_to(ROOT) if s.binary.is_relative_to(ROOT) else s.binary}")
    server = Server(s.binary, database_url, workdir)
    try:
        ready_s = server.wait_ready()
        log(f"{backend}: ready in {ready_s:.1f} s (catalogue loaded); seeding")
        today = dt.date.today()
        seeded = seed(server.port, today)
        log(f"{backend}: seeded {seeded['food_entries']} food entries, {seeded['activity_entries']} "
            f"activities over {seeded['days']} days in {seeded['seconds']} s")
        after_seed = server.status()
        results = {}
        for sc in scenarios(today, seeded["food_ids"]):
            if s.scenarios and sc["name"] not in s.scenarios and sc["name"] != "live":
                continue
            cookie = seeded["cookie"] if sc["cookie"] else None
            if s.warmup > 0:
                run_wrk(server.port, sc["requests"], cookie, s.warmup, s)
            t0 = time.monotonic()
            perf = start_perf(s, backend, sc["name"], server.proc.pid)
            r = run_wrk(server.port, sc["requests"], cookie, s.duration, s)
            if perf:
                r["profile"] = finish_perf(perf, s)
            r["label"] = sc["label"]
            r["rss_max_kib"] = server.rss_max_since(t0)
            r["loadavg_after"] = loadavg()
            results[sc["name"]] = r
            log(f"{backend}: {sc['label']}: {r['rps']:,.0f} req/s, p50 {r['latency_us']['p50'] / 1000:.2f} ms, "
                f"p99 {r['latency_us']['p99'] / 1000:.2f} ms, errors {r['errors_total']}")
        end = server.status()
        pg = None
        if pg_url:
            log(f"{backend}: pgbench -S -c{s.connections} -j{s.threads}")
            pg = pgbench(pg_url, s)
            log(f"{backend}: pgbench -S: {pg['tps']:,.0f} tps")
    finally:
        server.stop()
    ceiling = results.get("live", {}).get("rps") or None
    for r in results.values():
        r["ratio_to_ceiling"] = (r["rps"] / ceiling) if ceiling else None
    res = {
        "backend": backend,
        "database": "PostgreSQL" + (" (fsync, synchronous_commit on)" if s.pg_durable else " (fsync off)")
        if backend == "postgres" else "SQLite (WAL, synchronous=NORMAL)",
        "ready_seconds": round(ready_s, 1),
        "seed": {k: v for k, v in seeded.items() if k not in ("cookie", "food_ids")},
        "scenarios": results,
        "pgbench": pg,
        "memory": {
            "peak_rss_kib": end.get("VmHWM", 0),
            "peak_rss_after_seed_kib": after_seed.get("VmHWM", 0),
            "rss_at_end_kib": end.get("VmRSS", 0),
        },
    }
    res["checks"] = checks(backend, res, pg)
    return res


# --- reporting --------------------------------------------------------------------


def ms(us: float) -> str:
    return f"{us / 1000:.2f} ms"


def table(res: dict) -> list[str]:
    lines = ["| scenario | req/s | p50 | p99 | errors | × ceiling |", "|---|---:|---:|---:|---:|---:|"]
    for r in res["scenarios"].values():
        ratio = f"{r['ratio_to_ceiling']:.2f}" if r["ratio_to_ceiling"] is not None else "–"
        lines.append(f"| {r['label']} | {r['rps']:,.0f} | {ms(r['latency_us']['p50'])} | "
                     f"{ms(r['latency_us']['p99'])} | {r['errors_total']} | {ratio} |")
    return lines


def report(run: dict) -> str:
    m = run["machine"]
    s = run["settings"]
    out = [
        "# Load benchmark",
        "",
        f"`bash bench/load.sh`, {run['date']}, commit {m['commit']}: {m['nproc']} cores, {m['cpu']}, "
        f"{m['ram_gib']} GiB RAM, {m['os']}, Linux {m['kernel']}; PostgreSQL {m['postgresql'] or '–'} "
        f"on the same host; {m['wrk']}; release build ({m['rustc']}).",
        "",
        f"wrk with {s['threads']} threads and {s['connections']} connections, {s['warmup']} s warm-up then "
        f"{s['duration']} s measured per scenario; server, database and load generator share the "
        f"{m['nproc']} cores (no pinning). Load average (1, 5, 15 min) before the run: {run['loadavg_before']}, "
        f"after: {run['loadavg_after']}. Seeded account: 90 days × (20 food entries in 4 meals + 5 activities), "
        "the full bundled food catalogue. The daily summary is today's (20 entries, 5 activities); "
        "the range summary covers the 90 days; new food entries go to days outside that history.",
        "",
    ]
    for res in run["backends"]:
        out += [f"## {res['database']}", ""]
        out += table(res)
        out.append("")
        mem = res["memory"]
        out.append(f"- server peak resident memory (VmHWM, whole run incl. start-up and catalogue load): "
                   f"**{mem['peak_rss_kib'] / 1024:.1f} MiB**; after start-up and seeding: "
                   f"{mem['peak_rss_after_seed_kib'] / 1024:.1f} MiB; at the end: {mem['rss_at_end_kib'] / 1024:.1f} MiB "
                   f"(Flask: ~{FLASK_WORKER_RSS_MB} MB per worker process)")
        if res["pgbench"]:
            pg = res["pgbench"]
            out.append(f"- PostgreSQL itself, `{pg['command']}`: **{pg['tps']:,.0f} tps**, "
                       f"latency average {pg['latency_avg_ms']} ms")
        for name, flask in FLASK.items():
            if name in res["scenarios"]:
                r = res["scenarios"][name]
                out.append(f"- {r['label']}: {r['rps'] / flask['rps']:.1f}× Flask's {flask['rps']} req/s; "
                           f"p99 {ms(r['latency_us']['p99'])} vs Flask's {flask['p99_ms']} ms")
        out.append(f"- ready (migrated, catalogue loaded) {res['ready_seconds']} s after start; seeding took "
                   f"{res['seed']['seconds']} s")
        out.append("")
        note = "" if res["backend"] == "postgres" else " (the targets are set for PostgreSQL; shown for comparison)"
        out += [f"Targets{note}:", "", "| target | measured | result |", "|---|---|---|"]
        for c in res["checks"]:
            out.append(f"| {c['target']} | {c['measured']} | **{c['result']}** |")
        out.append("")
    return "\n".join(out)


def main() -> int:
    s = Settings()
    if not s.binary.exists():
        log(f"{s.binary} is missing: build it with `cargo build --release` (bench/load.sh does)")
        return 2
    if not shutil.which("wrk"):
        log("wrk is missing: apt-get install wrk (bench/load.sh does)")
        return 2
    pg_url = os.environ.get("TEST_DATABASE_URL") if "postgres" in s.backends else None
    run = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "settings": {"duration": s.duration, "warmup": s.warmup, "connections": s.connections,
                     "threads": s.threads, "quick": s.quick, "pg_durable": s.pg_durable},
        "loadavg_before": loadavg(),
        "machine": machine(pg_url),
        "backends": [],
    }
    log(f"load average before: {run['loadavg_before']}; {s.duration} s per scenario, {s.warmup} s warm-up")
    with tempfile.TemporaryDirectory(prefix="nutrinube-bench-") as tmp:
        for backend in s.backends:
            run["backends"].append(run_backend(backend, s, Path(tmp)))
    run["loadavg_after"] = loadavg()
    text = report(run)
    s.out.mkdir(parents=True, exist_ok=True)
    (s.out / "load.json").write_text(json.dumps(run, indent=2) + "\n")
    (s.out / "load.md").write_text(text + "\n")
    print(text)
    log(f"wrote {s.out / 'load.json'} and {s.out / 'load.md'}")
    missed = [c for res in run["backends"] if res["backend"] == "postgres" for c in res["checks"]
              if c["result"] == "MISS"]
    for c in missed:
        log(f"MISS: {c['target']}: {c['measured']}")
    if os.environ.get("BENCH_STRICT", "") not in ("", "0") and missed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
