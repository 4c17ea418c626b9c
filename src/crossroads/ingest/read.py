"""Readers for .txt, .md, .html/.htm, .json and .jsonl inputs, directories and stdin.

Each reader yields an :class:`Article` or an :class:`IngestError` per article it finds, so that
one bad file never stops a batch. Nothing here raises for bad input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    FormatError,
    IngestError,
    OversizedInputError,
)
from ..records import Article

__all__ = [
    "SUFFIXES",
    "make_article",
    "read_bytes",
    "read_page",
    "read_path",
    "read_paths",
    "read_line",
    "read_record",
    "parse_date",
    "expand_paths",
]

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
STDIN = "-"
Item = Article | IngestError


def normalise_text(text: str) -> str:
    """The text as stored: NFC, Unix newlines, no NUL, no surrounding blank space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def content_hash(text: str) -> str:
    """Hash of the text with case and whitespace folded: the identity of an article without URL."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def article_id(url: str | None, digest: str) -> str:
    key = f"url:{url.strip()}" if url else f"text:{digest}"
    return "a" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:15]


def parse_date(value: Any, source: str) -> dt.date | None:
    """Parse a publication date (``YYYY-MM-DD`` or an ISO timestamp); None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise FormatError(source, f"published date {value!r} is not a string")
    raw = value.strip()
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise FormatError(source, f"published date {value!r} is not YYYY-MM-DD") from exc


