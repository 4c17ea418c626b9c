"""Live collection: the polite fetcher (crossroads.ingest.fetch) on a fake transport, then
crossroads.collect and the fetch/watch/sources commands against a real news site served on
127.0.0.1 (tests/newssite.py)."""

from __future__ import annotations

import json
import socket
import time
from types import SimpleNamespace

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.cli import cli
from crossroads.collect import StoreRobotsCache, collect, due_sources, source_status, watch
from crossroads.errors import BlockedError, FetchError
from crossroads.ingest.fetch import USER_AGENT, Fetched, Fetcher, Policy, Validators
from crossroads.ingest.sources import Source
from crossroads.records import Extraction
from crossroads.store import open_store
from newssite import ARTICLES, NewsSite, page_html

FAST = Policy(
    timeout=0.5, retries=1, backoff=0.01, max_wait=0.05, min_interval=0.0, max_bytes=50_000, deadline=5
)


class Clock:
    """A fake clock: sleeping advances it, and every sleep is recorded."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


def _fetcher(handler, policy: Policy | None = None, clock: Clock | None = None, **kw) -> Fetcher:
    clock = clock or Clock()
    return Fetcher(
        policy or Policy(min_interval=0.0),
        transport=httpx.MockTransport(handler),
        sleep=clock.sleep,
        clock=clock,
        **kw,
    )


def _robots_ok(request: httpx.Request, extra: str = "") -> httpx.Response | None:
    if request.url.path == "/robots.txt":
        return httpx.Response(200, text=f"User-agent: *\nDisallow: /private/\n{extra}")
    return None


# -- the fetcher -----------------------------------------------------------------------------


def test_conditional_request_and_validators():
    seen = []

    def handler(request):
        seen.append(request)
        if robots := _robots_ok(request):
            return robots
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(
            200, text="<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024"}
        )

    with _fetcher(handler) as fetcher:
        first = fetcher.get("https://a.example/feed")
        again = fetcher.get("https://a.example/feed", first.validators)
    assert first.status == 200 and first.content == b"<rss/>"
    assert first.validators == Validators('"v1"', "Mon, 01 Jan 2024")
    assert again.not_modified and again.content == b""
    assert seen[-1].headers["if-modified-since"] == "Mon, 01 Jan 2024"
    assert all(r.headers["user-agent"] == USER_AGENT for r in seen)
    assert USER_AGENT.startswith("crossroads/") and "+http" in USER_AGENT


def test_transient_failures_are_retried_with_backoff_and_retry_after():
    answers = iter(
        [
            httpx.Response(503, headers={"Retry-After": "2"}),
            httpx.Response(500),
            httpx.Response(429),
            httpx.Response(200, text="ok"),
        ]
    )

    def handler(request):
        return _robots_ok(request) or next(answers)

    clock = Clock()
    policy = Policy(retries=3, backoff=1.0, max_wait=10.0, min_interval=0.0)
    with _fetcher(handler, policy, clock) as fetcher:
        assert fetcher.get("https://a.example/page").content == b"ok"
    assert clock.sleeps == [2.0, 2.0, 4.0]  # Retry-After 2, then backoff 1 * 2**1 and 1 * 2**2


def test_a_retry_after_beyond_the_cap_ends_the_attempts():
    calls = []

    def handler(request):
        calls.append(request.url.path)
        return _robots_ok(request) or httpx.Response(429, headers={"Retry-After": "3600"})

    clock = Clock()
    with _fetcher(handler, Policy(retries=3, max_wait=60.0, min_interval=0.0), clock) as fetcher:
        with pytest.raises(FetchError, match="asks to wait 3600s"):
            fetcher.get("https://a.example/busy")
    assert calls.count("/busy") == 1 and clock.sleeps == []


def test_connection_errors_and_timeouts_give_up_after_the_retries():
    calls = []

    def handler(request):
        calls.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        raise httpx.ConnectTimeout("slow", request=request)

    with _fetcher(handler, Policy(retries=2, backoff=0.5, min_interval=0.0)) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.get("https://a.example/page")
    assert calls.count("/page") == 3
    assert "timed out" in info.value.cause and "3 attempts" in info.value.cause
    assert info.value.url == "https://a.example/page"


def test_permanent_http_errors_are_not_retried():
    calls = []

    def handler(request):
        calls.append(request.url.path)
        return httpx.Response(404)

    with _fetcher(handler) as fetcher:
        with pytest.raises(FetchError, match="HTTP 404") as info:
            fetcher.get("https://a.example/gone")
    assert calls == ["/robots.txt", "/gone"] and info.value.status == 404


def test_requests_to_one_host_are_spaced():
    clock = Clock()
    with _fetcher(
        lambda r: httpx.Response(200, text="x"), Policy(min_interval=2.0, robots=False), clock
    ) as f:
        f.get("https://a.example/1")
        f.get("https://a.example/2")
        f.get("https://b.example/1")  # another host: no wait
        f.get("https://a.example/3")
    assert clock.sleeps == [2.0, 2.0]


def test_crawl_delay_widens_the_interval_within_the_cap():
    clock = Clock()
    handler = lambda r: _robots_ok(r, "Crawl-delay: 3\n") or httpx.Response(200)  # noqa: E731
    with _fetcher(handler, Policy(min_interval=1.0), clock) as fetcher:
        fetcher.get("https://a.example/1")
        fetcher.get("https://a.example/2")
    assert clock.sleeps == [3.0, 3.0]  # after robots.txt, then between the pages
    clock = Clock()
    handler = lambda r: _robots_ok(r, "Crawl-delay: 9999\n") or httpx.Response(200)  # noqa: E731
    with _fetcher(handler, Policy(min_interval=1.0, max_wait=5.0), clock) as fetcher:
        fetcher.get("https://a.example/1")
    assert clock.sleeps == [5.0]


def test_robots_txt_is_read_once_per_host_and_obeyed():
    calls = []

    def handler(request):
        calls.append(str(request.url))
        return _robots_ok(request) or httpx.Response(200, text="x")

    with _fetcher(handler) as fetcher:
        fetcher.get("https://a.example/1")
        with pytest.raises(BlockedError, match="robots.txt"):
            fetcher.get("https://a.example/private/2")
        fetcher.get("https://a.example/3")
    assert calls.count("https://a.example/robots.txt") == 1
    assert "https://a.example/private/2" not in calls


def test_a_redirect_into_a_disallowed_path_is_blocked():
    def handler(request):
        if robots := _robots_ok(request):
            return robots
        return httpx.Response(302, headers={"Location": "/private/x"})

    with _fetcher(handler) as fetcher, pytest.raises(BlockedError):
        fetcher.get("https://a.example/open")


def test_unreadable_robots_txt_blocks_the_host():
    calls = []

    def handler(request):
        calls.append(request.url.path)
        return httpx.Response(503)

    with _fetcher(handler, Policy(retries=1, backoff=0.0, min_interval=0.0)) as fetcher:
        for path in ("/1", "/2"):
            with pytest.raises(BlockedError, match="could not be read"):
                fetcher.get("https://a.example" + path)
    assert calls == ["/robots.txt", "/robots.txt"]  # one try and one retry, then remembered


def test_robots_cache_is_reused_then_refreshed_conditionally():
    calls = []

    def handler(request):
        calls.append((request.url.path, request.headers.get("if-none-match")))
        if request.url.path == "/robots.txt":
            if request.headers.get("if-none-match") == '"r"':
                return httpx.Response(304)
            return httpx.Response(200, text="User-agent: *\nDisallow: /no/\n", headers={"ETag": '"r"'})
        return httpx.Response(200, text="x")

    now = [0.0]
    cache = None
    for hours in (0, 1, 30):  # a new fetcher per run, sharing the cache
        now[0] = hours * 3600.0
        with _fetcher(handler, now=lambda: now[0], robots_cache=cache) as fetcher:
            cache = fetcher.robots_cache
            with pytest.raises(BlockedError):
                fetcher.get("https://a.example/no/1")
    robots = [c for c in calls if c[0] == "/robots.txt"]
    assert robots == [("/robots.txt", None), ("/robots.txt", '"r"')]  # fresh at 1h, refreshed at 30h


@pytest.mark.parametrize("announce", [True, False])
def test_size_limit_is_enforced_while_streaming(announce):
    body = b"x" * 5000

    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if announce:
            return httpx.Response(200, content=body)
        return httpx.Response(200, content=iter([body[:2000], body[2000:]]))  # no Content-Length

    with _fetcher(handler, Policy(max_bytes=1000, min_interval=0.0)) as fetcher:
        with pytest.raises(FetchError, match="too large"):
            fetcher.get("https://a.example/big")


def test_redirects_are_followed_up_to_a_cap():
    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/start":
            return httpx.Response(301, headers={"Location": "/end"})
        if request.url.path == "/end":
            return httpx.Response(200, text="here")
        return httpx.Response(302, headers={"Location": f"/loop{len(request.url.path)}"})

    with _fetcher(handler, Policy(max_redirects=3, min_interval=0.0)) as fetcher:
        done = fetcher.get("https://a.example/start")
        assert (done.url, done.final_url) == ("https://a.example/start", "https://a.example/end")
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher.get("https://a.example/loop")


def test_text_is_decoded_with_the_declared_charset():
    page = "<html><head><meta charset='windows-1251'></head><body><p>Астана</p></body></html>"

    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=page.encode("cp1251"), headers={"Content-Type": "text/html"})

    with _fetcher(handler) as fetcher:
        assert "Астана" in fetcher.get("https://a.example/ru").text()


@given(
    st.binary(max_size=300), st.sampled_from([None, "text/html; charset=koi8-r", "text/html; charset=nope"])
)
@settings(max_examples=150, deadline=None)
def test_decoding_any_body_gives_text(content, content_type):
    assert isinstance(Fetched("u", "u", 200, content, content_type).text(), str)


# -- collection against a loopback news site ----------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sources(site: NewsSite) -> list[Source]:
    return [
        Source(name="ln-rss", url=site.url("/rss.xml"), kind="rss"),
        Source(name="ln-atom", url=site.url("/atom.xml"), kind="atom"),
        Source(name="ln-sitemap", url=site.url("/sitemap_index.xml"), kind="sitemap"),
        Source(name="ln-gdelt", url=site.url("/gdelt.tsv"), kind="urls"),
        Source(name="ln-broken", url=site.url("/broken.xml"), kind="rss"),
        Source(name="ln-down", url=f"http://127.0.0.1:{_closed_port()}/feed.xml", kind="rss"),
    ]


def _run(db, sources):
    """One run as a new process would make it: a fresh fetcher over the same store file."""
    with open_store(db) as store, Fetcher(FAST, robots_cache=StoreRobotsCache(store)) as fetcher:
        report = collect(store, sources, fetcher=fetcher)
        health = {h["name"]: h for h in store.list_source_health()}
        articles = {a.url: a for a in store.iter_articles()}
    return report, health, articles


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Three runs: the first, a re-run against the unchanged site, a run after a new article."""
    site = NewsSite().start()
    db = tmp_path_factory.mktemp("collect") / "live.duckdb"
    sources = _sources(site)
    out = SimpleNamespace(site=site, db=db, hits=[])
    try:
        for number in (1, 2, 3):
            if number == 3:
                site.add_rss_item(
                    "/news/7.html",
                    "China opens consulate",
                    "2024-03-20",
                    "China opened a consulate in Almaty on 20 March 2024, the Kazakh foreign "
                    "ministry said, the second Chinese mission in Kazakhstan.",
                )
            start = len(site.hits)
            setattr(out, f"run{number}", _run(db, sources if number < 3 else sources[:1]))
            time.sleep(0.05)
            out.hits.append(site.hits[start:])
        yield out
    finally:
        site.stop()


