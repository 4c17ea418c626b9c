"""The REST API through the in-process client: every endpoint, filter and error case, and one
JSON error shape for every error."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from crossroads.demo import corpus_path
from crossroads.runner import ingest_paths
from crossroads.store import open_store
from crossroads.web.api import MAX_LIMIT, create_app

NAMES = [
    "demo-006.json",
    "demo-007.json",
    "demo-008.json",
    "demo-040.json",
    "demo-041.json",
    "demo-014.json",
    "demo-015.json",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name in NAMES:
        (folder / name).write_text((corpus_path() / name).read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path_factory.mktemp("store") / "api.duckdb"
    with open_store(path) as store:
        ingest_paths(store, [folder], max_bytes=10**7)
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def _is_error(response, status, code):
    body = response.json()
    assert response.status_code == status, body
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code and body["error"]["message"]


def test_root_and_summary(client):
    root = client.get("/api").json()
    assert "/api/events" in root["endpoints"] and root["writable"] is False
    summary = client.get("/api/summary").json()
    assert summary["articles"] == len(NAMES) and summary["events"] > 0


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/events",
        "/api/figures",
        "/api/claims",
        "/api/index",
        "/api/search",
        "/api/actors/{code}",
        "/api/export/{table}",
        "/api/ingest",
        "/api/sources",
    ):
        assert path in paths


def test_articles_pagination_and_detail(client):
    page = client.get("/api/articles", params={"limit": 3, "offset": 2}).json()
    assert page["total"] == len(NAMES) and len(page["items"]) == 3 and "text" not in page["items"][0]
    first = page["items"][0]["id"]
    detail = client.get(f"/api/articles/{first}").json()
    assert detail["text"] and {"events", "figures", "claims"} <= set(detail)
    assert client.get("/api/articles", params={"q": "Xi'an"}).json()["total"] >= 3


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "CHN"},
        {"actor": "CHN", "counterpart": "KAZ"},
        {"type": "CONSULT"},
        {"context": "diplomatic"},
        {"since": "2023-05", "until": "2023-12"},
        {"status": "occurred"},
        {"min_sources": 2},
        {"limit": 1},
    ],
)
def test_event_filters(client, params):
    page = client.get("/api/events", params=params).json()
    for item in page["items"]:
        if "actor" in params:
            assert params["actor"] in item["source_actors"] + item["target_actors"]
        if "counterpart" in params:
            assert params["counterpart"] in item["source_actors"] + item["target_actors"]
        if "type" in params:
            assert item["type"] == params["type"]
        if "min_sources" in params:
            assert item["sources"] >= params["min_sources"]
        if "since" in params:
            assert params["since"] <= item["date"] and item["date"][:7] <= params["until"]
    assert len(page["items"]) <= params.get("limit", 50)


def test_event_detail_links_to_evidence(client):
    top = client.get("/api/events", params={"min_sources": 2}).json()["items"][0]
    detail = client.get(f"/api/events/{top['id']}").json()
    assert len(detail["mentions"]) >= 2
    for m in detail["mentions"]:
        span = m["evidence_spans"][0]
        article = client.get(f"/api/articles/{m['article_id']}").json()
        assert article["text"][span["start"] : span["end"]] == span["text"]


def test_figures_conflicts_claims_actor_index_search(client):
    assert client.get("/api/figures", params={"actor": "KAZ"}).json()["total"] > 0
    conflicts = client.get("/api/figures", params={"conflicts": True, "actor": "KAZ"}).json()
    assert any({c["a"]["value"], c["b"]["value"]} == {41e9, 31.5e9} for c in conflicts["items"])
    assert client.get("/api/claims", params={"actor": "USA"}).json()["total"] > 0
    actor = client.get("/api/actors/kaz").json()
    assert actor["name"] == "Kazakhstan" and "Astana" in actor["aliases"]
    assert any(h["name"] == "Kassym-Jomart Tokayev" for h in actor["office_holders"])
    index = client.get("/api/index", params={"by": "year", "state": "KAZ"}).json()
    assert index["items"] and all(i["state"] == "KAZ" for i in index["items"])
    row = next(i for i in index["items"] if i["events"])
    explained = client.get(
        "/api/index/explain", params={"state": "KAZ", "power": row["power"], "period": row["period"]}
    ).json()
    assert explained["events"]
    hits = client.get("/api/search", params={"q": "Xi'an summit"}).json()
    assert hits["items"] and "Xi'an" in hits["items"][0]["snippet"] or hits["items"][0]["hits"] > 0


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export(client, fmt):
    response = client.get("/api/export/canonical_events", params={"format": fmt})
    assert response.status_code == 200
    if fmt == "parquet":
        frame = pd.read_parquet(io.BytesIO(response.content))
    elif fmt == "csv":
        frame = pd.read_csv(io.StringIO(response.text))
    else:
        frame = pd.DataFrame(json.loads(response.text))
    assert "event_type" in frame.columns and len(frame) > 0


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/api/nope", {}, 404, "not_found"),
        ("/api/articles/does-not-exist", {}, 404, "not_found"),
        ("/api/events/does-not-exist", {}, 404, "not_found"),
        ("/api/actors/XYZ", {}, 404, "not_found"),
        ("/api/export/secrets", {}, 404, "not_found"),
        ("/api/events", {"limit": MAX_LIMIT + 1}, 422, "invalid_parameter"),
        ("/api/events", {"since": "yesterday"}, 422, "invalid_parameter"),
        ("/api/events", {"status": "maybe"}, 422, "invalid_parameter"),
        ("/api/events", {"actor": "C; DROP"}, 422, "invalid_parameter"),
        ("/api/index", {"by": "decade"}, 422, "invalid_parameter"),
        ("/api/index/explain", {"state": "KAZ", "power": "CHN", "period": "1999"}, 404, "not_found"),
        ("/api/search", {"q": "x"}, 422, "invalid_parameter"),
        ("/api/export/events", {"format": "xlsx"}, 422, "invalid_parameter"),
    ],
)
def test_one_error_shape(client, path, params, status, code):
    _is_error(client.get(path, params=params), status, code)


def test_wrong_method_has_the_error_shape(client):
    _is_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_read_only_without_token(client):
    _is_error(client.post("/api/ingest", content=b"Kazakhstan and China signed a deal."), 403, "forbidden")


def test_writes_need_the_token(db, tmp_path):
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(db.read_bytes())
    with TestClient(create_app(copy, token="s3cret")) as c:
        _is_error(c.post("/api/ingest", content=b"text"), 401, "unauthorized")
        _is_error(
            c.post("/api/ingest", content=b"", headers={"Authorization": "Bearer s3cret"}), 400, "bad_request"
        )
        body = json.dumps(
            {
                "url": "https://e.org/new",
                "published": "2024-03-01",
                "text": "Chinese President Xi Jinping met Kazakh President Kassym-Jomart Tokayev "
                "in Astana on Friday. <script>alert(1)</script>",
            }
        )
        ok = c.post("/api/ingest", content=body.encode(), headers={"Authorization": "Bearer s3cret"}).json()
        assert ok["stored"] == 1
        again = c.post(
            "/api/ingest", content=body.encode(), headers={"Authorization": "Bearer s3cret"}
        ).json()
        assert again["duplicates"] == 1
        stored = c.get(f"/api/articles/{ok['article_ids'][0]}").json()
        assert "<script>" in stored["text"]  # stored verbatim; the dashboard escapes it when shown


def test_missing_store_is_a_503(tmp_path):
    with TestClient(create_app(tmp_path / "none.duckdb")) as c:
        _is_error(c.get("/api/events"), 503, "unavailable")


def test_serve_get_smoke(cli, db):
    result = cli("serve", "--get", "/api/events?min_sources=2", db=db)
    assert result.returncode == 0 and json.loads(result.stdout)["items"]
    missing = cli("serve", "--get", "/api/nope", db=db)
    assert missing.returncode == 1 and json.loads(missing.stdout)["error"]["code"] == "not_found"


def test_sources_with_their_health(tmp_path):
    db = tmp_path / "sources.duckdb"
    with open_store(db) as store:
        store.record_source_run("eurasianet", url="https://eurasianet.org/rss.xml", gained=3, ok=True)
        store.record_source_run(
            "gone", url="https://old.example/feed", gained=0, ok=False, error="<script>x</script>"
        )
    mine = tmp_path / "sources.toml"
    mine.write_text('[[source]]\nname = "mine"\nurl = "https://example.org/feed.xml"\nkind = "rss"\n')
    with TestClient(create_app(db, sources_path=mine)) as client:
        body = client.get("/api/sources").json()
        html = client.get("/sources").text
    items = {i["name"]: i for i in body["items"]}
    assert body["total"] == len(items) and "astana-times" in items
    assert items["eurasianet"]["articles_gained"] == 3 and items["eurasianet"]["last_success"]
    assert items["mine"]["configured"] and items["mine"]["runs"] is None and items["mine"]["interval"] == 3600
    assert items["gone"]["configured"] is False and items["gone"]["last_error"] == "<script>x</script>"
    assert "&lt;script&gt;x" in html and "<script>x" not in html and "eurasianet" in html


def test_a_broken_sources_file_has_the_error_shape(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[[source]\n")
    db = tmp_path / "b.duckdb"
    open_store(db).close()
    with TestClient(create_app(db, sources_path=broken)) as client:
        _is_error(client.get("/api/sources"), 500, "internal_error")
        assert "not valid TOML" in client.get("/sources").text
