"""The web dashboard: server-rendered pages with SVG charts, no third-party files and no CDN.

Every piece of article text and metadata goes through :func:`esc` before it reaches a page, so an
article that contains ``<script>`` shows it as text. The pages read the library's functions
directly (the same ones the REST API and CLI use).
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..analysis.conflicts import find_conflicts
from ..extract.knowledge import load_knowledge
from ..maps import Region, region_map
from ..records import CENTRAL_ASIA, PLOVER_TYPES
from ..render import COLORS, esc, line_chart, side

__all__ = ["router", "esc"]

router = APIRouter()

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}
header a{color:#dfe9f7;text-decoration:none}header strong{font-size:1.15em;margin-right:1em}
main{padding:1em 1.4em;max-width:1200px}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;background:#fff;margin:.4em 0 1em}td,th{border:1px solid #d9dee5;padding:.3em .6em;text-align:left}
th{background:#eef1f5}.num{text-align:right}.muted{color:#6b7685}.card{background:#fff;border:1px solid #d9dee5;padding:.8em 1em;margin:.6em 0}
mark{background:#ffe58a;padding:0 .1em}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1em}
form.filters{display:flex;gap:.5em;flex-wrap:wrap;margin:.5em 0}form.filters input,form.filters select{padding:.2em}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.35em;vertical-align:-.1em;border:1px solid #555}
ul.legend{list-style:none;padding:0;display:flex;gap:1.2em;flex-wrap:wrap}svg.map{max-width:100%;height:auto}
.up{color:#1a7f37}.down{color:#b42318}pre.article{white-space:pre-wrap;background:#fff;border:1px solid #d9dee5;padding:1em}
"""


