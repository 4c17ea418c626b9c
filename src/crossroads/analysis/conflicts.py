"""Conflicting figures: the same indicator for the same parties over overlapping periods, with
values that differ by more than a threshold (5% by default).

Periods must overlap. For flows (trade, exports, imports, investment, aid) two figures over the
same period conflict when their values differ by more than the threshold; over different but
overlapping periods they conflict only when the figure for the shorter period is the larger one
(a January–August flow cannot exceed the full year's). Shares and other levels conflict only
over the same period.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from ..records import Article, Figure
from ..store import Store

__all__ = ["Conflict", "find_conflicts", "period_span", "FLOWS"]

FLOWS = {"trade_turnover", "exports", "imports", "investment", "aid", "loan", "remittances", "gas_volume"}


@dataclass(frozen=True)
class Conflict:
    indicator: str
    subject: tuple[str, ...]
    a: tuple[str, Figure, Article]
    b: tuple[str, Figure, Article]

    @property
    def difference(self) -> float:
        """Relative difference: larger / smaller - 1."""
        low, high = sorted((abs(self.a[1].value), abs(self.b[1].value)))
        return high / low - 1 if low else float("inf")

    def to_dict(self) -> dict[str, Any]:
        def side(item: tuple[str, Figure, Article]) -> dict[str, Any]:
            fid, figure, article = item
            return {
                "figure_id": fid,
                "value": figure.value,
                "unit": figure.unit,
                "period": figure.period,
                "qualifier": figure.qualifier,
                "evidence": figure.evidence[0].text if figure.evidence else None,
                "article_id": article.id,
                "source": article.source,
                "title": article.title,
                "url": article.url,
                "published": article.published.isoformat() if article.published else None,
            }

        return {
            "indicator": self.indicator,
            "subject": list(self.subject),
            "difference": round(self.difference, 4),
            "a": side(self.a),
            "b": side(self.b),
        }


def period_span(period: str | None) -> tuple[str, str] | None:
    """``2023`` → (2023-01, 2023-12); ``2023-01/2023-08`` → (2023-01, 2023-08); None → None."""
    if not period:
        return None
    start, _, end = period.partition("/")
    end = end or start
    start = start if len(start) > 4 else f"{start[:4]}-01"
    end = end if len(end) > 4 else f"{end[:4]}-12"
    return start[:7], end[:7]


def _conflicting(x: Figure, y: Figure, indicator: str, threshold: float) -> bool:
    if x.unit != y.unit:
        return False
    sx, sy = period_span(x.period), period_span(y.period)
    if sx is None or sy is None or sx[1] < sy[0] or sy[1] < sx[0]:
        return False
    low, high = sorted((abs(x.value), abs(y.value)))
    if not low or high / low - 1 <= threshold:
        return False
    if sx == sy:
        return True
    if indicator not in FLOWS:
        return False
    shorter, longer = (x, y) if _months(sx) < _months(sy) else (y, x)
    inside = period_span(longer.period)[0] <= period_span(shorter.period)[0]
    return inside and abs(shorter.value) > abs(longer.value) * (1 + threshold)


def _months(span: tuple[str, str]) -> int:
    (y1, m1), (y2, m2) = (map(int, s.split("-")) for s in span)
    return (y2 - y1) * 12 + m2 - m1 + 1


def find_conflicts(
    store: Store, *, threshold: float = 0.05, actor: str | None = None, indicator: str | None = None
) -> list[Conflict]:
    """Every conflicting pair of stored figures from different articles."""
    groups: dict[tuple[str, frozenset[str]], list[tuple[str, Figure, Article]]] = {}
    for item in store.list_figure_sources(actor=actor, indicator=indicator):
        figure = item[1]
        key = (figure.indicator.removeprefix("other:"), frozenset(figure.subject))
        groups.setdefault(key, []).append(item)
    found = []
    for (name, subject), items in sorted(groups.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))):
        for a, b in itertools.combinations(items, 2):
            if a[2].id != b[2].id and _conflicting(a[1], b[1], name, threshold):
                found.append(Conflict(name, tuple(sorted(subject)), a, b))
    return found
