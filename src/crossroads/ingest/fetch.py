"""Polite HTTP downloads: the only place Crossroads reaches the network.

A :class:`Fetcher` sends a clear User-Agent, waits between two requests to one host, reads
each host's robots.txt once (RFC 9309: kept up to a day, refetched conditionally) and obeys it,
follows a bounded number of redirects, retries transient failures (connection errors,
timeouts, 429 and 5xx) with exponential backoff, waiting as ``Retry-After`` asks (giving up
when it asks more than ``max_wait``), sends ``If-None-Match`` / ``If-Modified-Since`` when
given the validators of an earlier download, and stops reading a body at the size limit or
the time limit. Failures raise :class:`~crossroads.errors.FetchError` naming the URL and the
cause (:class:`~crossroads.errors.BlockedError` for robots.txt). The transport is injectable
(``httpx.MockTransport`` in tests).
"""

from __future__ import annotations

import email.utils
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..errors import BlockedError, FetchError

__all__ = [
    "USER_AGENT",
    "Policy",
    "Validators",
    "Fetched",
    "RobotsFile",
    "RobotsCache",
    "MemoryRobotsCache",
    "Fetcher",
]

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/crossroads-project/crossroads"
USER_AGENT = f"crossroads/{__version__} (+{PROJECT_URL})"
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9._-]+)|encoding=["']([A-Za-z0-9._-]+)""", re.I)


@dataclass(frozen=True, kw_only=True)
class Policy:
    """How politely and how patiently to download."""

    timeout: float = 20.0  # seconds to connect, and between two reads
    deadline: float = 120.0  # the most one response body may take in all
    retries: int = 3  # further attempts after a transient failure
    backoff: float = 1.0  # the first wait between attempts; doubled each time
    max_wait: float = 60.0  # the longest wait (backoff, Retry-After, Crawl-delay)
    min_interval: float = 1.0  # seconds between two requests to the same host
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    robots: bool = True
    robots_max_age: float = 86_400.0


@dataclass(frozen=True)
class Validators:
    """An earlier response's ETag and Last-Modified, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


@dataclass(frozen=True)
class Fetched:
    """A response: ``status`` 304 means not modified (``content`` is then empty)."""

    url: str
    final_url: str
    status: int
    content: bytes = b""
    content_type: str | None = None
    validators: Validators = field(default_factory=Validators)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded with its declared charset (header, meta or XML declaration)."""
        for charset in (_header_charset(self.content_type), _declared_charset(self.content), "utf-8"):
            if charset:
                try:
                    return self.content.decode(charset, errors="replace").lstrip("\ufeff")
                except LookupError:
                    continue
        return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class RobotsFile:
    """A host's robots.txt as last read; ``fetched_at`` is a Unix time."""

    body: str
    validators: Validators
    fetched_at: float


class RobotsCache(Protocol):
    def load(self, origin: str) -> RobotsFile | None: ...

    def save(self, origin: str, robots: RobotsFile) -> None: ...


class MemoryRobotsCache:
    """A robots cache that lives as long as the process."""

    def __init__(self) -> None:
        self.files: dict[str, RobotsFile] = {}

    def load(self, origin: str) -> RobotsFile | None:
        return self.files.get(origin)

    def save(self, origin: str, robots: RobotsFile) -> None:
        self.files[origin] = robots


@dataclass
class _Redirect:
    location: str


class _Transient(Exception):
    def __init__(self, cause: str, retry_after: float | None = None) -> None:
        super().__init__(cause)
        self.cause, self.retry_after = cause, retry_after