def _by_name(report):
    return {s.name: s for s in report.sources}


def test_first_run_stores_every_article_once(runs):
    report, _, articles = runs.run1
    assert report.stored == len(ARTICLES)
    assert {runs.site.url(p) for p in ARTICLES if p.startswith("/news/")} <= set(articles)
    page_hits = [h for h in runs.hits[0] if h.path in ARTICLES and h.status == 200]
    assert sorted(h.path for h in page_hits) == sorted(ARTICLES)  # each page downloaded once
    assert all(h.user_agent == USER_AGENT for h in runs.hits[0])


def test_first_run_reports_failures_per_source_and_completes(runs):
    report, _, _ = runs.run1
    by = _by_name(report)
    assert len(report.sources) == 6 and report.exit_code == 1
    rss = by["ln-rss"]
    assert rss.stored == 4 and rss.error is None
    causes = dict(rss.failures)
    assert "timed out" in causes[runs.site.url("/slow.html")]
    assert "too large" in causes[runs.site.url("/big.html")]
    assert "HTTP 404" in causes[runs.site.url("/missing.html")]
    assert rss.blocked == [runs.site.url("/private/secret.html")]
    assert by["ln-atom"].known == 1 and by["ln-atom"].stored == 1  # /news/2 came with the RSS feed
    assert by["ln-sitemap"].stored == 1 and by["ln-gdelt"].stored == 1
    assert "malformed XML" in by["ln-broken"].error
    assert "robots.txt could not be read" in by["ln-down"].error


