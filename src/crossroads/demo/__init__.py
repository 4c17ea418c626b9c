"""The bundled demo corpus: news-style articles written by the Crossroads team, hand-labelled
in the gold format (each file is both an article and its gold labels)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["corpus_path"]


def corpus_path() -> Path:
    """The folder holding the demo corpus's JSON files."""
    return Path(str(resources.files(__package__).joinpath("corpus")))
