"""Figures: numbers about relations between states, with value in base units, unit, qualifier,
indicator, subject actors and period."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..records import CENTRAL_ASIA, Figure, Span
from .pipeline import Document, register
from .temporal import TimeMention, find_times

__all__ = ["extract_figures", "parse_quantities", "Quantity"]

SCALES = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "CNY",
    "cny": "CNY",
    "rub": "RUB",
    "kzt": "KZT",
    "uzs": "UZS",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "yuan": "CNY",
    "renminbi": "CNY",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "tenge": "KZT",
    "som": "KGS",
    "soms": "KGS",
    "sum": "UZS",
    "soums": "UZS",
    "pounds": "GBP",
    "somoni": "TJS",
    "manat": "TMT",
}
COUNT_NOUNS = {
    "people": "people",
    "residents": "people",
    "citizens": "people",
    "migrants": "people",
    "workers": "people",
    "tourists": "people",
    "students": "people",
    "companies": "count",
    "enterprises": "count",
    "firms": "count",
    "projects": "count",
    "agreements": "count",
    "documents": "count",
    "deals": "count",
    "joint ventures": "count",
    "tonnes": "tonnes",
    "tons": "tonnes",
    "barrels": "barrels",
}
FRACTIONS = {
    "two-thirds": 66.7,
    "two thirds": 66.7,
    "one-third": 33.3,
    "a third": 33.3,
    "one third": 33.3,
    "half": 50.0,
    "a quarter": 25.0,
    "one-quarter": 25.0,
    "three-quarters": 75.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one-fifth": 20.0,
}
QUALIFIERS = [
    (
        r"(?:more than|over|exceeding|exceeded|surpassed|surpassing|above|in excess of|upwards of)",
        "more_than",
    ),
    (r"(?:nearly|almost|close to|just under|approaching)", "nearly"),
    (r"(?:about|around|roughly|approximately|some|an estimated|estimated at|circa)", "about"),
    (r"(?:less than|under|below|up to|fewer than)", "less_than"),
]
RANK_WORDS = {
    "largest": 1,
    "biggest": 1,
    "main": 1,
    "top": 1,
    "leading": 1,
    "second-largest": 2,
    "second-biggest": 2,
    "second largest": 2,
    "third-largest": 3,
    "third largest": 3,
    "third-biggest": 3,
    "fourth-largest": 4,
    "fifth-largest": 5,
}

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"trillion|billion|million|thousand|bn|mn|mln|tn|[bmk](?![a-z])"
MONEY_PRE = re.compile(
    rf"(?P<cur>US\$|\$|€|£|¥|USD|EUR|GBP|CNY|RUB|KZT|UZS)\s?(?P<num>{NUM})(?:\s?(?P<scale>{SCALE}))?", re.I
)
MONEY_POST = re.compile(
    rf"(?P<num>{NUM})\s?(?P<scale>{SCALE})?\s+(?P<cur>{'|'.join(CURRENCY_WORDS)})\b", re.I
)
PERCENT = re.compile(rf"(?P<num>{NUM})\s?(?:%|percent\b|per cent\b)", re.I)
VOLUME = re.compile(
    rf"(?P<num>{NUM})\s?(?P<scale>{SCALE})?\s?(?P<unit>bcm|billion cubic met(?:re|er)s|cubic met(?:re|er)s)",
    re.I,
)
COUNT = re.compile(
    rf"(?P<num>{NUM})\s?(?P<scale>million|billion|thousand)?\s+(?:\w+\s+){{0,2}}?(?P<noun>{'|'.join(COUNT_NOUNS)})\b",
    re.I,
)
FRACTION = re.compile(rf"\b(?P<frac>{'|'.join(FRACTIONS)})\s+of\b", re.I)
DOUBLED = re.compile(r"\b(?P<word>doubled|tripled|trebled)\b", re.I)
RANK = re.compile(
    rf"\b(?P<rank>{'|'.join(sorted(RANK_WORDS, key=len, reverse=True))})\s+(?:[\w-]+\s+){{0,3}}?(?P<what>partner|consumer|investor|buyer|supplier|creditor|market|importer|exporter|source)\b",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    kind: str  # money, percent, volume, count, fraction, growth_word, rank


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - 30) : start].lower()
    for pattern, name in QUALIFIERS:
        if re.search(rf"\b{pattern}\s*$", before):
            return name
    return None


def _scale(raw: str | None) -> float:
    return SCALES.get((raw or "").lower(), 1.0)


def parse_quantities(text: str) -> list[Quantity]:
    """Every quantity in a sentence, without overlaps, longest first."""
    found: list[Quantity] = []

    def add(match: re.Match, value: float, unit: str, kind: str) -> None:
        start, end = match.span()
        if any(start < q.end and q.start < end for q in found):
            return
        found.append(Quantity(start, end, value, unit, _qualifier(text, start), kind))

    for m in MONEY_PRE.finditer(text):
        add(m, _number(m["num"]) * _scale(m["scale"]), CURRENCY_SYMBOLS[m["cur"].lower()], "money")
    for m in MONEY_POST.finditer(text):
        add(m, _number(m["num"]) * _scale(m["scale"]), CURRENCY_WORDS[m["cur"].lower()], "money")
    for m in VOLUME.finditer(text):
        base = 1e9 if m["unit"].lower() == "bcm" or m["unit"].lower().startswith("billion") else 1.0
        add(m, _number(m["num"]) * _scale(m["scale"]) * base, "cubic_meters", "volume")
    for m in PERCENT.finditer(text):
        add(m, _number(m["num"]), "percent", "percent")
    for m in FRACTION.finditer(text):
        add(m, FRACTIONS[m["frac"].lower()], "percent", "fraction")
    for m in DOUBLED.finditer(text):
        add(m, {"doubled": 100.0}.get(m["word"].lower(), 200.0), "percent", "growth_word")
    for m in COUNT.finditer(text):
        add(m, _number(m["num"]) * _scale(m["scale"]), COUNT_NOUNS[m["noun"].lower()], "count")
    for m in RANK.finditer(text):
        add(m, float(RANK_WORDS[m["rank"].lower()]), "rank", "rank")
    return sorted(found, key=lambda q: q.start)


@functools.lru_cache(maxsize=1)
def _indicators() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("crossroads").joinpath("data", "lexicon", "figures.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(
        (r["keyword"], r["indicator"], r["units"])
        for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    )


def _indicator(q: Quantity, sentence: str, local: str) -> str:
    if q.kind == "rank":
        return "other:partner_rank"
    if q.unit in ("people",):
        return "population" if re.search(r"home to|population|inhabit", sentence, re.I) else "count"
    if q.unit in ("count",):
        return "count"
    if q.unit == "cubic_meters":
        return "other:gas_volume"
    if q.unit == "tonnes" or q.unit == "barrels":
        return "other:volume"
    group = "money" if q.kind == "money" else "percent"
    if q.kind == "growth_word":
        return "growth"
    for text in (local, sentence):
        lowered = text.lower()
        for keyword, indicator, units in _indicators():
            if units in (group, "any") and re.search(rf"\b{re.escape(keyword)}", lowered):
                return indicator
    return "other:amount" if group == "money" else "other:percent"


def _period(times: list[TimeMention], q: Quantity) -> str | None:
    candidates = [t for t in times if t.period or t.precision in ("year", "month", "day")]
    if not candidates:
        return None
    best = min(candidates, key=lambda t: (t.start < q.start and 0 or 1, abs(t.start - q.start)))
    if best.period:
        return best.period
    return best.value[:4] if best.value else None


def _subjects(sentence_codes: list[str], previous: list[str]) -> tuple[str, ...]:
    codes = sentence_codes or previous
    ordered = [c for c in codes if c not in CENTRAL_ASIA] + [c for c in codes if c in CENTRAL_ASIA]
    return tuple(dict.fromkeys(ordered))


@register("figures.rules.v1", requires=("sentences", "actors"), produces=("figures",))
def extract_figures(doc: Document) -> Document:
    figures: list[Figure] = []
    previous: list[str] = []
    for sentence in doc.spacy.sents:
        text = sentence.text
        base = sentence.start_char
        codes = [
            c
            for m in doc.actors
            if base <= m.start < sentence.end_char and m.kind != "format"
            for c in m.codes
        ]
        times = find_times(text, doc.article.published)
        time_spans = [(t.start, t.end) for t in times]
        for q in parse_quantities(text):
            if any(s <= q.start < e for s, e in time_spans):
                continue
            local = text[max(0, q.start - 60) : q.end + 40]
            subject = _subjects(codes, previous)
            if not subject:
                continue
            span = Span(doc.article.id, sentence.start_char, sentence.end_char, text, text)
            figures.append(
                Figure(
                    subject=subject,
                    indicator=_indicator(q, text, local),
                    value=round(q.value, 6),
                    unit=q.unit,
                    period=_period(times, q),
                    qualifier=q.qualifier,
                    evidence=(span,),
                    confidence=0.6 if codes else 0.4,
                )
            )
        if codes:
            previous = codes
    doc.figures = figures
    return doc
