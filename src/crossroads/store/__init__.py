"""The embedded store: one DuckDB file. All SQL of Crossroads lives in this package."""

from .db import Store, open_store
from .snapshot import CanonicalSnapshot

__all__ = ["Store", "open_store", "CanonicalSnapshot"]