def _fmt(value: Any, spec: str) -> str:
    """A number formatted, or empty when unknown (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format(value, spec)


def _name(code: str) -> str:
    return load_knowledge().names.get(code, code)


def page(title: str, body: str) -> HTMLResponse:
    nav = "".join(
        f'<a href="{href}">{label}</a>'
        for href, label in [
            ("/", "Overview"),
            ("/timeline", "Timeline"),
            ("/network", "Network"),
            ("/map", "Map"),
            ("/figures", "Figures"),
            ("/sources", "Sources"),
            ("/docs", "API"),
        ]
    )
    states = "".join(f'<a href="/state/{c}">{esc(_name(c))}</a>' for c in CENTRAL_ASIA)
    return HTMLResponse(
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{esc(title)} · Crossroads</title>"
        f"<meta name=viewport content='width=device-width,initial-scale=1'>"
        f'<link rel="icon" href="data:,"><style>{CSS}</style></head><body>'
        f"<header><strong>Crossroads</strong>{nav}<span class=muted>|</span>{states}</header>"
        f"<main><h1>{esc(title)}</h1>{body}</main></body></html>"
    )


def _events_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p class=muted>No events.</p>"
    body = "".join(
        f"<tr><td>{esc(r['date']) or '<span class=muted>undated</span>'}</td><td>{esc(r['type'])}</td>"
        f"<td>{side(r['source_actors'])} → {side(r['target_actors'])}</td><td>{esc(r['location'])}</td>"
        f"<td class=num>{esc(r['sources'])}</td><td>{esc(r['status'])}</td>"
        f"<td><a class=event-link href='/event/{esc(r['id'])}'>evidence</a></td></tr>"
        for r in rows
    )
    return (
        "<table class=events><tr><th>date</th><th>type</th><th>who</th><th>where</th><th>sources</th>"
        f"<th>status</th><th></th></tr>{body}</table>"
    )


def _index(request: Request, by: str = "year", **kw: Any) -> pd.DataFrame:
    return request.app.state.stores.index(by=by, **kw)


def _recent(request: Request, code: str) -> list[dict[str, Any]]:
    return request.app.state.stores.events().list(actor=code, status="occurred", newest_first=True, limit=25)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview(request: Request) -> HTMLResponse:
    frame = _index(request)
    if frame.empty:
        return page("Who is courting Central Asia", "<p>The store is empty: run <code>make demo</code>.</p>")
    cards = []
    for state in CENTRAL_ASIA:
        rows = frame[frame.state == state]
        series = {
            p: list(zip(g.period, g.engagement, strict=True))
            for p, g in rows.groupby("power")
            if g.engagement.abs().sum() > 0
        }
        top = dict(sorted(series.items(), key=lambda kv: -sum(abs(v) for _, v in kv[1]))[:5])
        latest = rows[rows.period == rows.period.max()].dropna(subset=["influence_geo"])
        ranking = (
            ", ".join(f"{esc(r.power)} {_fmt(r.influence_geo, '.2f')}" for r in latest.head(4).itertuples())
            or "—"
        )
        cards.append(
            f"<div class=card><h2><a class=state-link href='/state/{state}'>{esc(_name(state))}</a></h2>"
            f"<p>Influence {esc(rows.period.max())}: {ranking}</p><p class=muted>Engagement by year</p>"
            f"{line_chart(top)}</div>"
        )
    shifts = frame.dropna(subset=["delta_engagement"]).copy()
    shifts["size"] = shifts.delta_engagement.abs()
    biggest = shifts.sort_values("size", ascending=False).head(8)
    items = "".join(
        f"<li><span class={'up' if r.delta_engagement > 0 else 'down'}>{r.delta_engagement:+.1f}</span> "
        f"{esc(_name(r.power))} in {esc(_name(r.state))}, {esc(r.period)}</li>"
        for r in biggest.itertuples()
    )
    body = (
        f"<h2>Biggest shifts in engagement</h2><ul class=shifts>{items or '<li>none yet</li>'}</ul>"
        f"<div class=grid>{''.join(cards)}</div>"
    )
    return page("Who is courting Central Asia", body)


@router.get("/state/{code}", response_class=HTMLResponse, include_in_schema=False)
def state_page(request: Request, code: str) -> HTMLResponse:
    code = code.upper()
    if code not in CENTRAL_ASIA:
        return page("Not found", f"<p>{esc(code)} is not one of the five states.</p>")
    frame = _index(request, state=code)
    events = _recent(request, code)
    with request.app.state.stores.use() as store:
        conflicts = find_conflicts(store, actor=code)[:10]
    rows = "".join(
        f"<tr><td>{esc(r.period)}</td><td><a href='/power/{esc(r.power)}'>{esc(_name(r.power))}</a></td>"
        f"<td class=num>{_fmt(r.influence_geo, '.3f')}</td>"
        f"<td class=num>{_fmt(r.engagement, '.1f')}</td><td class=num>{_fmt(r.dependence, '.1%')}</td></tr>"
        for r in frame.sort_values(["period", "rank_geo"], ascending=[False, True]).itertuples()
    )
    series = {
        p: [(x, float(y)) for x, y in zip(g.period, g.influence_geo, strict=True) if y is not None and y == y]
        for p, g in frame.groupby("power")
        if g.influence_geo.notna().any()
    }
    body = (
        f"<h2>Influence over time</h2>{line_chart(series)}"
        f"<h2>Rankings</h2><table class=ranking><tr><th>period</th><th>power</th><th>influence</th>"
        f"<th>engagement</th><th>share of trade</th></tr>{rows}</table>"
        f"<h2>Recent events</h2>{_events_table(events)}<h2>Conflicting figures</h2>{_conflicts(conflicts)}"
    )
    return page(_name(code), body)


@router.get("/power/{code}", response_class=HTMLResponse, include_in_schema=False)
def power_page(request: Request, code: str) -> HTMLResponse:
    code = code.upper()
    frame = _index(request, power=code)
    events = _recent(request, code)
    series = (
        {s: list(zip(g.period, g.engagement, strict=True)) for s, g in frame.groupby("state")}
        if len(frame)
        else {}
    )
    body = f"<h2>Engagement with each state</h2>{line_chart(series)}<h2>Recent events</h2>{_events_table(events)}"
    return page(_name(code), body)


CONTEXTS = ("diplomatic", "economic", "energy", "security", "military", "humanitarian", "migration")
TIMELINE_ROWS = 500


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str | None) -> str:
    items = "".join(
        f"<option value='{esc(v)}' {'selected' if v == (chosen or '') else ''}>{esc(t)}</option>"
        for v, t in [("", f"any {label}"), *options]
    )
    return f"<label class=sr>{esc(label)} <select name={name}>{items}</select></label>"


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline(
    request: Request,
    power: str | None = Query(None, max_length=5),
    state: str | None = Query(None, max_length=5),
    actor: str | None = Query(None, max_length=5),
    type: str | None = Query(None, max_length=12),
    context: str | None = Query(None, max_length=30),
    since: str | None = Query(None, max_length=10),
    until: str | None = Query(None, max_length=10),
    status: str | None = Query(None, max_length=10),
    min_sources: int = Query(1, ge=1, le=1000),
) -> HTMLResponse:
    """Events with filters: an outside power and a state (or any actor), type, context, dates,
    status and the number of independent sources."""
    codes = [c for c in (power, state, actor) if c]
    if len(codes) > 2:
        return page("Timeline", "<p>Choose at most two of power, state and actor.</p>")
    snapshot = request.app.state.stores.events()
    filters = dict(
        actor=codes[0] if codes else None,
        counterpart=codes[1] if len(codes) > 1 else None,
        type=type,
        context=context,
        since=since,
        until=until,
        status=status,
        min_sources=min_sources,
    )
    rows = snapshot.list(**filters, limit=TIMELINE_ROWS)
    total = snapshot.count(**filters)
    kb = load_knowledge()
    powers = sorted({c for c in kb.names if c not in CENTRAL_ASIA} & set(POWER_COLORS))
    form = "".join(
        [
            _select("power", "power", [(p, _name(p)) for p in powers], power),
            _select("state", "state", [(c, _name(c)) for c in CENTRAL_ASIA], state),
            _select("type", "type", [(t, t.title()) for t in PLOVER_TYPES], type),
            _select("context", "context", [(c, c) for c in CONTEXTS], context),
            _select("status", "status", [("occurred", "occurred"), ("planned", "planned")], status),
            f"<input name=since placeholder='since (2023-01)' value='{esc(since or '')}' size=10>",
            f"<input name=until placeholder='until (2023-12)' value='{esc(until or '')}' size=10>",
            f"<input name=min_sources type=number min=1 value='{min_sources}' title='at least this many "
            f"independent sources' style='width:4em'>",
            f"<input name=actor type=hidden value='{esc(actor)}'>" if actor else "",
        ]
    )
    shown = f"{total} events" + (f", the first {TIMELINE_ROWS} shown" if total > TIMELINE_ROWS else "")
    links = f"<a href='/api/events?{esc(urlencode({**{k: v for k, v in filters.items() if v}}))}'>as JSON</a>"
    return page(
        "Timeline",
        f"<form class=filters>{form}<button>Filter</button> <a href='/timeline'>clear</a></form>"
        f"<p class=muted>{shown} · {links}</p>{_events_table(rows)}",
    )


@router.get("/event/{event_id}", response_class=HTMLResponse, include_in_schema=False)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    with request.app.state.stores.use() as store:
        found = store.get_canonical(event_id)
        if found is None:
            return page("Not found", f"<p>No event {esc(event_id)}.</p>")
        mentions = []
        for _, aid, e in store.list_mentions_of(event_id):
            art = store.get_article(aid)
            mentions.append((aid, art, e))
    items = "".join(
        f"<div class=card><p><strong>{esc(a.source if a else aid)}</strong> {esc(a.published if a else '')} "
        f"<span class=muted>{esc(a.title if a else '')}</span></p>"
        + "".join(
            f"<blockquote>{esc(s.text)}</blockquote><a class=evidence-link href='/article/{esc(aid)}?"
            f"{urlencode({'start': s.start, 'end': s.end})}#evidence'>read in the article</a>"
            for s in e.evidence
        )
        + "</div>"
        for aid, a, e in mentions
    )
    head = (
        f"<p>{esc(found['type'])}: {side(found['source_actors'])} → {side(found['target_actors'])}, "
        f"{esc(found['date']) or 'undated'}, {esc(found['location'])}. {esc(found['sources'])} independent "
        f"source(s), {esc(found['mentions'])} report(s).</p>"
    )
    return page("Event", head + items)


@router.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(
    request: Request,
    article_id: str,
    start: int | None = Query(None, ge=0),
    end: int | None = Query(None, ge=0),
) -> HTMLResponse:
    with request.app.state.stores.use() as store:
        art = store.get_article(article_id)
        events = store.list_events(article_id=article_id) if art else []
    if art is None:
        return page("Not found", f"<p>No article {esc(article_id)}.</p>")
    text = art.text
    if start is not None and end is not None and 0 <= start < end <= len(text):
        shown = f"{esc(text[:start])}<mark id=evidence>{esc(text[start:end])}</mark>{esc(text[end:])}"
    else:
        shown = esc(text)
    meta = (
        f"<p class=muted>{esc(art.source)} · {esc(art.published) or 'undated'} · "
        + (f"<a href='{esc(art.url)}' rel=noopener>{esc(art.url)}</a>" if art.url else "no URL")
        + "</p>"
    )
    others = (
        _events_table([])
        if not events
        else "<ul>"
        + "".join(
            f"<li>{esc(e.type)} {side(e.source_actors)} → {side(e.target_actors)} {esc(e.date)}</li>"
            for e in events
        )
        + "</ul>"
    )
    return page(
        art.title or "Article",
        meta + f"<pre class=article>{shown}</pre><h2>Events in this article</h2>{others}",
    )


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network(request: Request, period: str | None = Query(None, max_length=10)) -> HTMLResponse:
    frame = _index(request)
    if frame.empty:
        return page("Network", "<p class=muted>No data yet.</p>")
    period = period or frame.period.max()
    rows = frame[(frame.period == period) & (frame.engagement != 0)]
    powers = sorted(set(rows.power))
    size, cx, cy = 560, 280, 280
    pos = {
        s: (cx + 90 * math.cos(2 * math.pi * i / 5), cy + 90 * math.sin(2 * math.pi * i / 5))
        for i, s in enumerate(CENTRAL_ASIA)
    }
    for i, p in enumerate(powers):
        angle = 2 * math.pi * i / max(len(powers), 1)
        pos[p] = (cx + 230 * math.cos(angle), cy + 230 * math.sin(angle))
    top = max(rows.engagement.abs().max(), 1)
    edges = "".join(
        f'<line x1="{pos[r.power][0]:.0f}" y1="{pos[r.power][1]:.0f}" x2="{pos[r.state][0]:.0f}" '
        f'y2="{pos[r.state][1]:.0f}" stroke="{"#2b7" if r.engagement > 0 else "#c33"}" '
        f'stroke-width="{1 + 6 * abs(r.engagement) / top:.1f}" opacity=.6><title>{esc(r.power)}–{esc(r.state)}: '
        f"{r.engagement:.1f}</title></line>"
        for r in rows.itertuples()
    )
    nodes = "".join(
        f'<circle cx="{x:.0f}" cy="{y:.0f}" r=16 fill="{"#1f3a5f" if c in CENTRAL_ASIA else "#f2a900"}"/>'
        f'<text x="{x:.0f}" y="{y + 4:.0f}" font-size=10 fill=white text-anchor=middle>{esc(c)}</text>'
        for c, (x, y) in pos.items()
        if c in CENTRAL_ASIA or c in powers
    )
    choices = "".join(
        f"<option {'selected' if p == period else ''}>{esc(p)}</option>"
        for p in sorted(frame.period.unique())
    )
    body = (
        f"<form class=filters><select name=period onchange='this.form.submit()'>{choices}</select></form>"
        f'<svg viewBox="0 0 {size} {size}" width={size} height={size} class=network>{edges}{nodes}</svg>'
    )
    return page(f"Network {period}", body)


# a fixed colour per power, so a colour means the same partner on every map
POWER_COLORS = {
    "RUS": "#c0392b",
    "CHN": "#e6b000",
    "USA": "#1f5fa8",
    "EU": "#3a8fd9",
    "TUR": "#16a085",
    "OTS": "#48c9b0",
    "JPN": "#8e44ad",
    "KOR": "#d35fb7",
    "IND": "#e67e22",
    "GBR": "#34495e",
    "DEU": "#7f8c8d",
    "FRA": "#5d6d7e",
    "GCC": "#27ae60",
}
NO_DATA = "#d5d8dc"


def _color(power: str) -> str:
    return POWER_COLORS.get(power, COLORS[sum(map(ord, power)) % len(COLORS)])


def _leaders(frame: pd.DataFrame, period: str) -> dict[str, tuple[pd.Series, str]]:
    """State → (its leading partner's index row, what it leads by) in ``period``."""
    leaders = {}
    for state, rows in frame[frame.period == period].groupby("state"):
        scored = rows.dropna(subset=["influence_geo"])
        if len(scored) and scored.influence_geo.max() > 0:
            leaders[state] = (scored.sort_values("influence_geo", ascending=False).iloc[0], "influence")
        elif rows.engagement.max() > 0:
            leaders[state] = (rows.sort_values("engagement", ascending=False).iloc[0], "engagement")
    return leaders


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request, period: str | None = Query(None, max_length=10)) -> HTMLResponse:
    frame = _index(request)
    if frame.empty:
        return page("Map", "<p class=muted>No data yet.</p>")
    periods = sorted(frame.period.unique())
    scored = sorted(frame.dropna(subset=["influence_geo"]).period.unique())
    if period not in periods:  # the latest period with influence scores, else the latest
        period = (scored or periods)[-1]
    leaders = _leaders(frame, period)
    regions, rows = [], []
    for state in CENTRAL_ASIA:
        if state not in leaders:
            regions.append(Region(state, NO_DATA, f"{_name(state)}: no data for {period}", f"/state/{state}"))
            rows.append(f"<tr><td>{esc(_name(state))}</td><td colspan=3 class=muted>no data</td></tr>")
            continue
        row, basis = leaders[state]
        score = row.influence_geo if basis == "influence" else row.engagement
        title = f"{_name(state)}: {_name(row.power)} leads by {basis} ({score:.2f}) in {period}"
        regions.append(Region(state, _color(row.power), title, f"/state/{state}"))
        rows.append(
            f"<tr><td><a href='/state/{state}'>{esc(_name(state))}</a></td>"
            f"<td><span class=swatch style='background:{_color(row.power)}'></span>"
            f"<a href='/power/{esc(row.power)}'>{esc(_name(row.power))}</a></td>"
            f"<td>{esc(basis)}</td><td class=num>{score:.3f}</td></tr>"
        )
    shown = sorted({r.power for r, _ in leaders.values()})
    legend = "".join(
        f"<li><span class=swatch style='background:{_color(p)}'></span>{esc(_name(p))}</li>" for p in shown
    )
    choices = "".join(f"<option {'selected' if p == period else ''}>{esc(p)}</option>" for p in periods)
    body = (
        f"<form class=filters><label>Period <select name=period onchange='this.form.submit()'>{choices}"
        f"</select></label><button>Show</button></form>"
        f"<p class=muted>Each state is coloured by its leading outside partner: the highest influence "
        f"score (engagement and trade with the state's dependence on the partner), or the most engagement "
        f"where no trade shares are known. Boundaries: Natural Earth 1:10m.</p>"
        f"{region_map(regions)}<ul class=legend>{legend}</ul>"
        f"<table class=leaders><tr><th>state</th><th>leading partner</th><th>by</th><th>score</th></tr>"
        f"{''.join(rows)}</table>"
    )
    return page(f"Leading partners, {period}", body)


