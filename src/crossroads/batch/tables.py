"""The engine-agnostic batch function: articles in, record tables out.

:func:`extract_batch` runs the default extraction pipeline over a batch of articles (and the
read errors found next to them) and returns flat Arrow tables of articles, events, figures,
claims and errors, with the same columns and record ids as the store. Every engine (the local
loop, its process pool, Ray's workers) calls it; nothing here knows which engine runs it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ..errors import CrossroadsError, IngestError
from ..extract import extract_article
from ..records import Article, Extraction, article_row, record_rows

__all__ = ["KINDS", "RECORD_KINDS", "SCHEMAS", "BatchRecords", "extract_batch"]

log = logging.getLogger(__name__)

_text = pa.string()
_list = pa.list_(pa.string())
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", _text),
            ("url", _text),
            ("content_hash", _text),
            ("external_id", _text),
            ("source", _text),
            ("title", _text),
            ("published", pa.date32()),
            ("origin", _text),
            ("text", _text),
            ("extractor_version", _text),
        ]
    ),
    "events": pa.schema(
        [
            ("id", _text),
            ("article_id", _text),
            ("seq", pa.int32()),
            ("type", _text),
            ("mode", _text),
            ("source_actors", _list),
            ("target_actors", _list),
            ("date", _text),
            ("date_precision", _text),
            ("date_method", _text),
            ("location", _text),
            ("contexts", _list),
            ("status", _text),
            ("confidence", pa.float64()),
            ("trigger", _text),
            ("evidence", _text),
            ("forum", _text),
        ]
    ),
    "figures": pa.schema(
        [
            ("id", _text),
            ("article_id", _text),
            ("seq", pa.int32()),
            ("subject", _list),
            ("indicator", _text),
            ("value", pa.float64()),
            ("unit", _text),
            ("period", _text),
            ("qualifier", _text),
            ("confidence", pa.float64()),
            ("evidence", _text),
        ]
    ),
    "claims": pa.schema(
        [
            ("id", _text),
            ("article_id", _text),
            ("seq", pa.int32()),
            ("speaker", _text),
            ("speaker_actor", _text),
            ("speaker_role", _text),
            ("about", _list),
            ("stance", _text),
            ("statement", _text),
            ("date", _text),
            ("confidence", pa.float64()),
            ("evidence", _text),
        ]
    ),
    "errors": pa.schema([("origin", _text), ("stage", _text), ("cause", _text)]),
}
RECORD_KINDS = ("events", "figures", "claims")
KINDS = tuple(SCHEMAS)


@dataclass
class BatchRecords:
    """Rows of each kind (``articles``, ``events``, ``figures``, ``claims``, ``errors``)."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {k: [] for k in KINDS})

    def count(self, kind: str) -> int:
        return len(self.rows[kind])

    def tables(self) -> dict[str, pa.Table]:
        return {kind: pa.Table.from_pylist(rows, schema=SCHEMAS[kind]) for kind, rows in self.rows.items()}

    def add(self, extraction: Extraction) -> None:
        self.rows["articles"].append(article_row(extraction.article, extraction.extractor_version))
        for kind, rows in record_rows(extraction).items():
            self.rows[kind].extend(rows)

    def fail(self, origin: str, stage: str, cause: str) -> None:
        self.rows["errors"].append({"origin": origin, "stage": stage, "cause": cause})


def extract_batch(
    items: Iterable[Article | IngestError], *, extract: Callable[[Article], Extraction] = extract_article
) -> BatchRecords:
    """Extract every article of the batch; a read error or a failed extraction becomes a row of
    the ``errors`` table and the batch goes on."""
    records = BatchRecords()
    for item in items:
        if isinstance(item, IngestError):
            records.fail(item.source, "read", item.cause)
            continue
        try:
            records.add(extract(item))
        except CrossroadsError as exc:
            log.warning("%s: %s", item.origin, exc)
            records.fail(item.origin or item.id, "extract", str(exc))
    return records
