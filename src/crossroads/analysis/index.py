"""The engagement and influence index, per outside power × Central Asian state × period.

Formulas (``docs/methods.md`` gives the reasons and a sensitivity table):

- engagement  E = Σ over canonical events (occurred, dated within the period, the power on one
  side and the state on the other) of  type weight × level weight; each real event counts once
  however many articles report it. Conflictual types have negative weights.
- trade       T = the year's trade turnover of the pair in USD (reference statistics: the state's
  own statistics first, then the partner's, then figures extracted from articles).
- dependence  d = the power's share of the state's foreign trade (0–1; reference shares, else
  turnover over the state's total trade).
- bandwidth   b = ½·E⁺/max E⁺ + ½·T/max T, each normalised over the powers engaging that state in
  that period (E⁺ = max(E, 0)).
- influence   FBIC-style, bandwidth times dependence, shown two ways:
  geometric mean √(b·d) and product b·d. Rankings by the two can differ (see ``rank_geo``,
  ``rank_prod``).
- concentration: Herfindahl index of the known shares, Σ d² (0–1), per state and period.
- power shift: the change of each power's influence (and engagement) from the previous period.

Every row can be decomposed (:func:`explain`) into the canonical events and the reference or
extracted figures behind it.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import ConfigError
from ..records import CENTRAL_ASIA
from ..store import Store
from .reference import ReferenceRow, reference_rows

__all__ = ["TYPE_WEIGHTS", "LEVEL_WEIGHTS", "Weights", "compute_index", "explain", "period_of"]

# A Goldstein-like scale over PLOVER types: cooperation positive, conflict negative.
TYPE_WEIGHTS = {
    "AID": 6.0,
    "COOPERATE": 5.0,
    "AGREE": 4.0,
    "CONCEDE": 4.0,
    "CONSULT": 3.0,
    "SUPPORT": 3.0,
    "RETREAT": 3.0,
    "REQUEST": 1.0,
    "ACCUSE": -3.0,
    "REJECT": -4.0,
    "PROTEST": -5.0,
    "MOBILIZE": -5.0,
    "THREATEN": -6.0,
    "SANCTION": -7.0,
    "COERCE": -7.0,
    "ASSAULT": -10.0,
}
# Level of an interaction, from the words that reported it: a summit outweighs a call.
LEVEL_WEIGHTS = {"summit": 3.0, "visit": 2.0, "meeting": 1.5, "call": 1.0, "other": 1.0}
LEVEL_WORDS = {
    "summit": "summit",
    "visit": "visit",
    "trip": "visit",
    "tour": "visit",
    "travel": "visit",
    "arrive": "visit",
    "host": "visit",
    "welcome": "visit",
    "receive": "visit",
    "meet": "meeting",
    "talk": "meeting",
    "talks": "meeting",
    "meeting": "meeting",
    "hold": "meeting",
    "negotiation": "meeting",
    "phone": "call",
    "call": "call",
    "speak": "call",
}


@dataclass(frozen=True)
class Weights:
    """The choices the index makes; alternatives feed the sensitivity table."""

    type_weights: dict[str, float] = field(default_factory=lambda: dict(TYPE_WEIGHTS))
    level_weights: dict[str, float] = field(default_factory=lambda: dict(LEVEL_WEIGHTS))
    engagement_share: float = 0.5  # of bandwidth; the rest is trade


def period_of(date: str | None, by: str) -> str | None:
    """The period a date falls in, when its precision allows: 2023-05-19 → 2023, 2023-Q2, 2023-05."""
    if not date:
        return None
    if by == "year":
        return date[:4]
    if len(date) < 7:
        return None
    if by == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    if by == "month":
        return date[:7]
    raise ConfigError(f"--by {by!r}: use year, quarter or month")


def _level(triggers: list[str | None]) -> str:
    levels = [LEVEL_WORDS.get((t or "").lower().rstrip("s") if t else "", "other") for t in triggers]
    levels += [LEVEL_WORDS.get((t or "").lower(), "other") for t in triggers]
    order = ["summit", "visit", "meeting", "call", "other"]
    return min(levels, key=order.index) if levels else "other"


def _dyads(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(power, state) pairs an event engages: a power on one side, a state on the other."""
    pairs = set()
    for a, b in ((row["source_actors"], row["target_actors"]), (row["target_actors"], row["source_actors"])):
        for power in a:
            if power in CENTRAL_ASIA:
                continue
            for state in b:
                if state in CENTRAL_ASIA:
                    pairs.add((power, state))
    return sorted(pairs)


def _year_of(period: str) -> str:
    return period[:4]


def _pick(rows: list[ReferenceRow], state: str) -> ReferenceRow | None:
    """The state's own statistics first, then the partner's; full-year periods first."""
    if not rows:
        return None
    return min(rows, key=lambda r: (r.statistics_of != state, "/" in r.period, r.id))