def test_misbehaving_endpoints_get_the_treatment_they_deserve(runs):
    hits = runs.hits[0]
    assert [h.status for h in hits if h.path == "/flaky.html"] == [500, 200]  # retried, recovered
    assert len([h for h in hits if h.path == "/slow.html"]) == 2  # one try and one retry
    assert [h.status for h in hits if h.path == "/old/3.html"] == [301]
    assert not [h for h in hits if h.path.startswith("/private/")]  # robots.txt obeyed
    assert [h.path for h in hits].count("/robots.txt") == 1


def test_article_metadata_comes_from_the_page_then_the_feed(runs):
    _, _, articles = runs.run1
    moved = articles[runs.site.url("/news/3.html")]  # listed as /old/3.html, stored where it lives
    assert moved.title == "Turkey and Turkmenistan discuss gas" and str(moved.published) == "2024-03-14"
    undated = articles[runs.site.url("/news/4.html")]  # no date on the page: the Atom entry's
    assert str(undated.published) == "2024-03-15" and undated.source == "Loopback News"
    assert "European Union pledged" in undated.text and "Home" not in undated.text


def test_rerun_against_the_unchanged_site_makes_only_conditional_requests(runs):
    report, _, articles = runs.run2
    hits = runs.hits[1]
    assert hits, "the re-run asked nothing"
    assert all(h.conditional and h.status == 304 for h in hits), hits
    assert report.stored == 0 and len(articles) == len(ARTICLES)
    by = _by_name(report)
    assert "malformed XML" in by["ln-broken"].error and "unchanged since" in by["ln-broken"].error


