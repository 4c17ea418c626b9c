"""The map: packaged boundaries read offline, drawn as SVG, and the dashboard's map page that
colours each state by its leading partner."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from crossroads.maps import NEIGHBOURS, Region, boundaries, region_map
from crossroads.records import CENTRAL_ASIA
from crossroads.store import open_store
from crossroads.web.api import create_app
from crossroads.web.pages import POWER_COLORS, _leaders


def _area(ring):
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def test_boundaries_of_the_five_states_are_where_they_belong():
    shapes = boundaries()
    assert set(CENTRAL_ASIA) <= set(shapes) and set(NEIGHBOURS) <= set(shapes)
    centres = {
        code: (
            sum(x for r in rings for x, _ in r) / sum(len(r) for r in rings),
            sum(y for r in rings for _, y in r) / sum(len(r) for r in rings),
        )
        for code, rings in shapes.items()
        if code in CENTRAL_ASIA
    }
    assert 60 < centres["KAZ"][0] < 75 and 45 < centres["KAZ"][1] < 52  # the steppe, north
    assert centres["TKM"][0] < centres["UZB"][0] < centres["TJK"][0]  # west to east in the south
    assert centres["KGZ"][1] > centres["TJK"][1]  # Kyrgyzstan lies north of Tajikistan
    area = {c: sum(_area(list(r)) for r in shapes[c]) for c in CENTRAL_ASIA}
    assert max(area, key=area.get) == "KAZ" and min(area, key=area.get) == "TJK"


def test_region_map_is_svg_with_linked_escaped_states():
    svg = region_map(
        [Region("KAZ", "#c0392b", "Kazakhstan <b>", "/state/KAZ"), Region("XXX", "#000", "nowhere")]
    )
    root = ET.fromstring(svg)  # well-formed
    ns = "{http://www.w3.org/2000/svg}"
    areas = [e for e in root.iter() if e.get("class") == "state-area"]
    assert [a.get("data-code") for a in areas] == ["KAZ"] and areas[0].get("fill") == "#c0392b"
    assert "<b>" not in svg and "Kazakhstan &lt;b&gt;" in svg
    assert len([e for e in root.iter(f"{ns}path") if e.get("class") is None]) >= 5  # neighbours in grey


def _frame(rows):
    return pd.DataFrame(rows, columns=["period", "state", "power", "engagement", "influence_geo"])


def test_leader_is_the_top_influence_else_the_top_engagement():
    frame = _frame(
        [
            ("2023", "KAZ", "CHN", 5.0, 0.40),
            ("2023", "KAZ", "RUS", 9.0, 0.55),
            ("2023", "TJK", "CHN", 3.0, None),
            ("2023", "TJK", "RUS", 7.0, None),
            ("2023", "UZB", "USA", 0.0, None),
            ("2022", "KAZ", "CHN", 1.0, 0.9),
        ]
    )
    leaders = _leaders(frame, "2023")
    assert leaders["KAZ"][0].power == "RUS" and leaders["KAZ"][1] == "influence"
    assert leaders["TJK"][0].power == "RUS" and leaders["TJK"][1] == "engagement"
    assert "UZB" not in leaders  # nothing to lead with


@pytest.fixture(scope="module")
def client(tmp_path_factory, canonical):
    path = tmp_path_factory.mktemp("map") / "m.duckdb"
    pairs = [("CHN", "KAZ"), ("CHN", "KAZ"), ("RUS", "KAZ"), ("JPN", "UZB"), ("RUS", "KGZ")]
    rows = [canonical(f"c{i}", p, s, date="2031-05-01") for i, (p, s) in enumerate(pairs)]
    with open_store(path) as store:
        store.bulk_insert("canonical_events", pd.DataFrame(rows))
    with TestClient(create_app(path)) as c:
        yield c


def test_map_page_colours_each_state_by_its_leading_partner(client):
    html = client.get("/map?period=2031").text  # a year with no trade figures: leaders by engagement
    fills = {}
    for code in CENTRAL_ASIA:
        start = html.index(f'data-code="{code}"')
        fill_at = html.index('fill="', start) + len('fill="')
        fills[code] = html[fill_at : html.index('"', fill_at)]
    assert fills["KAZ"] == POWER_COLORS["CHN"] and fills["UZB"] == POWER_COLORS["JPN"]
    assert fills["KGZ"] == POWER_COLORS["RUS"] and fills["TJK"] == fills["TKM"] != fills["KAZ"]  # no data
    assert 'href="/state/KAZ"' in html and "Leading partners, 2031" in html


def test_map_page_opens_on_the_latest_period_with_influence_scores(client):
    frame = client.app.state.stores.index()
    latest_scored = frame.dropna(subset=["influence_geo"]).period.max()
    assert latest_scored < "2031"  # the bundled trade figures give scores for earlier years
    for path in ("/map", "/map?period=1999"):  # none given, or one the index does not have
        assert f"Leading partners, {latest_scored}" in client.get(path).text
