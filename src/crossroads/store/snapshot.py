"""Canonical events held in memory, for a server that answers many queries on data that does
not change under it.

:class:`CanonicalSnapshot` answers the same filters as :meth:`Store.list_canonical` and
:meth:`Store.count_canonical`, with the same rows in the same order, from columnar arrays:
actor and context filters look up precomputed row positions, dates are binary searches on the
date-sorted rows, and only the rows of the requested page become Python objects. A query on
100k events takes about a millisecond instead of tens. A test checks it against the store's
SQL on random filters. Build it with :meth:`Store.snapshot`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..records import EventFilter

__all__ = ["CanonicalSnapshot"]


def _positions(lists: pa.ChunkedArray) -> dict[str, np.ndarray]:
    """Code → sorted row positions of the rows whose list holds it."""
    array = lists.combine_chunks()
    parents = pc.list_parent_indices(array).to_numpy()
    values = pc.list_flatten(array).to_numpy(zero_copy_only=False)
    found: dict[str, list[int]] = defaultdict(list)
    for value, row in zip(values.tolist(), parents.tolist(), strict=True):
        found[value].append(row)
    return {code: np.unique(np.asarray(rows, dtype=np.int64)) for code, rows in found.items()}


class CanonicalSnapshot:
    """The ``canonical_events`` table, sorted as the store sorts it (date, undated last, id)."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self.size = table.num_rows
        dates = table.column("date").to_pylist()
        self.dated = sum(d is not None for d in dates)  # undated rows come last
        self._dates = np.array([d for d in dates if d is not None], dtype=str)
        self._prefixes: dict[int, np.ndarray] = {}
        self._actors = self._merge(_positions(table.column("source_actors")), table.column("target_actors"))
        self._contexts = _positions(table.column("contexts"))
        self._sources = table.column("sources").to_numpy()
        self._type = np.array(table.column("type").to_pylist(), dtype=object)
        self._status = np.array(table.column("status").to_pylist(), dtype=object)
        self._forum = np.array(table.column("forum").to_pylist(), dtype=object)

    @staticmethod
    def _merge(first: dict[str, np.ndarray], lists: pa.ChunkedArray) -> dict[str, np.ndarray]:
        second = _positions(lists)
        return {
            code: np.union1d(first.get(code, np.empty(0, np.int64)), second.get(code, np.empty(0, np.int64)))
            for code in first.keys() | second.keys()
        }

    def _prefix(self, length: int) -> np.ndarray:
        if length not in self._prefixes:
            self._prefixes[length] = self._dates.astype(f"<U{max(length, 1)}")
        return self._prefixes[length]

    def _mask(self, **filters: Any) -> np.ndarray:
        f = EventFilter(**filters)
        mask = self._sources >= f.min_sources
        for code in f.codes:
            mask &= self._member(self._actors.get(code))
        if f.context:
            mask &= self._member(self._contexts.get(f.context))
        if f.type:
            mask &= self._type == f.type
        if f.status:
            mask &= self._status == f.status
        if f.forum:
            mask &= self._forum == f.forum
        if f.since:
            mask[: int(np.searchsorted(self._dates, f.since, side="left"))] = False
            mask[self.dated :] = False
        if f.until:
            mask[int(np.searchsorted(self._prefix(len(f.until)), f.until, side="right")) :] = False
        return mask

    def _member(self, rows: np.ndarray | None) -> np.ndarray:
        member = np.zeros(self.size, dtype=bool)
        if rows is not None:
            member[rows] = True
        return member

    def count(self, **filters: Any) -> int:
        return int(self._mask(**filters).sum())

    def list(
        self, *, limit: int | None = None, offset: int = 0, newest_first: bool = False, **filters: Any
    ) -> list[dict[str, Any]]:
        rows = np.flatnonzero(self._mask(**filters))
        if newest_first:  # date descending, undated last, ties by id descending
            rows = np.concatenate([rows[rows < self.dated][::-1], rows[rows >= self.dated][::-1]])
        rows = rows[offset : None if limit is None else offset + limit]
        return self.table.take(pa.array(rows, type=pa.int64())).to_pylist()
