"""A news site on 127.0.0.1 for the collection tests: feeds, sitemaps, a URL list and article
pages, plus endpoints that misbehave (slow, failing then recovering, redirecting, oversized,
malformed, missing, disallowed by robots.txt). Every request is logged with its conditional
headers and the status it got. Static resources carry an ETag and a Last-Modified date and answer
conditional requests with 304."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Mon, 15 Jan 2024 08:00:00 GMT"
SLOW_SECONDS = 1.5
BIG_BYTES = 300_000

ARTICLES = {
    "/news/1.html": (
        "China and Kazakhstan sign railway deal",
        "2024-03-12",
        "Kazakhstan and China signed an agreement on a new railway corridor in Astana on 12 March "
        "2024. The two governments said the line would carry freight from Xinjiang to the Caspian.",
    ),
    "/news/2.html": (
        "Uzbekistan hosts Russian delegation",
        "2024-03-13",
        "Uzbekistan's foreign minister met a Russian delegation in Tashkent on 13 March 2024 to "
        "discuss energy supplies and labour migration between the two countries.",
    ),
    "/news/3.html": (
        "Turkey and Turkmenistan discuss gas",
        "2024-03-14",
        "Turkmenistan and Turkey held consultations on natural gas exports in Ashgabat on 14 March "
        "2024, the Turkmen foreign ministry said in a statement.",
    ),
    "/news/4.html": (
        "EU pledges aid to Kyrgyzstan",
        None,  # no date on the page: the feed's date is used
        "The European Union pledged new aid to Kyrgyzstan for water management projects, the "
        "European Commission said in Bishkek, adding that the money would reach farmers first.",
    ),
    "/news/5.html": (
        "Tajikistan and Iran meet",
        "2024-03-16",
        "Tajikistan and Iran held talks on border trade in Dushanbe on 16 March 2024; both sides "
        "agreed to open a second crossing for trucks before the end of the year.",
    ),
    "/news/6.html": (
        "India courts Central Asia",
        "2024-03-17",
        "India hosted the foreign ministers of the five Central Asian states in New Delhi on 17 "
        "March 2024 and offered credit lines for infrastructure and digital projects.",
    ),
    "/flaky.html": (
        "Japan and Uzbekistan sign loan",
        "2024-03-18",
        "Japan and Uzbekistan signed a loan agreement for a power plant in Tashkent on 18 March "
        "2024, the Japanese embassy announced after the ceremony.",
    ),
}


def page_html(title: str, date: str | None, text: str) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    filler = (
        "Analysts in the region said the decision followed months of talks between officials, "
        "and that further meetings were planned for the coming weeks. "
    )
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}"
        f'<meta property="og:site_name" content="Loopback News"></head><body>'
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1><p>{text}</p><p>{filler * 2}</p>"
        f"<p>{filler}</p></article><footer>Loopback News 2024</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>" for link, t, d in items
    )
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
    return f"{head}<channel><title>LN</title>{body}</channel></rss>"


@dataclass
class Hit:
    path: str
    status: int | None  # None until answered
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None

    @property
    def conditional(self) -> bool:
        return bool(self.if_none_match or self.if_modified_since)


class NewsSite:
    """Serves the resources in ``self.files`` and the misbehaving endpoints; see the module doc."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.flaky_failures = 1
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.site = self  # type: ignore[attr-defined]
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.files: dict[str, tuple[str, str]] = {}
        self._build()

    def url(self, path: str) -> str:
        return self.base + path

    def _build(self) -> None:
        for path, (title, date, text) in ARTICLES.items():
            self.files[path] = ("text/html; charset=utf-8", page_html(title, date, text))
        self.files["/robots.txt"] = ("text/plain", "User-agent: *\nDisallow: /private/\n")
        self.files["/private/secret.html"] = self.files["/news/1.html"]
        self.files["/rss.xml"] = ("application/rss+xml", rss(self.rss_items()))
        self.files["/atom.xml"] = ("application/atom+xml", self._atom())
        self.files["/sitemap_index.xml"] = (
            "application/xml",
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.url('/sitemap-news.xml')}</loc><lastmod>2024-03-16</lastmod></sitemap>"
            "</sitemapindex>",
        )
        self.files["/sitemap-news.xml"] = (
            "application/xml",
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"<url><loc>{self.url('/news/5.html')}</loc><news:news><news:publication_date>2024-03-16"
            "</news:publication_date><news:title>Tajikistan and Iran meet</news:title></news:news></url>"
            "</urlset>",
        )
        self.files["/gdelt.tsv"] = (
            "text/plain",
            f"20240317\tIND\tKAZ\t20240317101500\t{self.url('/news/6.html')}\n"
            f"# a comment\nnot a url at all\n",
        )
        self.files["/broken.xml"] = ("application/rss+xml", "<rss><channel><item><link>oops</channel></rss>")

    def rss_items(self) -> list[tuple[str, str, str]]:
        d = "Tue, 12 Mar 2024 09:00:00 +0000"
        return [
            (self.url("/news/1.html"), "China and Kazakhstan sign railway deal", d),
            (self.url("/news/2.html"), "Uzbekistan hosts Russian delegation", d),
            (self.url("/old/3.html"), "Turkey and Turkmenistan discuss gas", d),
            (self.url("/flaky.html"), "Japan and Uzbekistan sign loan", d),
            (self.url("/slow.html"), "Slow page", d),
            (self.url("/big.html"), "Big page", d),
            (self.url("/missing.html"), "Gone", d),
            (self.url("/private/secret.html"), "Private", d),
        ]

    def add_rss_item(self, path: str, title: str, date: str, text: str) -> None:
        """Publish a new article and list it first in the RSS feed (which changes its ETag)."""
        self.files[path] = ("text/html; charset=utf-8", page_html(title, date, text))
        items = [(self.url(path), title, "Wed, 20 Mar 2024 09:00:00 +0000"), *self.rss_items()]
        self.files["/rss.xml"] = ("application/rss+xml", rss(items))

    def _atom(self) -> str:
        entries = "".join(
            f"<entry><title>{t}</title><link rel='alternate' href='{p}'/><updated>{d}</updated></entry>"
            for p, t, d in [
                ("/news/2.html", "Uzbekistan hosts Russian delegation", "2024-03-13T10:00:00Z"),
                ("/news/4.html", "EU pledges aid to Kyrgyzstan", "2024-03-15T10:00:00Z"),
            ]
        )
        return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>LN</title>{entries}</feed>'

    def hits_of(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def start(self) -> NewsSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass

    @property
    def site(self) -> NewsSite:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        path = self.path.split("?")[0]
        hit = Hit(
            path,
            None,
            self.headers.get("If-None-Match"),
            self.headers.get("If-Modified-Since"),
            self.headers.get("User-Agent"),
        )
        with self.site.lock:
            self.site.hits.append(hit)  # logged on arrival: a slow answer still counts in its run
        hit.status = self._respond(path)

    def _respond(self, path: str) -> int:
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            return self._send(200, "text/html", page_html("Slow", None, "Too late."))
        if path == "/flaky.html":
            with self.site.lock:
                failing = self.site.flaky_failures > 0
                self.site.flaky_failures -= 1
            if failing:
                return self._send(500, "text/plain", "try again", headers={"Retry-After": "0"})
        if path.startswith("/old/"):
            return self._send(301, "text/plain", "", headers={"Location": path.replace("/old/", "/news/")})
        if path == "/big.html":
            return self._send_unsized(
                "text/html", b"<html><body><p>" + b"x" * BIG_BYTES + b"</p></body></html>"
            )
        if path not in self.site.files:
            return self._send(404, "text/plain", "not found")
        content_type, body = self.site.files[path]
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag or (
            not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            return self._send(304, None, "", headers={"ETag": etag})
        return self._send(200, content_type, body, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _send(self, status: int, content_type: str | None, body: str, headers: dict | None = None) -> int:
        data = body.encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the slow page)
        return status

    def _send_unsized(self, content_type: str, data: bytes) -> int:
        """No Content-Length: the client only learns the size by reading."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        try:
            for start in range(0, len(data), 8192):
                self.wfile.write(data[start : start + 8192])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its limit
        return 200
