"""The response cache (web/cache.py) and the server's per-thread cursors: repeated reads are
answered from memory, writes through the server make every later read fresh, errors and large
answers are never kept, and concurrent reads each get a right answer."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from crossroads.demo import corpus_path
from crossroads.runner import ingest_paths
from crossroads.store import open_store
from crossroads.web.api import create_app
from crossroads.web.cache import ResponseCache

TOKEN = "s3cret"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("demo-006.json", "demo-014.json", "demo-040.json"):
        (folder / name).write_text((corpus_path() / name).read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path_factory.mktemp("store") / "cache.duckdb"
    with open_store(path) as store:
        ingest_paths(store, [folder], max_bytes=10**7)
    return path


def test_a_repeated_read_is_a_hit_with_the_same_answer(db):
    app = create_app(db)
    with TestClient(app) as c:
        first = c.get("/api/events?actor=KAZ&limit=5")
        second = c.get("/api/events?actor=KAZ&limit=5")
        other = c.get("/api/events?actor=KAZ&limit=6")
    assert first.headers["x-cache"] == "miss" and second.headers["x-cache"] == "hit"
    assert other.headers["x-cache"] == "miss"  # the query string is part of the key
    assert second.json() == first.json() and second.headers["content-type"] == first.headers["content-type"]
    assert app.state.cache.hits == 1 and app.state.cache.entries == 2


def test_errors_are_not_kept(db):
    app = create_app(db)
    with TestClient(app) as c:
        for _ in range(2):
            response = c.get("/api/events/nope")
            assert response.status_code == 404 and response.headers["x-cache"] == "miss"
    assert app.state.cache.entries == 0


def test_the_cache_can_be_turned_off(db):
    with TestClient(create_app(db, cache=False)) as c:
        c.get("/api/summary")
        assert "x-cache" not in c.get("/api/summary").headers


def test_a_write_through_the_server_makes_reads_fresh(db, tmp_path):
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(db.read_bytes())
    auth = {"Authorization": f"Bearer {TOKEN}"}
    app = create_app(copy, token=TOKEN)
    with TestClient(app) as c:
        before = c.get("/api/summary").json()
        events_before = c.get("/api/events?actor=CHN").json()["total"]
        overview_before = c.get("/").text
        assert c.get("/api/summary").headers["x-cache"] == "hit"
        refused = c.post("/api/ingest", content=b"text")  # a failed write changes nothing
        assert refused.status_code == 401 and c.get("/api/summary").headers["x-cache"] == "hit"
        body = json.dumps(
            {
                "url": "https://e.org/cache-test",
                "published": "2024-03-01",
                "text": "Chinese President Xi Jinping met Kazakh President Kassym-Jomart Tokayev in Astana "
                "on Friday. The two leaders signed an agreement on a new railway line.",
            }
        )
        assert c.post("/api/ingest", content=body.encode(), headers=auth).json()["stored"] == 1
        after = c.get("/api/summary")
        assert after.headers["x-cache"] == "miss"
        assert after.json()["articles"] == before["articles"] + 1
        assert after.json()["events"] > before["events"]
        assert c.get("/").text != overview_before  # the remembered index was dropped too
        assert c.get("/api/events?actor=CHN").json()["total"] > events_before  # and the events in memory


def test_concurrent_reads_on_per_thread_cursors(db):
    with TestClient(create_app(db, cache=False)) as c:
        expected = {
            code: c.get(f"/api/events?actor={code}&limit=200").json() for code in ("KAZ", "CHN", "RUS")
        }

        def fetch(i: int) -> bool:
            code = ("KAZ", "CHN", "RUS")[i % 3]
            response = c.get(f"/api/events?actor={code}&limit=200")
            return response.status_code == 200 and response.json() == expected[code]

        with ThreadPoolExecutor(max_workers=8) as pool:
            assert all(pool.map(fetch, range(48)))


def _tiny_app(size: int) -> FastAPI:
    app = FastAPI()

    @app.get("/text/{n}")
    def text(n: int) -> PlainTextResponse:
        return PlainTextResponse("x" * size + str(n))

    return app


def test_large_answers_are_not_kept_and_entries_are_bounded():
    big = ResponseCache(_tiny_app(5000), max_entry_bytes=1000)
    with TestClient(big) as c:
        for _ in range(2):
            assert c.get("/text/1").headers["x-cache"] == "miss"
    assert big.stats.entries == 0

    small = ResponseCache(_tiny_app(10), max_entries=2)
    with TestClient(small) as c:
        for n in (1, 2, 3):
            c.get(f"/text/{n}")
        assert c.get("/text/3").headers["x-cache"] == "hit"
        assert c.get("/text/1").headers["x-cache"] == "miss"  # the least recently used went first
    assert small.stats.entries == 2 and small.stats.bytes == 2 * 11
