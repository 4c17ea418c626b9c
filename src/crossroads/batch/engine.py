"""Running a batch: plan the chunks, process each one, add up a report.

:func:`process_chunk` is the unit of work every engine runs: read a chunk, extract it with
:func:`~crossroads.batch.tables.extract_batch`, write its Parquet parts. The local engine runs
it in a loop (``workers=1``) or in a pool of processes, each loading the spaCy model once; the
Ray engine (:mod:`crossroads.batch.ray_engine`) runs it on Ray Data's actors. At most a few
chunks are in memory at any time, whatever the size of the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from ..extract import extract_article
from ..ingest import make_article
from ..runner import NEARLY_ALL
from .inputs import Chunk, list_inputs, plan_chunks, read_chunk
from .output import prepare_output, write_parts
from .tables import RECORD_KINDS, extract_batch

__all__ = ["ENGINES", "ChunkResult", "BatchReport", "warm_up", "process_chunk", "run_local", "run_batch"]

log = logging.getLogger(__name__)

ENGINES = ("local", "ray")
CHUNK_BYTES = 2_000_000
LISTED = 100  # failures kept by name in a report; all are in OUTPUT/errors/


@dataclass
class ChunkResult:
    key: str
    articles: int = 0
    events: int = 0
    figures: int = 0
    claims: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0


@dataclass
class BatchReport:
    """Counts of a batch run; ``started``/``finished`` span the chunks' processing (model
    loading and start-up excluded), which gives ``articles_per_s``."""

    engine: str = "local"
    workers: int = 1
    chunks: int = 0
    articles: int = 0
    events: int = 0
    figures: int = 0
    claims: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    started: float | None = None
    finished: float | None = None

    def add(self, result: ChunkResult) -> None:
        self.chunks += 1
        for name in ("articles", "events", "figures", "claims", "failed"):
            setattr(self, name, getattr(self, name) + getattr(result, name))
        self.failures += result.failures[: LISTED - len(self.failures)]
        self.started = min(self.started or result.started, result.started)
        self.finished = max(self.finished or result.finished, result.finished)

    @property
    def seconds(self) -> float:
        return (self.finished or 0.0) - (self.started or 0.0)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if not self.failed:
            return 0
        return 2 if self.failed >= NEARLY_ALL * (self.failed + self.articles) else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "workers": self.workers,
            "chunks": self.chunks,
            "articles": self.articles,
            "events": self.events,
            "figures": self.figures,
            "claims": self.claims,
            "failed": self.failed,
            "failures": [{"input": s, "cause": c} for s, c in self.failures],
            "seconds": round(self.seconds, 3),
            "articles_per_s": round(self.articles_per_s, 3),
            "exit_code": self.exit_code,
        }


def warm_up() -> None:
    """Load the spaCy model, the knowledge base and the matchers in this process, once."""
    extract_article(make_article("Kazakhstan and China signed an agreement in Astana.", origin="warm-up"))


def process_chunk(chunk: Chunk, output: str, *, max_bytes: int) -> ChunkResult:
    """Read, extract and write one chunk; bad rows become rows of its errors table."""
    started = time.time()
    records = extract_batch(read_chunk(chunk, max_bytes=max_bytes))
    write_parts(records.tables(), output, chunk.key)
    errors = records.rows["errors"]
    return ChunkResult(
        key=chunk.key,
        articles=records.count("articles"),
        **{kind: records.count(kind) for kind in RECORD_KINDS},
        failed=len(errors),
        failures=[(e["origin"], e["cause"]) for e in errors[:LISTED]],
        started=started,
        finished=time.time(),
    )


Progress = Callable[[ChunkResult], None]


def run_local(
    chunks: Iterable[Chunk],
    output: str,
    *,
    max_bytes: int,
    workers: int = 1,
    progress: Progress | None = None,
) -> BatchReport:
    """Process the chunks in this process (``workers=1``) or in a pool of processes."""
    report = BatchReport(engine="local", workers=workers)
    if workers == 1:
        warm_up()
        for chunk in chunks:
            _record(report, process_chunk(chunk, output, max_bytes=max_bytes), progress)
        return report
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up) as pool:
        pending: set[Future[ChunkResult]] = set()
        for chunk in chunks:
            if len(pending) >= 2 * workers:
                pending = _collect(report, pending, progress)
            pending.add(pool.submit(process_chunk, chunk, output, max_bytes=max_bytes))
        while pending:
            pending = _collect(report, pending, progress)
    return report


def _collect(report: BatchReport, pending: set[Future[ChunkResult]], progress: Progress | None):
    done, rest = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        _record(report, future.result(), progress)
    return rest


def _record(report: BatchReport, result: ChunkResult, progress: Progress | None) -> None:
    report.add(result)
    if progress:
        progress(result)


def run_batch(
    source: str,
    output: str,
    *,
    engine: str = "local",
    max_bytes: int,
    workers: int | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    overwrite: bool = False,
    address: str | None = None,
    runtime_env: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Extract every article of ``source`` (a JSONL or Parquet file, or a folder of them, local
    or a URI) into the Parquet datasets of ``output`` with the chosen engine."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if address and engine != "ray":
        raise ConfigError("an address names a Ray cluster; use it with --engine ray")
    files = list_inputs(source)
    chunks = list(plan_chunks(files, chunk_bytes=chunk_bytes))
    prepare_output(output, overwrite=overwrite)
    output = output if "://" in output else os.path.abspath(output)
    log.info("%d input files, %d chunks of about %d bytes", len(files), len(chunks), chunk_bytes)
    if engine == "local":
        return run_local(chunks, output, max_bytes=max_bytes, workers=workers or 1, progress=progress)
    from .ray_engine import run_ray

    return run_ray(
        chunks,
        output,
        max_bytes=max_bytes,
        workers=workers,
        address=address,
        runtime_env=runtime_env,
        progress=progress,
    )
