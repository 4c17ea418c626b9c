"""Listings: RSS 2.0 / RSS 1.0 / Atom feeds, sitemaps (index and news sitemaps) and URL lists.

A listing gives the article URLs to collect, each with the title and publication date the
listing states. Parsing uses the standard library's expat parser with entity declarations
refused, so a hostile document cannot expand entities or reach outside; anything that is not a
readable listing raises :class:`~crossroads.errors.FeedError` naming the URL and the cause.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

from ..errors import FeedError

__all__ = ["Entry", "Listing", "parse_listing", "parse_xml", "parse_url_list", "parse_feed_date", "sniff"]

MAX_ENTRIES = 50_000  # the most URLs a sitemap may hold
ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
GDELT_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})T?\d{6}Z?$")
XML_ROOTS = (b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf", b"<?xml")


@dataclass(frozen=True)
class Entry:
    """An article (or, in a sitemap index, a child sitemap) named by a listing."""

    url: str
    title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Listing:
    """What a listing holds: ``kind`` is rss, atom, sitemap, sitemapindex or urls."""

    kind: str
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[Entry, ...] = ()


class _Refused(Exception):
    pass


def _refuse(*args: object) -> None:
    raise _Refused


def _clark(name: str) -> str:
    """expat's ``uri local`` as ElementTree's ``{uri}local``."""
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local


def parse_xml(data: bytes, source: str) -> ET.Element:
    """Parse an XML document, refusing entity declarations and external entities."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _clark(name), {_clark(k): v for k, v in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_clark(name))
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    try:
        parser.Parse(data, True)
        return builder.close()
    except expat.ExpatError as exc:
        where = f" at line {exc.lineno}, column {exc.offset}"
        raise FeedError(source, f"malformed XML: {expat.ErrorString(exc.code)}{where}") from exc
    except _Refused as exc:
        raise FeedError(
            source, "the XML declares entities; refused (entity expansion is not allowed)"
        ) from exc
    except (ValueError, LookupError, UnicodeError, AssertionError) as exc:
        raise FeedError(source, f"unreadable XML ({type(exc).__name__}: {exc})") from exc


def sniff(data: bytes, content_type: str | None = None) -> str:
    """What a downloaded body is: ``xml`` (feed or sitemap), ``page`` (HTML) or ``urls`` (text)."""
    media = (content_type or "").split(";")[0].strip().lower()
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(XML_ROOTS) and b"<html" not in head:
        return "xml"
    if b"<html" in head or b"<!doctype html" in head or media in ("text/html", "application/xhtml+xml"):
        return "page"
    if head.startswith(b"<") or media.endswith("xml"):
        return "xml"
    return "urls"


def parse_listing(data: bytes, *, url: str, kind: str = "auto") -> Listing:
    """The entries of a feed, sitemap or URL list downloaded from ``url``."""
    if kind == "urls" or (kind == "auto" and sniff(data) == "urls"):
        return parse_url_list(data, url)
    root = parse_xml(data, url)
    name = _local(root.tag).lower()
    if name == "rss" or name == "rdf":
        return Listing("rss", _unique(_rss_entry(item, url) for item in _all(root, "item")))
    if name == "feed":
        return Listing("atom", _unique(_atom_entry(entry, url) for entry in _children(root, "entry")))
    if name == "urlset":
        return Listing("sitemap", _unique(_sitemap_entry(u, url) for u in _children(root, "url")))
    if name == "sitemapindex":
        return Listing(
            "sitemapindex", sitemaps=_unique(_sitemap_entry(s, url) for s in _children(root, "sitemap"))
        )
    if name == "html":
        raise FeedError(url, 'an HTML page, not a feed or sitemap; use kind = "page" for a single article')
    raise FeedError(url, f"not a feed or sitemap: the root element is <{_local(root.tag)}>")


def parse_url_list(data: bytes, source: str) -> Listing:
    """One URL per line; in tab- or comma-separated lines (GDELT) the first field that is a URL."""
    entries = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            fields = line.split("\t") if "\t" in line else next(csv.reader([line]))
        except csv.Error:
            continue
        fields = [f.strip() for f in fields]
        link = next((f for f in fields if _is_http(f)), None)
        if link:
            stamps = [m for f in fields if (m := GDELT_STAMP.match(f))]
            entries.append(Entry(link, published=_stamp_date(stamps[-1]) if stamps else None))
    if not entries:
        raise FeedError(source, "no http(s) URLs found in the list")
    return Listing("urls", _unique(entries))


def parse_feed_date(value: str | None) -> dt.date | None:
    """The date of an ISO 8601 / W3C timestamp or an RFC 822 date (RSS); None when unreadable."""
    if not value or not value.strip():
        return None
    if match := ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _stamp_date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _all(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element.iter() if _local(child.tag) == name]


def _text(element: ET.Element, *names: str) -> str | None:
    """The text of the first child (at any depth) with one of these local names, in that order."""
    for name in names:
        for child in _all(element, name):
            if child is not element and child.text and child.text.strip():
                return child.text.strip()
    return None


def _is_http(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def _link(base: str, href: str | None) -> str | None:
    if not href:
        return None
    try:
        url = urljoin(base, href.strip())
    except ValueError:
        return None
    return url if _is_http(url) else None


def _rss_entry(item: ET.Element, base: str) -> Entry | None:
    link = _text(item, "link")
    if not link:
        guid = next(iter(_children(item, "guid")), None)
        if guid is not None and guid.get("isPermaLink", "true").lower() != "false":
            link = (guid.text or "").strip()
    url = _link(base, link)
    if url is None:
        return None
    return Entry(url, _text(item, "title"), parse_feed_date(_text(item, "pubDate", "date", "published")))


def _atom_entry(entry: ET.Element, base: str) -> Entry | None:
    links = _children(entry, "link")
    chosen = next((e for e in links if e.get("rel", "alternate") == "alternate"), None)
    url = _link(base, chosen.get("href") if chosen is not None else None)
    if url is None:
        return None
    return Entry(url, _text(entry, "title"), parse_feed_date(_text(entry, "published", "updated")))


def _sitemap_entry(element: ET.Element, base: str) -> Entry | None:
    url = _link(base, _text(element, "loc"))
    if url is None:
        return None
    published = parse_feed_date(_text(element, "publication_date", "lastmod"))
    return Entry(url, _text(element, "title"), published)


def _unique(entries: Iterable[Entry | None]) -> tuple[Entry, ...]:
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry is not None and entry.url not in seen and len(seen) < MAX_ENTRIES:
            seen[entry.url] = entry
    return tuple(seen.values())