class _Economy:
    def __init__(self, store: Store) -> None:
        self.rows = reference_rows(store)
        self.extracted = store.list_figure_sources(indicator="trade_turnover")

    def _match(self, indicator: str, power: str, state: str, year: str) -> list[ReferenceRow]:
        found = []
        for r in self.rows:
            if r.indicator != indicator or r.period[:4] != year or r.unit not in ("USD", "percent"):
                continue
            if {r.reporter, r.partner} == {power, state}:
                found.append(r)
        return found

    def trade(self, power: str, state: str, year: str) -> tuple[float | None, str, list[str]]:
        row = _pick(
            [
                r
                for r in self._match("trade_turnover", power, state, year)
                if r.unit == "USD" and r.period == year
            ],
            state,
        )
        if row is not None:
            return row.value, f"reference ({row.statistics_of} statistics)", [row.id]
        values = [
            (fid, f.value)
            for fid, f, _ in self.extracted
            if set(f.subject) == {power, state} and f.period == year and f.unit == "USD"
        ]
        if values:
            return (
                statistics.median(v for _, v in values),
                "extracted figures (median)",
                [i for i, _ in values],
            )
        return None, "", []

    def share(
        self, power: str, state: str, year: str, trade: float | None
    ) -> tuple[float | None, str, list[str]]:
        rows = [r for r in self._match("share_of_trade", power, state, year) if r.reporter == state]
        row = _pick(rows, state)
        if row is not None:
            return row.value / 100, f"reference share ({row.period})", [row.id]
        turnover = self._comparable(power, state, year, trade)
        if turnover is None:
            return None, "", []
        total = [
            r
            for r in self.rows
            if r.reporter == state
            and r.partner == "WLD"
            and r.indicator == "trade_turnover"
            and r.period == year
        ]
        if total:
            found = turnover / total[0].value, "turnover / total trade", [total[0].id]
        elif estimate := self.total_trade(state, year):
            found = (
                turnover / estimate[0],
                "turnover / total trade estimated from other partners",
                estimate[1],
            )
        else:
            return None, "", []
        return found if found[0] <= 1 else (None, "", [])  # above the total: the figures do not agree

    def _comparable(self, power: str, state: str, year: str, trade: float | None) -> float | None:
        """Turnover that can be set against the state's total trade: the state's own statistics
        (a partner's mirror statistics count other things, e.g. China's exports to Kyrgyzstan
        include goods bound further on), else what articles report."""
        own = [
            r
            for r in self._match("trade_turnover", power, state, year)
            if r.unit == "USD" and r.period == year and r.statistics_of == state
        ]
        if own:
            return _pick(own, state).value
        partner_only = any(r.unit == "USD" for r in self._match("trade_turnover", power, state, year))
        return None if partner_only else trade

    def total_trade(self, state: str, year: str) -> tuple[float, list[str]] | None:
        """The state's total trade, estimated as the median of turnover ÷ share over the
        partners for which both are known in that year (same statistics)."""
        estimates, ids = [], []
        for r in self.rows:
            if r.reporter != state or r.indicator != "share_of_trade" or r.period != year or not r.value:
                continue
            turnover = [
                t
                for t in self.rows
                if t.reporter == state
                and t.partner == r.partner
                and t.indicator == "trade_turnover"
                and t.period == year
                and t.unit == "USD"
            ]
            if turnover:
                estimates.append(turnover[0].value / (r.value / 100))
                ids += [r.id, turnover[0].id]
        return (statistics.median(estimates), ids) if estimates else None


def _mentions_by_canonical(store: Store) -> dict[str, list[str | None]]:
    links = store.canonical_links()
    triggers: dict[str, list[str | None]] = defaultdict(list)
    for event_id, _, _, _, event in store.list_event_mentions():
        for canonical_id in links.get(event_id, ()):
            triggers[canonical_id].append(event.trigger)
    return triggers