def make_article(
    text: str,
    *,
    origin: str,
    url: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    external_id: str | None = None,
) -> Article:
    """Build an article from raw text and metadata, checking that there is text at all."""
    text = normalise_text(text.replace("\x00", ""))
    if not text:
        raise EmptyInputError(origin, "empty: no article text")
    digest = content_hash(text)
    url = url.strip() if isinstance(url, str) and url.strip() else None
    return Article(
        id=article_id(url, digest),
        text=text,
        content_hash=digest,
        url=url,
        source=_clean(source),
        title=_clean(title),
        published=published,
        origin=origin,
        external_id=_clean(external_id),
    )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def decode(data: bytes, origin: str, max_bytes: int) -> str:
    """Check size and binary-ness, then decode UTF-8 (BOM allowed), or raise an IngestError."""
    if len(data) > max_bytes:
        raise OversizedInputError(origin, f"too large: {len(data)} bytes, limit {max_bytes}")
    if not data.strip():
        raise EmptyInputError(origin, "empty file")
    sample = data[:8192]
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise BinaryInputError(origin, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            origin, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc


def read_bytes(
    data: bytes,
    *,
    origin: str,
    kind: str,
    max_bytes: int,
    published: dt.date | None = None,
    base: Path | None = None,
) -> Iterator[Item]:
    """Read one input of the given kind (a suffix such as ``.html``)."""
    try:
        text = decode(data, origin, max_bytes)
    except IngestError as err:
        yield err
        return
    if kind == "auto":
        kind = _sniff(text)
    if kind == ".jsonl":
        yield from _read_jsonl(text, origin, published, base, max_bytes)
        return
    try:
        yield _READERS[kind](text, origin, published, base, max_bytes)
    except IngestError as err:
        yield err


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return ".json"
    if head.startswith("<"):
        return ".html"
    return ".txt"


def _read_txt(text: str, origin: str, published, base, max_bytes) -> Article:
    return make_article(text, origin=origin, published=published)


def _read_md(text: str, origin: str, published, base, max_bytes) -> Article:
    match = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    title = match.group(1).strip() if match else None
    return make_article(text, origin=origin, title=title, published=published)


def _read_html(text: str, origin: str, published, base, max_bytes) -> Article:
    meta = _html_fields(text, origin)
    return make_article(
        meta["text"],
        origin=origin,
        url=meta.get("url"),
        source=meta.get("sitename") or meta.get("hostname"),
        title=meta.get("title"),
        published=published or meta["page_date"],
    )


def _html_fields(
    text: str, origin: str, *, url: str | None = None, guess_dates: bool = True
) -> dict[str, Any]:
    """trafilatura's text and metadata of an HTML page, with ``page_date`` parsed (or None).
    ``guess_dates=False`` takes only dates the page states (metadata, URL), not guesses from text."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it
    from trafilatura.settings import set_date_params

    if "<" not in text or not re.search(r"<\s*(html|body|p|div|article|head)\b", text, re.I):
        raise FormatError(origin, "not HTML: no <html>, <body> or paragraph elements")
    try:
        doc = trafilatura.bare_extraction(
            text,
            url=url,
            with_metadata=True,
            output_format="python",
            date_extraction_params=None if guess_dates else set_date_params(extensive=False),
        )
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise FormatError(origin, f"HTML could not be parsed ({type(exc).__name__})") from exc
    if doc is None:
        raise FormatError(origin, "corrupt or empty HTML: no article text found")
    meta = dict(doc if isinstance(doc, dict) else doc.as_dict())
    if not (meta.get("text") or "").strip():
        raise FormatError(origin, "corrupt or empty HTML: no article text found")
    meta["page_date"] = None
    if meta.get("date"):
        try:
            meta["page_date"] = parse_date(meta["date"], origin)
        except FormatError:
            meta["page_date"] = None
    return meta


def read_page(
    html: str,
    *,
    url: str,
    source: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
) -> Article:
    """An article from a downloaded HTML page, identified by ``url`` (where it was fetched).

    The page's own title, site name and stated date win; ``source``, ``title`` and ``published``
    (from the feed that listed the page) fill what the page lacks. Raises an IngestError."""
    meta = _html_fields(normalise_text(html.replace("\x00", "")), url, url=url, guess_dates=False)
    return make_article(
        meta["text"],
        origin=url,
        url=url,
        source=meta.get("sitename") or source or meta.get("hostname"),
        title=meta.get("title") or title,
        published=meta["page_date"] or published,
    )


def _from_object(obj: Any, origin: str, published, base: Path | None, max_bytes: int) -> Article:
    if not isinstance(obj, dict):
        raise FormatError(origin, f"expected a JSON object, found {type(obj).__name__}")
    text = obj.get("text")
    if text is None and obj.get("text_file"):
        text = _read_text_file(str(obj["text_file"]), origin, base, max_bytes)
    if not isinstance(text, str):
        raise FormatError(origin, "JSON article has no 'text' string and no readable 'text_file'")
    return make_article(
        text,
        origin=origin,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
        source=obj.get("source"),
        title=obj.get("title"),
        published=published or parse_date(obj.get("published"), origin),
        external_id=obj.get("id"),
    )


def _read_text_file(name: str, origin: str, base: Path | None, max_bytes: int) -> str:
    """``text_file`` is relative to the JSON file's folder's parent (gold format) or its folder."""
    if base is None:
        raise FormatError(origin, f"text_file {name!r} cannot be resolved for this input")
    for root in (base.parent, base):
        candidate = (root / name).resolve()
        if candidate.is_file():
            return decode(candidate.read_bytes(), str(candidate), max_bytes)
    raise FormatError(origin, f"text_file {name!r} not found next to {base}")


def _read_json(text: str, origin: str, published, base, max_bytes) -> Article:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(origin, f"invalid JSON ({exc.msg} at line {exc.lineno})") from exc
    return _from_object(obj, origin, published, base, max_bytes)


def _read_jsonl(text: str, origin: str, published, base, max_bytes) -> Iterator[Item]:
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        try:
            yield _from_line(line, f"{origin}:{number}", published, base, max_bytes)
        except IngestError as err:
            yield err
    if not found:
        yield EmptyInputError(origin, "empty JSONL: no lines")


def _from_line(line: str, where: str, published, base, max_bytes: int) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FormatError(where, f"invalid JSON ({exc.msg})") from exc
    return _from_object(obj, where, published, base, max_bytes)


def read_line(data: bytes, *, origin: str, max_bytes: int, published: dt.date | None = None) -> Article:
    """One article from one line of JSONL (``origin`` is ``file:line``); raises an IngestError."""
    return _from_line(decode(data, origin, max_bytes), origin, published, None, max_bytes)


def read_record(
    row: dict[str, Any], *, origin: str, max_bytes: int, published: dt.date | None = None
) -> Article:
    """One article from a table row or JSON object with the fields of the JSON article format
    (``text``, ``url``, ``title``, ``source``, ``published``, ``id``); raises an IngestError."""
    text = row.get("text")
    if isinstance(text, str) and len(text) > max_bytes // 4 and len(text.encode("utf-8")) > max_bytes:
        raise OversizedInputError(
            origin, f"too large: text of {len(text.encode('utf-8'))} bytes, limit {max_bytes}"
        )
    return _from_object(row, origin, published, None, max_bytes)


_READERS = {
    ".txt": _read_txt,
    ".md": _read_md,
    ".html": _read_html,
    ".htm": _read_html,
    ".json": _read_json,
}


def read_path(
    path: str | Path,
    *,
    max_bytes: int,
    published: dt.date | None = None,
    stdin: Any = None,
) -> Iterator[Item]:
    """Yield articles (or errors) from a file, a directory (recursively) or ``-`` (stdin)."""
    if str(path) == STDIN:
        if stdin is None:
            import sys

            stdin = sys.stdin.buffer
        data = stdin.read(max_bytes + 1)
        yield from read_bytes(data, origin="<stdin>", kind="auto", max_bytes=max_bytes, published=published)
        return
    path = Path(path)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                yield from _read_file(child, max_bytes, published)
        return
    if not path.exists():
        yield IngestError(str(path), "no such file or directory")
        return
    yield from _read_file(path, max_bytes, published)


def _read_file(path: Path, max_bytes: int, published: dt.date | None) -> Iterator[Item]:
    origin = str(path)
    kind = path.suffix.lower()
    if kind not in SUFFIXES:
        yield FormatError(
            origin, f"unsupported file type {kind or '(none)'}; use one of " + ", ".join(SUFFIXES)
        )
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield OversizedInputError(origin, f"too large: {size} bytes, limit {max_bytes}")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(
        data, origin=origin, kind=kind, max_bytes=max_bytes, published=published, base=path.parent
    )


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Inputs as a flat list: directories become the supported files inside them."""
    flat: list[str] = []
    for path in paths:
        p = Path(path)
        if str(path) != STDIN and p.is_dir():
            flat += [
                str(c)
                for c in sorted(p.rglob("*"))
                if c.is_file() and c.suffix.lower() in SUFFIXES and not c.name.startswith(".")
            ]
        else:
            flat.append(str(path))
    return flat


def read_paths(paths: Iterable[str | Path], **options: Any) -> Iterator[Item]:
    for path in paths:
        yield from read_path(path, **options)
