"""Figures: numbers about relations between states, with value in base units, unit, qualifier,
indicator, subject actors and period."""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from ..records import CENTRAL_ASIA, ActorMention, Figure, Span
from .pipeline import Document, register
from .temporal import NUMBER_WORDS, TimeMention, find_times

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
    "t": 1e12,
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
    "protocols": "count",
    "memorandums": "count",
    "memoranda": "count",
    "contracts": "count",
    "accords": "count",
    "countries": "count",
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
    rf"(?P<cur>US\$|\$|€|£|¥|USD|EUR|GBP|CNY|RUB|KZT|UZS)\s?(?P<sign>-)?(?P<num>{NUM})(?:\s?(?P<scale>{SCALE}|T(?![a-z])))?",
    re.I,
)
MONEY_SYMBOL_AFTER = re.compile(rf"(?<![\w.])(?P<sign>-)?(?P<num>{NUM})\s?(?P<cur>€|£|\$)")
SPACED = r"\d{1,3}(?:[  ]\d{3})+"
MONEY_SPACED = re.compile(rf"(?P<num>{SPACED})\s+(?P<cur>{'|'.join(CURRENCY_WORDS)})\b", re.I)
MONEY_POST = re.compile(
    rf"(?P<num>{NUM})\s?(?P<scale>{SCALE})?\s+(?:US\s+|U\.S\.\s+)?(?P<cur>{'|'.join(CURRENCY_WORDS)})\b", re.I
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
# "about half a billion dollars"
PART_MONEY = re.compile(
    rf"\b(?P<part>half|a quarter|a third)\s+(?:of\s+)?an?\s+(?P<scale>trillion|billion|million)\s+"
    rf"(?:US\s+)?(?P<cur>{'|'.join(CURRENCY_WORDS)})\b",
    re.I,
)
PARTS = {"half": 0.5, "a quarter": 0.25, "a third": 1 / 3}
# "2.9 billion cubic metres ..., against 0.38 billion from Kazakhstan": the unit is understood
BARE_SCALED = re.compile(rf"(?<![\w.$€£¥])(?P<num>{NUM})\s?(?P<scale>billion|million|bn|mn)\b", re.I)
FRACTION_CHANGE = re.compile(
    rf"\b(?:by|of)\s+(?:roughly|about|around|nearly|almost|more than|over|some)?\s*(?P<frac>{'|'.join(FRACTIONS)})\b(?!\s+of)",
    re.I,
)
DOWNWARD = re.compile(
    r"\b(?:drop|fall|fell|decline|decrease|shrank|shrink|down|slump|contraction)\w*\W+(?:\w+\W+){0,3}$", re.I
)
WORD_NUMBERS = {
    **{word: n for word, n in NUMBER_WORDS.items() if word.isalpha()},  # two .. eleven
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a dozen": 12,
    "dozens": 24,
}
DOCUMENT_NOUNS = (
    "documents",
    "agreements",
    "protocols",
    "memorandums",
    "memoranda",
    "contracts",
    "deals",
    "accords",
    "projects",
    "companies",
    "enterprises",
    "joint ventures",
)
COUNT_WORD = re.compile(
    rf"\b(?P<word>{'|'.join(WORD_NUMBERS)})\s+(?:\w+\s+){{0,2}}?(?P<noun>{'|'.join(DOCUMENT_NOUNS)})\b", re.I
)
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
        sign = -1.0 if m["sign"] else 1.0
        add(m, sign * _number(m["num"]) * _scale(m["scale"]), CURRENCY_SYMBOLS[m["cur"].lower()], "money")
    for m in MONEY_SPACED.finditer(text):
        add(m, float(re.sub(r"\D", "", m["num"])), CURRENCY_WORDS[m["cur"].lower()], "money")
    for m in MONEY_SYMBOL_AFTER.finditer(text):
        sign = -1.0 if m["sign"] else 1.0
        add(m, sign * _number(m["num"]), CURRENCY_SYMBOLS[m["cur"].lower()], "money")
    for m in MONEY_POST.finditer(text):
        add(m, _number(m["num"]) * _scale(m["scale"]), CURRENCY_WORDS[m["cur"].lower()], "money")
    for m in VOLUME.finditer(text):
        base = 1e9 if m["unit"].lower() == "bcm" or m["unit"].lower().startswith("billion") else 1.0
        add(m, _number(m["num"]) * _scale(m["scale"]) * base, "cubic_meters", "volume")
    for m in PART_MONEY.finditer(text):
        add(m, PARTS[m["part"].lower()] * _scale(m["scale"]), CURRENCY_WORDS[m["cur"].lower()], "money")
    for m in PERCENT.finditer(text):
        add(m, _number(m["num"]), "percent", "percent")
    for m in FRACTION.finditer(text):
        add(m, FRACTIONS[m["frac"].lower()], "percent", "fraction")
    for m in FRACTION_CHANGE.finditer(text):
        sign = -1.0 if DOWNWARD.search(text[max(0, m.start() - 40) : m.start() + 3]) else 1.0
        add(m, sign * FRACTIONS[m["frac"].lower()], "percent", "growth_word")
    for m in COUNT_WORD.finditer(text):
        add(m, float(WORD_NUMBERS[m["word"].lower()]), COUNT_NOUNS[m["noun"].lower()], "count")
    for m in DOUBLED.finditer(text):
        add(m, {"doubled": 100.0}.get(m["word"].lower(), 200.0), "percent", "growth_word")
    for m in COUNT.finditer(text):
        add(m, _number(m["num"]) * _scale(m["scale"]), COUNT_NOUNS[m["noun"].lower()], "count")
    for m in RANK.finditer(text):
        add(m, float(RANK_WORDS[m["rank"].lower()]), "rank", "rank")
    volumes = [q for q in found if q.kind == "volume"]
    for m in BARE_SCALED.finditer(text) if volumes else ():  # last: every unit has had its turn
        if any(v.end <= m.start() for v in volumes):  # after a volume, in the same sentence
            add(m, _number(m["num"]) * _scale(m["scale"]), "cubic_meters", "volume")
    return sorted(found, key=lambda q: q.start)


@functools.lru_cache(maxsize=1)
def _indicators() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("crossroads").joinpath("data", "lexicon", "figures.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(
        (r["keyword"], r["indicator"], r["units"])
        for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    )


AFTER_BREAK = re.compile(r"[;—]|,\s*(?:although|though|while|but|whereas|as)\b", re.I)


def _indicator(q: Quantity, sentence: str) -> str:
    """The indicator whose keyword stands closest to the number (ties: the file's order)."""
    if q.kind == "rank":
        return "other:partner_rank"
    if q.unit in ("people",):
        return "population" if re.search(r"home to|population|inhabit", sentence, re.I) else "count"
    if q.unit in ("count",):
        return "count"
    if q.unit == "cubic_meters":
        return "other:pipeline_capacity" if CAPACITY.search(sentence) else "other:gas_volume"
    if q.unit == "tonnes" or q.unit == "barrels":
        return "other:gas_volume" if re.search(r"\b(?:gas|LNG)\b", sentence) else "other:volume"
    if q.kind == "growth_word":
        return "growth"
    group = "money" if q.kind == "money" else "percent"
    if group == "percent":
        before = sentence[max(0, q.start - 30) : q.start].lower()
        around = sentence[max(0, q.start - 70) : q.end + 45].lower()
        level = re.search(
            r"\b(?:to|at|from|of)\s+(?:about|around|some|nearly|almost|just over|over)?\s*$", before
        )
        if not level and (CHANGE.search(before) or CHANGE_AFTER.match(sentence[q.end :])):
            return "growth"
        if SHARE.search(around):
            return "share_of_imports" if "import" in around else "share_of_trade"
        if level and re.search(r"\bshare\b", sentence, re.I):
            return "share_of_trade"
    lowered = sentence.lower()
    best: tuple[int, int, str] | None = None
    for order, (keyword, indicator, units) in enumerate(_indicators()):
        if units not in (group, "any"):
            continue
        for match in re.finditer(rf"\b{re.escape(keyword)}", lowered):
            if match.start() >= q.end and AFTER_BREAK.search(sentence[q.end : match.start()]):
                continue  # "second with $19.8 billion, although China bought only ...": another clause
            gap = q.start - match.end() if match.end() <= q.start else match.start() - q.end
            # a keyword before the number binds more tightly than one after it
            distance = max(gap, 0) + (0 if match.end() <= q.start else 40)
            candidate = (distance, order, indicator)
            if best is None or candidate < best:
                best = candidate
    if best is not None and best[0] <= 120:
        return best[2]
    return "other:amount" if group == "money" else "other:percent"


def _local_codes(doc: Document, sentence, q: Quantity, quantities: list[Quantity]) -> list[str]:
    """In a sentence with several numbers, the actors that belong to this one: "sold $1.7 billion
    to Kazakhstan, $1.6 billion to Uzbekistan" (the party after the number, plus the sentence's
    subject), or "followed by Uzbekistan at about $9 billion" (a new party before it)."""
    base = sentence.start_char
    text = doc.article.text
    mentions = [
        m
        for m in doc.actors
        if base <= m.start < sentence.end_char
        and m.kind != "format"
        and not CURRENCY_NAME.match(text[m.end : m.end + 12])
    ]
    first = min(o.start for o in quantities)

    def nearest(m) -> Quantity | None:
        def gap(o: Quantity) -> int:
            if m.start - base >= o.end:
                between = text[base + o.end : m.start]
                if re.search(r"\band\b|[;,)]", between) or len(between) > 30:
                    return 10_000  # the party after a number is its own only when attached to it
                return m.start - base - o.end
            if CLAUSE_BREAK.search(text[m.end : base + o.start]):
                return 10_000  # "..., while Turkey's share fell to 6.4%": another clause's party
            return o.start - (m.end - base) + 5

        best = min(rivals, key=gap)
        return best if gap(best) < 10_000 or best is not q else None

    # "Kazakhstan, the main supplier to Tajikistan, held 13.8%": a rank in an apposition does not
    # take the parties from the number
    rivals = [o for o in quantities if o.kind != "rank"] if q.kind != "rank" else quantities
    common = [c for m in mentions if m.start - base < first for c in m.codes]
    mine = [m for m in mentions if nearest(m) is q]
    if not mine:
        return []
    after = [m for m in mine if m.start - base >= q.end]
    codes = [c for m in mine for c in m.codes]
    if after and not [m for m in mine if m.start - base < q.start]:
        codes = common + codes
    return list(dict.fromkeys(codes))


CHANGE = re.compile(
    r"\b(?:by|grew|rose|increased|fell by|declined by|dropped by|jumped|surged)\s*(?:about|around|some|nearly|almost|more than|over|just over)?\s*$"
)
CHANGE_AFTER = re.compile(
    r"^\s*(?:higher|lower|more|less|increase|rise|growth|jump|drop|decline|year[- ]on[- ]year|up\b|down\b)",
    re.I,
)
SHARE = re.compile(
    r"\bshare\b|accounted for|accounts for|account for|\bof the total\b|\bof (?:the |its |their )?(?:\w+'s )?(?:total |foreign |overall |external )?(?:trade|turnover|imports|exports)"
)
THE_YEAR = re.compile(r"\b(?:for|over|in) the (?:full |whole |entire )?year\b", re.I)
COMPARISON = re.compile(
    r"\b(?:from|against|compared (?:with|to)|versus|than|vs\.?|below|above)\s+(?:\w+\s+){0,2}$", re.I
)
# a number that an earlier one in the sentence is measured against: "rose to $9.9 billion from
# $9.4 billion", "5%, down from 6.4%": the previous period unless it says otherwise
PRIOR = re.compile(r"\b(?:from|compared (?:with|to)|versus|vs\.?)\s+(?:the\s+|about\s+|around\s+)?$", re.I)
CONTINUES = re.compile(
    r"(?:\s+(?:in|for|of)\s+(?:[\w'’]+\s+){0,5}?[\w'’]+)?\s*,?\s*(?:(?:and|or|but|while)\s+)?"
    r"(?:(?:up|down|rising|falling|slipping|climbing)\s+)?(?:from|to|against|compared (?:with|to)|versus)?\s*"
    r"(?:about\s+|around\s+|some\s+|roughly\s+)?",
    re.I,
)
# kinds of figure that are statistics of a period, so a figure without a time of its own takes
# the period the text is about; deal values, capacities and stocks keep none
RANKS = {"other:partner_rank", "rank"}
PERIODIC = {
    "trade_turnover",
    "exports",
    "imports",
    "share_of_trade",
    "share_of_imports",
    "growth",
    "other:amount",
    "other:percent",
    "other:trade_deficit",
    "other:gas_volume",
}

# "$4.6 billion recorded in 2022, and a 7% share": a time right after a number is that number's
BOUND = re.compile(r"\s*(?:\w+\s+)?(?:(?:in|for|of|during)\s+)?(?:the\s+)?(?:\w+\s+){0,2}", re.I)
# "has invested $7.8 billion since 1993": a running total, not a period's flow
SINCE = re.compile(r"\bsince\b", re.I)
WHEN = re.compile(r"\s*,?\s*when\b", re.I)
CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b")
# between two numbers, also ", and ..." and an attribution start another clause
CLAUSE_BREAK_WIDE = re.compile(rf"{CLAUSE_BREAK.pattern}|,\s+(?:and|but)\b|\baccording to\b")
EARLIER = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,2}?(?:a year (?:earlier|before|ago)|the previous year|the year before)", re.I
)


