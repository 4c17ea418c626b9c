"""The extraction pipeline: registered stages with one shape, run in a plain loop.

A stage is a function ``stage(doc: Document) -> Document`` registered under a versioned name
with what it ``requires`` and ``produces``. :class:`Pipeline` checks, before running anything,
that every stage's requirements are produced by an earlier stage. A user's own stage is
registered the same way::

    @register("mystage.v1", requires=("sentences",), produces=("notes",))
    def mystage(doc):
        doc.data["notes"] = ...
        return doc
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, CrossroadsError, ExtractionError
from ..records import ActorMention, Article, Claim, Event, Extraction, Figure

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

__all__ = ["Document", "Stage", "register", "registry", "Pipeline", "ErrorHandler", "raise_error"]

log = logging.getLogger(__name__)


@dataclass
class Document:
    """The article being processed, enriched by each stage in turn."""

    article: Article
    spacy: SpacyDoc | None = None
    actors: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    produced: set[str] = field(default_factory=set)


StageFunc = Callable[[Document], Document]


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    produces: tuple[str, ...]


_REGISTRY: dict[str, Stage] = {}


def register(name: str, *, requires: Sequence[str] = (), produces: Sequence[str] = ()):
    """Register a stage function under a versioned name such as ``events.rules.v1``."""

    def decorate(func: StageFunc) -> StageFunc:
        _REGISTRY[name] = Stage(name, func, tuple(requires), tuple(produces))
        return func

    return decorate


def registry() -> dict[str, Stage]:
    return dict(_REGISTRY)


ErrorHandler = Callable[[Stage, Document, Exception], None]


def raise_error(stage: Stage, doc: Document, exc: Exception) -> None:
    """The default error handler: wrap the failure as an :class:`ExtractionError`."""
    if isinstance(exc, CrossroadsError):
        raise exc
    raise ExtractionError(
        stage.name, doc.article.origin or doc.article.id, f"{type(exc).__name__}: {exc}"
    ) from exc


class Pipeline:
    """An ordered list of registered stages."""

    def __init__(self, names: Iterable[str], *, on_error: ErrorHandler = raise_error) -> None:
        self.stages = [self._lookup(n) for n in names]
        self.on_error = on_error
        self._check()

    @staticmethod
    def _lookup(name: str) -> Stage:
        try:
            return _REGISTRY[name]
        except KeyError:
            known = ", ".join(sorted(_REGISTRY))
            raise ConfigError(f"unknown pipeline stage {name!r}; registered: {known}") from None

    def _check(self) -> None:
        available: set[str] = set()
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise ConfigError(
                    f"stage {stage.name} requires {', '.join(missing)}, which no earlier stage "
                    "produces; put a stage that produces it first"
                )
            available.update(stage.produces)

    @property
    def version(self) -> str:
        return "+".join(s.name for s in self.stages)

    def run(self, article: Article) -> Extraction:
        doc = Document(article=article)
        for stage in self.stages:
            try:
                doc = stage.func(doc)
            except Exception as exc:  # noqa: BLE001 - handed to the replaceable handler
                self.on_error(stage, doc, exc)
                continue
            doc.produced.update(stage.produces)
        return Extraction(
            article=article,
            extractor_version=self.version,
            events=tuple(doc.events),
            figures=tuple(doc.figures),
            claims=tuple(doc.claims),
        )
