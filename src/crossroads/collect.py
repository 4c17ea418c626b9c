"""Live collection: read sources (feeds, sitemaps, URL lists, pages), download the articles they
list that are not stored yet, and store them through the same path as files (read → extract →
store → fuse).

Collection is incremental and polite. An article already collected is never downloaded again;
every listing and page is requested with the validators of its last download, so an unchanged
server answers 304 and nothing is downloaded; robots.txt is kept in the store (up to a day).
One bad source or page never stops a run: each source's report lists its failures, and each
source's health (last success, last error, articles gained) is kept in the store.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .analysis.fusion import fuse
from .errors import BlockedError, FeedError, FetchError, IngestError
from .extract import extract_article
from .ingest.feeds import Entry, Listing, parse_listing, sniff
from .ingest.fetch import Fetched, Fetcher, RobotsFile, Validators
from .ingest.read import read_page
from .ingest.sources import Source
from .records import Article, Extraction
from .runner import NEARLY_ALL, IngestReport, _ingest_one
from .store import Store

__all__ = [
    "SourceReport",
    "CollectReport",
    "StoreRobotsCache",
    "collect",
    "due_sources",
    "source_status",
    "watch",
    "MAX_SITEMAPS",
]

log = logging.getLogger(__name__)

MAX_SITEMAPS = 3  # child sitemaps of a sitemap index read per run, newest first
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass
class SourceReport:
    """What one run did for one source."""

    name: str
    url: str
    listed: int = 0  # article URLs its listing named
    known: int = 0  # of those, already collected: not downloaded
    stored: int = 0
    duplicates: int = 0  # downloaded, but the article was already stored (same URL or text)
    unchanged: int = 0  # listings and pages that answered 304 Not Modified
    deferred: int = 0  # new URLs left for the next run (over --max-articles)
    blocked: list[str] = field(default_factory=list)  # disallowed by robots.txt
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, cause)
    error: str | None = None  # the source itself could not be read
    article_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures) + (self.error is not None)

    @property
    def total(self) -> int:
        return self.stored + self.duplicates + self.known + self.unchanged + self.failed

    def health_error(self) -> str | None:
        """The error recorded in the source's health: its own, or a summary of its pages'."""
        if self.error:
            return self.error
        if self.failures:
            url, cause = self.failures[0]
            return f"{len(self.failures)} page(s) failed; first: {url}: {cause}"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "listed": self.listed,
            "known": self.known,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "unchanged": self.unchanged,
            "deferred": self.deferred,
            "blocked": list(self.blocked),
            "failed": self.failed,
            "error": self.error,
            "failures": [{"url": u, "cause": c} for u, c in self.failures],
        }


@dataclass
class CollectReport:
    """A run over several sources; ``exit_code`` follows ``crossroads ingest``'s convention."""

    sources: list[SourceReport] = field(default_factory=list)
    requests: int = 0

    @property
    def stored(self) -> int:
        return sum(s.stored for s in self.sources)

    @property
    def failed(self) -> int:
        return sum(s.failed for s in self.sources)

    @property
    def exit_code(self) -> int:
        if not self.failed:
            return 0
        total = sum(s.total for s in self.sources)
        return 2 if self.failed >= NEARLY_ALL * total else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "failed": self.failed,
            "requests": self.requests,
            "exit_code": self.exit_code,
            "sources": [s.to_dict() for s in self.sources],
        }


class StoreRobotsCache:
    """Keeps each host's robots.txt in the store's fetch state, so a later run need not ask."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self, origin: str) -> RobotsFile | None:
        state = self.store.get_fetch_state(f"{origin}/robots.txt")
        if state is None or state["outcome"] != "robots":
            return None
        validators = Validators(state["etag"], state["last_modified"])
        return RobotsFile(state["body"] or "", validators, state["fetched_at"].timestamp())

    def save(self, origin: str, robots: RobotsFile) -> None:
        self.store.save_fetch_state(
            f"{origin}/robots.txt",
            outcome="robots",
            etag=robots.validators.etag,
            last_modified=robots.validators.last_modified,
            body=robots.body,
        )


Extract = Callable[[Article], Extraction]


def collect(
    store: Store,
    sources: Sequence[Source],
    *,
    fetcher: Fetcher,
    max_articles: int = 100,
    extract: Extract = extract_article,
    fusion: bool = True,
    progress: Callable[[SourceReport], None] | None = None,
) -> CollectReport:
    """Collect each source in turn, record its health, then fuse the new articles' events."""
    report = CollectReport()
    before = fetcher.requests
    for source in sources:
        result = _Collector(store, fetcher, source, max_articles, extract).run()
        store.record_source_run(
            source.name,
            url=source.url,
            gained=result.stored,
            ok=result.error is None,
            error=result.health_error(),
        )
        report.sources.append(result)
        if progress:
            progress(result)
    report.requests = fetcher.requests - before
    ids = [i for s in report.sources for i in s.article_ids]
    if fusion and ids:
        fuse(store, article_ids=ids)
    return report