class Fetcher:
    """Downloads URLs politely; use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        robots_cache: RobotsCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.policy = policy or Policy()
        self.robots_cache = robots_cache or MemoryRobotsCache()
        self.requests = 0
        self._sleep, self._clock, self._now = sleep, clock, now
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}
        self._unreadable: dict[str, str] = {}
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, validators: Validators | None = None, *, max_bytes: int | None = None) -> Fetched:
        """Download ``url`` (conditionally when ``validators`` are given), following redirects."""
        return self._follow(url, validators, max_bytes or self.policy.max_bytes, check_robots=True)

    # -- requests -------------------------------------------------------------------------

    def _follow(
        self, url: str, validators: Validators | None, max_bytes: int, *, check_robots: bool
    ) -> Fetched:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            if check_robots:
                self._check_robots(current)
            result = self._with_retries(current, (validators or Validators()).headers(), max_bytes)
            if isinstance(result, _Redirect):
                current = result.location
                continue
            return Fetched(
                url, current, result.status, result.content, result.content_type, result.validators
            )
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects; last to {current}")

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched | _Redirect:
        attempts = self.policy.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._once(url, headers, max_bytes)
            except _Transient as exc:
                if attempt == attempts:
                    plural = "s" if attempts > 1 else ""
                    raise FetchError(url, f"{exc.cause} (gave up after {attempts} attempt{plural})") from exc
                self._sleep(self._wait(url, exc, attempt))
        raise FetchError(url, f"no attempt made (retries = {self.policy.retries})")

    def _wait(self, url: str, exc: _Transient, attempt: int) -> float:
        """Seconds to wait before the next attempt: what Retry-After asks, else the backoff."""
        if exc.retry_after is not None and exc.retry_after > self.policy.max_wait:
            raise FetchError(
                url, f"{exc.cause}; the server asks to wait {exc.retry_after:.0f}s: try a later run"
            ) from exc
        wait = exc.retry_after if exc.retry_after is not None else self.policy.backoff * 2 ** (attempt - 1)
        wait = min(max(wait, 0.0), self.policy.max_wait)
        log.info("%s: %s; retrying in %.1fs", url, exc.cause, wait)
        return wait

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched | _Redirect:
        self._wait_turn(url)
        self.requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                return self._read(url, response, max_bytes)
        except httpx.TimeoutException as exc:
            raise _Transient(f"timed out ({type(exc).__name__}, limit {self.policy.timeout:g}s)") from exc
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(url, "not an http or https URL") from exc
        except httpx.TransportError as exc:
            raise _Transient(f"connection failed ({type(exc).__name__}: {exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"the response could not be read ({type(exc).__name__}: {exc})") from exc
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError(url, f"invalid URL ({exc})") from exc

    def _read(self, url: str, response: httpx.Response, max_bytes: int) -> Fetched | _Redirect:
        status = response.status_code
        if status in REDIRECT_STATUS and response.headers.get("location"):
            return _Redirect(urljoin(url, response.headers["location"]))
        if status in TRANSIENT_STATUS:
            raise _Transient(f"HTTP {status} {response.reason_phrase}", _retry_after(response, self._now()))
        validators = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        if status == 304:
            return Fetched(url, url, status, validators=validators)
        if not 200 <= status < 300:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".rstrip(), status=status)
        content = self._body(url, response, max_bytes)
        return Fetched(url, url, status, content, response.headers.get("content-type"), validators)

    def _body(self, url: str, response: httpx.Response, max_bytes: int) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, f"too large: {declared} bytes announced, limit {max_bytes}")
        started, chunks, size = self._clock(), [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"too large: more than {max_bytes} bytes")
            if self._clock() - started > self.policy.deadline:
                raise FetchError(url, f"too slow: the body took more than {self.policy.deadline:g}s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        interval = self.policy.min_interval
        robots = self._robots.get(_origin(url))
        if robots is not None:
            delay = robots.crawl_delay(self.policy.user_agent)
            if delay:
                interval = max(interval, min(float(delay), self.policy.max_wait))
        last = self._last.get(host)
        if last is not None and (gap := last + interval - self._clock()) > 0:
            self._sleep(gap)
        self._last[host] = self._clock()

    # -- robots.txt -----------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        if not self.policy.robots:
            return
        origin = _origin(url)
        if origin in self._unreadable:
            raise BlockedError(url, self._unreadable[origin])
        parser = self._robots.get(origin)
        if parser is None:
            try:
                parser = self._robots[origin] = self._load_robots(origin)
            except FetchError as exc:
                self._unreadable[origin] = (
                    f"{origin}/robots.txt could not be read ({exc.cause}); not fetching"
                )
                raise BlockedError(url, self._unreadable[origin]) from exc
        if not parser.can_fetch(self.policy.user_agent, url):
            raise BlockedError(url, f"{origin}/robots.txt does not allow crossroads to fetch it")

    def _load_robots(self, origin: str) -> RobotFileParser:
        cached = self.robots_cache.load(origin)
        if cached is not None and self._now() - cached.fetched_at < self.policy.robots_max_age:
            return _robots_parser(cached.body)
        url = f"{origin}/robots.txt"
        try:
            fetched = self._follow(
                url, cached.validators if cached else None, ROBOTS_MAX_BYTES, check_robots=False
            )
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:  # no robots.txt: all allowed
                self.robots_cache.save(origin, RobotsFile("", Validators(), self._now()))
                return _robots_parser("")
            if cached is not None:
                return _robots_parser(cached.body)
            log.warning("%s: %s; fetching nothing from %s", url, exc.cause, origin)
            raise  # unreachable: RFC 9309 says to assume everything is disallowed
        body = cached.body if fetched.not_modified and cached else fetched.text()
        self.robots_cache.save(origin, RobotsFile(body, fetched.validators, self._now()))
        return _robots_parser(body)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _robots_parser(body: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(body.splitlines())
    parser.modified()  # marks it read: can_fetch refuses everything until then
    return parser


def _retry_after(response: httpx.Response, now: float) -> float | None:
    """Seconds from a ``Retry-After`` header (delay-seconds or an HTTP date)."""
    raw = response.headers.get("retry-after", "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return float(raw)
    try:
        return email.utils.parsedate_to_datetime(raw).timestamp() - now
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _header_charset(content_type: str | None) -> str | None:
    match = re.search(r"charset=[\"']?([A-Za-z0-9._-]+)", content_type or "", re.I)
    return match.group(1) if match else None


def _declared_charset(content: bytes) -> str | None:
    match = CHARSET.search(content[:2048])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")
