"""What a store holds, in a few numbers: ``crossroads summary``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import CENTRAL_ASIA
from ..store import Store

__all__ = ["Summary", "summarize"]


@dataclass(frozen=True)
class Summary:
    store: str
    articles: int
    events: int
    canonical_events: int
    figures: int
    claims: int
    events_by_type: dict[str, int]
    most_active: dict[str, tuple[str, int] | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "articles": self.articles,
            "events": self.events,
            "canonical_events": self.canonical_events,
            "figures": self.figures,
            "claims": self.claims,
            "events_by_type": self.events_by_type,
            "most_active_power": {
                state: ({"power": hit[0], "events": hit[1]} if hit else None)
                for state, hit in self.most_active.items()
            },
        }


def summarize(store: Store) -> Summary:
    """Counts, events by type, and the outside power with most events for each state."""
    most: dict[str, tuple[str, int] | None] = {state: None for state in CENTRAL_ASIA}
    for state, power, n in store.count_dyads(CENTRAL_ASIA):
        if most[state] is None:
            most[state] = (power, n)
    return Summary(
        store=store.path,
        articles=store.count("articles"),
        events=store.count("events"),
        canonical_events=store.count("canonical_events"),
        figures=store.count("figures"),
        claims=store.count("claims"),
        events_by_type=store.count_events_by_type(),
        most_active=most,
    )
