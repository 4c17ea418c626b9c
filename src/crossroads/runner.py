"""Batch ingestion: read inputs, extract, store, one article at a time.

One bad input never stops a batch: its error is recorded and the batch goes on. The report
gives the counts and the exit code (0 all fine, 1 some failed, 2 nearly all failed).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .analysis.fusion import fuse
from .errors import CrossroadsError, IngestError
from .extract import extract_article
from .ingest import read_paths
from .records import Article, Extraction
from .store import Store

__all__ = ["IngestReport", "ingest_paths", "reextract", "NEARLY_ALL"]

log = logging.getLogger(__name__)

NEARLY_ALL = 0.9


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def total(self) -> int:
        return self.stored + self.duplicates + self.failed

    @property
    def exit_code(self) -> int:
        if not self.failed:
            return 0
        return 2 if self.failed >= NEARLY_ALL * self.total else 1

    def to_dict(self) -> dict[str, object]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "failures": [{"input": s, "cause": c} for s, c in self.failures],
            "exit_code": self.exit_code,
        }


Progress = Callable[[str], None]


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    max_bytes: int,
    published: dt.date | None = None,
    extract: Callable[[Article], Extraction] = extract_article,
    progress: Progress | None = None,
    stdin=None,
    fusion: bool = True,
) -> IngestReport:
    """Read every input, extract each new article and store it with its records, then fuse the
    new articles' events into canonical events (``fusion=False`` leaves that to the caller)."""
    report = IngestReport()
    for item in read_paths(paths, max_bytes=max_bytes, published=published, stdin=stdin):
        if isinstance(item, IngestError):
            log.warning("%s", item)
            report.failures.append((item.source, item.cause))
            if progress:
                progress(item.source)
            continue
        _ingest_one(store, item, extract, report)
        if progress:
            progress(item.origin or item.id)
    if fusion and report.article_ids:
        fuse(store, article_ids=report.article_ids)
    return report


def _ingest_one(store: Store, article: Article, extract, report: IngestReport) -> None:
    if store.has_article(article):
        report.duplicates += 1
        return
    try:
        extraction = extract(article)
        stored = store.save_extraction(extraction)
    except CrossroadsError as exc:
        log.warning("%s: %s", article.origin, exc)
        report.failures.append((article.origin or article.id, str(exc)))
        return
    if stored:
        log.info("stored %s as %s", article.origin, article.id)
        report.stored += 1
        report.article_ids.append(article.id)
    else:
        report.duplicates += 1


def reextract(
    store: Store, *, extract: Callable[[Article], Extraction] = extract_article, only_stale: str | None = None
) -> IngestReport:
    """Run extraction again over stored articles, replacing each one's records atomically.

    ``only_stale``: a version string; articles already extracted with it are skipped."""
    report = IngestReport()
    versions = store.article_versions()
    for article in store.iter_articles():
        if only_stale and versions.get(article.id) == only_stale:
            report.duplicates += 1
            continue
        try:
            store.save_extraction(extract(article), replace=True)
            report.stored += 1
        except CrossroadsError as exc:
            report.failures.append((article.origin or article.id, str(exc)))
    if report.stored:
        fuse(store)
    return report
