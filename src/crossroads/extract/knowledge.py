"""The actor knowledge base, read from the tab-separated files in ``crossroads/data/actors``.

Files (first line a header, ``#`` starts a comment, list cells separated by ``;``):

- ``countries.tsv``: code, name, aliases, adjectives, capitals
- ``organisations.tsv``: code, name, aliases
- ``groups.tsv``: phrase, codes, condition (``always``, ``central_asia_article``, or
  ``adjective``: a group adjective such as "Central Asian")
- ``formats.tsv``: phrase, side_a, side_b (dialogue formats such as C5+1)
- ``officeholders.tsv``: name, aliases, code, office, start, end
- ``roles.tsv``: phrase, office; ``leaders.tsv``: code, chief

A user adds a leader or an alias by adding a line; ``CROSSROADS_ACTORS`` points to a folder of
files that are read after the shipped ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

__all__ = ["Term", "Entry", "KnowledgeBase", "load_knowledge"]


@dataclass(frozen=True)
class Term:
    person: str
    code: str
    office: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def distance(self, day: dt.date) -> int:
        if self.covers(day):
            return 0
        if self.start and day < self.start:
            return (self.start - day).days
        return (day - self.end).days if self.end else 0


@dataclass(frozen=True)
class Entry:
    """What a surface phrase can mean."""

    kind: str  # country, adjective, capital, organisation, group, format, person
    codes: tuple[str, ...] = ()
    other: tuple[str, ...] = ()  # the other side of a dialogue format
    person: str | None = None
    condition: str = "always"


@dataclass
class KnowledgeBase:
    phrases: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    lower_phrases: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    terms: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[str, str] = field(default_factory=dict)
    leaders: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # code -> name
    capitals: dict[str, str] = field(default_factory=dict)  # code -> capital city
    organisations: set[str] = field(default_factory=set)  # codes that name an organisation

    def add(self, phrase: str, entry: Entry, *, fold_case: bool = False) -> None:
        phrase = phrase.strip()
        if not phrase:
            return
        table = self.lower_phrases if fold_case else self.phrases
        key = phrase.lower() if fold_case else phrase
        if entry not in table[key]:
            table[key].append(entry)

    def person_code(self, person: str, day: dt.date | None) -> tuple[str, str] | None:
        """The (code, office) a person held on ``day`` (nearest term if none covers it)."""
        terms = self.terms.get(person)
        if not terms:
            return None
        if day is None:
            best = max(terms, key=lambda t: t.start or dt.date.min)
        else:
            best = min(terms, key=lambda t: (t.distance(day), _rank(t.office)))
        return best.code, best.office

    def holder(self, code: str, office: str, day: dt.date | None) -> str | None:
        """Who held ``office`` of ``code`` on ``day``."""
        for person, terms in self.terms.items():
            for term in terms:
                if term.code == code and term.office == office and (day is None or term.covers(day)):
                    return person
        return None


def _rank(office: str) -> int:
    order = ["head_of_state", "head_of_government", "foreign_minister"]
    return order.index(office) if office in order else len(order)


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def _date(raw: str | None, where: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigError(f"{where}: date {raw!r} is not YYYY-MM-DD") from exc


def _rows(text: str, where: str) -> Iterator[tuple[int, dict[str, str]]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for number, row in enumerate(reader, start=2):
        yield number, {k.strip(): (v or "").strip() for k, v in row.items() if k}


def _sources() -> list[tuple[str, str]]:
    """(file name, text) of the shipped files, then of the user's folder if set."""
    found = []
    shipped = resources.files("crossroads").joinpath("data", "actors")
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".tsv"):
            found.append((entry.name, entry.read_text("utf-8")))
    extra = os.environ.get("CROSSROADS_ACTORS")
    if extra:
        folder = Path(extra)
        if not folder.is_dir():
            raise ConfigError(f"CROSSROADS_ACTORS={extra!r} is not a folder")
        for path in sorted(folder.glob("*.tsv")):
            found.append((path.name, path.read_text("utf-8")))
    return found


def _load_file(kb: KnowledgeBase, name: str, text: str) -> None:
    stem = name.removesuffix(".tsv")
    for number, row in _rows(text, name):
        where = f"{name}:{number}"
        if stem == "countries":
            code = row["code"]
            kb.names.setdefault(code, row["name"])
            for phrase in [row["name"], *_split(row.get("aliases"))]:
                kb.add(phrase, Entry("country", (code,)))
            for phrase in _split(row.get("adjectives")):
                kb.add(phrase, Entry("adjective", (code,)))
            if _split(row.get("capitals")):
                kb.capitals.setdefault(code, _split(row.get("capitals"))[0])
            for phrase in _split(row.get("capitals")):
                kb.add(phrase, Entry("capital", (code,)))
        elif stem == "organisations":
            code = row["code"]
            kb.names.setdefault(code, row["name"])
            kb.organisations.add(code)
            for phrase in [row["name"], *_split(row.get("aliases"))]:
                kb.add(phrase, Entry("organisation", (code,)))
        elif stem == "groups":
            entry = Entry("group", tuple(row["codes"].split()), condition=row.get("condition") or "always")
            kb.add(row["phrase"], entry, fold_case=True)
        elif stem == "formats":
            entry = Entry("format", tuple(row["side_a"].split()), other=tuple(row["side_b"].split()))
            kb.add(row["phrase"], entry)
        elif stem == "officeholders":
            person = row["name"]
            term = Term(
                person,
                row["code"],
                row["office"],
                _date(row.get("start"), where),
                _date(row.get("end"), where),
            )
            kb.terms[person].append(term)
            for phrase in [person, *_split(row.get("aliases"))]:
                kb.add(phrase, Entry("person", person=person))
        elif stem == "roles":
            kb.roles[row["phrase"].lower()] = row["office"]
        elif stem == "leaders":
            kb.leaders[row["code"]] = row["chief"]


@functools.lru_cache(maxsize=1)
def load_knowledge() -> KnowledgeBase:
    kb = KnowledgeBase()
    for name, text in _sources():
        try:
            _load_file(kb, name, text)
        except KeyError as exc:
            raise ConfigError(f"actor file {name}: missing column {exc}") from exc
    return kb
