"""Analysis over the store: summaries now; fusion and the index later."""

from .summary import Summary, summarize

__all__ = ["Summary", "summarize"]