def _latest(times: list[TimeMention]) -> str | None:
    """The most recent period a sentence names (the current one; earlier ones are comparisons)."""
    found = [
        t.period or (t.value or "")[:4] for t in times if t.period or t.precision in ("year", "month", "day")
    ]
    found = [f for f in found if f]
    return max(found, key=lambda p: p.split("/")[-1]) if found else None


def _clause_head(span) -> object | None:
    """The verb heading the clause a phrase sits in."""
    token = span.root if span is not None else None
    while token is not None and token.pos_ not in ("VERB", "AUX"):
        if token.head == token:
            return None
        token = token.head
    return token


def _separate_clause(sentence, q: Quantity, t: TimeMention) -> bool:
    """True when the number sits in a non-finite clause of its own ("..., with direct investments
    exceeding $20 billion") that the time does not belong to."""
    if sentence is None:
        return False
    doc, base = sentence.doc, sentence.start_char
    qh = _clause_head(doc.char_span(base + q.start, base + q.end, alignment_mode="expand"))
    th = _clause_head(doc.char_span(base + t.start, base + t.end, alignment_mode="expand"))
    return (
        qh is not None
        and qh is not th
        and qh.tag_ in ("VBG", "VBN")
        and qh.dep_ != "ROOT"
        and (qh.dep_ == "acl" or any(c.dep_ in ("nsubj", "nsubjpass") for c in qh.children))
    )


