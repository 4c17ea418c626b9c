"""Extraction: the registered stages and the default pipeline that runs them."""

from __future__ import annotations

import functools

from ..records import Article, Extraction
from . import actors, claims, events, figures, nlp  # noqa: F401 - registers the stages
from .pipeline import Document, Pipeline, Stage, register, registry

__all__ = [
    "DEFAULT_STAGES",
    "default_pipeline",
    "extract_article",
    "Document",
    "Pipeline",
    "Stage",
    "register",
    "registry",
]

DEFAULT_STAGES = ("nlp.spacy.v1", "actors.kb.v2", "events.rules.v2", "figures.rules.v1", "claims.rules.v1")


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline(DEFAULT_STAGES)


def extract_article(article: Article) -> Extraction:
    """Run the default pipeline on one article."""
    return default_pipeline().run(article)
