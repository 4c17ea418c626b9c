"""The sources file: which feeds, sitemaps and URL lists to collect from, and how often.

The package ships ``data/sources.toml`` (the outlets that cover Central Asia); a user file read
after it replaces entries by name and adds new ones. The file's header comment describes the
fields. Reading the file never touches the network.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError

__all__ = ["KINDS", "Source", "load_sources", "parse_duration", "select_sources", "shipped_sources_text"]

KINDS = ("rss", "atom", "sitemap", "urls", "page", "auto")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, kw_only=True)
class Source:
    """One feed, sitemap, URL list or page to collect from."""

    name: str
    url: str
    kind: str = "auto"
    language: str | None = None
    interval: float = 3600.0
    enabled: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "kind": self.kind,
            "language": self.language,
            "interval": self.interval,
            "enabled": self.enabled,
        }


def parse_duration(value: str | float | int, what: str = "duration") -> float:
    """Seconds in ``30m``, ``1h``, ``1d``, ``90s`` or a bare number of seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = DURATION.match(str(value))
        if not match:
            raise ConfigError(f"{what} {value!r} is not a duration; write e.g. 30m, 1h or 1d")
        seconds = float(match.group(1)) * UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise ConfigError(f"{what} {value!r} must be longer than zero")
    return seconds


def shipped_sources_text() -> str:
    return resources.files("crossroads").joinpath("data", "sources.toml").read_text("utf-8")


def load_sources(path: str | Path | None = None) -> list[Source]:
    """The shipped sources, with those of the user file at ``path`` replacing or adding entries."""
    found = {s.name: s for s in _parse(shipped_sources_text(), "the shipped sources.toml")}
    if path is not None:
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read sources file {path}: {exc}") from exc
        for source in _parse(text, str(path)):
            found[source.name] = source
    return list(found.values())


def select_sources(sources: list[Source], names: tuple[str, ...] | list[str]) -> list[Source]:
    """The enabled sources, or the named ones (enabled or not) in the order given."""
    if not names:
        return [s for s in sources if s.enabled]
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(
            f"no source named {', '.join(map(repr, unknown))}; `crossroads sources` lists the names"
        )
    return [by_name[n] for n in names]


def _parse(text: str, origin: str) -> list[Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"sources file {origin} is not valid TOML: {exc}") from exc
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"sources file {origin}: write each source as a [[source]] table")
    sources, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        source = _source(entry, f"{origin}, source {number}")
        if source.name in seen:
            raise ConfigError(f"sources file {origin}: the name {source.name!r} is used twice")
        seen.add(source.name)
        sources.append(source)
    return sources


def _source(entry: Any, where: str) -> Source:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a table with name and url")
    unknown = set(entry) - {"name", "url", "kind", "language", "interval", "enabled"}
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    name, url = entry.get("name"), entry.get("url")
    if not isinstance(name, str) or not NAME.match(name):
        raise ConfigError(f"{where}: name {name!r} must be letters, digits, '-', '_' or '.'")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ConfigError(f"{where} ({name}): url {url!r} must be an http or https URL")
    kind = entry.get("kind", "auto")
    if kind not in KINDS:
        raise ConfigError(f"{where} ({name}): kind {kind!r} is not one of {', '.join(KINDS)}")
    language = entry.get("language")
    if language is not None and not isinstance(language, str):
        raise ConfigError(f"{where} ({name}): language must be a code such as 'en'")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where} ({name}): enabled must be true or false")
    interval = parse_duration(entry.get("interval", "1h"), f"{where} ({name}): interval")
    return Source(name=name, url=url, kind=kind, language=language, interval=interval, enabled=enabled)
