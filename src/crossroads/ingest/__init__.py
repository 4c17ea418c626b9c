"""Ingestion: turn files, lines and streams into :class:`~crossroads.records.Article` objects.

Reading never touches the store; :mod:`crossroads.runner` stores what this yields.
"""

from .read import SUFFIXES, expand_paths, make_article, read_bytes, read_path, read_paths

__all__ = ["SUFFIXES", "expand_paths", "make_article", "read_bytes", "read_path", "read_paths"]
