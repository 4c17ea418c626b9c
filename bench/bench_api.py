"""API and dashboard latency on a store of 100k synthetic canonical events, and a soak at a fixed
request rate on loopback.

    python bench/bench_api.py [--events 100000] [--rate 200] [--duration 60]

Prints p50/p95 latency of the main API queries and dashboard pages (sequential requests), then
holds ``--rate`` requests/s for ``--duration`` seconds with a mix of those queries and reports
errors and latency under load. Everything runs on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pandas as pd

from crossroads.records import CENTRAL_ASIA
from crossroads.store import open_store

POWERS = ["CHN", "RUS", "USA", "EU", "TUR", "JPN", "KOR", "IND", "DEU", "FRA", "GBR", "GCC"]
TYPES = ["CONSULT", "AGREE", "COOPERATE", "AID", "SUPPORT", "REQUEST", "ACCUSE", "SANCTION"]


def fill(db: Path, n: int) -> None:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        targets = sorted(rng.sample(CENTRAL_ASIA, rng.choice([1, 1, 1, 5])))
        rows.append(
            {
                "id": f"c{i:015x}",
                "type": rng.choice(TYPES),
                "source_actors": [rng.choice(POWERS)],
                "target_actors": targets,
                "date": f"{year}-{month:02d}-{day:02d}",
                "date_precision": "day",
                "location": None,
                "contexts": ["diplomatic"],
                "status": "occurred",
                "sources": rng.randint(1, 6),
                "mentions": 1,
                "first_reported": None,
                "last_reported": None,
                "confidence": 0.7,
            }
        )
    with open_store(db) as store:
        store.bulk_insert("canonical_events", pd.DataFrame(rows))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
    }


QUERIES = {
    "events by actor": "/api/events?actor=CHN&limit=50",
    "events by actor and counterpart": "/api/events?actor=RUS&counterpart=KAZ&limit=50",
    "events in a date range": "/api/events?since=2023-01&until=2023-06&limit=50",
    "events, min sources": "/api/events?min_sources=5&limit=50&offset=100",
    "one event": "/api/events/c000000000000064",
    "summary": "/api/summary",
}
PAGES = {"timeline page": "/timeline?actor=CHN", "overview page": "/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "bench.duckdb"
    start = time.perf_counter()
    fill(db, args.events)
    fill_s = time.perf_counter() - start
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "crossroads", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/api", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        result: dict = {"events": args.events, "fill_s": round(fill_s, 1), "latency": {}}
        with httpx.Client(base_url=base, timeout=30) as client:
            for name, path in {**QUERIES, **PAGES}.items():
                samples = []
                for _ in range(args.repeat if name not in PAGES else max(5, args.repeat // 5)):
                    t = time.perf_counter()
                    r = client.get(path)
                    samples.append(time.perf_counter() - t)
                    assert r.status_code == 200, (path, r.status_code, r.text[:200])
                result["latency"][name] = percentiles(samples)
        result["load"] = soak(base, args.rate, args.duration)
        print(json.dumps(result, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=10)


def soak(base: str, rate: int, duration: float) -> dict:
    """Send ``rate`` requests per second for ``duration`` seconds (open loop), then report."""
    paths = [p for name, p in QUERIES.items() if name != "summary"]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    client = httpx.Client(base_url=base, timeout=10, limits=httpx.Limits(max_connections=64))

    def one(path: str) -> None:
        nonlocal errors
        t = time.perf_counter()
        try:
            ok = client.get(path).status_code == 200
        except httpx.HTTPError:
            ok = False
        with lock:
            latencies.append(time.perf_counter() - t)
            errors += not ok

    sent = 0
    begin = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=64)
    while (now := time.perf_counter() - begin) < duration:
        due = int(now * rate)
        while sent < due:
            pool.submit(one, paths[sent % len(paths)])
            sent += 1
        time.sleep(0.002)
    pool.shutdown(wait=False, cancel_futures=True)  # requests the server could not take in time are dropped
    time.sleep(2)
    elapsed = time.perf_counter() - begin
    with lock:
        done, failed, samples = len(latencies), errors, list(latencies)
    return {
        "target_rps": rate,
        "sent": sent,
        "answered": done,
        "dropped": sent - done,
        "errors": failed,
        "achieved_rps": round(done / elapsed, 1),
        **(percentiles(samples) if samples else {}),
    }


if __name__ == "__main__":
    main()
