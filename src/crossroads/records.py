"""The records Crossroads produces and stores. Frozen dataclasses; no internal imports.

Every extracted record carries its evidence: one or more :class:`Span` objects, each naming
the article, the character offsets into the article text and the sentence that holds them.
``to_dict`` gives the field names of the gold format (``../shared/gold/FORMAT.md``).
"""

from __future__ import annotations

import datetime as dt
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
    "PLOVER_TYPES",
    "CENTRAL_ASIA",
]

PLOVER_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()

CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")


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
