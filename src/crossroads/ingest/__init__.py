"""Ingestion: turn files, lines and streams into :class:`~crossroads.records.Article` objects.

Reading never touches the store; :mod:`crossroads.runner` stores what this yields.
"""

from .read import (
    SUFFIXES,
    expand_paths,
    make_article,
    read_bytes,
    read_line,
    read_path,
    read_paths,
    read_record,
)

__all__ = [
    "SUFFIXES",
    "expand_paths",
    "make_article",
    "read_bytes",
    "read_line",
    "read_path",
    "read_paths",
    "read_record",
]