class _Collector:
    """One source's run."""

    def __init__(self, store: Store, fetcher: Fetcher, source: Source, max_articles: int, extract: Extract):
        self.store, self.fetcher, self.source = store, fetcher, source
        self.max_articles, self.extract = max_articles, extract
        self.report = SourceReport(source.name, source.url)

    def run(self) -> SourceReport:
        try:
            if self.source.kind == "page":
                self._pages([Entry(self.source.url)])
            else:
                self._source_listing()
        except (FetchError, IngestError) as exc:
            self.report.error = exc.cause
            log.warning("source %s: %s", self.source.name, exc)
        return self.report

    # -- listings -------------------------------------------------------------------------

    def _source_listing(self) -> None:
        url, kind = self.source.url, self.source.kind
        if kind == "auto" and self.store.collected_urls([url]):
            self.report.known += 1
            return
        fetched = self._listing_response(url)
        if fetched is None:
            return
        if kind == "auto" and sniff(fetched.content, fetched.content_type) == "page":
            self._page(Entry(url), fetched)
            return
        listing = self._parse(fetched, kind)
        entries, done, complete = list(listing.entries), [fetched], True
        for child in _newest(listing.sitemaps)[:MAX_SITEMAPS]:
            found = self._child_sitemap(child.url, done)
            complete = complete and found is not None
            entries += found or []
        if self._pages(entries) and complete:
            for item in done:  # all listed pages were seen: next time, ask "modified since?"
                self._save_state(item, "listing")

    def _listing_response(self, url: str) -> Fetched | None:
        """The listing's new content, or None when it is unchanged since the last run."""
        state = self.store.get_fetch_state(url)
        fetched = self.fetcher.get(url, _validators(state))
        if not fetched.not_modified:
            return fetched
        if state and state["outcome"] == "failed":
            raise FeedError(url, f"{state['error']} (unchanged since {state['fetched_at']:%Y-%m-%d %H:%M})")
        self.report.unchanged += 1
        return None

    def _parse(self, fetched: Fetched, kind: str) -> Listing:
        try:
            return parse_listing(fetched.content, url=fetched.url, kind="urls" if kind == "urls" else "auto")
        except FeedError as exc:
            self._save_state(fetched, "failed", error=exc.cause)
            raise

    def _child_sitemap(self, url: str, done: list[Fetched]) -> list[Entry] | None:
        """The entries of a sitemap index's child sitemap; None (a failure recorded) when it
        cannot be read: the index is then read again next time."""
        try:
            fetched = self._listing_response(url)
            if fetched is None:
                return []
            listing = self._parse(fetched, "sitemap")
        except (FetchError, IngestError) as exc:
            self.report.failures.append((url, exc.cause))
            return None
        done.append(fetched)
        return list(listing.entries)

    # -- pages ----------------------------------------------------------------------------

    def _pages(self, entries: list[Entry]) -> bool:
        """Download and store the entries not collected yet; False when some were deferred."""
        self.report.listed += len(entries)
        known = self.store.collected_urls([e.url for e in entries])
        fresh = sorted(
            (e for e in entries if e.url not in known), key=lambda e: e.published or dt.date.min, reverse=True
        )
        self.report.known += len(entries) - len(fresh)
        self.report.deferred = max(len(fresh) - self.max_articles, 0)
        for entry in fresh[: self.max_articles]:
            self._page(entry)
        return not self.report.deferred

    def _page(self, entry: Entry, fetched: Fetched | None = None) -> None:
        try:
            if fetched is None:
                fetched = self.fetcher.get(entry.url, _validators(self.store.get_fetch_state(entry.url)))
        except BlockedError as exc:
            self.report.blocked.append(entry.url)
            self.store.save_fetch_state(
                entry.url, outcome="blocked", source=self.source.name, error=exc.cause
            )
            return
        except FetchError as exc:
            self._page_failed(entry.url, exc.cause, status=exc.status)
            return
        if fetched.not_modified:
            self.report.unchanged += 1
            return
        try:
            article = self._article(entry, fetched)
        except IngestError as exc:
            self._page_failed(entry.url, exc.cause, fetched=fetched)
            return
        self._store(entry, fetched, article)

    def _article(self, entry: Entry, fetched: Fetched) -> Article:
        media = (fetched.content_type or "text/html").split(";")[0].strip().lower()
        if media not in PAGE_TYPES:
            raise IngestError(entry.url, f"not an HTML page ({media})")
        return read_page(
            fetched.text(),
            url=fetched.final_url,
            source=self.source.name,
            title=entry.title,
            published=entry.published,
        )

    def _store(self, entry: Entry, fetched: Fetched, article: Article) -> None:
        result = IngestReport()
        _ingest_one(self.store, article, self.extract, result)
        if result.failures:
            self._page_failed(entry.url, result.failures[0][1], fetched=fetched)
            return
        self.report.stored += result.stored
        self.report.duplicates += result.duplicates
        self.report.article_ids += result.article_ids
        self._save_state(fetched, "stored" if result.stored else "duplicate")

    def _page_failed(
        self, url: str, cause: str, *, status: int | None = None, fetched: Fetched | None = None
    ) -> None:
        log.warning("%s: %s", url, cause)
        self.report.failures.append((url, cause))
        if fetched is not None:
            self._save_state(fetched, "failed", error=cause)
        else:
            self.store.save_fetch_state(
                url, outcome="failed", source=self.source.name, status=status, error=cause
            )

    def _save_state(self, fetched: Fetched, outcome: str, error: str | None = None) -> None:
        self.store.save_fetch_state(
            fetched.url,
            outcome=outcome,
            source=self.source.name,
            etag=fetched.validators.etag,
            last_modified=fetched.validators.last_modified,
            status=fetched.status,
            error=error,
        )


