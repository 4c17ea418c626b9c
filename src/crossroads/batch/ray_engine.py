"""The Ray engine: the chunks of a batch processed by a pool of Ray Data actors.

The plan becomes a Ray dataset with one chunk per block; ``map_batches`` hands each chunk to
:class:`ChunkExtractor`, a callable class, so each actor (one per worker, one CPU each) loads
the spaCy model once and then runs :func:`~crossroads.batch.engine.process_chunk` on chunk
after chunk, reading its rows from the input and writing its Parquet parts itself. Only the
small per-chunk reports come back to the driver, as a stream.

Without an address Ray starts locally (``ray.init(num_cpus=workers)``); with one
(``ray://head:10001``, or ``auto`` on a cluster node) the batch runs on that cluster, with an
optional runtime environment that ships the package to its workers (docs/batch.md).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from ..errors import ConfigError
from .engine import BatchReport, ChunkResult, Progress, process_chunk, warm_up
from .inputs import Chunk

__all__ = ["ChunkExtractor", "run_ray"]

log = logging.getLogger(__name__)

RESULT_FIELDS = ("key", "articles", "events", "figures", "claims", "failed", "started", "finished")


class ChunkExtractor:
    """A Ray Data actor: loads the model once, then processes the chunks it is given."""

    def __init__(self, output: str, max_bytes: int) -> None:
        warm_up()
        self.output = output
        self.max_bytes = max_bytes

    def __call__(self, batch: pa.Table) -> pa.Table:
        results = [
            process_chunk(Chunk.from_dict(row), self.output, max_bytes=self.max_bytes)
            for row in batch.to_pylist()
        ]
        return pa.Table.from_pylist([_to_row(r) for r in results])


def _to_row(result: ChunkResult) -> dict[str, Any]:
    row = {name: getattr(result, name) for name in RESULT_FIELDS}
    row["failures"] = json.dumps(result.failures, ensure_ascii=False)
    return row


def _from_row(row: dict[str, Any]) -> ChunkResult:
    failures = [(str(s), str(c)) for s, c in json.loads(row["failures"])]
    return ChunkResult(**{name: row[name] for name in RESULT_FIELDS}, failures=failures)


def run_ray(
    chunks: list[Chunk],
    output: str,
    *,
    max_bytes: int,
    workers: int | None = None,
    address: str | None = None,
    runtime_env: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Process the chunks on Ray: a local instance started here, or the cluster at ``address``."""
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            "the Ray engine needs Ray: pip install 'crossroads[ray]' (ray[data]==2.60.0)"
        ) from exc

    started_here = not ray.is_initialized()
    if started_here:
        _init(ray, workers, address, runtime_env)
    try:
        size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        report = BatchReport(engine="ray", workers=size)
        for result in _results(ray, chunks, output, max_bytes, size, progress is not None):
            report.add(result)
            if progress:
                progress(result)
        return report
    except ray.exceptions.RayError as exc:
        raise ConfigError(f"the Ray batch writing {output} failed: {exc}") from exc
    finally:
        if started_here:
            ray.shutdown()


def _init(ray: Any, workers: int | None, address: str | None, runtime_env: dict[str, Any] | None) -> None:
    options: dict[str, Any] = {"runtime_env": runtime_env, "logging_level": logging.WARNING}
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, **options)


def _results(
    ray: Any, chunks: list[Chunk], output: str, max_bytes: int, size: int, show: bool
) -> Iterator[ChunkResult]:
    if not chunks:
        return
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = show
    if not show:
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    dataset = ray.data.from_items([c.to_dict() for c in chunks], override_num_blocks=len(chunks))
    results = dataset.map_batches(
        ChunkExtractor,
        fn_constructor_args=(output, max_bytes),
        batch_size=1,
        batch_format="pyarrow",
        num_cpus=1,
        compute=ray.data.ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=1),
    )
    for batch in results.iter_batches(batch_size=None, batch_format="pyarrow"):
        for row in batch.to_pylist():
            yield _from_row(row)