def _conflicts(conflicts) -> str:
    if not conflicts:
        return "<p class=muted>No conflicting figures.</p>"
    rows = []
    for c in conflicts:
        d = c.to_dict()
        a, b = d["a"], d["b"]
        rows.append(
            f"<tr><td>{esc(c.indicator)}</td><td>{esc(c.subject)}</td><td>{esc(a['period'])}</td>"
            f"<td class=num>{a['value']:,.0f} {esc(a['unit'])}</td><td>{esc(a['source'])}</td>"
            f"<td class=num>{b['value']:,.0f} {esc(b['unit'])}</td><td>{esc(b['source'])}</td>"
            f"<td class=num>{d['difference']:.0%}</td></tr>"
        )
    return (
        "<table class=conflicts><tr><th>indicator</th><th>parties</th><th>period</th><th>value A</th>"
        "<th>source A</th><th>value B</th><th>source B</th><th>differ</th></tr>" + "".join(rows) + "</table>"
    )


@router.get("/figures", response_class=HTMLResponse, include_in_schema=False)
def figures_page(request: Request, actor: str | None = Query(None, max_length=5)) -> HTMLResponse:
    with request.app.state.stores.use() as store:
        conflicts = find_conflicts(store, actor=actor)
        rows = store.list_figure_sources(actor=actor)[:300]
    table = "".join(
        f"<tr><td>{esc(f.indicator)}</td><td>{esc(f.subject)}</td><td class=num>{f.value:,.1f}</td>"
        f"<td>{esc(f.unit)}</td><td>{esc(f.period)}</td><td>{esc(a.source)}</td>"
        f"<td><a href='/article/{esc(a.id)}?{urlencode({'start': f.evidence[0].start, 'end': f.evidence[0].end})}#evidence'>"
        f"evidence</a></td></tr>"
        for _, f, a in rows
    )
    body = (
        f"<h2>Conflicting values, side by side</h2>{_conflicts(conflicts)}<h2>All figures</h2>"
        "<table><tr><th>indicator</th><th>parties</th><th>value</th><th>unit</th><th>period</th><th>source</th>"
        f"<th></th></tr>{table}</table>"
    )
    return page("Figures", body)


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


