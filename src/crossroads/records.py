"""The records Crossroads produces and stores. Frozen dataclasses; no internal imports.

Every extracted record carries its evidence: one or more :class:`Span` objects, each naming
the article, the character offsets into the article text and the sentence that holds them.
``to_dict`` gives the field names of the gold format (``../shared/gold/FORMAT.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "Article",
    "Span",
    "ActorMention",
    "Event",
    "Figure",
    "Claim",
    "Extraction",
    "EventFilter",
    "record_id",
    "country_of",
    "separate_gatherings",
    "spans_json",
    "record_rows",
    "article_row",
    "PLOVER_TYPES",
    "CENTRAL_ASIA",
    "UNNAMED",
]

PLOVER_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()

CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
# How a side with no actor code is shown: a party the text names without naming a state or an
# organisation ("insurgents bombarded ...", "the international community imposed sanctions ...")
UNNAMED = "(unnamed)"


@dataclass(frozen=True, kw_only=True)
class Article:
    """One news article. ``id`` is derived from the URL when known, else from the text."""

    id: str
    text: str
    content_hash: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: dt.date | None = None
    origin: str | None = None
    external_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data


@dataclass(frozen=True)
class Span:
    """Evidence: ``text[start:end]`` of the article is the supporting passage."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, kw_only=True)
class ActorMention:
    """A place in the text that names an actor, resolved to one or more actor codes."""

    text: str
    start: int
    end: int
    codes: tuple[str, ...]
    kind: str
    other: tuple[str, ...] = ()
    person: str | None = None
    role: str | None = None


@dataclass(frozen=True, kw_only=True)
class Event:
    type: str
    source_actors: tuple[str, ...]
    target_actors: tuple[str, ...]
    evidence: tuple[Span, ...]
    mode: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_method: str | None = None
    location: str | None = None
    contexts: tuple[str, ...] = ()
    status: str = "occurred"
    confidence: float = 0.5
    trigger: str | None = None
    forum: str | None = None  # the organisation whose summit or meeting this is ("SCO")

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "source_actors": list(self.source_actors),
            "target_actors": list(self.target_actors),
            "date": self.date,
            "date_precision": self.date_precision,
            "date_method": self.date_method,
            "location": self.location,
            "contexts": list(self.contexts),
            "status": self.status,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "forum": self.forum,
            "evidence": self.evidence[0].text if self.evidence else None,
            "evidence_spans": [s.to_dict() for s in self.evidence],
        }


@dataclass(frozen=True, kw_only=True)
class Figure:
    subject: tuple[str, ...]
    indicator: str
    value: float
    unit: str
    evidence: tuple[Span, ...]
    period: str | None = None
    qualifier: str | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": list(self.subject),
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "period": self.period,
            "qualifier": self.qualifier,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence[0].text if self.evidence else None,
            "evidence_spans": [s.to_dict() for s in self.evidence],
        }


@dataclass(frozen=True, kw_only=True)
class Claim:
    speaker: str
    statement: str
    evidence: tuple[Span, ...]
    speaker_actor: str | None = None
    speaker_role: str | None = None
    about: tuple[str, ...] = ()
    stance: tuple[tuple[str, str], ...] = ()
    date: str | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_actor": self.speaker_actor,
            "speaker_role": self.speaker_role,
            "about": list(self.about),
            "stance": dict(self.stance),
            "statement": self.statement,
            "date": self.date,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence[0].text if self.evidence else None,
            "evidence_spans": [s.to_dict() for s in self.evidence],
        }


@dataclass(frozen=True, kw_only=True)
class Extraction:
    """What the pipeline extracted from one article."""

    article: Article
    extractor_version: str
    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()
    claims: tuple[Claim, ...] = ()
    errors: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article.external_id or self.article.id,
            "article_id": self.article.id,
            "title": self.article.title,
            "published": self.article.published.isoformat() if self.article.published else None,
            "extractor_version": self.extractor_version,
            "events": [e.to_dict() for e in self.events],
            "figures": [f.to_dict() for f in self.figures],
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """The filters on canonical events, as the store's SQL and its in-memory snapshot both
    apply them: actor codes and types compare upper-case, contexts lower-case; ``until`` is a
    prefix of the date (``2023`` takes all of 2023)."""

    actor: str | None = None
    counterpart: str | None = None
    type: str | None = None
    context: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    forum: str | None = None  # the organisation whose summits or meetings these are
    min_sources: int = 1

    def __post_init__(self) -> None:
        for name in ("actor", "counterpart", "type", "forum"):
            if value := getattr(self, name):
                object.__setattr__(self, name, value.upper())
        if self.context:
            object.__setattr__(self, "context", self.context.lower())

    @property
    def codes(self) -> tuple[str, ...]:
        """The actor codes an event must involve (actor and counterpart, as given)."""
        return tuple(c for c in (self.actor, self.counterpart) if c)


