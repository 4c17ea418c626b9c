"""The embedded store: one DuckDB file. All SQL of Crossroads lives in this package."""

from .db import Store, open_store

__all__ = ["Store", "open_store"]
