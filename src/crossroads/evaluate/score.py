"""Scoring exactly as FORMAT.md's Scoring section says.

- Events match on type (or a gold alternative) and actors; CONSULT, AGREE and COOPERATE ignore
  direction. Strict: both actor sets equal and the date equal at the gold date's precision (a
  null gold date accepts any). Lenient: one source and one target in common; no date check.
- Figures match on value (within 1%) and unit (folded). Strict adds indicator (without
  ``other:``), subject set and period; lenient needs one subject in common.
- Claims match when evidence spans overlap by at least half of the shorter one and the speakers
  agree (same speaker_actor, or a shared name word).
- One-to-one matching, best candidates first. Recall counts ``core`` gold items only; a
  prediction matched to a ``minor`` item is neither a true nor a false positive; an unmatched
  prediction, or a duplicate of an item already matched, is a false positive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PRF", "Scores", "score_documents", "score_set", "SYMMETRIC"]

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
UNIT_FOLD = {
    "%": "percent",
    "tons": "tonnes",
    "ton": "tonnes",
    "tonne": "tonnes",
    "pp": "percentage_points",
    "m3": "cubic_meters",
    "cubic_metres": "cubic_meters",
    "usd": "usd",
    "people": "people",
    "persons": "people",
}
STOP = {"the", "a", "an", "of", "and", "for", "at", "in", "on", "u.s.", "mr", "ms", "dr"}

Item = dict[str, Any]


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Scores:
    documents: int = 0
    events_strict: PRF = field(default_factory=PRF)
    events_lenient: PRF = field(default_factory=PRF)
    figures_strict: PRF = field(default_factory=PRF)
    figures_lenient: PRF = field(default_factory=PRF)
    claims: PRF = field(default_factory=PRF)
    claims_scored: bool = False
    date_right: int = 0
    location_right: int = 0
    matched_events: int = 0

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.matched_events if self.matched_events else 0.0

    @property
    def location_accuracy(self) -> float:
        return self.location_right / self.matched_events if self.matched_events else 0.0

    def add(self, other: Scores) -> None:
        self.documents += other.documents
        for name in ("events_strict", "events_lenient", "figures_strict", "figures_lenient", "claims"):
            getattr(self, name).add(getattr(other, name))
        self.claims_scored |= other.claims_scored
        self.date_right += other.date_right
        self.location_right += other.location_right
        self.matched_events += other.matched_events

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "documents": self.documents,
            "events": {
                "strict": self.events_strict.to_dict(),
                "lenient": self.events_lenient.to_dict(),
                "date_accuracy": round(self.date_accuracy, 4),
                "location_accuracy": round(self.location_accuracy, 4),
                "matched": self.matched_events,
            },
            "figures": {"strict": self.figures_strict.to_dict(), "lenient": self.figures_lenient.to_dict()},
        }
        if self.claims_scored:
            data["claims"] = self.claims.to_dict()
        return data


# -- events ---------------------------------------------------------------------------------


def _sets(item: Item) -> tuple[set[str], set[str]]:
    return set(item.get("source_actors") or []), set(item.get("target_actors") or [])


def _types(gold: Item) -> set[str]:
    return {gold["type"], *(gold.get("type_alternatives") or [])}


def _orientations(pred: Item, gold: Item) -> list[tuple[set[str], set[str]]]:
    src, tgt = _sets(pred)
    options = [(src, tgt)]
    if gold["type"] in SYMMETRIC or pred.get("type") in SYMMETRIC:
        options.append((tgt, src))
    return options


def _date_ok(pred: Item, gold: Item) -> bool:
    want = gold.get("date")
    if not want:
        return True
    got = pred.get("date") or ""
    return len(got) >= len(want) and got[: len(want)] == want


def event_strict(pred: Item, gold: Item) -> float:
    if pred.get("type") not in _types(gold):
        return 0.0
    gsrc, gtgt = _sets(gold)
    if not any(s == gsrc and t == gtgt for s, t in _orientations(pred, gold)):
        return 0.0
    return 1.0 if _date_ok(pred, gold) else 0.0


def event_lenient(pred: Item, gold: Item) -> float:
    if pred.get("type") not in _types(gold):
        return 0.0
    gsrc, gtgt = _sets(gold)
    best = 0.0
    for s, t in _orientations(pred, gold):
        # a side agrees when it shares an actor, or when both leave it empty (an unnamed party)
        if (s & gsrc or not s | gsrc) and (t & gtgt or not t | gtgt):
            overlap = len(s & gsrc) + len(t & gtgt)
            best = max(best, overlap / (len(s | gsrc) + len(t | gtgt) or 1))
    return best


# -- figures --------------------------------------------------------------------------------


def _unit(raw: Any) -> str:
    key = str(raw or "").strip().lower().replace(" ", "_")
    return UNIT_FOLD.get(key, key)


def _indicator(raw: Any) -> str:
    return str(raw or "").lower().removeprefix("other:")


def _value_ok(pred: Item, gold: Item) -> bool:
    try:
        p, g = float(pred.get("value")), float(gold.get("value"))
    except (TypeError, ValueError):
        return False
    return abs(p - g) <= 0.01 * abs(g) if g else p == 0


def figure_strict(pred: Item, gold: Item) -> float:
    if not (_value_ok(pred, gold) and _unit(pred.get("unit")) == _unit(gold.get("unit"))):
        return 0.0
    if _indicator(pred.get("indicator")) != _indicator(gold.get("indicator")):
        return 0.0
    if set(pred.get("subject") or []) != set(gold.get("subject") or []):
        return 0.0
    return 1.0 if (pred.get("period") or None) == (gold.get("period") or None) else 0.0


def figure_lenient(pred: Item, gold: Item) -> float:
    if not (_value_ok(pred, gold) and _unit(pred.get("unit")) == _unit(gold.get("unit"))):
        return 0.0
    ps, gs = set(pred.get("subject") or []), set(gold.get("subject") or [])
    return len(ps & gs) / len(ps | gs) if ps & gs else 0.0


# -- claims ---------------------------------------------------------------------------------


def _span(item: Item, text: str) -> tuple[int, int] | None:
    spans = item.get("evidence_spans") or []
    if spans and isinstance(spans[0], dict) and "start" in spans[0]:
        return int(spans[0]["start"]), int(spans[0]["end"])
    evidence = item.get("evidence")
    if not evidence:
        return None
    at = text.find(evidence)
    return (at, at + len(evidence)) if at >= 0 else None


def _words(name: Any) -> set[str]:
    return {w for w in re.findall(r"[\w.'-]+", str(name or "").lower()) if len(w) > 2 and w not in STOP}


def claim_match(text: str) -> Callable[[Item, Item], float]:
    def match(pred: Item, gold: Item) -> float:
        a, b = _span(pred, text), _span(gold, text)
        if a is None or b is None:
            return 0.0
        overlap = min(a[1], b[1]) - max(a[0], b[0])
        shorter = min(a[1] - a[0], b[1] - b[0])
        if shorter <= 0 or overlap < shorter / 2:
            return 0.0
        same_actor = pred.get("speaker_actor") and pred.get("speaker_actor") == gold.get("speaker_actor")
        if not (same_actor or _words(pred.get("speaker")) & _words(gold.get("speaker"))):
            return 0.0
        return overlap / max(a[1] - a[0], b[1] - b[0])

    return match


# -- matching -------------------------------------------------------------------------------


def _match(
    preds: Sequence[Item], golds: Sequence[Item], fn: Callable[[Item, Item], float]
) -> tuple[PRF, list[tuple[int, int]]]:
    """Greedy one-to-one matching, best candidates first."""
    pairs = sorted(
        ((fn(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched: list[tuple[int, int]] = []
    for value, i, j in pairs:
        if value <= 0 or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j))
    prf = PRF()
    for _i, j in matched:
        if golds[j].get("salience", "core") == "core":
            prf.tp += 1
    prf.fp = len(preds) - len(matched)
    prf.fn = sum(1 for j, g in enumerate(golds) if g.get("salience", "core") == "core" and j not in used_g)
    return prf, matched


def score_documents(pred: Item, gold: Item, text: str) -> Scores:
    """Score one document's predictions (``extract --format json`` output) against its gold."""
    scores = Scores(documents=1)
    pe, ge = pred.get("events", []), gold.get("events", [])
    scores.events_strict, _ = _match(pe, ge, event_strict)
    scores.events_lenient, matched = _match(pe, ge, event_lenient)
    for i, j in matched:
        p, g = pe[i], ge[j]
        scores.matched_events += 1
        want, got = g.get("date"), pe[i].get("date")
        scores.date_right += bool((not want and not got) or (want and got and _date_ok(p, g)))
        scores.location_right += (p.get("location") or "").casefold() == (g.get("location") or "").casefold()
    pf, gf = pred.get("figures", []), gold.get("figures", [])
    scores.figures_strict, _ = _match(pf, gf, figure_strict)
    scores.figures_lenient, _ = _match(pf, gf, figure_lenient)
    if gold.get("claims") is not None:
        scores.claims_scored = True
        scores.claims, _ = _match(pred.get("claims", []), gold["claims"], claim_match(text))
    return scores


def score_set(pairs: Sequence[tuple[Item, Item, str]]) -> Scores:
    total = Scores()
    for pred, gold, text in pairs:
        total.add(score_documents(pred, gold, text))
    return total
