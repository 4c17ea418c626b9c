"""Cross-source event fusion: reports of one real-world event become one canonical event.

Two per-article events are *the same event* when they have the same PLOVER type, their actors
overlap (Jaccard of all parties ≥ ``ACTOR_OVERLAP``), their dates agree at the coarser precision
(``2023-05`` agrees with ``2023-05-19``; a summit's two days are one event), and their places do
not contradict. A canonical event is a connected component of that relation: the result does not
depend on the order in which articles arrive, and a new article joins (and may bridge) existing
events without recomputing the others. The id of a canonical event is derived from its content:
a hash of its type and the smallest id of the per-article events behind it (those ids derive
from the article's URL or text), so reruns give identical ids.

The canonical record takes the best-supported values of its mentions: the most precise date that
agrees with the others, the place most reports give, the actor sets most reports give. Sources
are counted once per text: reprints of one wire story (same text, or the same supporting
sentence) count as one source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..records import CENTRAL_ASIA, Event, country_of, separate_gatherings
from ..store import Store

__all__ = ["Mention", "same_event", "parts", "fuse", "ACTOR_OVERLAP"]

ACTOR_OVERLAP = 0.5
DAY_TOLERANCE = 2  # days: a two- or three-day summit reported with different days


@dataclass(frozen=True)
class Mention:
    event_id: str
    article_id: str
    published: dt.date | None
    content_hash: str
    event: Event
    record_id: str | None = None  # for one host's part of a trip: the per-article event it is from

    @property
    def record(self) -> str:
        """The id of the per-article event behind this mention."""
        return self.record_id or self.event_id

    @property
    def parties(self) -> frozenset[str]:
        return frozenset(self.event.source_actors) | frozenset(self.event.target_actors)

    @property
    def powers(self) -> frozenset[str]:
        """The parties from outside Central Asia."""
        return self.parties - frozenset(CENTRAL_ASIA)


TRIP_HOSTS = range(2, 5)  # a visit to two to four named states; a tour of "Central Asia" stays whole


def parts(m: Mention) -> list[Mention]:
    """A trip to several states ("traveled to Kazakhstan and Uzbekistan") is one record in its
    article (as the gold format labels it) and one visit to each host in the world: its parts
    fuse with each host's own reports. A place the trip names stays with its country's part."""
    e = m.event
    hosts = sorted(set(e.target_actors) - set(e.source_actors))
    if e.type != "CONSULT" or e.mode != "visit" or len(e.source_actors) != 1 or len(hosts) not in TRIP_HOSTS:
        return [m]
    country = country_of(e.location)
    return [
        Mention(
            f"{m.event_id}@{host}",
            m.article_id,
            m.published,
            m.content_hash,
            replace(e, target_actors=(host,), location=e.location if country == host else None),
            record_id=m.event_id,
        )
        for host in hosts
    ]


def _dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == len(b) == 10:
        gap = abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
        return gap <= DAY_TOLERANCE
    return False


def same_event(x: Mention, y: Mention) -> bool:
    """Whether two per-article events report the same real-world event."""
    a, b = x.event, y.event
    if a.type != b.type:
        return False
    if separate_gatherings(a, b):
        return False
    if _one_sided(a) != _one_sided(b):
        return False  # "insurgents bombarded Aleppo" is not Russia's strike on the city
    few, many = sorted((x, y), key=lambda m: len(m.parties))
    small, large = few.parties, many.parties
    # a report of an organisation's summit that names only some of its participants ("Xi will
    # join the SCO summit Uzbekistan hosts") is that summit
    part_of = few.event.forum is not None and small <= large
    if len(small) <= 2 < len(large) and not part_of:
        return False  # talks between two states are not the gathering of several held around them
    if _likeness(x, y) < ACTOR_OVERLAP and not ((len(small) >= 3 or part_of) and small <= large):
        return False  # a report that names some of a summit's participants is that summit
    if x.powers and y.powers and not x.powers & y.powers:
        return False  # the EU's summit with the five is not Russia's
    if a.location and b.location and a.location != b.location:
        return False
    if a.date is None or b.date is None:
        # undated: only reports with exactly the same parties (see _cluster for how they join)
        return x.parties == y.parties
    return _dates_agree(a.date, b.date)


def _one_sided(e: Event) -> bool:
    """An event with an unnamed party on one side (an empty actor list)."""
    return not (e.source_actors and e.target_actors)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _likeness(x: Mention, y: Mention) -> float:
    """The Jaccard similarity of two reports' parties."""
    union = x.parties | y.parties
    return len(x.parties & y.parties) / len(union) if union else 0.0