def _period(
    times: list[TimeMention],
    q: Quantity,
    sentence: str,
    quantities: list[Quantity] = (),
    span=None,
    context: str | None = None,
) -> str | None:
    """The period nearest the number, a time just after it ("$9 billion in 2022") binding
    tightest unless another number stands between; "a year earlier" is the year before the
    sentence's own period."""
    candidates = [
        t
        for t in times
        if (t.period or t.precision in ("year", "month", "day"))
        and not re.search(r"\bsince\s*$", sentence[max(0, t.start - 7) : t.start], re.I)
        and not t.text.lower().startswith("since")
    ]
    after = sentence[q.end : q.end + 40]
    if EARLIER.match(after):
        years = [int((t.value or t.period or "0")[:4]) for t in candidates]
        if not years and context:
            years = [int(context.split("/")[-1][:4])]
        return str(max(years) - 1) if years else None
    if not candidates:
        return None

    def distance(t: TimeMention) -> int:
        if t.start < q.end and (
            _separate_clause(span, q, t)
            or CLAUSE_BREAK.search(sentence[t.end : q.start])
            or (
                any(o.end <= t.start and BOUND.fullmatch(sentence[o.end : t.start]) for o in quantities)
                and not WHEN.match(sentence[t.end : q.start])  # "..., when China was at 19.6%"
            )
        ):
            return 10_000  # the time belongs to a clause of its own, or to the number just before it
        if t.start >= q.end:
            if any(
                q.end <= o.start
                and o.end <= t.start
                and COMPARISON.search(sentence[max(0, o.start - 25) : o.start])
                for o in quantities
            ):
                return 10_000  # "$41 billion ..., up from $31.2 billion in 2022"
            if any(
                q.end <= o.start and o.end <= t.start and CLAUSE_BREAK_WIDE.search(sentence[q.end : o.start])
                for o in quantities
            ):
                return 10_000  # "$7.8 billion since 1993, ..., and trade was $1.9 billion in 2022"
            return t.start - q.end
        return q.start - t.end + 10

    best = min(candidates, key=distance)
    if distance(best) >= 10_000:
        return None
    if best.period:
        return best.period
    if best.precision == "month" and best.value:
        return best.value[:7]  # "In March, Turkmenistan shipped 2.9 bcm": that month
    return best.value[:4] if best.value else None


