"""Dashboard pages through the in-process client: the timeline's filters. (Every page is also
loaded in a real browser by test_browser.py.)"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from crossroads.store import open_store
from crossroads.web.api import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory, canonical):
    path = tmp_path_factory.mktemp("pages") / "p.duckdb"
    rows = [
        canonical("c1", "CHN", "KAZ", date="2023-02-01", contexts=["energy"], sources=3),
        canonical("c2", "CHN", "KAZ", date="2023-09-01", type="CONSULT"),
        canonical("c3", "CHN", "UZB", date="2023-03-01", status="planned"),
        canonical("c4", "RUS", "KAZ", date="2024-01-10", contexts=["security"]),
        canonical("c5", "USA", "TKM", date="2022-11-11", sources=2),
    ]
    with open_store(path) as store:
        store.bulk_insert("canonical_events", pd.DataFrame(rows))
    with TestClient(create_app(path)) as c:
        yield c


def _ids(html: str) -> set[str]:
    return set(re.findall(r"/event/(c\d)", html))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"c1", "c2", "c3", "c4", "c5"}),
        ("power=CHN", {"c1", "c2", "c3"}),
        ("power=CHN&state=KAZ", {"c1", "c2"}),
        ("state=KAZ", {"c1", "c2", "c4"}),
        ("power=CHN&type=CONSULT", {"c2"}),
        ("context=energy", {"c1"}),
        ("status=planned", {"c3"}),
        ("since=2023-03&until=2023-12", {"c2", "c3"}),
        ("min_sources=2", {"c1", "c5"}),
        ("actor=TKM", {"c5"}),
    ],
)
def test_timeline_filters(client, query, expected):
    html = client.get(f"/timeline?{query}").text
    assert _ids(html) == expected
    assert f"{len(expected)} events" in html


def test_timeline_form_keeps_the_choices_and_links_the_same_query_in_the_api(client):
    html = client.get("/timeline?power=CHN&state=KAZ&type=CONSULT").text
    assert "<option value='CHN' selected>" in html and "<option value='KAZ' selected>" in html
    assert "<option value='CONSULT' selected>" in html
    api = re.search(r"href='(/api/events\?[^']+)'", html).group(1).replace("&amp;", "&")
    assert {e["id"] for e in client.get(api).json()["items"]} == {"c2"}


def test_timeline_with_three_codes_says_so(client):
    html = client.get("/timeline?power=CHN&state=KAZ&actor=RUS").text
    assert "at most two" in html and not _ids(html)
