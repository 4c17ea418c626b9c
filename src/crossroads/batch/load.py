"""Bringing a batch result into the store, then fusing the new articles' events.

Chunks load in input order, each in one transaction (its new articles with all their events,
figures and claims, or nothing). An article already stored, or met earlier in the result, is
skipped exactly as ``crossroads ingest`` skips it: same id, same URL, or, for an article
without URL, the same text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..analysis.fusion import fuse
from ..errors import StoreError
from ..runner import NEARLY_ALL
from ..store import Store
from .output import part_keys, read_part
from .tables import RECORD_KINDS

__all__ = ["LoadReport", "load_output"]

log = logging.getLogger(__name__)


@dataclass
class LoadReport:
    stored: int = 0
    duplicates: int = 0
    events: int = 0
    figures: int = 0
    claims: int = 0
    canonical_events: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if not self.failures:
            return 0
        return 2 if not self.stored or len(self.failures) >= NEARLY_ALL * self.stored else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "events": self.events,
            "figures": self.figures,
            "claims": self.claims,
            "canonical_events": self.canonical_events,
            "failures": [{"chunk": k, "cause": c} for k, c in self.failures],
            "exit_code": self.exit_code,
        }


class _Seen:
    """Ids, URLs and text hashes of articles stored or accepted, with ingest's duplicate rule."""

    def __init__(self, rows: list[tuple[str, str | None, str]]) -> None:
        self.ids = {r[0] for r in rows}
        self.urls = {r[1] for r in rows if r[1]}
        self.hashes = {r[2] for r in rows}

    def accept(self, id_: str, url: str | None, digest: str) -> bool:
        if id_ in self.ids or ((url in self.urls) if url else (digest in self.hashes)):
            return False
        self.ids.add(id_)
        self.hashes.add(digest)
        if url:
            self.urls.add(url)
        return True


def _new_rows(store: Store, articles: pa.Table) -> pa.Table:
    keys = articles.select(["id", "url", "content_hash"])
    seen = _Seen(store.find_stored(keys))
    mask = [seen.accept(*row.values()) for row in keys.to_pylist()]
    return articles.filter(pa.array(mask, type=pa.bool_()))


def _first_of_each(table: pa.Table) -> pa.Table:
    """The table without repeated ids: an article met twice in one chunk has its records twice."""
    seen: set[str] = set()
    mask = []
    for record_id in table["id"].to_pylist():
        mask.append(record_id not in seen)
        seen.add(record_id)
    return table.filter(pa.array(mask, type=pa.bool_()))


def load_output(store: Store, output: str, *, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Load every complete chunk of the batch result at ``output``, then fuse."""
    report = LoadReport()
    new_ids: list[str] = []
    for key in part_keys(output):
        try:
            _load_chunk(store, output, key, report, new_ids)
        except (OSError, pa.ArrowException, StoreError) as exc:
            log.warning("chunk %s of %s: %s", key, output, exc)
            report.failures.append((key, str(exc)))
        if progress:
            progress(key)
    if new_ids:
        fuse(store, article_ids=new_ids)
    report.canonical_events = store.count("canonical_events")
    return report


def _load_chunk(store: Store, output: str, key: str, report: LoadReport, new_ids: list[str]) -> None:
    every = read_part(output, "articles", key)
    articles = _new_rows(store, every)
    report.duplicates += every.num_rows - articles.num_rows
    if not articles.num_rows:
        return
    ids = articles["id"]
    tables = {"articles": articles}
    for kind in RECORD_KINDS:
        table = read_part(output, kind, key)
        tables[kind] = _first_of_each(table.filter(pc.is_in(table["article_id"], value_set=ids)))
    store.insert_batch(tables, failure=f"could not load chunk {key} of {output}")
    report.stored += articles.num_rows
    for kind in RECORD_KINDS:
        setattr(report, kind, getattr(report, kind) + tables[kind].num_rows)
    new_ids += ids.to_pylist()
