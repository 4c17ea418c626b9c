"""Time expressions: find them in text and resolve them against the publication date.

``find_times(text, published)`` returns :class:`TimeMention` objects with a value at its
precision (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) and, for spans of time, a period
(``YYYY-MM/YYYY-MM``). Relative expressions ("in February", "last year", "on Tuesday") need the
publication date; without it they resolve only when the text carries a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

__all__ = ["TimeMention", "find_times", "forward", "MONTHS", "NUMBER_WORDS"]

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"


def _m(n: str) -> str:
    return _MONTH.format(n=n)


def _y(n: str) -> str:
    return _YEAR.format(n=n)


def _d(n: str) -> str:
    return _DAY.format(n=n)


ORDINAL_HALF = {"first": 1, "second": 2, "1st": 1, "2nd": 2}
ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
    "6": 6,
    "7": 7,
    "8": 8,
    "9": 9,
    "10": 10,
    "11": 11,
}

# Order matters: longer, more specific patterns first. Each is (name, regex).
PATTERNS = [
    (
        "range_months",
        rf"\b(?:between\s+|from\s+)?{_m('m1')}(?:\s+{_y('y1')})?\s*(?:and|to|through|until|-|–)\s*{_m('m2')}(?:,?\s+(?:of\s+|in\s+)?{_y('y2')}|\s+(?P<rel2>this|last) year)?",
    ),
    (
        "to_date",  # "by the end of April": the year so far
        rf"\b(?i:by|at|to|through|until)\s+(?i:the\s+end\s+of)\s+{_m('m')}(?:,?\s+{_y('y')})?",
    ),
    (
        "half",
        r"\b(?:the\s+)?(?P<ord>first|second|1st|2nd)\s+half\s+of\s+(?:(?P<y>(?:19|20)\d\d)|(?P<rel>this|last|the)\s+year)",
    ),
    (
        "quarter",
        r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+(?:(?P<y>(?:19|20)\d\d)|(?P<rel>this|last|the)\s+year)",
    ),
    (
        "first_months",
        r"\b(?:the\s+)?first\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+months\s+of\s+(?:(?P<y>(?:19|20)\d\d)|(?P<rel>this|last|the)\s+year)",
    ),
    (
        "drange",
        rf"\b(?:from\s+)?{_d('d')}\s*(?:-|–|to|and)\s*[0-3]?\d\s+{_m('m')}(?:,?\s+{_y('y')}|\s+(?P<rel>(?i:last|this|next))\s+(?i:year))?",
    ),
    ("mdrange", rf"\b{_m('m')}\s+{_d('d')}\s*(?:-|–)\s*[0-3]?\d\b(?:,?\s+{_y('y')})?"),
    ("year_range", r"\b(?P<y1>(?:19|20)\d\d)\s*(?:-|–|/)\s*(?P<y2>(?:19|20)\d\d)\b"),
    ("dmy", rf"\b{_d('d')}\s+{_m('m')},?\s+{_y('y')}"),
    ("mdy", rf"\b{_m('m')}\s+{_d('d')},?\s+{_y('y')}"),
    ("md_rel", rf"\b{_m('m')}\s+{_d('d')},?\s+(?P<rel>last|this|next)\s+year"),
    ("dm_rel", rf"\b{_d('d')}\s+{_m('m')},?\s+(?P<rel>last|this|next)\s+year"),
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("my", rf"\b{_m('m')},?\s+(?:of\s+)?{_y('y')}"),
    ("m_rel", rf"\b(?P<rel>last|this|next|earlier this|later this)\s+{_m('m')}"),
    ("md", rf"\b(?:on\s+)?{_m('m')}\s+{_d('d')}\b(?!,?\s+(?:19|20)\d\d)"),
    ("dm", rf"\b(?:on\s+)?{_d('d')}\s+{_m('m')}\b(?!,?\s+(?:19|20)\d\d)"),
    ("m_relyear", rf"\b{_m('m')}\s+(?:of\s+)?(?P<rel>(?i:last|this|next))\s+(?i:year)"),
    (
        "m_in",
        rf"\b(?P<pre>(?i:in|since|during|by|until|of|later in|early|late|mid|earlier in))[\s-]+{_m('m')}\b",
    ),
    (
        "weekday",
        r"\b(?P<rel>last\s+|this\s+|on\s+|next\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    ),
    ("rel_year", r"\b(?P<rel>last|this|next|previous|past)\s+year\b"),
    ("rel_month", r"\b(?P<rel>last|this|next|earlier this|later this)\s+month\b"),
    ("rel_week", r"\b(?P<rel>last|this|next|earlier this|later this)\s+week\b"),
    ("rel_day", r"\b(?P<rel>yesterday|today|tomorrow)\b"),
    ("offset", r"\b(?:the\s+(?:next|following)\s+day|a\s+day\s+later|the\s+day\s+after)\b"),
    (
        "before_ref",
        r"\b(?:just\s+|some\s+|about\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?"
        r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
        r"(?P<unit>day|week|month|year)s?\s+(?P<rel>after|ago|earlier|before)\b",
    ),
    (
        "year",
        r"\b(?:in|of|since|for|during|by|until|from|year)?\s*(?P<y>(?:19|20)\d\d)\b(?!\s*(?:-|–)\s*(?:19|20)\d\d)",
    ),
]
CASED = ("md", "dm", "m_in", "my", "dmy", "mdy", "range_months", "m_relyear", "drange", "mdrange", "to_date")
COMPILED = [(name, re.compile(rx, 0 if name in CASED else re.IGNORECASE)) for name, rx in PATTERNS]


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    text: str
    value: str | None
    precision: str | None  # day, month, year
    period: str | None = None
    relative: bool = False
    future: bool = False
    kind: str = ""


def _month_before(month: int, pub: dt.date, *, strict: bool = False) -> int:
    """Year of the latest ``month`` not after (or strictly before) the publication month."""
    if month < pub.month or (month == pub.month and not strict):
        return pub.year
    return pub.year - 1


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _period(y1: int, m1: int, y2: int, m2: int) -> str:
    return f"{_ym(y1, m1)}/{_ym(y2, m2)}"


def _rel_year(rel: str | None, pub: dt.date | None) -> int | None:
    if pub is None:
        return None
    rel = (rel or "this").lower()
    return (
        pub.year - 1 if rel in ("last", "previous", "past") else pub.year + 1 if rel == "next" else pub.year
    )


def _safe_day(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _resolve(
    name: str, g: dict[str, str | None], pub: dt.date | None
) -> tuple[str | None, str | None, str | None, bool, bool]:
    """(value, precision, period, relative, future) for one match."""
    month = lambda key: MONTHS[g[key].lower().rstrip(".")]  # noqa: E731
    if name == "range_months":
        m1, m2 = month("m1"), month("m2")
        y2 = int(g["y2"]) if g.get("y2") else _rel_year(g.get("rel2"), pub) if g.get("rel2") else None
        if y2 is None and pub is not None:
            y2 = _month_before(m2, pub)
        if y2 is None:
            return None, None, None, True, False
        y1 = int(g["y1"]) if g.get("y1") else (y2 if m1 <= m2 else y2 - 1)
        return (str(y1) if y1 == y2 else None), "year", _period(y1, m1, y2, m2), not g.get("y2"), False
    if name == "to_date":
        m = month("m")
        y = int(g["y"]) if g.get("y") else _month_before(m, pub) if pub is not None else None
        if y is None:
            return None, None, None, True, False
        return f"{y:04d}-{m:02d}", "month", _period(y, 1, y, m), not g.get("y"), False
    if name in ("half", "quarter", "first_months"):
        y = int(g["y"]) if g.get("y") else _rel_year(g.get("rel"), pub)
        if y is None:
            return None, None, None, True, False
        if name == "half":
            h = ORDINAL_HALF[g["ord"].lower()]
            return str(y), "year", _period(y, 6 * h - 5, y, 6 * h), not g.get("y"), False
        if name == "quarter":
            q = ORDINAL_QUARTER[g["ord"].lower()]
            return str(y), "year", _period(y, 3 * q - 2, y, 3 * q), not g.get("y"), False
        n = NUMBER_WORDS.get(g["n"].lower(), 0)
        if not 1 <= n <= 12:
            return None, None, None, False, False
        return str(y), "year", _period(y, 1, y, n), not g.get("y"), False
    if name in ("drange", "mdrange"):
        m = month("m")
        if g.get("y"):
            y = int(g["y"])
        elif g.get("rel"):
            y = _rel_year(g["rel"], pub)
        else:
            y = _month_before(m, pub) if pub else None
        if y is None:
            return None, None, None, True, False
        value = _safe_day(y, m, int(g["d"]))
        return value, "day" if value else None, None, not g.get("y"), False
    if name == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if not y1 < y2:
            return None, None, None, False, False
        return None, "year", _period(y1, 1, y2, 12), False, False
    if name in ("dmy", "mdy", "iso"):
        m = int(g["m"]) if name == "iso" else month("m")
        value = _safe_day(int(g["y"]), m, int(g["d"]))
        return value, "day" if value else None, None, False, False
    if name in ("md_rel", "dm_rel"):
        y = _rel_year(g["rel"], pub)
        if y is None:
            return None, None, None, True, False
        value = _safe_day(y, month("m"), int(g["d"]))
        return value, "day" if value else None, None, True, g["rel"].lower() == "next"
    if name == "m_relyear":
        y = _rel_year(g["rel"], pub)
        if y is None:
            return None, None, None, True, False
        return _ym(y, month("m")), "month", None, True, g["rel"].lower() == "next"
    if name == "my":
        return _ym(int(g["y"]), month("m")), "month", None, False, False
    if name == "offset":
        return "+1d", "offset", None, True, False
    if name == "before_ref":
        n = {"a": 1, "an": 1, "one": 1, "twelve": 12}.get(g["n"].lower()) or NUMBER_WORDS.get(g["n"].lower())
        n = n if n is not None else int(g["n"])
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[g["unit"].lower()] * n
        return f"-{days}d", "offset", None, True, False
    if pub is None and name != "year":
        return None, None, None, True, False
    if name == "m_rel":
        m, rel = month("m"), g["rel"].lower()
        if rel == "last":
            y = _month_before(m, pub, strict=True)
        elif rel == "next":
            y = pub.year if m > pub.month else pub.year + 1
        else:
            y = pub.year
        future = rel == "next" or (rel in ("this", "later this") and m > pub.month)
        return _ym(y, m), "month", None, True, future
    if name in ("md", "dm"):
        m = month("m")
        y = _month_before(m, pub)
        value = _safe_day(y, m, int(g["d"]))
        return value, "day" if value else None, None, True, False
    if name == "m_in":
        m = month("m")
        return _ym(_month_before(m, pub), m), "month", None, True, False
    if name == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").strip().lower()
        if rel == "next":
            delta = (wd - pub.weekday()) % 7 or 7
            return (pub + dt.timedelta(days=delta)).isoformat(), "day", None, True, True
        delta = (pub.weekday() - wd) % 7
        if rel == "last" and delta == 0:
            delta = 7
        return (pub - dt.timedelta(days=delta)).isoformat(), "day", None, True, False
    if name == "rel_year":
        y = _rel_year(g["rel"], pub)
        return str(y), "year", None, True, g["rel"].lower() == "next"
    if name == "rel_month":
        rel = g["rel"].lower()
        first = pub.replace(day=1)
        if rel == "last":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        elif rel == "next":
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return _ym(first.year, first.month), "month", None, True, rel == "next"
    if name == "rel_week":
        rel = g["rel"].lower()
        day = (
            pub - dt.timedelta(days=7)
            if rel == "last"
            else pub + dt.timedelta(days=7)
            if rel == "next"
            else pub
        )
        return _ym(day.year, day.month), "month", None, True, rel == "next"
    if name == "rel_day":
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["rel"].lower()]
        return (pub + dt.timedelta(days=shift)).isoformat(), "day", None, True, shift > 0
    if name == "year":
        return g["y"], "year", None, False, False
    return None, None, None, False, False


def forward(time: TimeMention, published: dt.date | None) -> TimeMention:
    """The same expression read as the next occurrence: for planned events ("on Thursday",
    "in November" in an article about what will happen)."""
    if published is None or not time.relative or not time.value or time.precision not in ("day", "month"):
        return time
    if time.precision == "day":
        day = dt.date.fromisoformat(time.value)
        if time.kind == "weekday" and day < published:
            day += dt.timedelta(days=7)
        elif time.kind in ("md", "dm") and day < published:
            day = _safe_next_year(day)
        return replace(time, value=day.isoformat(), future=True)
    year, month = int(time.value[:4]), int(time.value[5:7])
    if time.kind == "m_in" and (year, month) < (published.year, published.month):
        return replace(time, value=_ym(year + 1, month), future=True)
    return time


def _safe_next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day + dt.timedelta(days=365)


def find_times(text: str, published: dt.date | None) -> list[TimeMention]:
    """All time expressions in ``text``, left to right, without overlaps."""
    taken: list[tuple[int, int]] = []
    found: list[TimeMention] = []
    for name, rx in COMPILED:
        for match in rx.finditer(text):
            start, end = match.span()
            while start < end and text[start].isspace():
                start += 1
            if any(start < e and s < end for s, e in taken):
                continue
            value, precision, period, relative, future = _resolve(name, match.groupdict(), published)
            if value is None and period is None:
                continue
            taken.append((start, end))
            found.append(
                TimeMention(start, end, text[start:end], value, precision, period, relative, future, name)
            )
    return sorted(found, key=lambda t: t.start)
