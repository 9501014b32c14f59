#!/usr/bin/env python3
"""Soak run of the NutriNube server (run it through `bash bench/soak.sh`).

Starts the release binary on a fresh database (PostgreSQL by default), seeds the
same account as bench/load.py, then drives mixed traffic with wrk for
SOAK_MINUTES minutes in one-minute slices (every slice a separate wrk run, so
each has its own p99), sampling the server's resident memory every 2 s. It
reports each minute and compares the first minute with the last: p99 and RSS
are FLAT when the last minute is within the thresholds below, GROWING otherwise.

Mix (weights per 20 requests): 6 daily summaries, 4 food-entry posts, 4
catalogue searches, 3 diary pages, 2 range summaries (90 days), 1 activity search.

Environment: SOAK_MINUTES=10, SOAK_SLICE_SECONDS=60, SOAK_BACKEND=postgres|sqlite,
SOAK_P99_GROWTH=1.5 (last-minute p99 at most this × the first's, plus 1 ms),
SOAK_RSS_GROWTH=1.10 (last-minute peak RSS at most this × the first's, plus 2 MiB),
BENCH_CONNECTIONS, BENCH_THREADS, BENCH_OUT (default bench/results; soak.json, soak.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (bench/load.py)


def main() -> int:
    s = load.Settings()
    minutes = load.env_int("SOAK_MINUTES", 10)
    slice_s = load.env_int("SOAK_SLICE_SECONDS", 60)
    backend = os.environ.get("SOAK_BACKEND", "postgres")
    p99_growth = float(os.environ.get("SOAK_P99_GROWTH", "1.5"))
    rss_growth = float(os.environ.get("SOAK_RSS_GROWTH", "1.10"))
    out_dir = Path(os.environ.get("BENCH_OUT", "") or load.ROOT / "bench" / "results")

    pg_url = os.environ.get("TEST_DATABASE_URL") if backend == "postgres" else None
    run = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "backend": backend,
        "minutes": minutes,
        "slice_seconds": slice_s,
        "connections": s.connections,
        "threads": s.threads,
        "loadavg_before": load.loadavg(),
        "machine": load.machine(pg_url),
        "slices": [],
    }
    with tempfile.TemporaryDirectory(prefix="nutrinube-soak-") as tmp:
        workdir = Path(tmp)
        if backend == "postgres":
            if not pg_url:
                raise RuntimeError("no TEST_DATABASE_URL: run through bench/soak.sh")
            if s.pg_durable:
                load.pg_durable(pg_url)
            load.psql(pg_url, "DROP DATABASE IF EXISTS nutrinube_soak", "CREATE DATABASE nutrinube_soak")
            u = urllib.parse.urlparse(pg_url)
            database_url = urllib.parse.urlunparse(u._replace(path="/nutrinube_soak"))
        else:
            (workdir / "sqlite").mkdir()
            database_url = f"sqlite://{workdir / 'sqlite' / 'nutrinube.db'}"
        server = load.Server(s.binary, database_url, workdir)
        try:
            server.wait_ready()
            today = dt.date.today()
            seeded = load.seed(server.port, today, 90, load.USERNAME)
            load.log(f"soak: seeded; {minutes} × {slice_s} s of mixed traffic on {backend}")
            by_name = {sc["name"]: sc["requests"] for sc in load.scenarios(today, seeded["food_ids"])}
            searches = by_name["search"]
            posts = by_name["food_entry_post"]
            mix: list[str] = []
            # 20-request blocks, each with the weights in the docstring.
            for i in range(len(posts) // 4):
                block = (
                    by_name["summary_daily"] * 6
                    + posts[4 * i:4 * i + 4]
                    + [searches[(4 * i + k) % len(searches)] for k in range(4)]
                    + by_name["diary"] * 3
                    + by_name["summary_range_30"] * 2
                    + ["GET\t/api/v1/activities?q=" + ["run", "walk", "cycl", "swim"][i % 4]]
                )
                mix += block
            # Warm-up, not reported.
            load.run_wrk(server.port, mix, seeded["cookie"], min(10, slice_s), s)
            for minute in range(1, minutes + 1):
                t0 = time.monotonic()
                r = load.run_wrk(server.port, mix, seeded["cookie"], slice_s, s)
                rss = [kib for t, kib in server.samples if t >= t0]
                row = {
                    "minute": minute,
                    "rps": round(r["rps"], 1),
                    "p50_ms": r["latency_us"]["p50"] / 1000,
                    "p99_ms": r["latency_us"]["p99"] / 1000,
                    "errors": r["errors_total"],
                    "rss_max_kib": max(rss, default=0),
                    "rss_min_kib": min(rss, default=0),
                    "loadavg": load.loadavg(),
                }
                run["slices"].append(row)
                load.log(f"soak: minute {minute}: {row['rps']:,.0f} req/s, p99 {row['p99_ms']:.2f} ms, "
                         f"RSS {row['rss_max_kib'] / 1024:.1f} MiB, errors {row['errors']}")
            status = server.status()
            run["peak_rss_kib"] = status.get("VmHWM", 0)
        finally:
            server.stop()

    first, last = run["slices"][0], run["slices"][-1]
    p99_limit = first["p99_ms"] * p99_growth + 1.0
    rss_limit = first["rss_max_kib"] * rss_growth + 2048
    run["verdict"] = {
        "p99": "FLAT" if last["p99_ms"] <= p99_limit else "GROWING",
        "p99_limit_ms": round(p99_limit, 2),
        "rss": "FLAT" if last["rss_max_kib"] <= rss_limit else "GROWING",
        "rss_limit_kib": int(rss_limit),
        "errors": sum(r["errors"] for r in run["slices"]),
    }
    run["loadavg_after"] = load.loadavg()
    m = run["machine"]
    v = run["verdict"]
    lines = [
        "# Soak run",
        "",
        f"`SOAK_MINUTES={minutes} bash bench/soak.sh`, {run['date']}, commit {m['commit']}, {run['backend']}: "
        f"{m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM, Linux {m['kernel']}; PostgreSQL "
        f"{m['postgresql'] or '–'}; {m['wrk']} with {s.threads} threads, {s.connections} connections, flat out. "
        f"Load average before: {run['loadavg_before']}, after: {run['loadavg_after']}.",
        "",
        "Mixed traffic per 20 requests: 6 daily summaries, 4 food-entry posts (the table grows all along), "
        "4 catalogue searches, 3 diary pages, 2 range summaries over 90 days, 1 activity search.",
        "",
        "| minute | req/s | p50 | p99 | errors | RSS max | load average after |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in run["slices"]:
        lines.append(f"| {r['minute']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms | "
                     f"{r['errors']} | {r['rss_max_kib'] / 1024:.1f} MiB | {r['loadavg']} |")
    lines += [
        "",
        f"- p99, first vs last minute: {first['p99_ms']:.2f} ms → {last['p99_ms']:.2f} ms: **{v['p99']}** "
        f"(threshold: last ≤ {p99_growth} × first + 1 ms = {v['p99_limit_ms']} ms)",
        f"- RSS, first vs last minute: {first['rss_max_kib'] / 1024:.1f} MiB → {last['rss_max_kib'] / 1024:.1f} MiB: "
        f"**{v['rss']}** (threshold: last ≤ {rss_growth} × first + 2 MiB = {v['rss_limit_kib'] / 1024:.1f} MiB)",
        f"- peak RSS over the whole run (VmHWM): {run['peak_rss_kib'] / 1024:.1f} MiB; errors: {v['errors']}",
        "",
    ]
    text = "\n".join(lines)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "soak.json").write_text(json.dumps(run, indent=2) + "\n")
    (out_dir / "soak.md").write_text(text)
    print(text)
    load.log(f"wrote {out_dir / 'soak.json'} and {out_dir / 'soak.md'}")
    return 0 if v["p99"] == "FLAT" and v["rss"] == "FLAT" and v["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