def compute_index(
    store: Store,
    *,
    by: str = "year",
    weights: Weights | None = None,
    state: str | None = None,
    power: str | None = None,
) -> pd.DataFrame:
    """The index as a DataFrame, one row per (period, state, power), sorted by state, period, rank."""
    weights = weights or Weights()
    triggers = _mentions_by_canonical(store)
    engagement: dict[tuple[str, str, str], float] = defaultdict(float)
    events: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in store.list_canonical(status="occurred"):
        period = period_of(row["date"], by)
        if period is None:
            continue
        level = _level(triggers.get(row["id"], []))
        value = weights.type_weights.get(row["type"], 0.0) * weights.level_weights.get(level, 1.0)
        for p, s in _dyads(row):
            engagement[(period, s, p)] += value
            events[(period, s, p)].append(row["id"])
    economy = _Economy(store)
    keys = set(engagement)
    for r in economy.rows:  # pairs with trade data but no event still have a dependence
        if (
            r.indicator in ("trade_turnover", "share_of_trade")
            and r.reporter in CENTRAL_ASIA
            and r.partner not in ("WLD", "C5")
            and len(r.period) == 4
            and by == "year"
        ):
            keys.add((r.period, r.reporter, r.partner))
    records = []
    for period, s, p in sorted(keys):
        if state and s != state.upper():
            continue
        year = _year_of(period)
        trade, trade_source, trade_ids = economy.trade(p, s, year)
        share, share_source, share_ids = economy.share(p, s, year, trade)
        records.append(
            {
                "period": period,
                "state": s,
                "power": p,
                "engagement": round(engagement.get((period, s, p), 0.0), 3),
                "events": len(events.get((period, s, p), [])),
                "trade_usd": trade,
                "trade_source": trade_source,
                "dependence": share,
                "dependence_source": share_source,
                "_event_ids": events.get((period, s, p), []),
                "_figure_ids": trade_ids + share_ids,
            }
        )
    frame = pd.DataFrame(records)
    if frame.empty:
        return frame
    # concentration over every partner with a known share, neighbours included ...
    hhi = (
        frame.dropna(subset=["dependence"])
        .groupby(["period", "state"])["dependence"]
        .apply(lambda d: round(float((d.astype(float) ** 2).sum()), 4))
    )
    # ... but the index ranks the outside powers
    frame = frame[~frame["power"].isin(CENTRAL_ASIA)].reset_index(drop=True)
    if frame.empty:
        return frame
    frame = _derive(frame, weights)
    frame["hhi"] = [hhi.get((p, s)) for p, s in zip(frame["period"], frame["state"], strict=True)]
    if power:  # after normalising: a power's scores are relative to all powers in that state
        frame = frame[frame["power"] == power.upper()].reset_index(drop=True)
    return frame


def _derive(frame: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    parts = []
    for (_, _), group in frame.groupby(["period", "state"], sort=True):
        group = group.copy()
        e = group["engagement"].clip(lower=0)
        e_norm = e / e.max() if e.max() > 0 else e * 0
        t = group["trade_usd"].astype(float)
        t_norm = (t / t.max()).fillna(0) if t.notna().any() and t.max() > 0 else t.fillna(0) * 0
        group["bandwidth"] = (
            weights.engagement_share * e_norm + (1 - weights.engagement_share) * t_norm
        ).round(4)
        d = group["dependence"].astype(float)
        group["influence_geo"] = [
            round(math.sqrt(b * x), 4) if x == x else None for b, x in zip(group["bandwidth"], d, strict=True)
        ]
        group["influence_prod"] = [
            round(b * x, 4) if x == x else None for b, x in zip(group["bandwidth"], d, strict=True)
        ]
        group["rank_geo"] = group["influence_geo"].rank(ascending=False, method="min")
        group["rank_prod"] = group["influence_prod"].rank(ascending=False, method="min")
        parts.append(group)
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["state", "power", "period"])
    frame["delta_influence"] = frame.groupby(["state", "power"])["influence_geo"].diff().round(4)
    frame["delta_engagement"] = frame.groupby(["state", "power"])["engagement"].diff().round(3)
    return frame.sort_values(
        ["state", "period", "rank_geo", "engagement"], ascending=[True, True, True, False], na_position="last"
    ).reset_index(drop=True)


def explain(store: Store, frame: pd.DataFrame, *, period: str, state: str, power: str) -> dict[str, Any]:
    """The events and figures behind one index row."""
    match = frame[(frame.period == period) & (frame.state == state.upper()) & (frame.power == power.upper())]
    if match.empty:
        raise ConfigError(f"no index row for {power} in {state}, {period}")
    row = match.iloc[0]
    canon = {r["id"]: r for r in store.list_canonical()}
    refs = {r.id: r for r in reference_rows(store)}
    figures = {fid: (f, a) for fid, f, a in store.list_figure_sources()}
    out_events = [
        {k: canon[i][k] for k in ("id", "type", "date", "location", "sources")} for i in row["_event_ids"]
    ]
    out_figures = []
    for fid in row["_figure_ids"]:
        if fid in refs:
            r = refs[fid]
            out_figures.append(
                {
                    "id": fid,
                    "kind": "reference",
                    "indicator": r.indicator,
                    "period": r.period,
                    "value": r.value,
                    "unit": r.unit,
                    "statistics_of": r.statistics_of,
                    "source_url": r.source_url,
                }
            )
        elif fid in figures:
            f, a = figures[fid]
            out_figures.append(
                {
                    "id": fid,
                    "kind": "extracted",
                    "indicator": f.indicator,
                    "period": f.period,
                    "value": f.value,
                    "unit": f.unit,
                    "article": a.id,
                    "source": a.source,
                }
            )
    public = {
        k: (None if isinstance(v, float) and v != v else v) for k, v in row.items() if not k.startswith("_")
    }
    return {"row": public, "events": out_events, "figures": out_figures}
