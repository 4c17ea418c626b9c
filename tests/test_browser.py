"""The dashboard in a real browser (headless Debian Chromium, driven by Playwright): every page
loads without console errors, a reader can click from the overview to a state, an event and its
highlighted evidence, and article text holding a script tag is shown, not run. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from crossroads.demo import corpus_path
from crossroads.ingest import make_article
from crossroads.records import Extraction
from crossroads.runner import ingest_paths
from crossroads.store import open_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NAMES = [
    "demo-006.json",
    "demo-007.json",
    "demo-008.json",
    "demo-014.json",
    "demo-015.json",
    "demo-040.json",
    "demo-041.json",
    "demo-012.json",
]
XSS = "Kazakhstan and China held talks. <script>window.__xss = 1</script><img src=x onerror='window.__xss=2'>"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from crossroads.web.api import create_app

    folder = tmp_path_factory.mktemp("corpus")
    for name in NAMES:
        (folder / name).write_text((corpus_path() / name).read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path_factory.mktemp("store") / "web.duckdb"
    with open_store(db) as store:
        ingest_paths(store, [folder], max_bytes=10**7)
        article = make_article(XSS, origin="xss", url="https://e.org/xss", published=dt.date(2024, 1, 1))
        store.save_extraction(Extraction(article=article, extractor_version="t"))
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", article.id
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _open(browser, url):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    return page, response, errors


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/state/KAZ",
        "/state/TKM",
        "/power/CHN",
        "/timeline",
        "/timeline?actor=CHN",
        "/network",
        "/map",
        "/figures",
        "/sources",
        "/docs",
    ],
)
def test_every_page_loads_without_console_errors(server, browser, path):
    base, _ = server
    page, response, errors = _open(browser, base + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"page{path.replace('/', '_').replace('?', '_') or '_'}.png"), full_page=True
    )
    assert errors == [], errors
    page.close()


def test_click_from_overview_to_highlighted_evidence(server, browser):
    base, _ = server
    page, _, errors = _open(browser, base + "/")
    page.click("a.state-link >> text=Kazakhstan")
    assert "/state/KAZ" in page.url
    page.click("a.event-link >> nth=0")
    assert "/event/" in page.url
    page.click("a.evidence-link >> nth=0")
    mark = page.locator("mark#evidence")
    assert mark.is_visible() and len(mark.inner_text()) > 20
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "evidence.png"), full_page=True)
    assert errors == []


def test_script_in_article_text_does_not_run(server, browser):
    base, article_id = server
    page, response, errors = _open(browser, f"{base}/article/{article_id}")
    assert response.status == 200
    assert page.evaluate("window.__xss") is None
    assert "<script>window.__xss = 1</script>" in page.locator("pre.article").inner_text()
    api = json.loads(page.evaluate(f"fetch('/api/articles/{article_id}').then(r => r.text())"))
    assert "<script>" in api["text"]


def test_timeline_filters_and_map_links(server, browser):
    base, _ = server
    page, _, errors = _open(browser, base + "/timeline")
    page.select_option("select[name=power]", "CHN")
    page.select_option("select[name=state]", "KAZ")
    page.click("form.filters button")
    page.wait_for_load_state()
    assert "power=CHN" in page.url and "state=KAZ" in page.url
    assert page.locator("a.event-link").count() > 0
    page.goto(base + "/map")
    page.click("path.state-area[data-code=UZB]")
    page.wait_for_load_state()
    assert page.url.endswith("/state/UZB")
    assert errors == []
