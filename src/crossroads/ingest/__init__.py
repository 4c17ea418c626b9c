"""Ingestion: turn files, lines, streams and downloaded pages into
:class:`~crossroads.records.Article` objects.

Reading never touches the store; :mod:`crossroads.runner` and :mod:`crossroads.collect` store
what this yields. Only :mod:`crossroads.ingest.fetch` reaches the network.
"""

from .read import (
    SUFFIXES,
    expand_paths,
    make_article,
    read_bytes,
    read_line,
    read_page,
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
    "read_page",
    "read_path",
    "read_paths",
    "read_record",
]
