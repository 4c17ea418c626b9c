"""Batch throughput and memory, measured as ratios in one run.

In one run, on the same synthetic corpus (the demo articles repeated under distinct URLs):

* the local engine's articles/s with 1 and with 2 processes;
* the Ray engine's articles/s with 1 and with 2 local workers (Ray started locally);
* the extraction's cost relative to spaCy's parse alone (``bench_extract.measure``);
* the peak RSS of ``crossroads batch`` (local engine, one process, run as a child process) on
  a small and a large corpus of short synthetic articles: memory should not grow with the
  corpus.

Throughput counts only the processing of chunks (from the first chunk's start to the last
one's end): start-up (Ray, worker processes, model loading) is reported apart.

    python bench/bench_batch.py [--copies 3] [--small 1000] [--large 20000] [--skip-memory]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_extract import measure

from crossroads.batch import run_batch
from crossroads.demo import corpus_path
from crossroads.evaluate.gold import load_gold

LIMIT = 20_000_000
MEMORY_CHUNK_BYTES = 100_000


def synthetic_rows(n: int, *, sentences: int | None = None) -> list[dict]:
    """``n`` articles cycling over the demo corpus, each with its own URL; ``sentences`` keeps
    only the first sentences of each text (short articles for the memory run)."""
    demo = [g.article for g in load_gold(corpus_path())]
    rows = []
    for i in range(n):
        article = demo[i % len(demo)]
        text = article.text
        if sentences:
            text = ". ".join(text.split(". ")[:sentences]).rstrip(".") + "."
        rows.append(
            {
                "url": f"https://synthetic.example/{i}",
                "title": article.title,
                "source": article.source,
                "published": article.published.isoformat() if article.published else None,
                "text": text,
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def throughput(source: Path, work: Path, engine: str, workers: int, chunk_bytes: int) -> dict:
    start = time.perf_counter()
    report = run_batch(
        str(source),
        str(work / f"{engine}-{workers}"),
        engine=engine,
        workers=workers,
        max_bytes=LIMIT,
        chunk_bytes=chunk_bytes,
    )
    wall = time.perf_counter() - start
    return {
        "articles": report.articles,
        "chunks": report.chunks,
        "articles_per_s": round(report.articles_per_s, 2),
        "processing_s": round(report.seconds, 1),
        "startup_s": round(wall - report.seconds, 1),
    }


def peak_rss_mb(source: Path, output: Path) -> dict:
    """Peak RSS of `crossroads batch` run as a child of a fresh interpreter."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True); "
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t)"
    )
    command = [sys.executable, "-m", "crossroads", "batch", str(source), str(output)]
    command += ["--chunk-bytes", str(MEMORY_CHUNK_BYTES), "--format", "json"]
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    code, rss_kb, seconds = done.stdout.split()
    return {
        "exit_code": int(code),
        "peak_rss_mb": round(int(rss_kb) / 1024, 1),
        "seconds": round(float(seconds)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=3, help="passes over the demo corpus for throughput")
    parser.add_argument("--chunk-bytes", type=int, default=12_000, help="chunk size for the throughput runs")
    parser.add_argument("--small", type=int, default=1_000, help="articles in the small memory run")
    parser.add_argument("--large", type=int, default=20_000, help="articles in the large memory run")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    demo = [g.article for g in load_gold(corpus_path())]
    result: dict = {"date": dt.date.today().isoformat(), "cpus": os.cpu_count(), "load_avg": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = write_jsonl(work / "corpus.jsonl", synthetic_rows(len(demo) * args.copies))
        result["extraction_vs_parse"] = measure(demo, args.copies)
        for engine in ("local", "ray"):
            runs = {n: throughput(source, work, engine, n, args.chunk_bytes) for n in (1, 2)}
            runs["speedup"] = round(runs[2]["articles_per_s"] / runs[1]["articles_per_s"], 2)
            result[engine] = runs
            print(json.dumps({engine: runs}), file=sys.stderr)
        if not args.skip_memory:
            result["memory"] = {}
            for n in (args.small, args.large):
                corpus = write_jsonl(work / f"short-{n}.jsonl", synthetic_rows(n, sentences=2))
                result["memory"][n] = peak_rss_mb(corpus, work / f"mem-{n}")
                print(json.dumps({"memory": {n: result["memory"][n]}}), file=sys.stderr)
            small, large = (result["memory"][n]["peak_rss_mb"] for n in (args.small, args.large))
            result["memory"]["large_over_small"] = round(large / small, 3)
    result["load_avg_after"] = os.getloadavg()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
