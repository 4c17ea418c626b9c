"""Listings (crossroads.ingest.feeds) and the sources file (crossroads.ingest.sources)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.errors import ConfigError, FeedError
from crossroads.ingest.feeds import parse_feed_date, parse_listing, sniff
from crossroads.ingest.sources import load_sources, parse_duration, select_sources

BASE = "https://news.example/feeds/main.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
<atom:link href="https://news.example/feeds/main.xml" rel="self"/>
<item><title>First</title><link>https://news.example/a/1</link>
  <pubDate>Tue, 12 Mar 2024 23:30:00 +0600</pubDate></item>
<item><title>Relative</title><link>/a/2</link></item>
<item><title>By guid</title><guid>https://news.example/a/3</guid></item>
<item><title>Guid not a link</title><guid isPermaLink="false">tag-77</guid></item>
<item><title>Twice</title><link>https://news.example/a/1</link></item>
<item><title>Mail</title><link>mailto:editor@news.example</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>One</title><link rel="self" href="https://news.example/api/1"/>
  <link rel="alternate" href="https://news.example/b/1"/><published>2024-02-01T10:00:00Z</published>
  <updated>2024-02-03T10:00:00Z</updated></entry>
<entry><title>Two</title><link href="b/2"/><updated>2024-02-02</updated></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>T</title><link>https://news.example/</link></channel>
<item><title>R</title><link>https://news.example/r/1</link><dc:date>2023-12-31T23:00:00+05:00</dc:date></item>
</rdf:RDF>"""

SITEMAP_INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
<sitemap><loc>https://news.example/sitemap-2.xml</loc><lastmod>2024-03-01T00:00:00+00:00</lastmod></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/n/1</loc><lastmod>2024-03-09</lastmod><news:news>
 <news:publication><news:name>N</news:name><news:language>en</news:language></news:publication>
 <news:publication_date>2024-03-08T12:00:00+05:00</news:publication_date><news:title>Talks</news:title>