def country_of(location: str | None) -> str | None:
    """The ISO3 code of a ``City, ISO3`` location."""
    return location.rsplit(", ", 1)[-1] if location and ", " in location else None


def separate_gatherings(a: Event, b: Event) -> bool:
    """Whether the organisations the two reports name (their ``forum``) show them to be of
    different events: two organisations' summits (the CSTO's is not the SCO's), or an
    organisation's summit and talks between two parties that name none (the SCO summit in
    Samarkand is not Xi's talks with its host there)."""
    if a.forum == b.forum:
        return False
    if a.forum and b.forum:
        return True
    plain = b if a.forum else a
    return len(set(plain.source_actors) | set(plain.target_actors)) <= 2


def record_id(article_id: str, kind: str, seq: int) -> str:
    """The stable id of an article's ``seq``-th record of a kind (``event``, ``figure``, ``claim``)."""
    return kind[0] + hashlib.sha256(f"{article_id}:{kind}:{seq}".encode()).hexdigest()[:15]


def spans_json(spans: tuple[Span, ...] | list[Span]) -> str:
    """Evidence spans as the JSON text the store and batch results hold."""
    return json.dumps([s.to_dict() for s in spans], ensure_ascii=False)


def article_row(article: Article, extractor_version: str) -> dict[str, Any]:
    """An article as a flat row: the store's article columns without its timestamps."""
    return {
        "id": article.id,
        "url": article.url,
        "content_hash": article.content_hash,
        "external_id": article.external_id,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "origin": article.origin,
        "text": article.text,
        "extractor_version": extractor_version,
    }


def record_rows(extraction: Extraction, article_id: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The extraction's events, figures and claims as flat rows, in the store's column order.

    One builder for the store and for batch results, so both hold the same rows and ids."""
    art = article_id or extraction.article.id
    return {
        "events": [_event_row(art, i, e) for i, e in enumerate(extraction.events)],
        "figures": [_figure_row(art, i, f) for i, f in enumerate(extraction.figures)],
        "claims": [_claim_row(art, i, c) for i, c in enumerate(extraction.claims)],
    }


def _event_row(article_id: str, seq: int, e: Event) -> dict[str, Any]:
    return {
        "id": record_id(article_id, "event", seq),
        "article_id": article_id,
        "seq": seq,
        "type": e.type,
        "mode": e.mode,
        "source_actors": list(e.source_actors),
        "target_actors": list(e.target_actors),
        "date": e.date,
        "date_precision": e.date_precision,
        "date_method": e.date_method,
        "location": e.location,
        "contexts": list(e.contexts),
        "status": e.status,
        "confidence": e.confidence,
        "trigger": e.trigger,
        "evidence": spans_json(e.evidence),
        "forum": e.forum,
    }


def _figure_row(article_id: str, seq: int, f: Figure) -> dict[str, Any]:
    return {
        "id": record_id(article_id, "figure", seq),
        "article_id": article_id,
        "seq": seq,
        "subject": list(f.subject),
        "indicator": f.indicator,
        "value": f.value,
        "unit": f.unit,
        "period": f.period,
        "qualifier": f.qualifier,
        "confidence": f.confidence,
        "evidence": spans_json(f.evidence),
    }


def _claim_row(article_id: str, seq: int, c: Claim) -> dict[str, Any]:
    return {
        "id": record_id(article_id, "claim", seq),
        "article_id": article_id,
        "seq": seq,
        "speaker": c.speaker,
        "speaker_actor": c.speaker_actor,
        "speaker_role": c.speaker_role,
        "about": list(c.about),
        "stance": json.dumps(dict(c.stance)),
        "statement": c.statement,
        "date": c.date,
        "confidence": c.confidence,
        "evidence": spans_json(c.evidence),
    }