@router.get("/sources", response_class=HTMLResponse, include_in_schema=False)
def sources_page(request: Request) -> HTMLResponse:
    from .api import ApiError, sources_with_health

    try:
        with request.app.state.stores.use() as store:
            rows = sources_with_health(store, request.app.state.sources_path)
    except ApiError as exc:
        return page("Sources", f"<p>{esc(exc.message)}</p>")
    table = "".join(
        f"<tr><td><a href='{esc(r['url'])}' rel=noopener>{esc(r['name'])}</a>"
        f"{'' if r['enabled'] else ' <span class=muted>(off)</span>'}</td><td>{esc(r['kind'])}</td>"
        f"<td>{esc(r['language'])}</td><td>{esc(_when(r['last_success'])) or '<span class=muted>never</span>'}</td>"
        f"<td class=num>{esc(r['last_gained'])}</td><td class=num>{esc(r['articles_gained'])}</td>"
        f"<td>{esc(_when(r['last_error_at']))} {esc((r['last_error'] or '')[:200])}</td></tr>"
        for r in rows
    )
    body = (
        "<p>The feeds, sitemaps and URL lists <code>crossroads fetch</code> and <code>crossroads watch</code> "
        "collect from, with the health of their runs.</p><table class=sources><tr><th>source</th><th>kind</th>"
        "<th>language</th><th>last success</th><th>gained last run</th><th>gained in all</th><th>last error</th></tr>"
        f"{table}</table>"
    )
    return page("Sources", body)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI document (the raw spec is /openapi.json)."""
    spec = request.app.openapi()
    rows = []
    for path, methods in sorted(spec["paths"].items()):
        for method, op in methods.items():
            params = ", ".join(
                f"{esc(p['name'])}{'' if p.get('required') else '?'}" for p in op.get("parameters", [])
            )
            rows.append(
                f"<tr><td><code>{esc(method.upper())} {esc(path)}</code></td><td>{esc(op.get('summary'))}</td>"
                f"<td>{params}</td></tr>"
            )
    body = (
        '<p>Every error has one shape: <code>{"error": {"status", "code", "message"}}</code>. '
        "The OpenAPI document is at <a href='/openapi.json'>/openapi.json</a>.</p>"
        f"<table><tr><th>endpoint</th><th>what</th><th>parameters</th></tr>{''.join(rows)}</table>"
    )
    return page("API", body)