def _validators(state: dict[str, Any] | None) -> Validators | None:
    if not state or not (state["etag"] or state["last_modified"]):
        return None
    return Validators(state["etag"], state["last_modified"])


def _newest(entries: Sequence[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.published or dt.date.min, reverse=True)


# -- health and schedule ------------------------------------------------------------------


def source_status(store: Store, sources: Sequence[Source]) -> list[dict[str, Any]]:
    """Each configured source with its health, then health kept for sources no longer configured."""
    health = {h["name"]: h for h in store.list_source_health()}
    empty = {k: None for k in ("runs", "last_run", "last_success", "last_error", "last_error_at")}
    rows = []
    for source in sources:
        found = health.pop(source.name, None) or {**empty, "last_gained": 0, "articles_gained": 0}
        rows.append(
            {**source.to_dict(), "configured": True, **{k: v for k, v in found.items() if k != "url"}}
        )
    for name, found in sorted(health.items()):
        rows.append(
            {
                "name": name,
                "kind": None,
                "language": None,
                "interval": None,
                "enabled": False,
                **found,
                "configured": False,
            }
        )
    return rows


def due_sources(store: Store, sources: Sequence[Source], now: dt.datetime | None = None) -> list[Source]:
    """The enabled sources whose interval has passed since their last run."""
    now = now or dt.datetime.now()
    last = {h["name"]: h["last_run"] for h in store.list_source_health()}
    return [
        s
        for s in sources
        if s.enabled and (last.get(s.name) is None or last[s.name] + dt.timedelta(seconds=s.interval) <= now)
    ]


def watch(
    run_once: Callable[[], object],
    *,
    every: float,
    times: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_error: Callable[[Exception], None] | None = None,
) -> int:
    """Call ``run_once`` every ``every`` seconds (``times`` times, or for ever), going on through
    errors: each is logged and passed to ``on_error``. Returns the number of failed runs."""
    runs = failed = 0
    while times is None or runs < times:
        try:
            run_once()
        except Exception as exc:  # a scheduled run must survive anything one run throws
            failed += 1
            log.exception("collection run failed: %s", exc)
            if on_error:
                on_error(exc)
        runs += 1
        if times is None or runs < times:
            sleep(every)
    return failed