def test_a_changed_feed_downloads_only_the_new_article(runs):
    report, _, articles = runs.run3
    hits = runs.hits[2]
    assert report.stored == 1 and runs.site.url("/news/7.html") in articles
    assert [h.status for h in hits if h.path == "/rss.xml"] == [200]
    fetched_pages = {h.path for h in hits if h.path in ARTICLES or h.path.startswith("/old/")}
    assert fetched_pages == set()  # nothing already collected is fetched again
    assert [h.status for h in hits if h.path == "/news/7.html"] == [200]


def test_health_records_success_error_and_gains(runs):
    _, health, _ = runs.run3
    rss = health["ln-rss"]
    assert rss["runs"] == 3 and rss["articles_gained"] == 5 and rss["last_gained"] == 1
    assert rss["last_success"] == rss["last_run"] and "page(s) failed" in rss["last_error"]
    broken = health["ln-broken"]
    assert broken["runs"] == 2 and broken["last_success"] is None and "malformed XML" in broken["last_error"]
    assert health["ln-gdelt"]["last_error"] is None and health["ln-gdelt"]["articles_gained"] == 1


def test_source_status_joins_configuration_and_health(runs):
    with open_store(runs.db) as store:
        rows = source_status(store, [Source(name="ln-gdelt", url=runs.site.url("/gdelt.tsv"), kind="urls")])
    assert rows[0]["name"] == "ln-gdelt" and rows[0]["configured"] and rows[0]["articles_gained"] == 1
    others = {r["name"] for r in rows[1:]}
    assert "ln-rss" in others and all(not r["configured"] for r in rows[1:])