ORGS = {
    "EU",
    "OTS",
    "SCO",
    "CSTO",
    "EAEU",
    "CIS",
    "GCC",
    "UN",
    "NATO",
    "EBRD",
    "ADB",
    "WB",
    "IMF",
    "BRICS",
    "ASEAN",
    "AIIB",
    "OSCE",
    "CICA",
    "ECO",
    "OIC",
    "WTO",
    "AU",
    "G7",
    "G20",
}
BILATERAL = {
    "other:partner_rank",
    "trade_turnover",
    "exports",
    "imports",
    "share_of_trade",
    "share_of_imports",
    "growth",
    "investment",
    "other:amount",
    "other:percent",
    "other:gas_volume",  # "Kazakhstan supplied 0.38 bcm" in a paragraph about China's imports
}
POSSESSIVE = re.compile(r"(?:^|[.;]\s*)(?:its|the country's)\b", re.I)
PAIR_CUE = re.compile(r"\b(?:bilateral|two-way|between the two|mutual|with (?:it|them))\b", re.I)
CAPACITY = re.compile(r"\bcapacity\b|\bcan (?:carry|transport|pump)\b|\bdesigned to carry\b", re.I)
CURRENCY_NAME = re.compile(r"^\s*(?:dollars?|cents?)\b", re.I)