def _precision(m: Mention) -> int:
    date = m.event.date or ""
    return {10: 0, 7: 1, 4: 2}.get(len(date), 3)


def _cluster(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Cluster one type's mentions. Day-precise reports form the clusters; a report with a
    coarser date ("in May", "2023", none) then joins the cluster it agrees with most, and only
    reports that join none cluster among themselves. A coarse date therefore never bridges two
    distinct events ("2023" agrees with both the May summit and the September one)."""
    tiers: list[list[Mention]] = [[], [], [], []]
    for m in sorted(mentions, key=lambda m: m.event_id):
        tiers[_precision(m)].append(m)
    clusters: list[list[Mention]] = []
    for level, tier in enumerate(tiers):
        base = [list(c) for c in clusters]
        leftovers: list[Mention] = []
        for m in tier:
            if level == 3:  # undated: joins the one event with exactly these parties, if unambiguous
                same = [i for i, c in enumerate(base) if any(o.parties == m.parties for o in c)]
                if len(same) == 1:
                    clusters[same[0]].append(m)
                else:
                    leftovers.append(m)
                continue
            # the cluster whose parties are closest ("the C+C5 format's first meeting last year"
            # is China's summit with the five, not the SCO summit that year), then the most agreeing
            scored = []
            for i, c in enumerate(base):
                agreeing = [o for o in c if same_event(m, o)]
                if any(o.article_id != m.article_id for o in agreeing):
                    scored.append((max(_likeness(m, o) for o in agreeing), len(agreeing), -i))
            if scored:
                clusters[-max(scored)[2]].append(m)
            else:
                leftovers.append(m)
        clusters += _components(leftovers)
    return [sorted(c, key=lambda m: m.event_id) for c in clusters]


def _components(mentions: Sequence[Mention]) -> list[list[Mention]]:
    uf = _Union()
    for m in mentions:
        uf.find(m.event_id)
    for i, x in enumerate(mentions):
        for y in mentions[i + 1 :]:
            if x.article_id != y.article_id and same_event(x, y):
                uf.union(x.event_id, y.event_id)
    found: dict[str, list[Mention]] = {}
    for m in mentions:
        found.setdefault(uf.find(m.event_id), []).append(m)
    return [found[k] for k in sorted(found)]


def components(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """All canonical clusters, type by type, in a stable order."""
    by_type: dict[str, list[Mention]] = {}
    for part in (p for m in mentions for p in parts(m)):
        by_type.setdefault(part.event.type, []).append(part)
    clusters = [c for t in sorted(by_type) for c in _cluster(by_type[t])]
    return sorted(clusters, key=lambda c: c[0].event_id)


def canonical_id(cluster: Sequence[Mention]) -> str:
    anchor = min(m.event_id for m in cluster)
    return "c" + hashlib.sha256(f"{cluster[0].event.type}:{anchor}".encode()).hexdigest()[:15]


def _best_date(events: Sequence[Event]) -> tuple[str | None, str | None]:
    """The most precise date that agrees with the most other reports."""
    dated = [e for e in events if e.date]
    if not dated:
        return None, None

    def support(e: Event) -> tuple[int, int, str]:
        agree = sum(_dates_agree(e.date, o.date) for o in dated)
        return (agree, len(e.date or ""), e.date or "")

    best = max(dated, key=support)
    return best.date, best.date_precision


def _mode(values: Iterable[Any]) -> Any:
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    top = max(counted.values())
    return min(v for v, n in counted.items() if n == top)


def _side(values: Iterable[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The actor set most reports give; on a tie the fuller one (a report that names only some of
    a summit's participants does not shrink it), then the first in order."""
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    return min(counted, key=lambda v: (-counted[v], -len(v), v))


def independent_sources(cluster: Sequence[Mention]) -> int:
    """Distinct texts: reprints (same article text, or the same supporting sentence) count once."""
    groups = _Union()
    for m in cluster:
        groups.find(m.article_id)
    by_text: dict[str, str] = {}
    for m in cluster:
        keys = [f"hash:{m.content_hash}"] + [f"sentence:{s.sentence.strip()}" for s in m.event.evidence]
        for key in keys:
            if key in by_text:
                groups.union(by_text[key], m.article_id)
            else:
                by_text[key] = m.article_id
    return len({groups.find(m.article_id) for m in cluster})


def summarize_cluster(cluster: Sequence[Mention]) -> dict[str, Any]:
    events = [m.event for m in cluster]
    date, precision = _best_date(events)
    reported = sorted(m.published for m in cluster if m.published)
    sources = _side(tuple(e.source_actors) for e in events) or events[0].source_actors
    targets = _side(tuple(e.target_actors) for e in events) or events[0].target_actors
    contexts = sorted({c for e in events for c in e.contexts})
    occurred = any(e.status == "occurred" for e in events)
    n = independent_sources(cluster)
    confidence = 1 - 1 / (1 + sum(e.confidence for e in events))
    return {
        "id": canonical_id(cluster),
        "type": events[0].type,
        "source_actors": list(sources),
        "target_actors": list(targets),
        "date": date,
        "date_precision": precision,
        "location": _mode(e.location for e in events),
        "contexts": contexts,
        "status": "occurred" if occurred else "planned",
        "forum": _mode(e.forum for e in events),
        "sources": n,
        "mentions": len(cluster),
        "first_reported": reported[0] if reported else None,
        "last_reported": reported[-1] if reported else None,
        "confidence": round(confidence, 4),
    }


def _load(store: Store) -> list[Mention]:
    return [Mention(*row) for row in store.list_event_mentions()]


def fuse(store: Store, *, article_ids: Iterable[str] | None = None) -> int:
    """Fuse stored events into canonical events and return how many were written.

    Without ``article_ids`` everything is recomputed. With them, only the blocks the new
    articles touch are: the events of the same type that share a party with a new event. Their
    canonical events are rewritten; all others stay as they are, and the result equals a full
    recomputation."""
    mentions = _load(store)
    if article_ids is None:
        block, remove = mentions, None
    else:
        wanted = set(article_ids)
        new = [m for m in mentions if m.article_id in wanted]
        if not new:
            return 0
        keys = {(m.event.type, p) for m in new for p in m.parties}
        chosen = {m.event_id for m in mentions if any((m.event.type, p) in keys for p in m.parties)}
        known = store.canonical_links()
        touched: set[str] = set()
        while True:  # the canonical events these records feed, and all records behind those:
            # a trip feeds several, so the block grows until it is closed
            grown = {c for e in chosen for c in known.get(e, ())}
            if grown <= touched:
                break
            touched |= grown
            chosen |= {e for e, cs in known.items() if set(cs) & touched}
        block = [m for m in mentions if m.event_id in chosen]
        remove = sorted(touched)
    clusters = components(block)
    rows = [summarize_cluster(c) for c in clusters]
    links = sorted({(m.record, row["id"]) for c, row in zip(clusters, rows, strict=True) for m in c})
    store.replace_canonical(rows, links, remove=remove)
    return len(rows)
