"""Rendering helpers shared by the dashboard and the briefing reports: escaping and SVG charts
(written here; no chart library, nothing loaded from elsewhere)."""

from __future__ import annotations

import html
import math
from typing import Any

from .records import UNNAMED

__all__ = ["esc", "side", "line_chart", "COLORS"]

COLORS = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
]


def side(codes: Any) -> str:
    """One side of an event for HTML: its actor codes, or a note that the party is unnamed."""
    return esc(codes) or UNNAMED


def esc(value: Any) -> str:
    """Text for HTML: everything escaped, None shown as an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        return ", ".join(esc(v) for v in list(value))
    return html.escape(str(value), quote=True)


def line_chart(series: dict[str, list[tuple[str, float]]], *, width: int = 520, height: int = 200) -> str:
    """An SVG line chart: one line per series over shared x labels."""
    labels = sorted({x for points in series.values() for x, _ in points})
    values = [y for points in series.values() for _, y in points if y == y]
    if not labels or not values:
        return "<p class=muted>No data yet.</p>"
    top, low = max(values + [0.0]), min(values + [0.0])
    span = (top - low) or 1.0
    pad = 30

    def xy(x: str, y: float) -> tuple[float, float]:
        i = labels.index(x)
        px = pad + (width - 2 * pad) * (i / max(len(labels) - 1, 1))
        return px, height - pad - (height - 2 * pad) * ((y - low) / span)

    parts = [f'<svg role=img viewBox="0 0 {width} {height}" width="{width}" height="{height}" class=chart>']
    parts.append(f'<line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#999"/>')
    for x in labels:
        px, _ = xy(x, low)
        parts.append(f'<text x="{px:.1f}" y="{height - 8}" font-size=11 text-anchor=middle>{esc(x)}</text>')
    for n, (name, points) in enumerate(sorted(series.items())):
        color = COLORS[n % len(COLORS)]
        pts = [xy(x, y) for x, y in sorted(points) if y == y]
        if not pts:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        parts.append(
            f'<polyline fill=none stroke="{color}" stroke-width=2 points="{path}">'
            f"<title>{esc(name)}</title></polyline>"
        )
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r=3 fill="{color}"/>' for px, py in pts]
        lx, ly = pts[-1]
        parts.append(f'<text x="{lx + 4:.1f}" y="{ly:.1f}" font-size=11 fill="{color}">{esc(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