def _focal_state(doc: Document) -> str | None:
    """The Central Asian state the article is about, if one clearly dominates its mentions."""
    counts = Counter(m.codes[0] for m in doc.actors if len(m.codes) == 1 and m.codes[0] in CENTRAL_ASIA)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _sentence_codes(doc: Document, sentence) -> list[str]:
    text = doc.article.text
    codes: list[str] = []
    for m in doc.actors:
        if not (sentence.start_char <= m.start < sentence.end_char) or m.kind == "format":
            continue
        if CURRENCY_NAME.match(text[m.end : m.end + 12]):
            continue  # "US dollars" names a currency, not a party
        codes += [c for c in m.codes if c not in codes]
    return codes


def _subjects(
    codes: list[str],
    previous: list[str],
    indicator: str,
    focal: str | None,
    partner: str | None,
    local_text: str = "",
) -> tuple[str, ...]:
    """The parties of a figure: those named next to it, completed for a bilateral indicator by
    the other side the context makes clear ("Trade with China reached ..." in an article about
    Uzbekistan; "Kazakhstan took the largest slice" in a paragraph about Russia's trade)."""
    if not codes and previous and not PAIR_CUE.search(local_text):
        # "Exports reached $24.4 billion": a sentence naming nobody continues the state's own
        # accounts, not the partner the previous sentence also named
        previous = [c for c in previous if c in CENTRAL_ASIA][:1] or previous
    chosen = list(codes or previous)
    internal = re.search(r"\bbetween\b|\btotal\b|\boverall\b|\bwith the world\b", local_text, re.I)
    share = indicator in ("share_of_trade", "share_of_imports")  # "18.5% of the total": the state's total
    single = len(chosen) == 1 and (len(chosen[0]) == 3 or chosen[0] in ("EU",)) and (share or not internal)
    if indicator in BILATERAL and single:
        if chosen[0] in CENTRAL_ASIA and partner and partner != chosen[0]:
            chosen.append(partner)
        elif chosen[0] in CENTRAL_ASIA and focal and focal != chosen[0]:
            chosen.append(focal)  # a neighbour among the partners of the state the article is about
        elif chosen[0] not in CENTRAL_ASIA and focal:
            chosen.append(focal)
    ordered = [c for c in chosen if c not in CENTRAL_ASIA] + [c for c in chosen if c in CENTRAL_ASIA]
    return tuple(dict.fromkeys(ordered))


