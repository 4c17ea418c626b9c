"""Analysis over the store: summaries, conflicting figures; fusion and the index later."""

from .conflicts import Conflict, find_conflicts
from .summary import Summary, summarize

__all__ = ["Conflict", "Summary", "find_conflicts", "summarize"]
