"""Crossroads' exceptions. Every error the library raises on purpose is one of these.

    CrossroadsError
    ├── ConfigError          a setting or an option has a value we cannot use
    ├── IngestError          one input (file, line, stdin) could not become an article
    │   ├── EmptyInputError
    │   ├── OversizedInputError
    │   ├── BinaryInputError
    │   ├── DecodeError
    │   └── FormatError      the file's structure is wrong (bad JSON, HTML without text, ...)
    │       └── FeedError    a feed, sitemap or URL list cannot be read (malformed XML, ...)
    ├── ExtractionError      a pipeline stage failed on one article
    │   └── ModelMissingError  the spaCy pipeline is not installed
    ├── StoreError           the database could not be opened, migrated or written
    ├── FetchError           a URL could not be downloaded (network, HTTP status, size, time)
    │   └── BlockedError     robots.txt does not allow us to fetch the URL
    └── GoldError            a gold file does not follow FORMAT.md

Messages name the value, the cause and, where there is one, the fix. Third-party exceptions
are re-raised as one of these with ``raise ... from exc``.
"""

from __future__ import annotations

__all__ = [
    "CrossroadsError",
    "ConfigError",
    "IngestError",
    "EmptyInputError",
    "OversizedInputError",
    "BinaryInputError",
    "DecodeError",
    "FormatError",
    "ExtractionError",
    "ModelMissingError",
    "StoreError",
    "GoldError",
    "FeedError",
    "FetchError",
    "BlockedError",
]


class CrossroadsError(Exception):
    """Base class of every error Crossroads raises on purpose."""


class ConfigError(CrossroadsError):
    """A setting or option has a value that cannot be used."""


class IngestError(CrossroadsError):
    """One input could not be turned into an article.

    ``source`` names the file (or ``<stdin>``, or ``file:line``); ``cause`` is a short phrase.
    """

    def __init__(self, source: str, cause: str) -> None:
        self.source = source
        self.cause = cause
        super().__init__(f"{source}: {cause}")


class EmptyInputError(IngestError):
    """The input holds no text."""


class OversizedInputError(IngestError):
    """The input is larger than the configured limit."""


class BinaryInputError(IngestError):
    """The input is binary data, not text."""


class DecodeError(IngestError):
    """The input's bytes are not valid in its encoding."""


class FormatError(IngestError):
    """The input's structure is wrong for its type."""


class ExtractionError(CrossroadsError):
    """A pipeline stage failed on one article."""

    def __init__(self, stage: str, article: str, cause: str) -> None:
        self.stage = stage
        self.article = article
        self.cause = cause
        super().__init__(f"stage {stage} failed on article {article}: {cause}")


class ModelMissingError(CrossroadsError):
    """The spaCy English pipeline is not installed."""


class StoreError(CrossroadsError):
    """The store could not be opened, migrated or written."""


class GoldError(CrossroadsError):
    """A gold file does not follow the gold format."""


class FeedError(FormatError):
    """A feed, sitemap or URL list cannot be read; ``source`` is its URL."""


class FetchError(CrossroadsError):
    """A URL could not be downloaded. ``url`` names it; ``cause`` is a short phrase; ``status``
    is the HTTP status when the server answered with an error."""

    def __init__(self, url: str, cause: str, *, status: int | None = None) -> None:
        self.url = url
        self.cause = cause
        self.status = status
        super().__init__(f"{url}: {cause}")


class BlockedError(FetchError):
    """The site's robots.txt does not allow Crossroads to fetch the URL."""