def _main_partner(doc: Document) -> str | None:
    """The outside power an article is mostly about, if one clearly leads."""
    counts = Counter(
        m.codes[0]
        for m in doc.actors
        if len(m.codes) == 1
        and m.codes[0] not in CENTRAL_ASIA
        and m.codes[0] not in ORGS
        and m.kind != "format"
    )
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] * 1.5 > ranked[0][1]):
        return None
    return ranked[0][0]


REFERENCE = re.compile(
    r"\b(?:after|behind|ahead of|than|overtak\w*|overtook|surpass\w*|followed by)\s+$", re.I
)


def _ranked(doc: Document, sentence, q: Quantity) -> list[str]:
    """A rank's parties: the ranked actor and whose partner it is, not the one it is compared
    with ("China is Kazakhstan's second-largest partner after Russia")."""
    base, text = sentence.start_char, doc.article.text
    codes: list[str] = []
    for m in doc.actors:
        if not (base <= m.start < sentence.end_char) or m.kind == "format":
            continue
        before = text[max(base, m.start - 15) : m.start]
        if REFERENCE.search(before) or m.start - base > q.end + 40:
            continue
        codes += [c for c in m.codes if c not in codes]
    return codes


# a sentence's numbers so far, with their period, indicator and subject
Current = list[tuple[Quantity, str | None, str, tuple[str, ...]]]


def _prior(text: str, q: Quantity, current: Current) -> bool:
    """The number is what an earlier number of the sentence is measured against."""
    return any(c[0].kind == q.kind for c in current) and bool(
        PRIOR.search(text[max(0, q.start - 30) : q.start])
    )


def _continues(
    text: str, q: Quantity, current: Current
) -> tuple[Quantity, str | None, str, tuple[str, ...]] | None:
    """The earlier number of the same kind that this one continues as a comparison or a list
    item ("21.9%, up from 17.8% in 2022 and 17.7% in 2021")."""
    same = [c for c in current if c[0].kind == q.kind]
    if not same or not CONTINUES.fullmatch(text[same[-1][0].end : q.start]):
        return None
    return same[-1]


FIVE = set(CENTRAL_ASIA)
# a number that restates the one before it under another count: "put the figure at", "the total was"
ANAPHORA = re.compile(
    r"\bthe (?:same )?(?:figure|number|total|value|amount|sum)\b(?:\s+\w+){0,2}?\s+(?:at|as|to|was|is|of)\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|just over\s+|over\s+|a little more than\s+)?$",
    re.I,
)


def _scoped(doc: Document, sentence, q: Quantity, subject: tuple[str, ...]) -> tuple[str, ...]:
    """ "Kyrgyzstan, China's second-largest partner in Central Asia": the region is where the
    rank holds, and the state named before the number is the party."""
    states = [m.codes[0] for m in _singles_before(doc, sentence, q.start) if m.codes[0] in FIVE]
    if not states:
        return subject
    return tuple(c for c in subject if c not in FIVE) + (states[0],)


RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