</news:news></url>
<url><loc>https://news.example/n/2</loc><lastmod>2024-03-07</lastmod></url>
</urlset>"""


def test_rss_entries_resolve_links_and_dates():
    listing = parse_listing(RSS, url=BASE)
    assert listing.kind == "rss"
    assert [e.url for e in listing.entries] == [
        "https://news.example/a/1",
        "https://news.example/a/2",
        "https://news.example/a/3",
    ]
    first = listing.entries[0]
    assert first.title == "First" and first.published == dt.date(2024, 3, 12)


def test_atom_takes_the_alternate_link_and_published_date():
    listing = parse_listing(ATOM, url=BASE)
    assert listing.kind == "atom"
    assert [(e.url, e.published) for e in listing.entries] == [
        ("https://news.example/b/1", dt.date(2024, 2, 1)),
        ("https://news.example/feeds/b/2", dt.date(2024, 2, 2)),
    ]


def test_rss_1_0_rdf():
    (entry,) = parse_listing(RDF, url=BASE).entries
    assert entry.url == "https://news.example/r/1" and entry.published == dt.date(2023, 12, 31)


def test_sitemap_index_lists_child_sitemaps():
    listing = parse_listing(SITEMAP_INDEX, url=BASE)
    assert listing.kind == "sitemapindex" and not listing.entries
    assert [(s.url, s.published) for s in listing.sitemaps] == [
        ("https://news.example/sitemap-1.xml", dt.date(2024, 1, 1)),
        ("https://news.example/sitemap-2.xml", dt.date(2024, 3, 1)),
    ]


def test_news_sitemap_prefers_the_publication_date_and_title():
    first, second = parse_listing(NEWS_SITEMAP, url=BASE).entries
    assert (first.url, first.title, first.published) == (
        "https://news.example/n/1",
        "Talks",
        dt.date(2024, 3, 8),
    )
    assert (second.title, second.published) == (None, dt.date(2024, 3, 7))


@pytest.mark.parametrize(
    "text, urls, dates",
    [
        (
            "https://a.example/1\n\n# note\nhttps://a.example/2\n",
            ["https://a.example/1", "https://a.example/2"],
            [None, None],
        ),
        # GDELT events export: SQLDATE first, DATEADDED late, SOURCEURL last
        (
            "1130\t20240301\tKAZ\tCHN\t20240302101500\thttps://a.example/x\n",
            ["https://a.example/x"],
            [dt.date(2024, 3, 2)],
        ),
        # GDELT DOC API CSV: header line, then URL,MobileURL,Date,Title
        (
            'URL,MobileURL,Date,Title\nhttps://a.example/y,,20240305T080000Z,"Talks, again"\n',
            ["https://a.example/y"],
            [dt.date(2024, 3, 5)],
        ),
    ],
)
def test_url_lists(text, urls, dates):
    listing = parse_listing(text.encode(), url=BASE, kind="urls")
    assert [e.url for e in listing.entries] == urls
    assert [e.published for e in listing.entries] == dates


@pytest.mark.parametrize(
    "data, cause",
    [
        (b"<rss><channel><item><link>x</channel></rss>", "malformed XML"),
        (b"", "malformed XML"),
        (b"<html><body><p>Hello</p></body></html>", "an HTML page"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "root element is <svg>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b"<rss><channel><item><title>&lol2;</title></item></channel></rss>",
            "declares entities",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
            "declares entities",
        ),
    ],
)
def test_bad_listings_raise_feed_errors_naming_the_url(data, cause):
    with pytest.raises(FeedError) as info:
        parse_listing(data, url=BASE, kind="rss")
    assert cause in info.value.cause and info.value.source == BASE


def test_a_url_list_without_urls_is_an_error():
    with pytest.raises(FeedError, match="no http"):
        parse_listing(b"nothing here\n", url=BASE, kind="urls")


@given(st.binary(max_size=600), st.sampled_from(["auto", "rss", "urls", "sitemap"]))
@settings(max_examples=300, deadline=None)
def test_arbitrary_bytes_only_raise_feed_errors(data, kind):
    try:
        listing = parse_listing(data, url=BASE, kind=kind)
    except FeedError:
        return
    assert all(e.url.startswith(("http://", "https://")) for e in listing.entries)


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_arbitrary_xml_text_only_raises_feed_errors(text):
    try:
        parse_listing(f"<rss><channel><item><link>{text}</link></item></channel></rss>".encode(), url=BASE)
    except FeedError:
        pass


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Tue, 12 Mar 2024 09:00:00 +0000", dt.date(2024, 3, 12)),
        ("2024-03-12T09:00:00Z", dt.date(2024, 3, 12)),
        ("2024-03-12", dt.date(2024, 3, 12)),
        ("2024-13-45", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_feed_dates(raw, expected):
    assert parse_feed_date(raw) == expected


@pytest.mark.parametrize(
    "data, content_type, kind",
    [
        (RSS, "text/html", "xml"),
        (b"<!doctype html><html><p>x</p></html>", None, "page"),
        (b"<div>fragment</div>", "text/html; charset=utf-8", "page"),
        (b"https://a.example/1\n", "text/plain", "urls"),
    ],
)
def test_sniff(data, content_type, kind):
    assert sniff(data, content_type) == kind


# -- the sources file ------------------------------------------------------------------------

OUTLETS = [
    "astana-times",
    "kun-uz",
    "gazeta-uz",
    "daryo",
    "24-kg",
    "akipress",
    "asia-plus",
    "trend",
    "newscentralasia",
    "times-of-central-asia",
    "eurasianet",
    "rferl",
    "the-diplomat",
]


def test_shipped_sources_cover_the_outlets_of_the_issue():
    sources = {s.name: s for s in load_sources()}
    assert set(OUTLETS) <= set(sources)
    assert any(name.startswith(("president-", "akorda")) for name in sources)
    assert any(name.startswith("mfa-") for name in sources)
    assert all(s.url.startswith(("http://", "https://")) and s.interval >= 1800 for s in sources.values())


def test_a_user_file_replaces_by_name_and_adds(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nname = "eurasianet"\nurl = "https://example.org/ea.xml"\nkind = "rss"\n'
        'interval = "30m"\n'
        '[[source]]\nname = "mine"\nurl = "https://example.org/list.txt"\nkind = "urls"\nenabled = false\n'
    )
    sources = {s.name: s for s in load_sources(path)}
    assert (
        sources["eurasianet"].url == "https://example.org/ea.xml" and sources["eurasianet"].interval == 1800
    )
    assert sources["mine"].kind == "urls" and not sources["mine"].enabled
    assert "mine" not in {s.name for s in select_sources(list(sources.values()), [])}
    assert [s.name for s in select_sources(list(sources.values()), ["mine"])] == ["mine"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[source]\n", "not valid TOML"),
        ('[[source]]\nname = "x"\nurl = "ftp://a/b"\n', "http or https"),
        ('[[source]]\nname = "x y"\nurl = "https://a/b"\n', "name"),
        ('[[source]]\nname = "x"\nurl = "https://a/b"\nkind = "podcast"\n', "kind"),
        ('[[source]]\nname = "x"\nurl = "https://a/b"\ninterval = "soon"\n', "duration"),
        ('[[source]]\nname = "x"\nurl = "https://a/b"\ncolour = "red"\n', "unknown field"),
        (
            '[[source]]\nname = "x"\nurl = "https://a/b"\n[[source]]\nname = "x"\nurl = "https://a/c"\n',
            "twice",
        ),
    ],
)
def test_bad_sources_files_name_the_problem(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_sources(path)
    assert str(path) in str(info.value)


def test_unknown_source_names_are_refused():
    with pytest.raises(ConfigError, match="crossroads sources"):
        select_sources(load_sources(), ["no-such-outlet"])


@pytest.mark.parametrize(
    "raw, seconds", [("30m", 1800), ("1h", 3600), ("1d", 86400), ("90", 90), ("0.5s", 0.5)]
)
def test_durations(raw, seconds):
    assert parse_duration(raw) == seconds


@pytest.mark.parametrize("raw", ["0", "-1h", "1w", "hourly", ""])
def test_bad_durations(raw):
    with pytest.raises(ConfigError):
        parse_duration(raw)
