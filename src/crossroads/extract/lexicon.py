"""Event verb and noun lexicons, context keywords and unnamed parties (``crossroads/data/lexicon``)."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["Trigger", "Lexicon", "load_lexicon"]


@dataclass(frozen=True)
class Trigger:
    lemma: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    roles: str = "so"
    particle: str | None = None
    object: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, Trigger]
    contexts: tuple[tuple[str, str], ...]
    unnamed: frozenset[str] = frozenset()  # nouns of parties that name no state ("insurgents")


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("crossroads").joinpath("data", "lexicon", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    verbs: dict[str, list[Trigger]] = {}
    for row in _read("event_verbs.tsv"):
        raw = row["lemma"]
        obj = particle = None
        if ">" in raw:
            raw, obj = raw.split(">", 1)
        if "+" in raw:
            raw, particle = raw.split("+", 1)
        trigger = Trigger(
            raw,
            row["type"],
            row.get("mode") or None,
            tuple(row.get("contexts", "").split()),
            row.get("roles") or "so",
            particle,
            obj,
        )
        verbs.setdefault(raw, []).append(trigger)
    nouns = {
        row["lemma"]: Trigger(
            row["lemma"],
            row["type"],
            row.get("mode") or None,
            tuple(row.get("contexts", "").split()),
            level=row.get("level"),
        )
        for row in _read("event_nouns.tsv")
    }
    contexts = tuple((row["word"], row["context"]) for row in _read("contexts.tsv"))
    # Specific triggers (with an object or particle) are tried before the bare verb.
    ordered = {
        k: tuple(sorted(v, key=lambda t: t.object is None and t.particle is None)) for k, v in verbs.items()
    }
    unnamed = frozenset(row["lemma"] for row in _read("unnamed_parties.tsv"))
    return Lexicon(ordered, nouns, contexts, unnamed)