def _respective(doc: Document, sentence, q: Quantity, quantities: list[Quantity], time_spans) -> list[str]:
    """ "Turkmenistan and Kyrgyzstan accounted for 1.7% and 1.5% respectively": the n-th party
    named before the numbers goes with the n-th number."""
    text = sentence.text
    if not RESPECTIVELY.search(text[q.end :]):
        return []
    mine = [o for o in quantities if o.kind == q.kind and not any(s <= o.start < e for s, e in time_spans)]
    first = min(o.start for o in mine)
    parties: list[str] = []
    for m in _singles_before(doc, sentence, first):
        if m.kind != "format" and m.codes[0] not in parties:
            parties.append(m.codes[0])
    if len(mine) < 2 or len(parties) < len(mine):
        return []
    return [parties[len(parties) - len(mine) + mine.index(q)]]


def _nearest_before(doc: Document, sentence, q: Quantity) -> list[str]:
    """The codes of the last single-party mention before the number in its sentence."""
    before = [m for m in _singles_before(doc, sentence, q.start) if m.kind != "format"]
    return list(max(before, key=lambda m: m.start).codes) if before else []


def _singles_before(doc: Document, sentence, offset: int) -> list[ActorMention]:
    """The sentence's mentions of a single party that start before ``offset`` (in the sentence)."""
    at = sentence.start_char + offset
    return [m for m in doc.actors if sentence.start_char <= m.start < at and len(m.codes) == 1]


def _period_before(q: Quantity, current: Current) -> str | None:
    """The period of the sentence's last dated number of the same kind."""
    return next((c[1] for c in reversed(current) if c[0].kind == q.kind and c[1]), None)


def _year_before(period: str | None) -> str | None:
    return str(int(period) - 1) if period and re.fullmatch(r"\d{4}", period) else None


def _about_trade(doc: Document) -> bool:
    """The article reports trade statistics: its title or first paragraph says so."""
    first = doc.article.text.split("\n\n", 1)[0]
    head = f"{doc.article.title or ''}\n{first}"
    return bool(re.search(r"\b(?:trade|turnover|trading partner)\b", head, re.I))


def _reporting_period(doc: Document) -> str | None:
    """The period the article reports on: the latest year or span its title names, else the
    latest one its first paragraph names, never after the article's date ("full-year figures for
    2023", "last year" in February 2024). Days and months date events, not statistics."""
    published = doc.article.published
    limit = str(published.year) if published else "9999"
    first = doc.article.text.split("\n\n", 1)[0]
    for text in (doc.article.title or "", first):
        times = [
            t for t in find_times(text, published) if not t.future and (t.period or t.precision == "year")
        ]
        found = [p for p in (_latest([t]) for t in times) if p]
        found = [p for p in found if p.split("/")[0][:4] <= limit]
        if found:
            return max(found, key=lambda p: p.split("/")[-1])
    return None


def _topic_period(times: list[TimeMention], text: str) -> str | None:
    """A time at the head of the sentence that frames it ("In 2021, ...", "Last year, ...", "The
    2022 total ...")."""
    head = [t for t in times if re.fullmatch(r"\W*(?:\w+\s+)?", text[: t.start]) and not t.future]
    return _latest(head[:1]) if head else None


