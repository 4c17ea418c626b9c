"""Run the extractor over a gold folder and score it."""

from __future__ import annotations

from pathlib import Path

from ..extract import extract_article
from .gold import load_gold
from .score import Scores, score_documents

__all__ = ["evaluate_folder", "format_scores"]


def evaluate_folder(folder: str | Path) -> tuple[Scores, list[tuple[str, Scores]]]:
    total = Scores()
    docs = []
    for gold in load_gold(folder):
        pred = extract_article(gold.article).to_dict()
        gold_dict = {"events": gold.events, "figures": gold.figures, "claims": gold.claims}
        scores = score_documents(pred, gold_dict, gold.article.text)
        total.add(scores)
        docs.append((gold.article.external_id or gold.path.name, scores))
    return total, docs


def format_scores(s: Scores) -> str:
    rows = [
        ("events strict", s.events_strict),
        ("events lenient", s.events_lenient),
        ("figures strict", s.figures_strict),
        ("figures lenient", s.figures_lenient),
    ]
    if s.claims_scored:
        rows.append(("claims", s.claims))
    lines = [
        f"documents: {s.documents}",
        f"{'':<16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]
    for name, prf in rows:
        lines.append(
            f"{name:<16} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f} "
            f"{prf.tp:5d} {prf.fp:5d} {prf.fn:5d}"
        )
    lines.append(
        f"event date accuracy {s.date_accuracy:.3f}, location accuracy "
        f"{s.location_accuracy:.3f} (over {s.matched_events} matched events)"
    )
    return "\n".join(lines)
