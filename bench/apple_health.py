#!/usr/bin/env python3
"""Memory of an Apple Health import (run it through `bash bench/apple-health.sh`).

Generates two synthetic Apple Health `export.zip` files (an export.xml of
APPLE_SMALL_MB and APPLE_LARGE_MB, default 100 and 1000 MB, written through
zipfile's streaming writer so neither is ever whole in memory; both compress
under the 64 MiB upload limit), starts the release binary on a fresh SQLite
database for each, registers an account, POSTs the zip to
`/api/v1/imports?format=apple-health`, polls the import until it is done and
reads the server's peak resident memory (VmHWM) before and after. The point:
peak memory must not grow with the file. Results to <out>/apple-health.md.

Python 3.11 standard library only. Environment: APPLE_SMALL_MB, APPLE_LARGE_MB,
BENCH_OUT (default bench/results), NUTRINUBE_BIN.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (Server, Api, read_status)

LIMIT = 64 * 1024 * 1024
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-01-08 07:30:00 -0800"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""


def generate(path: Path, xml_mb: int) -> dict:
    """An export.zip whose export.xml is about `xml_mb` MB: step counts, a
    weight and a body fat a day, a workout a day, as written by a phone."""
    target = xml_mb * 1_000_000
    written = 0
    records = workouts = 0
    start = dt.date(2015, 1, 1)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("apple_health_export/export.xml", "w", force_zip64=True) as f:
            def put(s: str) -> None:
                nonlocal written
                b = s.encode()
                f.write(b)
                written += len(b)
            put(HEADER)
            i = 0
            chunk = []
            while written < target:
                day = start + dt.timedelta(days=i // 2000)
                d = day.isoformat()
                h, m = (i // 60) % 24, i % 60
                t = f"{d} {h:02}:{m:02}:00 -0800"
                if i % 2000 == 0:
                    chunk.append(f' <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" creationDate="{t}" startDate="{t}" endDate="{t}" value="{60 + i % 30}.4"/>\n')
                    chunk.append(f' <Record type="HKQuantityTypeIdentifierBodyFatPercentage" sourceName="Scale" unit="%" creationDate="{t}" startDate="{t}" endDate="{t}" value="0.2{i % 10}"/>\n')
                    chunk.append(f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" sourceName="Watch" startDate="{t}" endDate="{t}">\n'
                                 f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{t}" endDate="{t}" sum="2{i % 100}" unit="kcal"/>\n </Workout>\n')
                    records += 2
                    workouts += 1
                chunk.append(f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" creationDate="{t}" startDate="{t}" endDate="{t}" value="{i % 50}"/>\n')
                records += 1
                i += 1
                if len(chunk) >= 2000:
                    put("".join(chunk))
                    chunk = []
            put("".join(chunk) + "</HealthData>\n")
    return {"xml_bytes": written, "zip_bytes": path.stat().st_size, "records": records, "workouts": workouts}


def post_file(port: int, cookie: str, path: Path) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    size = path.stat().st_size
    with open(path, "rb") as f:
        conn.request("POST", "/api/v1/imports?format=apple-health", body=f, headers={
            "Content-Type": "application/zip", "Content-Length": str(size),
            "Cookie": f"nutrinube_session={cookie}"})
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read() or b"{}")


def run(binary: Path, zip_path: Path, workdir: Path) -> dict:
    (workdir / "data").mkdir(parents=True)
    server = load.Server(binary, f"sqlite://{workdir / 'nutrinube.db'}", workdir)
    try:
        server.wait_ready()
        api = load.Api(server.port)
        api.call("POST", "/api/v1/auth/register", {"username": "apple", "password": "correct horse battery"})
        api.call("POST", "/api/v1/auth/login", {"username": "apple", "password": "correct horse battery"})
        before = server.status().get("VmHWM", 0)
        t0 = time.monotonic()
        status, body = post_file(server.port, api.cookie, zip_path)
        if status not in (201, 202):
            raise RuntimeError(f"POST /imports: {status} {body}")
        while body.get("status") == "running":
            time.sleep(1)
            body = api.call("GET", f"/api/v1/imports/{body['id']}")
        seconds = time.monotonic() - t0
        after = server.status().get("VmHWM", 0)
        return {"status": body.get("status"), "problem": body.get("problem"), "counts": body.get("counts"),
                "ignored": body.get("ignored"), "skipped_total": body.get("skipped_total"),
                "seconds": round(seconds, 1), "hwm_before_kib": before, "hwm_after_kib": after}
    finally:
        server.stop()


def machine() -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split(":")[1].strip()
    except (OSError, StopIteration):
        mem = "?"
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), {mem} RAM (shared with other builds)"


def main() -> int:
    binary = Path(os.environ.get("NUTRINUBE_BIN", load.ROOT / "target" / "release" / "nutrinube"))
    out = Path(os.environ.get("BENCH_OUT", "") or load.ROOT / "bench" / "results")
    sizes = [int(os.environ.get("APPLE_SMALL_MB", "100")), int(os.environ.get("APPLE_LARGE_MB", "1000"))]
    results = []
    with tempfile.TemporaryDirectory(prefix="nutrinube-apple-") as tmp:
        for mb in sizes:
            zip_path = Path(tmp) / f"export-{mb}.zip"
            print(f"generating {mb} MB export.xml …", file=sys.stderr)
            g = generate(zip_path, mb)
            if g["zip_bytes"] > LIMIT:
                raise RuntimeError(f"{zip_path} is {g['zip_bytes']} bytes, over the 64 MiB upload limit")
            print(f"importing {g} …", file=sys.stderr)
            r = run(binary, zip_path, Path(tmp) / f"run-{mb}")
            zip_path.unlink()
            results.append({"xml_mb": mb, **g, **r})
            print(json.dumps(results[-1]), file=sys.stderr)
    lines = ["# Apple Health import: server memory", "",
             f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, `bash bench/apple-health.sh`, release binary, SQLite.",
             f"Machine: {machine()}.", "",
             "| export.xml | zip | records | workouts | status | seconds | peak RSS before import | peak RSS after import |",
             "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['xml_bytes'] / 1e6:.0f} MB | {r['zip_bytes'] / 2**20:.1f} MiB | {r['records']} | {r['workouts']} "
                     f"| {r['status']} | {r['seconds']} | {r['hwm_before_kib'] / 1024:.1f} MiB | {r['hwm_after_kib'] / 1024:.1f} MiB |")
    lines += ["", "Counts written (per size):", ""]
    for r in results:
        lines.append(f"- {r['xml_bytes'] / 1e6:.0f} MB: counts {json.dumps(r['counts'])}, skipped {r['skipped_total']}, "
                     f"ignored {json.dumps(r['ignored'])}" + (f", problem {r['problem']}" if r["problem"] else ""))
    out.mkdir(parents=True, exist_ok=True)
    (out / "apple-health.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all(r["status"] == "done" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