@register("figures.rules.v1", requires=("sentences", "actors"), produces=("figures",))
def extract_figures(doc: Document) -> Document:
    figures: list[Figure] = []
    previous: list[str] = []
    focal = _focal_state(doc)
    main_partner = _main_partner(doc)
    text_all = doc.article.text
    last_period: str | None = None
    article_period: str | None = None
    reporting = _reporting_period(doc)
    trade_article = _about_trade(doc)
    frame = reporting
    last_indicator: dict[str, str] = {}
    partner: str | None = None
    paragraph = -1
    for sentence in doc.spacy.sents:
        text = sentence.text
        here = text_all.count("\n\n", 0, sentence.start_char)
        if here != paragraph:
            paragraph, last_indicator, last_period = here, {}, None
            partner, frame = None, reporting
        codes = _sentence_codes(doc, sentence)
        times = find_times(text, doc.article.published)
        time_spans = [(t.start, t.end) for t in times]
        quantities = parse_quantities(text)
        frame = _topic_period(times, text) or frame
        current: Current = []
        stock = any(SINCE.search(text[max(0, t.start - 7) : t.end]) for t in times)
        for q in quantities:
            if any(s <= q.start < e for s, e in time_spans):
                continue
            indicator = _indicator(q, text)
            if indicator.startswith("other:") and indicator in ("other:amount", "other:percent"):
                indicator = last_indicator.get(indicator, indicator)
            else:
                last_indicator["other:amount" if q.kind == "money" else "other:percent"] = indicator
            same_measure = [c for c in current if c[0].kind == q.kind]
            if same_measure and ANAPHORA.search(text[max(0, q.start - 45) : q.start]):
                # "..., while Kazakh statistics put the figure at $24 billion": the same measure
                indicator = same_measure[-1][2]
            if indicator == "other:amount" and trade_article:
                indicator = "trade_turnover"  # "Kazakhstan kept first place with $43.8 billion"
            before = _continues(text, q, current)
            if before is not None and (indicator == "growth" or indicator.startswith("other:")):
                indicator = before[2]  # "3.7% of trade, down from 4.7% ... and 4.5%": the same measure
            local = _respective(doc, sentence, q, quantities, time_spans) or _local_codes(
                doc, sentence, q, quantities
            )
            if q.kind == "rank":
                local = _ranked(doc, sentence, q)
            elif not local and len([c for c in codes if c not in CENTRAL_ASIA]) >= 2:
                local = _nearest_before(doc, sentence, q)  # "China ... $10.2 billion, or 18.5%"
            window = text[max(0, q.start - 80) : q.end + 20]
            if before is not None and not local:  # "..., down from 6.4% in 2022": the same parties
                subject = before[3]
            else:
                here_focal = focal
                named = [c for c in previous if c in CENTRAL_ASIA]
                if named and POSSESSIVE.search(text[: q.start]):
                    here_focal = named[0]  # "Its trade with the US ...": the state just named
                subject = _subjects(
                    local or codes, previous, indicator, here_focal, partner or main_partner, window
                )
            if (q.kind == "rank" or indicator in ("share_of_trade", "share_of_imports")) and FIVE <= set(
                subject
            ):
                subject = _scoped(doc, sentence, q, subject)
            if not subject:
                continue
            context = frame or last_period or article_period
            period = _period(times, q, text, quantities, sentence, context)
            if indicator == "growth" and times:
                period = _latest(times) or period
            if EARLIER.match(text[q.end : q.end + 40]) and current:  # "compared with 4.7% a year earlier"
                period = _year_before(_period_before(q, current)) or period
            elif period is None and _prior(text, q, current):
                period = _year_before(_period_before(q, current) or frame)
            if period is None and indicator in PERIODIC and not stock:
                # "$31.2 billion in 2022, while Kazakh statistics put it at $24 billion": the
                # sentence's first dated statistic of the kind dates the rest
                period = next((c[1] for c in current if c[0].kind == q.kind and c[1]), None)
            if period and "/" in period and THE_YEAR.match(text[q.end : q.end + 30].lstrip(" ,")):
                period = period[:4]  # "... and about $3.2 billion for the full year"
            # a rank stated in the past ("remained the leading partner") is the period's; "is
            # the largest" is not dated
            dated_rank = q.kind == "rank" and sentence.root.tag_ == "VBD"
            if period is None and (q.kind in ("money", "percent", "volume") or dated_rank) and not stock:
                if frame is not None:
                    period = frame if indicator in PERIODIC | RANKS else None
                else:
                    period = last_period
                    if period is None and THE_YEAR.search(text):
                        period = article_period  # "for the year": the year the article reports on
            current.append((q, period, indicator, subject))
            span = Span(doc.article.id, sentence.start_char, sentence.end_char, text, text)
            figures.append(
                Figure(
                    subject=subject,
                    indicator=indicator,
                    value=round(q.value, 6),
                    unit=q.unit,
                    period=period,
                    qualifier=q.qualifier,
                    evidence=(span,),
                    confidence=0.6 if codes else 0.4,
                )
            )
        last_period = _latest(times) or last_period
        article_period = _latest(times) or article_period
        if codes:
            previous = codes
        partners = [c for c in codes if c not in CENTRAL_ASIA and c not in ORGS]
        if len(partners) == 1:
            partner = partners[0]
    doc.figures = figures
    return doc
