"""API and dashboard latency on a store of 100k synthetic canonical events, and a soak at a fixed
request rate on loopback.

    python bench/bench_api.py [--events 100000] [--rate 200] [--duration 60]

Prints p50/p95 latency of the main API queries on a server without the response cache
(sequential requests: what each query costs), the dashboard pages' cold and warm load times,
then holds ``--rate`` requests/s for ``--duration`` seconds on the normal (caching) server with a
varied mix of queries and reports errors, cache hit rate and latency under load. Everything runs
on 127.0.0.1 and stops by itself.
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
PAGES = {
    "overview page": "/",
    "state page": "/state/KAZ",
    "power page": "/power/CHN",
    "timeline page": "/timeline?actor=CHN",
    "network page": "/network",
}


def serve(db: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "crossroads", "--db", str(db), "serve", "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/api", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    return server, base


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:  # still answering a backlog: uvicorn waits for it
        server.kill()
        server.wait()


def timed(client: httpx.Client, path: str) -> float:
    t = time.perf_counter()
    r = client.get(path)
    elapsed = time.perf_counter() - t
    assert r.status_code == 200, (path, r.status_code, r.text[:200])
    return elapsed


def latency(base: str, repeat: int) -> dict:
    """Sequential requests to a server without the response cache: the cost of each query."""
    result = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, path in QUERIES.items():
            result[name] = percentiles([timed(client, path) for _ in range(repeat)])
    return result


def pages(base: str) -> dict:
    """Each dashboard page loaded once cold (first request) and then warm (from the cache)."""
    result = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, path in PAGES.items():
            cold = timed(client, path)
            warm = statistics.median(timed(client, path) for _ in range(5))
            result[name] = {"cold_ms": round(1000 * cold, 1), "warm_ms": round(1000 * warm, 1)}
    return result


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
    result: dict = {"events": args.events, "fill_s": round(time.perf_counter() - start, 1)}
    server, base = serve(db, "--no-cache")
    try:
        result["latency_uncached"] = latency(base, args.repeat)
    finally:
        stop(server)
    server, base = serve(db)
    try:
        result["pages"] = pages(base)
        result["load"] = soak(base, args.rate, args.duration)
    finally:
        stop(server)
    print(json.dumps(result, indent=2))


def mix(rng: random.Random) -> str:
    """One request of the soak's mix: the dashboard's and the API's usual questions with random
    actors, counterparts, periods, thresholds and pages (thousands of distinct URLs), and single
    events drawn from all 100k."""
    actors = [*POWERS, *CENTRAL_ASIA]
    kind = rng.random()
    if kind < 0.35:
        query = f"actor={rng.choice(actors)}"
        if rng.random() < 0.5:
            query += f"&counterpart={rng.choice(CENTRAL_ASIA)}"
        return f"/api/events?{query}&limit=50&offset={50 * rng.randint(0, 3)}"
    if kind < 0.55:
        year, quarter = rng.randint(2015, 2025), rng.randint(0, 3)
        return f"/api/events?since={year}-{3 * quarter + 1:02d}&until={year}-{3 * quarter + 3:02d}&limit=50"
    if kind < 0.65:
        return f"/api/events?min_sources={rng.randint(2, 6)}&type={rng.choice(TYPES)}&limit=50"
    if kind < 0.85:
        return f"/api/events/c{rng.randrange(100_000):015x}"
    if kind < 0.95:
        return f"/timeline?actor={rng.choice(actors)}"
    return rng.choice(["/", *(f"/state/{s}" for s in CENTRAL_ASIA), *(f"/power/{p}" for p in POWERS)])


def soak(base: str, rate: int, duration: float) -> dict:
    """Send ``rate`` requests per second for ``duration`` seconds (open loop), then report."""
    rng = random.Random(11)
    latencies: list[float] = []
    errors = hits = 0
    causes: list[str] = []
    seen: set[str] = set()
    lock = threading.Lock()
    client = httpx.Client(base_url=base, timeout=10, limits=httpx.Limits(max_connections=64))

    def one(path: str) -> None:
        nonlocal errors, hits
        t = time.perf_counter()
        cause = ""
        try:
            response = client.get(path)
            ok, hit = response.status_code == 200, response.headers.get("x-cache") == "hit"
            cause = "" if ok else f"HTTP {response.status_code} {path}"
        except httpx.HTTPError as exc:
            ok = hit = False
            cause = f"{type(exc).__name__} {path}"
        with lock:
            latencies.append(time.perf_counter() - t)
            errors += not ok
            hits += hit
            if cause:
                causes.append(cause)

    sent = 0
    begin = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=64)
    while (now := time.perf_counter() - begin) < duration:
        due = int(now * rate)
        while sent < due:
            path = mix(rng)
            seen.add(path)
            pool.submit(one, path)
            sent += 1
        time.sleep(0.002)
    pool.shutdown(wait=False, cancel_futures=True)  # requests the server could not take in time are dropped
    time.sleep(2)
    elapsed = time.perf_counter() - begin
    with lock:
        done, failed, samples, hit = len(latencies), errors, list(latencies), hits
    return {
        "target_rps": rate,
        "sent": sent,
        "distinct_urls": len(seen),
        "answered": done,
        "dropped": sent - done,
        "errors": failed,
        "error_causes": causes[:10],
        "cache_hit_rate": round(hit / done, 3) if done else None,
        "achieved_rps": round(done / duration, 1),  # answered per second of sending
        **(percentiles(samples) if samples else {}),
    }


if __name__ == "__main__":
    main()
