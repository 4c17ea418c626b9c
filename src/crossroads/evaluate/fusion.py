"""Fusion evaluation: pairwise merge precision and recall against gold ``event_key`` labels.

Each gold event may carry an ``event_key`` naming the real-world event it reports; events in
different articles with the same key are the same event. Two evaluations:

- ``gold``: the gold events themselves are fused, isolating fusion from extraction errors;
- ``extracted``: the extractor's events are fused, and pairs are scored among the extracted
  events that match a gold event (lenient event matching, as in FORMAT.md, preferring the gold
  event whose date agrees: a report of the 2023 summit is not labelled as the 2025 one because
  both have the same parties).

Pairs are taken across articles only (within an article, one event per interaction is the
extractor's job). Precision: of the pairs fused together, the share that share a gold key;
recall: of the pairs that share a gold key, the share fused together.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from ..analysis.fusion import Mention, components, parts
from ..extract import extract_article
from ..records import Event, Span
from .gold import GoldDoc, load_gold
from .score import _date_ok, _match, event_lenient

__all__ = ["FusionScores", "evaluate_fusion"]


@dataclass
class FusionScores:
    pairs_true: int = 0
    pairs_predicted: int = 0
    pairs_correct: int = 0
    mentions: int = 0
    clusters: int = 0

    @property
    def precision(self) -> float:
        return self.pairs_correct / self.pairs_predicted if self.pairs_predicted else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_correct / self.pairs_true if self.pairs_true else 1.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "pairs_true": self.pairs_true,
            "pairs_predicted": self.pairs_predicted,
            "pairs_correct": self.pairs_correct,
            "mentions": self.mentions,
            "clusters": self.clusters,
        }


def _gold_event(doc: GoldDoc, item: dict) -> Event:
    text = item.get("evidence") or ""
    at = max(doc.article.text.find(text), 0)
    return Event(
        type=item["type"],
        source_actors=tuple(item.get("source_actors") or ()),
        target_actors=tuple(item.get("target_actors") or ()),
        date=item.get("date"),
        location=item.get("location"),
        status=item.get("status", "occurred"),
        evidence=(Span(doc.article.id, at, at + len(text), text, text),),
    )


def _labelling(pred: dict, gold: dict) -> float:
    """Lenient match, halved where the dates disagree (so that date-consistent gold goes first)."""
    return event_lenient(pred, gold) * (1.0 if _date_ok(pred, gold) else 0.5)


def _score(mentions: list[Mention], keys: dict[str, str]) -> FusionScores:
    clusters = components(mentions)
    cluster_of = {m.event_id: i for i, c in enumerate(clusters) for m in c}
    scores = FusionScores(mentions=len(keys), clusters=len({cluster_of[e] for e in keys}))
    labelled = [m for m in mentions if m.event_id in keys]
    for x, y in itertools.combinations(labelled, 2):
        if x.article_id == y.article_id:
            continue
        same_gold = keys[x.event_id] == keys[y.event_id]
        same_pred = cluster_of[x.event_id] == cluster_of[y.event_id]
        scores.pairs_true += same_gold
        scores.pairs_predicted += same_pred
        scores.pairs_correct += same_gold and same_pred
    return scores


def evaluate_fusion(folder: str | Path) -> dict[str, FusionScores]:
    docs = [d for d in load_gold(folder) if any("event_key" in e for e in d.events)]
    gold_mentions, gold_keys = [], {}
    ext_mentions, ext_keys = [], {}
    for doc in docs:
        a = doc.article
        for i, item in enumerate(doc.events):
            event_id = f"{a.external_id}:g{i}"
            gold_mentions.append(Mention(event_id, a.id, a.published, a.content_hash, _gold_event(doc, item)))
            if item.get("event_key"):
                gold_keys[event_id] = item["event_key"]
        extracted = extract_article(a)
        found = [
            Mention(f"{a.external_id}:e{i}", a.id, a.published, a.content_hash, event)
            for i, event in enumerate(extracted.events)
        ]
        ext_mentions += found
        # a trip to several hosts is scored by its parts, each matched to the gold visit it is
        split = [part for m in found for part in parts(m)]
        _, matched = _match([m.event.to_dict() for m in split], doc.events, _labelling)
        for i, j in matched:
            if doc.events[j].get("event_key"):
                ext_keys[split[i].event_id] = doc.events[j]["event_key"]
    return {"gold": _score(gold_mentions, gold_keys), "extracted": _score(ext_mentions, ext_keys)}
