"""Briefing reports: a self-contained brief for a period (and optionally one state) as HTML,
Markdown or PDF. Every statement cites the articles it comes from ([1], [2], ...), listed at
the end with outlet, date, title and URL.

The PDF is the HTML printed by headless Chromium (Debian's package, driven by Playwright); no
other renderer is needed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis.conflicts import find_conflicts
from .analysis.index import compute_index
from .errors import ConfigError
from .extract.knowledge import load_knowledge
from .records import CENTRAL_ASIA, UNNAMED
from .render import esc, line_chart
from .store import Store

__all__ = ["Brief", "build_brief", "write_report"]


@dataclass
class Brief:
    since: str
    until: str
    state: str | None
    shifts: list[dict[str, Any]] = field(default_factory=list)
    chart: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        where = load_knowledge().names.get(self.state, self.state) if self.state else "Central Asia"
        return f"Great-power engagement in {where}, {self.since} to {self.until}"


def _month(value: str, end: bool) -> str:
    try:
        year, month = (
            (int(p) for p in value.split("-")[:2]) if "-" in value else (int(value), 12 if end else 1)
        )
        dt.date(year, month, 1)
    except ValueError as exc:
        raise ConfigError(f"{value!r} is not a month like 2023-01") from exc
    return f"{year:04d}-{month:02d}"


class _Citations:
    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.numbers: dict[str, int] = {}

    def cite(self, article) -> int:
        if article.id not in self.numbers:
            self.numbers[article.id] = len(self.numbers) + 1
            self.brief.sources.append(
                {
                    "n": self.numbers[article.id],
                    "source": article.source,
                    "title": article.title,
                    "published": article.published,
                    "url": article.url,
                    "id": article.id,
                }
            )
        return self.numbers[article.id]


def build_brief(store: Store, *, since: str, until: str, state: str | None = None) -> Brief:
    since, until = _month(since, False), _month(until, True)
    if since > until:
        raise ConfigError(f"--from {since} is after --to {until}")
    state = state.upper() if state else None
    if state and state not in CENTRAL_ASIA:
        raise ConfigError(f"--state {state}: use one of {', '.join(CENTRAL_ASIA)}")
    brief = Brief(since, until, state)
    cites = _Citations(brief)
    frame = compute_index(store, by="quarter", state=state)
    if not frame.empty:
        window = frame[
            (frame.period >= f"{since[:4]}-Q{(int(since[5:]) - 1) // 3 + 1}")
            & (frame.period <= f"{until[:4]}-Q{(int(until[5:]) - 1) // 3 + 1}")
        ]
        totals = window.groupby(["period", "power"])["engagement"].sum().reset_index()
        leaders = totals.groupby("power")["engagement"].sum().sort_values(ascending=False).head(5).index
        brief.chart = {
            p: list(zip(g.period, g.engagement, strict=True))
            for p, g in totals.groupby("power")
            if p in leaders
        }
        ranked = totals.groupby("power")["engagement"].sum().sort_values(ascending=False)
        brief.shifts = [{"power": p, "engagement": round(float(v), 1)} for p, v in ranked.head(6).items()]
    for row in store.list_canonical(actor=state, since=since, until=until, status="occurred"):
        if not (set(row["source_actors"]) | set(row["target_actors"])) & set(CENTRAL_ASIA):
            continue
        refs = sorted({cites.cite(store.get_article(aid)) for _, aid, _ in store.list_mentions_of(row["id"])})
        brief.events.append({**row, "cites": refs})
    for fid, figure, article in store.list_figure_sources(actor=state):
        if (
            figure.period
            and since[:4] <= figure.period[:4] <= until[:4]
            and figure.indicator in ("trade_turnover", "share_of_trade", "investment", "exports", "imports")
        ):
            brief.figures.append({"id": fid, **figure.to_dict(), "cites": [cites.cite(article)]})
    for conflict in find_conflicts(store, actor=state):
        d = conflict.to_dict()
        if d["a"]["period"] and since[:4] <= d["a"]["period"][:4] <= until[:4]:
            a_n = cites.cite(store.get_article(d["a"]["article_id"]))
            b_n = cites.cite(store.get_article(d["b"]["article_id"]))
            brief.conflicts.append({**d, "cites": [a_n, b_n]})
    return brief


METHODS = (
    "Events are fused across articles into canonical events, each counted once however many outlets "
    "report it; engagement weighs them by type (a Goldstein-like scale over PLOVER types) and level "
    "(summit > visit > meeting > call). Figures are extracted with unit and period; pairs that differ by "
    "more than 5% for the same flow and period are shown as conflicts. Formulas: docs/methods.md."
)


def _names(codes) -> str:
    names = load_knowledge().names
    return ", ".join(names.get(c, c) for c in codes) or UNNAMED


def _cite(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def to_html(brief: Brief) -> str:
    events = "".join(
        f"<tr><td>{esc(e['date'])}</td><td>{esc(e['type'])}</td><td>{esc(_names(e['source_actors']))} → "
        f"{esc(_names(e['target_actors']))}</td><td>{esc(e['location'])}</td><td>{esc(e['sources'])}</td>"
        f"<td>{esc(_cite(e['cites']))}</td></tr>"
        for e in brief.events
    )
    figures = "".join(
        f"<tr><td>{esc(f['indicator'])}</td><td>{esc(_names(f['subject']))}</td><td>{f['value']:,.1f} {esc(f['unit'])}"
        f"</td><td>{esc(f['period'])}</td><td>{esc(_cite(f['cites']))}</td></tr>"
        for f in brief.figures[:40]
    )
    conflicts = "".join(
        f"<li>{esc(c['indicator'])} {esc(_names(c['subject']))} {esc(c['a']['period'])}: "
        f"{c['a']['value']:,.0f} {esc(_cite(c['cites'][:1]))} against {c['b']['value']:,.0f} "
        f"{esc(_cite(c['cites'][1:]))} ({c['difference']:.0%} apart)</li>"
        for c in brief.conflicts
    )
    sources = "".join(
        f"<li id=s{s['n']}>[{s['n']}] {esc(s['source'])}, {esc(s['published'])}: {esc(s['title'])}"
        + (f" — {esc(s['url'])}" if s["url"] else "")
        + "</li>"
        for s in brief.sources
    )
    leaders = (
        ", ".join(f"{esc(_names([s['power']]))} ({s['engagement']:+.1f})" for s in brief.shifts) or "none"
    )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{esc(brief.title)}</title><style>body{{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1d2733}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.25em .5em;text-align:left}"
        "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.4em}</style></head><body>"
        f"<h1>{esc(brief.title)}</h1><p>Most engaged powers in the period (net engagement): {leaders}.</p>"
        f"<h2>Power shift: engagement by quarter</h2>{line_chart(brief.chart, width=640)}"
        "<h2>Key events</h2><table><tr><th>date</th><th>type</th><th>who</th><th>where</th><th>sources</th>"
        f"<th>cited</th></tr>{events}</table>"
        "<h2>Figures</h2><table><tr><th>indicator</th><th>parties</th><th>value</th><th>period</th><th>cited</th></tr>"
        f"{figures}</table><h2>Conflicting figures</h2><ul>{conflicts or '<li>none</li>'}</ul>"
        f"<h2>Methods</h2><p>{esc(METHODS)}</p><h2>Sources</h2><ol style='list-style:none;padding:0'>{sources}</ol>"
        "</body></html>"
    )


def to_markdown(brief: Brief) -> str:
    lines = [f"# {brief.title}", ""]
    leaders = ", ".join(f"{_names([s['power']])} ({s['engagement']:+.1f})" for s in brief.shifts) or "none"
    lines += [
        f"Most engaged powers in the period (net engagement): {leaders}.",
        "",
        "## Power shift: engagement by quarter",
        "",
    ]
    periods = sorted({x for points in brief.chart.values() for x, _ in points})
    if periods:
        lines += ["| power | " + " | ".join(periods) + " |", "|---" * (len(periods) + 1) + "|"]
        for power, points in sorted(brief.chart.items()):
            values = dict(points)
            lines.append(
                f"| {_names([power])} | " + " | ".join(f"{values.get(p, 0):.1f}" for p in periods) + " |"
            )
    lines += [
        "",
        "## Key events",
        "",
        "| date | type | who | where | sources | cited |",
        "|---|---|---|---|---|---|",
    ]
    for e in brief.events:
        lines.append(
            f"| {e['date']} | {e['type']} | {_names(e['source_actors'])} → {_names(e['target_actors'])} | "
            f"{e['location'] or ''} | {e['sources']} | {_cite(e['cites'])} |"
        )
    lines += [
        "",
        "## Figures",
        "",
        "| indicator | parties | value | period | cited |",
        "|---|---|---|---|---|",
    ]
    for f in brief.figures[:40]:
        lines.append(
            f"| {f['indicator']} | {_names(f['subject'])} | {f['value']:,.1f} {f['unit']} | {f['period']} | "
            f"{_cite(f['cites'])} |"
        )
    lines += ["", "## Conflicting figures", ""]
    lines += [
        f"- {c['indicator']} {_names(c['subject'])} {c['a']['period']}: {c['a']['value']:,.0f} "
        f"{_cite(c['cites'][:1])} against {c['b']['value']:,.0f} {_cite(c['cites'][1:])}"
        for c in brief.conflicts
    ]
    lines += ["", "## Methods", "", METHODS, "", "## Sources", ""]
    lines += [
        f"[{s['n']}] {s['source']}, {s['published']}: {s['title']}" + (f" — {s['url']}" if s["url"] else "")
        for s in brief.sources
    ]
    return "\n".join(lines) + "\n"


def _pdf(html_text: str, out: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise ConfigError("a PDF needs Chromium (apt-get install chromium); write .html or .md instead")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ConfigError(
            "a PDF needs Playwright (pip install playwright); write .html or .md instead"
        ) from exc
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.set_content(html_text, wait_until="load")
        page.pdf(
            path=str(out),
            format="A4",
            print_background=True,
            margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
        )
        browser.close()


def write_report(store: Store, out: str | Path, *, since: str, until: str, state: str | None = None) -> Path:
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".md", ".pdf"):
        raise ConfigError(f"--out {out}: end the name with .html, .md or .pdf")
    brief = build_brief(store, since=since, until=until, state=state)
    if suffix == ".md":
        out.write_text(to_markdown(brief), encoding="utf-8")
    elif suffix == ".html":
        out.write_text(to_html(brief), encoding="utf-8")
    else:
        _pdf(to_html(brief), out)
    return out
