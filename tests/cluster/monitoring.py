"""The cluster test's monitoring part (cluster.md, "Monitoring"), used by cluster_test.py.

The `monitoring` profile's Prometheus runs with the real deploy/prometheus/
files, except that the test mounts a copy of prometheus.yml with second-long
intervals over the real one (the only change, checked when made), so that a
scrape and an evaluation come within the test's patience. Through Prometheus's
HTTP API (`/api/v1/query`, `/api/v1/rules`) on its published port it checks:
the app's target `up`, every alert of alerts.yml loaded and evaluated, the
app's request counter rising by at least the requests sent between two
queries, the readiness gauge, and later both replicas found by DNS discovery.

Only standard library; traffic only to 127.0.0.1.
"""
import http.client
import json
import os
import re
import socket
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONFIG = os.path.join(ROOT, "deploy", "prometheus", "prometheus.yml")
RULES = os.path.join(ROOT, "deploy", "prometheus", "alerts.yml")
SERVICES = ["prometheus"]
# The real file's intervals and what the test runs with instead.
TEST_INTERVALS = {
    "scrape_interval: 15s": "scrape_interval: 1s",
    "scrape_timeout: 10s": "scrape_timeout: 1s",
    "evaluation_interval: 15s": "evaluation_interval: 1s",
    "refresh_interval: 30s": "refresh_interval: 2s",
}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = _free_port()


def env_lines():
    """For the cluster's env file: Prometheus published on a free local port."""
    return f"NUTRINUBE_PROMETHEUS_PUBLISH=127.0.0.1:{PORT}\n"


def compose_args(tmp):
    """Compose arguments: the profile, and an override file that mounts the
    short-interval copy of prometheus.yml (made in `tmp`) over the real one."""
    text = open(CONFIG).read()
    for real, short in TEST_INTERVALS.items():
        if text.count(real) != 1:
            raise RuntimeError(f"{CONFIG} no longer has `{real}` once: update tests/cluster/monitoring.py")
        text = text.replace(real, short)
    config = os.path.join(tmp, "prometheus.yml")
    with open(config, "w") as f:
        f.write(text)
    os.chmod(config, 0o644)  # Prometheus runs as nobody
    override = os.path.join(tmp, "monitoring.yml")
    with open(override, "w") as f:
        f.write("services:\n  prometheus:\n    volumes:\n"
                f"      - {config}:/etc/prometheus/prometheus.yml:ro\n")
    return ["-f", override, "--profile", "monitoring"]


def api(path, **params):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        conn.request("GET", f"{path}?{urllib.parse.urlencode(params)}" if params else path)
        resp = conn.getresponse()
        body = json.loads(resp.read())
    finally:
        conn.close()
    if resp.status != 200 or body.get("status") != "success":
        raise RuntimeError(f"Prometheus {path} {params}: {resp.status} {body}")
    return body["data"]


def query(expr):
    """An instant query's vector: [(labels, value)]."""
    return [(r["metric"], float(r["value"][1])) for r in api("/api/v1/query", query=expr)["result"]]


def wait_for(what, fn, check, deadline_s=30):
    """Polls fn() until it answers a true value; fails with its last answer."""
    end = time.monotonic() + deadline_s
    last = None
    while True:
        try:
            last = fn()
            if last and last[0]:
                return last[1]
        except (OSError, RuntimeError, ValueError) as e:
            last = (False, repr(e))
        check(time.monotonic() < end, f"Prometheus: {what} not seen within {deadline_s} s (last: {last[1]!r})")
        time.sleep(0.5)


def targets_up(n, job="nutrinube"):
    up = query(f'up{{job="{job}"}}')
    return len(up) == n and all(v == 1 for _, v in up), up


def requests_total():
    got = query('sum(nutrinube_http_requests_total{job="nutrinube", route="/health/live"})')
    return got[0][1] if got else 0.0


def scrapes_the_app(test, check, log):
    """The app's target up, every alert loaded and evaluated, the request
    counter rising by the requests sent, the app ready."""
    n = len(test.cluster.containers("app"))
    up = wait_for(f"{n} nutrinube target(s) up", lambda: targets_up(n), check)
    log(f"prometheus: up{{job=\"nutrinube\"}} = {[(m.get('instance'), v) for m, v in up]}")
    wait_for("its own target up", lambda: targets_up(1, "prometheus"), check)

    want = set(re.findall(r"^\s*- alert: (\w+)$", open(RULES).read(), re.M))
    check(len(want) >= 6, f"only {sorted(want)} in {RULES}")

    def rules_ok():
        rules = [r for g in api("/api/v1/rules")["groups"] for r in g["rules"] if r["type"] == "alerting"]
        got = {r["name"]: r.get("health") for r in rules}
        return set(got) == want and all(h == "ok" for h in got.values()), got
    rules = wait_for("every alert of alerts.yml loaded and evaluated", rules_ok, check)
    log(f"prometheus: {len(rules)} alerting rules, all evaluated ok: {sorted(rules)}")
    firing = [a["labels"]["alertname"] for a in api("/api/v1/alerts")["alerts"] if a["state"] == "firing"]
    check("NutriNubeDown" not in firing, f"NutriNubeDown fires with the app up: {firing}")

    # The counter as Prometheus has it, then requests, then the counter again:
    # it must have risen by at least what was sent.
    before = wait_for("the request counter", lambda: (True, requests_total()), check)
    sent = 25
    for _ in range(sent):
        test.client.ok("GET", "/health/live")
    after = wait_for(f"the request counter risen by {sent}",
                     lambda: ((v := requests_total()) >= before + sent, v), check)
    log(f"prometheus: nutrinube_http_requests_total{{route=\"/health/live\"}} {before:.0f} -> {after:.0f} "
        f"after {sent} requests")
    ready = wait_for("nutrinube_ready", lambda: (bool(r := query('nutrinube_ready{job="nutrinube"}')), r), check)
    check(all(v == 1 for _, v in ready), f"nutrinube_ready = {ready} with the app ready")


def finds_replicas(test, check, log):
    """After `--scale app=2`: DNS discovery finds both replicas, both up."""
    n = len(test.cluster.containers("app"))
    check(n == 2, f"{n} app containers, expected 2")
    up = wait_for("both replicas up", lambda: targets_up(2), check)
    log(f"prometheus: replicas {[m.get('instance') for m, _ in up]} up")