def test_max_articles_defers_the_rest_to_the_next_run(news_site, tmp_path):
    source = [Source(name="ln-atom", url=news_site.url("/atom.xml"), kind="atom")]
    db = tmp_path / "cap.duckdb"
    with open_store(db) as store, Fetcher(FAST) as fetcher:
        first = collect(store, source, fetcher=fetcher, max_articles=1)
        second = collect(store, source, fetcher=fetcher, max_articles=1)
        third = collect(store, source, fetcher=fetcher, max_articles=1)
    assert (first.stored, first.sources[0].deferred) == (1, 1)
    assert (second.stored, second.sources[0].deferred, second.sources[0].known) == (1, 0, 1)
    assert third.sources[0].unchanged == 1  # all seen: now the feed is asked "modified since?"


def test_a_failing_child_sitemap_is_read_again_next_run(store):
    calls = []
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>https://a.example/ok.xml</loc></sitemap>"
        "<sitemap><loc>https://a.example/bad.xml</loc></sitemap></sitemapindex>"
    )
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/p1</loc></url></urlset>'

    def handler(request):
        path, etag = request.url.path, request.headers.get("if-none-match")
        calls.append((path, etag))
        if path == "/index.xml" or path == "/ok.xml":
            tag = f'"{path}"'
            if etag == tag:
                return httpx.Response(304)
            return httpx.Response(200, text=index if path == "/index.xml" else urlset, headers={"ETag": tag})
        if path == "/p1":
            return httpx.Response(200, text=page_html(*ARTICLES["/news/1.html"]), headers={"ETag": '"p1"'})
        return httpx.Response(503 if path == "/bad.xml" else 404)

    source = [Source(name="s", url="https://a.example/index.xml", kind="sitemap")]
    quick = lambda article: Extraction(article=article, extractor_version="test")  # noqa: E731
    with Fetcher(Policy(retries=0, min_interval=0.0), transport=httpx.MockTransport(handler)) as fetcher:
        first = collect(store, source, fetcher=fetcher, extract=quick)
        second = collect(store, source, fetcher=fetcher, extract=quick)
    assert first.stored == 1 and [u for u, _ in first.sources[0].failures] == ["https://a.example/bad.xml"]
    assert [e for p, e in calls if p == "/index.xml"] == [None, None]  # incomplete: asked again in full
    assert [e for p, e in calls if p == "/ok.xml"] == [None, None]
    assert [p for p, _ in calls].count("/p1") == 1 and second.sources[0].known == 1


# -- schedule and commands ---------------------------------------------------------------------


def test_due_sources_follow_each_interval(store):
    import datetime as dt

    hourly = Source(name="h", url="https://a.example/f", interval=3600)
    daily = Source(name="d", url="https://a.example/g", interval=86400)
    off = Source(name="o", url="https://a.example/h", enabled=False)
    assert due_sources(store, [hourly, daily, off]) == [hourly, daily]
    then = dt.datetime(2024, 1, 1, 12, 0)
    for s in (hourly, daily):
        store.record_source_run(s.name, url=s.url, gained=0, ok=True, at=then)
    assert due_sources(store, [hourly, daily], now=then + dt.timedelta(minutes=30)) == []
    assert due_sources(store, [hourly, daily], now=then + dt.timedelta(hours=2)) == [hourly]


