"""The Python API: the library's queries as pandas DataFrames.

import crossroads.api as cr
events = cr.events("crossroads.duckdb", actor="CHN", min_sources=2)
index = cr.index("crossroads.duckdb", by="year", state="KAZ")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .analysis.fusion import fuse
from .store import Store, open_store

__all__ = ["events", "mentions", "timeline", "figures", "open_store"]


def _store(db: str | Path | Store) -> tuple[Store, bool]:
    if isinstance(db, Store):
        return db, False
    return open_store(db), True


def events(db: str | Path | Store, **filters: Any) -> pd.DataFrame:
    """Canonical events with their number of independent sources. Filters: actor, counterpart,
    type, context, since, until (YYYY[-MM[-DD]]), status, forum, min_sources, limit, offset."""
    store, own = _store(db)
    try:
        rows = store.list_canonical(**filters)
    finally:
        if own:
            store.close()
    columns = [
        "id",
        "type",
        "source_actors",
        "target_actors",
        "date",
        "date_precision",
        "location",
        "contexts",
        "status",
        "forum",
        "sources",
        "mentions",
        "first_reported",
        "last_reported",
        "confidence",
    ]
    return pd.DataFrame(rows, columns=columns)


def mentions(db: str | Path | Store, canonical_id: str) -> pd.DataFrame:
    """The per-article records behind one canonical event, with their evidence."""
    store, own = _store(db)
    try:
        found = store.list_mentions_of(canonical_id)
    finally:
        if own:
            store.close()
    rows = [{"event_id": eid, "article_id": aid, **e.to_dict()} for eid, aid, e in found]
    return pd.DataFrame(rows)


def timeline(db: str | Path | Store, **filters: Any) -> pd.DataFrame:
    """Canonical events in date order (undated last), for a timeline."""
    return events(db, **filters)


def figures(
    db: str | Path | Store, *, actor: str | None = None, indicator: str | None = None
) -> pd.DataFrame:
    store, own = _store(db)
    try:
        found = store.list_figure_sources(actor=actor, indicator=indicator)
    finally:
        if own:
            store.close()
    rows = [
        {
            "figure_id": i,
            **f.to_dict(),
            "article_id": a.id,
            "source": a.source,
            "url": a.url,
            "published": a.published,
        }
        for i, f, a in found
    ]
    return pd.DataFrame(rows)


def refuse(db: str | Path | Store) -> int:
    """Recompute every canonical event from the stored per-article events."""
    store, own = _store(db)
    try:
        return fuse(store)
    finally:
        if own:
            store.close()
