"""Evaluation against gold files in the format of ``shared/gold/FORMAT.md``."""

from .gold import GoldDoc, load_gold
from .score import Scores, score_documents, score_set

__all__ = ["GoldDoc", "load_gold", "Scores", "score_documents", "score_set"]