def test_watch_keeps_going_through_errors():
    calls, errors, sleeps = [], [], []

    def once():
        calls.append(len(calls))
        if len(calls) == 2:
            raise RuntimeError("the network fell over")

    failed = watch(once, every=60, times=3, sleep=sleeps.append, on_error=errors.append)
    assert len(calls) == 3 and failed == 1 and sleeps == [60, 60]
    assert [str(e) for e in errors] == ["the network fell over"]


def _write_sources(tmp_path, site: NewsSite) -> str:
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[[source]]\nname = "ln-gdelt"\nurl = "{site.url("/gdelt.tsv")}"\nkind = "urls"\ninterval = "1h"\n'
        f'[[source]]\nname = "ln-broken"\nurl = "{site.url("/broken.xml")}"\nkind = "rss"\n'
    )
    return str(path)


def test_fetch_watch_and_sources_commands(news_site, tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "cli.duckdb")
    sources = _write_sources(tmp_path, news_site)
    fast = ["--delay", "0", "--timeout", "2"]

    result = runner.invoke(cli, ["--db", db, "fetch", "--sources", sources, "--source", "ln-gdelt", *fast])
    assert result.exit_code == 0, result.output
    assert "ln-gdelt: stored 1" in result.output

    before = len(news_site.hits)  # the same command again: the unchanged list answers 304
    result = runner.invoke(cli, ["--db", db, "fetch", "--sources", sources, "--source", "ln-gdelt", *fast])
    again = news_site.hits[before:]
    assert result.exit_code == 0 and "ln-gdelt: stored 0, already collected 0, unchanged 1" in result.output
    assert [(h.path, h.status, h.conditional) for h in again] == [("/gdelt.tsv", 304, True)]

    page = news_site.url("/news/1.html")
    result = runner.invoke(cli, ["--db", db, "fetch", *fast, "--format", "json", page, page])
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["stored"] == 1 and data["sources"][1]["known"] == 1

    result = runner.invoke(cli, ["--db", db, "fetch", "--sources", sources, "--source", "ln-broken", *fast])
    assert result.exit_code == 2 and "malformed XML" in result.output

    result = runner.invoke(cli, ["--db", db, "sources", "--sources", sources, "--format", "json"])
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["ln-gdelt"]["articles_gained"] == 1 and rows["ln-gdelt"]["last_success"]
    assert "malformed XML" in rows["ln-broken"]["last_error"] and rows["ln-broken"]["last_success"] is None
    assert rows["127.0.0.1:" + news_site.url("").rsplit(":", 1)[1]]["configured"] is False
    assert "astana-times" in rows  # the shipped sources are listed too

    text = runner.invoke(cli, ["--db", db, "sources", "--sources", sources]).output
    assert "ln-broken" in text and "last error" in text and "never" in text

    before = len(news_site.hits)
    names = ["--source", "ln-gdelt", "--source", "ln-broken"]
    result = runner.invoke(
        cli, ["--db", db, "watch", "--every", "0.01s", "--times", "2", "--sources", sources, *names, *fast]
    )
    assert result.exit_code == 0, result.output
    assert "no source is due" in result.output  # both ran within their interval
    assert len(news_site.hits) == before


def test_fetch_refuses_bad_arguments(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "x.duckdb")
    result = runner.invoke(cli, ["--db", db, "fetch", "ftp://a.example/x"])
    assert result.exit_code == 2 and "http or https" in result.output
    result = runner.invoke(cli, ["--db", db, "fetch", "--source", "no-such-outlet"])
    assert result.exit_code == 1 and "crossroads sources" in result.output
    result = runner.invoke(cli, ["--db", db, "watch", "--every", "soon", "--times", "1"])
    assert result.exit_code == 2 and "duration" in result.output
